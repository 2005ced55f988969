#include "store/sqlite/db.h"

#include <fmt/format.h>

namespace dateline::store::sqlite {

core::Result<Db> Db::open(const std::string& path, bool read_only) {
  sqlite3* raw = nullptr;
  // Readers open read-write with query_only set: a read-only handle cannot recover a WAL file.
  const int flags =
      SQLITE_OPEN_READWRITE | (read_only ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return core::make_error(core::Errc::kUnavailable,
                            fmt::format("cannot open database '{}': {}", path,
                                        raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 5000);
  if (!read_only) {
    // The writer's page cache is 32 MB rather than SQLite's 2 MB: a large transaction (an import)
    // otherwise spills dirty pages to the WAL mid-transaction and writes many of them again.
    // Statement journals stay in memory: every write to a table with triggers (the list totals)
    // keeps one, and as temporary files they doubled an import's system time.
    if (auto s =
            db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; "
                    "PRAGMA temp_store=MEMORY;");
        !s)
      return s.error();
  }
  if (auto s = db.exec("PRAGMA foreign_keys=ON;"); !s) return s.error();
  if (read_only) {
    if (auto s = db.exec("PRAGMA query_only=ON;"); !s) return s.error();
  }
  return db;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

core::Error Db::error(std::string_view what) const {
  return core::make_error(core::Errc::kInternal,
                          fmt::format("{}: {}", what, db_ ? sqlite3_errmsg(db_) : "no database"));
}

core::Status Db::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    return core::make_error(core::Errc::kInternal, fmt::format("sql error: {}", m));
  }
  return {};
}

core::Result<Statement> Db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return error(fmt::format("prepare '{}'", sql.substr(0, 60)));
  }
  return Statement(stmt, db_);
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

core::Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const int ext = sqlite3_extended_errcode(db_);
  const auto code = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
                        ? core::Errc::kConflict
                        : core::Errc::kInternal;
  return core::make_error(code, fmt::format("sql step: {}", sqlite3_errmsg(db_)));
}

core::Status Statement::run() {
  while (true) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

}  // namespace dateline::store::sqlite
