#include "ingest/front_matter.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "content/slug.h"
#include "core/strings.h"

namespace dateline::ingest {
namespace {

using core::Errc;
using core::make_error;

const std::set<std::string, std::less<>> kKnownFields = {
    "title",  "slug",     "date", "updated", "dateline",
    "author", "category", "tags", "excerpt", "status"};

}  // namespace

core::Result<ParsedArticle> parse_front_matter_article(std::string_view source,
                                                       std::string_view text,
                                                       const core::TimeZone& zone) {
  const auto fail = [&](int line, std::string_view field, std::string_view what) -> core::Error {
    if (field.empty()) {
      return make_error(Errc::kInvalidArgument, fmt::format("{}:{}: {}", source, line, what));
    }
    return make_error(Errc::kInvalidArgument,
                      fmt::format("{}:{}: field '{}': {}", source, line, field, what));
  };
  if (auto bad = core::find_invalid_utf8(text)) {
    int line = 1;
    for (std::size_t i = 0; i < *bad; ++i) line += text[i] == '\n' ? 1 : 0;
    return fail(line, "", fmt::format("invalid UTF-8 at byte {}", *bad));
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  // Front matter: a first line "---", YAML, then a line "---" (or "...").
  const auto first_nl = text.find('\n');
  if (first_nl == std::string_view::npos || core::trim(text.substr(0, first_nl)) != "---") {
    return fail(1, "", "missing front matter: the file must start with a line '---'");
  }
  std::size_t pos = first_nl + 1;
  std::size_t yaml_end = std::string_view::npos;
  std::size_t body_start = text.size();
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    const auto line = core::trim(
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (line == "---" || line == "...") {
      yaml_end = pos;
      body_start = nl == std::string_view::npos ? text.size() : nl + 1;
      break;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (yaml_end == std::string_view::npos) {
    return fail(1, "", "front matter is not closed by a line '---'");
  }
  const std::string yaml_text(text.substr(first_nl + 1, yaml_end - first_nl - 1));
  constexpr int kLineOffset = 2;  // YAML line 0 is file line 2

  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return fail(e.mark.line + kLineOffset, "", fmt::format("bad YAML: {}", e.msg));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) return fail(kLineOffset, "", "front matter must be a mapping of fields");

  ParsedArticle a;
  a.source = std::string(source);
  int title_line = kLineOffset;
  std::set<std::string, std::less<>> seen;
  for (const auto& kv : root) {
    const int line = kv.first.Mark().line + kLineOffset;
    std::string key;
    try {
      key = kv.first.as<std::string>();
    } catch (const YAML::Exception&) {
      return fail(line, "", "field names must be text");
    }
    if (!kKnownFields.contains(key)) {
      return fail(line, key,
                  "unknown field (known: title, slug, date, updated, dateline, author, "
                  "category, tags, excerpt, status)");
    }
    seen.insert(key);
    const YAML::Node& v = kv.second;
    const auto scalar = [&](std::string& out) -> core::Status {
      if (v.IsNull()) {
        out.clear();
        return {};
      }
      if (!v.IsScalar()) return fail(line, key, "expected text, found a list or mapping");
      out = std::string(core::trim(v.Scalar()));
      return {};
    };
    if (key == "tags") {
      if (v.IsSequence()) {
        for (const auto& t : v) {
          if (!t.IsScalar()) return fail(t.Mark().line + kLineOffset, key, "each tag must be text");
          const auto tag = std::string(core::trim(t.Scalar()));
          if (!tag.empty()) a.tags.push_back(tag);
        }
      } else if (v.IsScalar()) {
        for (auto part : core::split(v.Scalar(), ',')) {
          const auto tag = std::string(core::trim(part));
          if (!tag.empty()) a.tags.push_back(tag);
        }
      } else if (!v.IsNull()) {
        return fail(line, key, "expected a list of tags");
      }
      continue;
    }
    std::string value;
    if (auto s = scalar(value); !s) return s.error();
    if (key == "title") {
      a.title = value;
      title_line = line;
    } else if (key == "slug") {
      if (!value.empty() && !content::is_valid_slug(value)) {
        return fail(line, key,
                    fmt::format("'{}' is not a slug (lowercase letters, digits and "
                                "single hyphens)",
                                value));
      }
      a.slug = value;
    } else if (key == "date" || key == "updated") {
      auto t = core::parse_iso8601(value, zone);
      if (!t) return fail(line, key, t.error().message);
      if (key == "date")
        a.date = *t;
      else
        a.updated = *t;
    } else if (key == "dateline") {
      a.dateline = value;
    } else if (key == "author") {
      a.author = value;
    } else if (key == "category") {
      a.category = value;
    } else if (key == "excerpt") {
      a.excerpt = value;
    } else if (key == "status") {
      if (value != "draft" && value != "published") {
        return fail(line, key, fmt::format("'{}' is not draft or published", value));
      }
      a.status =
          value == "draft" ? content::ArticleStatus::kDraft : content::ArticleStatus::kPublished;
    }
  }
  if (!seen.contains("title") || a.title.empty()) {
    return fail(title_line, "title", "missing (every article needs a headline)");
  }
  if (!seen.contains("date"))
    return fail(kLineOffset, "date", "missing (e.g. 2025-11-24T11:30:00+05:00)");
  if (a.slug.empty()) {
    a.slug = content::slugify(a.title);
    if (a.slug.empty())
      return fail(title_line, "title", "cannot make a slug from this title; add a 'slug' field");
  }
  a.body = std::string(text.substr(body_start));
  return a;
}

}  // namespace dateline::ingest
