#include "render/theme.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
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

}  // namespace
}  // namespace dateline::render
