// HTTP behaviour seen from a client: keep-alive, HEAD, methods, conditional GETs, fingerprinted
// assets, limits, malformed requests, request ids, security headers and escaping.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <utility>

#include "integration/harness.h"
#include "render/default_theme.h"
#include "render/theme.h"
#include "testing/decompress.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;

constexpr std::string_view kArticle = "/petrol-and-diesel-prices-raised-as-rupee-slides/";

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

// What `probe()` answers (a HEAD, parsed or as raw bytes) bracketed by two GETs of `target` that
// got the same bytes, so the probe saw that page too: widgets spliced into cached pages (Trending
// Now follows the views tests make) and lists ranked in the background may change a page between
// two requests. {get, probe's answer}; nullopt when the page changed between every pair tried.
template <class Probe>
auto beside_steady_get(HttpClient& client, std::string_view target, Probe probe,
                       const testing::HttpHeaders& headers = {})
    -> std::optional<std::pair<testing::HttpResponse, decltype(probe())>> {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto before = client.get(target, headers);
    auto answer = probe();
    auto after = client.get(target, headers);
    if (before.body == after.body) return std::pair{std::move(after), std::move(answer)};
  }
  return std::nullopt;
}

// A HEAD of `target` beside a GET of the same page: {get, head}; head.status is 0 when the page
// never held still.
std::pair<testing::HttpResponse, testing::HttpResponse> head_beside_get(
    HttpClient& client, std::string_view target, const testing::HttpHeaders& headers = {}) {
  auto steady = beside_steady_get(
      client, target, [&] { return client.head(target, headers); }, headers);
  if (!steady) return {};
  return std::move(*steady);
}

// True when every <script> on the page is an inert JSON-LD data block that is not closed early.
bool scripts_are_inert(std::string_view html) {
  const auto opened = count(html, "<script");
  return opened == count(html, "<script type=\"application/ld+json\">") &&
         opened == count(html, "</script>");
}

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = std::make_unique<TestSite>(); }
  static void TearDownTestSuite() { site_.reset(); }
  static TestSite& site() { return *site_; }
  static unsigned short port() { return site_->port(); }

 private:
  static inline std::unique_ptr<TestSite> site_;
};

TEST_F(HttpTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpClient client(port());
  const auto first = client.get("/");
  EXPECT_EQ(first.status, 200u);
  EXPECT_TRUE(first.keep_alive);
  EXPECT_TRUE(client.connected());
  const auto second = client.get(kArticle);
  EXPECT_EQ(second.status, 200u);
  EXPECT_TRUE(has(second.body, "<h1 class=\"story-title\">Petrol and diesel"));
  const auto third = client.get("/healthz");
  EXPECT_EQ(third.body, "ok\n");
  EXPECT_EQ(client.connections_opened(), 1);

  // "Connection: close" is honoured.
  const auto last = client.get("/healthz", {{"Connection", "close"}});
  EXPECT_EQ(last.status, 200u);
  EXPECT_FALSE(last.keep_alive);
  EXPECT_FALSE(client.connected());
}

TEST_F(HttpTest, HeadHasContentLengthButNoBody) {
  HttpClient client(port());
  const auto [get, head] = head_beside_get(client, kArticle);
  ASSERT_EQ(get.status, 200u);
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("etag"), get.header("etag"));
  // The connection is still in step: had HEAD sent a body, this would read it.
  EXPECT_EQ(client.get("/healthz").body, "ok\n");
  EXPECT_EQ(client.connections_opened(), 1);

  // On the wire, nothing follows the header; its length is the GET's beside it.
  const auto wire = beside_steady_get(client, kArticle, [&] {
    return client.send_raw(
        fmt::format("HEAD {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", kArticle));
  });
  ASSERT_TRUE(wire) << "the page never held still for a GET, HEAD and GET";
  const auto& [steady_get, raw] = *wire;
  const auto end = raw.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << raw;
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 200")) << raw;
  EXPECT_EQ(raw.size(), end + 4) << "HEAD answer carried a body";
  EXPECT_TRUE(has(raw, fmt::format("Content-Length: {}\r\n", steady_get.body.size()))) << raw;
}

TEST_F(HttpTest, OtherMethodsAnswer405WithAllow) {
  HttpClient client(port());
  for (std::string_view method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (std::string_view target :
         {std::string_view("/"), kArticle, std::string_view("/healthz")}) {
      SCOPED_TRACE(fmt::format("{} {}", method, target));
      const auto r = client.request(method, target, {{"Content-Type", "text/plain"}}, "x=1");
      EXPECT_EQ(r.status, 405u);
      EXPECT_EQ(r.header("allow"), "GET, HEAD");
    }
  }
}

TEST_F(HttpTest, MatchingETagAnswers304) {
  HttpClient client(port());
  for (std::string_view target :
       {std::string_view("/"), kArticle, std::string_view("/tag/energy/")}) {
    SCOPED_TRACE(target);
    const auto first = client.get(target);
    ASSERT_EQ(first.status, 200u);
    const std::string etag(first.header("etag"));
    ASSERT_FALSE(etag.empty());
    const auto again = client.get(target, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304u);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("etag"), etag);
    EXPECT_EQ(client.get(target, {{"If-None-Match", "\"other\", " + etag}}).status, 304u);
    EXPECT_EQ(client.get(target, {{"If-None-Match", "\"something-else\""}}).status, 200u);
  }
}

TEST_F(HttpTest, PagesGoOutCompressedAsTheClientPrefers) {
  HttpClient client(port());
  for (std::string_view target : {std::string_view("/"), kArticle, std::string_view("/tag/energy/"),
                                  std::string_view("/feed.xml")}) {
    SCOPED_TRACE(target);
    // Every request of a round must see the same page, and spliced widgets (Trending Now follows
    // the views tests make) may change it between two requests: a round counts when the page is
    // the same at its end as at its start.
    testing::HttpResponse plain, br, gz, refused, none, br_again, gz_again, plain_again, cross_gz,
        cross_plain;
    std::string etag, br_etag, gz_etag;
    for (int attempt = 0; attempt < 5; ++attempt) {
      plain = client.get(target);
      br = client.get(target, {{"Accept-Encoding", "gzip, deflate, br"}});
      gz = client.get(target, {{"Accept-Encoding", "br;q=0.5, gzip"}});
      refused = client.get(target, {{"Accept-Encoding", "identity;q=0, gzip;q=0.2"}});
      none = client.get(target, {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
      etag = std::string(plain.header("etag"));
      br_etag = std::string(br.header("etag"));
      gz_etag = std::string(gz.header("etag"));
      br_again = client.get(target, {{"Accept-Encoding", "br"}, {"If-None-Match", br_etag}});
      gz_again = client.get(target, {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz_etag}});
      plain_again = client.get(target, {{"If-None-Match", etag}});
      cross_gz = client.get(target, {{"Accept-Encoding", "gzip"}, {"If-None-Match", br_etag}});
      cross_plain = client.get(target, {{"If-None-Match", gz_etag}});
      if (client.get(target).body == plain.body) break;
    }
    ASSERT_EQ(plain.status, 200u);
    EXPECT_FALSE(plain.has_header("content-encoding"));
    EXPECT_EQ(plain.header("vary"), "Accept-Encoding");

    ASSERT_EQ(br.status, 200u);
    EXPECT_EQ(br.header("content-encoding"), "br");
    EXPECT_EQ(br.header("vary"), "Accept-Encoding");
    EXPECT_LT(br.body.size(), plain.body.size());
    EXPECT_EQ(testing::unbrotli(br.body), plain.body);

    ASSERT_EQ(gz.status, 200u);
    EXPECT_EQ(gz.header("content-encoding"), "gzip");
    EXPECT_EQ(testing::gunzip(gz.body), plain.body);

    EXPECT_EQ(refused.header("content-encoding"), "gzip");
    EXPECT_FALSE(none.has_header("content-encoding"));
    EXPECT_EQ(none.body, plain.body);

    // Each variant has its own ETag, and revalidates against it.
    EXPECT_EQ(br_etag, etag.substr(0, etag.size() - 1) + "-br\"");
    EXPECT_EQ(gz_etag, etag.substr(0, etag.size() - 1) + "-gz\"");
    EXPECT_EQ(br_again.status, 304u);
    EXPECT_EQ(br_again.header("etag"), br_etag);
    EXPECT_TRUE(br_again.body.empty());
    EXPECT_EQ(gz_again.status, 304u);
    EXPECT_EQ(plain_again.status, 304u);
    // A validator of another variant does not match the one negotiated.
    EXPECT_EQ(cross_gz.status, 200u);
    EXPECT_EQ(cross_plain.status, 200u);
    // HEAD announces the length of the variant GET would send.
    const auto [br_get, br_head] = head_beside_get(client, target, {{"Accept-Encoding", "br"}});
    EXPECT_EQ(br_head.status, 200u);
    EXPECT_EQ(br_head.header("content-length"), std::to_string(br_get.body.size()));
    EXPECT_TRUE(br_head.body.empty());
  }
}

TEST_F(HttpTest, PagesCarryCacheControlForSharedCaches) {
  HttpClient client(port());
  EXPECT_EQ(client.get("/").header("cache-control"),
            "public, max-age=30, stale-while-revalidate=30");
  EXPECT_EQ(client.get(kArticle).header("cache-control"),
            "public, max-age=60, stale-while-revalidate=30");
  EXPECT_EQ(client.get("/tag/energy/").header("cache-control"),
            "public, max-age=60, stale-while-revalidate=30");
}

TEST_F(HttpTest, FingerprintedAssetsAreImmutable) {
  const auto home = site().page("/");
  std::smatch css;
  const std::regex css_link(R"re(href="(/assets/site\.[0-9A-Za-z]+\.css)")re");
  ASSERT_TRUE(std::regex_search(home, css, css_link)) << "no fingerprinted stylesheet";
  HttpClient client(port());
  const auto r = client.get(css[1].str());
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.header("content-type").starts_with("text/css")) << r.header("content-type");
  EXPECT_TRUE(has(r.header("cache-control"), "immutable")) << r.header("cache-control");
  EXPECT_TRUE(has(r.header("cache-control"), "max-age=31536000"));
  EXPECT_TRUE(has(r.body, "{"));
  EXPECT_EQ(client.get(css[1].str(), {{"If-None-Match", std::string(r.header("etag"))}}).status,
            304u);
  // The name without its fingerprint is not served: it could go stale under "immutable".
  EXPECT_EQ(client.get("/assets/site.css").status, 404u);
  EXPECT_EQ(client.get("/assets/site.0000000000.css").status, 404u);
}

TEST_F(HttpTest, VendorEditorAssetsAreServedFingerprintedAndImmutable) {
  // The back office's editor (EasyMDE) is embedded from node_modules under the theme's vendor/.
  auto theme = render::Theme::load(render::default_theme::embedded_files(), std::nullopt);
  ASSERT_TRUE(theme) << theme.error().message;
  HttpClient client(port());
  for (const auto& [name, type] : {std::pair{"vendor/easymde.min.js", "text/javascript"},
                                   std::pair{"vendor/easymde.min.css", "text/css"}}) {
    SCOPED_TRACE(name);
    const auto url = theme->asset_url(name);
    ASSERT_TRUE(url.starts_with("/assets/vendor/easymde.min.")) << url;
    const auto r = client.get(url);
    EXPECT_EQ(r.status, 200u);
    EXPECT_TRUE(r.header("content-type").starts_with(type)) << r.header("content-type");
    EXPECT_TRUE(has(r.header("cache-control"), "max-age=31536000")) << r.header("cache-control");
    EXPECT_TRUE(has(r.header("cache-control"), "immutable"));
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_GT(r.body.size(), 1000u);
    EXPECT_EQ(client.get(url, {{"If-None-Match", std::string(r.header("etag"))}}).status, 304u);
  }
  EXPECT_EQ(client.get("/assets/vendor/easymde.min.js").status, 404u);
}

TEST_F(HttpTest, HeaderOver16KiBAnswers431) {
  HttpClient client(port());
  const auto raw = client.send_raw(fmt::format(
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {}\r\n\r\n", std::string(17 * 1024, 'a')));
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 431")) << raw.substr(0, 200);
  // Just under the limit is fine.
  const auto fine = client.get("/healthz", {{"X-Padding", std::string(8 * 1024, 'a')}});
  EXPECT_EQ(fine.status, 200u);
}

TEST_F(HttpTest, RefusalsUnderApiAreProblemDocuments) {
  {
    HttpClient client(port());
    const auto r =
        client.request("POST", "/api/v1/articles", {{"Content-Type", "application/json"}},
                       std::string(2 * 1024 * 1024, 'x'));
    EXPECT_EQ(r.status, 413u);
    EXPECT_TRUE(r.header("content-type").starts_with("application/problem+json"))
        << r.header("content-type");
    EXPECT_TRUE(has(r.body, "\"status\":413")) << r.body;
    EXPECT_TRUE(has(r.body, "\"instance\":\"/api/v1/articles\"")) << r.body;
  }
  {
    HttpClient client(port());
    const auto r = HttpClient::parse(client.send_raw(
        fmt::format("GET /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {}\r\n\r\n",
                    std::string(17 * 1024, 'a'))));
    EXPECT_EQ(r.status, 431u);
    EXPECT_TRUE(r.header("content-type").starts_with("application/problem+json"));
    EXPECT_TRUE(has(r.body, "Request Header Fields Too Large")) << r.body;
  }
  // Elsewhere they stay plain text.
  HttpClient client(port());
  const auto page = client.request("POST", "/", {}, std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(page.status, 413u);
  EXPECT_TRUE(page.header("content-type").starts_with("text/plain")) << page.header("content-type");
}

TEST_F(HttpTest, MalformedRequestsAnswer400) {
  HttpClient client(port());
  for (std::string_view bytes :
       {std::string_view("THIS IS NOT HTTP\r\n\r\n"), std::string_view("GET\r\n\r\n"),
        std::string_view("GET relative/path HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string_view("GET /%zz/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string_view("GET /a%00b/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")}) {
    SCOPED_TRACE(bytes);
    const auto raw = client.send_raw(bytes);
    EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw.substr(0, 200);
  }
  // The server is still fine.
  EXPECT_EQ(client.get("/healthz").status, 200u);
}

TEST_F(HttpTest, RequestIdIsEchoedOrGenerated) {
  HttpClient client(port());
  EXPECT_EQ(client.get("/", {{"X-Request-Id", "it-abc.123_X"}}).header("x-request-id"),
            "it-abc.123_X");
  EXPECT_EQ(client.get("/no-such-page/", {{"X-Request-Id", "lost-1"}}).header("x-request-id"),
            "lost-1");
  const std::regex generated("[0-9a-f]{8}-[0-9]+");
  const std::string a(client.get("/").header("x-request-id"));
  const std::string b(client.get("/").header("x-request-id"));
  EXPECT_TRUE(std::regex_match(a, generated)) << a;
  EXPECT_TRUE(std::regex_match(b, generated)) << b;
  EXPECT_NE(a, b);
  // An id that could forge log lines is replaced.
  const std::string forged(
      client.get("/", {{"X-Request-Id", "x\" status=200 forged"}}).header("x-request-id"));
  EXPECT_TRUE(std::regex_match(forged, generated)) << forged;
  EXPECT_TRUE(std::regex_match(
      std::string(client.get("/", {{"X-Request-Id", std::string(65, 'a')}}).header("x-request-id")),
      generated));
}

TEST_F(HttpTest, SecurityHeadersOnEveryPage) {
  HttpClient client(port());
  for (std::string_view target :
       {std::string_view("/"), kArticle, std::string_view("/search?q=x"),
        std::string_view("/no-such-page/"), std::string_view("/healthz")}) {
    SCOPED_TRACE(target);
    const auto r = client.get(target);
    const std::string csp(r.header("content-security-policy"));
    ASSERT_FALSE(csp.empty());
    std::smatch script_src;
    ASSERT_TRUE(std::regex_search(csp, script_src, std::regex("script-src([^;]*)")));
    EXPECT_FALSE(has(script_src[1].str(), "unsafe-inline")) << csp;
    EXPECT_FALSE(has(script_src[1].str(), "unsafe-eval")) << csp;
    EXPECT_TRUE(has(csp, "object-src 'none'")) << csp;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(r.header("referrer-policy").empty());
    // Nothing on the page is inline code: at most JSON-LD data.
    EXPECT_TRUE(scripts_are_inert(r.body)) << target;
  }
}

// A headline full of markup is text everywhere it appears.
TEST(EscapingTest, HostileHeadlineIsEscapedOnEveryPage) {
  TestSite site;
  site.import({{"hostile.md",
                "---\ntitle: '<script>alert(1)</script> & \"q\"'\nslug: hostile-headline\n"
                "date: 2025-11-27T10:00:00+05:00\ndateline: '<b>Karachi</b>'\n"
                "author: Farhan Qadir\ncategory: Business\ntags: [energy]\n"
                "excerpt: '<img src=x onerror=alert(2)>'\n---\n"
                "A story about fuel with <script>alert(3)</script> inline and "
                "[a link](javascript:alert(4)).\n"}});
  // Read by a person so it trends; push the seeded demo views far into the past first.
  site.fake_clock().advance(std::chrono::days(60));
  site.app().tick();
  for (int i = 0; i < 3; ++i) {
    site.get("/hostile-headline/", {{"User-Agent", fmt::format("Reader {}", i)}});
  }
  site.app().tick();

  const std::string escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;";
  for (std::string_view target :
       {"/hostile-headline/", "/", "/tag/energy/", "/category/business/", "/author/farhan-qadir/",
        "/search?q=alert", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/petrol-and-diesel-prices-raised-as-rupee-slides/", "/no-such-page/"}) {
    SCOPED_TRACE(target);
    const auto r = site.get(target);
    EXPECT_TRUE(r.status == 200 || r.status == 404) << r.status;
    EXPECT_TRUE(has(r.body, escaped));
    EXPECT_FALSE(has(r.body, "<script>alert")) << "raw script tag";
    EXPECT_TRUE(scripts_are_inert(r.body));
    EXPECT_FALSE(has(r.body, "<img src=x")) << "raw image tag";
    EXPECT_FALSE(has(r.body, "javascript:")) << "script link";
  }
  const auto article = site.page("/hostile-headline/");
  EXPECT_TRUE(has(article, fmt::format("<h1 class=\"story-title\">{}</h1>", escaped)));
  EXPECT_TRUE(has(article, "<span class=\"dateline\">&lt;b&gt;Karachi&lt;/b&gt; (TDI):</span>"));
  const auto trend = trending(site.page("/"));
  ASSERT_FALSE(trend.empty());
  EXPECT_EQ(trend.front().url, "/hostile-headline/");
  EXPECT_EQ(trend.front().text, escaped);
}

}  // namespace
}  // namespace dateline::integration
