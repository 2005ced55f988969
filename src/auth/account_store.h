// AccountStore: where users and their sessions are kept. The interface lets the auth services run
// on SQLite now (SqliteAccountStore) and on another database later. Implementations are
// thread-safe. Nothing here checks passwords or expiry: that is the services' job.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/login_throttle.h"
#include "auth/role.h"
#include "core/clock.h"
#include "core/result.h"

namespace dateline::auth {

using UserId = std::int64_t;

// A back-office account, without its password hash.
struct User {
  UserId id = 0;
  std::string email;  // lowercased
  std::string name;
  Role role = Role::kContributor;
  core::TimePoint created_at{};
  bool disabled = false;  // kept with its articles, but cannot sign in or use API tokens
};

struct NewUser {
  std::string email;  // already normalized
  std::string name;
  Role role = Role::kContributor;
  std::string password_hash;  // encoded Argon2id
  core::TimePoint created_at{};
};

struct Credentials {
  User user;
  std::string password_hash;
};

// One signed-in browser. Only a digest of its token is kept (auth/crypto.h token_digest).
struct SessionRecord {
  std::string token_hash;
  UserId user_id = 0;
  core::TimePoint created_at{};
  core::TimePoint last_seen_at{};
  core::TimePoint expires_at{};  // absolute expiry
};

struct SessionWithUser {
  SessionRecord session;
  User user;
};

// Also keeps the sign-in throttle's state (ThrottleStore), so lockouts survive a restart.
class AccountStore : public ThrottleStore {
 public:
  virtual ~AccountStore() = default;

  virtual core::Result<int> count_users() = 0;
  // Returns kConflict when the email is taken, and, with `only_if_no_users`, when any user exists
  // (checked and inserted in one transaction, so two first admins cannot both be created).
  virtual core::Result<User> insert_user(const NewUser& user, bool only_if_no_users) = 0;
  virtual core::Result<User> find_user(UserId id) = 0;
  // Returns kNotFound unless a user has this (normalized) email.
  virtual core::Result<Credentials> find_credentials(std::string_view email) = 0;
  virtual core::Status set_password_hash(UserId id, std::string_view password_hash) = 0;
  // Every user, by name.
  virtual core::Result<std::vector<User>> list_users() = 0;
  // Gives the user `role`. Returns kNotFound for an unknown user and kConflict when it would take
  // the admin role from the last admin (checked in the same transaction as the change).
  virtual core::Status set_role(UserId id, Role role) = 0;
  // Deletes the user and, in the same transaction, their sessions. Returns kNotFound for an
  // unknown user and kConflict when the user is the last admin.
  virtual core::Status delete_user(UserId id) = 0;
  // Disables (`disabled`) or enables the account; disabling also deletes its sessions in the same
  // transaction. kNotFound for an unknown user, kConflict when it would disable the last enabled
  // admin.
  virtual core::Status set_disabled(UserId id, bool disabled, core::TimePoint now) = 0;

  virtual core::Status insert_session(const SessionRecord& session) = 0;
  // Returns kNotFound unless a session has this token digest.
  virtual core::Result<SessionWithUser> find_session(std::string_view token_hash) = 0;
  virtual core::Status touch_session(std::string_view token_hash, core::TimePoint seen) = 0;
  virtual core::Status delete_session(std::string_view token_hash) = 0;
  // Returns how many sessions were deleted.
  virtual core::Result<int> delete_user_sessions(UserId user_id) = 0;
  // Deletes sessions past their absolute expiry at `now` or last seen at or before `idle_cutoff`.
  virtual core::Status delete_expired_sessions(core::TimePoint now,
                                               core::TimePoint idle_cutoff) = 0;
};

}  // namespace dateline::auth
