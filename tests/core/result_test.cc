#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace dateline::core {
namespace {

TEST(ResultTest, HoldsAValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(r.value(), 42);
}

TEST(ResultTest, HoldsAnError) {
  Result<int> r = make_error(Errc::kNotFound, "no article 'x'");
  ASSERT_FALSE(r.has_value());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code, Errc::kNotFound);
  EXPECT_EQ(r.error().message, "no article 'x'");
}

TEST(ResultTest, ValueOrFallsBackOnlyOnError) {
  Result<std::string> ok = std::string("value");
  Result<std::string> bad = make_error(Errc::kInternal, "boom");
  EXPECT_EQ(ok.value_or("fallback"), "value");
  EXPECT_EQ(bad.value_or("fallback"), "fallback");
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> r = std::string("hello");
  EXPECT_EQ(r->size(), 5u);
  r->append("!");
  EXPECT_EQ(*r, "hello!");
}

TEST(ResultTest, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, StatusIsSuccessByDefault) {
  Status s;
  EXPECT_TRUE(s.has_value());
  EXPECT_TRUE(static_cast<bool>(s));
}

TEST(ResultTest, StatusCarriesAnError) {
  Status s = make_error(Errc::kConflict, "slug taken");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kConflict);
  EXPECT_EQ(s.error().message, "slug taken");
}

TEST(ResultTest, ErrcNamesAreStableSnakeCase) {
  EXPECT_STREQ(errc_name(Errc::kNotFound), "not_found");
  EXPECT_STREQ(errc_name(Errc::kInvalidArgument), "invalid_argument");
  EXPECT_STREQ(errc_name(Errc::kConflict), "conflict");
  EXPECT_STREQ(errc_name(Errc::kUnauthenticated), "unauthenticated");
  EXPECT_STREQ(errc_name(Errc::kForbidden), "forbidden");
  EXPECT_STREQ(errc_name(Errc::kUnavailable), "unavailable");
  EXPECT_STREQ(errc_name(Errc::kInternal), "internal");
}

}  // namespace
}  // namespace dateline::core
