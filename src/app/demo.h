// The demo site: a fictional newsroom's settings, authors, categories, articles and seeded page
// views, compiled into the binary from demo/. Deterministic apart from when the views happen.
#pragma once

#include <span>
#include <vector>

#include "core/clock.h"
#include "core/embedded.h"
#include "core/result.h"
#include "ingest/markdown_import.h"
#include "store/store.h"

namespace dateline::app {

struct DemoViews {
  content::Id article = 0;
  int count = 0;
};

struct DemoResult {
  std::vector<ingest::ImportedArticle> articles;
  std::vector<DemoViews> views;  // for the trending tracker to seed
};

// Writes the demo site into an empty store, in one transaction for the settings, authors and
// categories and one for the articles. Returns kConflict if the store already has articles.
core::Result<DemoResult> load_demo(store::Store& store, std::span<const core::EmbeddedFile> files,
                                   core::TimePoint now);

std::span<const core::EmbeddedFile> demo_files();

}  // namespace dateline::app
