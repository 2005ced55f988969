// Test images made by libvips itself, so the tests need no binary fixture files, and helpers to
// decode what process_image produced. Each helper fails the current test (ADD_FAILURE) and returns
// an empty value when libvips does. Thread-safe once start_vips() has run.
#pragma once

#include <vips/vips.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace dateline::media::fixtures {

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImageRef = std::unique_ptr<VipsImage, ImageUnref>;

// Starts libvips for the helpers (process_image starts it on its own too).
void start_vips();

// `width` x `height` sRGB noise (or B_W noise with one band), 8 bits per band.
ImageRef noise(int width, int height, int bands = 3);
// A black sRGB image whose first `white_rows` rows are white: shows which way it was turned.
ImageRef white_top(int width, int height, int white_rows);
// One sRGB colour all over.
ImageRef solid(int width, int height, double red, double green, double blue);
// `srgb` converted to a built-in ICC profile ("p3", "cmyk"), with that profile attached.
ImageRef in_profile(VipsImage* srgb, const char* profile);
// `image` with an alpha band of constant `alpha` (0 transparent, 255 opaque) appended.
ImageRef with_alpha(VipsImage* image, double alpha);
// `image` (8 bits per band) scaled to 16 bits per band, as RGB16 or GREY16.
ImageRef to_16_bits(VipsImage* image);
// A fresh copy of `image` whose metadata may be changed.
ImageRef copy(VipsImage* image);

// Encodes `image` by a saver suffix with options, like ".jpg[Q=90]" or ".png[compression=9]".
std::string encode(VipsImage* image, const char* suffix);
// Noise of the given size encoded as `suffix` (".jpg", ".png", ".webp", ".gif").
std::string encoded_noise(const char* suffix, int width, int height, int bands = 3);

// Decodes `bytes` with whatever loader libvips picks, into memory (independent of `bytes`).
ImageRef decode(std::string_view bytes);
// The format libvips recognises in `bytes`: "jpeg", "png", "webp", "gif", or its loader's name.
std::string loader_format(std::string_view bytes);
// Value of band `band` at (x, y).
double pixel(VipsImage* image, int x, int y, int band);

// A PNG that declares `width` x `height` pixels in a valid IHDR but holds almost no data: what a
// decompression bomb looks like to a header reader.
std::string png_header_claiming(std::uint32_t width, std::uint32_t height);

}  // namespace dateline::media::fixtures
