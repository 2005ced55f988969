// Numbered schema migrations, applied in order on start inside one transaction each.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace dateline::store::sqlite {

// The triggers that keep published_counts (migration 7) as articles and their tags change. An
// article's tags are counted through article_tags, whose rows follow the article's status as it
// is when they change; deleting a published article deletes its tag rows first, while it still
// says it was published (a cascade runs after the row is gone). A large write transaction (an
// import) drops them, whose cost per article was a fifth of an import's, and recounts and
// creates them again before it commits (other connections never see them missing).
std::string published_count_triggers();
inline constexpr std::string_view kDropPublishedCountTriggers = R"sql(
DROP TRIGGER published_counts_article_insert;
DROP TRIGGER published_counts_article_unlisted;
DROP TRIGGER published_counts_article_listed;
DROP TRIGGER published_counts_article_delete;
DROP TRIGGER published_counts_tag_insert;
DROP TRIGGER published_counts_tag_delete;
DROP TRIGGER published_counts_tag_update;
)sql";

// Counts every list's published articles again into published_counts (migration 7); the
// published ids come from an index, not the article rows (0.3 s at 100,000 articles).
inline constexpr std::string_view kRecountPublishedLists = R"sql(
DELETE FROM published_counts;
INSERT INTO published_counts(list, key, n)
  SELECT 'site', 0, COUNT(*) FROM articles WHERE status = 'published';
INSERT INTO published_counts(list, key, n)
  SELECT 'category', category_id, COUNT(*) FROM articles
  WHERE status = 'published' AND category_id IS NOT NULL GROUP BY category_id;
INSERT INTO published_counts(list, key, n)
  SELECT 'author', author_id, COUNT(*) FROM articles WHERE status = 'published' GROUP BY author_id;
INSERT INTO published_counts(list, key, n)
  SELECT 'tag', tag_id, COUNT(*) FROM article_tags
  WHERE article_id IN (SELECT id FROM articles WHERE status = 'published') GROUP BY tag_id;
)sql";

// Applies every migration newer than the database's version. Returns kInternal naming the
// migration that failed (the database then stays at the previous version).
core::Status apply_migrations(Db& db);
int current_version(Db& db);
int latest_version();

}  // namespace dateline::store::sqlite
