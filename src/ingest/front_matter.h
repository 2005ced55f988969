// Markdown articles with YAML front matter (the Hugo/Jekyll convention) -> ParsedArticle values.
// Parsing is pure; errors name the source, the line and the field. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.h"
#include "core/result.h"
#include "core/time.h"

namespace dateline::ingest {

struct ParsedArticle {
  std::string source;  // file name, for messages
  std::string title;
  std::string slug;
  core::TimePoint date{};
  std::optional<core::TimePoint> updated;
  std::string dateline;
  std::string author;
  std::string category;
  std::vector<std::string> tags;
  std::string excerpt;
  content::ArticleStatus status = content::ArticleStatus::kPublished;
  std::string body;
};

// Parses one file's text. Required: title, date. Known optional fields: slug, dateline, author,
// category, tags (list or comma-separated string), excerpt, updated, status (draft|published).
// Dates without an offset are read in `zone`. Returns kInvalidArgument as
// "SOURCE:LINE: field 'F': what is wrong".
core::Result<ParsedArticle> parse_front_matter_article(std::string_view source,
                                                       std::string_view text,
                                                       const core::TimeZone& zone);

}  // namespace dateline::ingest
