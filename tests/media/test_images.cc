#include "media/test_images.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace dateline::media::fixtures {
namespace {

ImageRef checked(int rc, VipsImage* out, const char* what) {
  if (rc != 0 || out == nullptr) {
    char* message = vips_error_buffer_copy();
    ADD_FAILURE() << what << " failed: " << (message != nullptr ? message : "");
    g_free(message);
    if (out != nullptr) g_object_unref(out);
    return nullptr;
  }
  return ImageRef(out);
}

ImageRef join_bands(std::vector<VipsImage*> bands, VipsInterpretation interpretation) {
  VipsImage* joined = nullptr;
  const int rc = vips_bandjoin(bands.data(), &joined, static_cast<int>(bands.size()), nullptr);
  ImageRef image = checked(rc, joined, "bandjoin");
  if (!image) return nullptr;
  VipsImage* out = nullptr;
  const int copied = vips_copy(image.get(), &out, "interpretation", interpretation, nullptr);
  return checked(copied, out, "copy");
}

// Standard PNG chunk CRC (CRC-32, polynomial 0xEDB88320) over type and data.
std::uint32_t png_crc(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

void put_u32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

void put_chunk(std::string& out, std::string_view type, std::string_view data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body += data;
  out += body;
  put_u32(out, png_crc(body));
}

}  // namespace

void start_vips() { ASSERT_EQ(vips_init("dateline-test"), 0); }

ImageRef noise(int width, int height, int bands) {
  start_vips();
  std::vector<ImageRef> planes;
  std::vector<VipsImage*> raw;
  for (int b = 0; b < bands; ++b) {
    VipsImage* n = nullptr;
    const int made = vips_gaussnoise(&n, width, height, "mean", 128.0, "sigma", 40.0, nullptr);
    ImageRef gauss = checked(made, n, "gaussnoise");
    if (!gauss) return nullptr;
    VipsImage* c = nullptr;
    const int cast_rc = vips_cast(gauss.get(), &c, VIPS_FORMAT_UCHAR, nullptr);
    ImageRef cast = checked(cast_rc, c, "cast");
    if (!cast) return nullptr;
    raw.push_back(cast.get());
    planes.push_back(std::move(cast));
  }
  return join_bands(raw, bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W);
}

ImageRef white_top(int width, int height, int white_rows) {
  start_vips();
  VipsImage* xyz = nullptr;
  const int made = vips_xyz(&xyz, width, height, nullptr);
  ImageRef coords = checked(made, xyz, "xyz");
  if (!coords) return nullptr;
  VipsImage* y = nullptr;
  const int extracted = vips_extract_band(coords.get(), &y, 1, nullptr);
  ImageRef rows = checked(extracted, y, "extract_band");
  if (!rows) return nullptr;
  VipsImage* m = nullptr;
  const int compared = vips_relational_const1(rows.get(), &m, VIPS_OPERATION_RELATIONAL_LESS,
                                              static_cast<double>(white_rows), nullptr);
  ImageRef mask = checked(compared, m, "relational_const1");
  if (!mask) return nullptr;
  return join_bands({mask.get(), mask.get(), mask.get()}, VIPS_INTERPRETATION_sRGB);
}

ImageRef solid(int width, int height, double red, double green, double blue) {
  start_vips();
  VipsImage* black = nullptr;
  const int made = vips_black(&black, width, height, "bands", 3, nullptr);
  ImageRef base = checked(made, black, "black");
  if (!base) return nullptr;
  std::array<double, 3> scale = {1.0, 1.0, 1.0};
  std::array<double, 3> offset = {red, green, blue};
  VipsImage* coloured = nullptr;
  const int linear_rc =
      vips_linear(base.get(), &coloured, scale.data(), offset.data(), 3, "uchar", TRUE, nullptr);
  ImageRef colour = checked(linear_rc, coloured, "linear");
  if (!colour) return nullptr;
  VipsImage* out = nullptr;
  const int rc = vips_copy(colour.get(), &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr);
  return checked(rc, out, "copy");
}

ImageRef in_profile(VipsImage* srgb, const char* profile) {
  VipsImage* out = nullptr;
  const int rc =
      vips_icc_transform(srgb, &out, profile, "input_profile", "srgb", "embedded", FALSE, nullptr);
  return checked(rc, out, "icc_transform");
}

ImageRef with_alpha(VipsImage* image, double alpha) {
  VipsImage* out = nullptr;
  const int rc = vips_bandjoin_const1(image, &out, alpha, nullptr);
  return checked(rc, out, "bandjoin_const1");
}

ImageRef to_16_bits(VipsImage* image) {
  VipsImage* scaled = nullptr;
  const int scaled_rc = vips_linear1(image, &scaled, 257.0, 0.0, nullptr);
  ImageRef wide = checked(scaled_rc, scaled, "linear1");
  if (!wide) return nullptr;
  VipsImage* cast = nullptr;
  const int cast_rc = vips_cast(wide.get(), &cast, VIPS_FORMAT_USHORT, nullptr);
  ImageRef ushort = checked(cast_rc, cast, "cast");
  if (!ushort) return nullptr;
  const VipsInterpretation interpretation =
      vips_image_get_bands(image) >= 3 ? VIPS_INTERPRETATION_RGB16 : VIPS_INTERPRETATION_GREY16;
  VipsImage* out = nullptr;
  const int rc = vips_copy(ushort.get(), &out, "interpretation", interpretation, nullptr);
  return checked(rc, out, "copy");
}

ImageRef copy(VipsImage* image) {
  VipsImage* out = nullptr;
  const int rc = vips_copy(image, &out, nullptr);
  return checked(rc, out, "copy");
}

std::string encode(VipsImage* image, const char* suffix) {
  if (image == nullptr) return {};
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_image_write_to_buffer(image, suffix, &buffer, &size, nullptr) != 0) {
    char* message = vips_error_buffer_copy();
    ADD_FAILURE() << "saving " << suffix << " failed: " << (message != nullptr ? message : "");
    g_free(message);
    return {};
  }
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

std::string encoded_noise(const char* suffix, int width, int height, int bands) {
  ImageRef image = noise(width, height, bands);
  return encode(image.get(), suffix);
}

ImageRef decode(std::string_view bytes) {
  start_vips();
  VipsImage* lazy = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  ImageRef image = checked(lazy != nullptr ? 0 : -1, lazy, "decode");
  if (!image) return nullptr;
  VipsImage* memory = vips_image_copy_memory(image.get());
  return checked(memory != nullptr ? 0 : -1, memory, "copy_memory");
}

std::string loader_format(std::string_view bytes) {
  start_vips();
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (loader == nullptr) {
    vips_error_clear();
    return "";
  }
  // "VipsForeignLoadJpegBuffer", "VipsForeignLoadNsgifBuffer", ...
  const std::string name = loader;
  std::string lower = name;
  for (char& c : lower) c = g_ascii_tolower(c);
  for (const std::string format : {"jpeg", "png", "webp", "gif"}) {
    if (lower.find(format + "buffer") != std::string::npos) return format;
  }
  return name;
}

double pixel(VipsImage* image, int x, int y, int band) {
  double* values = nullptr;
  int n = 0;
  if (vips_getpoint(image, &values, &n, x, y, nullptr) != 0 || band >= n) {
    g_free(values);
    ADD_FAILURE() << "getpoint failed";
    return -1;
  }
  const double v = values[band];
  g_free(values);
  return v;
}

std::string png_header_claiming(std::uint32_t width, std::uint32_t height) {
  std::string png = "\x89PNG\r\n\x1A\n";
  std::string ihdr;
  put_u32(ihdr, width);
  put_u32(ihdr, height);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter, no interlace
  put_chunk(png, "IHDR", ihdr);
  // A zlib stream of one empty stored block: far too little data for the declared pixels.
  put_chunk(png, "IDAT", std::string("\x78\x01\x01\x00\x00\xFF\xFF\x00\x00\x00\x01", 11));
  put_chunk(png, "IEND", "");
  return png;
}

}  // namespace dateline::media::fixtures
