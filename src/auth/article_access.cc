#include "auth/article_access.h"

#include <string>

#include "content/slug.h"
#include "core/log.h"

namespace dateline::auth {

using content::ArticleStatus;

bool ArticleAccess::can_edit(const content::Article& a) const {
  if (can(role, Action::kEditAny)) return true;
  if (!owns(a)) return false;
  if (can(role, Action::kPublishOwn)) return true;
  return a.status == ArticleStatus::kDraft || a.status == ArticleStatus::kPending;
}

bool ArticleAccess::can_publish(const content::Article& a) const {
  return can(role, Action::kPublishAny) || (can(role, Action::kPublishOwn) && owns(a));
}

bool ArticleAccess::can_delete(const content::Article& a) const {
  return can(role, Action::kEditAny) || (owns(a) && a.status != ArticleStatus::kPublished);
}

core::Result<content::Author> author_profile(store::Editorial& editorial, const User& user) {
  auto found = editorial.author_for_user(user.id);
  if (!found) return found.error();
  if (*found) return std::move(**found);
  content::Author author;
  author.name = user.name;
  author.user_id = user.id;
  auto created = editorial.save_author(author);
  if (!created && created.error().code == core::Errc::kConflict) {
    // Another author already has this name's slug.
    author.slug = content::slugify(user.name) + "-" + std::to_string(user.id);
    created = editorial.save_author(author);
  }
  return created;
}

ArticleAccess article_access(store::Editorial& editorial, const User& user) {
  ArticleAccess access{user.role, std::nullopt};
  auto me = author_profile(editorial, user);
  if (me) {
    access.author_id = me->id;
  } else {
    core::log::error("reading the author profile failed user={} error=\"{}\"", user.id,
                     me.error().message);
  }
  return access;
}

}  // namespace dateline::auth
