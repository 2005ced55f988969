// ArticleAccess: who may do what with one article. The back office's editor and the JSON API both
// ask it, so the two cannot drift:
//   - everyone signed in writes their own drafts and submits them for review;
//   - an author publishes, schedules and unpublishes their own articles;
//   - an editor or admin edits, publishes, deletes and reassigns anyone's.
// "Own" means the article's author profile is the one linked to the account
// (store::Editorial::author_for_user). A contributor's article can no longer be edited by them
// once it is scheduled or published. Plain values and pure functions, except author_profile(),
// which reads the store and writes to it on first use. Thread-safe.
#pragma once

#include <optional>

#include "auth/account_store.h"
#include "auth/role.h"
#include "content/model.h"
#include "core/result.h"
#include "store/editorial.h"

namespace dateline::auth {

struct ArticleAccess {
  Role role = Role::kContributor;
  std::optional<content::Id> author_id;  // the account's own author profile, when it has one

  bool owns(const content::Article& a) const { return author_id && a.author_id == *author_id; }
  // Open it and save its text (a live article's text also needs can_publish).
  bool can_edit(const content::Article& a) const;
  // Publish, schedule or unpublish it, and change its text while it is live.
  bool can_publish(const content::Article& a) const;
  // Editors and admins delete any article; others their own while it is not published.
  bool can_delete(const content::Article& a) const;
  // Choose another author than their own for an article (editors and admins).
  bool can_reassign() const { return can(role, Action::kEditAny); }
};

// The author profile `user` writes under, created (named after the user) on first use.
core::Result<content::Author> author_profile(store::Editorial& editorial, const User& user);

// The access of `user`; without an author profile (the store failed), the user owns nothing.
ArticleAccess article_access(store::Editorial& editorial, const User& user);

}  // namespace dateline::auth
