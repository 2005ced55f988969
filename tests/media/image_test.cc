#include "media/image.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "media/test_images.h"

namespace dateline::media {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;
using fixtures::decode;
using fixtures::encode;
using fixtures::encoded_noise;
using fixtures::ImageRef;
using fixtures::loader_format;
using fixtures::pixel;

std::vector<int> widths_of(const ProcessedImage& image, std::string_view format) {
  std::vector<int> widths;
  for (const auto& v : image.variants) {
    if (v.format == format) widths.push_back(v.width);
  }
  return widths;
}

// Heights after scaling may round either way by one pixel.
void expect_aspect(const ImageVariant& v, int original_width, int original_height) {
  const double expected = static_cast<double>(v.width) * original_height / original_width;
  EXPECT_LE(std::abs(v.height - expected), 1.0) << v.format << " " << v.width << "x" << v.height;
}

TEST(SniffImageFormatTest, RecognisesMagicBytes) {
  EXPECT_EQ(sniff_image_format("\xFF\xD8\xFF\xE0rest"sv), "jpeg");
  EXPECT_EQ(sniff_image_format("\x89PNG\r\n\x1A\n...."sv), "png");
  EXPECT_EQ(sniff_image_format("GIF89a...."sv), "gif");
  EXPECT_EQ(sniff_image_format("GIF87a...."sv), "gif");
  EXPECT_EQ(sniff_image_format("RIFF\x10\x00\x00\x00WEBPVP8 "sv), "webp");
}

TEST(SniffImageFormatTest, RefusesLookalikes) {
  EXPECT_EQ(sniff_image_format(""), "");
  EXPECT_EQ(sniff_image_format("\xFF\xD8"), "");
  EXPECT_EQ(sniff_image_format("RIFF\x10\x00\x00\x00WAVEfmt "sv), "");
  EXPECT_EQ(sniff_image_format("RIFF"), "");
  EXPECT_EQ(sniff_image_format("GIF90a"), "");
  EXPECT_EQ(sniff_image_format("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "");
}

TEST(ProcessImageTest, AcceptsJpegPngWebpAndGif) {
  const std::vector<std::pair<const char*, std::string>> inputs = {
      {".jpg", "jpeg"}, {".png", "png"}, {".webp", "webp"}, {".gif", "gif"}};
  for (const auto& [suffix, format] : inputs) {
    const std::string bytes = encoded_noise(suffix, 700, 350);
    ASSERT_EQ(loader_format(bytes), format);
    auto image = process_image(bytes);
    ASSERT_TRUE(image) << suffix << ": " << image.error().message;
    EXPECT_EQ(image->source_format, format);
    EXPECT_EQ(image->width, 700);
    EXPECT_EQ(image->height, 350);
    EXPECT_EQ(widths_of(*image, "webp"), (std::vector<int>{320, 640, 700})) << suffix;
    EXPECT_EQ(widths_of(*image, "jpeg"), (std::vector<int>{320, 640, 700})) << suffix;
  }
}

TEST(ProcessImageTest, MakesEachConfiguredWidthInWebpAndJpegInOrder) {
  auto image = process_image(encoded_noise(".jpg", 2000, 1000));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->variants.size(), 6u);
  const std::vector<std::pair<int, std::string>> expected = {
      {320, "webp"}, {320, "jpeg"}, {640, "webp"}, {640, "jpeg"}, {1280, "webp"}, {1280, "jpeg"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const ImageVariant& v = image->variants[i];
    EXPECT_EQ(v.width, expected[i].first);
    EXPECT_EQ(v.format, expected[i].second);
    EXPECT_EQ(v.mime, v.format == "webp" ? "image/webp" : "image/jpeg");
    expect_aspect(v, 2000, 1000);
  }
}

TEST(ProcessImageTest, ShrinksLargeJpegsWhileDecodingWithoutLosingTheAspect) {
  // 5200 across is over four times the largest width, so libjpeg decodes at half size first.
  const std::string bytes = encode(fixtures::white_top(5200, 2600, 1300).get(), ".jpg");
  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->width, 5200);
  EXPECT_EQ(image->height, 2600);
  EXPECT_EQ(widths_of(*image, "jpeg"), (std::vector<int>{320, 640, 1280}));
  for (const ImageVariant& v : image->variants) {
    expect_aspect(v, 5200, 2600);
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    EXPECT_GT(pixel(out.get(), v.width / 2, v.height / 4, 0), 200) << v.width;
    EXPECT_LT(pixel(out.get(), v.width / 2, v.height * 3 / 4, 0), 50) << v.width;
  }
}

TEST(ProcessImageTest, VariantBytesDecodeAsTheirStatedFormatAndSize) {
  auto image = process_image(encoded_noise(".png", 1000, 750));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->variants.size(), 6u);
  for (const ImageVariant& v : image->variants) {
    EXPECT_EQ(loader_format(v.bytes), v.format);
    ImageRef decoded = decode(v.bytes);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(vips_image_get_width(decoded.get()), v.width);
    EXPECT_EQ(vips_image_get_height(decoded.get()), v.height);
    EXPECT_EQ(vips_image_get_bands(decoded.get()), 3);
    expect_aspect(v, 1000, 750);
  }
}

TEST(ProcessImageTest, NeverUpscalesASmallImage) {
  auto image = process_image(encoded_noise(".jpg", 200, 150));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->variants.size(), 2u);
  EXPECT_EQ(image->variants[0].format, "webp");
  EXPECT_EQ(image->variants[1].format, "jpeg");
  for (const ImageVariant& v : image->variants) {
    EXPECT_EQ(v.width, 200);
    EXPECT_EQ(v.height, 150);
  }
}

TEST(ProcessImageTest, AnImageAsWideAsTheLargestWidthGetsNoDuplicate) {
  auto image = process_image(encoded_noise(".webp", 1280, 720));
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(widths_of(*image, "webp"), (std::vector<int>{320, 640, 1280}));
}

TEST(ProcessImageTest, HonoursConfiguredWidthsInAnyOrder) {
  ImageLimits limits;
  limits.widths = {800, 100, 400, 100};
  auto image = process_image(encoded_noise(".png", 1000, 500), limits);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(widths_of(*image, "jpeg"), (std::vector<int>{100, 400, 800}));
}

TEST(ProcessImageTest, RotatesByExifOrientation) {
  // Stored 300 wide with its top rows white; orientation 6 means "turn 90 degrees clockwise to
  // show", which puts the white rows on the right-hand side of a 200 x 300 picture.
  ImageRef stored = fixtures::copy(fixtures::white_top(300, 200, 40).get());
  ASSERT_TRUE(stored);
  vips_image_set_int(stored.get(), VIPS_META_ORIENTATION, 6);
  const std::string bytes = encode(stored.get(), ".jpg[Q=95]");
  ImageRef check = decode(bytes);
  ASSERT_TRUE(check);
  int orientation = 0;
  ASSERT_EQ(vips_image_get_int(check.get(), VIPS_META_ORIENTATION, &orientation), 0);
  ASSERT_EQ(orientation, 6);

  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->width, 200);
  EXPECT_EQ(image->height, 300);
  ASSERT_EQ(image->variants.size(), 2u);
  for (const ImageVariant& v : image->variants) {
    EXPECT_EQ(v.width, 200);
    EXPECT_EQ(v.height, 300);
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    EXPECT_GT(pixel(out.get(), 195, 150, 0), 200) << v.format;  // right edge: white
    EXPECT_LT(pixel(out.get(), 5, 150, 0), 50) << v.format;     // left edge: black
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_ORIENTATION), 0u) << v.format;
  }
}

TEST(ProcessImageTest, StripsAllMetadata) {
  ImageRef stored = fixtures::copy(fixtures::noise(800, 600).get());
  ASSERT_TRUE(stored);
  vips_image_set_int(stored.get(), VIPS_META_ORIENTATION, 1);
  vips_image_set_string(stored.get(), "exif-ifd0-Artist", "Staff Photographer");
  vips_image_set_string(stored.get(), "exif-ifd0-ImageDescription", "taken at 33.6844 N 73.0479 E");
  const std::string bytes = encode(stored.get(), ".jpg");
  ImageRef check = decode(bytes);
  ASSERT_TRUE(check);
  ASSERT_NE(vips_image_get_typeof(check.get(), VIPS_META_EXIF_NAME), 0u);

  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_FALSE(image->variants.empty());
  for (const ImageVariant& v : image->variants) {
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_EXIF_NAME), 0u) << v.format;
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_XMP_NAME), 0u) << v.format;
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_IPTC_NAME), 0u) << v.format;
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_ICC_NAME), 0u) << v.format;
    EXPECT_EQ(v.bytes.find("Staff Photographer"), std::string::npos) << v.format;
  }
}

TEST(ProcessImageTest, FlattensAlphaOntoWhiteForJpegAndKeepsItInWebp) {
  ImageRef base = fixtures::noise(400, 300);
  ASSERT_TRUE(base);
  ImageRef transparent = fixtures::with_alpha(base.get(), 0.0);
  auto image = process_image(encode(transparent.get(), ".png"));
  ASSERT_TRUE(image) << image.error().message;
  for (const ImageVariant& v : image->variants) {
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    if (v.format == "jpeg") {
      EXPECT_EQ(vips_image_get_bands(out.get()), 3);
      for (int band = 0; band < 3; ++band) EXPECT_GT(pixel(out.get(), 10, 10, band), 250);
    } else {
      ASSERT_EQ(vips_image_get_bands(out.get()), 4);
      EXPECT_LT(pixel(out.get(), 10, 10, 3), 5);
    }
  }
}

TEST(ProcessImageTest, ConvertsGreyscaleToSrgb) {
  ImageRef grey = fixtures::noise(500, 400, 1);
  ASSERT_TRUE(grey);
  ImageRef grey16 = fixtures::to_16_bits(grey.get());
  const std::string bytes = encode(grey16.get(), ".png");
  ImageRef check = decode(bytes);
  ASSERT_TRUE(check);
  ASSERT_EQ(vips_image_get_format(check.get()), VIPS_FORMAT_USHORT);
  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  for (const ImageVariant& v : image->variants) {
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    EXPECT_EQ(vips_image_get_bands(out.get()), 3) << v.format;
    EXPECT_EQ(vips_image_get_format(out.get()), VIPS_FORMAT_UCHAR) << v.format;
  }
}

TEST(ProcessImageTest, ConvertsAnEmbeddedProfileToSrgb) {
  // Pure sRGB red stored as Display P3 numbers, with the P3 profile attached.
  ImageRef red = fixtures::solid(300, 200, 255, 0, 0);
  ASSERT_TRUE(red);
  ImageRef p3 = fixtures::in_profile(red.get(), "p3");
  ASSERT_TRUE(p3);
  const std::string bytes = encode(p3.get(), ".png");
  ImageRef check = decode(bytes);
  ASSERT_TRUE(check);
  ASSERT_NE(vips_image_get_typeof(check.get(), VIPS_META_ICC_NAME), 0u);
  ASSERT_LT(pixel(check.get(), 10, 10, 0), 245);  // P3's red is not 255

  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  for (const ImageVariant& v : image->variants) {
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_ICC_NAME), 0u) << v.format;
    EXPECT_GT(pixel(out.get(), 10, 10, 0), 245) << v.format;
    EXPECT_LT(pixel(out.get(), 10, 10, 1), 12) << v.format;
    EXPECT_LT(pixel(out.get(), 10, 10, 2), 12) << v.format;
  }
}

TEST(ProcessImageTest, ConvertsCmykJpegToSrgb) {
  ImageRef white = fixtures::solid(200, 100, 255, 255, 255);
  ASSERT_TRUE(white);
  ImageRef cmyk = fixtures::in_profile(white.get(), "cmyk");
  ASSERT_TRUE(cmyk);
  ASSERT_EQ(vips_image_get_bands(cmyk.get()), 4);
  auto image = process_image(encode(cmyk.get(), ".jpg"));
  ASSERT_TRUE(image) << image.error().message;
  for (const ImageVariant& v : image->variants) {
    ImageRef out = decode(v.bytes);
    ASSERT_TRUE(out);
    ASSERT_EQ(vips_image_get_bands(out.get()), 3) << v.format;
    EXPECT_GT(pixel(out.get(), 10, 10, 0), 240) << v.format;
  }
}

TEST(ProcessImageTest, TakesTheFirstFrameOfAnAnimatedGif) {
  ImageRef frames = fixtures::copy(fixtures::noise(120, 160).get());
  ASSERT_TRUE(frames);
  vips_image_set_int(frames.get(), VIPS_META_PAGE_HEIGHT, 80);  // two frames of 120 x 80
  const std::string bytes = encode(frames.get(), ".gif");
  auto image = process_image(bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->width, 120);
  EXPECT_EQ(image->height, 80);
  for (const ImageVariant& v : image->variants) EXPECT_EQ(v.height, 80);
}

TEST(ProcessImageTest, RefusesTruncatedFiles) {
  for (const char* suffix : {".jpg", ".png", ".webp", ".gif"}) {
    const std::string whole = encoded_noise(suffix, 400, 300);
    ASSERT_TRUE(process_image(whole)) << suffix;
    auto image = process_image(whole.substr(0, whole.size() / 2));
    ASSERT_FALSE(image) << suffix;
    EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
    EXPECT_EQ(image.error().message.rfind("the image could not be decoded: ", 0), 0u)
        << image.error().message;
  }
}

TEST(ProcessImageTest, RefusesCorruptData) {
  std::string bytes = encoded_noise(".jpg", 640, 480);
  for (std::size_t i = 600; i < bytes.size() - 2; i += 7) bytes[i] = '\xFF';
  auto image = process_image(bytes);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
}

TEST(ProcessImageTest, RefusesOtherFilesWhateverTheirName) {
  const std::vector<std::string> impostors = {
      "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)"
      "</script></svg>",
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
      "BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"s,
      "II*\x00\x08\x00\x00\x00"s,
      "  \xFF\xD8\xFF\xE0 leading spaces",
  };
  for (const std::string& bytes : impostors) {
    auto image = process_image(bytes);
    ASSERT_FALSE(image) << bytes;
    EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
    EXPECT_EQ(image.error().message, "not a JPEG, PNG, WebP or GIF image");
  }
}

TEST(ProcessImageTest, RefusesJpegMagicFollowedByGarbage) {
  auto image = process_image("\xFF\xD8\xFF<html>not really a JPEG</html>"sv);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(image.error().message.rfind("the image could not be decoded: ", 0), 0u);
}

TEST(ProcessImageTest, RefusesEmptyInput) {
  auto image = process_image("");
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(image.error().message, "image is empty");
}

TEST(ProcessImageTest, RefusesOversizeInputNamingBothSizes) {
  std::string bytes(26'528'972, '\0');  // 25.3 MB
  bytes.replace(0, 3, "\xFF\xD8\xFF");
  auto image = process_image(bytes);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(image.error().message, "image is 25.3 MB; the limit is 20 MB");

  ImageLimits limits;
  limits.max_bytes = 1000;
  auto small = process_image(encoded_noise(".png", 100, 100), limits);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().message.find("; the limit is 1000 bytes"), std::string::npos)
      << small.error().message;
}

TEST(ProcessImageTest, JustOverTheLimitNeverReadsAsTheLimit) {
  ImageLimits limits;
  limits.max_bytes = 1024 * 1024;
  auto image = process_image(std::string(1024 * 1024 + 1, 'x'), limits);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().message, "image is 1.1 MB; the limit is 1 MB");
}

TEST(ProcessImageTest, RefusesAPixelBombFromItsHeader) {
  const std::string bomb = fixtures::png_header_claiming(100000, 100000);
  ASSERT_LT(bomb.size(), 100u);
  auto image = process_image(bomb);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(image.error().message,
            "image is 100000 x 100000 pixels (10000 megapixels); the limit is 80 megapixels");
}

TEST(ProcessImageTest, RefusesImagesOverTheConfiguredPixelLimit) {
  ImageLimits limits;
  limits.max_pixels = 500'000;
  const std::string bytes = encoded_noise(".jpg", 1000, 600);
  auto image = process_image(bytes, limits);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().message,
            "image is 1000 x 600 pixels (0.6 megapixels); the limit is 0.5 megapixels");
  limits.max_pixels = 600'000;
  EXPECT_TRUE(process_image(bytes, limits));
}

TEST(ProcessImageTest, RefusesInvalidLimits) {
  const std::string bytes = encoded_noise(".png", 50, 50);
  ImageLimits limits;
  limits.widths = {320, 0};
  EXPECT_EQ(process_image(bytes, limits).error().code, core::Errc::kInvalidArgument);
  limits = {};
  limits.jpeg_quality = 101;
  EXPECT_EQ(process_image(bytes, limits).error().code, core::Errc::kInvalidArgument);
}

TEST(ProcessImageTest, ContentHashIdentifiesTheUploadedBytes) {
  const std::string a = encoded_noise(".png", 60, 40);
  const std::string b = encoded_noise(".png", 60, 40);
  auto first = process_image(a);
  auto again = process_image(a);
  auto other = process_image(b);
  ASSERT_TRUE(first && again && other);
  EXPECT_EQ(first->content_hash.size(), 32u);
  EXPECT_EQ(first->content_hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(first->content_hash, again->content_hash);
  EXPECT_NE(first->content_hash, other->content_hash);
}

TEST(ProcessImageTest, RunsOnFourThreadsAtOnce) {
  const std::vector<std::string> inputs = {
      encoded_noise(".jpg", 1000, 700), encoded_noise(".png", 700, 500),
      encoded_noise(".webp", 660, 660), encoded_noise(".gif", 400, 300)};
  std::vector<ProcessedImage> serial;
  for (const auto& bytes : inputs) {
    auto image = process_image(bytes);
    ASSERT_TRUE(image) << image.error().message;
    serial.push_back(std::move(*image));
  }

  constexpr int kRounds = 2;
  std::vector<std::vector<core::Result<ProcessedImage>>> results(inputs.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < inputs.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < kRounds; ++round) {
          results[t].push_back(process_image(inputs[t]));
        }
      });
    }
  }
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    ASSERT_EQ(results[t].size(), static_cast<std::size_t>(kRounds));
    for (const auto& r : results[t]) {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(r->content_hash, serial[t].content_hash);
      ASSERT_EQ(r->variants.size(), serial[t].variants.size());
      for (std::size_t i = 0; i < r->variants.size(); ++i) {
        EXPECT_EQ(r->variants[i].width, serial[t].variants[i].width);
        EXPECT_EQ(r->variants[i].height, serial[t].variants[i].height);
        EXPECT_EQ(r->variants[i].format, serial[t].variants[i].format);
      }
    }
  }
}

}  // namespace
}  // namespace dateline::media
