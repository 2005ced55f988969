// The accounts pages: who may use them, creating accounts, roles, password resets and deletion,
// and the protection of the last admin.
#include <gtest/gtest.h>

#include "admin/admin_fixture.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

class UsersTest : public AdminTest {
 protected:
  // Posts `fields` to `target` with the CSRF token of `b`'s last page.
  http::Response send(Browser& b, const std::string& target, Fields fields) {
    fields.emplace_back("csrf", b.csrf());
    return b.post(target, fields);
  }
  std::optional<auth::User> user(auth::UserId id) {
    auto u = auth_->find_user(id);
    if (!u) return std::nullopt;
    return *u;
  }
  static Fields new_account(const std::string& email, const std::string& role = "author") {
    return {{"name", "Nadia Khan"},
            {"email", email},
            {"role", role},
            {"password", "a long and good password"},
            {"password_confirm", "a long and good password"}};
  }
};

TEST_F(UsersTest, EveryUsersPageIsForAdminsOnlyAndOtherRolesChangeNothing) {
  const auto admin = add_user("ad@example.com", Role::kAdmin, "Ad Min");
  for (auto role : {Role::kContributor, Role::kAuthor, Role::kEditor}) {
    SCOPED_TRACE(auth::role_name(role));
    const auto email = fmt::format("{}@example.com", auth::role_name(role));
    add_user(email, role);
    auto b = signed_in(email);
    for (const auto& page : {std::string("/admin/users"), std::string("/admin/users/new"),
                             fmt::format("/admin/users/{}", admin.id)}) {
      EXPECT_EQ(b.get(page).status, 403u) << page;
    }
    const auto before = users();
    EXPECT_EQ(send(b, "/admin/users/new", new_account("sneaky@example.com", "admin")).status, 403u);
    EXPECT_EQ(
        send(b, fmt::format("/admin/users/{}/role", admin.id), {{"role", "contributor"}}).status,
        403u);
    EXPECT_EQ(send(b, fmt::format("/admin/users/{}/password", admin.id),
                   {{"password", "taken over by me"}, {"password_confirm", "taken over by me"}})
                  .status,
              403u);
    EXPECT_EQ(send(b, fmt::format("/admin/users/{}/delete", admin.id), {{"confirm", "yes"}}).status,
              403u);
    EXPECT_EQ(users(), before);
    EXPECT_EQ(user(admin.id)->role, Role::kAdmin);
    EXPECT_FALSE(contains(b.get("/admin").payload(), "href=\"/admin/users\""));
  }
  // The admin's password still works.
  signed_in("ad@example.com");
}

TEST_F(UsersTest, AdminCreatesAnAccountThatSignsInWithItsRole) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("ad@example.com");
  auto form = b.get("/admin/users/new");
  EXPECT_EQ(form.status, 200u);
  EXPECT_TRUE(contains(form.payload(), "name=\"password_confirm\""));
  auto r = send(b, "/admin/users/new", new_account("Nadia@Example.com", "editor"));
  ASSERT_EQ(r.status, 303u) << r.payload();
  const auto location = std::string(r.header("Location"));
  EXPECT_TRUE(location.starts_with("/admin/users/")) << location;
  EXPECT_TRUE(location.ends_with("?done=created")) << location;
  auto page = b.get(location);
  EXPECT_TRUE(contains(page.payload(), "nadia@example.com"));
  EXPECT_TRUE(contains(page.payload(), "Account created"));
  EXPECT_EQ(users(), 2);

  Browser nadia(*admin_);
  nadia.get("/admin/sign-in");
  auto in = nadia.post("/admin/sign-in", {{"csrf", nadia.csrf()},
                                          {"email", "nadia@example.com"},
                                          {"password", "a long and good password"}});
  EXPECT_EQ(in.status, 303u);
  EXPECT_TRUE(contains(nadia.get("/admin").payload(), "<strong>editor</strong>"));
}

TEST_F(UsersTest, CreateShowsEachProblemBesideItsFieldAndCreatesNothing) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("ad@example.com");
  b.get("/admin/users/new");
  auto r = send(b, "/admin/users/new",
                {{"name", ""},
                 {"email", "not-an-email"},
                 {"role", "overlord"},
                 {"password", "short"},
                 {"password_confirm", "other"}});
  EXPECT_EQ(r.status, 422u);
  const auto body = std::string(r.payload());
  EXPECT_TRUE(contains(body, "id=\"name-error\"")) << body;
  EXPECT_TRUE(contains(body, "Enter a name."));
  EXPECT_TRUE(contains(body, "id=\"email-error\""));
  EXPECT_TRUE(contains(body, "like name@example.com"));
  EXPECT_TRUE(contains(body, "id=\"role-error\""));
  EXPECT_TRUE(contains(body, "Choose a role from the list."));
  EXPECT_TRUE(contains(body, "id=\"password-error\""));
  EXPECT_TRUE(contains(body, "Use at least 12 characters."));
  EXPECT_TRUE(contains(body, "value=\"not-an-email\""));  // typed values come back...
  EXPECT_FALSE(contains(body, "value=\"short\""));        // ...but never a password
  EXPECT_EQ(users(), 1);

  b.get("/admin/users/new");
  auto fields = new_account("nadia@example.com");
  fields.back().second = "a different password";
  r = send(b, "/admin/users/new", fields);
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"password_confirm-error\""));
  EXPECT_TRUE(contains(r.payload(), "The two passwords do not match."));
  EXPECT_EQ(users(), 1);
}

TEST_F(UsersTest, ADuplicateEmailIsReportedOnTheEmailField) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("ad@example.com");
  b.get("/admin/users/new");
  auto r = send(b, "/admin/users/new", new_account("AD@example.com"));
  EXPECT_EQ(r.status, 409u);
  EXPECT_TRUE(contains(r.payload(), "id=\"email-error\""));
  EXPECT_TRUE(contains(r.payload(), "already exists"));
  EXPECT_EQ(users(), 1);
}

TEST_F(UsersTest, ChangingARoleTakesEffectOnTheirNextPage) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  const auto ed = add_user("ed@example.com", Role::kEditor, "Ed Itor");
  auto editor = signed_in("ed@example.com");
  EXPECT_EQ(editor.get("/admin/authors").status, 200u);

  auto b = signed_in("ad@example.com");
  b.get(fmt::format("/admin/users/{}", ed.id));
  auto r = send(b, fmt::format("/admin/users/{}/role", ed.id), {{"role", "author"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_TRUE(
      contains(b.get(std::string(r.header("Location"))).payload(), "Role changed to Author"));
  EXPECT_EQ(user(ed.id)->role, Role::kAuthor);
  EXPECT_EQ(editor.get("/admin/authors").status, 403u);

  b.get(fmt::format("/admin/users/{}", ed.id));
  r = send(b, fmt::format("/admin/users/{}/role", ed.id), {{"role", "emperor"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"role-error\""));
  EXPECT_EQ(user(ed.id)->role, Role::kAuthor);
}

TEST_F(UsersTest, TheOnlyAdminCannotDemoteOrDeleteThemselves) {
  const auto admin = add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("ad@example.com");
  auto own = b.get(fmt::format("/admin/users/{}", admin.id));
  EXPECT_EQ(own.status, 200u);
  EXPECT_TRUE(contains(own.payload(), "This is your own account"));
  EXPECT_FALSE(contains(own.payload(), "/delete\""));  // no forms to press

  auto r = send(b, fmt::format("/admin/users/{}/role", admin.id), {{"role", "editor"}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_TRUE(contains(r.payload(), "Ask another admin"));
  r = send(b, fmt::format("/admin/users/{}/delete", admin.id), {{"confirm", "yes"}});
  EXPECT_EQ(r.status, 403u);
  r = send(b, fmt::format("/admin/users/{}/password", admin.id),
           {{"password", "a brand new password"}, {"password_confirm", "a brand new password"}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(user(admin.id)->role, Role::kAdmin);
  EXPECT_EQ(users(), 1);
  EXPECT_EQ(b.get("/admin/users").status, 200u);  // still signed in, still an admin
}

TEST_F(UsersTest, AnotherAdminMayBeDemotedWhileOneAdminRemains) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  const auto second = add_user("second@example.com", Role::kAdmin, "Sec Ond");
  auto b = signed_in("ad@example.com");
  b.get(fmt::format("/admin/users/{}", second.id));
  auto r = send(b, fmt::format("/admin/users/{}/role", second.id), {{"role", "editor"}});
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(user(second.id)->role, Role::kEditor);
  auto list = b.get("/admin/users");
  EXPECT_TRUE(contains(list.payload(), "2 accounts, 1 of them admins"));
}

TEST_F(UsersTest, ResettingAPasswordChecksItAndSignsTheAccountOutEverywhere) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  const auto ed = add_user("ed@example.com", Role::kEditor, "Ed Itor");
  auto editor = signed_in("ed@example.com");
  auto b = signed_in("ad@example.com");
  const auto page = fmt::format("/admin/users/{}", ed.id);

  b.get(page);
  auto r = send(b, page + "/password", {{"password", "short"}, {"password_confirm", "short"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"password-error\""));
  b.get(page);
  r = send(b, page + "/password",
           {{"password", "a brand new password"}, {"password_confirm", "a brand new passwort"}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"password_confirm-error\""));
  EXPECT_EQ(editor.get("/admin").status, 200u);  // nothing happened yet

  b.get(page);
  r = send(b, page + "/password",
           {{"password", "a brand new password"}, {"password_confirm", "a brand new password"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_TRUE(contains(b.get(std::string(r.header("Location"))).payload(), "Password reset"));
  EXPECT_EQ(editor.get("/admin").status, 303u);  // signed out
  Browser again(*admin_);
  again.get("/admin/sign-in");
  EXPECT_EQ(again
                .post("/admin/sign-in", {{"csrf", again.csrf()},
                                         {"email", "ed@example.com"},
                                         {"password", "a brand new password"}})
                .status,
            303u);
  EXPECT_EQ(b.get("/admin/users").status, 200u);  // the admin's own session lives on
}

TEST_F(UsersTest, DeletingNeedsTheBoxTickedAndSignsTheAccountOut) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  const auto ed = add_user("ed@example.com", Role::kEditor, "Ed Itor");
  content::Author byline;
  byline.name = "Ed Itor";
  byline.user_id = ed.id;
  const auto author = editorial_->save_author(byline);
  ASSERT_TRUE(author);
  auto editor = signed_in("ed@example.com");
  auto b = signed_in("ad@example.com");
  const auto page = fmt::format("/admin/users/{}", ed.id);

  b.get(page);
  auto r = send(b, page + "/delete", {});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "id=\"confirm-error\""));
  EXPECT_TRUE(user(ed.id).has_value());

  b.get(page);
  r = send(b, page + "/delete", {{"confirm", "yes"}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin/users?done=deleted");
  EXPECT_FALSE(user(ed.id).has_value());
  EXPECT_EQ(users(), 1);
  EXPECT_EQ(editor.get("/admin").status, 303u);
  EXPECT_EQ(b.get(page).status, 404u);
  // The byline stays, no longer linked to an account.
  auto kept = store_->find_author(author->id);
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->user_id.has_value());
}

TEST_F(UsersTest, UnknownAccountsAndActionsAreNotFound) {
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("ad@example.com");
  EXPECT_EQ(b.get("/admin/users/999").status, 404u);
  EXPECT_EQ(b.get("/admin/users/abc").status, 404u);
  EXPECT_EQ(send(b, "/admin/users/999/delete", {{"confirm", "yes"}}).status, 404u);
  EXPECT_EQ(b.get("/admin/users/1/role").status, 405u);
  EXPECT_EQ(b.request("DELETE", "/admin/users").status, 405u);
}

TEST_F(UsersTest, AdminDisablesAndEnablesAnAccount) {
  const auto admin = add_user("ad@example.com", Role::kAdmin, "Ad Min");
  const auto sana = add_user("sana@example.com", Role::kEditor);
  auto theirs = signed_in("sana@example.com", "198.51.100.20");
  auto b = signed_in("ad@example.com");
  b.get(fmt::format("/admin/users/{}", sana.id));
  auto r = send(b, fmt::format("/admin/users/{}/disable", sana.id), {});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_TRUE(user(sana.id)->disabled);
  EXPECT_TRUE(contains(b.get(std::string(r.header("Location"))).payload(), "Account disabled"));
  EXPECT_TRUE(contains(b.get("/admin/users").payload(), "disabled</span>"));
  // Their open session ends, and signing in again is refused with a clear message.
  EXPECT_EQ(theirs.get("/admin").status, 303u);
  Browser again(*admin_, "198.51.100.21");
  again.get("/admin/sign-in");
  auto refused = again.post("/admin/sign-in", {{"csrf", again.csrf()},
                                               {"email", "sana@example.com"},
                                               {"password", std::string(kPassword)}});
  EXPECT_EQ(refused.status, 403u);
  EXPECT_TRUE(contains(refused.payload(), "This account has been disabled"));

  b.get(fmt::format("/admin/users/{}", sana.id));
  ASSERT_EQ(send(b, fmt::format("/admin/users/{}/enable", sana.id), {}).status, 303u);
  EXPECT_FALSE(user(sana.id)->disabled);
  signed_in("sana@example.com", "198.51.100.22");

  // Nobody disables themselves; other roles cannot disable anyone.
  b.get(fmt::format("/admin/users/{}", admin.id));
  EXPECT_EQ(send(b, fmt::format("/admin/users/{}/disable", admin.id), {}).status, 403u);
  EXPECT_FALSE(user(admin.id)->disabled);
  auto editor = signed_in("sana@example.com", "198.51.100.23");
  editor.get("/admin");
  EXPECT_EQ(send(editor, fmt::format("/admin/users/{}/disable", admin.id), {}).status, 403u);
  EXPECT_FALSE(user(admin.id)->disabled);
  EXPECT_EQ(b.get(fmt::format("/admin/users/{}/disable", sana.id)).status, 405u);
}

TEST_F(UsersTest, EveryoneChangesTheirOwnPasswordGivingTheCurrentOne) {
  add_user("c@example.com", Role::kContributor);
  auto other_device = signed_in("c@example.com", "198.51.100.30");
  auto b = signed_in("c@example.com");
  auto page = b.get("/admin/account");
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.payload(), "autocomplete=\"current-password\""));
  const std::string fresh = "my brand new passphrase";

  auto wrong = send(
      b, "/admin/account/password",
      {{"current_password", "not the password"}, {"password", fresh}, {"password_confirm", fresh}});
  EXPECT_EQ(wrong.status, 422u);
  EXPECT_TRUE(contains(wrong.payload(), "That is not your current password."));
  auto mismatch = send(b, "/admin/account/password",
                       {{"current_password", std::string(kPassword)},
                        {"password", fresh},
                        {"password_confirm", "something else entirely"}});
  EXPECT_EQ(mismatch.status, 422u);
  EXPECT_TRUE(contains(mismatch.payload(), "The two passwords do not match."));
  auto same = send(b, "/admin/account/password",
                   {{"current_password", std::string(kPassword)},
                    {"password", std::string(kPassword)},
                    {"password_confirm", std::string(kPassword)}});
  EXPECT_EQ(same.status, 422u);
  EXPECT_EQ(other_device.get("/admin").status, 200u);  // nothing changed yet

  auto r = send(b, "/admin/account/password",
                {{"current_password", std::string(kPassword)},
                 {"password", fresh},
                 {"password_confirm", fresh}});
  ASSERT_EQ(r.status, 303u) << r.payload();
  EXPECT_EQ(r.header("Location"), "/admin/account?done=password");
  // This browser carries on with a fresh session; the other device is signed out.
  auto done = b.get("/admin/account?done=password");
  EXPECT_EQ(done.status, 200u);
  EXPECT_TRUE(contains(done.payload(), "Password changed."));
  EXPECT_EQ(other_device.get("/admin").status, 303u);
  EXPECT_EQ(auth_->sign_in("c@example.com", fresh, "198.51.100.31")->status,
            auth::SignInStatus::kSignedIn);
  // Without the CSRF token nothing happens.
  EXPECT_EQ(b.post("/admin/account/password", {{"current_password", fresh},
                                               {"password", "another new passphrase"},
                                               {"password_confirm", "another new passphrase"}})
                .status,
            403u);
}

}  // namespace
}  // namespace dateline::admin
