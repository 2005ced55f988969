#include "auth/auth_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "auth/sqlite_account_store.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::auth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::chrono::sys_seconds kStart{std::chrono::sys_days{std::chrono::year{2025} / 11 / 27}};
constexpr std::string_view kPassword = "correct horse battery staple";

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::open((dir_.path() / "auth.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    accounts_ = std::make_unique<SqliteAccountStore>(*store_);
    service_ = std::make_unique<AuthService>(*accounts_, clock_, options());
  }
  virtual AuthOptions options() const { return {}; }

  User add(std::string email, Role role = Role::kEditor) {
    auto u = service_->create_user({std::move(email), "Sana Mir", std::string(kPassword), role});
    EXPECT_TRUE(u) << u.error().message;
    return u ? *u : User{};
  }
  SignInResult sign_in(std::string_view email, std::string_view password,
                       std::string_view address = "198.51.100.7") {
    auto r = service_->sign_in(email, password, address);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : SignInResult{};
  }
  NewSession signed_in(std::string_view email) {
    auto r = sign_in(email, kPassword);
    EXPECT_EQ(r.status, SignInStatus::kSignedIn);
    return r.session.value_or(NewSession{});
  }

  testing::TempDir dir_;
  testing::FakeClock clock_{kStart};
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<SqliteAccountStore> accounts_;
  std::unique_ptr<AuthService> service_;
};

// ---- accounts --------------------------------------------------------------------------------

TEST_F(AuthServiceTest, CreateUserNormalizesEmailAndStoresOnlyAHash) {
  const auto user = add("  Sana.Mir@Example.COM ");
  EXPECT_EQ(user.email, "sana.mir@example.com");
  EXPECT_EQ(user.role, Role::kEditor);
  auto creds = accounts_->find_credentials("sana.mir@example.com");
  ASSERT_TRUE(creds);
  EXPECT_NE(creds->password_hash, kPassword);
  EXPECT_EQ(creds->password_hash.find(kPassword), std::string::npos);
  EXPECT_TRUE(verify_password(creds->password_hash, kPassword));
}

TEST_F(AuthServiceTest, CreateUserRejectsInvalidInputWithEveryProblem) {
  auto u = service_->create_user({"not-an-email", "", "short", Role::kAuthor});
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(u.error().message.find("email"), std::string::npos);
  EXPECT_NE(u.error().message.find("name"), std::string::npos);
  EXPECT_NE(u.error().message.find("password"), std::string::npos);
  EXPECT_EQ(*service_->count_users(), 0);
}

TEST_F(AuthServiceTest, ValidateAccountNamesEachBadField) {
  const auto errors = validate_account({"a@b", "Name", std::string(11, 'x'), Role::kAuthor});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "email");
  EXPECT_EQ(errors[1].field, "password");
  EXPECT_TRUE(validate_account({"a@b.co", "Name", std::string(12, 'x'), Role::kAuthor}).empty());
  // Twelve characters, not twelve bytes.
  EXPECT_TRUE(validate_account({"a@b.co", "Name", "ééééééééééé", Role::kAuthor}).size() == 1);
}

TEST_F(AuthServiceTest, CreateUserRefusesADuplicateEmailInAnyCase) {
  add("sana@example.com");
  auto again =
      service_->create_user({"SANA@example.com", "Other", std::string(kPassword), Role::kAuthor});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::kConflict);
}

TEST_F(AuthServiceTest, FirstAdminOnlyWhileNoUserExists) {
  auto first = service_->create_first_admin({"ed@example.com", "Ed", std::string(kPassword)});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->role, Role::kAdmin);
  auto second = service_->create_first_admin({"eve@example.com", "Eve", std::string(kPassword)});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, core::Errc::kConflict);
  EXPECT_EQ(*service_->count_users(), 1);
}

TEST_F(AuthServiceTest, InsertOnlyIfNoUsersIsCheckedInsideTheTransaction) {
  add("sana@example.com");
  NewUser late{"late@example.com", "Late", Role::kAdmin, "$argon2id$x", kStart};
  auto r = accounts_->insert_user(late, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kConflict);
}

// ---- sign-in ---------------------------------------------------------------------------------

TEST_F(AuthServiceTest, RightPasswordStartsASession) {
  const auto user = add("sana@example.com");
  auto r = sign_in("Sana@Example.com", kPassword);
  ASSERT_EQ(r.status, SignInStatus::kSignedIn);
  ASSERT_TRUE(r.session);
  EXPECT_TRUE(is_token_shaped(r.session->token));
  EXPECT_EQ(r.session->user.id, user.id);
  EXPECT_EQ(r.session->expires_at, kStart + hours{7 * 24});
  auto s = service_->authenticate(r.session->token);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user.email, "sana@example.com");
}

TEST_F(AuthServiceTest, WrongPasswordIsInvalid) {
  add("sana@example.com");
  auto r = sign_in("sana@example.com", "correct horse battery stapler");
  EXPECT_EQ(r.status, SignInStatus::kInvalid);
  EXPECT_FALSE(r.session);
}

TEST_F(AuthServiceTest, UnknownEmailIsInvalidExactlyLikeAWrongPassword) {
  add("sana@example.com");
  auto wrong = sign_in("sana@example.com", "wrong password here");
  auto unknown = sign_in("nobody@example.com", "wrong password here");
  EXPECT_EQ(unknown.status, SignInStatus::kInvalid);
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.retry_after, wrong.retry_after);
  EXPECT_FALSE(unknown.session);
}

TEST_F(AuthServiceTest, SignInRehashesAPasswordMadeWithOtherParameters) {
  AuthOptions moderate;
  moderate.password_cost = PasswordCost::kModerate;
  add("sana@example.com");  // hashed at kInteractive
  AuthService stricter(*accounts_, clock_, moderate);
  auto r = stricter.sign_in("sana@example.com", kPassword, "198.51.100.7");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SignInStatus::kSignedIn);
  auto creds = accounts_->find_credentials("sana@example.com");
  ASSERT_TRUE(creds);
  EXPECT_FALSE(password_needs_rehash(creds->password_hash, PasswordCost::kModerate));
  EXPECT_TRUE(verify_password(creds->password_hash, kPassword));
}

// ---- throttling ------------------------------------------------------------------------------

TEST_F(AuthServiceTest, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  add("sana@example.com");
  for (int i = 0; i < 5; ++i) {
    // Different addresses: only the account's count matters here.
    EXPECT_EQ(
        sign_in("sana@example.com", "wrong password here", fmt::format("10.0.0.{}", i)).status,
        SignInStatus::kInvalid);
  }
  auto locked = sign_in("sana@example.com", kPassword, "10.0.1.1");
  EXPECT_EQ(locked.status, SignInStatus::kLockedOut);
  EXPECT_EQ(locked.retry_after, minutes{5});
  EXPECT_FALSE(locked.session);
  clock_.advance(minutes{5});
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.1.1").status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, FiveFailuresFromOneAddressLockThatAddressForEveryAccount) {
  add("sana@example.com");
  for (int i = 0; i < 5; ++i) {
    sign_in(fmt::format("guess{}@example.com", i), "wrong password here", "203.0.113.9");
  }
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "203.0.113.9").status, SignInStatus::kLockedOut);
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "203.0.113.10").status, SignInStatus::kSignedIn);
  clock_.advance(minutes{5});
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "203.0.113.9").status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, UnknownEmailsLockOutTooSoLockoutsRevealNothing) {
  for (int i = 0; i < 5; ++i) {
    sign_in("nobody@example.com", "wrong password here", fmt::format("10.0.0.{}", i));
  }
  EXPECT_EQ(sign_in("nobody@example.com", "anything at all", "10.0.9.9").status,
            SignInStatus::kLockedOut);
}

TEST_F(AuthServiceTest, SuccessClearsTheAccountsFailures) {
  add("sana@example.com");
  for (int i = 0; i < 4; ++i) sign_in("sana@example.com", "wrong password here", "10.0.0.1");
  signed_in("sana@example.com");
  for (int i = 0; i < 4; ++i) sign_in("sana@example.com", "wrong password here", "10.0.0.2");
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.0.3").status, SignInStatus::kSignedIn);
}

// ---- sessions --------------------------------------------------------------------------------

TEST_F(AuthServiceTest, SessionTokenIsStoredOnlyAsItsDigest) {
  add("sana@example.com");
  const auto session = signed_in("sana@example.com");
  EXPECT_FALSE(accounts_->find_session(session.token));
  auto found = accounts_->find_session(token_digest(session.token));
  ASSERT_TRUE(found);
  EXPECT_NE(found->session.token_hash, session.token);
}

TEST_F(AuthServiceTest, MalformedOrUnknownTokensAreUnauthenticated) {
  for (std::string_view token :
       {std::string_view(""), std::string_view("abc"), std::string_view("' OR 1=1 --")}) {
    auto s = service_->authenticate(token);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, core::Errc::kUnauthenticated);
  }
  auto s = service_->authenticate(random_token());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kUnauthenticated);
}

TEST_F(AuthServiceTest, SessionExpiresAfterTwoIdleHours) {
  add("sana@example.com");
  const auto session = signed_in("sana@example.com");
  clock_.advance(hours{1} + minutes{59});
  EXPECT_TRUE(service_->authenticate(session.token));  // and counts as activity
  clock_.advance(hours{1} + minutes{59});
  EXPECT_TRUE(service_->authenticate(session.token));
  clock_.advance(hours{2});
  auto s = service_->authenticate(session.token);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kUnauthenticated);
  EXPECT_FALSE(accounts_->find_session(token_digest(session.token)));  // and it was deleted
}

TEST_F(AuthServiceTest, SessionExpiresAfterSevenDaysEvenWhenActive) {
  add("sana@example.com");
  const auto session = signed_in("sana@example.com");
  for (int i = 0; i < 7 * 24 - 1; ++i) {
    clock_.advance(hours{1});
    ASSERT_TRUE(service_->authenticate(session.token)) << "hour " << i + 1;
  }
  clock_.advance(hours{1});
  EXPECT_FALSE(service_->authenticate(session.token));
}

TEST_F(AuthServiceTest, SignOutEndsOnlyThisSession) {
  add("sana@example.com");
  const auto laptop = signed_in("sana@example.com");
  const auto phone = signed_in("sana@example.com");
  ASSERT_TRUE(service_->sign_out(laptop.token));
  EXPECT_FALSE(service_->authenticate(laptop.token));
  EXPECT_TRUE(service_->authenticate(phone.token));
}

TEST_F(AuthServiceTest, SignOutEverywhereEndsEverySessionOfTheUserOnly) {
  const auto sana = add("sana@example.com");
  add("omar@example.com");
  const auto laptop = signed_in("sana@example.com");
  const auto phone = signed_in("sana@example.com");
  const auto other = signed_in("omar@example.com");
  auto ended = service_->sign_out_everywhere(sana.id);
  ASSERT_TRUE(ended);
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(service_->authenticate(laptop.token));
  EXPECT_FALSE(service_->authenticate(phone.token));
  EXPECT_TRUE(service_->authenticate(other.token));
}

TEST_F(AuthServiceTest, StartingASessionSweepsExpiredOnes) {
  add("sana@example.com");
  const auto old = signed_in("sana@example.com");
  clock_.advance(hours{3});
  signed_in("sana@example.com");
  EXPECT_FALSE(accounts_->find_session(token_digest(old.token)));
}

// ---- account management ----------------------------------------------------------------------

TEST_F(AuthServiceTest, ChangeRoleStoresTheNewRole) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  const auto sana = add("sana@example.com", Role::kContributor);
  ASSERT_TRUE(service_->change_role(sana.id, Role::kEditor, admin.id));
  EXPECT_EQ(service_->find_user(sana.id)->role, Role::kEditor);
  const auto session = signed_in("sana@example.com");
  EXPECT_EQ(service_->authenticate(session.token)->user.role, Role::kEditor);
}

TEST_F(AuthServiceTest, NobodyChangesTheirOwnRoleOrDeletesThemselves) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  add("other@example.com", Role::kAdmin);
  auto role = service_->change_role(admin.id, Role::kEditor, admin.id);
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, core::Errc::kForbidden);
  auto deleted = service_->delete_user(admin.id, admin.id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, core::Errc::kForbidden);
  EXPECT_EQ(service_->find_user(admin.id)->role, Role::kAdmin);
}

TEST_F(AuthServiceTest, TheLastAdminKeepsTheRoleAndTheAccount) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  // The store refuses on its own, whoever asks (the service's self-check aside).
  auto demoted = accounts_->set_role(admin.id, Role::kEditor);
  ASSERT_FALSE(demoted);
  EXPECT_EQ(demoted.error().code, core::Errc::kConflict);
  auto deleted = accounts_->delete_user(admin.id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, core::Errc::kConflict);
  EXPECT_EQ(service_->find_user(admin.id)->role, Role::kAdmin);

  // With a second admin either may go, but not both.
  const auto second = add("second@example.com", Role::kAdmin);
  ASSERT_TRUE(service_->change_role(admin.id, Role::kEditor, second.id));
  auto last = service_->change_role(second.id, Role::kAuthor, admin.id);
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().code, core::Errc::kConflict);
  auto gone = service_->delete_user(second.id, admin.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, core::Errc::kConflict);
  // Giving the admin role again always works.
  EXPECT_TRUE(service_->change_role(admin.id, Role::kAdmin, second.id));
}

TEST_F(AuthServiceTest, UnknownUsersAreNotFound) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  EXPECT_EQ(service_->change_role(999, Role::kEditor, admin.id).error().code,
            core::Errc::kNotFound);
  EXPECT_EQ(service_->delete_user(999, admin.id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(service_->reset_password(999, "a long enough new password").error().code,
            core::Errc::kNotFound);
}

TEST_F(AuthServiceTest, DeletingAUserSignsThemOutEverywhereAndFreesTheEmail) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  const auto sana = add("sana@example.com", Role::kEditor);
  const auto laptop = signed_in("sana@example.com");
  const auto phone = signed_in("sana@example.com");
  const auto mine = signed_in("admin@example.com");
  ASSERT_TRUE(service_->delete_user(sana.id, admin.id));
  EXPECT_FALSE(service_->authenticate(laptop.token));
  EXPECT_FALSE(service_->authenticate(phone.token));
  EXPECT_TRUE(service_->authenticate(mine.token));
  EXPECT_FALSE(service_->find_user(sana.id));
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kInvalid);
  EXPECT_TRUE(service_->create_user(
      {"sana@example.com", "Sana Mir", std::string(kPassword), Role::kAuthor}));
}

TEST_F(AuthServiceTest, ResetPasswordReplacesItAndEndsEverySession) {
  const auto sana = add("sana@example.com");
  const auto laptop = signed_in("sana@example.com");
  const std::string fresh = "a completely new passphrase";
  ASSERT_TRUE(service_->reset_password(sana.id, fresh));
  EXPECT_FALSE(service_->authenticate(laptop.token));
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kInvalid);
  EXPECT_EQ(sign_in("sana@example.com", fresh).status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, ResetPasswordKeepsTheRulesOfNewAccounts) {
  const auto sana = add("sana@example.com");
  const auto laptop = signed_in("sana@example.com");
  auto r = service_->reset_password(sana.id, "short");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find("at least 12 characters"), std::string::npos);
  // Nothing changed: the old password and the session still work.
  EXPECT_TRUE(service_->authenticate(laptop.token));
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kSignedIn);
  EXPECT_EQ(password_problem(""), "Enter a password.");
  EXPECT_EQ(password_problem(std::string(12, 'x')), "");
  EXPECT_EQ(password_problem("ééééééééééé"), "Use at least 12 characters.");  // 11 characters
}

}  // namespace
// ---- disabled accounts -----------------------------------------------------------------------

TEST_F(AuthServiceTest, DisablingEndsSessionsAndRefusesSignInUntilEnabledAgain) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  const auto sana = add("sana@example.com");
  const auto laptop = signed_in("sana@example.com");
  ASSERT_TRUE(service_->set_disabled(sana.id, true, admin.id));
  EXPECT_TRUE(service_->find_user(sana.id)->disabled);
  EXPECT_FALSE(service_->authenticate(laptop.token));
  // The right password learns the account is disabled; a wrong one learns nothing more.
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kDisabled);
  EXPECT_EQ(sign_in("sana@example.com", "wrong password here").status, SignInStatus::kInvalid);
  ASSERT_TRUE(service_->set_disabled(sana.id, false, admin.id));
  EXPECT_FALSE(service_->find_user(sana.id)->disabled);
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, NobodyDisablesThemselvesNorTheLastEnabledAdmin) {
  const auto admin = add("admin@example.com", Role::kAdmin);
  auto self = service_->set_disabled(admin.id, true, admin.id);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, core::Errc::kForbidden);
  auto last = accounts_->set_disabled(admin.id, true, clock_.now_seconds());
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().code, core::Errc::kConflict);
  EXPECT_FALSE(service_->find_user(admin.id)->disabled);

  // A disabled admin does not count: with admin B disabled, A is still the last one.
  const auto second = add("second@example.com", Role::kAdmin);
  ASSERT_TRUE(service_->set_disabled(second.id, true, admin.id));
  EXPECT_EQ(accounts_->set_disabled(admin.id, true, clock_.now_seconds()).error().code,
            core::Errc::kConflict);
  EXPECT_EQ(accounts_->set_role(admin.id, Role::kEditor).error().code, core::Errc::kConflict);
  EXPECT_EQ(accounts_->delete_user(admin.id).error().code, core::Errc::kConflict);
  // ... while the disabled admin may lose the role or go.
  EXPECT_TRUE(accounts_->set_role(second.id, Role::kEditor));
  EXPECT_TRUE(accounts_->delete_user(second.id));
  EXPECT_EQ(service_->set_disabled(999, true, admin.id).error().code, core::Errc::kNotFound);
}

// ---- one's own password ------------------------------------------------------------------------

TEST_F(AuthServiceTest, ChangingOwnPasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  const auto sana = add("sana@example.com");
  const auto laptop = signed_in("sana@example.com");
  const auto phone = signed_in("sana@example.com");
  const std::string fresh = "a completely new passphrase";

  auto wrong = service_->change_own_password(sana, "not my password at all", fresh);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::Errc::kUnauthenticated);
  auto weak = service_->change_own_password(sana, kPassword, "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, core::Errc::kInvalidArgument);
  EXPECT_TRUE(service_->authenticate(laptop.token));  // nothing changed so far

  auto changed = service_->change_own_password(sana, kPassword, fresh);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_FALSE(service_->authenticate(laptop.token));
  EXPECT_FALSE(service_->authenticate(phone.token));
  auto now = service_->authenticate(changed->token);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->user.id, sana.id);
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kInvalid);
  EXPECT_EQ(sign_in("sana@example.com", fresh).status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, WrongCurrentPasswordsCountTowardsTheLockout) {
  const auto sana = add("sana@example.com");
  for (int i = 0; i < 5; ++i) {
    auto r = service_->change_own_password(sana, "guessing a password", "a new long password");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::kUnauthenticated);
  }
  // Locked now: even the right current password is refused, and so is signing in.
  auto locked = service_->change_own_password(sana, kPassword, "a new long password");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, core::Errc::kUnavailable);
  EXPECT_EQ(sign_in("sana@example.com", kPassword).status, SignInStatus::kLockedOut);
}

// ---- lockouts survive a restart --------------------------------------------------------------

TEST_F(AuthServiceTest, ALockoutOutlivesARestart) {
  add("sana@example.com");
  for (int i = 0; i < 5; ++i) sign_in("sana@example.com", "wrong password here", "10.0.0.1");
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.0.2").status, SignInStatus::kLockedOut);

  // A new service over the same database, as after a restart.
  service_ = std::make_unique<AuthService>(*accounts_, clock_, options());
  auto locked = sign_in("sana@example.com", kPassword, "10.0.0.3");
  EXPECT_EQ(locked.status, SignInStatus::kLockedOut);
  EXPECT_EQ(locked.retry_after, minutes{5});
  clock_.advance(minutes{5});
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.0.3").status, SignInStatus::kSignedIn);

  // The success cleared the account's failures in the database too: after another restart,
  // four failures do not lock it.
  service_ = std::make_unique<AuthService>(*accounts_, clock_, options());
  for (int i = 0; i < 4; ++i) sign_in("sana@example.com", "wrong password here", "10.0.1.1");
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.1.2").status, SignInStatus::kSignedIn);
}

TEST_F(AuthServiceTest, FailuresInProgressOutliveARestartToo) {
  add("sana@example.com");
  for (int i = 0; i < 3; ++i) sign_in("sana@example.com", "wrong password here", "10.0.0.1");
  service_ = std::make_unique<AuthService>(*accounts_, clock_, options());
  for (int i = 0; i < 2; ++i) sign_in("sana@example.com", "wrong password here", "10.0.2.1");
  EXPECT_EQ(sign_in("sana@example.com", kPassword, "10.0.2.2").status, SignInStatus::kLockedOut);
}

}  // namespace dateline::auth
