// Cursors are opaque to clients but must round-trip exactly and refuse anything they did not make.
#include "api/cursor.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace dateline::api {
namespace {

TEST(Base64UrlTest, RoundTripsEveryLengthWithoutPadding) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    const auto text = base64url_encode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    auto back = base64url_decode(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, bytes);
    bytes += static_cast<char>(i * 37 + 200);
  }
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, RefusesForeignCharactersLengthsAndStrayBits) {
  EXPECT_FALSE(base64url_decode("Zm9v="));
  EXPECT_FALSE(base64url_decode("Zm+v"));
  EXPECT_FALSE(base64url_decode("Zm9vY"));   // a length no encoding has
  EXPECT_FALSE(base64url_decode("Zm9vYh"));  // "foob" is Zm9vYg: the last bits must be zero
}

TEST(CursorTest, RoundTripsArticleAndSearchCursors) {
  const Cursor article{Cursor::Kind::kArticles, 40, 1764194400, 17};
  auto back = decode_cursor(encode_cursor(article));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, article);

  const Cursor unknown_date{Cursor::Kind::kArticles, 3, std::numeric_limits<std::int64_t>::min(),
                            2};
  back = decode_cursor(encode_cursor(unknown_date));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, unknown_date);

  Cursor search;
  search.kind = Cursor::Kind::kSearch;
  search.offset = 20;
  back = decode_cursor(encode_cursor(search));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, search);
}

TEST(CursorTest, RefusesAnythingItDidNotMake) {
  for (std::string_view raw :
       {"", "a1", "a1.1.2", "a1.1.2.3.4", "a2.1.2.3", "s1", "s1.", "s1.-1", "s1.01", "s1.+1",
        "s1.1x", "a1.1.2.-3", "a1.1.-0.3", "s1.1000001", "a1. 1.2.3"}) {
    EXPECT_FALSE(decode_cursor(base64url_encode(raw))) << raw;
  }
  EXPECT_FALSE(decode_cursor("not a cursor"));
  EXPECT_FALSE(decode_cursor(std::string(500, 'A')));
  const auto error = decode_cursor("%%%");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, core::Errc::kInvalidArgument);
}

}  // namespace
}  // namespace dateline::api
