#include "ingest/markdown_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <fstream>
#include <iterator>
#include <stop_token>
#include <thread>
#include <unordered_map>

#include "ingest/internal/bounded_queue.h"
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

// Parsed articles waiting to be written: a few thousand, or about 16 MB of text.
constexpr std::size_t kQueueItems = 4096;
constexpr std::size_t kQueueBytes = 16 << 20;

std::size_t size_of(const ParsedArticle& a) {
  return a.body.size() + a.excerpt.size() + a.title.size();
}

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
  // One thread reads and parses the files (front matter, YAML) while this one writes them, in
  // file order, inside the one transaction; memory holds a bounded queue of parsed articles (and
  // the slugs). Any error rolls everything back and names the first file, in order, that failed.
  std::vector<ImportedArticle> imported;
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    imported.clear();
    imported.reserve(files->size());
    internal::TaxonomyCache taxonomy(txn);
    std::unordered_map<std::string, std::string> seen_slugs;  // slug -> file
    internal::BoundedQueue<ParsedArticle> queue(kQueueItems, kQueueBytes, size_of);
    std::jthread reader([&](std::stop_token stop) {
      core::Status ended;
      try {
        std::string text;
        for (const auto& file : *files) {
          std::ifstream in(file, std::ios::binary);
          if (!in) {
            ended = make_error(Errc::kNotFound, fmt::format("{}: cannot read", file.string()));
            break;
          }
          text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
          auto article = parse_front_matter_article(file.string(), text, zone);
          if (!article) {
            ended = article.error();
            break;
          }
          if (!queue.push(std::move(*article), stop)) break;  // the writer's error is reported
        }
      } catch (const std::exception& e) {
        ended = make_error(Errc::kInternal, e.what());
      }
      queue.close(std::move(ended));
    });
    while (auto article = queue.pop()) {
      auto [it, inserted] = seen_slugs.emplace(article->slug, article->source);
      if (!inserted) {
        reader.request_stop();
        return make_error(Errc::kConflict, fmt::format("{}: slug '{}' is also used by {}",
                                                       article->source, article->slug, it->second));
      }
      auto written = write_article(txn, taxonomy, *article, now);
      if (!written) {
        reader.request_stop();
        return written.error();
      }
      imported.push_back(std::move(*written));
    }
    return queue.status();
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
