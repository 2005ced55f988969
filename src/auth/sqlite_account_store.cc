#include "auth/sqlite_account_store.h"

#include <fmt/format.h>

#include <optional>

namespace dateline::auth {
namespace {

using core::Errc;
using core::make_error;
using core::Result;
using core::Status;
using store::sqlite::Db;
using store::sqlite::Statement;

constexpr std::string_view kUserColumns =
    "u.id, u.email, u.name, u.role, u.created_at, u.disabled_at";
constexpr int kUserColumnCount = 6;

core::TimePoint to_time(std::int64_t seconds) {
  return core::TimePoint{std::chrono::seconds{seconds}};
}
std::int64_t from_time(core::TimePoint t) { return t.time_since_epoch().count(); }

// Reads kUserColumns starting at column `first`. An unknown stored role gets the least rights.
User read_user(const Statement& st, int first) {
  User u;
  u.id = st.int64(first);
  u.email = st.text(first + 1);
  u.name = st.text(first + 2);
  u.role = parse_role(st.text(first + 3)).value_or(Role::kContributor);
  u.created_at = to_time(st.int64(first + 4));
  u.disabled = !st.is_null(first + 5);
  return u;
}

// True when user `id` is the only enabled admin (deleting or disabling them would leave the site
// without one); kNotFound for an unknown user. Run inside the change's write transaction.
Result<bool> is_last_admin(Db& db, UserId id) {
  auto st = db.prepare(
      "SELECT role = 'admin' AND disabled_at IS NULL, "
      "(SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL) "
      "FROM users WHERE id = ?1");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::kNotFound, fmt::format("no user {}", id));
  return st->int32(0) != 0 && st->int32(1) <= 1;
}

}  // namespace

Result<int> SqliteAccountStore::count_users() {
  int count = 0;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare("SELECT COUNT(*) FROM users");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    count = st->int32(0);
    return {};
  });
  if (!s) return s.error();
  return count;
}

Result<User> SqliteAccountStore::insert_user(const NewUser& user, bool only_if_no_users) {
  std::optional<User> inserted;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "INSERT INTO users(email, name, role, password_hash, created_at) "
        "SELECT ?1, ?2, ?3, ?4, ?5 WHERE ?6 = 0 OR NOT EXISTS (SELECT 1 FROM users)");
    if (!st) return st.error();
    st->bind(1, user.email)
        .bind(2, user.name)
        .bind(3, role_name(user.role))
        .bind(4, user.password_hash)
        .bind(5, from_time(user.created_at))
        .bind(6, only_if_no_users ? 1 : 0);
    if (auto r = st->run(); !r) {
      if (r.error().code == Errc::kConflict) {
        return make_error(Errc::kConflict, "a user with this email already exists");
      }
      return r;
    }
    if (db.changes() == 0) return make_error(Errc::kConflict, "a user already exists");
    inserted = User{db.last_insert_id(), user.email, user.name, user.role, user.created_at};
    return {};
  });
  if (!s) return s.error();
  return *inserted;
}

Result<User> SqliteAccountStore::find_user(UserId id) {
  std::optional<User> found;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format("SELECT {} FROM users u WHERE u.id = ?1", kUserColumns));
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) found = read_user(*st, 0);
    return {};
  });
  if (!s) return s.error();
  if (!found) return make_error(Errc::kNotFound, fmt::format("no user {}", id));
  return *found;
}

Result<Credentials> SqliteAccountStore::find_credentials(std::string_view email) {
  std::optional<Credentials> found;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        fmt::format("SELECT {}, u.password_hash FROM users u WHERE u.email = ?1", kUserColumns));
    if (!st) return st.error();
    st->bind(1, email);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) found = Credentials{read_user(*st, 0), st->text(kUserColumnCount)};
    return {};
  });
  if (!s) return s.error();
  // The email is not repeated in the message: messages may reach logs.
  if (!found) return make_error(Errc::kNotFound, "no user with this email");
  return *found;
}

Status SqliteAccountStore::set_password_hash(UserId id, std::string_view password_hash) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id).bind(2, password_hash);
    if (auto r = st->run(); !r) return r;
    if (db.changes() == 0) return make_error(Errc::kNotFound, fmt::format("no user {}", id));
    return {};
  });
}

Result<std::vector<User>> SqliteAccountStore::list_users() {
  std::vector<User> users;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format("SELECT {} FROM users u ORDER BY u.name, u.id", kUserColumns));
    if (!st) return st.error();
    while (true) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return {};
      users.push_back(read_user(*st, 0));
    }
  });
  if (!s) return s.error();
  return users;
}

// Both writes below refuse to leave the site without an admin. They run on the store's one
// writer, so the count and the change cannot interleave with another admin's removal.
Status SqliteAccountStore::set_role(UserId id, Role role) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "UPDATE users SET role = ?2 WHERE id = ?1 AND (?2 = 'admin' OR role <> 'admin' OR "
        "disabled_at IS NOT NULL OR "
        "(SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL) > 1)");
    if (!st) return st.error();
    st->bind(1, id).bind(2, role_name(role));
    if (auto r = st->run(); !r) return r;
    if (db.changes() == 1) return {};
    auto exists = db.prepare("SELECT 1 FROM users WHERE id = ?1");
    if (!exists) return exists.error();
    exists->bind(1, id);
    auto row = exists->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::kNotFound, fmt::format("no user {}", id));
    return make_error(Errc::kConflict, "the site needs at least one admin");
  });
}

Status SqliteAccountStore::delete_user(UserId id) {
  return store_.write_sql([&](Db& db) -> Status {
    auto last = is_last_admin(db, id);
    if (!last) return last.error();
    if (*last) return make_error(Errc::kConflict, "the site needs at least one admin");
    // Sessions would go with the user by ON DELETE CASCADE; deleting them first keeps that true
    // even on a connection without foreign keys.
    auto sessions = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!sessions) return sessions.error();
    sessions->bind(1, id);
    if (auto r = sessions->run(); !r) return r;
    auto user = db.prepare("DELETE FROM users WHERE id = ?1");
    if (!user) return user.error();
    user->bind(1, id);
    return user->run();
  });
}

Status SqliteAccountStore::set_disabled(UserId id, bool disabled, core::TimePoint now) {
  return store_.write_sql([&](Db& db) -> Status {
    auto last = is_last_admin(db, id);
    if (!last) return last.error();
    if (disabled && *last) return make_error(Errc::kConflict, "the site needs at least one admin");
    // Keeps the first disabled_at when disabled twice.
    auto st = db.prepare(disabled ? "UPDATE users SET disabled_at = COALESCE(disabled_at, ?2) "
                                    "WHERE id = ?1"
                                  : "UPDATE users SET disabled_at = NULL WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    if (disabled) st->bind(2, from_time(now));
    if (auto r = st->run(); !r) return r;
    if (!disabled) return {};
    auto sessions = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!sessions) return sessions.error();
    sessions->bind(1, id);
    return sessions->run();
  });
}

namespace {

std::string encode_failures(const std::vector<core::TimePoint>& failures) {
  std::string out;
  for (const auto t : failures) {
    if (!out.empty()) out += ' ';
    out += std::to_string(from_time(t));
  }
  return out;
}

std::vector<core::TimePoint> decode_failures(std::string_view text) {
  std::vector<core::TimePoint> out;
  std::int64_t value = 0;
  bool digits = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      digits = true;
    } else {
      if (digits) out.push_back(to_time(value));
      value = 0;
      digits = false;
    }
  }
  if (digits) out.push_back(to_time(value));
  return out;
}

}  // namespace

Result<std::vector<std::pair<std::string, ThrottleState>>> SqliteAccountStore::load_throttle(
    core::TimePoint since, std::size_t limit) {
  std::vector<std::pair<std::string, ThrottleState>> out;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "SELECT key, failures, lockouts, locked_until, last_failure FROM login_throttle "
        "WHERE last_failure > ?1 ORDER BY last_failure DESC LIMIT ?2");
    if (!st) return st.error();
    st->bind(1, from_time(since)).bind(2, static_cast<std::int64_t>(limit));
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return {};
      ThrottleState state;
      state.failures = decode_failures(st->text(1));
      state.lockouts = st->int32(2);
      state.locked_until = to_time(st->int64(3));
      state.last_failure = to_time(st->int64(4));
      out.emplace_back(st->text(0), std::move(state));
    }
  });
  if (!s) return s.error();
  return out;
}

Status SqliteAccountStore::save_throttle(std::string_view key, const ThrottleState& state,
                                         core::TimePoint stale_before) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "INSERT INTO login_throttle(key, failures, lockouts, locked_until, last_failure) "
        "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
        "lockouts = excluded.lockouts, locked_until = excluded.locked_until, "
        "last_failure = excluded.last_failure");
    if (!st) return st.error();
    st->bind(1, key)
        .bind(2, encode_failures(state.failures))
        .bind(3, state.lockouts)
        .bind(4, from_time(state.locked_until))
        .bind(5, from_time(state.last_failure));
    if (auto r = st->run(); !r) return r;
    auto stale =
        db.prepare("DELETE FROM login_throttle WHERE last_failure < ?1 AND locked_until < ?1");
    if (!stale) return stale.error();
    stale->bind(1, from_time(stale_before));
    return stale->run();
  });
}

Status SqliteAccountStore::forget_throttle(std::string_view key) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("DELETE FROM login_throttle WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, key);
    return st->run();
  });
}

Status SqliteAccountStore::insert_session(const SessionRecord& session) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, last_seen_at, expires_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st) return st.error();
    st->bind(1, session.token_hash)
        .bind(2, session.user_id)
        .bind(3, from_time(session.created_at))
        .bind(4, from_time(session.last_seen_at))
        .bind(5, from_time(session.expires_at));
    return st->run();
  });
}

Result<SessionWithUser> SqliteAccountStore::find_session(std::string_view token_hash) {
  std::optional<SessionWithUser> found;
  auto s = store_.read_sql([&](Db& db) -> Status {
    auto st = db.prepare(fmt::format(
        "SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, {} "
        "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
        kUserColumns));
    if (!st) return st.error();
    st->bind(1, token_hash);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return {};
    SessionWithUser sw;
    sw.session.token_hash = st->text(0);
    sw.session.user_id = st->int64(1);
    sw.session.created_at = to_time(st->int64(2));
    sw.session.last_seen_at = to_time(st->int64(3));
    sw.session.expires_at = to_time(st->int64(4));
    sw.user = read_user(*st, 5);
    found = std::move(sw);
    return {};
  });
  if (!s) return s.error();
  if (!found) return make_error(Errc::kNotFound, "no such session");
  return *found;
}

Status SqliteAccountStore::touch_session(std::string_view token_hash, core::TimePoint seen) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
    if (!st) return st.error();
    st->bind(1, token_hash).bind(2, from_time(seen));
    return st->run();
  });
}

Status SqliteAccountStore::delete_session(std::string_view token_hash) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!st) return st.error();
    st->bind(1, token_hash);
    return st->run();
  });
}

Result<int> SqliteAccountStore::delete_user_sessions(UserId user_id) {
  int deleted = 0;
  auto s = store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!st) return st.error();
    st->bind(1, user_id);
    if (auto r = st->run(); !r) return r;
    deleted = db.changes();
    return {};
  });
  if (!s) return s.error();
  return deleted;
}

Status SqliteAccountStore::delete_expired_sessions(core::TimePoint now,
                                                   core::TimePoint idle_cutoff) {
  return store_.write_sql([&](Db& db) -> Status {
    auto st = db.prepare("DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2");
    if (!st) return st.error();
    st->bind(1, from_time(now)).bind(2, from_time(idle_cutoff));
    return st->run();
  });
}

}  // namespace dateline::auth
