// Store backed by one SQLite file in WAL mode: one writer connection behind a mutex and a pool of
// read connections, so readers never wait on the writer. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/search_cache.h"
#include "store/sqlite/db.h"
#include "store/sqlite/search_rank.h"
#include "store/store.h"

namespace dateline::store::sqlite {

struct SqliteStoreOptions {
  // Search ranks the matches newest first in windows of this many: the newest window by BM25,
  // then the next, and so on (see search_published). Each result page costs BM25 over one or
  // two windows, however common the words.
  int search_window = 500;
  // Search counts the matches up to this many (or to the end of the page's windows, if further)
  // and reports the total as a lower bound beyond it (SearchPage::total_exact); 0 counts them all.
  int search_count_limit = 1000;
  // Result pages kept for repeated searches (0 disables), dropped whenever content changes.
  std::size_t search_cache_pages = 256;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates `path` and applies pending schema migrations. ":memory:" is not supported
  // (readers need the file); tests use a temporary file.
  static core::Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                         SqliteStoreOptions options = {});

  core::Status write(const std::function<core::Status(WriteTxn&)>& fn) override;
  core::Result<SiteSettings> settings() override;
  core::Result<std::int64_t> content_version() override;
  core::Result<Article> find_published_by_slug(std::string_view slug) override;
  core::Result<Article> find_article(Id id) override;
  core::Result<ArticlePage> list_published(const ArticleQuery& query) override;
  core::Result<std::vector<Article>> published_by_ids(const std::vector<Id>& ids) override;
  core::Result<std::vector<ArticleText>> published_texts() override;
  core::Status each_published_text(
      const std::function<core::Status(ArticleText&&)>& visit) override;
  core::Result<std::vector<ArticleText>> published_texts_for(const std::vector<Id>& ids) override;
  core::Result<int> count_published() override;
  core::Result<SearchPage> search_published(const SearchQuery& query) override;
  core::Result<Id> find_by_legacy_id(std::string_view source, std::int64_t legacy_id) override;
  core::Result<Author> find_author(Id id) override;
  core::Result<Author> find_author_by_slug(std::string_view slug) override;
  core::Result<std::vector<Author>> list_authors() override;
  core::Result<int> count_published_by_author(Id author_id) override;
  core::Result<std::vector<Category>> list_categories() override;
  core::Result<std::vector<Tag>> list_used_tags() override;
  core::Result<Category> find_category_by_slug(std::string_view slug) override;
  core::Result<Tag> find_tag_by_slug(std::string_view slug) override;
  core::Result<Tag> find_tag_by_former_slug(std::string_view slug) override;
  core::Result<std::vector<Id>> related_ids(Id article_id) override;
  core::Result<std::vector<std::pair<Id, std::vector<Id>>>> related_lists() override;
  core::Result<std::vector<StoredScore>> load_scores() override;

  // The schema version after migrations (for tests and `dateline --version`).
  int schema_version();

  // Runs `fn` on the writer connection in one transaction: committed when it returns success,
  // rolled back otherwise. For a module that keeps its own tables and SQL beside the migrations
  // (auth's accounts and sessions), so the Store interface stays about content.
  core::Status write_sql(const std::function<core::Status(Db&)>& fn);
  // Runs `fn` on a pooled read-only connection.
  core::Status read_sql(const std::function<core::Status(Db&)>& fn);

  // Below this many articles (rows in any status) open() takes no planner statistics.
  static constexpr std::int64_t kStatisticsFrom = 1000;

 private:
  static core::Status refresh_statistics_if_stale(Db& db);
  class Lease;
  SqliteStore(std::string path, Db writer, SqliteStoreOptions options)
      : path_(std::move(path)),
        writer_(std::move(writer)),
        options_(options),
        search_cache_(options.search_cache_pages) {}
  core::Result<Lease> reader();
  void give_back(std::unique_ptr<Db> db);

  std::string path_;
  std::mutex write_mu_;
  Db writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Db>> pool_;
  const SqliteStoreOptions options_;
  SearchCache search_cache_;
  PhraseCountCache phrase_counts_;
};

}  // namespace dateline::store::sqlite
