// Imports Markdown files (or folders of them) into the store in ONE transaction: files are parsed
// and written one at a time inside it, and any bad file rolls it back, so a bad file imports
// nothing. Importing a slug again updates that article. Thread-safe as far as the Store is.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ingest/front_matter.h"
#include "store/store.h"

namespace dateline::ingest {

struct ImportedArticle {
  content::Id id = 0;
  std::string slug;
  std::string title;
  content::ArticleStatus status = content::ArticleStatus::kPublished;
  core::TimePoint published_at{};
  bool created = false;  // false when an existing article was updated
};

// Expands folders (recursively, *.md and *.markdown, sorted by path). Returns kNotFound naming a
// path that does not exist and kInvalidArgument when nothing is left to import.
core::Result<std::vector<std::filesystem::path>> collect_markdown_files(
    const std::vector<std::filesystem::path>& paths);

core::Result<std::vector<ImportedArticle>> import_markdown_files(
    store::Store& store, const std::vector<std::filesystem::path>& paths,
    const core::TimeZone& zone, core::TimePoint now);

// Writes already-parsed articles in one transaction (used by the file import and the demo site).
core::Result<std::vector<ImportedArticle>> import_parsed(store::Store& store,
                                                         const std::vector<ParsedArticle>& articles,
                                                         core::TimePoint now);

}  // namespace dateline::ingest
