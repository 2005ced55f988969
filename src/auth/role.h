// Roles and the permission matrix of the back office. Every admin action asks can() on the server;
// templates only hide what a role cannot do. Pure functions; thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "core/result.h"

namespace dateline::auth {

// Ordered from least to most trusted; each role can do everything the one before it can.
enum class Role { kContributor, kAuthor, kEditor, kAdmin };

enum class Action {
  kWriteOwnDraft,
  kSubmitForReview,
  kPublishOwn,
  kEditAny,
  kPublishAny,
  kManageTaxonomy,
  kManageAuthors,
  kManageFrontPage,
  kManageUsers,
  kManageSettings,
};

inline constexpr std::array<Role, 4> kAllRoles = {Role::kContributor, Role::kAuthor, Role::kEditor,
                                                  Role::kAdmin};
inline constexpr std::array<Action, 10> kAllActions = {
    Action::kWriteOwnDraft,  Action::kSubmitForReview, Action::kPublishOwn,
    Action::kEditAny,        Action::kPublishAny,      Action::kManageTaxonomy,
    Action::kManageAuthors,  Action::kManageFrontPage, Action::kManageUsers,
    Action::kManageSettings,
};

// contributor: write_own_draft, submit_for_review; author: + publish_own; editor: + edit_any,
// publish_any, manage_taxonomy, manage_authors, manage_front_page; admin: everything.
bool can(Role role, Action action);

// "contributor", "author", "editor", "admin": the names stored and typed on the command line.
std::string_view role_name(Role role);
// Returns kInvalidArgument listing the valid names.
core::Result<Role> parse_role(std::string_view name);
// "write_own_draft", ...
std::string_view action_name(Action action);
// A sentence fragment for people ("Write their own drafts").
std::string_view action_label(Action action);

}  // namespace dateline::auth
