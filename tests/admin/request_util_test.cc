#include "admin/request_util.h"

#include <gtest/gtest.h>

namespace dateline::admin {
namespace {

http::Request with_headers(std::vector<std::pair<std::string, std::string>> headers,
                           std::string body = {}) {
  http::Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(RequestUtilTest, FindsACookieAmongOthers) {
  const auto r = with_headers({{"cookie", "a=1; dl_session=abc-_9;  theme=\"dark\""}});
  EXPECT_EQ(cookie(r, "dl_session"), "abc-_9");
  EXPECT_EQ(cookie(r, "theme"), "dark");
  EXPECT_EQ(cookie(r, "a"), "1");
  EXPECT_FALSE(cookie(r, "dl"));
  EXPECT_FALSE(cookie(with_headers({}), "a"));
}

TEST(RequestUtilTest, SetCookieIsAlwaysHttpOnlyAndSameSiteLax) {
  EXPECT_EQ(set_cookie("dl_session", "t0k", CookieOptions{"/", std::chrono::seconds{60}, false}),
            "dl_session=t0k; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
  EXPECT_EQ(set_cookie("dl_form", "x", CookieOptions{"/admin", std::nullopt, true}),
            "dl_form=x; Path=/admin; HttpOnly; SameSite=Lax; Secure");
}

TEST(RequestUtilTest, ParsesUrlencodedFormsOnly) {
  auto form = parse_form(
      with_headers({{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}},
                   "email=a%40b.co&password=p+w%26d&empty=&flag"));
  EXPECT_EQ(form_value(form, "email"), "a@b.co");
  EXPECT_EQ(form_value(form, "password"), "p w&d");
  EXPECT_EQ(form_value(form, "empty"), "");
  EXPECT_EQ(form_value(form, "missing"), "");
  EXPECT_EQ(form.size(), 4u);
  EXPECT_TRUE(
      parse_form(with_headers({{"content-type", "application/json"}}, "{\"a\":1}")).empty());
  EXPECT_TRUE(parse_form(with_headers({}, "a=1")).empty());
}

TEST(RequestUtilTest, UrlHostKeepsHostAndPortOnly) {
  EXPECT_EQ(url_host("https://News.Example.com/admin?x"), "news.example.com");
  EXPECT_EQ(url_host("http://127.0.0.1:8080/admin"), "127.0.0.1:8080");
  EXPECT_EQ(url_host("http://user@evil.example:81"), "evil.example:81");
  EXPECT_EQ(url_host("javascript:alert(1)"), "");
  EXPECT_EQ(url_host("/relative"), "");
}

TEST(RequestUtilTest, SameOriginChecksOriginThenReferer) {
  EXPECT_TRUE(same_origin(with_headers({}), "news.example"));
  EXPECT_TRUE(same_origin(with_headers({{"origin", "https://news.example"}}), "news.example"));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "https://evil.example"}}), "news.example"));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "null"}}), "news.example"));
  EXPECT_TRUE(same_origin(with_headers({{"referer", "http://news.example/admin/sign-in"}}),
                          "news.example"));
  EXPECT_FALSE(
      same_origin(with_headers({{"referer", "https://evil.example/page"}}), "news.example"));
  // Origin wins over a matching Referer.
  EXPECT_FALSE(same_origin(
      with_headers({{"origin", "https://evil.example"}, {"referer", "https://news.example/"}}),
      "news.example"));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "https://news.example"}}), ""));
}

TEST(RequestUtilTest, SafeNextStaysInsideTheBackOffice) {
  EXPECT_EQ(safe_next("/admin/users"), "/admin/users");
  EXPECT_EQ(safe_next("/admin?x=1"), "/admin?x=1");
  EXPECT_EQ(safe_next("/admin"), "/admin");
  EXPECT_EQ(safe_next("https://evil.example/admin"), "/admin");
  EXPECT_EQ(safe_next("//evil.example/admin"), "/admin");
  EXPECT_EQ(safe_next("/admin//evil.example"), "/admin");
  EXPECT_EQ(safe_next("/admin/\\evil"), "/admin");
  EXPECT_EQ(safe_next("/administrator"), "/admin");
  EXPECT_EQ(safe_next("/"), "/admin");
  EXPECT_EQ(safe_next(""), "/admin");
  EXPECT_EQ(safe_next("/admin/\r\nSet-Cookie: x"), "/admin");
}

}  // namespace
}  // namespace dateline::admin
