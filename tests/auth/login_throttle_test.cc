#include "auth/login_throttle.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace dateline::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::chrono::sys_seconds kStart{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};

class LoginThrottleTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_{kStart};
  ThrottleOptions options_;  // 5 failures in 15 minutes, then 5, 10, 20 ... up to 60 minutes
  LoginThrottle throttle_{clock_, options_};

  void fail(std::string_view key, int times) {
    for (int i = 0; i < times; ++i) throttle_.record_failure(key);
  }
};

TEST_F(LoginThrottleTest, LocksAfterFiveFailuresWithinTheWindow) {
  fail("account:a@example.com", 4);
  EXPECT_EQ(throttle_.retry_after("account:a@example.com"), seconds{0});
  EXPECT_EQ(throttle_.record_failure("account:a@example.com"), minutes{5});
  EXPECT_EQ(throttle_.retry_after("account:a@example.com"), minutes{5});
  EXPECT_EQ(throttle_.retry_after("account:b@example.com"), seconds{0});  // keys are separate
}

TEST_F(LoginThrottleTest, LockoutLiftsAfterItsTime) {
  fail("address:198.51.100.7", 5);
  clock_.advance(minutes{4});
  EXPECT_EQ(throttle_.retry_after("address:198.51.100.7"), minutes{1});
  clock_.advance(minutes{1});
  EXPECT_EQ(throttle_.retry_after("address:198.51.100.7"), seconds{0});
}

TEST_F(LoginThrottleTest, FailuresOlderThanTheWindowDoNotCount) {
  fail("k", 4);
  clock_.advance(minutes{15});
  fail("k", 4);
  EXPECT_EQ(throttle_.retry_after("k"), seconds{0});
  EXPECT_EQ(throttle_.record_failure("k"), minutes{5});
}

TEST_F(LoginThrottleTest, EachLockoutInARowDoublesUpToTheMaximum) {
  const std::chrono::seconds expected[] = {minutes{5},  minutes{10}, minutes{20},
                                           minutes{40}, minutes{60}, minutes{60}};
  for (auto lockout : expected) {
    fail("k", 4);
    EXPECT_EQ(throttle_.record_failure("k"), lockout);
    clock_.advance(lockout);
    EXPECT_EQ(throttle_.retry_after("k"), seconds{0});
  }
}

TEST_F(LoginThrottleTest, FailuresWhileLockedDoNotExtendTheLockout) {
  fail("k", 5);
  clock_.advance(minutes{1});
  EXPECT_EQ(throttle_.record_failure("k"), seconds{0});
  EXPECT_EQ(throttle_.retry_after("k"), minutes{4});
}

TEST_F(LoginThrottleTest, QuietDayForgetsPastLockouts) {
  fail("k", 5);
  clock_.advance(std::chrono::hours{25});
  fail("k", 4);
  EXPECT_EQ(throttle_.record_failure("k"), minutes{5});  // back to the first lockout
}

TEST_F(LoginThrottleTest, ForgetClearsAKey) {
  fail("k", 5);
  throttle_.forget("k");
  EXPECT_EQ(throttle_.retry_after("k"), seconds{0});
  fail("k", 4);
  EXPECT_EQ(throttle_.retry_after("k"), seconds{0});
}

TEST(LoginThrottleBoundsTest, RemembersAtMostMaxKeys) {
  testing::FakeClock clock{kStart};
  ThrottleOptions options;
  options.max_keys = 3;
  LoginThrottle throttle(clock, options);
  for (int i = 0; i < 50; ++i) {
    throttle.record_failure("address:" + std::to_string(i));
    clock.advance(seconds{1});
    EXPECT_LE(throttle.size(), 3u);
  }
  // The newest key is still remembered.
  for (int i = 0; i < 4; ++i) throttle.record_failure("address:49");
  EXPECT_GT(throttle.retry_after("address:49"), seconds{0});
}

}  // namespace
}  // namespace dateline::auth
