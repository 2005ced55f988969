#include "ingest/markdown_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace dateline::ingest {

using core::Errc;
using core::make_error;

core::Result<std::vector<std::filesystem::path>> collect_markdown_files(
    const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  const auto is_markdown = [](const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".md" || ext == ".markdown";
  };
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        if (entry.is_regular_file() && is_markdown(entry.path())) found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      return make_error(Errc::kNotFound, fmt::format("{}: no such file or folder", p.string()));
    }
  }
  if (files.empty()) return make_error(Errc::kInvalidArgument, "no Markdown files to import");
  return files;
}

core::Result<std::vector<ImportedArticle>> import_markdown_files(
    store::Store& store, const std::vector<std::filesystem::path>& paths,
    const core::TimeZone& zone, core::TimePoint now) {
  auto files = collect_markdown_files(paths);
  if (!files) return files.error();
  std::vector<ParsedArticle> parsed;
  std::map<std::string, std::string> seen_slugs;
  for (const auto& file : *files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(Errc::kNotFound, fmt::format("{}: cannot read", file.string()));
    std::ostringstream buf;
    buf << in.rdbuf();
    auto article = parse_front_matter_article(file.string(), buf.str(), zone);
    if (!article) return article.error();
    auto [it, inserted] = seen_slugs.emplace(article->slug, file.string());
    if (!inserted) {
      return make_error(Errc::kConflict, fmt::format("{}: slug '{}' is also used by {}",
                                                     file.string(), article->slug, it->second));
    }
    parsed.push_back(std::move(*article));
  }
  return import_parsed(store, parsed, now);
}

core::Result<std::vector<ImportedArticle>> import_parsed(store::Store& store,
                                                         const std::vector<ParsedArticle>& articles,
                                                         core::TimePoint now) {
  std::vector<ImportedArticle> imported;
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    imported.clear();
    for (const auto& p : articles) {
      const auto fail = [&](const core::Error& e) {
        return make_error(e.code, fmt::format("{}: {}", p.source, e.message));
      };
      auto author = txn.ensure_author(p.author.empty() ? "Staff" : p.author, "");
      if (!author) return fail(author.error());
      content::Article a;
      a.slug = p.slug;
      a.title = p.title;
      a.dateline = p.dateline;
      a.excerpt = p.excerpt;
      a.body_markdown = p.body;
      a.author_id = author->id;
      if (!p.category.empty()) {
        auto category = txn.ensure_category(p.category, 100);
        if (!category) return fail(category.error());
        a.category_id = category->id;
      }
      for (const auto& name : p.tags) {
        auto tag = txn.ensure_tag(name);
        if (!tag) return fail(tag.error());
        if (std::none_of(a.tags.begin(), a.tags.end(),
                         [&](const content::Tag& t) { return t.id == tag->id; })) {
          a.tags.push_back(*tag);
        }
      }
      a.status = p.status;
      a.published_at = p.date;
      a.updated_at = p.updated;
      a.created_at = now;
      const bool existed = txn.find_article_id(a.slug).has_value();
      auto id = txn.upsert_article(a);
      if (!id) return fail(id.error());
      imported.push_back(ImportedArticle{*id, a.slug, a.title, a.status, p.date, !existed});
    }
    return {};
  });
  if (!status) return status.error();
  return imported;
}

}  // namespace dateline::ingest
