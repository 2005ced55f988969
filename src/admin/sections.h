// The back office's sections, each a group of pages under one path prefix. Admin builds them and
// routes to them after the session and CSRF checks (see kit.h).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "admin/kit.h"
#include "content/model.h"
#include "core/clock.h"
#include "store/editorial.h"

namespace dateline::admin {

using ContentChanged = std::function<void(const std::vector<content::Id>&)>;

// /admin/users: the accounts (admins only).
std::unique_ptr<Section> make_users_section(Kit& kit);

// /admin/articles: the article list, the editor, workflow, revisions, preview, the Read More
// picker and tag suggestions.
std::unique_ptr<Section> make_articles_section(Kit& kit, store::Editorial& editorial,
                                               core::Clock& clock, ContentChanged changed);

// /admin/tokens: the signed-in user's API tokens (list, create, revoke).
std::unique_ptr<Section> make_tokens_section(Kit& kit, store::Editorial& editorial,
                                             core::Clock& clock);

}  // namespace dateline::admin
