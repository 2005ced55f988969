#include "http/security_headers.h"

#include <gtest/gtest.h>

namespace dateline::http {
namespace {

TEST(SecurityHeadersTest, AllowOnlyTheSitesOwnScriptsAndStylesAndNoFraming) {
  auto r = Response::html(200, "<p>hi</p>");
  add_security_headers(r);
  const auto csp = r.header("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string_view::npos) << csp;
  EXPECT_NE(csp.find("style-src 'self'"), std::string_view::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string_view::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string_view::npos) << csp;
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
}

TEST(SecurityHeadersTest, ReplaceHeadersAlreadySetAndKeepOthers) {
  Response r;
  r.set_header("x-frame-options", "SAMEORIGIN");
  r.set_header("Cache-Control", "no-store");
  add_security_headers(r);
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  int frame_options = 0;
  for (const auto& [k, v] : r.headers) {
    if (k == "X-Frame-Options" || k == "x-frame-options") ++frame_options;
  }
  EXPECT_EQ(frame_options, 1);
}

}  // namespace
}  // namespace dateline::http
