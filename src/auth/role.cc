#include "auth/role.h"

#include <fmt/format.h>

namespace dateline::auth {

bool can(Role role, Action action) {
  switch (action) {
    case Action::kWriteOwnDraft:
    case Action::kSubmitForReview:
      return true;
    case Action::kPublishOwn:
      return role != Role::kContributor;
    case Action::kEditAny:
    case Action::kPublishAny:
    case Action::kManageTaxonomy:
    case Action::kManageAuthors:
    case Action::kManageFrontPage:
      return role == Role::kEditor || role == Role::kAdmin;
    case Action::kManageUsers:
    case Action::kManageSettings:
      return role == Role::kAdmin;
  }
  return false;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kContributor:
      return "contributor";
    case Role::kAuthor:
      return "author";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "contributor";
}

core::Result<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles) {
    if (role_name(r) == name) return r;
  }
  return core::make_error(
      core::Errc::kInvalidArgument,
      fmt::format("unknown role '{}': use contributor, author, editor or admin", name));
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kWriteOwnDraft:
      return "write_own_draft";
    case Action::kSubmitForReview:
      return "submit_for_review";
    case Action::kPublishOwn:
      return "publish_own";
    case Action::kEditAny:
      return "edit_any";
    case Action::kPublishAny:
      return "publish_any";
    case Action::kManageTaxonomy:
      return "manage_taxonomy";
    case Action::kManageAuthors:
      return "manage_authors";
    case Action::kManageFrontPage:
      return "manage_front_page";
    case Action::kManageUsers:
      return "manage_users";
    case Action::kManageSettings:
      return "manage_settings";
  }
  return "";
}

std::string_view action_label(Action action) {
  switch (action) {
    case Action::kWriteOwnDraft:
      return "Write your own drafts";
    case Action::kSubmitForReview:
      return "Submit drafts for review";
    case Action::kPublishOwn:
      return "Publish your own articles";
    case Action::kEditAny:
      return "Edit any article";
    case Action::kPublishAny:
      return "Publish any article";
    case Action::kManageTaxonomy:
      return "Manage categories and tags";
    case Action::kManageAuthors:
      return "Manage authors";
    case Action::kManageFrontPage:
      return "Arrange the front page";
    case Action::kManageUsers:
      return "Manage user accounts";
    case Action::kManageSettings:
      return "Change site settings";
  }
  return "";
}

}  // namespace dateline::auth
