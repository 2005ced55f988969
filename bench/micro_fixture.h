// Shared fixtures for the micro-benchmarks: deterministic article text and a temporary SQLite
// site filled through the real import path. Benchmarks only; not thread-safe.
#pragma once

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "ingest/front_matter.h"
#include "ingest/markdown_import.h"
#include "newsroom/related_service.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::bench {

class MicroRng {
 public:
  explicit MicroRng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

inline constexpr std::array<const char*, 48> kMicroWords = {
    "parliament", "budget",   "inflation", "rupee",     "cricket",   "polio",     "smog",
    "glacier",    "border",   "trade",     "tariffs",   "election",  "court",     "minister",
    "senate",     "exports",  "festival",  "museum",    "satellite", "telecom",   "hospital",
    "vaccine",    "flood",    "monsoon",   "drought",   "teachers",  "students",  "exam",
    "curriculum", "central",  "bank",      "interest",  "rates",     "fuel",      "prices",
    "ceasefire",  "refugees", "sanctions", "summit",    "coalition", "opposition", "reform",
    "census",     "heritage", "comet",     "fossil",    "spectrum",  "remittances"};
inline constexpr std::array<const char*, 10> kMicroCategories = {
    "Politics", "Business", "World",   "Sports",      "Technology",
    "Health",   "Science",  "Culture", "Environment", "Education"};

inline std::string micro_sentence(MicroRng& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += kMicroWords[rng.below(kMicroWords.size())];
    if (i % 5 == 4) s += i % 2 ? " of the" : " and";
  }
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + ".";
}

// A news-like Markdown body: `paragraphs` paragraphs, a subheading, a list, a Read More link.
inline std::string micro_body(MicroRng& rng, int paragraphs, std::string_view read_more_slug) {
  std::string body;
  for (int p = 0; p < paragraphs; ++p) {
    if (p) body += "\n\n";
    if (p == 2 && !read_more_slug.empty()) {
      body += fmt::format("Read More: [Earlier story](/{}/)\n\n", read_more_slug);
    }
    if (p == 4) body += "## " + micro_sentence(rng, 4) + "\n\n";
    if (p == 5) body += "- " + micro_sentence(rng, 5) + "\n- " + micro_sentence(rng, 6) + "\n\n";
    for (int s = 0; s < 4; ++s) {
      if (s) body += ' ';
      body += micro_sentence(rng, 10 + static_cast<int>(rng.below(12)));
    }
    if (p == 3) body += " See the [official notice](https://example.org/notice) for **details**.";
  }
  return body + "\n";
}

inline std::vector<ingest::ParsedArticle> micro_articles(std::size_t n, std::uint64_t seed = 7) {
  MicroRng rng(seed);
  std::vector<ingest::ParsedArticle> out;
  out.reserve(n);
  const auto base = core::TimePoint{std::chrono::seconds{1700000000}};
  for (std::size_t i = 0; i < n; ++i) {
    ingest::ParsedArticle a;
    a.source = fmt::format("micro-{}.md", i);
    a.title = micro_sentence(rng, 7);
    a.title.pop_back();
    a.slug = fmt::format("micro-article-{}", i + 1);
    a.date = base + std::chrono::minutes{15 * i};
    a.dateline = "Islamabad";
    a.author = fmt::format("Reporter {}", i % 20);
    a.category = kMicroCategories[rng.below(kMicroCategories.size())];
    for (int t = 0; t < 3; ++t) a.tags.push_back(kMicroWords[rng.below(kMicroWords.size())]);
    std::sort(a.tags.begin(), a.tags.end());
    a.tags.erase(std::unique(a.tags.begin(), a.tags.end()), a.tags.end());
    a.excerpt = micro_sentence(rng, 12);
    a.body = micro_body(rng, 8, i > 0 ? fmt::format("micro-article-{}", i) : "");
    out.push_back(std::move(a));
  }
  return out;
}

// A SQLite site with `n` published articles in a fresh temporary folder, removed on destruction.
class MicroSite {
 public:
  explicit MicroSite(std::size_t n) {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("dateline-micro-{}-{}", ::getpid(), n);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::sqlite::SqliteStore::open((dir_ / "site.db").string());
    if (!opened) throw std::runtime_error(opened.error().message);
    store_ = std::move(*opened);
    const auto articles = micro_articles(n);
    auto imported = ingest::import_parsed(*store_, articles, core::TimePoint{});
    if (!imported) throw std::runtime_error(imported.error().message);
    newsroom::RelatedService related;
    if (auto s = related.rebuild(*store_); !s) throw std::runtime_error(s.error().message);
  }
  ~MicroSite() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  MicroSite(const MicroSite&) = delete;
  MicroSite& operator=(const MicroSite&) = delete;

  store::sqlite::SqliteStore& store() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
};

}  // namespace dateline::bench
