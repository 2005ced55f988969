// Editorial (the back office's store) over the same SQLite file as SqliteStore, sharing its
// writer mutex and reader pool. Thread-safe.
#pragma once

#include "core/clock.h"
#include "store/editorial.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::store::sqlite {

class SqliteEditorial final : public Editorial {
 public:
  SqliteEditorial(SqliteStore& store, core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<ArticlePage> list_articles(const ArticleFilter& filter) override;
  core::Result<Article> article(Id id) override;
  core::Result<Article> create_article(const Article& article, Editor by) override;
  core::Result<Article> update_article(const Article& article, Editor by,
                                       RevisionKind kind) override;
  core::Status delete_article(Id id, std::int64_t expected_version) override;
  core::Result<std::vector<Revision>> revisions(Id article_id) override;
  core::Result<Revision> revision(Id revision_id) override;
  core::Result<std::vector<Id>> publish_due(core::TimePoint now) override;
  core::Result<std::optional<core::TimePoint>> next_scheduled() override;
  core::Result<Author> save_author(const Author& author) override;
  core::Result<std::optional<Author>> author_for_user(Id user_id) override;
  core::Result<std::vector<Tag>> find_tags(std::string_view prefix, int limit) override;
  core::Result<Tag> ensure_tag(std::string_view name) override;
  core::Result<Tag> tag(Id id) override;
  core::Result<int> count_tagged(Id tag_id) override;
  core::Result<std::vector<Id>> rename_tag(const Tag& tag) override;
  core::Result<std::vector<Id>> merge_tag(Id from, Id into) override;
  core::Result<std::vector<Id>> delete_tag(Id id) override;
  core::Result<Category> save_category(const Category& category) override;
  core::Status order_categories(const std::vector<Id>& ids) override;
  core::Result<Id> add_media(const MediaItem& item) override;
  core::Result<MediaItem> media(Id id) override;
  core::Result<std::optional<MediaItem>> media_by_hash(std::string_view hash) override;
  core::Result<MediaPage> list_media(std::string_view text, int limit, int offset) override;
  core::Status update_media_text(Id id, std::string_view alt, std::string_view caption) override;
  core::Result<MediaUsage> media_usage(Id id, int limit) override;
  core::Status delete_media(Id id) override;
  core::Result<ApiToken> add_api_token(Id user_id, std::string_view name,
                                       std::string_view token_hash, core::TimePoint now) override;
  core::Result<std::vector<ApiToken>> api_tokens(Id user_id) override;
  core::Result<ApiToken> use_api_token(std::string_view token_hash, core::TimePoint now) override;
  core::Status revoke_api_token(Id token_id, Id user_id, core::TimePoint now) override;

 private:
  SqliteStore& store_;
  core::Clock& clock_;
};

}  // namespace dateline::store::sqlite
