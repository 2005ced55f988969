// Row mapping shared by the SQLite stores (content and editorial): the article and author column
// lists, reading a row into a value, and keeping the full-text row in step. Internal to
// store/sqlite.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "content/model.h"
#include "core/result.h"
#include "store/sqlite/db.h"

namespace dateline::store::sqlite {

inline constexpr std::string_view kArticleSelect =
    "a.id, a.slug, a.title, a.dateline, a.excerpt, a.body_md, a.author_id, a.category_id, "
    "a.status, a.published_at, a.updated_at, a.created_at, a.version, a.image_url, "
    "a.image_media_id, a.image_alt, a.image_caption, a.seo_title, a.seo_description";
// Number of columns in kArticleSelect: the index of the first column after them.
inline constexpr int kArticleColumnCount = 19;
inline constexpr std::string_view kAuthorSelect = "id, slug, name, bio, photo_media_id, user_id";

core::TimePoint to_time(std::int64_t seconds);
std::int64_t from_time(core::TimePoint t);
std::optional<std::int64_t> from_time(const std::optional<core::TimePoint>& t);

content::Article read_article(const Statement& st);
content::Author read_author(const Statement& st);
// Binds image_url, image_media_id, image_alt, image_caption, seo_title, seo_description from
// parameter `first` on.
void bind_media_fields(Statement& st, const content::Article& a, int first);
// Runs a query returning kArticleSelect rows and loads each article's tags.
core::Result<std::vector<content::Article>> query_articles(Db& db, Statement& st);
core::Status load_tags(Db& db, std::vector<content::Article>& articles);
// Rewrites the article's full-text row from its current columns.
core::Status index_article(Db& db, content::Id id);
// Tells every cache (this process's and others') that readers' content changed.
core::Status bump_content_version(Db& db);

}  // namespace dateline::store::sqlite
