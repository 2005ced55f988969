// The back office's sections, each a group of pages under one path prefix. Admin builds them and
// routes to them after the session and CSRF checks (see kit.h).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "admin/kit.h"
#include "content/model.h"
#include "core/clock.h"
#include "media/image.h"
#include "media/media_store.h"
#include "store/editorial.h"

namespace dateline::admin {

using ContentChanged = std::function<void(const std::vector<content::Id>&)>;

// /admin/users: the accounts (admins only).
std::unique_ptr<Section> make_users_section(Kit& kit);
// /admin/account: one's own account: password change, sign out everywhere.
std::unique_ptr<Section> make_account_section(Kit& kit);

// /admin/authors: bylines, bios, photos and linked accounts (editors and admins); /admin/profile:
// everyone's own bio and photo.
std::unique_ptr<Section> make_authors_section(Kit& kit, store::Editorial& editorial,
                                              ContentChanged changed);
// /admin/categories: categories, their order, and tags.
std::unique_ptr<Section> make_taxonomy_section(Kit& kit, store::Editorial& editorial,
                                               ContentChanged changed);
// /admin/settings: the site settings and the header menu (admins only).
std::unique_ptr<Section> make_settings_section(Kit& kit, ContentChanged changed);

// /admin/articles: the article list, the editor, workflow, revisions, preview, the Read More
// picker and tag suggestions.
std::unique_ptr<Section> make_articles_section(Kit& kit, store::Editorial& editorial,
                                               core::Clock& clock, ContentChanged changed);

// /admin/tokens: the signed-in user's API tokens (list, create, revoke).
std::unique_ptr<Section> make_tokens_section(Kit& kit, store::Editorial& editorial,
                                             core::Clock& clock);
// How the media library takes uploads.
struct MediaOptions {
  media::ImageLimits limits;  // the upload's bytes and pixels, the variant widths
  // Images processed at once (each keeps a core busy); further uploads answer 503 meanwhile.
  int max_concurrent_uploads = 1;
};

// /admin/media and /admin/media.json: the media library, uploads, alt text and captions.
std::unique_ptr<Section> make_media_section(Kit& kit, store::Editorial& editorial,
                                            const media::MediaFiles& files, core::Clock& clock,
                                            MediaOptions options, ContentChanged changed);

}  // namespace dateline::admin
