#include "content/text_diff.h"

#include <gtest/gtest.h>

namespace dateline::content {
namespace {

std::string render(const std::vector<DiffLine>& diff) {
  std::string out;
  for (const auto& l : diff) {
    out += l.op == DiffOp::kSame ? ' ' : l.op == DiffOp::kAdded ? '+' : '-';
    out += l.text + "\n";
  }
  return out;
}

TEST(TextDiffTest, MarksChangedLinesOnly) {
  const auto d = diff_lines("one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
  EXPECT_EQ(render(d), " one\n-two\n+2\n three\n+four\n");
}

TEST(TextDiffTest, IdenticalTextsHaveNoChanges) {
  for (const auto& l : diff_lines("a\nb", "a\nb")) EXPECT_EQ(l.op, DiffOp::kSame);
}

TEST(TextDiffTest, EmptySides) {
  EXPECT_EQ(render(diff_lines("", "x\ny")), "+x\n+y\n");
  EXPECT_EQ(render(diff_lines("x", "")), "-x\n");
  EXPECT_TRUE(diff_lines("", "").empty());
}

TEST(TextDiffTest, CarriageReturnsDoNotCountAsChanges) {
  EXPECT_EQ(render(diff_lines("a\r\nb\r\n", "a\nb\n")), " a\n b\n");
}

TEST(TextDiffTest, HugeTextsFallBackToReplaceAll) {
  const auto d = diff_lines("a\nb\nc", "a\nb\nd", 2);
  EXPECT_EQ(render(d), "-a\n-b\n-c\n+a\n+b\n+d\n");
}

}  // namespace
}  // namespace dateline::content
