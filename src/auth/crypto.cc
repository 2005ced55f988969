#include "auth/crypto.h"

#include <sodium.h>

#include <array>

namespace dateline::auth {
namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string base64url(const unsigned char* data, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

struct Limits {
  unsigned long long ops;
  std::size_t mem;
};

Limits limits(PasswordCost cost) {
  if (cost == PasswordCost::kModerate) {
    return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

}  // namespace

core::Status init_crypto() {
  static const int rc = sodium_init();  // thread-safe once; 0 started, 1 already started
  if (rc < 0) return core::make_error(core::Errc::kInternal, "libsodium failed to start");
  return {};
}

core::Result<std::string> hash_password(std::string_view password, PasswordCost cost) {
  if (auto s = init_crypto(); !s) return s.error();
  if (password.size() > kMaxPasswordBytes) {
    return core::make_error(core::Errc::kInvalidArgument, "password is too long");
  }
  const auto l = limits(cost);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), l.ops, l.mem) != 0) {
    return core::make_error(core::Errc::kInternal, "password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
  if (!init_crypto()) return false;
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPasswordBytes) return false;
  const std::string terminated(encoded);  // the C API wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view encoded, PasswordCost cost) {
  if (!init_crypto()) return true;
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(encoded);
  const auto l = limits(cost);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), l.ops, l.mem) != 0;
}

std::string random_token() {
  (void)init_crypto();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  auto token = base64url(raw.data(), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return token;
}

bool is_token_shaped(std::string_view token) {
  if (token.size() != 43) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string token_digest(std::string_view token) {
  (void)init_crypto();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes(token), token.size(), nullptr, 0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string derive_token(std::string_view token, std::string_view purpose) {
  if (token.size() < crypto_generichash_KEYBYTES_MIN ||
      token.size() > crypto_generichash_KEYBYTES_MAX) {
    return {};
  }
  (void)init_crypto();
  std::array<unsigned char, crypto_generichash_BYTES> mac{};
  crypto_generichash(mac.data(), mac.size(), bytes(purpose), purpose.size(), bytes(token),
                     token.size());
  return base64url(mac.data(), mac.size());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  (void)init_crypto();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dateline::auth
