// publish_story: writes one published article in a transaction of its own, the way a test sets up
// a story it then looks for: slug, headline and body as given, by the author with `author_id`
// (or, when that is 0, by the author named `author`, created if missing), published and created
// at `at`. Returns the article's id.
#pragma once

#include <string>

#include "content/model.h"
#include "core/result.h"
#include "store/store.h"

namespace dateline::testing {

struct Story {
  std::string slug;
  std::string title;
  std::string body;
  content::Id author_id = 0;
  std::string author = "Staff Reporter";
  core::TimePoint at{};
};

inline core::Result<content::Id> publish_story(store::Store& store, const Story& story) {
  content::Id id = 0;
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    content::Article a;
    a.slug = story.slug;
    a.title = story.title;
    a.body_markdown = story.body;
    a.author_id = story.author_id;
    if (a.author_id == 0) {
      auto author = txn.ensure_author(story.author, "");
      if (!author) return author.error();
      a.author_id = author->id;
    }
    a.status = content::ArticleStatus::kPublished;
    a.published_at = story.at;
    a.created_at = story.at;
    auto written = txn.upsert_article(a);
    if (!written) return written.error();
    id = *written;
    return {};
  });
  if (!status) return status.error();
  return id;
}

}  // namespace dateline::testing
