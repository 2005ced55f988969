#include "render/theme.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "render/default_theme.h"
#include "testing/temp_dir.h"

namespace dateline::render {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kCss = "body { color: #222; }\n";

// A small theme written inline: one page template, one partial, one stylesheet.
const std::vector<core::EmbeddedFile> kFiles = {
    {"templates/x.mustache",
     "<h1>{{title}}</h1><div>{{{body_html}}}</div>{{> p}}"
     "{{#flag}}[shown]{{/flag}}{{^flag}}[hidden]{{/flag}}"},
    {"templates/list.mustache", "{{#items}}<li>{{name}}</li>{{/items}}{{^items}}none{{/items}}"},
    {"partials/p.mustache", "<footer>{{footer}}</footer>"},
    {"assets/site.css", kCss},
    {"assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
    {"README.md", "ignored"},
};

Theme load_small() {
  auto theme = Theme::load(kFiles, std::nullopt);
  EXPECT_TRUE(theme) << theme.error().message;
  return std::move(*theme);
}

std::string render_ok(const Theme& theme, std::string_view name, const boost::json::object& data) {
  auto out = theme.render(name, data);
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : std::string();
}

TEST(ThemeTest, RenderEscapesDoubleBraceVariables) {
  const Theme theme = load_small();
  const auto html = render_ok(theme, "x", {{"title", "<script>alert('x') & \"y\"</script>"}});
  EXPECT_THAT(html, HasSubstr("<h1>&lt;script&gt;alert("));
  EXPECT_THAT(html, HasSubstr("&amp; &quot;y&quot;&lt;/script&gt;</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

TEST(ThemeTest, RenderWritesTripleBraceVariablesRaw) {
  const Theme theme = load_small();
  const auto html = render_ok(theme, "x", {{"body_html", "<p>Safe <em>markup</em></p>"}});
  EXPECT_THAT(html, HasSubstr("<div><p>Safe <em>markup</em></p></div>"));
}

TEST(ThemeTest, PartialsResolveWithTheViewData) {
  const Theme theme = load_small();
  const auto html = render_ok(theme, "x", {{"footer", "© <Dateline>"}});
  EXPECT_THAT(html, HasSubstr("<footer>© &lt;Dateline&gt;</footer>"));
}

TEST(ThemeTest, ViewFieldNamedLikePartialDoesNotShadowIt) {
  const Theme theme = load_small();
  const auto html = render_ok(theme, "x", {{"p", "{{footer}} hijacked"}, {"footer", "F"}});
  EXPECT_THAT(html, HasSubstr("<footer>F</footer>"));
  EXPECT_THAT(html, Not(HasSubstr("hijacked")));
}

TEST(ThemeTest, EmptyStringsAndNullCountAsFalseInSections) {
  const Theme theme = load_small();
  EXPECT_THAT(render_ok(theme, "x", {{"flag", ""}}), HasSubstr("[hidden]"));
  EXPECT_THAT(render_ok(theme, "x", {{"flag", ""}}), Not(HasSubstr("[shown]")));
  EXPECT_THAT(render_ok(theme, "x", {{"flag", nullptr}}), HasSubstr("[hidden]"));
  EXPECT_THAT(render_ok(theme, "x", {{"flag", false}}), HasSubstr("[hidden]"));
  EXPECT_THAT(render_ok(theme, "x", {}), HasSubstr("[hidden]"));
  EXPECT_THAT(render_ok(theme, "x", {{"flag", "yes"}}), HasSubstr("[shown]"));
  EXPECT_THAT(render_ok(theme, "x", {{"flag", true}}), HasSubstr("[shown]"));
}

TEST(ThemeTest, ListsRenderEachItemAndEmptyListIsFalse) {
  const Theme theme = load_small();
  boost::json::array items;
  items.push_back(boost::json::object{{"name", "a<b"}});
  items.push_back(boost::json::object{{"name", "c"}});
  EXPECT_EQ(render_ok(theme, "list", {{"items", items}}), "<li>a&lt;b</li><li>c</li>");
  EXPECT_EQ(render_ok(theme, "list", {{"items", boost::json::array{}}}), "none");
}

TEST(ThemeTest, NumbersRenderAsText) {
  const Theme theme = load_small();
  EXPECT_THAT(render_ok(theme, "x", {{"title", 42}}), HasSubstr("<h1>42</h1>"));
  EXPECT_THAT(render_ok(theme, "x", {{"title", 1.5}}), HasSubstr("<h1>1.5</h1>"));
}

TEST(ThemeTest, AssetUrlIsFingerprinted) {
  const Theme theme = load_small();
  const auto url = theme.asset_url("site.css");
  EXPECT_THAT(url, MatchesRegex("/assets/site\\.[0-9a-f]{12}\\.css"));
  EXPECT_EQ(theme.asset_url("site.css"), url);  // stable for the same content
}

TEST(ThemeTest, AssetUrlOfUnknownAssetIsPlainPath) {
  const Theme theme = load_small();
  EXPECT_EQ(theme.asset_url("missing.js"), "/assets/missing.js");
}

TEST(ThemeTest, AssetFingerprintChangesWithContent) {
  const Theme before = load_small();
  std::vector<core::EmbeddedFile> changed = kFiles;
  for (auto& f : changed) {
    if (f.path == "assets/site.css") f.data = "body { color: #000; }\n";
  }
  auto after = Theme::load(changed, std::nullopt);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_NE(before.asset_url("site.css"), after->asset_url("site.css"));
  EXPECT_EQ(before.asset_url("logo.svg"), after->asset_url("logo.svg"));
}

TEST(ThemeTest, FindAssetByFingerprintedName) {
  const Theme theme = load_small();
  const auto url = theme.asset_url("site.css");
  ASSERT_THAT(url, StartsWith("/assets/"));
  const auto name = url.substr(std::string("/assets/").size());
  const Asset* asset = theme.find_asset(name);
  ASSERT_NE(asset, nullptr);
  EXPECT_EQ(asset->name, "site.css");
  EXPECT_EQ(asset->fingerprinted, name);
  EXPECT_EQ(asset->data, kCss);
  EXPECT_THAT(asset->content_type, StartsWith("text/css"));

  const auto svg_url = theme.asset_url("logo.svg");
  const Asset* svg = theme.find_asset(svg_url.substr(std::string("/assets/").size()));
  ASSERT_NE(svg, nullptr);
  EXPECT_EQ(svg->content_type, "image/svg+xml");
}

TEST(ThemeTest, FindAssetRejectsPlainOrUnknownNames) {
  const Theme theme = load_small();
  EXPECT_EQ(theme.find_asset("site.css"), nullptr);
  EXPECT_EQ(theme.find_asset("site.000000000000.css"), nullptr);
  EXPECT_EQ(theme.find_asset(""), nullptr);
}

TEST(ThemeTest, FolderOverrideReplacesEmbeddedTemplate) {
  testing::TempDir dir;
  dir.write("templates/x.mustache", "override {{title}} {{> p}}");
  dir.write("templates/extra.mustache", "extra page");
  dir.write("assets/site.css", "body { color: red; }");
  auto theme = Theme::load(kFiles, dir.path());
  ASSERT_TRUE(theme) << theme.error().message;
  EXPECT_EQ(render_ok(*theme, "x", {{"title", "T"}, {"footer", "F"}}),
            "override T <footer>F</footer>");
  EXPECT_EQ(render_ok(*theme, "extra", {}), "extra page");
  // Untouched files still come from the embedded copy.
  EXPECT_EQ(render_ok(*theme, "list", {}), "none");
  const auto url = theme->asset_url("site.css");
  EXPECT_NE(url, load_small().asset_url("site.css"));
  const Asset* css = theme->find_asset(url.substr(std::string("/assets/").size()));
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->data, "body { color: red; }");
}

TEST(ThemeTest, MissingOverrideFolderIsRejected) {
  testing::TempDir dir;
  auto theme = Theme::load(kFiles, dir.path() / "does-not-exist");
  ASSERT_FALSE(theme);
  EXPECT_EQ(theme.error().code, core::Errc::kInvalidArgument);
}

TEST(ThemeTest, UnparsableTemplateIsRejectedByName) {
  std::vector<core::EmbeddedFile> files = kFiles;
  files.push_back({"templates/broken_page.mustache", "{{#open}}never closed"});
  auto theme = Theme::load(files, std::nullopt);
  ASSERT_FALSE(theme);
  EXPECT_EQ(theme.error().code, core::Errc::kInvalidArgument);
  EXPECT_THAT(theme.error().message, HasSubstr("broken_page"));
}

TEST(ThemeTest, UnparsableOverrideTemplateIsRejectedByName) {
  testing::TempDir dir;
  dir.write("templates/x.mustache", "{{/closed_without_open}}");
  auto theme = Theme::load(kFiles, dir.path());
  ASSERT_FALSE(theme);
  EXPECT_EQ(theme.error().code, core::Errc::kInvalidArgument);
  EXPECT_THAT(theme.error().message, HasSubstr("'x'"));
}

TEST(ThemeTest, UnknownTemplateIsNotFound) {
  const Theme theme = load_small();
  auto out = theme.render("nope", {});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Errc::kNotFound);
  // Partials are not pages.
  auto partial = theme.render("p", {});
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().code, core::Errc::kNotFound);
}

TEST(ThemeTest, DefaultThemeRendersEveryTemplateWithEmptyView) {
  const auto files = default_theme::embedded_files();
  ASSERT_FALSE(files.empty());
  auto theme = Theme::load(files, std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  int templates = 0;
  for (const auto& f : files) {
    if (!f.path.starts_with("templates/") || !f.path.ends_with(".mustache")) continue;
    std::string_view name = f.path;
    name.remove_prefix(std::string_view("templates/").size());
    name.remove_suffix(std::string_view(".mustache").size());
    auto out = theme->render(name, {});
    EXPECT_TRUE(out) << name << ": " << out.error().message;
    ++templates;
  }
  EXPECT_GT(templates, 0);
}

TEST(ThemeTest, DefaultThemeHasFingerprintedStylesheet) {
  auto theme = Theme::load(default_theme::embedded_files(), std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  const auto url = theme->asset_url("site.css");
  EXPECT_THAT(url, MatchesRegex("/assets/site\\.[0-9a-f]{12}\\.css"));
  const Asset* css = theme->find_asset(url.substr(std::string("/assets/").size()));
  ASSERT_NE(css, nullptr);
  EXPECT_FALSE(css->data.empty());
}

TEST(ThemeTest, DefaultThemeEmbedsVendorEditorAssetsWithFingerprints) {
  auto theme = Theme::load(default_theme::embedded_files(), std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  struct Case {
    std::string_view name;
    std::string_view url_pattern;
    std::string_view content_type;
  };
  for (const auto& c : {
           Case{"vendor/easymde.min.js", "/assets/vendor/easymde\\.min\\.[0-9a-f]{12}\\.js",
                "text/javascript"},
           Case{"vendor/easymde.min.css", "/assets/vendor/easymde\\.min\\.[0-9a-f]{12}\\.css",
                "text/css"},
       }) {
    SCOPED_TRACE(c.name);
    const auto url = theme->asset_url(c.name);
    EXPECT_THAT(url, MatchesRegex(std::string(c.url_pattern)));
    const Asset* asset = theme->find_asset(url.substr(std::string("/assets/").size()));
    ASSERT_NE(asset, nullptr);
    EXPECT_EQ(asset->name, c.name);
    EXPECT_THAT(asset->content_type, StartsWith(std::string(c.content_type)));
    EXPECT_GT(asset->data.size(), 1000u);
  }
  // The editor script is the package's bundle (EasyMDE with CodeMirror), not a stub.
  const Asset* js = theme->find_asset(
      theme->asset_url("vendor/easymde.min.js").substr(std::string("/assets/").size()));
  ASSERT_NE(js, nullptr);
  EXPECT_THAT(js->data, HasSubstr("EasyMDE"));
  EXPECT_THAT(js->data, HasSubstr("CodeMirror"));
}

// ---- templates are parsed once, partials inlined ------------------------------------------------

namespace mustache = kainjow::mustache;

// The way templates used to render: parse the page template per call and every partial at each
// use, partials looked up in the theme only.
class ReferenceContext final : public mustache::basic_context<std::string> {
 public:
  ReferenceContext(const mustache::data* root,
                   const std::map<std::string, mustache::data, std::less<>>& partials)
      : inner_(root), partials_(partials) {}
  void push(const mustache::data* d) override { inner_.push(d); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override { return inner_.get(name); }
  const mustache::data* get_partial(const std::string& name) const override {
    const auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  mustache::context<std::string> inner_;
  const std::map<std::string, mustache::data, std::less<>>& partials_;
};

mustache::data reference_data(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, child] : v.get_object()) d.set(std::string(k), reference_data(child));
      return d;
    }
    case boost::json::kind::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& child : v.get_array()) d.push_back(reference_data(child));
      return d;
    }
    case boost::json::kind::string:
      if (v.get_string().empty()) return mustache::data{false};
      return mustache::data{std::string(v.get_string())};
    case boost::json::kind::bool_:
      return mustache::data{v.get_bool()};
    case boost::json::kind::int64:
      return mustache::data{std::to_string(v.get_int64())};
    default:
      return mustache::data{false};
  }
}

std::string reference_render(std::span<const core::EmbeddedFile> files, std::string_view name,
                             const boost::json::object& view) {
  std::map<std::string, mustache::data, std::less<>> partials;
  std::string text;
  for (const auto& f : files) {
    std::string_view path = f.path;
    if (!path.ends_with(".mustache")) continue;
    path.remove_suffix(std::string_view(".mustache").size());
    if (path.starts_with("partials/")) {
      partials.emplace(std::string(path.substr(9)), mustache::data{std::string(f.data)});
    } else if (path == "templates/" + std::string(name)) {
      text = std::string(f.data);
    }
  }
  const auto root = reference_data(view);
  ReferenceContext ctx(&root, partials);
  mustache::mustache tmpl{text};
  return tmpl.render(ctx);
}

boost::json::object card_view(int i) {
  return {{"title", "Story <" + std::to_string(i) + ">"},
          {"url", "/story-" + std::to_string(i) + "/"},
          {"excerpt", i % 2 == 0 ? "An excerpt & more" : ""},
          {"published_human", "27 Nov 2025"},
          {"published_iso", "2025-11-27T14:00:00+05:00"},
          {"author_name", "Ayesha Khan"},
          {"author_url", "/author/ayesha-khan/"},
          {"category_name", i % 3 == 0 ? "" : "Business"},
          {"category_url", "/category/business/"},
          {"snippet_html", "the <mark>word</mark> here"}};
}

// A view filling what the page templates show: cards in every list, pagination, an article.
boost::json::object rich_view() {
  boost::json::array cards;
  for (int i = 0; i < 6; ++i) cards.push_back(card_view(i));
  boost::json::object article = card_view(42);
  article["body_html"] = "<p>Body</p>\n<p>More</p>";
  article["has_tags"] = true;
  article["tags"] = boost::json::array{boost::json::object{{"name", "Energy"}, {"url", "/tag/e/"}}};
  article["author"] = boost::json::object{
      {"name", "Ayesha Khan"}, {"url", "/author/a/"}, {"bio", "Writes."}, {"posts_label", "4"}};
  article["category"] = boost::json::object{{"name", "Business"}, {"url", "/category/b/"}};
  return {
      {"site",
       boost::json::object{
           {"name", "The Daily Indus"},
           {"tagline", "News"},
           {"year", "2025"},
           {"nav", boost::json::array{boost::json::object{
                       {"name", "Business"}, {"url", "/category/business/"}, {"current", true}}}}}},
      {"assets", boost::json::object{{"css", "/assets/site.css"}, {"favicon", "/f.svg"}}},
      {"page", boost::json::object{{"title", "T"},
                                   {"description", "D"},
                                   {"canonical", "http://x/"},
                                   {"heading", "H"},
                                   {"head_extra", "<link rel=\"alternate\">"}}},
      {"slot_topbar", "<!--topbar-->"},
      {"slot_trending", "<!--trending-->"},
      {"lead", card_view(7)},
      {"has_latest", true},
      {"latest", cards},
      {"has_related", true},
      {"related", cards},
      {"has_sections", true},
      {"sections", boost::json::array{boost::json::object{
                       {"name", "Business"}, {"url", "/category/b/"}, {"articles", cards}}}},
      {"has_articles", true},
      {"articles", cards},
      {"has_results", true},
      {"results", cards},
      {"pagination",
       boost::json::object{
           {"page", 2}, {"pages", 3}, {"prev_url", "/page/1/"}, {"next_url", "/page/3/"}}},
      {"article", article},
      {"kind", "Tag"},
      {"query", "word"},
      {"message", "3 results"},
      {"author", boost::json::object{{"name", "A"}, {"bio", "B"}, {"posts_label", "4 posts"}}},
      {"has_items", true},
      {"items", cards},
  };
}

TEST(ThemeTest, DefaultThemeRendersTheSameBytesAsParsingPartialsAtEachUse) {
  const auto files = default_theme::embedded_files();
  auto theme = Theme::load(files, std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  const auto view = rich_view();
  int compared = 0;
  for (const auto& f : files) {
    if (!f.path.starts_with("templates/") || !f.path.ends_with(".mustache")) continue;
    std::string_view name = f.path;
    name.remove_prefix(std::string_view("templates/").size());
    name.remove_suffix(std::string_view(".mustache").size());
    for (const auto& v : {view, boost::json::object{}}) {
      auto out = theme->render(name, v);
      ASSERT_TRUE(out) << name << ": " << out.error().message;
      EXPECT_EQ(*out, reference_render(files, name, v)) << name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 10);
}

TEST(ThemeTest, NestedPartialsAreInlinedAndUnknownOnesRenderNothing) {
  const std::vector<core::EmbeddedFile> files = {
      {"templates/page.mustache", "[{{> outer}}|{{>missing}}|{{#items}}{{> inner}}{{/items}}]"},
      {"partials/outer.mustache", "<o>{{> inner}}</o>"},
      {"partials/inner.mustache", "<i>{{name}}</i>"},
      {"partials/self.mustache", "{{> self}}"},
      {"templates/loop.mustache", "{{> self}}end"},
  };
  auto theme = Theme::load(files, std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  boost::json::object view{{"name", "top"},
                           {"items", boost::json::array{boost::json::object{{"name", "a"}},
                                                        boost::json::object{{"name", "b"}}}}};
  EXPECT_EQ(render_ok(*theme, "page", view), "[<o><i>top</i></o>||<i>a</i><i>b</i>]");
  EXPECT_EQ(render_ok(*theme, "loop", {}), "end");  // a partial that includes itself stops
}

TEST(ThemeTest, ConcurrentRendersOfOneTemplateAgree) {
  auto theme = Theme::load(default_theme::embedded_files(), std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  const auto view = rich_view();
  const auto expected = render_ok(*theme, "home", view);
  std::vector<std::string> outputs(4);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < outputs.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          auto out = theme->render(i % 2 == 0 ? "home" : "article", view);
          if (i % 2 == 0 && out && *out != expected) outputs[t] = "mismatch";
          if (!out) outputs[t] = out.error().message;
        }
      });
    }
  }
  for (const auto& o : outputs) EXPECT_EQ(o, "");
}

}  // namespace
}  // namespace dateline::render
