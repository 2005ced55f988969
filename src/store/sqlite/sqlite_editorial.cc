#include "store/sqlite/sqlite_editorial.h"

#include <fmt/format.h>

#include <charconv>

#include "content/slug.h"
#include "core/strings.h"
#include "store/sqlite/article_rows.h"

namespace dateline::store {

std::string_view revision_kind_name(RevisionKind kind) {
  switch (kind) {
    case RevisionKind::kSave:
      return "save";
    case RevisionKind::kAutosave:
      return "autosave";
    case RevisionKind::kRestore:
      return "restore";
    case RevisionKind::kStatus:
      return "status";
  }
  return "save";
}

namespace sqlite {
namespace {

using core::Errc;
using core::make_error;
using core::Result;
using core::Status;

bool readers_see(content::ArticleStatus status) {
  return status == content::ArticleStatus::kPublished;
}

RevisionKind parse_kind(std::string_view name) {
  if (name == "autosave") return RevisionKind::kAutosave;
  if (name == "restore") return RevisionKind::kRestore;
  if (name == "status") return RevisionKind::kStatus;
  return RevisionKind::kSave;
}

// Variants are stored one per line: name, width, height, mime, bytes separated by tabs.
std::string encode_variants(const std::vector<MediaVariant>& variants) {
  std::string out;
  for (const auto& v : variants) {
    out += fmt::format("{}\t{}\t{}\t{}\t{}\n", v.name, v.width, v.height, v.mime, v.bytes);
  }
  return out;
}

std::vector<MediaVariant> decode_variants(std::string_view text) {
  std::vector<MediaVariant> out;
  for (const auto& line : core::split(text, '\n')) {
    const auto f = core::split(line, '\t');
    if (f.size() != 5) continue;
    MediaVariant v;
    v.name = std::string(f[0]);
    std::from_chars(f[1].data(), f[1].data() + f[1].size(), v.width);
    std::from_chars(f[2].data(), f[2].data() + f[2].size(), v.height);
    v.mime = std::string(f[3]);
    std::from_chars(f[4].data(), f[4].data() + f[4].size(), v.bytes);
    out.push_back(std::move(v));
  }
  return out;
}

constexpr std::string_view kMediaSelect =
    "id, hash, original_name, alt, caption, width, height, source_format, variants, bytes, "
    "uploaded_by, created_at";

MediaItem read_media(const Statement& st) {
  MediaItem m;
  m.id = st.int64(0);
  m.hash = st.text(1);
  m.original_name = st.text(2);
  m.alt = st.text(3);
  m.caption = st.text(4);
  m.width = st.int32(5);
  m.height = st.int32(6);
  m.source_format = st.text(7);
  m.variants = decode_variants(st.text(8));
  m.bytes = st.int64(9);
  m.uploaded_by = st.opt_int64(10);
  m.created_at = to_time(st.int64(11));
  return m;
}

constexpr std::string_view kRevisionSelect =
    "r.id, r.article_id, r.version, r.kind, r.status, r.user_id, COALESCE(u.name, ''), "
    "r.created_at, r.title, r.dateline, r.excerpt, r.body_md";

Revision read_revision(const Statement& st) {
  Revision r;
  r.id = st.int64(0);
  r.article_id = st.int64(1);
  r.version = st.int64(2);
  r.kind = parse_kind(st.text(3));
  r.status = content::parse_status(st.text(4)).value_or(content::ArticleStatus::kDraft);
  r.user_id = st.opt_int64(5);
  r.user_name = st.text(6);
  r.created_at = to_time(st.int64(7));
  r.title = st.text(8);
  r.dateline = st.text(9);
  r.excerpt = st.text(10);
  r.body_markdown = st.text(11);
  return r;
}

constexpr std::string_view kTokenSelect = "id, user_id, name, created_at, last_used_at, revoked_at";

ApiToken read_token(const Statement& st) {
  ApiToken t;
  t.id = st.int64(0);
  t.user_id = st.int64(1);
  t.name = st.text(2);
  t.created_at = to_time(st.int64(3));
  if (auto u = st.opt_int64(4)) t.last_used_at = to_time(*u);
  if (auto r = st.opt_int64(5)) t.revoked_at = to_time(*r);
  return t;
}

Result<Article> load_article(Db& db, Id id) {
  auto st = db.prepare(fmt::format("SELECT {} FROM articles a WHERE a.id = ?1", kArticleSelect));
  if (!st) return st.error();
  st->bind(1, id);
  auto rows = query_articles(db, *st);
  if (!rows) return rows.error();
  if (rows->empty()) return make_error(Errc::kNotFound, fmt::format("no article {}", id));
  return std::move(rows->front());
}

// The article (other than `except`) that has this slug, if any.
Result<std::optional<Id>> slug_owner(Db& db, std::string_view slug, Id except) {
  auto st = db.prepare("SELECT id FROM articles WHERE slug = ?1 AND id <> ?2");
  if (!st) return st.error();
  st->bind(1, slug).bind(2, except);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Id>{};
  return std::optional<Id>{st->int64(0)};
}

Status write_tags(Db& db, Id id, const std::vector<Tag>& tags) {
  auto del = db.prepare("DELETE FROM article_tags WHERE article_id = ?1");
  if (!del) return del.error();
  del->bind(1, id);
  if (auto r = del->run(); !r) return r;
  auto ins = db.prepare(
      "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) VALUES(?1, ?2, ?3)");
  if (!ins) return ins.error();
  int position = 0;
  for (const auto& tag : tags) {
    ins->reset();
    ins->bind(1, id).bind(2, tag.id).bind(3, position++);
    if (auto r = ins->run(); !r) return r;
  }
  return {};
}

Status add_revision(Db& db, const Article& a, Editor by, RevisionKind kind, core::TimePoint now) {
  // The editor's account as a plain id (0: nobody) rather than an optional, which GCC 12 at -O3
  // wrongly reports as maybe used uninitialized.
  const Id user = by.user_id > 0 ? by.user_id : 0;
  if (kind == RevisionKind::kAutosave) {
    // An autosave replaces the same person's autosave that is still the latest revision.
    auto last = db.prepare(
        "SELECT id, kind, user_id FROM revisions WHERE article_id = ?1 ORDER BY id DESC LIMIT 1");
    if (!last) return last.error();
    last->bind(1, a.id);
    auto row = last->step();
    if (!row) return row.error();
    const Id last_user = *row && !last->is_null(2) ? last->int64(2) : 0;
    if (*row && last->text(1) == "autosave" && last_user == user) {
      const Id rid = last->int64(0);
      auto up = db.prepare(
          "UPDATE revisions SET version=?2, status=?3, created_at=?4, title=?5, dateline=?6, "
          "excerpt=?7, body_md=?8 WHERE id=?1");
      if (!up) return up.error();
      up->bind(1, rid)
          .bind(2, a.version)
          .bind(3, content::status_name(a.status))
          .bind(4, from_time(now))
          .bind(5, a.title)
          .bind(6, a.dateline)
          .bind(7, a.excerpt)
          .bind(8, a.body_markdown);
      return up->run();
    }
  }
  auto ins = db.prepare(
      "INSERT INTO revisions(article_id, version, kind, status, user_id, created_at, title, "
      "dateline, excerpt, body_md) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!ins) return ins.error();
  ins->bind(1, a.id)
      .bind(2, a.version)
      .bind(3, revision_kind_name(kind))
      .bind(4, content::status_name(a.status));
  if (user > 0) {
    ins->bind(5, user);
  } else {
    ins->bind_null(5);
  }
  ins->bind(6, from_time(now))
      .bind(7, a.title)
      .bind(8, a.dateline)
      .bind(9, a.excerpt)
      .bind(10, a.body_markdown);
  return ins->run();
}

// Every row the statement yields, each read by `read`.
template <class Read>
auto read_rows(Statement& st, Read read) -> Result<std::vector<decltype(read(st))>> {
  std::vector<decltype(read(st))> out;
  while (true) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read(st));
  }
  return out;
}

Result<std::vector<Tag>> query_tags(Statement& st) {
  return read_rows(st, [](const Statement& r) { return Tag{r.int64(0), r.text(1), r.text(2)}; });
}

std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The published articles carrying tag `tag_id`, by id.
Result<std::vector<Id>> published_with_tag(Db& db, Id tag_id) {
  auto st = db.prepare(
      "SELECT a.id FROM article_tags at JOIN articles a ON a.id = at.article_id "
      "WHERE at.tag_id = ?1 AND a.status = 'published' ORDER BY a.id");
  if (!st) return st.error();
  st->bind(1, tag_id);
  return read_rows(*st, [](const Statement& r) { return r.int64(0); });
}

// Re-indexes `ids` (their tag names changed) and tells readers' caches the content moved on.
Status reindex(Db& db, const std::vector<Id>& ids) {
  for (Id id : ids) {
    if (auto r = index_article(db, id); !r) return r;
  }
  return bump_content_version(db);
}

// Keeps `slug` answering for tag `tag_id` (the tag's own current slug never is a former one).
Status keep_former_slug(Db& db, std::string_view slug, Id tag_id) {
  auto st = db.prepare(
      "INSERT INTO tag_former_slugs(slug, tag_id) VALUES(?1, ?2) "
      "ON CONFLICT(slug) DO UPDATE SET tag_id = excluded.tag_id");
  if (!st) return st.error();
  st->bind(1, slug).bind(2, tag_id);
  return st->run();
}

Status forget_former_slug(Db& db, std::string_view slug) {
  auto st = db.prepare("DELETE FROM tag_former_slugs WHERE slug = ?1");
  if (!st) return st.error();
  st->bind(1, slug);
  return st->run();
}

}  // namespace

Result<ArticlePage> SqliteEditorial::list_articles(const ArticleFilter& f) {
  std::optional<std::string> match;
  if (!core::trim(f.text).empty()) {
    match = to_fts_query(f.text);
    if (!match) return ArticlePage{};
  }
  std::optional<std::string> status;
  if (f.status) status = std::string(content::status_name(*f.status));
  // The full-text index holds published articles only; drafts, pending and scheduled ones are
  // matched on the typed text as a phrase.
  std::optional<std::string> like;
  if (match) like = "%" + like_escape(core::trim(f.text)) + "%";
  const std::string where =
      "(?1 IS NULL OR a.status = ?1) AND (?2 IS NULL OR a.author_id = ?2) "
      "AND (?3 IS NULL OR a.category_id = ?3) "
      "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id "
      "AND t.tag_id = ?4)) "
      "AND (?5 IS NULL OR a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH "
      "?5) OR (a.status <> 'published' AND (a.title LIKE ?8 ESCAPE '\\' OR a.excerpt LIKE ?8 "
      "ESCAPE '\\' OR a.body_md LIKE ?8 ESCAPE '\\')))";
  ArticlePage page;
  auto s = store_.read_sql([&](Db& db) -> Status {
    const auto bind = [&](Statement& st) {
      st.bind(1, status)
          .bind(2, f.author_id)
          .bind(3, f.category_id)
          .bind(4, f.tag_id)
          .bind(5, match)
          .bind(8, like);
    };
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM articles a WHERE {} ORDER BY COALESCE(a.updated_at, a.published_at, "
        "a.created_at) DESC, a.id DESC LIMIT ?6 OFFSET ?7",
        kArticleSelect, where));
    if (!st) return st.error();
    bind(*st);
    st->bind(6, f.limit).bind(7, f.offset);
    auto rows = query_articles(db, *st);
    if (!rows) return rows.error();
    page.items = std::move(*rows);
    auto count = db.prepare(fmt::format("SELECT COUNT(*) FROM articles a WHERE {}", where));
    if (!count) return count.error();
    bind(*count);
    auto row = count->step();
    if (!row) return row.error();
    page.total = count->int32(0);
    return {};
  });
  if (!s) return s.error();
  return page;
}

Result<Article> SqliteEditorial::article(Id id) {
  Result<Article> out = make_error(Errc::kInternal, "unread");
  auto s = store_.read_sql([&](Db& db) -> Status {
    out = load_article(db, id);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Article> SqliteEditorial::create_article(const Article& input, Editor by) {
  const auto now = clock_.now_seconds();
  Id id = 0;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto base = input.slug.empty() ? content::slugify(input.title) : input.slug;
    if (base.empty()) base = "article";
    if (!content::is_valid_slug(base)) {
      return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", base));
    }
    std::string slug = base;
    for (int n = 2;; ++n) {
      auto owner = slug_owner(db, slug, 0);
      if (!owner) return owner.error();
      if (!*owner) break;
      if (n > 1000) return make_error(Errc::kConflict, fmt::format("no free slug for '{}'", base));
      slug = fmt::format("{}-{}", base, n);
    }
    auto st = db.prepare(
        "INSERT INTO articles(slug, title, dateline, excerpt, body_md, author_id, category_id, "
        "status, published_at, updated_at, created_at, image_url, image_media_id, image_alt, "
        "image_caption, seo_title, seo_description) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return st.error();
    st->bind(1, slug)
        .bind(2, input.title)
        .bind(3, input.dateline)
        .bind(4, input.excerpt)
        .bind(5, input.body_markdown)
        .bind(6, input.author_id)
        .bind(7, input.category_id)
        .bind(8, content::status_name(input.status))
        .bind(9, from_time(input.published_at))
        .bind(10, from_time(now));
    bind_media_fields(*st, input, 11);
    if (auto r = st->run(); !r) return r;
    id = db.last_insert_id();
    if (auto r = write_tags(db, id, input.tags); !r) return r;
    if (auto r = index_article(db, id); !r) return r;
    auto stored = load_article(db, id);
    if (!stored) return stored.error();
    if (auto r = add_revision(db, *stored, by, RevisionKind::kSave, now); !r) return r;
    if (readers_see(input.status)) return bump_content_version(db);
    return {};
  });
  if (!s) return s.error();
  return article(id);
}

Result<Article> SqliteEditorial::update_article(const Article& input, Editor by,
                                                RevisionKind kind) {
  const auto now = clock_.now_seconds();
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto current = load_article(db, input.id);
    if (!current) return current.error();
    if (current->version != input.version) {
      std::string who;
      auto last = db.prepare(
          "SELECT COALESCE(u.name, '') FROM revisions r LEFT JOIN users u ON u.id = r.user_id "
          "WHERE r.article_id = ?1 ORDER BY r.id DESC LIMIT 1");
      if (last) {
        last->bind(1, input.id);
        if (auto row = last->step(); row && *row) who = last->text(0);
      }
      return make_error(
          Errc::kConflict,
          fmt::format("this article was saved{} after you opened it (version {}, yours is {}); "
                      "your text was not saved over it",
                      who.empty() ? std::string() : " by " + who, current->version, input.version));
    }
    if (!content::is_valid_slug(input.slug)) {
      return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", input.slug));
    }
    auto owner = slug_owner(db, input.slug, input.id);
    if (!owner) return owner.error();
    if (*owner) {
      return make_error(
          Errc::kConflict,
          fmt::format("the slug '{}' is already used by another article", input.slug));
    }
    std::optional<core::TimePoint> updated = current->updated_at;
    if (readers_see(current->status) && readers_see(input.status) &&
        (current->title != input.title || current->body_markdown != input.body_markdown ||
         current->excerpt != input.excerpt)) {
      updated = now;
    }
    if (!readers_see(input.status)) updated = std::nullopt;
    auto st = db.prepare(
        "UPDATE articles SET slug=?2, title=?3, dateline=?4, excerpt=?5, body_md=?6, "
        "author_id=?7, category_id=?8, status=?9, published_at=?10, updated_at=?11, "
        "image_url=?12, image_media_id=?13, image_alt=?14, image_caption=?15, seo_title=?16, "
        "seo_description=?17, version=version+1 WHERE id=?1 AND version=?18");
    if (!st) return st.error();
    st->bind(1, input.id)
        .bind(2, input.slug)
        .bind(3, input.title)
        .bind(4, input.dateline)
        .bind(5, input.excerpt)
        .bind(6, input.body_markdown)
        .bind(7, input.author_id)
        .bind(8, input.category_id)
        .bind(9, content::status_name(input.status))
        .bind(10, from_time(input.published_at))
        .bind(11, from_time(updated));
    bind_media_fields(*st, input, 12);
    st->bind(18, input.version);
    if (auto r = st->run(); !r) return r;
    if (db.changes() != 1) return make_error(Errc::kConflict, "the article changed meanwhile");
    if (auto r = write_tags(db, input.id, input.tags); !r) return r;
    if (auto r = index_article(db, input.id); !r) return r;
    auto stored = load_article(db, input.id);
    if (!stored) return stored.error();
    if (auto r = add_revision(db, *stored, by, kind, now); !r) return r;
    if (readers_see(current->status) || readers_see(input.status)) {
      return bump_content_version(db);
    }
    return {};
  });
  if (!s) return s.error();
  return article(input.id);
}

Status SqliteEditorial::delete_article(Id id, std::int64_t expected_version) {
  return store_.write_sql([&](Db& db) -> Status {
    auto current = load_article(db, id);
    if (!current) return current.error();
    if (current->version != expected_version) {
      return make_error(Errc::kConflict, "the article was changed after you opened it");
    }
    auto del = db.prepare("DELETE FROM articles WHERE id = ?1");
    if (!del) return del.error();
    del->bind(1, id);
    if (auto r = del->run(); !r) return r;
    auto fts = db.prepare("DELETE FROM article_search WHERE rowid = ?1");
    if (!fts) return fts.error();
    fts->bind(1, id);
    if (auto r = fts->run(); !r) return r;
    return bump_content_version(db);
  });
}

Result<std::vector<Revision>> SqliteEditorial::revisions(Id article_id) {
  std::vector<Revision> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st =
        db.prepare(fmt::format("SELECT {} FROM revisions r LEFT JOIN users u ON u.id = r.user_id "
                               "WHERE r.article_id = ?1 ORDER BY r.id DESC",
                               kRevisionSelect));
    if (!st) return st.error();
    st->bind(1, article_id);
    auto rows = read_rows(*st, read_revision);
    if (!rows) return rows.error();
    out = std::move(*rows);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Revision> SqliteEditorial::revision(Id revision_id) {
  std::optional<Revision> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?1",
        kRevisionSelect));
    if (!st) return st.error();
    st->bind(1, revision_id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out = read_revision(*st);
    return {};
  });
  if (!s) return s.error();
  if (!out) return make_error(Errc::kNotFound, fmt::format("no revision {}", revision_id));
  return std::move(*out);
}

Result<std::vector<Id>> SqliteEditorial::publish_due(core::TimePoint now) {
  std::vector<Id> ids;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "UPDATE articles SET status = 'published', version = version + 1 "
        "WHERE status = 'scheduled' AND published_at <= ?1 RETURNING id");
    if (!st) return st.error();
    st->bind(1, from_time(now));
    while (true) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      ids.push_back(st->int64(0));
    }
    for (Id id : ids) {
      if (auto r = index_article(db, id); !r) return r;
      auto a = load_article(db, id);
      if (!a) return a.error();
      if (auto r = add_revision(db, *a, Editor{}, RevisionKind::kStatus, now); !r) return r;
    }
    if (!ids.empty()) return bump_content_version(db);
    return {};
  });
  if (!s) return s.error();
  return ids;
}

Result<std::optional<core::TimePoint>> SqliteEditorial::next_scheduled() {
  std::optional<core::TimePoint> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare("SELECT MIN(published_at) FROM articles WHERE status = 'scheduled'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (*row && !st->is_null(0)) out = to_time(st->int64(0));
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Author> SqliteEditorial::save_author(const Author& input) {
  Author out = input;
  auto s = store_.write_sql([&](Db& db) -> Status {
    if (core::trim(input.name).empty()) {
      return make_error(Errc::kInvalidArgument, "author name is empty");
    }
    auto slug = input.slug.empty() ? content::slugify(input.name) : input.slug;
    if (slug.empty()) slug = "author";
    if (!content::is_valid_slug(slug)) {
      return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", slug));
    }
    auto taken = db.prepare("SELECT 1 FROM authors WHERE slug = ?1 AND id <> ?2");
    if (!taken) return taken.error();
    taken->bind(1, slug).bind(2, input.id);
    auto row = taken->step();
    if (!row) return row.error();
    if (*row) {
      return make_error(Errc::kConflict,
                        fmt::format("the slug '{}' is already used by another author", slug));
    }
    if (input.user_id) {
      auto linked = db.prepare("SELECT name FROM authors WHERE user_id = ?1 AND id <> ?2");
      if (!linked) return linked.error();
      linked->bind(1, *input.user_id).bind(2, input.id);
      auto lrow = linked->step();
      if (!lrow) return lrow.error();
      if (*lrow) {
        return make_error(Errc::kConflict,
                          fmt::format("that account already writes as {}", linked->text(0)));
      }
    }
    out.slug = slug;
    if (input.id == 0) {
      auto st = db.prepare(
          "INSERT INTO authors(slug, name, bio, photo_media_id, user_id) VALUES(?1, ?2, ?3, ?4, "
          "?5)");
      if (!st) return st.error();
      st->bind(1, slug)
          .bind(2, input.name)
          .bind(3, input.bio)
          .bind(4, input.photo_media_id)
          .bind(5, input.user_id);
      if (auto r = st->run(); !r) return r;
      out.id = db.last_insert_id();
    } else {
      auto st = db.prepare(
          "UPDATE authors SET slug=?2, name=?3, bio=?4, photo_media_id=?5, user_id=?6 WHERE "
          "id=?1");
      if (!st) return st.error();
      st->bind(1, input.id)
          .bind(2, slug)
          .bind(3, input.name)
          .bind(4, input.bio)
          .bind(5, input.photo_media_id)
          .bind(6, input.user_id);
      if (auto r = st->run(); !r) return r;
      if (db.changes() != 1) {
        return make_error(Errc::kNotFound, fmt::format("no author {}", input.id));
      }
      // The author's name is part of every article's full-text row.
      auto ids = db.prepare("SELECT id FROM articles WHERE author_id = ?1");
      if (!ids) return ids.error();
      ids->bind(1, input.id);
      std::vector<Id> articles;
      while (true) {
        auto r = ids->step();
        if (!r) return r.error();
        if (!*r) break;
        articles.push_back(ids->int64(0));
      }
      for (Id id : articles) {
        if (auto r = index_article(db, id); !r) return r;
      }
    }
    return bump_content_version(db);
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<Author>> SqliteEditorial::author_for_user(Id user_id) {
  std::optional<Author> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format("SELECT {} FROM authors WHERE user_id = ?1", kAuthorSelect));
    if (!st) return st.error();
    st->bind(1, user_id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out = read_author(*st);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<std::vector<Tag>> SqliteEditorial::find_tags(std::string_view prefix, int limit) {
  std::vector<Tag> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "SELECT id, slug, name FROM tags WHERE name LIKE ?1 ESCAPE '\\' ORDER BY name LIMIT ?2");
    if (!st) return st.error();
    st->bind(1, like_escape(core::trim(prefix)) + "%").bind(2, limit);
    auto tags = query_tags(*st);
    if (!tags) return tags.error();
    out = std::move(*tags);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Tag> SqliteEditorial::ensure_tag(std::string_view name) {
  const auto trimmed = std::string(core::trim(name));
  if (trimmed.empty()) return make_error(Errc::kInvalidArgument, "tag name is empty");
  const auto slug = content::slugify(trimmed);
  if (slug.empty()) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("tag '{}' has no letters or digits", trimmed));
  }
  Tag out;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("SELECT id, slug, name FROM tags WHERE slug = ?1");
    if (!st) return st.error();
    st->bind(1, slug);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) {
      out = Tag{st->int64(0), st->text(1), st->text(2)};
      return {};
    }
    auto ins = db.prepare("INSERT INTO tags(slug, name) VALUES(?1, ?2)");
    if (!ins) return ins.error();
    ins->bind(1, slug).bind(2, trimmed);
    if (auto r = ins->run(); !r) return r;
    out = Tag{db.last_insert_id(), slug, trimmed};
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Tag> SqliteEditorial::tag(Id id) {
  std::optional<Tag> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare("SELECT id, slug, name FROM tags WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    auto tags = query_tags(*st);
    if (!tags) return tags.error();
    if (!tags->empty()) out = tags->front();
    return {};
  });
  if (!s) return s.error();
  if (!out) return make_error(Errc::kNotFound, fmt::format("no tag {}", id));
  return *out;
}

Result<int> SqliteEditorial::count_tagged(Id tag_id) {
  int count = 0;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare("SELECT COUNT(*) FROM article_tags WHERE tag_id = ?1");
    if (!st) return st.error();
    st->bind(1, tag_id);
    auto row = st->step();
    if (!row) return row.error();
    count = *row ? st->int32(0) : 0;
    return {};
  });
  if (!s) return s.error();
  return count;
}

Result<std::vector<Id>> SqliteEditorial::rename_tag(const Tag& input) {
  const auto name = std::string(core::trim(input.name));
  if (name.empty()) return make_error(Errc::kInvalidArgument, "tag name is empty");
  if (!content::is_valid_slug(input.slug)) {
    return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", input.slug));
  }
  std::vector<Id> affected;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto find = db.prepare("SELECT id, slug FROM tags WHERE id = ?1 OR slug = ?2");
    if (!find) return find.error();
    find->bind(1, input.id).bind(2, input.slug);
    auto rows =
        read_rows(*find, [](const Statement& r) { return std::pair(r.int64(0), r.text(1)); });
    if (!rows) return rows.error();
    std::string old_slug;
    bool found = false;
    for (const auto& [id, slug] : *rows) {
      if (id == input.id) {
        found = true;
        old_slug = slug;
      } else {
        return make_error(Errc::kConflict,
                          fmt::format("the slug '{}' is already used by another tag", slug));
      }
    }
    if (!found) return make_error(Errc::kNotFound, fmt::format("no tag {}", input.id));
    auto st = db.prepare("UPDATE tags SET slug = ?2, name = ?3 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, input.id).bind(2, input.slug).bind(3, name);
    if (auto r = st->run(); !r) return r;
    if (old_slug != input.slug) {
      if (auto r = keep_former_slug(db, old_slug, input.id); !r) return r;
      if (auto r = forget_former_slug(db, input.slug); !r) return r;
    }
    auto ids = published_with_tag(db, input.id);
    if (!ids) return ids.error();
    affected = std::move(*ids);
    return reindex(db, affected);
  });
  if (!s) return s.error();
  return affected;
}

Result<std::vector<Id>> SqliteEditorial::merge_tag(Id from, Id into) {
  if (from == into) return make_error(Errc::kInvalidArgument, "a tag cannot merge into itself");
  std::vector<Id> affected;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto find = db.prepare("SELECT id, slug FROM tags WHERE id IN (?1, ?2)");
    if (!find) return find.error();
    find->bind(1, from).bind(2, into);
    auto rows =
        read_rows(*find, [](const Statement& r) { return std::pair(r.int64(0), r.text(1)); });
    if (!rows) return rows.error();
    if (rows->size() != 2) return make_error(Errc::kNotFound, "no such tag");
    const auto& from_slug = (*rows)[0].first == from ? (*rows)[0].second : (*rows)[1].second;
    auto ids = published_with_tag(db, from);
    if (!ids) return ids.error();
    affected = std::move(*ids);
    // Articles that carry both keep one row; the rest move over.
    auto move = db.prepare(
        "INSERT OR IGNORE INTO article_tags(article_id, tag_id) "
        "SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1");
    if (!move) return move.error();
    move->bind(1, from).bind(2, into);
    if (auto r = move->run(); !r) return r;
    auto former = db.prepare("UPDATE tag_former_slugs SET tag_id = ?2 WHERE tag_id = ?1");
    if (!former) return former.error();
    former->bind(1, from).bind(2, into);
    if (auto r = former->run(); !r) return r;
    if (auto r = keep_former_slug(db, from_slug, into); !r) return r;
    for (const char* sql :
         {"DELETE FROM article_tags WHERE tag_id = ?1", "DELETE FROM tags WHERE id = ?1"}) {
      auto del = db.prepare(sql);
      if (!del) return del.error();
      del->bind(1, from);
      if (auto r = del->run(); !r) return r;
    }
    return reindex(db, affected);
  });
  if (!s) return s.error();
  return affected;
}

Result<std::vector<Id>> SqliteEditorial::delete_tag(Id id) {
  std::vector<Id> affected;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto ids = published_with_tag(db, id);
    if (!ids) return ids.error();
    affected = std::move(*ids);
    for (const char* sql :
         {"DELETE FROM article_tags WHERE tag_id = ?1",
          "DELETE FROM tag_former_slugs WHERE tag_id = ?1", "DELETE FROM tags WHERE id = ?1"}) {
      auto del = db.prepare(sql);
      if (!del) return del.error();
      del->bind(1, id);
      if (auto r = del->run(); !r) return r;
    }
    if (db.changes() != 1) return make_error(Errc::kNotFound, fmt::format("no tag {}", id));
    return reindex(db, affected);
  });
  if (!s) return s.error();
  return affected;
}

Result<Category> SqliteEditorial::save_category(const Category& input) {
  Category out = input;
  auto s = store_.write_sql([&](Db& db) -> Status {
    const auto name = std::string(core::trim(input.name));
    if (name.empty()) return make_error(Errc::kInvalidArgument, "category name is empty");
    auto slug = input.slug.empty() ? content::slugify(name) : input.slug;
    if (!content::is_valid_slug(slug)) {
      return make_error(Errc::kInvalidArgument, fmt::format("invalid slug '{}'", slug));
    }
    auto taken = db.prepare("SELECT 1 FROM categories WHERE slug = ?1 AND id <> ?2");
    if (!taken) return taken.error();
    taken->bind(1, slug).bind(2, input.id);
    auto row = taken->step();
    if (!row) return row.error();
    if (*row) {
      return make_error(Errc::kConflict,
                        fmt::format("the slug '{}' is already used by another category", slug));
    }
    out.name = name;
    out.slug = slug;
    if (input.id == 0) {
      auto st = db.prepare(
          "INSERT INTO categories(slug, name, position) "
          "VALUES(?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))");
      if (!st) return st.error();
      st->bind(1, slug).bind(2, name);
      if (auto r = st->run(); !r) return r;
      out.id = db.last_insert_id();
    } else {
      auto st = db.prepare("UPDATE categories SET slug = ?2, name = ?3 WHERE id = ?1");
      if (!st) return st.error();
      st->bind(1, input.id).bind(2, slug).bind(3, name);
      if (auto r = st->run(); !r) return r;
      if (db.changes() != 1) {
        return make_error(Errc::kNotFound, fmt::format("no category {}", input.id));
      }
    }
    return bump_content_version(db);
  });
  if (!s) return s.error();
  return out;
}

Status SqliteEditorial::order_categories(const std::vector<Id>& ids) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("UPDATE categories SET position = ?2 WHERE id = ?1");
    if (!st) return st.error();
    int position = 1;
    for (Id id : ids) {
      st->reset();
      st->bind(1, id).bind(2, position++);
      if (auto r = st->run(); !r) return r;
      if (db.changes() != 1) return make_error(Errc::kNotFound, fmt::format("no category {}", id));
    }
    return bump_content_version(db);
  });
}

Result<Id> SqliteEditorial::add_media(const MediaItem& m) {
  Id id = 0;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "INSERT INTO media(hash, original_name, alt, caption, width, height, source_format, "
        "variants, bytes, uploaded_by, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return st.error();
    st->bind(1, m.hash)
        .bind(2, m.original_name)
        .bind(3, m.alt)
        .bind(4, m.caption)
        .bind(5, m.width)
        .bind(6, m.height)
        .bind(7, m.source_format)
        .bind(8, encode_variants(m.variants))
        .bind(9, m.bytes)
        .bind(10, m.uploaded_by)
        .bind(11, from_time(m.created_at));
    if (auto r = st->run(); !r) return r;
    id = db.last_insert_id();
    return {};
  });
  if (!s) return s.error();
  return id;
}

Result<MediaItem> SqliteEditorial::media(Id id) {
  std::optional<MediaItem> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format("SELECT {} FROM media WHERE id = ?1", kMediaSelect));
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out = read_media(*st);
    return {};
  });
  if (!s) return s.error();
  if (!out) return make_error(Errc::kNotFound, fmt::format("no image {}", id));
  return std::move(*out);
}

Result<std::optional<MediaItem>> SqliteEditorial::media_by_hash(std::string_view hash) {
  std::optional<MediaItem> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format("SELECT {} FROM media WHERE hash = ?1", kMediaSelect));
    if (!st) return st.error();
    st->bind(1, hash);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out = read_media(*st);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<MediaPage> SqliteEditorial::list_media(std::string_view text, int limit, int offset) {
  MediaPage page;
  const auto needle = std::string(core::trim(text));
  std::optional<std::string> like;
  if (!needle.empty()) like = "%" + like_escape(needle) + "%";
  const std::string where =
      "(?1 IS NULL OR original_name LIKE ?1 ESCAPE '\\' OR alt LIKE ?1 ESCAPE '\\' OR caption "
      "LIKE ?1 ESCAPE '\\')";
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM media WHERE {} ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
        kMediaSelect, where));
    if (!st) return st.error();
    st->bind(1, like).bind(2, limit).bind(3, offset);
    auto rows = read_rows(*st, read_media);
    if (!rows) return rows.error();
    page.items = std::move(*rows);
    auto count = db.prepare(fmt::format("SELECT COUNT(*) FROM media WHERE {}", where));
    if (!count) return count.error();
    count->bind(1, like);
    auto row = count->step();
    if (!row) return row.error();
    page.total = count->int32(0);
    return {};
  });
  if (!s) return s.error();
  return page;
}

Status SqliteEditorial::update_media_text(Id id, std::string_view alt, std::string_view caption) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("UPDATE media SET alt = ?2, caption = ?3 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id).bind(2, alt).bind(3, caption);
    if (auto r = st->run(); !r) return r;
    if (db.changes() != 1) return make_error(Errc::kNotFound, fmt::format("no image {}", id));
    return {};
  });
}

namespace {

// Where media `id` (whose files are named after `hash`) is in use, at most `limit` of each.
Result<MediaUsage> usage_of(Db& db, Id id, std::string_view hash, int limit) {
  MediaUsage usage;
  auto articles = db.prepare(
      "SELECT title FROM articles WHERE image_media_id = ?1 OR instr(body_md, ?2) > 0 "
      "ORDER BY updated_at DESC LIMIT ?3");
  if (!articles) return articles.error();
  articles->bind(1, id).bind(2, fmt::format("/media/{}-", hash)).bind(3, limit);
  auto titles = read_rows(*articles, [](const Statement& r) { return r.text(0); });
  if (!titles) return titles.error();
  usage.articles = std::move(*titles);
  auto authors = db.prepare("SELECT name FROM authors WHERE photo_media_id = ?1 LIMIT ?2");
  if (!authors) return authors.error();
  authors->bind(1, id).bind(2, limit);
  auto names = read_rows(*authors, [](const Statement& r) { return r.text(0); });
  if (!names) return names.error();
  usage.authors = std::move(*names);
  return usage;
}

Result<std::string> media_hash(Db& db, Id id) {
  auto st = db.prepare("SELECT hash FROM media WHERE id = ?1");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::kNotFound, fmt::format("no image {}", id));
  return st->text(0);
}

}  // namespace

Result<MediaUsage> SqliteEditorial::media_usage(Id id, int limit) {
  MediaUsage out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto hash = media_hash(db, id);
    if (!hash) return hash.error();
    auto usage = usage_of(db, id, *hash, limit);
    if (!usage) return usage.error();
    out = std::move(*usage);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Status SqliteEditorial::delete_media(Id id) {
  return store_.write_sql([&](Db& db) -> Status {
    auto hash = media_hash(db, id);
    if (!hash) return hash.error();
    auto usage = usage_of(db, id, *hash, 1);
    if (!usage) return usage.error();
    if (!usage->empty()) return make_error(Errc::kConflict, "the image is in use");
    auto st = db.prepare("DELETE FROM media WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    return st->run();
  });
}

Result<ApiToken> SqliteEditorial::add_api_token(Id user_id, std::string_view name,
                                                std::string_view token_hash, core::TimePoint now) {
  ApiToken out;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES(?1, ?2, ?3, ?4)");
    if (!st) return st.error();
    st->bind(1, user_id).bind(2, name).bind(3, token_hash).bind(4, from_time(now));
    if (auto r = st->run(); !r) return r;
    out.id = db.last_insert_id();
    out.user_id = user_id;
    out.name = std::string(name);
    out.created_at = now;
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<std::vector<ApiToken>> SqliteEditorial::api_tokens(Id user_id) {
  std::vector<ApiToken> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        fmt::format("SELECT {} FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC", kTokenSelect));
    if (!st) return st.error();
    st->bind(1, user_id);
    auto rows = read_rows(*st, read_token);
    if (!rows) return rows.error();
    out = std::move(*rows);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<ApiToken> SqliteEditorial::use_api_token(std::string_view token_hash, core::TimePoint now) {
  std::optional<ApiToken> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL", kTokenSelect));
    if (!st) return st.error();
    st->bind(1, token_hash);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out = read_token(*st);
    return {};
  });
  if (!s) return s.error();
  if (!out) return make_error(Errc::kUnauthenticated, "unknown or revoked API token");
  // Only reads on most requests: the time of use is written when it has moved on enough to tell.
  if (out->last_used_at && now - *out->last_used_at < kApiTokenTouchInterval) {
    return std::move(*out);
  }
  auto touched = store_.write_sql([&](Db& db) -> Status {
    auto touch = db.prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
    if (!touch) return touch.error();
    touch->bind(1, out->id).bind(2, from_time(now));
    return touch->run();
  });
  if (!touched) return touched.error();
  out->last_used_at = now;
  return std::move(*out);
}

Status SqliteEditorial::revoke_api_token(Id token_id, Id user_id, core::TimePoint now) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_at IS "
        "NULL");
    if (!st) return st.error();
    st->bind(1, token_id).bind(2, user_id).bind(3, from_time(now));
    if (auto r = st->run(); !r) return r;
    if (db.changes() != 1) {
      return make_error(Errc::kNotFound, fmt::format("no live API token {}", token_id));
    }
    return {};
  });
}

}  // namespace sqlite
}  // namespace dateline::store
