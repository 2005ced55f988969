// Turns uploaded image bytes into safe, re-encoded responsive variants: the upload is sniffed
// (JPEG, PNG, WebP or GIF only), its size and pixel count are checked before any pixel is decoded,
// and what is kept is a fresh WebP and JPEG encoding per width, upright, sRGB and free of all
// metadata. Nothing of the upload's bytes reaches a reader. Built on libvips, which is started
// once on first use. Thread-safe: process_image may run on many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace dateline::media {

struct ImageLimits {
  std::size_t max_bytes = 20 * 1024 * 1024;  // of the upload
  std::uint64_t max_pixels = 80'000'000;     // width x height, read from the header
  // Variant widths in pixels; each must be positive. Widths at or above the image's width are
  // replaced by one variant at the image's own width: images are never upscaled.
  std::vector<int> widths = {320, 640, 1280};
  int webp_quality = 80;  // 1..100
  int jpeg_quality = 82;  // 1..100
};

struct ImageVariant {
  int width = 0;
  int height = 0;
  std::string format;  // "webp" | "jpeg"
  std::string mime;    // "image/webp" | "image/jpeg"
  std::string bytes;   // the encoded file
};

struct ProcessedImage {
  std::string source_format;  // "jpeg" | "png" | "webp" | "gif"
  int width = 0;              // of the original, upright (after EXIF rotation)
  int height = 0;
  // BLAKE2b-128 of the uploaded bytes in lowercase hex (32 characters): names the stored files,
  // so the same upload always lands in the same place.
  std::string content_hash;
  // One WebP and one JPEG per width, by width ascending, WebP before JPEG at each width.
  std::vector<ImageVariant> variants;
};

// Decodes `bytes` and encodes its variants. Returns kInvalidArgument, with a message fit to show
// the uploader, when `bytes` is empty or larger than limits.max_bytes, is not a JPEG, PNG, WebP or
// GIF (whatever its file name said), declares more than limits.max_pixels pixels, or cannot be
// decoded completely (truncated or corrupt), and when `limits` itself is invalid. Returns kInternal
// when libvips cannot start or fails to encode. A GIF or WebP contributes its first frame only.
core::Result<ProcessedImage> process_image(std::string_view bytes, const ImageLimits& limits = {});

// The format that the magic bytes of `bytes` announce ("jpeg", "png", "webp", "gif"), or "" for
// anything else. Looks at the first 12 bytes only.
std::string_view sniff_image_format(std::string_view bytes);

}  // namespace dateline::media
