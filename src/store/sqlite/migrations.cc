#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace dateline::store::sqlite {
namespace {

// Never edit a migration that has shipped: add a new one.
constexpr std::array<std::string_view, 7> kMigrations = {
    R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE authors (
  id   INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  bio  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE categories (
  id       INTEGER PRIMARY KEY,
  slug     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE articles (
  id           INTEGER PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  dateline     TEXT NOT NULL DEFAULT '',
  excerpt      TEXT NOT NULL DEFAULT '',
  body_md      TEXT NOT NULL DEFAULT '',
  author_id    INTEGER NOT NULL REFERENCES authors(id),
  category_id  INTEGER REFERENCES categories(id),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published')),
  published_at INTEGER,
  updated_at   INTEGER,
  created_at   INTEGER NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_by_status_date ON articles(status, published_at DESC, id DESC);
CREATE INDEX articles_by_author ON articles(author_id, status, published_at DESC);
CREATE INDEX articles_by_category ON articles(category_id, status, published_at DESC);
CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags(tag_id);
CREATE TABLE related (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  rank       INTEGER NOT NULL,
  related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, rank)
);
CREATE TABLE trending_scores (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  score      REAL NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql",
    // 2: full-text search (accent-insensitive, BM25) and ids carried over from other systems.
    R"sql(
CREATE VIRTUAL TABLE article_search USING fts5(
  title, excerpt, body, tags, author,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_search(rowid, title, excerpt, body, tags, author)
  SELECT a.id, a.title, a.excerpt, a.body_md,
         COALESCE((SELECT group_concat(t.name, ' ') FROM article_tags at
                   JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), ''),
         COALESCE((SELECT name FROM authors WHERE id = a.author_id), '')
  FROM articles a;
CREATE TABLE legacy_ids (
  source     TEXT NOT NULL,
  legacy_id  INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (source, legacy_id)
);
CREATE INDEX legacy_ids_by_article ON legacy_ids(article_id);
)sql",
    // 3: back-office accounts and their sessions (SQL in auth/sqlite_account_store.cc). A session
    // row keeps only a hash of its token; emails are stored lowercased.
    R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql",
    // 4: the newsroom's back office: uploaded media, featured images and SEO fields, revisions of
    // every save, authors linked to accounts, and per-user API tokens (hashes only).
    R"sql(
CREATE TABLE media (
  id            INTEGER PRIMARY KEY,
  hash          TEXT NOT NULL UNIQUE,
  original_name TEXT NOT NULL DEFAULT '',
  alt           TEXT NOT NULL DEFAULT '',
  caption       TEXT NOT NULL DEFAULT '',
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  source_format TEXT NOT NULL,
  variants      TEXT NOT NULL,
  bytes         INTEGER NOT NULL,
  uploaded_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX media_by_date ON media(created_at DESC, id DESC);
ALTER TABLE articles ADD COLUMN image_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN image_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
ALTER TABLE authors ADD COLUMN photo_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL;
ALTER TABLE authors ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX authors_by_user ON authors(user_id) WHERE user_id IS NOT NULL;
CREATE TABLE revisions (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('save', 'autosave', 'restore', 'status')),
  status     TEXT NOT NULL,
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  title      TEXT NOT NULL,
  dateline   TEXT NOT NULL,
  excerpt    TEXT NOT NULL,
  body_md    TEXT NOT NULL
);
CREATE INDEX revisions_by_article ON revisions(article_id, id DESC);
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
)sql",
    // 5: accounts can be disabled (kept, with their articles, but unable to sign in or use API
    // tokens), and sign-in lockouts survive a restart (SQL in auth/sqlite_account_store.cc).
    // `failures` holds the Unix seconds of recent failures, space-separated, oldest first. A
    // renamed or merged tag's former addresses keep answering, with a redirect to its page.
    R"sql(
CREATE TABLE tag_former_slugs (
  slug   TEXT PRIMARY KEY,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE
);
CREATE INDEX tag_former_slugs_by_tag ON tag_former_slugs(tag_id);
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
CREATE TABLE login_throttle (
  key          TEXT PRIMARY KEY,
  failures     TEXT NOT NULL,
  lockouts     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  last_failure INTEGER NOT NULL
);
CREATE INDEX login_throttle_by_last_failure ON login_throttle(last_failure);
)sql",
    // 6: every column a search filter reads, by article id, so a filtered search checks its
    // matches without reading article rows (whose bodies come before these columns).
    R"sql(
CREATE INDEX articles_search_filters ON articles(id, status, category_id, author_id, published_at);
)sql",
    // 7: how many published articles each list holds (the whole site, each category, author and
    // tag), kept by triggers (published_count_triggers() below), so that showing a list's
    // total does not walk the list: counting a tag of 7,500 articles took 20 ms at 100,000
    // articles, the site's total 11 ms, and both grow with the archive.
    R"sql(
CREATE TABLE published_counts (
  list TEXT NOT NULL CHECK (list IN ('site', 'category', 'author', 'tag')),
  key  INTEGER NOT NULL,
  n    INTEGER NOT NULL,
  PRIMARY KEY (list, key)
) WITHOUT ROWID;
)sql",
};

// An article (NEW) joining, and one (OLD) leaving, the site's list, its author's and its
// category's; its tags' lists follow its article_tags rows.
constexpr std::string_view kJoinLists = R"sql(
  INSERT INTO published_counts(list, key, n) VALUES('site', 0, 1)
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
  INSERT INTO published_counts(list, key, n) VALUES('author', NEW.author_id, 1)
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
  INSERT INTO published_counts(list, key, n)
    SELECT 'category', NEW.category_id, 1 WHERE NEW.category_id IS NOT NULL
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
  INSERT INTO published_counts(list, key, n)
    SELECT 'tag', tag_id, 1 FROM article_tags WHERE article_id = NEW.id
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
)sql";
constexpr std::string_view kLeaveLists = R"sql(
  UPDATE published_counts SET n = n - 1 WHERE list = 'site' AND key = 0;
  UPDATE published_counts SET n = n - 1 WHERE list = 'author' AND key = OLD.author_id;
  UPDATE published_counts SET n = n - 1 WHERE list = 'category' AND key = OLD.category_id;
)sql";

}  // namespace

std::string published_count_triggers() {
  return fmt::format(
      R"sql(
CREATE TRIGGER published_counts_article_insert AFTER INSERT ON articles
WHEN NEW.status = 'published'
BEGIN {join} END;
CREATE TRIGGER published_counts_article_listed
AFTER UPDATE OF status, author_id, category_id ON articles
WHEN NEW.status = 'published'
BEGIN {join} END;
CREATE TRIGGER published_counts_article_unlisted
AFTER UPDATE OF status, author_id, category_id ON articles
WHEN OLD.status = 'published'
BEGIN {leave}
  UPDATE published_counts SET n = n - 1
  WHERE list = 'tag' AND key IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
END;
CREATE TRIGGER published_counts_article_delete BEFORE DELETE ON articles
WHEN OLD.status = 'published'
BEGIN
  DELETE FROM article_tags WHERE article_id = OLD.id;{leave}
END;
CREATE TRIGGER published_counts_tag_insert AFTER INSERT ON article_tags
WHEN (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
BEGIN
  INSERT INTO published_counts(list, key, n) VALUES('tag', NEW.tag_id, 1)
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER published_counts_tag_delete AFTER DELETE ON article_tags
WHEN (SELECT status FROM articles WHERE id = OLD.article_id) = 'published'
BEGIN
  UPDATE published_counts SET n = n - 1 WHERE list = 'tag' AND key = OLD.tag_id;
END;
CREATE TRIGGER published_counts_tag_update AFTER UPDATE OF article_id, tag_id ON article_tags
BEGIN
  UPDATE published_counts SET n = n - 1
  WHERE list = 'tag' AND key = OLD.tag_id
    AND (SELECT status FROM articles WHERE id = OLD.article_id) = 'published';
  INSERT INTO published_counts(list, key, n)
    SELECT 'tag', NEW.tag_id, 1
    WHERE (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
    ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
END;
)sql",
      fmt::arg("join", kJoinLists), fmt::arg("leave", kLeaveLists));
}

int latest_version() { return static_cast<int>(kMigrations.size()); }

int current_version(Db& db) {
  auto st = db.prepare("PRAGMA user_version");
  if (!st) return -1;
  auto row = st->step();
  if (!row || !*row) return -1;
  return st->int32(0);
}

core::Status apply_migrations(Db& db) {
  const int from = current_version(db);
  if (from < 0) return db.error("reading schema version");
  if (from > latest_version()) {
    return core::make_error(core::Errc::kInternal,
                            fmt::format("database schema version {} is newer than this binary "
                                        "({}): upgrade Dateline",
                                        from, latest_version()));
  }
  for (int v = from + 1; v <= latest_version(); ++v) {
    // Migration 7 counts the articles already there and starts the triggers that keep counting.
    const auto sql = fmt::format("BEGIN IMMEDIATE; {} {} {} PRAGMA user_version = {}; COMMIT;",
                                 kMigrations[static_cast<std::size_t>(v - 1)],
                                 v == 7 ? kRecountPublishedLists : "",
                                 v == 7 ? published_count_triggers() : std::string(), v);
    if (auto s = db.exec(sql); !s) {
      (void)db.exec("ROLLBACK");
      return core::make_error(core::Errc::kInternal,
                              fmt::format("migration {} failed: {}", v, s.error().message));
    }
  }
  return {};
}

}  // namespace dateline::store::sqlite
