#include "media/image.h"

#include <fmt/format.h>
#include <sodium.h>
#include <vips/vips.h>
#include <webp/mux.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>

namespace dateline::media {
namespace {

using core::Errc;
using core::make_error;

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
// One reference to a libvips image; libvips images are reference-counted GObjects.
using ImageRef = std::unique_ptr<VipsImage, ImageUnref>;

// Starts libvips and libsodium on the first call; true when both run. libvips is told to keep
// no operation cache: a server processes each upload once, and the cache would only hold memory.
bool start_libraries() {
  static std::once_flag once;
  static bool started = false;
  std::call_once(once, [] {
    if (vips_init("dateline") != 0) return;
    if (sodium_init() < 0) return;
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // We call the four loaders we accept by name; this keeps libvips' riskier loaders (ImageMagick,
    // PDF, ...) unusable even if some later code asks libvips to pick a loader itself.
    vips_block_untrusted_set(TRUE);
    started = true;
  });
  return started;
}

// libvips' pending error text, taken (and cleared), on one line. libvips keeps one error buffer
// for the process, so under concurrent failures a message may carry another call's text too.
std::string take_vips_error() {
  char* raw = vips_error_buffer_copy();
  std::string text = raw != nullptr ? raw : "";
  g_free(raw);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string one_line;
  for (char c : text) {
    if (c == '\n') {
      one_line += "; ";
    } else {
      one_line += c;
    }
  }
  return one_line.empty() ? "unknown libvips error" : one_line;
}

// "20 MB", "25.3 MB", "512 KB", "900 bytes". Rounds up when `round_up`, so a size just over a
// limit never prints as equal to it.
std::string describe_bytes(std::size_t bytes, bool round_up) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  const bool megabytes = bytes >= 1024 * 1024;
  const double unit = megabytes ? 1024.0 * 1024.0 : 1024.0;
  double tenths = static_cast<double>(bytes) / unit * 10.0;
  tenths = round_up ? std::ceil(tenths - 1e-9) : std::floor(tenths + 1e-9);
  const double value = tenths / 10.0;
  const char* name = megabytes ? "MB" : "KB";
  if (std::fmod(tenths, 10.0) == 0.0) return fmt::format("{:.0f} {}", value, name);
  return fmt::format("{:.1f} {}", value, name);
}

std::string describe_megapixels(std::uint64_t pixels) {
  const double mp = static_cast<double>(pixels) / 1e6;
  if (mp >= 10.0 || std::fmod(mp, 1.0) == 0.0) return fmt::format("{:.0f}", mp);
  return fmt::format("{:.1f}", mp);
}

core::Status check_limits(const ImageLimits& limits) {
  for (int w : limits.widths) {
    if (w < 1 || w > VIPS_MAX_COORD) {
      return make_error(Errc::kInvalidArgument, fmt::format("image width {} is out of range", w));
    }
  }
  if (limits.webp_quality < 1 || limits.webp_quality > 100 || limits.jpeg_quality < 1 ||
      limits.jpeg_quality > 100) {
    return make_error(Errc::kInvalidArgument, "image quality must be between 1 and 100");
  }
  return {};
}

// Opens `bytes` with the one loader for `format`. Only the header is read here: pixels are
// decoded when something reads them. `jpeg_shrink` (1, 2, 4 or 8) lets libjpeg decode at a
// fraction of the size, which is far cheaper than decoding all and shrinking after.
ImageRef open_image(std::string_view format, std::string_view bytes, int jpeg_shrink) {
  void* data = const_cast<char*>(bytes.data());  // libvips' loaders take void* but only read
  const std::size_t size = bytes.size();
  VipsImage* out = nullptr;
  int rc = -1;
  // Sequential access: the decoder runs top to bottom once. fail_on=error: a truncated or corrupt
  // file is an error rather than an image with grey where the damage was.
  if (format == "jpeg") {
    rc = vips_jpegload_buffer(data, size, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                              VIPS_FAIL_ON_ERROR, "shrink", jpeg_shrink, nullptr);
  } else if (format == "png") {
    rc = vips_pngload_buffer(data, size, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                             VIPS_FAIL_ON_ERROR, nullptr);
  } else if (format == "webp") {
    rc = vips_webpload_buffer(data, size, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                              VIPS_FAIL_ON_ERROR, "n", 1, nullptr);
  } else if (format == "gif") {
    rc = vips_gifload_buffer(data, size, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                             VIPS_FAIL_ON_ERROR, "n", 1, nullptr);
  }
  if (rc != 0) {
    if (out != nullptr) g_object_unref(out);
    return nullptr;
  }
  return ImageRef(out);
}

int orientation_of(VipsImage* image) {
  int orientation = 1;
  if (vips_image_get_typeof(image, VIPS_META_ORIENTATION) != 0 &&
      vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation) != 0) {
    orientation = 1;
  }
  return orientation;
}

// libjpeg's shrink-on-load factor for producing `target` pixels across from `width`: the largest
// of 8, 4, 2 that still leaves a factor of 2 for libvips' own (better-filtered) resize.
int jpeg_shrink_for(int width, int target) {
  const int ratio = width / std::max(target, 1);
  if (ratio >= 16) return 8;
  if (ratio >= 8) return 4;
  if (ratio >= 4) return 2;
  return 1;
}

// Upright, 8-bit sRGB. An embedded ICC profile is honoured when it works; a broken one is ignored.
ImageRef to_upright_srgb(VipsImage* decoded) {
  VipsImage* rotated = nullptr;
  if (vips_autorot(decoded, &rotated, nullptr) != 0) return nullptr;
  ImageRef image(rotated);

  if (vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME) != 0) {
    VipsImage* transformed = nullptr;
    if (vips_icc_transform(image.get(), &transformed, "srgb", "embedded", TRUE, "depth", 8,
                           nullptr) == 0) {
      image.reset(transformed);
    } else {
      vips_error_clear();
    }
  }
  VipsImage* srgb = nullptr;
  if (vips_colourspace(image.get(), &srgb, VIPS_INTERPRETATION_sRGB, nullptr) != 0) {
    return nullptr;
  }
  image.reset(srgb);
  if (vips_image_get_format(image.get()) != VIPS_FORMAT_UCHAR) {
    VipsImage* cast = nullptr;
    if (vips_cast(image.get(), &cast, VIPS_FORMAT_UCHAR, nullptr) != 0) return nullptr;
    image.reset(cast);
  }
  return image;
}

// A copy of `image` without any metadata: EXIF (with GPS), XMP, IPTC, ICC profile, orientation,
// comments, frame counts, so that no saver can write any of it back.
ImageRef without_metadata(VipsImage* image) {
  VipsImage* copied = nullptr;
  if (vips_copy(image, &copied, nullptr) != 0) return nullptr;
  ImageRef bare(copied);
  gchar** fields = vips_image_get_fields(bare.get());
  for (gchar** field = fields; field != nullptr && *field != nullptr; ++field) {
    vips_image_remove(bare.get(), *field);  // the basic fields (width, ...) are not removable
  }
  g_strfreev(fields);
  return bare;
}

// The widths to produce for an image `width` pixels across: every configured width below it, and
// the smaller of it and the largest configured width. Ascending, no duplicates, never above it.
std::vector<int> variant_widths(int width, const std::vector<int>& configured) {
  std::vector<int> out;
  int largest = width;
  if (!configured.empty()) {
    largest = std::min(width, *std::max_element(configured.begin(), configured.end()));
  }
  for (int w : configured) {
    if (w < width) out.push_back(w);
  }
  out.push_back(largest);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string take_buffer(void* buffer, std::size_t size) {
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

// `webp` without its EXIF, XMP and ICCP chunks. libvips 8.14's WebP saver writes an EXIF chunk
// (resolution, orientation) even when told to strip, so we remove it with libwebpmux.
core::Result<std::string> drop_webp_metadata(const std::string& webp) {
  const WebPData in{reinterpret_cast<const std::uint8_t*>(webp.data()), webp.size()};
  WebPMux* mux = WebPMuxCreate(&in, 0);
  if (mux == nullptr) return make_error(Errc::kInternal, "libvips wrote an unreadable WebP");
  for (const char* chunk : {"EXIF", "XMP ", "ICCP"}) {
    const WebPMuxError rc = WebPMuxDeleteChunk(mux, chunk);
    if (rc != WEBP_MUX_OK && rc != WEBP_MUX_NOT_FOUND) {
      WebPMuxDelete(mux);
      return make_error(Errc::kInternal, "removing WebP metadata failed");
    }
  }
  WebPData out;
  WebPDataInit(&out);
  const WebPMuxError rc = WebPMuxAssemble(mux, &out);
  WebPMuxDelete(mux);
  if (rc != WEBP_MUX_OK) {
    WebPDataClear(&out);
    return make_error(Errc::kInternal, "removing WebP metadata failed");
  }
  std::string bare(reinterpret_cast<const char*>(out.bytes), out.size);
  WebPDataClear(&out);
  return bare;
}

core::Result<ImageVariant> encode_webp(VipsImage* image, int quality) {
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_webpsave_buffer(image, &buffer, &size, "Q", quality, "strip", TRUE, nullptr) != 0) {
    return make_error(Errc::kInternal, "WebP encoding failed: " + take_vips_error());
  }
  auto bytes = drop_webp_metadata(take_buffer(buffer, size));
  if (!bytes) return bytes.error();
  return ImageVariant{vips_image_get_width(image), vips_image_get_height(image), "webp",
                      "image/webp", std::move(*bytes)};
}

core::Result<ImageVariant> encode_jpeg(VipsImage* image, int quality) {
  ImageRef flat;
  if (vips_image_hasalpha(image) != 0) {
    // JPEG has no alpha: transparent parts become white, as on a page, not black.
    constexpr std::array<double, 3> kWhite = {255.0, 255.0, 255.0};
    VipsArrayDouble* background = vips_array_double_new(kWhite.data(), 3);
    VipsImage* out = nullptr;
    const int rc = vips_flatten(image, &out, "background", background, nullptr);
    vips_area_unref(&background->area);
    if (rc != 0) return make_error(Errc::kInternal, "flattening failed: " + take_vips_error());
    flat.reset(out);
    image = flat.get();
  }
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_jpegsave_buffer(image, &buffer, &size, "Q", quality, "strip", TRUE, "optimize_coding",
                           TRUE, nullptr) != 0) {
    return make_error(Errc::kInternal, "JPEG encoding failed: " + take_vips_error());
  }
  return ImageVariant{vips_image_get_width(image), vips_image_get_height(image), "jpeg",
                      "image/jpeg", take_buffer(buffer, size)};
}

std::string content_hash(std::string_view bytes) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  std::array<char, digest.size() * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), digest.size() * 2);
}

}  // namespace

std::string_view sniff_image_format(std::string_view bytes) {
  auto starts = [&](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };
  if (starts("\xFF\xD8\xFF")) return "jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "png";
  if (starts("GIF87a") || starts("GIF89a")) return "gif";
  if (starts("RIFF") && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP") return "webp";
  return "";
}

core::Result<ProcessedImage> process_image(std::string_view bytes, const ImageLimits& limits) {
  if (auto ok = check_limits(limits); !ok) return ok.error();
  if (bytes.empty()) return make_error(Errc::kInvalidArgument, "image is empty");
  if (bytes.size() > limits.max_bytes) {
    return make_error(Errc::kInvalidArgument, fmt::format("image is {}; the limit is {}",
                                                          describe_bytes(bytes.size(), true),
                                                          describe_bytes(limits.max_bytes, false)));
  }
  const std::string_view format = sniff_image_format(bytes);
  if (format.empty()) {
    return make_error(Errc::kInvalidArgument, "not a JPEG, PNG, WebP or GIF image");
  }
  if (!start_libraries()) return make_error(Errc::kInternal, "libvips failed to start");

  // The header alone: its dimensions decide whether any pixel is decoded at all.
  ImageRef header = open_image(format, bytes, 1);
  if (!header) {
    return make_error(Errc::kInvalidArgument,
                      "the image could not be decoded: " + take_vips_error());
  }
  const int stored_width = vips_image_get_width(header.get());
  const int stored_height = vips_image_get_height(header.get());
  const std::uint64_t pixels =
      static_cast<std::uint64_t>(stored_width) * static_cast<std::uint64_t>(stored_height);
  if (pixels > limits.max_pixels) {
    return make_error(Errc::kInvalidArgument,
                      fmt::format("image is {} x {} pixels ({} megapixels); the limit is {} "
                                  "megapixels",
                                  stored_width, stored_height, describe_megapixels(pixels),
                                  describe_megapixels(limits.max_pixels)));
  }
  const bool turned = orientation_of(header.get()) >= 5;  // EXIF 5..8 swap width and height
  ProcessedImage result;
  result.source_format = std::string(format);
  result.width = turned ? stored_height : stored_width;
  result.height = turned ? stored_width : stored_height;
  result.content_hash = content_hash(bytes);

  const std::vector<int> widths = variant_widths(result.width, limits.widths);
  ImageRef source = std::move(header);
  if (format == "jpeg") {
    const int shrink = jpeg_shrink_for(result.width, widths.back());
    if (shrink > 1) {
      source = open_image(format, bytes, shrink);
      if (!source) {
        return make_error(Errc::kInvalidArgument,
                          "the image could not be decoded: " + take_vips_error());
      }
    }
  }
  // Decode every pixel now, once: a truncated or corrupt file fails here, and the variants then
  // read from memory in any order (rotation needs that; sequential decoding does not allow it).
  ImageRef decoded(vips_image_copy_memory(source.get()));
  source.reset();
  if (!decoded) {
    return make_error(Errc::kInvalidArgument,
                      "the image could not be decoded: " + take_vips_error());
  }
  ImageRef srgb = to_upright_srgb(decoded.get());
  decoded.reset();
  if (!srgb) {
    return make_error(Errc::kInvalidArgument,
                      "the image could not be converted to sRGB: " + take_vips_error());
  }
  ImageRef upright = without_metadata(srgb.get());
  srgb.reset();
  if (!upright) return make_error(Errc::kInternal, "copying failed: " + take_vips_error());

  for (int width : widths) {
    VipsImage* resized = nullptr;
    if (vips_thumbnail_image(upright.get(), &resized, width, "height", VIPS_MAX_COORD, "size",
                             VIPS_SIZE_DOWN, "no_rotate", TRUE, nullptr) != 0) {
      return make_error(Errc::kInternal, "resizing failed: " + take_vips_error());
    }
    ImageRef sized(resized);
    auto webp = encode_webp(sized.get(), limits.webp_quality);
    if (!webp) return webp.error();
    auto jpeg = encode_jpeg(sized.get(), limits.jpeg_quality);
    if (!jpeg) return jpeg.error();
    result.variants.push_back(std::move(*webp));
    result.variants.push_back(std::move(*jpeg));
  }
  return result;
}

}  // namespace dateline::media
