#include "content/text_diff.h"

#include <algorithm>
#include <cstdint>

namespace dateline::content {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) out.push_back(text.substr(start));
      break;
    }
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_lines) {
  const auto a = lines_of(before);
  const auto b = lines_of(after);
  std::vector<DiffLine> out;
  if (a.size() > max_lines || b.size() > max_lines) {
    for (auto l : a) out.push_back({DiffOp::kRemoved, std::string(l)});
    for (auto l : b) out.push_back({DiffOp::kAdded, std::string(l)});
    return out;
  }
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
    return lcs[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back({DiffOp::kSame, std::string(a[i])});
      ++i;
      ++j;
    } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      out.push_back({DiffOp::kRemoved, std::string(a[i])});
      ++i;
    } else {
      out.push_back({DiffOp::kAdded, std::string(b[j])});
      ++j;
    }
  }
  return out;
}

}  // namespace dateline::content
