#include "auth/api_tokens.h"

#include <fmt/format.h>

#include <algorithm>

#include "auth/crypto.h"
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

}  // namespace

bool is_api_token_shaped(std::string_view secret) {
  return secret.starts_with(kApiTokenPrefix) &&
         is_token_shaped(secret.substr(kApiTokenPrefix.size()));
}

core::Result<IssuedToken> ApiTokens::issue(UserId user, std::string_view name) {
  const auto trimmed = core::trim(name);
  if (trimmed.empty()) {
    return make_error(Errc::kInvalidArgument, "Name the token after where it is used.");
  }
  if (core::find_invalid_utf8(trimmed) || count_chars(trimmed) > kMaxTokenNameChars) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("Keep the name under {} characters.", kMaxTokenNameChars));
  }
  if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
      })) {
    return make_error(Errc::kInvalidArgument, "The name cannot hold control characters.");
  }
  IssuedToken issued;
  issued.secret = std::string(kApiTokenPrefix) + random_token();
  auto stored =
      editorial_.add_api_token(user, trimmed, token_digest(issued.secret), clock_.now_seconds());
  if (!stored) return stored.error();
  issued.token = std::move(*stored);
  return issued;
}

core::Result<std::vector<store::ApiToken>> ApiTokens::list(UserId user) {
  return editorial_.api_tokens(user);
}

core::Status ApiTokens::revoke(content::Id token_id, UserId user) {
  return editorial_.revoke_api_token(token_id, user, clock_.now_seconds());
}

core::Result<TokenHolder> ApiTokens::authenticate(std::string_view secret) {
  if (!is_api_token_shaped(secret)) {
    return make_error(Errc::kUnauthenticated, "malformed API token");
  }
  auto token = editorial_.use_api_token(token_digest(secret), clock_.now_seconds());
  if (!token) return token.error();
  auto user = auth_.find_user(token->user_id);
  if (!user) {
    if (user.error().code == Errc::kNotFound) {
      return make_error(Errc::kUnauthenticated, "the token's account no longer exists");
    }
    return user.error();
  }
  if (user->disabled) {
    return make_error(Errc::kUnauthenticated, "the token's account is disabled");
  }
  return TokenHolder{std::move(*user), std::move(*token)};
}

}  // namespace dateline::auth
