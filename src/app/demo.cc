#include "app/demo.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

#include "ingest/front_matter.h"

namespace dateline::app {

namespace demo_embedded {
std::span<const core::EmbeddedFile> embedded_files();
}

std::span<const core::EmbeddedFile> demo_files() { return demo_embedded::embedded_files(); }

core::Result<DemoResult> load_demo(store::Store& store, std::span<const core::EmbeddedFile> files,
                                   core::TimePoint now) {
  using core::Errc;
  using core::make_error;
  auto existing = store.count_published();
  if (!existing) return existing.error();
  if (*existing > 0) return make_error(Errc::kConflict, "the database already has articles");

  const core::EmbeddedFile* site_file = nullptr;
  std::vector<const core::EmbeddedFile*> articles;
  for (const auto& f : files) {
    if (f.path == "site.yaml") site_file = &f;
    if (f.path.starts_with("articles/") && f.path.ends_with(".md")) articles.push_back(&f);
  }
  if (!site_file) return make_error(Errc::kInternal, "demo site.yaml is missing");

  content::SiteSettings settings;
  std::map<std::string, int> views_by_slug;
  std::vector<std::pair<std::string, std::string>> authors;
  std::vector<std::string> categories;
  try {
    const auto root = YAML::Load(std::string(site_file->data));
    settings.site_name = root["site_name"].as<std::string>();
    settings.short_name = root["short_name"].as<std::string>();
    settings.tagline = root["tagline"].as<std::string>("");
    settings.timezone = root["timezone"].as<std::string>("UTC");
    settings.weather_city = root["weather_city"].as<std::string>("");
    if (root["latitude"]) settings.latitude = root["latitude"].as<double>();
    if (root["longitude"]) settings.longitude = root["longitude"].as<double>();
    for (const auto& a : root["authors"]) {
      authors.emplace_back(a["name"].as<std::string>(), a["bio"].as<std::string>(""));
    }
    for (const auto& c : root["categories"]) categories.push_back(c.as<std::string>());
    for (const auto& v : root["views"]) {
      views_by_slug[v.first.as<std::string>()] = v.second.as<int>();
    }
  } catch (const YAML::Exception& e) {
    return make_error(Errc::kInternal, fmt::format("demo site.yaml: {}", e.what()));
  }
  const auto zone = core::TimeZone::find(settings.timezone);
  if (!zone) return zone.error();

  std::vector<ingest::ParsedArticle> parsed;
  for (const auto* f : articles) {
    auto a = ingest::parse_front_matter_article(fmt::format("demo/{}", f->path), f->data, *zone);
    if (!a) return a.error();
    parsed.push_back(std::move(*a));
  }

  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    if (auto s = txn.save_settings(settings); !s) return s;
    for (const auto& [name, bio] : authors) {
      if (auto a = txn.ensure_author(name, bio); !a) return a.error();
    }
    int position = 0;
    for (const auto& c : categories) {
      if (auto r = txn.ensure_category(c, position++); !r) return r.error();
    }
    return {};
  });
  if (!status) return status.error();

  auto imported = ingest::import_parsed(store, parsed, now);
  if (!imported) return imported.error();
  DemoResult result;
  result.articles = std::move(*imported);
  for (const auto& a : result.articles) {
    if (auto it = views_by_slug.find(a.slug); it != views_by_slug.end()) {
      result.views.push_back(DemoViews{a.id, it->second});
    }
  }
  return result;
}

}  // namespace dateline::app
