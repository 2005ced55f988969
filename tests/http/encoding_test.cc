#include "http/encoding.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/decompress.h"

namespace dateline::http {
namespace {

TEST(EncodingTest, NoHeaderOrUnknownCodingsMeanIdentity) {
  EXPECT_EQ(choose_coding(""), ContentCoding::kIdentity);
  EXPECT_EQ(choose_coding("compress, zstd"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_coding("identity"), ContentCoding::kIdentity);
}

TEST(EncodingTest, PrefersBrotliThenGzipWhenEquallyWelcome) {
  EXPECT_EQ(choose_coding("gzip, deflate, br"), ContentCoding::kBrotli);
  EXPECT_EQ(choose_coding("gzip, deflate"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("x-gzip"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("GZIP"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("*"), ContentCoding::kBrotli);
}

TEST(EncodingTest, QValuesDecide) {
  EXPECT_EQ(choose_coding("br;q=0.5, gzip;q=0.8"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("br;q=0.9, gzip"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("br ; q=1.0, gzip;q=0.999"), ContentCoding::kBrotli);
  EXPECT_EQ(choose_coding("br;q=0, gzip;q=0"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_coding("gzip;q=0.5, identity;q=0.9"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_coding("*;q=0.3, br;q=0"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("gzip;q=2, br;q=abc"), ContentCoding::kIdentity);  // malformed: ignored
}

TEST(EncodingTest, IdentityCanBeRefused) {
  EXPECT_EQ(choose_coding("identity;q=0, gzip;q=0.1"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("*;q=0, br"), ContentCoding::kBrotli);
  // Nothing acceptable: the response still goes out, uncoded.
  EXPECT_EQ(choose_coding("identity;q=0"), ContentCoding::kIdentity);
}

TEST(EncodingTest, CodingNamesAreTheHeaderValues) {
  EXPECT_EQ(coding_name(ContentCoding::kGzip), "gzip");
  EXPECT_EQ(coding_name(ContentCoding::kBrotli), "br");
  EXPECT_EQ(coding_name(ContentCoding::kIdentity), "");
}

TEST(EncodingTest, CompressedBytesDecodeToTheOriginal) {
  std::string page = "<!doctype html><title>Dateline</title>";
  for (int i = 0; i < 500; ++i)
    page += "<p>Paragraph " + std::to_string(i) + " of the story.</p>\n";
  const auto gz = gzip_compress(page);
  const auto br = brotli_compress(page);
  ASSERT_FALSE(gz.empty());
  ASSERT_FALSE(br.empty());
  EXPECT_LT(gz.size(), page.size() / 3);
  EXPECT_LT(br.size(), page.size() / 3);
  EXPECT_EQ(testing::gunzip(gz), page);
  EXPECT_EQ(testing::unbrotli(br), page);
  EXPECT_EQ(testing::gunzip(gzip_compress("")), "");
  EXPECT_EQ(testing::unbrotli(brotli_compress("")), "");
}

TEST(EncodingTest, CompressedBytesHoldNoMoreMemoryThanTheirSize) {
  // Cached pages keep these strings for their life: not the worst-case buffer they were made in.
  std::string page;
  for (int i = 0; i < 500; ++i)
    page += "<p>Paragraph " + std::to_string(i) + " of the story.</p>\n";
  const auto gz = gzip_compress(page);
  const auto br = brotli_compress(page);
  EXPECT_LT(gz.capacity(), gz.size() + 64);
  EXPECT_LT(br.capacity(), br.size() + 64);
}

}  // namespace
}  // namespace dateline::http
