// A file compiled into the binary (theme templates, CSS, demo content); see cmake/embed.cmake.
#pragma once

#include <span>
#include <string_view>

namespace dateline::core {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded folder, with '/' separators
  std::string_view data;
};

}  // namespace dateline::core
