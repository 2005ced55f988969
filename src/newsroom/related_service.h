// RelatedService: keeps a RelatedIndex in step with the store and writes each published article's
// related list (store::WriteTxn::set_related) so pages read it with Store::related_ids().
//
// After a change it re-ranks only the articles whose lists can change: the article itself, the
// articles most similar to it before and after the change, and every article whose list held it.
// Lists of other articles are not refreshed when a change only shifts IDF weights slightly; a
// periodic rebuild() puts everything back in order.
//
// Thread-safe: every call serialises on an internal mutex (they are meant for the one background
// thread that receives publish events). If a store write fails the index may be ahead of the
// stored lists; the error is returned and the next rebuild() repairs them.
#pragma once

#include <cstddef>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/result.h"
#include "newsroom/related.h"
#include "store/store.h"

namespace dateline::newsroom {

struct RelatedConfig {
  // Related articles stored per article.
  std::size_t list_size = 5;
  // How many of a changed article's nearest neighbours get their lists re-ranked.
  std::size_t rerank_limit = 50;
};

class RelatedService {
 public:
  explicit RelatedService(RelatedConfig config = {});

  // Re-indexes every published article and writes every article's list in one transaction
  // (clearing lists this service wrote for articles that are no longer published).
  core::Status rebuild(store::Store& store);

  // Indexes a newly published or edited article, then writes its list and the lists it may
  // enter or leave, in one transaction. Returns kInvalidArgument for an id that is not positive.
  core::Status on_published(store::Store& store, const store::ArticleText& article);

  // Drops an unpublished or deleted article: clears its list and re-ranks the lists that held it
  // or were near it, in one transaction.
  core::Status on_removed(store::Store& store, content::Id id);

  // The index, for callers that want scores (read-only; thread-safe on its own).
  const RelatedIndex& index() const { return index_; }

 private:
  using Lists = std::vector<std::pair<content::Id, std::vector<content::Id>>>;

  // The current lists for `ids` (sorted, each once); articles not indexed get an empty list.
  Lists rank(std::vector<content::Id> ids) const;
  void add_neighbours(content::Id id, std::vector<content::Id>& out) const;
  core::Status write(store::Store& store, const Lists& lists);
  void remember(content::Id article, const std::vector<content::Id>& list);

  RelatedConfig config_;
  RelatedIndex index_;
  std::mutex mu_;  // serialises the calls; guards the maps below
  // The lists as last written, and for each article the articles whose lists hold it.
  std::unordered_map<content::Id, std::vector<content::Id>> lists_;
  std::unordered_map<content::Id, std::unordered_set<content::Id>> listed_in_;
};

}  // namespace dateline::newsroom
