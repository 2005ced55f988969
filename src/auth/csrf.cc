#include "auth/csrf.h"

#include "auth/crypto.h"

namespace dateline::auth {

std::string csrf_token(std::string_view secret) {
  if (!is_token_shaped(secret)) return {};
  return derive_token(secret, "dateline csrf v1");
}

bool csrf_token_matches(std::string_view secret, std::string_view submitted) {
  const auto expected = csrf_token(secret);
  if (expected.empty() || submitted.empty()) return false;
  return constant_time_equal(expected, submitted);
}

}  // namespace dateline::auth
