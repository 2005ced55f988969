// Line diff between two texts (longest common subsequence), for showing what a revision changed.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline::content {

enum class DiffOp { kSame, kAdded, kRemoved };

struct DiffLine {
  DiffOp op = DiffOp::kSame;
  std::string text;
};

// The lines of `after` compared with `before`: removed lines come before the lines added in their
// place. Texts longer than `max_lines` lines are compared as a whole (all removed, all added).
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_lines = 4000);

}  // namespace dateline::content
