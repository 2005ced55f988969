// Imports a WordPress export (WXR 1.0-1.2, the file Tools > Export writes) into the store.
//
// The file is streamed once with libxml2's xmlTextReader, never loaded whole: a thread of its
// own reads and converts the items while the calling thread writes them, in file order, all
// inside ONE store transaction. A malformed file therefore imports nothing, and its error names
// the line where it broke. A post whose featured image's attachment comes later in the file (the
// usual order: WordPress lists an upload after the post it was uploaded for) is set aside in a
// temporary file and written at the end. Memory holds at most a few hundred items in flight, the
// URLs of image attachments and a bit per post id seen (a second post with an id seen before is
// skipped).
//
// Posts only (wp:post_type "post"): publish -> published (draft when password-protected); draft,
// pending, future and private -> draft; trash, auto-draft and revisions are skipped, as are
// attachments, pages and menu items, each with a reason. Each post keeps its WordPress id
// (set_legacy_id("wordpress", ...)), which makes re-importing idempotent: a post seen before
// updates its article in place (same id, same slug) and one whose content is unchanged is not
// written at all. A new post whose slug is taken by another article gets "-2", "-3"... Bodies go
// through wordpress_to_markdown; a featured image
// (_thumbnail_id) becomes the body's first line, ![](URL).
//
// Memory does not grow with the number of posts written: the report keeps counts, and each post
// written and each item skipped goes to a callback (WxrOptions::on_article, on_skip) instead.
//
// Thread-safe as far as the Store is. The callbacks in WxrOptions run on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ingest/markdown_import.h"
#include "store/store.h"

namespace dateline::ingest {

struct WxrProgress {
  std::size_t items = 0;  // <item>s read
  std::size_t posts = 0;  // posts written or found unchanged
};

enum class WxrOutcome { kCreated, kUpdated, kUnchanged };

struct WxrArticle {
  ImportedArticle article;  // article.created is outcome == kCreated
  std::int64_t wordpress_id = 0;
  WxrOutcome outcome = WxrOutcome::kCreated;
};

struct WxrSkip {
  std::int64_t wordpress_id = 0;  // 0 when the item had none
  std::string post_type;          // "post", "attachment", "page", "nav_menu_item", ...
  std::string title;
  std::string reason;  // "in the trash", "attachment (not a post)", ...
};

struct WxrOptions {
  // Zone of wp:post_date when a post has no wp:post_date_gmt (drafts): the site's zone.
  core::TimeZone zone = core::TimeZone::utc();
  core::TimePoint now{};  // created_at of new articles
  // Called every `progress_every` items read, and once more at the end (unless that was just
  // reported).
  std::function<void(const WxrProgress&)> progress;
  std::size_t progress_every = 100;
  // Called for every post written or found unchanged, in the order they are written (file order,
  // but posts waiting for a featured image listed after them come last), inside the import's
  // transaction (so it may write through `txn`); an error it returns aborts the import. The
  // transaction may still roll back afterwards: nothing is imported until import_wxr_file
  // returns a report.
  std::function<core::Status(store::WriteTxn& txn, const WxrArticle& article)> on_article;
  // Called for every item skipped, in file order, before the transaction commits (as on_article).
  std::function<void(const WxrSkip& skip)> on_skip;
};

// Counts only: the posts and items themselves went to WxrOptions::on_article and on_skip.
struct WxrReport {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t skipped = 0;

  std::size_t count(WxrOutcome outcome) const;
};

// Returns kNotFound when `path` cannot be opened and kInvalidArgument, as "PATH:LINE: what", when
// it is not well-formed XML, not a WordPress export, or holds a date it cannot read.
core::Result<WxrReport> import_wxr_file(store::Store& store, const std::filesystem::path& path,
                                        const WxrOptions& options);

}  // namespace dateline::ingest
