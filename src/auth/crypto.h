// Password hashing (Argon2id through libsodium's crypto_pwhash_str) and the random tokens, digests
// and constant-time comparison that sessions and CSRF protection are built on. Every function
// starts libsodium itself on first use. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace dateline::auth {

// Starts libsodium (once). Returns kInternal when it cannot start; the other functions then fail
// closed (hashing errors, verification false).
core::Status init_crypto();

// The cost of one password hash. kInteractive (64 MiB, ~0.1 s) is the default and runs on the
// request thread; kModerate (256 MiB, ~0.7 s) is for hashing off the request path.
enum class PasswordCost { kInteractive, kModerate };

// Longest password accepted (bytes); hashing cost does not depend on it, but request bodies do.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// An encoded Argon2id hash ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") with a fresh random salt.
// Slow on purpose. Returns kInternal when memory for it cannot be had.
core::Result<std::string> hash_password(std::string_view password,
                                        PasswordCost cost = PasswordCost::kInteractive);
// True when `password` matches `encoded`; false for a wrong password or a malformed hash. Takes
// as long as one hash at the cost recorded in `encoded`.
bool verify_password(std::string_view encoded, std::string_view password);
// True when `encoded` was made with other parameters than `cost` asks for now (or is malformed).
bool password_needs_rehash(std::string_view encoded, PasswordCost cost);

// 32 random bytes (randombytes_buf) as unpadded base64url: 43 characters.
std::string random_token();
// True when `token` has random_token()'s shape; checked before a token reaches the database.
bool is_token_shaped(std::string_view token);
// BLAKE2b-256 (crypto_generichash) of `token` in hex: what the database keeps instead of it.
std::string token_digest(std::string_view token);
// A token bound to `token` and `purpose`: BLAKE2b-256 keyed with `token`, base64url. Without
// `token` it cannot be computed, and it reveals nothing of `token`. Empty unless `token` is
// 16..64 bytes long.
std::string derive_token(std::string_view token, std::string_view purpose);
// Equality in time independent of where the inputs differ (sodium_memcmp). Lengths are not
// secret: different lengths compare unequal at once.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace dateline::auth
