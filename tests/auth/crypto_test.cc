#include "auth/crypto.h"

#include <gtest/gtest.h>

#include <set>

#include "auth/csrf.h"

namespace dateline::auth {
namespace {

constexpr std::string_view kPassword = "correct horse battery staple";

TEST(PasswordHashTest, VerifiesTheRightPassword) {
  auto hash = hash_password(kPassword);
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(verify_password(*hash, kPassword));
}

TEST(PasswordHashTest, RejectsAWrongPassword) {
  auto hash = hash_password(kPassword);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(verify_password(*hash, ""));
}

TEST(PasswordHashTest, HashIsArgon2idAndNeverThePassword) {
  auto hash = hash_password(kPassword);
  ASSERT_TRUE(hash);
  EXPECT_NE(*hash, kPassword);
  EXPECT_EQ(hash->find(kPassword), std::string::npos);
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
}

TEST(PasswordHashTest, SamePasswordHashesDifferentlyEachTime) {
  auto a = hash_password(kPassword);
  auto b = hash_password(kPassword);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // fresh salt
  EXPECT_TRUE(verify_password(*b, kPassword));
}

TEST(PasswordHashTest, NeedsRehashOnlyWhenTheCostChanged) {
  auto hash = hash_password(kPassword, PasswordCost::kInteractive);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(password_needs_rehash(*hash, PasswordCost::kInteractive));
  EXPECT_TRUE(password_needs_rehash(*hash, PasswordCost::kModerate));
  EXPECT_TRUE(password_needs_rehash("not a hash", PasswordCost::kInteractive));
}

TEST(PasswordHashTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(verify_password("", kPassword));
  EXPECT_FALSE(verify_password("$argon2id$v=19$garbage", kPassword));
  EXPECT_FALSE(verify_password(std::string(500, 'x'), kPassword));
}

TEST(PasswordHashTest, OverlongPasswordIsRefused) {
  auto hash = hash_password(std::string(kMaxPasswordBytes + 1, 'a'));
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, core::Errc::kInvalidArgument);
}

TEST(TokenTest, RandomTokensAre43Base64UrlCharactersAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto t = random_token();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_TRUE(is_token_shaped(t)) << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenTest, ShapeCheckRejectsAnythingElse) {
  EXPECT_FALSE(is_token_shaped(""));
  EXPECT_FALSE(is_token_shaped(std::string(42, 'a')));
  EXPECT_FALSE(is_token_shaped(std::string(44, 'a')));
  EXPECT_FALSE(is_token_shaped(std::string(42, 'a') + "="));
  EXPECT_FALSE(is_token_shaped(std::string(42, 'a') + "+"));
  EXPECT_TRUE(is_token_shaped(std::string(41, 'a') + "-_"));
}

TEST(TokenTest, DigestIsStableHexAndNotTheToken) {
  const auto t = random_token();
  const auto d = token_digest(t);
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(d, token_digest(t));
  EXPECT_NE(d, token_digest(random_token()));
}

TEST(CsrfTest, AcceptsTheTokenDerivedFromItsSecret) {
  const auto secret = random_token();
  const auto token = csrf_token(secret);
  ASSERT_FALSE(token.empty());
  EXPECT_NE(token, secret);
  EXPECT_EQ(token, csrf_token(secret));  // stable for the life of the secret
  EXPECT_TRUE(csrf_token_matches(secret, token));
}

TEST(CsrfTest, RejectsMissingWrongOrForeignTokens) {
  const auto secret = random_token();
  const auto token = csrf_token(secret);
  EXPECT_FALSE(csrf_token_matches(secret, ""));
  EXPECT_FALSE(csrf_token_matches(secret, csrf_token(random_token())));
  EXPECT_FALSE(csrf_token_matches(secret, token.substr(1)));
  EXPECT_FALSE(csrf_token_matches(secret, token + "x"));
  auto last_changed = token;
  last_changed.back() = last_changed.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(csrf_token_matches(secret, last_changed));
  EXPECT_FALSE(csrf_token_matches("", token));
  EXPECT_FALSE(csrf_token_matches("short", csrf_token("short")));
}

TEST(CsrfTest, ConstantTimeEqualComparesEveryByte) {
  // constant_time_equal is sodium_memcmp under a length check; it must still be plain equality.
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "xbc"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace dateline::auth
