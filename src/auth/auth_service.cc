#include "auth/auth_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log.h"
#include "core/strings.h"

namespace dateline::auth {
namespace {

using core::Errc;
using core::make_error;

std::size_t count_chars(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool plausible_email(std::string_view email) {
  if (email.size() > kMaxEmailBytes) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::none_of(email.begin(), email.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F ||
           std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos;
  });
}

std::string account_key(std::string_view normalized_email) {
  return fmt::format("account:{}", normalized_email);
}
std::string address_key(std::string_view address) { return fmt::format("address:{}", address); }

}  // namespace

std::string normalize_email(std::string_view email) {
  return core::to_lower_ascii(core::trim(email));
}

std::vector<FieldError> validate_account(const AccountInput& input) {
  std::vector<FieldError> errors;
  const auto email = normalize_email(input.email);
  if (email.empty()) {
    errors.push_back({"email", "Enter an email address."});
  } else if (!plausible_email(email)) {
    errors.push_back({"email", "Enter an email address like name@example.com."});
  }
  const auto name = core::trim(input.name);
  if (name.empty()) {
    errors.push_back({"name", "Enter a name."});
  } else if (count_chars(name) > kMaxNameChars) {
    errors.push_back({"name", fmt::format("Use at most {} characters.", kMaxNameChars)});
  } else if (has_control(name) || core::find_invalid_utf8(name)) {
    errors.push_back({"name", "Use letters, digits, spaces and punctuation only."});
  }
  if (auto problem = password_problem(input.password); !problem.empty()) {
    errors.push_back({"password", std::move(problem)});
  }
  return errors;
}

std::string password_problem(std::string_view password) {
  if (password.empty()) return "Enter a password.";
  if (password.size() > kMaxPasswordBytes) {
    return fmt::format("Use at most {} bytes.", kMaxPasswordBytes);
  }
  if (count_chars(password) < kMinPasswordChars) {
    return fmt::format("Use at least {} characters.", kMinPasswordChars);
  }
  return {};
}

// Holds one of the max_concurrent_hashes slots while it lives, when taken() says it got one.
class AuthService::HashSlot {
 public:
  explicit HashSlot(AuthService& service)
      : service_(service),
        taken_(service_.hashing_.fetch_add(1) < service_.options_.max_concurrent_hashes) {}
  ~HashSlot() { service_.hashing_.fetch_sub(1); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  AuthService& service_;
  bool taken_;
};

AuthService::AuthService(AccountStore& accounts, core::Clock& clock, AuthOptions options)
    : accounts_(accounts),
      clock_(clock),
      options_(options),
      throttle_(clock, options.throttle, &accounts) {
  options_.max_concurrent_hashes = std::max(1, options_.max_concurrent_hashes);
  auto dummy = hash_password(random_token(), options_.password_cost);
  if (dummy) {
    dummy_hash_ = std::move(*dummy);
  } else {
    core::log::warn("auth: cannot prepare the dummy password hash error=\"{}\"",
                    dummy.error().message);
  }
}

core::Result<int> AuthService::count_users() { return accounts_.count_users(); }

core::Result<User> AuthService::create_user(const AccountInput& input) {
  return create(input, false);
}

core::Result<User> AuthService::create_first_admin(AccountInput input) {
  input.role = Role::kAdmin;
  return create(input, true);
}

core::Result<User> AuthService::create(const AccountInput& input, bool first_admin) {
  const auto errors = validate_account(input);
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) {
      if (!message.empty()) message += " ";
      message += fmt::format("{}: {}", e.field, e.message);
    }
    return make_error(Errc::kInvalidArgument, message);
  }
  if (first_admin) {
    // Cheap early answer; insert_user checks again inside its transaction.
    auto count = accounts_.count_users();
    if (!count) return count.error();
    if (*count > 0) return make_error(Errc::kConflict, "a user already exists");
  }
  HashSlot slot(*this);
  if (!slot.taken()) return make_error(Errc::kUnavailable, "the server is busy");
  auto hash = hash_password(input.password, options_.password_cost);
  if (!hash) return hash.error();
  NewUser user{normalize_email(input.email), std::string(core::trim(input.name)), input.role,
               std::move(*hash), clock_.now_seconds()};
  return accounts_.insert_user(user, first_admin);
}

core::Status AuthService::change_role(UserId id, Role role, UserId by) {
  if (id == by) return make_error(Errc::kForbidden, "nobody changes their own role");
  return accounts_.set_role(id, role);
}

core::Status AuthService::delete_user(UserId id, UserId by) {
  if (id == by) return make_error(Errc::kForbidden, "nobody deletes their own account");
  return accounts_.delete_user(id);
}

core::Status AuthService::reset_password(UserId id, std::string_view password) {
  if (auto problem = password_problem(password); !problem.empty()) {
    return make_error(Errc::kInvalidArgument, fmt::format("password: {}", problem));
  }
  if (auto user = accounts_.find_user(id); !user) return user.error();
  std::string hash;
  {
    HashSlot slot(*this);
    if (!slot.taken()) return make_error(Errc::kUnavailable, "the server is busy");
    auto hashed = hash_password(password, options_.password_cost);
    if (!hashed) return hashed.error();
    hash = std::move(*hashed);
  }
  if (auto s = accounts_.set_password_hash(id, hash); !s) return s;
  if (auto n = accounts_.delete_user_sessions(id); !n) return n.error();
  return {};
}

core::Status AuthService::set_disabled(UserId id, bool disabled, UserId by) {
  if (id == by) return make_error(Errc::kForbidden, "nobody disables their own account");
  return accounts_.set_disabled(id, disabled, clock_.now_seconds());
}

core::Result<NewSession> AuthService::change_own_password(const User& user,
                                                          std::string_view current,
                                                          std::string_view replacement) {
  const auto account = account_key(user.email);
  if (throttle_.retry_after(account).count() > 0) {
    return make_error(Errc::kUnavailable, "too many wrong passwords: try again later");
  }
  if (auto problem = password_problem(replacement); !problem.empty()) {
    return make_error(Errc::kInvalidArgument, fmt::format("password: {}", problem));
  }
  std::string hash;
  {
    HashSlot slot(*this);
    if (!slot.taken()) return make_error(Errc::kUnavailable, "the server is busy");
    auto credentials = accounts_.find_credentials(user.email);
    if (!credentials) return credentials.error();
    if (credentials->user.id != user.id || !verify_password(credentials->password_hash, current)) {
      throttle_.record_failure(account);
      return make_error(Errc::kUnauthenticated, "the current password is not right");
    }
    auto hashed = hash_password(replacement, options_.password_cost);
    if (!hashed) return hashed.error();
    hash = std::move(*hashed);
  }
  if (auto s = accounts_.set_password_hash(user.id, hash); !s) return s.error();
  if (auto n = accounts_.delete_user_sessions(user.id); !n) return n.error();
  return start_session(user);
}

core::Result<SignInResult> AuthService::sign_in(std::string_view email, std::string_view password,
                                                std::string_view address) {
  const auto normalized = normalize_email(email);
  const auto account = account_key(normalized);
  const auto client = address_key(address);
  SignInResult result;
  const auto wait =
      std::max(throttle_.retry_after(account),
               address.empty() ? std::chrono::seconds{0} : throttle_.retry_after(client));
  if (wait.count() > 0) {
    result.status = SignInStatus::kLockedOut;
    result.retry_after = wait;
    return result;
  }
  HashSlot slot(*this);
  if (!slot.taken()) {
    result.status = SignInStatus::kBusy;
    result.retry_after = std::chrono::seconds{1};
    return result;
  }
  auto credentials = accounts_.find_credentials(normalized);
  if (!credentials && credentials.error().code != Errc::kNotFound) return credentials.error();
  bool ok = false;
  if (credentials) {
    ok = verify_password(credentials->password_hash, password);
  } else {
    // Same work as for a real account, so the answer's timing does not tell the email is unknown.
    (void)verify_password(dummy_hash_, password);
  }
  if (!ok) {
    throttle_.record_failure(account);
    if (!address.empty()) throttle_.record_failure(client);
    return result;
  }
  if (credentials->user.disabled) {
    result.status = SignInStatus::kDisabled;
    return result;
  }
  throttle_.forget(account);
  if (password_needs_rehash(credentials->password_hash, options_.password_cost)) {
    auto rehashed = hash_password(password, options_.password_cost);
    auto stored = rehashed ? accounts_.set_password_hash(credentials->user.id, *rehashed)
                           : core::Status(rehashed.error());
    if (!stored) {
      core::log::warn("auth: rehashing a password failed user={} error=\"{}\"",
                      credentials->user.id, stored.error().message);
    }
  }
  auto session = start_session(credentials->user);
  if (!session) return session.error();
  result.status = SignInStatus::kSignedIn;
  result.session = std::move(*session);
  return result;
}

core::Result<NewSession> AuthService::start_session(const User& user) {
  const auto now = clock_.now_seconds();
  const auto& o = options_.sessions;
  if (auto s = accounts_.delete_expired_sessions(now, now - o.idle_timeout); !s) return s.error();
  NewSession out{random_token(), user, now + o.absolute_timeout};
  SessionRecord record{token_digest(out.token), user.id, now, now, out.expires_at};
  if (auto s = accounts_.insert_session(record); !s) return s.error();
  return out;
}

core::Result<Session> AuthService::authenticate(std::string_view token) {
  const auto unauthenticated = [] {
    return make_error(Errc::kUnauthenticated, "no valid session");
  };
  if (!is_token_shaped(token)) return unauthenticated();
  const auto digest = token_digest(token);
  auto found = accounts_.find_session(digest);
  if (!found) {
    if (found.error().code == Errc::kNotFound) return unauthenticated();
    return found.error();
  }
  const auto now = clock_.now_seconds();
  const auto& o = options_.sessions;
  const auto& s = found->session;
  if (found->user.disabled || now >= s.expires_at || now - s.last_seen_at >= o.idle_timeout) {
    if (auto d = accounts_.delete_session(digest); !d) return d.error();
    return unauthenticated();
  }
  if (now - s.last_seen_at >= o.touch_interval) {
    if (auto t = accounts_.touch_session(digest, now); !t) return t.error();
  }
  return Session{std::string(token), std::move(found->user), s.expires_at};
}

core::Status AuthService::sign_out(std::string_view token) {
  if (!is_token_shaped(token)) return {};
  return accounts_.delete_session(token_digest(token));
}

core::Result<int> AuthService::sign_out_everywhere(UserId user) {
  return accounts_.delete_user_sessions(user);
}

}  // namespace dateline::auth
