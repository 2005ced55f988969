#include "core/strings.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::core {
namespace {

using std::string_view_literals::operator""sv;

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(HtmlEscapeTest, LeavesPlainAndMultiByteTextAlone) {
  EXPECT_EQ(html_escape("Karachi"), "Karachi");
  EXPECT_EQ(html_escape("کراچی — Café"), "کراچی — Café");
  EXPECT_EQ(html_escape(""), "");
}

TEST(HtmlEscapeTest, EscapesAnAmpersandOnlyOnce) { EXPECT_EQ(html_escape("&amp;"), "&amp;amp;"); }

TEST(TrimTest, RemovesAsciiWhitespaceOnBothEnds) {
  EXPECT_EQ(trim("  \t\r\n hello world \f\v\n"), "hello world");
}

TEST(TrimTest, KeepsInnerWhitespace) { EXPECT_EQ(trim(" a  b "), "a  b"); }

TEST(TrimTest, AllWhitespaceBecomesEmpty) {
  EXPECT_EQ(trim(" \t\n "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(ToLowerAsciiTest, LowersOnlyAsciiLetters) {
  EXPECT_EQ(to_lower_ascii("Hello WORLD 123"), "hello world 123");
  EXPECT_EQ(to_lower_ascii("ÉCOLE"), "École") << "non-ASCII bytes are left untouched";
}

TEST(IequalsAsciiTest, IgnoresOnlyAsciiCase) {
  EXPECT_TRUE(iequals_ascii("Content-Type", "content-type"));
  EXPECT_TRUE(iequals_ascii("", ""));
  EXPECT_FALSE(iequals_ascii("ETag", "ETags"));
  EXPECT_FALSE(iequals_ascii("Vary", "Varz"));
  EXPECT_FALSE(iequals_ascii("É", "é")) << "non-ASCII bytes must match exactly";
  EXPECT_FALSE(iequals_ascii("[", "{")) << "only letters fold";
}

TEST(SplitTest, SplitsOnEverySeparator) {
  EXPECT_EQ(split("a,b,c", ','), (std::vector<std::string_view>{"a", "b", "c"}));
}

TEST(SplitTest, KeepsEmptyFields) {
  EXPECT_EQ(split(",a,,b,", ','), (std::vector<std::string_view>{"", "a", "", "b", ""}));
}

TEST(SplitTest, TextWithoutSeparatorIsOneField) {
  EXPECT_EQ(split("abc", '/'), (std::vector<std::string_view>{"abc"}));
  EXPECT_EQ(split("", '/'), (std::vector<std::string_view>{""}));
}

TEST(FindInvalidUtf8Test, AsciiIsValid) {
  EXPECT_EQ(find_invalid_utf8("plain ASCII text\n"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8(""), std::nullopt);
}

TEST(FindInvalidUtf8Test, ValidMultiByteSequencesPass) {
  EXPECT_EQ(find_invalid_utf8("Café"), std::nullopt);              // 2 bytes
  EXPECT_EQ(find_invalid_utf8("پاکستان — €"), std::nullopt);       // 2 and 3 bytes
  EXPECT_EQ(find_invalid_utf8("新闻"), std::nullopt);              // 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x93\xB0"), std::nullopt);  // U+1F4F0 newspaper, 4 bytes
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), std::nullopt);  // U+10FFFF, the last one
}

TEST(FindInvalidUtf8Test, ReportsTheOffsetOfTheFirstBadSequence) {
  EXPECT_EQ(find_invalid_utf8("ab\xFF"
                              "cd"),
            2u);
  EXPECT_EQ(find_invalid_utf8("Café \x80"), 6u) << "a lone continuation byte";
}

TEST(FindInvalidUtf8Test, RejectsOverlongEncodings) {
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);          // '/' in two bytes
  EXPECT_EQ(find_invalid_utf8("\xC1\xBF"), 0u);          // U+007F in two bytes
  EXPECT_EQ(find_invalid_utf8("x\xE0\x80\xAF"), 1u);     // '/' in three bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x82\x82\xAC"), 0u);  // U+20AC in four bytes
}

TEST(FindInvalidUtf8Test, RejectsSurrogates) {
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);            // U+D800
  EXPECT_EQ(find_invalid_utf8("ok \xED\xBF\xBF"), 3u);         // U+DFFF
  EXPECT_EQ(find_invalid_utf8("\xED\x9F\xBF"), std::nullopt);  // U+D7FF is fine
}

TEST(FindInvalidUtf8Test, RejectsCodePointsAboveUnicode) {
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);      // U+110000
  EXPECT_EQ(find_invalid_utf8("\xF8\x88\x80\x80\x80"), 0u);  // five-byte form
}

TEST(FindInvalidUtf8Test, RejectsTruncatedSequences) {
  EXPECT_EQ(find_invalid_utf8("abc\xE2\x82"), 3u) << "cut off at the end of the text";
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x93"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xC3"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xE2\x82 x"), 0u) << "continuation replaced by ASCII";
}

TEST(FindInvalidUtf8Test, CountsEmbeddedNulAsValid) {
  EXPECT_EQ(find_invalid_utf8("a\0b"sv), std::nullopt);
}

TEST(UrlEncodeTest, KeepsUnreservedCharacters) {
  EXPECT_EQ(url_encode("AZaz09-_.~"), "AZaz09-_.~");
}

TEST(UrlEncodeTest, EncodesEverythingElseAsUpperCaseHex) {
  EXPECT_EQ(url_encode("a b&c=d/e?"), "a%20b%26c%3Dd%2Fe%3F");
  EXPECT_EQ(url_encode("é"), "%C3%A9");
  EXPECT_EQ(url_encode("+"), "%2B");
}

TEST(UrlDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(url_decode("a%20b+c"), "a b c");
  EXPECT_EQ(url_decode("%c3%A9"), "é") << "hex digits in either case";
  EXPECT_EQ(url_decode(""), "");
}

TEST(UrlDecodeTest, RoundTripsUrlEncode) {
  const std::string text = "Pakistan’s IT exports rise 12% + more / less?";
  EXPECT_EQ(url_decode(url_encode(text)), text);
}

TEST(UrlDecodeTest, RejectsMalformedEscapes) {
  EXPECT_EQ(url_decode("%"), std::nullopt);
  EXPECT_EQ(url_decode("abc%4"), std::nullopt) << "one hex digit at the end";
  EXPECT_EQ(url_decode("%G1"), std::nullopt);
  EXPECT_EQ(url_decode("%1G"), std::nullopt);
  EXPECT_EQ(url_decode("100%"), std::nullopt);
}

TEST(UrlDecodeTest, DecodesAnEscapeAtTheVeryEnd) { EXPECT_EQ(url_decode("ab%41"), "abA"); }

TEST(ReplaceAllTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(replace_all("/{slug}/{slug}/", "{slug}", "news"), "/news/news/");
}

TEST(ReplaceAllTest, DoesNotRescanReplacedText) {
  EXPECT_EQ(replace_all("aaa", "a", "aa"), "aaaaaa");
  EXPECT_EQ(replace_all("aaa", "aa", "b"), "ba");
}

TEST(ReplaceAllTest, CanDeleteAndLeavesTextWithoutMatchesAlone) {
  EXPECT_EQ(replace_all("a-b-c", "-", ""), "abc");
  EXPECT_EQ(replace_all("abc", "x", "y"), "abc");
}

TEST(ReplaceAllTest, EmptyPatternChangesNothing) { EXPECT_EQ(replace_all("abc", "", "x"), "abc"); }

}  // namespace
}  // namespace dateline::core
