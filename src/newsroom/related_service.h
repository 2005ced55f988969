// RelatedService: keeps a RelatedIndex in step with the store and writes each published article's
// related list (store::WriteTxn::set_related) so pages read it with Store::related_ids().
//
// After a change it re-ranks only the articles whose lists can change: the article itself, the
// articles most similar to it before and after the change, and every article whose list held it.
// Lists of other articles are not refreshed when a change only shifts IDF weights slightly; a
// periodic rebuild() puts everything back in order.
//
// A server starts with load(): the stored lists are taken as they are and only the index is built
// (linear in the archive), so start-up never re-ranks the whole archive (quadratic); update()
// then reads just the changed articles. Articles without a stored list (a command-line import
// leaves them so) get one from load(), written in batches as they are ranked.
//
// Thread-safe: every call serialises on an internal mutex (they are meant for the one background
// thread that receives publish events). If a store write fails the index may be ahead of the
// stored lists; the error is returned and the next rebuild() repairs them.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <stop_token>
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
  // load(): lists ranked per write, so pages show them (and a stop is honoured) as they come.
  std::size_t load_batch = 256;
  // load(): up to this many articles without a list are treated as new to the archive, so their
  // neighbours' lists are re-ranked too; more (a bulk import, a seeded demo) get their own lists
  // only, which bounds the work to one ranking per article.
  std::size_t load_rerank_missing = 100;
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

  // Indexes every published article and takes the stored lists as they are, without re-ranking
  // them. Handles `changed` (already stored) as update() does, then ranks the lists of published
  // articles that have none yet (an import, a seeded demo) and writes them in batches, calling
  // `on_written` with each batch's ids once stored. Returns every id whose stored list it changed.
  // Stops early with kUnavailable when `stop` is requested (lists written so far stay).
  using OnWritten = std::function<void(const std::vector<content::Id>&)>;
  core::Result<std::vector<content::Id>> load(store::Store& store,
                                              const std::vector<content::Id>& changed = {},
                                              std::stop_token stop = {},
                                              const OnWritten& on_written = {});

  // These articles were published, edited, unpublished or deleted: reads only their texts,
  // updates the index and re-ranks only the lists that can change, in one transaction. When the
  // change is so large that nearly every list may move, ranks every list instead. Returns the ids
  // whose stored lists changed.
  core::Result<std::vector<content::Id>> update(store::Store& store,
                                                const std::vector<content::Id>& changed);

  // The index, for callers that want scores (read-only; thread-safe on its own).
  const RelatedIndex& index() const { return index_; }

 private:
  using Lists = std::vector<std::pair<content::Id, std::vector<content::Id>>>;

  // The current lists for `ids` (sorted, each once); articles not indexed get an empty list.
  Lists rank(std::vector<content::Id> ids) const;
  void add_neighbours(content::Id id, std::vector<content::Id>& out) const;
  core::Status write(store::Store& store, const Lists& lists);
  // update() with the texts already read (`texts` are the published ones among `changed`,
  // already in the index when `indexed`).
  core::Result<std::vector<content::Id>> update_locked(store::Store& store,
                                                       const std::vector<content::Id>& changed,
                                                       const std::vector<store::ArticleText>& texts,
                                                       bool indexed);
  void remember(content::Id article, const std::vector<content::Id>& list);

  RelatedConfig config_;
  RelatedIndex index_;
  std::mutex mu_;  // serialises the calls; guards the maps below
  // The lists as last written, and for each article the articles whose lists hold it.
  std::unordered_map<content::Id, std::vector<content::Id>> lists_;
  std::unordered_map<content::Id, std::unordered_set<content::Id>> listed_in_;
};

}  // namespace dateline::newsroom
