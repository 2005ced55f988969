// expect_list_totals: the total a list reports (the site's, and each given category's, author's
// and tag's) equals the number of published articles listing it returns, and the site's and each
// author's counts agree with those lists. Failures name the list and `when`.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "content/model.h"
#include "store/store.h"

namespace dateline::testing {

struct ListIds {
  std::vector<content::Id> categories;
  std::vector<content::Id> authors;
  std::vector<content::Id> tags;
};

inline void expect_list_totals(store::Store& store, const ListIds& lists, std::string_view when) {
  // The number of articles the list holds, after checking the total it reports; -1 on error.
  const auto listed = [&](store::ArticleQuery q, const std::string& list) {
    q.limit = 5000;
    auto page = store.list_published(q);
    if (!page) {
      ADD_FAILURE() << list << " " << when << ": " << page.error().message;
      return -1;
    }
    EXPECT_EQ(page->total, static_cast<int>(page->items.size())) << list << " " << when;
    return static_cast<int>(page->items.size());
  };
  EXPECT_EQ(store.count_published().value_or(-1), listed({}, "site")) << "site " << when;
  for (const auto id : lists.categories) {
    store::ArticleQuery q;
    q.category_id = id;
    listed(q, fmt::format("category {}", id));
  }
  for (const auto id : lists.authors) {
    store::ArticleQuery q;
    q.author_id = id;
    const int n = listed(q, fmt::format("author {}", id));
    EXPECT_EQ(store.count_published_by_author(id).value_or(-1), n)
        << "author " << id << " " << when;
  }
  for (const auto id : lists.tags) {
    store::ArticleQuery q;
    q.tag_id = id;
    listed(q, fmt::format("tag {}", id));
  }
}

}  // namespace dateline::testing
