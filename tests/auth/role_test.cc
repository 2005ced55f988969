#include "auth/role.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace dateline::auth {
namespace {

// The matrix from the issue, spelled out: what each role may do, everything else it may not.
const std::map<Role, std::set<Action>>& expected() {
  static const std::map<Role, std::set<Action>> m = {
      {Role::kContributor, {Action::kWriteOwnDraft, Action::kSubmitForReview}},
      {Role::kAuthor, {Action::kWriteOwnDraft, Action::kSubmitForReview, Action::kPublishOwn}},
      {Role::kEditor,
       {Action::kWriteOwnDraft, Action::kSubmitForReview, Action::kPublishOwn, Action::kEditAny,
        Action::kPublishAny, Action::kManageTaxonomy, Action::kManageAuthors,
        Action::kManageFrontPage}},
      {Role::kAdmin,
       {Action::kWriteOwnDraft, Action::kSubmitForReview, Action::kPublishOwn, Action::kEditAny,
        Action::kPublishAny, Action::kManageTaxonomy, Action::kManageAuthors,
        Action::kManageFrontPage, Action::kManageUsers, Action::kManageSettings}},
  };
  return m;
}

TEST(RoleTest, EveryRoleAndActionMatchesTheMatrix) {
  int checked = 0;
  for (Role role : kAllRoles) {
    for (Action action : kAllActions) {
      SCOPED_TRACE(std::string(role_name(role)) + " " + std::string(action_name(action)));
      EXPECT_EQ(can(role, action), expected().at(role).contains(action));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 40);
}

TEST(RoleTest, ContributorMayOnlyWriteAndSubmitOwnDrafts) {
  EXPECT_TRUE(can(Role::kContributor, Action::kWriteOwnDraft));
  EXPECT_TRUE(can(Role::kContributor, Action::kSubmitForReview));
  EXPECT_FALSE(can(Role::kContributor, Action::kPublishOwn));
  EXPECT_FALSE(can(Role::kContributor, Action::kEditAny));
  EXPECT_FALSE(can(Role::kContributor, Action::kManageUsers));
}

TEST(RoleTest, EditorMayNotManageUsersOrSettings) {
  EXPECT_TRUE(can(Role::kEditor, Action::kManageFrontPage));
  EXPECT_FALSE(can(Role::kEditor, Action::kManageUsers));
  EXPECT_FALSE(can(Role::kEditor, Action::kManageSettings));
}

TEST(RoleTest, EachRoleCanDoEverythingTheRoleBeforeItCan) {
  for (std::size_t i = 1; i < kAllRoles.size(); ++i) {
    for (Action action : kAllActions) {
      if (can(kAllRoles[i - 1], action)) {
        EXPECT_TRUE(can(kAllRoles[i], action));
      }
    }
  }
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : kAllRoles) {
    auto parsed = parse_role(role_name(role));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, role);
  }
  for (Action action : kAllActions) {
    EXPECT_FALSE(action_name(action).empty());
    EXPECT_FALSE(action_label(action).empty());
  }
}

TEST(RoleTest, UnknownRoleIsInvalidArgument) {
  auto parsed = parse_role("superuser");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, core::Errc::kInvalidArgument);
  EXPECT_FALSE(parse_role("Admin"));  // names are exact
}

}  // namespace
}  // namespace dateline::auth
