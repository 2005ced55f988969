// The storage interface every page, job and command goes through. Pages never see SQL; a
// PostgreSQL backend implements the same two classes. Implementations are thread-safe: reads may
// run concurrently on any thread; writes are serialized through write().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/model.h"
#include "core/result.h"

namespace dateline::store {

using content::Article;
using content::Author;
using content::Category;
using content::Id;
using content::SiteSettings;
using content::Tag;

// Filters for lists of published articles, newest first.
struct ArticleQuery {
  std::optional<Id> category_id;
  std::optional<Id> tag_id;
  std::optional<Id> author_id;
  std::optional<Id> exclude_id;
  int limit = 10;
  int offset = 0;
};

// A reader's search over published articles. `text` is what the reader typed: words (all must
// match, accents and case ignored), "quoted phrases" and prefix* terms; nothing in it is syntax
// that can fail.
struct SearchQuery {
  std::string text;
  std::optional<Id> category_id;
  std::optional<Id> tag_id;
  std::optional<Id> author_id;
  std::optional<core::TimePoint> from;  // published at or after
  std::optional<core::TimePoint> to;    // published before
  int limit = 10;
  int offset = 0;
};

struct SearchHit {
  Article article;
  std::string snippet_html;  // escaped text with <mark> around matches
};

struct SearchPage {
  std::vector<SearchHit> hits;
  // Matches over all pages when `total_exact`; otherwise counting stopped after `total` matches
  // (never before the end of this page) and there are more.
  int total = 0;
  bool total_exact = true;
};

// The phrases of the FTS5 query for what a reader typed, each a MATCH expression of its own (a
// quoted phrase, with a trailing * for a prefix); empty when nothing searchable is left.
std::vector<std::string> fts_terms(std::string_view text);
// Those phrases as one FTS5 query (every phrase required), or nullopt when there are none.
std::optional<std::string> to_fts_query(const std::vector<std::string>& terms);
std::optional<std::string> to_fts_query(std::string_view text);

struct ArticlePage {
  std::vector<Article> items;
  int total = 0;  // matching articles over all pages
};

// What the related-articles engine reads of each published article.
struct ArticleText {
  Id id = 0;
  std::string title;
  std::string body_markdown;
  std::optional<Id> category_id;
  std::vector<Id> tag_ids;
};

struct StoredScore {
  Id article_id = 0;
  double score = 0;
  core::TimePoint updated_at{};
};

// The writes of one transaction. Valid only inside Store::write's callback.
class WriteTxn {
 public:
  virtual ~WriteTxn() = default;
  virtual core::Status save_settings(const SiteSettings& settings) = 0;
  // Returns the author with this exact name, creating it (bio as given) when missing.
  virtual core::Result<Author> ensure_author(std::string_view name, std::string_view bio) = 0;
  virtual core::Result<Author> add_author(std::string_view name, std::string_view bio) = 0;
  virtual core::Result<Category> ensure_category(std::string_view name, int position) = 0;
  virtual core::Result<Tag> ensure_tag(std::string_view name) = 0;
  virtual std::optional<Id> find_article_id(std::string_view slug) = 0;
  // The article that `legacy_id` in `source` became, as this transaction sees it.
  virtual std::optional<Id> find_legacy_id(std::string_view source, std::int64_t legacy_id) = 0;
  // Inserts the article, or updates the one with the same slug (keeping its id and created_at,
  // bumping version). Returns its id.
  virtual core::Result<Id> upsert_article(const Article& article) = 0;
  virtual core::Status set_related(Id article_id, const std::vector<Id>& related_ids) = 0;
  virtual core::Status save_scores(const std::vector<StoredScore>& scores) = 0;
  // Remembers that `legacy_id` in `source` ("wordpress") is now `article_id`.
  virtual core::Status set_legacy_id(std::string_view source, std::int64_t legacy_id,
                                     Id article_id) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `fn` in one transaction: committed when it returns success, rolled back otherwise.
  virtual core::Status write(const std::function<core::Status(WriteTxn&)>& fn) = 0;

  virtual core::Result<SiteSettings> settings() = 0;
  // A number that changes whenever content or settings change, by this process or another one
  // (a command-line import while the server runs), so caches know when to reload.
  virtual core::Result<std::int64_t> content_version() = 0;

  // Returns kNotFound unless a *published* article has this slug.
  virtual core::Result<Article> find_published_by_slug(std::string_view slug) = 0;
  virtual core::Result<Article> find_article(Id id) = 0;
  virtual core::Result<ArticlePage> list_published(const ArticleQuery& query) = 0;
  virtual core::Result<std::vector<Article>> published_by_ids(const std::vector<Id>& ids) = 0;
  virtual core::Result<std::vector<ArticleText>> published_texts() = 0;
  // As published_texts(), one article at a time (in id order), so a whole archive need not be in
  // memory at once; stops at, and returns, the first error `visit` returns.
  virtual core::Status each_published_text(
      const std::function<core::Status(ArticleText&&)>& visit) = 0;
  // As published_texts(), for these ids only (in id order); ids of articles that are not
  // published are left out.
  virtual core::Result<std::vector<ArticleText>> published_texts_for(
      const std::vector<Id>& ids) = 0;
  virtual core::Result<int> count_published() = 0;
  // Published articles matching the query over headline, excerpt, body, tags and author, best
  // first (BM25).
  virtual core::Result<SearchPage> search_published(const SearchQuery& query) = 0;

  virtual core::Result<Author> find_author(Id id) = 0;
  virtual core::Result<Author> find_author_by_slug(std::string_view slug) = 0;
  virtual core::Result<std::vector<Author>> list_authors() = 0;
  virtual core::Result<int> count_published_by_author(Id author_id) = 0;

  virtual core::Result<std::vector<Category>> list_categories() = 0;
  // Tags that at least one published article carries.
  virtual core::Result<std::vector<Tag>> list_used_tags() = 0;
  virtual core::Result<Category> find_category_by_slug(std::string_view slug) = 0;
  virtual core::Result<Tag> find_tag_by_slug(std::string_view slug) = 0;
  // The tag that used to have `slug` before it was renamed or merged into another; kNotFound
  // when none did (or a tag has that slug now).
  virtual core::Result<Tag> find_tag_by_former_slug(std::string_view slug) = 0;

  // Related article ids in rank order (best first).
  virtual core::Result<std::vector<Id>> related_ids(Id article_id) = 0;
  // Every stored related list: (article, related ids in rank order), by article id.
  virtual core::Result<std::vector<std::pair<Id, std::vector<Id>>>> related_lists() = 0;
  virtual core::Result<std::vector<StoredScore>> load_scores() = 0;
  // Returns kNotFound unless an article carries this id from `source`.
  virtual core::Result<Id> find_by_legacy_id(std::string_view source, std::int64_t legacy_id) = 0;
};

}  // namespace dateline::store
