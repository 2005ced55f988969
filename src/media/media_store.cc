#include "media/media_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <random>
#include <system_error>
#include <utility>

namespace dateline::media {
namespace {

using core::Errc;
using core::make_error;

constexpr int kMaxNamedWidth = 99'999;  // five digits in a name

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool is_content_hash(std::string_view hash) {
  return hash.size() >= 16 && hash.size() <= 64 &&
         std::all_of(hash.begin(), hash.end(), is_lower_hex);
}

std::string_view extension_for(std::string_view format) {
  if (format == "webp") return "webp";
  if (format == "jpeg") return "jpg";
  return "";
}

std::string errno_text(int error) { return std::generic_category().message(error); }

// A name no valid media name can take ("." first), unique to this write.
std::string temporary_name(const std::string& name) {
  std::random_device random;
  return fmt::format(".{}.tmp-{:08x}{:08x}", name, random(), random());
}

// Writes `bytes` to a new file at `path` and flushes it to disk, so that a rename publishes
// complete contents. Returns the error text, or "" on success.
std::string write_new_file(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno_text(errno);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return errno_text(error);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return errno_text(error);
  }
  if (::close(fd) != 0) return errno_text(errno);
  return "";
}

// Makes the renames in `dir` durable. Best effort: a failure here loses nothing written.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

MediaFiles::MediaFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}

bool MediaFiles::is_valid_name(std::string_view name) {
  const auto dash = name.find('-');
  if (dash == std::string_view::npos || !is_content_hash(name.substr(0, dash))) return false;
  const auto dot = name.find('.', dash);
  if (dot == std::string_view::npos) return false;
  const std::string_view digits = name.substr(dash + 1, dot - dash - 1);
  if (digits.empty() || digits.size() > 5) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const std::string_view extension = name.substr(dot + 1);
  return extension == "webp" || extension == "jpg";
}

std::string_view MediaFiles::mime_type(std::string_view name) {
  if (!is_valid_name(name)) return "";
  return name.ends_with(".webp") ? "image/webp" : "image/jpeg";
}

core::Result<std::vector<StoredVariant>> MediaFiles::save(const ProcessedImage& image) const {
  if (!is_content_hash(image.content_hash)) {
    return make_error(Errc::kInvalidArgument, "content hash is not 16 to 64 lowercase hex digits");
  }
  std::vector<StoredVariant> stored;
  for (const ImageVariant& v : image.variants) {
    const std::string_view extension = extension_for(v.format);
    if (extension.empty() || v.width < 1 || v.width > kMaxNamedWidth) {
      return make_error(Errc::kInvalidArgument, "variant " + v.format + " at width " +
                                                    std::to_string(v.width) + " cannot be named");
    }
    std::string name =
        image.content_hash + "-" + std::to_string(v.width) + "." + std::string(extension);
    stored.push_back(
        StoredVariant{std::move(name), v.width, v.height, v.format, v.mime, v.bytes.size()});
  }

  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return make_error(Errc::kInternal, "cannot create " + dir_.string() + ": " + ec.message());
  }

  std::vector<std::filesystem::path> created;  // files this call made; none existed before
  auto fail = [&](std::string message) -> core::Error {
    for (const auto& path : created) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
    return make_error(Errc::kInternal, std::move(message));
  };
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto final_path = dir_ / stored[i].name;
    const auto temp_path = dir_ / temporary_name(stored[i].name);
    if (auto error = write_new_file(temp_path, image.variants[i].bytes); !error.empty()) {
      std::filesystem::remove(temp_path, ec);
      return fail("cannot write " + temp_path.string() + ": " + error);
    }
    const bool existed = std::filesystem::exists(std::filesystem::symlink_status(final_path, ec));
    std::filesystem::rename(temp_path, final_path, ec);
    if (ec) {
      const std::string message = "cannot rename to " + final_path.string() + ": " + ec.message();
      std::filesystem::remove(temp_path, ec);
      return fail(message);
    }
    if (!existed) created.push_back(final_path);
  }
  sync_directory(dir_);
  return stored;
}

core::Result<std::size_t> MediaFiles::remove(std::string_view content_hash) const {
  if (!is_content_hash(content_hash)) {
    return make_error(Errc::kInvalidArgument, "content hash is not 16 to 64 lowercase hex digits");
  }
  const std::string prefix = std::string(content_hash) + "-";
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return std::size_t{0};
    return make_error(Errc::kInternal, "cannot list " + dir_.string() + ": " + ec.message());
  }
  std::vector<std::filesystem::path> doomed;
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && is_valid_name(name)) doomed.push_back(entry.path());
  }
  std::size_t removed = 0;
  for (const auto& path : doomed) {
    if (std::filesystem::remove(path, ec)) {
      ++removed;
    } else if (ec) {
      return make_error(Errc::kInternal, "cannot remove " + path.string() + ": " + ec.message());
    }
  }
  return removed;
}

core::Result<std::string> MediaFiles::read(std::string_view name) const {
  if (!is_valid_name(name)) return make_error(Errc::kNotFound, "no such media file");
  const auto path = dir_ / std::string(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ELOOP || error == ENOTDIR) {
      return make_error(Errc::kNotFound, "no such media file");
    }
    return make_error(Errc::kInternal, "cannot open " + path.string() + ": " + errno_text(error));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return make_error(Errc::kNotFound, "no such media file");
  }
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return make_error(Errc::kInternal, "cannot read " + path.string() + ": " + errno_text(error));
    }
    if (n == 0) break;  // shorter than it was a moment ago
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return bytes;
}

std::string MediaFiles::srcset(const std::vector<StoredVariant>& variants, std::string_view format,
                               std::string_view url_prefix) {
  const std::string_view wanted = format == "jpg" ? std::string_view("jpeg") : format;
  std::vector<const StoredVariant*> chosen;
  for (const auto& v : variants) {
    if (v.format == wanted) chosen.push_back(&v);
  }
  std::stable_sort(
      chosen.begin(), chosen.end(),
      [](const StoredVariant* a, const StoredVariant* b) { return a->width < b->width; });
  std::string prefix(url_prefix);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  std::string out;
  for (const StoredVariant* v : chosen) {
    if (!out.empty()) out += ", ";
    out += prefix + v->name + " " + std::to_string(v->width) + "w";
  }
  return out;
}

}  // namespace dateline::media
