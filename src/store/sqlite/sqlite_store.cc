#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <map>

#include "content/slug.h"
#include "core/strings.h"
#include "store/sqlite/article_rows.h"
#include "store/sqlite/migrations.h"

namespace dateline::store::sqlite {

using core::Errc;
using core::make_error;
using core::Result;
using core::Status;

namespace {
constexpr std::string_view kArticleColumns = kArticleSelect;
}  // namespace

core::TimePoint to_time(std::int64_t seconds) {
  return core::TimePoint{std::chrono::seconds{seconds}};
}
std::int64_t from_time(core::TimePoint t) { return t.time_since_epoch().count(); }
std::optional<std::int64_t> from_time(const std::optional<core::TimePoint>& t) {
  if (!t) return std::nullopt;
  return from_time(*t);
}

Article read_article(const Statement& st) {
  Article a;
  a.id = st.int64(0);
  a.slug = st.text(1);
  a.title = st.text(2);
  a.dateline = st.text(3);
  a.excerpt = st.text(4);
  a.body_markdown = st.text(5);
  a.author_id = st.int64(6);
  a.category_id = st.opt_int64(7);
  a.status = content::parse_status(st.text(8)).value_or(content::ArticleStatus::kDraft);
  if (auto p = st.opt_int64(9)) a.published_at = to_time(*p);
  if (auto u = st.opt_int64(10)) a.updated_at = to_time(*u);
  a.created_at = to_time(st.int64(11));
  a.version = st.int64(12);
  a.image_url = st.text(13);
  a.image_media_id = st.opt_int64(14);
  a.image_alt = st.text(15);
  a.image_caption = st.text(16);
  a.seo_title = st.text(17);
  a.seo_description = st.text(18);
  return a;
}

void bind_media_fields(Statement& st, const Article& a, int first) {
  st.bind(first, a.image_url)
      .bind(first + 1, a.image_media_id)
      .bind(first + 2, a.image_alt)
      .bind(first + 3, a.image_caption)
      .bind(first + 4, a.seo_title)
      .bind(first + 5, a.seo_description);
}

Author read_author(const Statement& st) {
  Author a;
  a.id = st.int64(0);
  a.slug = st.text(1);
  a.name = st.text(2);
  a.bio = st.text(3);
  a.photo_media_id = st.opt_int64(4);
  a.user_id = st.opt_int64(5);
  return a;
}

Status load_tags(Db& db, std::vector<Article>& articles) {
  if (articles.empty()) return {};
  auto st = db.prepare(
      "SELECT t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
      "WHERE at.article_id = ?1 ORDER BY at.position");
  if (!st) return st.error();
  for (auto& a : articles) {
    st->reset();
    st->bind(1, a.id);
    while (true) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      a.tags.push_back(Tag{st->int64(0), st->text(1), st->text(2)});
    }
  }
  return {};
}

// Runs a query returning article rows, with their tags.
Result<std::vector<Article>> query_articles(Db& db, Statement& st) {
  std::vector<Article> out;
  while (true) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_article(st));
  }
  if (auto s = load_tags(db, out); !s) return s.error();
  return out;
}

// The filters of a list or search, as SQL over the article row `a`. Only the filters present are
// written, each as a fixed fragment with a fixed parameter number, so SQLite sees the plain
// equality for the index it should use (a `(?1 IS NULL OR ...)` form hides it) and every filter
// shape gets its own prepared plan. Values are always bound, never written into the text.
struct FilterShape {
  bool category = false;
  bool author = false;
  bool exclude = false;
  bool tag = false;
  bool from = false;
  bool to = false;

  // Parameters: ?2 category, ?3 author, ?4 excluded id, ?5 tag, ?6 from, ?7 to (?1 is the
  // search's match expression when there is one).
  std::string where() const {
    std::string w = "a.status = 'published'";
    if (category) w += " AND a.category_id = ?2";
    if (author) w += " AND a.author_id = ?3";
    if (exclude) w += " AND a.id <> ?4";
    if (tag) w += " AND a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = ?5)";
    if (from) w += " AND a.published_at >= ?6";
    if (to) w += " AND a.published_at < ?7";
    return w;
  }
};

struct Filters {
  std::optional<Id> category_id;
  std::optional<Id> author_id;
  std::optional<Id> exclude_id;
  std::optional<Id> tag_id;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;

  FilterShape shape() const {
    return FilterShape{category_id.has_value(), author_id.has_value(), exclude_id.has_value(),
                       tag_id.has_value(),      from.has_value(),      to.has_value()};
  }
  void bind(Statement& st) const {
    if (category_id) st.bind(2, *category_id);
    if (author_id) st.bind(3, *author_id);
    if (exclude_id) st.bind(4, *exclude_id);
    if (tag_id) st.bind(5, *tag_id);
    if (from) st.bind(6, *from);
    if (to) st.bind(7, *to);
  }
};

// Markdown punctuation that would only clutter a search snippet; link targets are dropped.
std::string strip_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ']' && i + 1 < text.size() && text[i + 1] == '(') {
      const auto close = text.find(')', i + 2);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '*' || c == '#' || c == '[' || c == ']' || c == '`' || c == '>' || c == '_') continue;
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

// Keeps the full-text row of an article in step with the article. Only published articles have
// one: the index serves readers, and an unfiltered search then never reads the articles table
// for the matches it ranks.
namespace {
constexpr std::string_view kUnindexSql = "DELETE FROM article_search WHERE rowid = ?1";
constexpr std::string_view kIndexSql =
    "INSERT INTO article_search(rowid, title, excerpt, body, tags, author) "
    "SELECT a.id, a.title, a.excerpt, a.body_md, "
    "COALESCE((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t "
    "ON t.id = at.tag_id WHERE at.article_id = a.id), ''), "
    "COALESCE((SELECT name FROM authors WHERE id = a.author_id), '') "
    "FROM articles a WHERE a.id = ?1 AND a.status = 'published'";
// The same for many articles at once: ?1 is a JSON array of ids.
constexpr std::string_view kUnindexManySql =
    "DELETE FROM article_search WHERE rowid IN (SELECT value FROM json_each(?1))";
constexpr std::string_view kIndexManySql =
    "INSERT INTO article_search(rowid, title, excerpt, body, tags, author) "
    "SELECT a.id, a.title, a.excerpt, a.body_md, "
    "COALESCE((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t "
    "ON t.id = at.tag_id WHERE at.article_id = a.id), ''), "
    "COALESCE((SELECT name FROM authors WHERE id = a.author_id), '') "
    "FROM articles a WHERE a.id IN (SELECT value FROM json_each(?1)) AND a.status = 'published'";
}  // namespace

Status index_article(Db& db, Id id) {
  auto del = db.prepare(kUnindexSql);
  if (!del) return del.error();
  del->bind(1, id);
  if (auto r = del->run(); !r) return r;
  auto ins = db.prepare(kIndexSql);
  if (!ins) return ins.error();
  ins->bind(1, id);
  return ins->run();
}

namespace {

// The menu as one setting: a "label<TAB>url" line per link (validation keeps tabs and line breaks
// out of both).
std::string encode_navigation(const std::vector<content::NavLink>& links) {
  std::string out;
  for (const auto& l : links) {
    if (!out.empty()) out += '\n';
    out += l.label;
    out += '\t';
    out += l.url;
  }
  return out;
}

std::vector<content::NavLink> decode_navigation(std::string_view text) {
  std::vector<content::NavLink> out;
  for (auto line : core::split(text, '\n')) {
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  }
  return out;
}

}  // namespace

Status bump_content_version(Db& db) {
  return db.exec(
      "INSERT INTO settings(key, value) VALUES('content_version', 1) ON CONFLICT(key) "
      "DO UPDATE SET value = CAST(value AS INTEGER) + 1");
}

namespace {

Result<std::int64_t> read_content_version(Db& db) {
  auto st = db.prepare("SELECT value FROM settings WHERE key = 'content_version'");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::int64_t{0};
  return st->int64(0);
}

// The number of published articles in a list ("site" with key 0, or a category, author or tag
// id) as the triggers of migration 7 keep it; a list never counted holds none.
Result<int> kept_count(Db& db, std::string_view list, Id key) {
  auto st = db.prepare("SELECT n FROM published_counts WHERE list = ?1 AND key = ?2");
  if (!st) return st.error();
  st->bind(1, list).bind(2, key);
  auto row = st->step();
  if (!row) return row.error();
  return *row ? st->int32(0) : 0;
}

// Keeps the statements of one read on a single snapshot.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db) : db_(db) { began_ = static_cast<bool>(db_.exec("BEGIN")); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot() {
    if (began_) (void)db_.exec("COMMIT");
  }

 private:
  Db& db_;
  bool began_ = false;
};

template <class T>
Result<T> not_found(std::string_view what, std::string_view key) {
  return make_error(Errc::kNotFound, fmt::format("no {} '{}'", what, key));
}

std::string unique_slug_base(std::string_view name, std::string_view fallback) {
  auto s = content::slugify(name);
  return s.empty() ? std::string(fallback) : s;
}

class SqliteWriteTxn final : public WriteTxn {
 public:
  explicit SqliteWriteTxn(Db& db) : db_(db) {}
  // True once the transaction touched anything readers see (everything but trending scores).
  bool content_changed() const { return content_changed_; }
  // Finalizes the statements this transaction prepared; called before it commits or rolls back.
  void release_statements() { statements_.clear(); }

  // Brings the full-text rows of the articles upsert_article wrote up to date; called every
  // kSearchFlushEvery articles and once the callback succeeded, before the commit. FTS5 writes its
  // pending terms out as a new index segment at the end of every statement that changes it, so
  // indexing article by article in a bulk import made one tiny segment per article (and the merging
  // that follows); a few large statements make a few large segments.
  Status flush_search_index() {
    std::sort(search_pending_.begin(), search_pending_.end());
    search_pending_.erase(std::unique(search_pending_.begin(), search_pending_.end()),
                          search_pending_.end());
    constexpr std::size_t kChunk = 20000;
    for (std::size_t from = 0; from < search_pending_.size(); from += kChunk) {
      const auto to = std::min(search_pending_.size(), from + kChunk);
      std::string ids = "[";
      for (std::size_t i = from; i < to; ++i) {
        if (i > from) ids += ',';
        ids += std::to_string(search_pending_[i]);
      }
      ids += ']';
      for (const auto sql : {kUnindexManySql, kIndexManySql}) {
        auto st = cached(sql);
        if (!st) return st.error();
        (*st)->bind(1, ids);
        if (auto r = (*st)->run(); !r) return r;
      }
    }
    search_pending_.clear();
    return {};
  }

  // What a transaction leaves for its end (the search rows of the articles it wrote, the list
  // totals if it paused counting); called once the callback succeeded, before the commit.
  Status finish() {
    if (auto s = flush_search_index(); !s) return s;
    if (!counting_paused_) return {};
    if (auto s = db_.exec(kRecountPublishedLists); !s) return s;
    counting_paused_ = false;
    return db_.exec(published_count_triggers());
  }

  Status save_settings(const SiteSettings& s) override {
    content_changed_ = true;
    auto st = db_.prepare(
        "INSERT INTO settings(key, value) VALUES(?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st) return st.error();
    const auto put = [&](std::string_view key, const std::string& value) -> Status {
      st->reset();
      st->bind(1, key).bind(2, value);
      return st->run();
    };
    const auto num = [](const std::optional<double>& v) {
      return v ? fmt::format("{}", *v) : std::string();
    };
    for (auto [key, value] : {std::pair<std::string_view, std::string>{"site_name", s.site_name},
                              {"short_name", s.short_name},
                              {"tagline", s.tagline},
                              {"timezone", s.timezone},
                              {"weather_city", s.weather_city},
                              {"latitude", num(s.latitude)},
                              {"longitude", num(s.longitude)},
                              {"weather_unit", s.weather_unit},
                              {"weather_url", s.weather_url},
                              {"url_pattern", s.url_pattern},
                              {"base_url", s.base_url},
                              {"feed_full_text", s.feed_full_text ? "1" : "0"},
                              {"language", s.language},
                              {"navigation", encode_navigation(s.navigation)}}) {
      if (auto r = put(key, value); !r) return r;
    }
    return {};
  }

  Result<Author> ensure_author(std::string_view name, std::string_view bio) override {
    auto st = cached(author_by_name_sql_);
    if (!st) return st.error();
    (*st)->bind(1, name);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) return read_author(**st);
    return add_author(name, bio);
  }

  Result<Author> add_author(std::string_view name, std::string_view bio) override {
    content_changed_ = true;
    const auto trimmed = std::string(name);
    if (trimmed.empty()) return make_error(Errc::kInvalidArgument, "author name is empty");
    auto slug = unique_slug("authors", unique_slug_base(name, "author"));
    if (!slug) return slug.error();
    auto st = cached("INSERT INTO authors(slug, name, bio) VALUES(?1, ?2, ?3)");
    if (!st) return st.error();
    (*st)->bind(1, *slug).bind(2, name).bind(3, bio);
    if (auto r = (*st)->run(); !r) return r.error();
    Author author;
    author.id = db_.last_insert_id();
    author.slug = *slug;
    author.name = std::string(name);
    author.bio = std::string(bio);
    return author;
  }

  Result<Category> ensure_category(std::string_view name, int position) override {
    content_changed_ = true;
    const auto slug = unique_slug_base(name, "category");
    auto st = cached("SELECT id, slug, name, position FROM categories WHERE slug = ?1");
    if (!st) return st.error();
    (*st)->bind(1, slug);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) return Category{(*st)->int64(0), (*st)->text(1), (*st)->text(2), (*st)->int32(3)};
    auto ins = cached("INSERT INTO categories(slug, name, position) VALUES(?1, ?2, ?3)");
    if (!ins) return ins.error();
    (*ins)->bind(1, slug).bind(2, name).bind(3, position);
    if (auto r = (*ins)->run(); !r) return r.error();
    return Category{db_.last_insert_id(), slug, std::string(name), position};
  }

  Result<Tag> ensure_tag(std::string_view name) override {
    content_changed_ = true;
    const auto slug = unique_slug_base(name, "tag");
    auto st = cached("SELECT id, slug, name FROM tags WHERE slug = ?1");
    if (!st) return st.error();
    (*st)->bind(1, slug);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) return Tag{(*st)->int64(0), (*st)->text(1), (*st)->text(2)};
    auto ins = cached("INSERT INTO tags(slug, name) VALUES(?1, ?2)");
    if (!ins) return ins.error();
    (*ins)->bind(1, slug).bind(2, name);
    if (auto r = (*ins)->run(); !r) return r.error();
    return Tag{db_.last_insert_id(), slug, std::string(name)};
  }

  std::optional<Id> find_article_id(std::string_view slug) override {
    auto st = cached("SELECT id FROM articles WHERE slug = ?1");
    if (!st) return std::nullopt;
    (*st)->bind(1, slug);
    auto row = (*st)->step();
    if (!row || !*row) return std::nullopt;
    return (*st)->int64(0);
  }

  std::optional<Id> find_legacy_id(std::string_view source, std::int64_t legacy_id) override {
    auto st = cached("SELECT article_id FROM legacy_ids WHERE source = ?1 AND legacy_id = ?2");
    if (!st) return std::nullopt;
    (*st)->bind(1, source).bind(2, legacy_id);
    auto row = (*st)->step();
    if (!row || !*row) return std::nullopt;
    return (*st)->int64(0);
  }

  Result<Id> upsert_article(const Article& a) override {
    content_changed_ = true;
    if (auto s = pause_counting_if_large(); !s) return s.error();
    if (!content::is_valid_slug(a.slug)) {
      return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", a.slug));
    }
    const auto existing = find_article_id(a.slug);
    Id id = 0;
    if (existing) {
      auto cached_st = cached(
          "UPDATE articles SET title=?2, dateline=?3, excerpt=?4, body_md=?5, author_id=?6, "
          "category_id=?7, status=?8, published_at=?9, updated_at=?10, image_url=?11, "
          "image_media_id=?12, image_alt=?13, image_caption=?14, seo_title=?15, "
          "seo_description=?16, version=version+1 WHERE id=?1");
      if (!cached_st) return cached_st.error();
      Statement* st = *cached_st;
      st->bind(1, *existing)
          .bind(2, a.title)
          .bind(3, a.dateline)
          .bind(4, a.excerpt)
          .bind(5, a.body_markdown)
          .bind(6, a.author_id)
          .bind(7, a.category_id)
          .bind(8, content::status_name(a.status))
          .bind(9, from_time(a.published_at))
          .bind(10, from_time(a.updated_at));
      bind_media_fields(*st, a, 11);
      if (auto r = st->run(); !r) return r.error();
      id = *existing;
    } else {
      auto cached_st = cached(
          "INSERT INTO articles(slug, title, dateline, excerpt, body_md, author_id, category_id, "
          "status, published_at, updated_at, created_at, image_url, image_media_id, image_alt, "
          "image_caption, seo_title, seo_description) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
      if (!cached_st) return cached_st.error();
      Statement* st = *cached_st;
      st->bind(1, a.slug)
          .bind(2, a.title)
          .bind(3, a.dateline)
          .bind(4, a.excerpt)
          .bind(5, a.body_markdown)
          .bind(6, a.author_id)
          .bind(7, a.category_id)
          .bind(8, content::status_name(a.status))
          .bind(9, from_time(a.published_at))
          .bind(10, from_time(a.updated_at))
          .bind(11, from_time(a.created_at));
      bind_media_fields(*st, a, 12);
      if (auto r = st->run(); !r) return r.error();
      id = db_.last_insert_id();
    }
    if (existing) {
      auto del = cached("DELETE FROM article_tags WHERE article_id = ?1");
      if (!del) return del.error();
      (*del)->bind(1, id);
      if (auto r = (*del)->run(); !r) return r.error();
    }
    auto ins = cached(
        "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) VALUES(?1, ?2, ?3)");
    if (!ins) return ins.error();
    int position = 0;
    for (const auto& tag : a.tags) {
      (*ins)->reset();
      (*ins)->bind(1, id).bind(2, tag.id).bind(3, position++);
      if (auto r = (*ins)->run(); !r) return r.error();
    }
    // Its full-text row comes later (flush_search_index), with a thousand others: a bulk import
    // indexes as it goes, while its reading thread prepares the next posts, rather than all at
    // the end with nothing else to do.
    search_pending_.push_back(id);
    if (search_pending_.size() >= kSearchFlushEvery) {
      if (auto s = flush_search_index(); !s) return s.error();
    }
    return id;
  }

  Status set_legacy_id(std::string_view source, std::int64_t legacy_id, Id article_id) override {
    content_changed_ = true;
    auto st = cached(
        "INSERT INTO legacy_ids(source, legacy_id, article_id) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(source, legacy_id) DO UPDATE SET article_id = excluded.article_id");
    if (!st) return st.error();
    (*st)->bind(1, source).bind(2, legacy_id).bind(3, article_id);
    return (*st)->run();
  }

  Status set_related(Id article_id, const std::vector<Id>& related_ids) override {
    content_changed_ = true;
    auto del = cached("DELETE FROM related WHERE article_id = ?1");
    if (!del) return del.error();
    (*del)->bind(1, article_id);
    if (auto r = (*del)->run(); !r) return r;
    auto ins = cached("INSERT INTO related(article_id, rank, related_id) VALUES(?1, ?2, ?3)");
    if (!ins) return ins.error();
    int rank = 0;
    for (Id rid : related_ids) {
      (*ins)->reset();
      (*ins)->bind(1, article_id).bind(2, rank++).bind(3, rid);
      if (auto r = (*ins)->run(); !r) return r;
    }
    return {};
  }

  Status save_scores(const std::vector<StoredScore>& scores) override {
    auto st = db_.prepare(
        "INSERT INTO trending_scores(article_id, score, updated_at) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(article_id) DO UPDATE SET score = excluded.score, "
        "updated_at = excluded.updated_at");
    if (!st) return st.error();
    for (const auto& s : scores) {
      st->reset();
      st->bind(1, s.article_id).bind(2, s.score).bind(3, from_time(s.updated_at));
      auto r = st->run();
      // A score for an article deleted meanwhile is dropped, not an error.
      if (!r && r.error().message.find("FOREIGN KEY") == std::string::npos) return r;
    }
    return {};
  }

 private:
  Result<std::string> unique_slug(std::string_view table, const std::string& base) {
    auto st = cached(fmt::format("SELECT 1 FROM {} WHERE slug = ?1", table));
    if (!st) return st.error();
    for (int n = 1; n < 1000; ++n) {
      const auto candidate = n == 1 ? base : fmt::format("{}-{}", base, n);
      (*st)->reset();
      (*st)->bind(1, candidate);
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) return candidate;
    }
    return make_error(Errc::kConflict, fmt::format("no free slug for '{}'", base));
  }

  // `sql` prepared once per transaction and reset for this use: an import runs the same few
  // statements for every article, and preparing them each time cost as much as running them.
  Result<Statement*> cached(std::string_view sql) {
    if (const auto it = statements_.find(sql); it != statements_.end()) {
      it->second.reset();
      return &it->second;
    }
    auto st = db_.prepare(sql);
    if (!st) return st.error();
    return &statements_.emplace(std::string(sql), std::move(*st)).first->second;
  }

  Db& db_;
  bool content_changed_ = false;
  const std::string author_by_name_sql_ =
      fmt::format("SELECT {} FROM authors WHERE name = ?1", kAuthorSelect);
  std::map<std::string, Statement, std::less<>> statements_;
  // A large write (an import) drops the list-total triggers, whose cost per article is a fifth
  // of an import's, once it has written more articles than a tenth of the site's (and at least
  // kPauseCountingFrom), and counts every list again at its end (finish()): that costs about as
  // much as the triggers for a tenth of the site. Other connections never see them missing.
  Status pause_counting_if_large() {
    if (counting_paused_) return {};
    ++upserts_;
    if (upserts_ == 1) {
      auto published = kept_count(db_, "site", 0);
      if (!published) return published.error();
      pause_after_ =
          std::max<std::size_t>(kPauseCountingFrom, static_cast<std::size_t>(*published) / 10);
    }
    if (upserts_ < pause_after_) return {};
    if (auto s = db_.exec(kDropPublishedCountTriggers); !s) return s;
    counting_paused_ = true;
    return {};
  }

  std::vector<Id> search_pending_;
  static constexpr std::size_t kSearchFlushEvery = 1000;
  std::size_t upserts_ = 0;
  std::size_t pause_after_ = 0;
  bool counting_paused_ = false;
  static constexpr std::size_t kPauseCountingFrom = 1000;
};

}  // namespace

class SqliteStore::Lease {
 public:
  Lease(SqliteStore& owner, std::unique_ptr<Db> db) : owner_(&owner), db_(std::move(db)) {}
  Lease(Lease&& other) noexcept : owner_(other.owner_), db_(std::move(other.db_)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (db_) owner_->give_back(std::move(db_));
  }
  Db& operator*() { return *db_; }
  Db* operator->() { return db_.get(); }

 private:
  SqliteStore* owner_;
  std::unique_ptr<Db> db_;
};

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       SqliteStoreOptions options) {
  auto writer = Db::open(path, false);
  if (!writer) return writer.error();
  if (auto m = apply_migrations(*writer); !m) return m.error();
  // Databases written before the full-text index held published articles only: drop the rows of
  // the others (a range of articles_by_status_date; nothing to do once clean).
  if (auto s = writer->exec("DELETE FROM article_search WHERE rowid IN "
                            "(SELECT id FROM articles WHERE status <> 'published')");
      !s) {
    return s.error();
  }
  if (auto s = refresh_statistics_if_stale(*writer); !s) return s.error();
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, std::move(*writer), options));
}

// The query planner's statistics (sqlite_stat1, written by ANALYZE) say how selective each index
// is: without them SQLite counts a tag's articles by walking every published article instead of
// the tag's own list (57 ms against 13 ms at 100,000 articles). They are taken again when the
// number of articles has moved by half since they were taken (an import, a year of publishing);
// small databases do without.
Status SqliteStore::refresh_statistics_if_stale(Db& db) {
  auto count = db.prepare("SELECT COUNT(*) FROM articles");
  if (!count) return count.error();
  auto row = count->step();
  if (!row) return row.error();
  const std::int64_t articles = count->int64(0);
  if (articles < kStatisticsFrom) return {};
  std::int64_t recorded = 0;
  auto has_table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
  if (!has_table) return has_table.error();
  row = has_table->step();
  if (!row) return row.error();
  if (*row) {
    // The first number of an index's entry is the number of rows in its table.
    auto stat = db.prepare(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' AND idx = 'articles_by_status_date'");
    if (!stat) return stat.error();
    row = stat->step();
    if (!row) return row.error();
    if (*row) {
      const auto text = stat->text(0);
      std::from_chars(text.data(), text.data() + text.size(), recorded);
    }
  }
  if (recorded > 0 && 2 * std::abs(articles - recorded) <= recorded) return {};
  return db.exec("ANALYZE");
}

Result<SqliteStore::Lease> SqliteStore::reader() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto db = std::move(pool_.back());
      pool_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  auto db = Db::open(path_, true);
  if (!db) return db.error();
  if (auto s = register_search_rank(db->handle()); !s) return s.error();
  return Lease(*this, std::make_unique<Db>(std::move(*db)));
}

void SqliteStore::give_back(std::unique_ptr<Db> db) {
  std::lock_guard lock(pool_mu_);
  if (pool_.size() < 16) pool_.push_back(std::move(db));
}

int SqliteStore::schema_version() {
  std::lock_guard lock(write_mu_);
  return current_version(writer_);
}

Status SqliteStore::write(const std::function<Status(WriteTxn&)>& fn) {
  std::lock_guard lock(write_mu_);
  if (auto s = writer_.exec("BEGIN IMMEDIATE"); !s) return s;
  SqliteWriteTxn txn(writer_);
  Status result;
  try {
    result = fn(txn);
  } catch (const std::exception& e) {
    result = make_error(Errc::kInternal, e.what());
  } catch (...) {
    // Anything else must not leave the writer inside an open transaction.
    result = make_error(Errc::kInternal, "write callback threw a non-standard exception");
  }
  if (result) result = txn.finish();
  txn.release_statements();
  if (!result) {
    (void)writer_.exec("ROLLBACK");
    return result;
  }
  if (txn.content_changed()) {
    if (auto s = bump_content_version(writer_); !s) {
      (void)writer_.exec("ROLLBACK");
      return s;
    }
  }
  if (auto s = writer_.exec("COMMIT"); !s) {
    (void)writer_.exec("ROLLBACK");
    return s;
  }
  return {};
}

Status SqliteStore::write_sql(const std::function<Status(Db&)>& fn) {
  std::lock_guard lock(write_mu_);
  if (auto s = writer_.exec("BEGIN IMMEDIATE"); !s) return s;
  Status result;
  try {
    result = fn(writer_);
  } catch (const std::exception& e) {
    result = make_error(Errc::kInternal, e.what());
  } catch (...) {
    result = make_error(Errc::kInternal, "write callback threw a non-standard exception");
  }
  if (!result) {
    (void)writer_.exec("ROLLBACK");
    return result;
  }
  if (auto s = writer_.exec("COMMIT"); !s) {
    (void)writer_.exec("ROLLBACK");
    return s;
  }
  return {};
}

Status SqliteStore::read_sql(const std::function<Status(Db&)>& fn) {
  auto db = reader();
  if (!db) return db.error();
  return fn(**db);
}

Result<std::int64_t> SqliteStore::content_version() {
  auto db = reader();
  if (!db) return db.error();
  return read_content_version(**db);
}

Result<SiteSettings> SqliteStore::settings() {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT key, value FROM settings");
  if (!st) return st.error();
  SiteSettings s;
  const auto num = [](const std::string& v) -> std::optional<double> {
    if (v.empty()) return std::nullopt;
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc()) return std::nullopt;
    return d;
  };
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    const auto key = st->text(0);
    auto value = st->text(1);
    if (key == "site_name") {
      s.site_name = value;
    } else if (key == "short_name") {
      s.short_name = value;
    } else if (key == "tagline") {
      s.tagline = value;
    } else if (key == "timezone") {
      s.timezone = value;
    } else if (key == "weather_city") {
      s.weather_city = value;
    } else if (key == "latitude") {
      s.latitude = num(value);
    } else if (key == "longitude") {
      s.longitude = num(value);
    } else if (key == "weather_unit") {
      s.weather_unit = value;
    } else if (key == "weather_url") {
      s.weather_url = value;
    } else if (key == "url_pattern") {
      s.url_pattern = value;
    } else if (key == "base_url") {
      s.base_url = value;
    } else if (key == "feed_full_text") {
      s.feed_full_text = value != "0";
    } else if (key == "language" && !value.empty()) {
      s.language = value;
    } else if (key == "navigation") {
      s.navigation = decode_navigation(value);
    }
  }
  return s;
}

Result<Article> SqliteStore::find_published_by_slug(std::string_view slug) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format(
      "SELECT {} FROM articles a WHERE a.slug = ?1 AND a.status = 'published'", kArticleColumns));
  if (!st) return st.error();
  st->bind(1, slug);
  auto rows = query_articles(**db, *st);
  if (!rows) return rows.error();
  if (rows->empty()) return not_found<Article>("published article", slug);
  return std::move(rows->front());
}

Result<Article> SqliteStore::find_article(Id id) {
  auto db = reader();
  if (!db) return db.error();
  auto st =
      (*db)->prepare(fmt::format("SELECT {} FROM articles a WHERE a.id = ?1", kArticleColumns));
  if (!st) return st.error();
  st->bind(1, id);
  auto rows = query_articles(**db, *st);
  if (!rows) return rows.error();
  if (rows->empty()) return not_found<Article>("article", std::to_string(id));
  return std::move(rows->front());
}

Result<ArticlePage> SqliteStore::list_published(const ArticleQuery& q) {
  auto db = reader();
  if (!db) return db.error();
  const Filters filters{q.category_id, q.author_id, q.exclude_id, q.tag_id, {}, {}};
  const auto where = filters.shape().where();
  auto st = (*db)->prepare(
      fmt::format("SELECT {} FROM articles a WHERE {} ORDER BY a.published_at DESC, a.id DESC "
                  "LIMIT ?8 OFFSET ?9",
                  kArticleColumns, where));
  if (!st) return st.error();
  filters.bind(*st);
  st->bind(8, q.limit).bind(9, q.offset);
  auto rows = query_articles(**db, *st);
  if (!rows) return rows.error();
  // The site, a category, an author or a tag as a whole: its total is kept (migration 7).
  const int lists = static_cast<int>(q.category_id.has_value()) +
                    static_cast<int>(q.author_id.has_value()) +
                    static_cast<int>(q.tag_id.has_value());
  if (!q.exclude_id && lists <= 1) {
    auto total = q.category_id ? kept_count(**db, "category", *q.category_id)
                 : q.author_id ? kept_count(**db, "author", *q.author_id)
                 : q.tag_id    ? kept_count(**db, "tag", *q.tag_id)
                               : kept_count(**db, "site", 0);
    if (!total) return total.error();
    return ArticlePage{std::move(*rows), *total};
  }
  auto count = (*db)->prepare(fmt::format("SELECT COUNT(*) FROM articles a WHERE {}", where));
  if (!count) return count.error();
  filters.bind(*count);
  auto row = count->step();
  if (!row) return row.error();
  return ArticlePage{std::move(*rows), count->int32(0)};
}

Result<std::vector<Article>> SqliteStore::published_by_ids(const std::vector<Id>& ids) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format(
      "SELECT {} FROM articles a WHERE a.id = ?1 AND a.status = 'published'", kArticleColumns));
  if (!st) return st.error();
  std::vector<Article> out;
  for (Id id : ids) {
    st->reset();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out.push_back(read_article(*st));
  }
  if (auto s = load_tags(**db, out); !s) return s.error();
  return out;
}

namespace {

constexpr std::string_view kTextColumns =
    "a.id, a.title, a.body_md, a.category_id, "
    "(SELECT group_concat(tag_id) FROM article_tags t WHERE t.article_id = a.id)";

ArticleText read_text(const Statement& st) {
  ArticleText t{st.int64(0), st.text(1), st.text(2), st.opt_int64(3), {}};
  const auto tags = st.text(4);
  std::size_t start = 0;
  while (start < tags.size()) {
    auto end = tags.find(',', start);
    if (end == std::string::npos) end = tags.size();
    Id v = 0;
    std::from_chars(tags.data() + start, tags.data() + end, v);
    t.tag_ids.push_back(v);
    start = end + 1;
  }
  return t;
}

}  // namespace

Result<std::vector<ArticleText>> SqliteStore::published_texts() {
  std::vector<ArticleText> out;
  auto status = each_published_text([&](ArticleText&& text) -> Status {
    out.push_back(std::move(text));
    return {};
  });
  if (!status) return status.error();
  return out;
}

Status SqliteStore::each_published_text(const std::function<Status(ArticleText&&)>& visit) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format(
      "SELECT {} FROM articles a WHERE a.status = 'published' ORDER BY a.id", kTextColumns));
  if (!st) return st.error();
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return {};
    if (auto s = visit(read_text(*st)); !s) return s;
  }
}

Result<std::vector<ArticleText>> SqliteStore::published_texts_for(const std::vector<Id>& ids) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format(
      "SELECT {} FROM articles a WHERE a.id = ?1 AND a.status = 'published'", kTextColumns));
  if (!st) return st.error();
  std::vector<Id> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<ArticleText> out;
  for (const Id id : sorted) {
    st->reset();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out.push_back(read_text(*st));
  }
  return out;
}

Result<int> SqliteStore::count_published() {
  auto db = reader();
  if (!db) return db.error();
  return kept_count(**db, "site", 0);
}

namespace {

// bm25() with its phrase counts bound as ?20 (see search_rank.h).
constexpr std::string_view kBm25 = "dateline_bm25(article_search, ?20, 10.0, 4.0, 1.0, 3.0, 2.0)";

// What a search result page depends on, as one string.
std::string search_cache_key(std::string_view match, const Filters& f, const SearchQuery& q) {
  const auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string("-");
  };
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", match, opt(f.category_id),
                     opt(f.author_id), opt(f.tag_id), opt(f.from), opt(f.to), q.limit, q.offset);
}

struct Ranked {
  Id id = 0;
  double score = 0;
  std::int64_t published_at = 0;
};

bool ranks_before(const Ranked& x, const Ranked& y) {
  if (x.score != y.score) return x.score < y.score;
  if (x.published_at != y.published_at) return x.published_at > y.published_at;
  return x.id > y.id;
}

}  // namespace

// Ranking every match by BM25 costs a document-size lookup and a score per match: tens of
// milliseconds for a common word in 100,000 articles. News readers want recent stories, so the
// matches are taken newest first (the full-text rowid is the article id, which grows as articles
// are written) in windows of `search_window`, and the order is: the newest window ranked by BM25
// (ties: newer first), then the next window ranked the same way, and so on. Every match appears
// exactly once over the pages, and when all matches fit in one window the order is plain BM25
// over all of them. One pass over the doclist counts the matches, up to `search_count_limit` or
// the end of the page's windows, whichever is further, and scores the rows of the windows the
// page needs (and no others); only the page's hits get snippets.
Result<SearchPage> SqliteStore::search_published(const SearchQuery& q) {
  const auto terms = fts_terms(q.text);
  const auto match = to_fts_query(terms);
  if (!match) return SearchPage{};
  const Filters filters{q.category_id, q.author_id,       std::nullopt,
                        q.tag_id,      from_time(q.from), from_time(q.to)};
  const bool filtered = q.category_id || q.author_id || q.tag_id || q.from || q.to;
  const auto where = filters.shape().where();
  auto db = reader();
  if (!db) return db.error();
  const ReadSnapshot snapshot(**db);
  // The version is read first, so a cached page is never older than its tag.
  const auto version = read_content_version(**db);
  if (!version) return version.error();
  const auto key = search_cache_key(*match, filters, q);
  if (auto cached = search_cache_.get(key, *version)) return std::move(*cached);

  // Each phrase's count of matching articles (BM25's IDF) comes from the cache when it is known,
  // and is counted by the first ranked row otherwise.
  const auto phrases = fts_phrases(terms);
  const auto now = PhraseCountCache::Clock::now();
  const auto known_counts = phrase_counts_.lookup(phrases, *version, now);
  PhraseStats counts = known_counts;

  SearchPage page;
  const std::int64_t window = std::max(1, options_.search_window);
  const std::int64_t first = std::max(0, q.offset);
  const std::int64_t last = first + std::max(0, q.limit);  // exclusive
  const std::int64_t first_window = first / window;
  const std::int64_t last_window = last > first ? (last - 1) / window : first_window - 1;
  // Matches past this many are not counted (the page's windows are always read whole).
  const std::int64_t count_to =
      options_.search_count_limit > 0
          ? std::max<std::int64_t>(options_.search_count_limit, (last_window + 1) * window)
          : std::numeric_limits<std::int64_t>::max();
  // The page's windows, each as the rows it holds in match order (newest first) with their
  // scores: the pass that counts the matches also scores the rows of these windows, and only
  // those (the ranking function is told which of its calls to score).
  std::vector<std::vector<Ranked>> windows;
  {
    // The full-text match drives (CROSS JOIN keeps SQLite from probing the FTS table once per
    // published article) and FTS5 itself yields rowids newest first. The filters read the
    // articles through an index that holds every filtered column, never the article rows.
    auto scan = (*db)->prepare(
        filtered ? fmt::format("SELECT a.id, {}, a.published_at FROM article_search CROSS JOIN "
                               "articles a INDEXED BY articles_search_filters ON a.id = "
                               "article_search.rowid WHERE article_search MATCH ?1 AND {} "
                               "ORDER BY article_search.rowid DESC",
                               kBm25, where)
                 : fmt::format("SELECT rowid, {} FROM article_search WHERE article_search MATCH "
                               "?1 ORDER BY rowid DESC",
                               kBm25));
    if (!scan) return scan.error();
    scan->bind(1, *match);
    if (filtered) filters.bind(*scan);
    counts.score_from = first_window * window;
    counts.score_to = (last_window + 1) * window;
    scan->bind_pointer(20, &counts, kPhraseStatsType);
    std::int64_t position = 0;
    while (true) {
      auto row = scan->step();
      if (!row) return row.error();
      if (!*row) break;
      if (position == count_to) {
        page.total_exact = false;
        break;
      }
      if (position >= counts.score_from && position < counts.score_to) {
        if (position % window == 0) windows.emplace_back();
        windows.back().push_back(
            Ranked{scan->int64(0), scan->real(1), filtered ? scan->int64(2) : 0});
      }
      ++position;
    }
    page.total =
        static_cast<int>(std::min<std::int64_t>(position, std::numeric_limits<int>::max()));
  }

  std::vector<Id> ids;
  if (!windows.empty()) {
    auto date = (*db)->prepare(
        "SELECT published_at FROM articles INDEXED BY articles_search_filters WHERE id = ?1");
    if (!date) return date.error();
    for (std::size_t i = 0; i < windows.size(); ++i) {
      auto& rows = windows[i];
      // The part of this window the page shows, as positions inside the window.
      const std::int64_t base = (first_window + static_cast<std::int64_t>(i)) * window;
      const auto from = static_cast<std::size_t>(std::clamp<std::int64_t>(first - base, 0, window));
      const auto to = static_cast<std::size_t>(
          std::clamp<std::int64_t>(last - base, 0, static_cast<std::int64_t>(rows.size())));
      if (from >= to) continue;
      if (filtered) {
        std::sort(rows.begin(), rows.end(), ranks_before);
      } else {
        // Dates only matter between equal scores: read them for the tie groups that reach into
        // the page, leaving the rest of the window ordered by score alone.
        std::sort(rows.begin(), rows.end(),
                  [](const Ranked& x, const Ranked& y) { return x.score < y.score; });
        std::size_t lo = from;
        std::size_t hi = to;
        while (lo > 0 && rows[lo - 1].score == rows[from].score) --lo;
        while (hi < rows.size() && rows[hi].score == rows[to - 1].score) ++hi;
        for (std::size_t r = lo; r < hi; ++r) {
          date->reset();
          date->bind(1, rows[r].id);
          auto row = date->step();
          if (!row) return row.error();
          if (*row) rows[r].published_at = date->int64(0);
        }
        std::sort(rows.begin() + static_cast<std::ptrdiff_t>(lo),
                  rows.begin() + static_cast<std::ptrdiff_t>(hi), ranks_before);
      }
      for (std::size_t r = from; r < to; ++r) ids.push_back(rows[r].id);
    }
  }
  phrase_counts_.remember(phrases, known_counts, counts, *version, now);
  if (ids.empty()) {
    search_cache_.put(key, *version, page);
    return page;
  }

  // The page's snippets in one evaluation of the match: each evaluation of a prefix query merges
  // the doclists of every word with that prefix, so one per hit would cost that many merges. The
  // unary + keeps the id list a plain filter (as a rowid constraint FTS5 would be asked once per
  // id); the range bounds the walk to the page's windows. Matches are marked with control
  // characters, then escaped and turned into <mark>.
  std::string id_list = "[";
  for (const Id id : ids) id_list += fmt::format("{}{}", id_list.size() > 1 ? "," : "", id);
  id_list += "]";
  const auto [oldest, newest] = std::minmax_element(ids.begin(), ids.end());
  auto snippet = (*db)->prepare(
      "SELECT rowid, snippet(article_search, -1, char(2), char(3), '…', 24) FROM article_search "
      "WHERE article_search MATCH ?1 AND rowid BETWEEN ?10 AND ?11 "
      "AND +rowid IN (SELECT value FROM json_each(?12))");
  if (!snippet) return snippet.error();
  snippet->bind(1, *match).bind(10, *oldest).bind(11, *newest).bind(12, id_list);
  std::map<Id, std::string> snippets;
  while (true) {
    auto row = snippet->step();
    if (!row) return row.error();
    if (!*row) break;
    snippets.emplace(snippet->int64(0), snippet->text(1));
  }

  auto article =
      (*db)->prepare(fmt::format("SELECT {} FROM articles a WHERE a.id = ?1", kArticleColumns));
  if (!article) return article.error();
  std::vector<Article> articles;
  for (const Id id : ids) {
    article->reset();
    article->bind(1, id);
    auto row = article->step();
    if (!row) return row.error();
    if (!*row) continue;
    articles.push_back(read_article(*article));
  }
  if (auto s = load_tags(**db, articles); !s) return s.error();
  for (auto& a : articles) {
    const auto found = snippets.find(a.id);
    std::string html =
        core::html_escape(strip_markdown(found == snippets.end() ? "" : found->second));
    html = core::replace_all(html, "\x02", "<mark>");
    html = core::replace_all(html, "\x03", "</mark>");
    page.hits.push_back(SearchHit{std::move(a), std::move(html)});
  }
  search_cache_.put(key, *version, page);
  return page;
}

Result<Id> SqliteStore::find_by_legacy_id(std::string_view source, std::int64_t legacy_id) {
  auto db = reader();
  if (!db) return db.error();
  auto st =
      (*db)->prepare("SELECT article_id FROM legacy_ids WHERE source = ?1 AND legacy_id = ?2");
  if (!st) return st.error();
  st->bind(1, source).bind(2, legacy_id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Id>("legacy id", fmt::format("{}:{}", source, legacy_id));
  return st->int64(0);
}

Result<Author> SqliteStore::find_author(Id id) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format("SELECT {} FROM authors WHERE id = ?1", kAuthorSelect));
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Author>("author", std::to_string(id));
  return read_author(*st);
}

Result<Author> SqliteStore::find_author_by_slug(std::string_view slug) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format("SELECT {} FROM authors WHERE slug = ?1", kAuthorSelect));
  if (!st) return st.error();
  st->bind(1, slug);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Author>("author", slug);
  return read_author(*st);
}

Result<std::vector<Author>> SqliteStore::list_authors() {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(fmt::format("SELECT {} FROM authors ORDER BY name", kAuthorSelect));
  if (!st) return st.error();
  std::vector<Author> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_author(*st));
  }
  return out;
}

Result<int> SqliteStore::count_published_by_author(Id author_id) {
  auto db = reader();
  if (!db) return db.error();
  return kept_count(**db, "author", author_id);
}

Result<std::vector<Category>> SqliteStore::list_categories() {
  auto db = reader();
  if (!db) return db.error();
  auto st =
      (*db)->prepare("SELECT id, slug, name, position FROM categories ORDER BY position, name");
  if (!st) return st.error();
  std::vector<Category> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(Category{st->int64(0), st->text(1), st->text(2), st->int32(3)});
  }
  return out;
}

Result<std::vector<Tag>> SqliteStore::list_used_tags() {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(
      "SELECT t.id, t.slug, t.name FROM tags t WHERE EXISTS (SELECT 1 FROM article_tags at "
      "JOIN articles a ON a.id = at.article_id WHERE at.tag_id = t.id AND a.status = 'published') "
      "ORDER BY t.slug");
  if (!st) return st.error();
  std::vector<Tag> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(Tag{st->int64(0), st->text(1), st->text(2)});
  }
  return out;
}

Result<Category> SqliteStore::find_category_by_slug(std::string_view slug) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT id, slug, name, position FROM categories WHERE slug = ?1");
  if (!st) return st.error();
  st->bind(1, slug);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Category>("category", slug);
  return Category{st->int64(0), st->text(1), st->text(2), st->int32(3)};
}

Result<Tag> SqliteStore::find_tag_by_slug(std::string_view slug) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT id, slug, name FROM tags WHERE slug = ?1");
  if (!st) return st.error();
  st->bind(1, slug);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Tag>("tag", slug);
  return Tag{st->int64(0), st->text(1), st->text(2)};
}

Result<Tag> SqliteStore::find_tag_by_former_slug(std::string_view slug) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare(
      "SELECT t.id, t.slug, t.name FROM tag_former_slugs f JOIN tags t ON t.id = f.tag_id "
      "WHERE f.slug = ?1");
  if (!st) return st.error();
  st->bind(1, slug);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return not_found<Tag>("former tag", slug);
  return Tag{st->int64(0), st->text(1), st->text(2)};
}

Result<std::vector<Id>> SqliteStore::related_ids(Id article_id) {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT related_id FROM related WHERE article_id = ?1 ORDER BY rank");
  if (!st) return st.error();
  st->bind(1, article_id);
  std::vector<Id> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(st->int64(0));
  }
  return out;
}

Result<std::vector<std::pair<Id, std::vector<Id>>>> SqliteStore::related_lists() {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT article_id, related_id FROM related ORDER BY article_id, rank");
  if (!st) return st.error();
  std::vector<std::pair<Id, std::vector<Id>>> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    const Id article = st->int64(0);
    if (out.empty() || out.back().first != article) out.emplace_back(article, std::vector<Id>{});
    out.back().second.push_back(st->int64(1));
  }
  return out;
}

Result<std::vector<StoredScore>> SqliteStore::load_scores() {
  auto db = reader();
  if (!db) return db.error();
  auto st = (*db)->prepare("SELECT article_id, score, updated_at FROM trending_scores");
  if (!st) return st.error();
  std::vector<StoredScore> out;
  while (true) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(StoredScore{st->int64(0), st->real(1), to_time(st->int64(2))});
  }
  return out;
}

}  // namespace dateline::store::sqlite
