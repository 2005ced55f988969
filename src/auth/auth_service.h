// AuthService: accounts, sign-in and sessions for the back office. It hashes passwords (Argon2id),
// throttles failed sign-ins per account and per client address, and issues session tokens that
// the database knows only by digest, with idle and absolute expiry measured on the injected
// Clock. Thread-safe.
//
// Hashing is slow on purpose and runs on the calling thread. The HTTP server calls sign_in on an
// io thread, so at most `max_concurrent_hashes` hashes run at once; a sign-in beyond that answers
// kBusy at once instead of tying up another io thread (readers' pages keep flowing).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "auth/crypto.h"
#include "auth/login_throttle.h"
#include "auth/role.h"
#include "core/clock.h"
#include "core/result.h"

namespace dateline::auth {

struct SessionOptions {
  std::chrono::seconds idle_timeout{2 * 60 * 60};
  std::chrono::seconds absolute_timeout{7 * 24 * 60 * 60};
  // last_seen_at is written at most this often, so a busy editor does not cost a write per page.
  std::chrono::seconds touch_interval{60};
};

struct AuthOptions {
  SessionOptions sessions;
  ThrottleOptions throttle;
  PasswordCost password_cost = PasswordCost::kInteractive;
  int max_concurrent_hashes = 1;
};

// Rules for new accounts.
inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxEmailBytes = 254;

// What a new account is made of, as typed.
struct AccountInput {
  std::string email;
  std::string name;
  std::string password;
  Role role = Role::kContributor;
};

// One problem with one form field ("email", "name", "password").
struct FieldError {
  std::string field;
  std::string message;
};

// Trimmed and ASCII-lowercased: the form emails are stored and looked up in.
std::string normalize_email(std::string_view email);
// Every problem with `input`, in field order; empty when it is acceptable.
std::vector<FieldError> validate_account(const AccountInput& input);
// What is wrong with `password` as a new password (the "password" rule of validate_account), or
// "" when it is acceptable.
std::string password_problem(std::string_view password);

// A session just started: `token` goes into the cookie and nowhere else.
struct NewSession {
  std::string token;
  User user;
  core::TimePoint expires_at{};
};

// A valid session, as found from its cookie.
struct Session {
  std::string token;
  User user;
  core::TimePoint expires_at{};  // absolute expiry
};

enum class SignInStatus {
  kSignedIn,
  kInvalid,    // unknown email or wrong password: callers must not tell which
  kLockedOut,  // too many failures for this account or address; see retry_after
  kBusy,       // every hashing slot is taken; try again in a moment
  kDisabled,   // right password, but an admin disabled the account
};

struct SignInResult {
  SignInStatus status = SignInStatus::kInvalid;
  std::optional<NewSession> session;    // when kSignedIn
  std::chrono::seconds retry_after{0};  // when kLockedOut or kBusy
};

class AuthService {
 public:
  // Hashes one throwaway password up front: unknown emails are checked against it, so they take
  // as long as known ones.
  AuthService(AccountStore& accounts, core::Clock& clock, AuthOptions options = {});
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  core::Result<int> count_users();
  core::Result<std::vector<User>> list_users() { return accounts_.list_users(); }
  // Returns kNotFound unless the account exists.
  core::Result<User> find_user(UserId id) { return accounts_.find_user(id); }
  // Returns kInvalidArgument listing validate_account's problems, kConflict when the email is
  // taken, kUnavailable when every hashing slot is busy.
  core::Result<User> create_user(const AccountInput& input);
  // As create_user with the admin role, but only while no user exists (kConflict after).
  core::Result<User> create_first_admin(AccountInput input);

  // Account management by an admin, `by` being the admin's own id. Nobody changes their own role
  // or deletes their own account (kForbidden): another admin must, so a slip cannot lock the last
  // one out. Taking the admin role from the last admin, or deleting them, is kConflict.
  core::Status change_role(UserId id, Role role, UserId by);
  // Deletes the account and ends its sessions on every device.
  core::Status delete_user(UserId id, UserId by);
  // Sets a new password (kInvalidArgument naming password_problem) and ends every session of the
  // account, so whoever knew the old password is signed out. kUnavailable when every hashing slot
  // is busy; kNotFound for an unknown user.
  core::Status reset_password(UserId id, std::string_view password);
  // Disables the account (its sessions end and its API tokens stop working; its articles and
  // author profile stay) or enables it again. Nobody disables their own account (kForbidden);
  // disabling the last enabled admin is kConflict.
  core::Status set_disabled(UserId id, bool disabled, UserId by);
  // A signed-in user changing their own password: `current` must be right (kUnauthenticated
  // otherwise, counted by the sign-in throttle; kLockedOut-like waits answer kUnavailable), and
  // `replacement` acceptable (kInvalidArgument naming password_problem). Every session of the
  // account ends, including this one; the returned session replaces it.
  core::Result<NewSession> change_own_password(const User& user, std::string_view current,
                                               std::string_view replacement);

  // Checks an email and password from `address` (the client's IP address). Errors are internal
  // failures only; a refused sign-in is a SignInResult.
  core::Result<SignInResult> sign_in(std::string_view email, std::string_view password,
                                     std::string_view address);
  // Starts a session for `user` (also used right after the first admin is created).
  core::Result<NewSession> start_session(const User& user);
  // The session of a cookie token. Returns kUnauthenticated when the token is malformed, unknown,
  // idle for idle_timeout or older than absolute_timeout (expired sessions are deleted).
  core::Result<Session> authenticate(std::string_view token);
  // Ends this one session; unknown tokens are fine.
  core::Status sign_out(std::string_view token);
  // Ends every session of `user` ("sign out everywhere"); returns how many there were.
  core::Result<int> sign_out_everywhere(UserId user);

  LoginThrottle& throttle() { return throttle_; }
  const AuthOptions& options() const { return options_; }

 private:
  class HashSlot;
  core::Result<User> create(const AccountInput& input, bool first_admin);

  AccountStore& accounts_;
  core::Clock& clock_;
  AuthOptions options_;
  LoginThrottle throttle_;
  std::string dummy_hash_;
  std::atomic<int> hashing_{0};
};

}  // namespace dateline::auth
