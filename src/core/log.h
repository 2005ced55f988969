// Logging facade over spdlog: key=value lines ("listening addr=127.0.0.1 port=8080"). Thread-safe.
// Never pass passwords, tokens or cookies here.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace dateline::core::log {

// Sets the level by name ("debug", "info", "warn", "error", "off"). Unknown names keep "info".
void set_level(std::string_view level);

template <class... Args>
void info(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::info(fmt, std::forward<Args>(args)...);
}
template <class... Args>
void warn(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::warn(fmt, std::forward<Args>(args)...);
}
template <class... Args>
void error(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::error(fmt, std::forward<Args>(args)...);
}
template <class... Args>
void debug(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::debug(fmt, std::forward<Args>(args)...);
}

}  // namespace dateline::core::log
