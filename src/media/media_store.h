// MediaFiles keeps the variants of processed images as files in one directory, named
// "<content_hash>-<width>.webp" / ".jpg": a name says what the file holds, and the same upload
// always lands on the same names. Files appear whole or not at all (written to a temporary file,
// then renamed), and only names of that exact shape can be read back, so a request path can never
// reach anything else. Thread-safe: it keeps no state besides the directory's path, and
// concurrent saves of the same image write the same names with the same bytes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "media/image.h"

namespace dateline::media {

struct StoredVariant {
  std::string name;  // "<content_hash>-<width>.webp" | "<content_hash>-<width>.jpg"
  int width = 0;
  int height = 0;
  std::string format;  // "webp" | "jpeg"
  std::string mime;    // "image/webp" | "image/jpeg"
  std::size_t bytes = 0;

  friend bool operator==(const StoredVariant&, const StoredVariant&) = default;
};

class MediaFiles {
 public:
  explicit MediaFiles(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }

  // Writes every variant of `image` into the directory (creating it if needed) and describes
  // them in the order of image.variants. Returns kInvalidArgument, writing nothing, when the
  // content hash is not 16..64 lowercase hex digits or a variant's format or width cannot be
  // named. Returns kInternal when a write fails, after removing every file this call created.
  core::Result<std::vector<StoredVariant>> save(const ProcessedImage& image) const;

  // Removes every stored variant of `content_hash` and returns how many files went (0 when there
  // were none). Returns kInvalidArgument for a malformed hash, kInternal when a file stays.
  core::Result<std::size_t> remove(std::string_view content_hash) const;

  // The bytes of the stored file `name`. Returns kNotFound unless `name` is_valid_name() and is a
  // regular file in the directory (a symbolic link is not followed); kInternal on a read error.
  core::Result<std::string> read(std::string_view name) const;

  // True for names matching ^[0-9a-f]{16,64}-[0-9]{1,5}\.(webp|jpg)$ and nothing else.
  static bool is_valid_name(std::string_view name);

  // "image/webp" or "image/jpeg" by the name's extension; "" for other names.
  static std::string_view mime_type(std::string_view name);

  // The srcset attribute value for the variants in `format` ("webp", or "jpeg"/"jpg"), by width
  // ascending: "/media/abc-320.webp 320w, /media/abc-640.webp 640w". `url_prefix` is joined to
  // each name with one '/'. Empty when no variant has that format.
  static std::string srcset(const std::vector<StoredVariant>& variants, std::string_view format,
                            std::string_view url_prefix);

 private:
  std::filesystem::path dir_;
};

}  // namespace dateline::media
