// The back office's view of the store: articles in every status, the editorial workflow with
// optimistic concurrency, revisions, scheduling, authors linked to accounts, taxonomy, media and
// API tokens. Readers' pages never use it. Implementations are thread-safe; every method that
// changes articles runs in one transaction and tells content caches (content_version) when
// readers' content changed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace dateline::store {

using content::ArticleStatus;

// The admin article list: any status, newest first.
struct ArticleFilter {
  std::optional<ArticleStatus> status;
  std::optional<Id> author_id;
  std::optional<Id> category_id;
  std::optional<Id> tag_id;
  std::string text;  // words matched against headline, excerpt, body, tags and author (FTS5)
  int limit = 20;
  int offset = 0;
};

enum class RevisionKind { kSave, kAutosave, kRestore, kStatus };
std::string_view revision_kind_name(RevisionKind kind);

struct Revision {
  Id id = 0;
  Id article_id = 0;
  std::int64_t version = 0;  // the article's version this revision's text became
  RevisionKind kind = RevisionKind::kSave;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Id> user_id;
  std::string user_name;  // empty when the account is gone
  core::TimePoint created_at{};
  std::string title;
  std::string dateline;
  std::string excerpt;
  std::string body_markdown;
};

// One stored size of an uploaded image.
struct MediaVariant {
  std::string name;  // file name under /media/, e.g. "3fa9...-640.webp"
  int width = 0;
  int height = 0;
  std::string mime;
  std::int64_t bytes = 0;
};

struct MediaItem {
  Id id = 0;
  std::string hash;
  std::string original_name;
  std::string alt;
  std::string caption;
  int width = 0;
  int height = 0;
  std::string source_format;
  std::vector<MediaVariant> variants;
  std::int64_t bytes = 0;  // all variants together
  std::optional<Id> uploaded_by;
  core::TimePoint created_at{};
};

struct MediaUsage {
  std::vector<std::string> articles;  // headlines
  std::vector<std::string> authors;   // names
  bool empty() const { return articles.empty() && authors.empty(); }
};

struct MediaPage {
  std::vector<MediaItem> items;
  int total = 0;
};

inline constexpr std::chrono::seconds kApiTokenTouchInterval{60};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  core::TimePoint created_at{};
  std::optional<core::TimePoint> last_used_at;
  std::optional<core::TimePoint> revoked_at;
};

// Who makes a change, for revisions and ownership.
struct Editor {
  Id user_id = 0;
};

class Editorial {
 public:
  virtual ~Editorial() = default;

  virtual core::Result<ArticlePage> list_articles(const ArticleFilter& filter) = 0;
  virtual core::Result<Article> article(Id id) = 0;

  // Inserts a new article (status as given; a slug already taken gets "-2", "-3"...), records
  // revision 1. Returns it as stored.
  virtual core::Result<Article> create_article(const Article& article, Editor by) = 0;
  // Saves `article` over the stored one when the stored version still equals article.version;
  // otherwise kConflict and nothing changes. Records a revision of the new text (an autosave
  // replaces the editor's previous autosave instead of piling up). Returns the stored article
  // with its new version. A slug taken by another article is kConflict.
  virtual core::Result<Article> update_article(const Article& article, Editor by,
                                               RevisionKind kind) = 0;
  // Deletes the article and its revisions.
  virtual core::Status delete_article(Id id, std::int64_t expected_version) = 0;

  virtual core::Result<std::vector<Revision>> revisions(Id article_id) = 0;
  virtual core::Result<Revision> revision(Id revision_id) = 0;

  // Publishes every scheduled article whose time has come (published_at <= now). Returns their
  // ids (empty when none were due).
  virtual core::Result<std::vector<Id>> publish_due(core::TimePoint now) = 0;
  // The earliest time a scheduled article goes live, if any.
  virtual core::Result<std::optional<core::TimePoint>> next_scheduled() = 0;

  // Authors.
  virtual core::Result<Author> save_author(const Author& author) = 0;  // id 0 inserts
  virtual core::Result<std::optional<Author>> author_for_user(Id user_id) = 0;

  // Taxonomy: every tag (used or not) whose name starts with `prefix` (all when empty).
  virtual core::Result<std::vector<Tag>> find_tags(std::string_view prefix, int limit) = 0;
  virtual core::Result<Tag> ensure_tag(std::string_view name) = 0;
  virtual core::Result<Tag> tag(Id id) = 0;
  // How many articles (any status) carry the tag.
  virtual core::Result<int> count_tagged(Id tag_id) = 0;
  // Renames the tag to `tag.name` and `tag.slug` (a valid slug; kInvalidArgument otherwise).
  // kConflict when another tag has the slug (merge_tag joins two tags). A changed slug is kept
  // as a former slug, so the old address redirects. Returns the published articles carrying
  // the tag (their pages, feeds and search rows show its name).
  virtual core::Result<std::vector<Id>> rename_tag(const Tag& tag) = 0;
  // Moves every article of tag `from` to tag `into`, deletes `from` and keeps its slugs as
  // former slugs of `into`. Returns the published articles that carried `from`.
  virtual core::Result<std::vector<Id>> merge_tag(Id from, Id into) = 0;
  // Takes the tag off every article and deletes it. Returns the published articles that had it.
  virtual core::Result<std::vector<Id>> delete_tag(Id id) = 0;
  virtual core::Result<Category> save_category(const Category& category) = 0;  // id 0 inserts
  // Sets categories' positions to their order in `ids`.
  virtual core::Status order_categories(const std::vector<Id>& ids) = 0;

  // Media library, newest first; `text` matches the original name, alt text and caption.
  virtual core::Result<Id> add_media(const MediaItem& item) = 0;
  virtual core::Result<MediaItem> media(Id id) = 0;
  virtual core::Result<std::optional<MediaItem>> media_by_hash(std::string_view hash) = 0;
  virtual core::Result<MediaPage> list_media(std::string_view text, int limit, int offset) = 0;
  virtual core::Status update_media_text(Id id, std::string_view alt, std::string_view caption) = 0;
  // Where the item is in use: headlines of articles showing it as featured image or in their
  // body (by its /media/<hash>- address), and names of authors with it as photo. At most
  // `limit` of each.
  virtual core::Result<MediaUsage> media_usage(Id id, int limit) = 0;
  // Deletes the row (not the files: see media::MediaFiles::remove). kConflict, deleting nothing,
  // while anything uses it (checked in the same transaction); kNotFound for an unknown id.
  virtual core::Status delete_media(Id id) = 0;

  // API tokens: only a hash of the secret is stored.
  virtual core::Result<ApiToken> add_api_token(Id user_id, std::string_view name,
                                               std::string_view token_hash,
                                               core::TimePoint now) = 0;
  virtual core::Result<std::vector<ApiToken>> api_tokens(Id user_id) = 0;
  // The live (not revoked) token with this hash; marks it used at `now` when its last use is
  // unknown or kApiTokenTouchInterval old (a busy client does not cost a write per request).
  virtual core::Result<ApiToken> use_api_token(std::string_view token_hash,
                                               core::TimePoint now) = 0;
  virtual core::Status revoke_api_token(Id token_id, Id user_id, core::TimePoint now) = 0;
};

}  // namespace dateline::store
