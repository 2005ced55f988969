// SqliteAccountStore: the users, sessions and login_throttle tables (migrations 3 and 5) of a
// SqliteStore. Writes go through the store's one writer (SqliteStore::write_sql), reads through its
// pooled readers, so this class keeps auth's SQL out of the content-facing Store interface.
// Thread-safe.
#pragma once

#include "auth/account_store.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::auth {

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(store::sqlite::SqliteStore& store) : store_(store) {}

  core::Result<int> count_users() override;
  core::Result<User> insert_user(const NewUser& user, bool only_if_no_users) override;
  core::Result<User> find_user(UserId id) override;
  core::Result<Credentials> find_credentials(std::string_view email) override;
  core::Status set_password_hash(UserId id, std::string_view password_hash) override;
  core::Result<std::vector<User>> list_users() override;
  core::Status set_role(UserId id, Role role) override;
  core::Status delete_user(UserId id) override;
  core::Status set_disabled(UserId id, bool disabled, core::TimePoint now) override;

  core::Result<std::vector<std::pair<std::string, ThrottleState>>> load_throttle(
      core::TimePoint since, std::size_t limit) override;
  core::Status save_throttle(std::string_view key, const ThrottleState& state,
                             core::TimePoint stale_before) override;
  core::Status forget_throttle(std::string_view key) override;

  core::Status insert_session(const SessionRecord& session) override;
  core::Result<SessionWithUser> find_session(std::string_view token_hash) override;
  core::Status touch_session(std::string_view token_hash, core::TimePoint seen) override;
  core::Status delete_session(std::string_view token_hash) override;
  core::Result<int> delete_user_sessions(UserId user_id) override;
  core::Status delete_expired_sessions(core::TimePoint now, core::TimePoint idle_cutoff) override;

 private:
  store::sqlite::SqliteStore& store_;
};

}  // namespace dateline::auth
