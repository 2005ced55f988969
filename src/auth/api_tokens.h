// ApiTokens: per-user secrets that authenticate the JSON API's writes. A token is "dl_" followed by
// random_token() (43 base64url characters); the database keeps only its BLAKE2b-256 digest
// (store::Editorial's api_tokens), so a token is shown once, when it is issued, and never again.
// A token speaks for its user with the user's *current* role; revoking it or deleting the
// account ends it. Never log a token. Thread-safe (borrows thread-safe services).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "auth/auth_service.h"
#include "content/model.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/editorial.h"

namespace dateline::auth {

inline constexpr std::string_view kApiTokenPrefix = "dl_";
inline constexpr std::size_t kMaxTokenNameChars = 100;

// True when `secret` has an issued token's shape ("dl_" + a random_token()).
bool is_api_token_shaped(std::string_view secret);

// A token just issued: `secret` goes to its owner once and is kept nowhere.
struct IssuedToken {
  store::ApiToken token;
  std::string secret;
};

// The account a token speaks for.
struct TokenHolder {
  User user;
  store::ApiToken token;
};

class ApiTokens {
 public:
  ApiTokens(store::Editorial& editorial, AuthService& auth, core::Clock& clock)
      : editorial_(editorial), auth_(auth), clock_(clock) {}

  // Returns kInvalidArgument when `name` (trimmed) is empty, longer than kMaxTokenNameChars or
  // holds control characters.
  core::Result<IssuedToken> issue(UserId user, std::string_view name);
  // The user's tokens, newest first, revoked ones included.
  core::Result<std::vector<store::ApiToken>> list(UserId user);
  // Returns kNotFound unless `user` has a live token with this id.
  core::Status revoke(content::Id token_id, UserId user);
  // The account behind `secret`, marking the token used. Returns kUnauthenticated when the secret
  // is malformed, unknown or revoked, or its account no longer exists.
  core::Result<TokenHolder> authenticate(std::string_view secret);

 private:
  store::Editorial& editorial_;
  AuthService& auth_;
  core::Clock& clock_;
};

}  // namespace dateline::auth
