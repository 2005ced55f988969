// Micro-benchmarks: Markdown -> safe HTML and Mustache rendering with the default theme.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "micro_fixture.h"
#include "render/default_theme.h"
#include "render/markdown.h"
#include "render/theme.h"

namespace {

using namespace dateline;
namespace json = boost::json;

void BM_MarkdownToHtml(benchmark::State& state) {
  bench::MicroRng rng(1);
  const std::string body = bench::micro_body(rng, static_cast<int>(state.range(0)), "earlier");
  render::MarkdownOptions options;
  options.dateline = "Islamabad (TDI):";
  options.resolve = [](std::string_view href) -> std::optional<render::LinkedArticle> {
    if (href == "/earlier/") return render::LinkedArticle{"/earlier/", "An earlier headline"};
    return std::nullopt;
  };
  for (auto _ : state) benchmark::DoNotOptimize(render::markdown_to_html(body, options));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["markdown_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_MarkdownToHtml)->Arg(4)->Arg(8)->Arg(16);

void BM_MarkdownToText(benchmark::State& state) {
  bench::MicroRng rng(2);
  const std::string body = bench::micro_body(rng, 8, "earlier");
  for (auto _ : state) benchmark::DoNotOptimize(render::markdown_to_text(body));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_MarkdownToText);

json::object card(int i) {
  return json::object{{"title", fmt::format("Cabinet approves the budget vote after long talks {}", i)},
                      {"url", fmt::format("/cabinet-approves-budget-{}/", i)},
                      {"excerpt", "The cabinet approved the budget on Monday after long talks."},
                      {"published_human", "Nov 24, 2025"},
                      {"published_iso", "2025-11-24T11:30:00+05:00"},
                      {"author_name", "Mehreen Aslam"},
                      {"author_url", "/author/mehreen-aslam/"},
                      {"category_name", "Politics"},
                      {"category_url", "/category/politics/"}};
}

// View data shaped as site::Site builds it for an article page.
json::object article_view(const std::string& body_html) {
  json::array nav;
  for (const char* c : bench::kMicroCategories) {
    nav.push_back(json::object{{"name", c}, {"url", fmt::format("/category/{}/", c)}, {"current", false}});
  }
  json::object view;
  view["site"] = json::object{{"name", "The Daily Indus"}, {"short_name", "TDI"}, {"tagline", "News"},
                              {"year", "2025"}, {"nav", std::move(nav)}};
  view["assets"] = json::object{{"css", "/assets/site.0123456789ab.css"}, {"favicon", "/assets/favicon.svg"}};
  view["page"] = json::object{{"title", "Cabinet approves budget | The Daily Indus"},
                              {"description", "The cabinet approved the budget on Monday."},
                              {"canonical", "http://127.0.0.1:8080/cabinet-approves-budget/"},
                              {"heading", ""},
                              {"head_extra", "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\">"}};
  view["slot_topbar"] = "<!--dateline:slot:topbar-->";
  view["slot_trending"] = "<!--dateline:slot:trending-->";
  auto article = card(0);
  article["body_html"] = body_html;
  article["has_tags"] = true;
  article["tags"] = json::array{json::object{{"name", "budget"}, {"url", "/tag/budget/"}},
                                json::object{{"name", "cabinet"}, {"url", "/tag/cabinet/"}}};
  article["author"] = json::object{{"name", "Mehreen Aslam"}, {"url", "/author/mehreen-aslam/"},
                                   {"bio", "Political correspondent."}, {"posts_count", 412},
                                   {"posts_label", "412 posts"}};
  article["category"] = json::object{{"name", "Politics"}, {"url", "/category/politics/"}};
  view["article"] = std::move(article);
  json::array latest, related;
  for (int i = 1; i <= 5; ++i) latest.push_back(card(i));
  for (int i = 6; i <= 10; ++i) related.push_back(card(i));
  view["has_latest"] = true;
  view["latest"] = std::move(latest);
  view["has_related"] = true;
  view["related"] = std::move(related);
  return view;
}

void BM_ThemeRenderArticle(benchmark::State& state) {
  auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
  if (!theme) {
    state.SkipWithError(theme.error().message.c_str());
    return;
  }
  bench::MicroRng rng(3);
  const auto body_html = render::markdown_to_html(bench::micro_body(rng, 8, ""), {});
  const auto view = article_view(body_html);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto html = theme->render("article", view);
    bytes = html ? html->size() : 0;
    benchmark::DoNotOptimize(html);
  }
  state.counters["html_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ThemeRenderArticle);

void BM_ThemeRenderHome(benchmark::State& state) {
  auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
  if (!theme) {
    state.SkipWithError(theme.error().message.c_str());
    return;
  }
  auto view = article_view("");
  view.erase("article");
  view["lead"] = card(0);
  json::array sections;
  for (const char* c : bench::kMicroCategories) {
    json::array items;
    for (int i = 0; i < 4; ++i) items.push_back(card(i));
    sections.push_back(json::object{{"name", c}, {"url", "/category/x/"}, {"articles", std::move(items)}});
  }
  view["has_sections"] = true;
  view["sections"] = std::move(sections);
  for (auto _ : state) benchmark::DoNotOptimize(theme->render("home", view));
}
BENCHMARK(BM_ThemeRenderHome);

void BM_ThemeLoad(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(render::Theme::load(render::default_theme::embedded_files(), std::nullopt));
  }
}
BENCHMARK(BM_ThemeLoad);

}  // namespace
