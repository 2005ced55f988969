// TaxonomyCache: the authors, categories and tags one import transaction has already looked up or
// created, by name. An import of thousands of articles names the same few dozen of them again and
// again; each store lookup costs a slug (ICU transliteration) and a query. Valid only inside the
// Store::write callback it was made for. Not thread-safe (one import, one thread).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/model.h"
#include "core/result.h"
#include "store/store.h"

namespace dateline::ingest::internal {

// Where imported categories go in the site's order: after the editor's own sections.
inline constexpr int kImportedCategoryPosition = 100;

class TaxonomyCache {
 public:
  explicit TaxonomyCache(store::WriteTxn& txn) : txn_(txn) {}

  // As WriteTxn::ensure_author with an empty bio.
  core::Result<content::Author> author(std::string_view name) {
    return lookup(authors_, name, [&] { return txn_.ensure_author(name, ""); });
  }
  // As WriteTxn::ensure_category.
  core::Result<content::Category> category(std::string_view name, int position) {
    return lookup(categories_, name, [&] { return txn_.ensure_category(name, position); });
  }
  // As WriteTxn::ensure_tag.
  core::Result<content::Tag> tag(std::string_view name) {
    return lookup(tags_, name, [&] { return txn_.ensure_tag(name); });
  }
  // Files `article` under the named category (none when empty, created at
  // kImportedCategoryPosition) and tags (each once).
  core::Status file(content::Article& article, std::string_view category,
                    const std::vector<std::string>& tags) {
    if (!category.empty()) {
      auto found = this->category(category, kImportedCategoryPosition);
      if (!found) return found.error();
      article.category_id = found->id;
    }
    for (const auto& name : tags) {
      auto found = tag(name);
      if (!found) return found.error();
      if (std::none_of(article.tags.begin(), article.tags.end(),
                       [&](const content::Tag& t) { return t.id == found->id; })) {
        article.tags.push_back(*found);
      }
    }
    return {};
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class T>
  using Map = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

  template <class T, class Ensure>
  core::Result<T> lookup(Map<T>& map, std::string_view name, Ensure ensure) {
    if (const auto it = map.find(name); it != map.end()) return it->second;
    auto found = ensure();
    if (!found) return found.error();
    map.emplace(std::string(name), *found);
    return found;
  }

  store::WriteTxn& txn_;
  Map<content::Author> authors_;
  Map<content::Category> categories_;
  Map<content::Tag> tags_;
};

}  // namespace dateline::ingest::internal
