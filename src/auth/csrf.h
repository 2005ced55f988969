// CSRF tokens for back-office forms. A form's token is derived from a secret only its browser
// holds: the session token for signed-in pages, the pre-session cookie for the sign-in and
// first-admin forms. Nothing is stored server-side. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dateline::auth {

// derive_token(secret, "dateline csrf v1"); empty when `secret` is malformed.
std::string csrf_token(std::string_view secret);
// True only when `submitted` equals csrf_token(secret), compared in constant time
// (sodium_memcmp); false when either side is empty.
bool csrf_token_matches(std::string_view secret, std::string_view submitted);

}  // namespace dateline::auth
