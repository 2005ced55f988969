#include "ingest/markdown_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "ingest/internal/taxonomy_cache.h"

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

namespace {

// Writes one parsed article in the current transaction.
core::Result<ImportedArticle> write_article(store::WriteTxn& txn, internal::TaxonomyCache& taxonomy,
                                            const ParsedArticle& p, core::TimePoint now) {
  const auto fail = [&](const core::Error& e) {
    return make_error(e.code, fmt::format("{}: {}", p.source, e.message));
  };
  auto author = taxonomy.author(p.author.empty() ? "Staff" : p.author);
  if (!author) return fail(author.error());
  content::Article a;
  a.slug = p.slug;
  a.title = p.title;
  a.dateline = p.dateline;
  a.excerpt = p.excerpt;
  a.body_markdown = p.body;
  a.author_id = author->id;
  if (auto filed = taxonomy.file(a, p.category, p.tags); !filed) return fail(filed.error());
  a.status = p.status;
  a.published_at = p.date;
  a.updated_at = p.updated;
  a.created_at = now;
  const bool existed = txn.find_article_id(a.slug).has_value();
  auto id = txn.upsert_article(a);
  if (!id) return fail(id.error());
  return ImportedArticle{*id, a.slug, a.title, a.status, p.date, !existed};
}

}  // namespace

core::Result<std::vector<ImportedArticle>> import_markdown_files(
    store::Store& store, const std::vector<std::filesystem::path>& paths,
    const core::TimeZone& zone, core::TimePoint now) {
  auto files = collect_markdown_files(paths);
  if (!files) return files.error();
  // Each file is parsed and written in turn inside the one transaction, so memory holds one
  // article at a time (and the slugs); any error rolls everything back.
  std::vector<ImportedArticle> imported;
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    imported.clear();
    imported.reserve(files->size());
    internal::TaxonomyCache taxonomy(txn);
    std::unordered_map<std::string, std::string> seen_slugs;  // slug -> file
    std::string text;
    for (const auto& file : *files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) return make_error(Errc::kNotFound, fmt::format("{}: cannot read", file.string()));
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      auto article = parse_front_matter_article(file.string(), text, zone);
      if (!article) return article.error();
      auto [it, inserted] = seen_slugs.emplace(article->slug, file.string());
      if (!inserted) {
        return make_error(Errc::kConflict, fmt::format("{}: slug '{}' is also used by {}",
                                                       file.string(), article->slug, it->second));
      }
      auto written = write_article(txn, taxonomy, *article, now);
      if (!written) return written.error();
      imported.push_back(std::move(*written));
    }
    return {};
  });
  if (!status) return status.error();
  return imported;
}

core::Result<std::vector<ImportedArticle>> import_parsed(store::Store& store,
                                                         const std::vector<ParsedArticle>& articles,
                                                         core::TimePoint now) {
  std::vector<ImportedArticle> imported;
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    imported.clear();
    imported.reserve(articles.size());
    internal::TaxonomyCache taxonomy(txn);
    for (const auto& p : articles) {
      auto written = write_article(txn, taxonomy, p, now);
      if (!written) return written.error();
      imported.push_back(std::move(*written));
    }
    return {};
  });
  if (!status) return status.error();
  return imported;
}

}  // namespace dateline::ingest
