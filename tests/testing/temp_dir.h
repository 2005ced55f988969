// TempDir: a fresh directory under the system temp folder, removed with everything in it when the
// object goes away. Not thread-safe.
#pragma once

#include <filesystem>
#include <string>

namespace dateline::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `relative` (creating folders) and returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace dateline::testing
