#include "render/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace dateline::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// A resolver over a small map of old link targets to current articles; remembers what it saw.
struct FakeSite {
  std::map<std::string, LinkedArticle, std::less<>> articles;
  std::vector<std::string> asked;

  MarkdownOptions options(std::string dateline = "") {
    MarkdownOptions o;
    o.dateline = std::move(dateline);
    o.resolve = [this](std::string_view href) -> std::optional<LinkedArticle> {
      asked.emplace_back(href);
      const auto it = articles.find(href);
      if (it == articles.end()) return std::nullopt;
      return it->second;
    };
    return o;
  }
};

FakeSite news_site() {
  FakeSite site;
  site.articles["/budget-old-slug"] = {"/budget-2024-unveiled/", "Budget 2024 unveiled in full"};
  site.articles["/floods"] = {"/floods-in-sindh/", "Floods displace thousands in Sindh"};
  site.articles["https://example.org/floods"] = {"/floods-in-sindh/",
                                                 "Floods displace thousands in Sindh"};
  return site;
}

// --- basic Markdown -----------------------------------------------------------------------------

TEST(MarkdownTest, RendersParagraphsHeadingsAndLists) {
  const auto html = markdown_to_html(
      "# Headline\n\nFirst paragraph with *emphasis*.\n\n## Sub\n\n- one\n- two\n\n1. first\n", {});
  EXPECT_THAT(html, HasSubstr("<h1>Headline</h1>"));
  EXPECT_THAT(html, HasSubstr("<p>First paragraph with <em>emphasis</em>.</p>"));
  EXPECT_THAT(html, HasSubstr("<h2>Sub</h2>"));
  EXPECT_THAT(html, HasSubstr("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
  EXPECT_THAT(html, HasSubstr("<ol>\n<li>first</li>\n</ol>"));
}

TEST(MarkdownTest, EscapesTextSpecialCharacters) {
  const auto html = markdown_to_html("Profits & losses: 3 < 4", {});
  EXPECT_THAT(html, HasSubstr("Profits &amp; losses: 3 &lt; 4"));
}

TEST(MarkdownTest, EmptyInputGivesEmptyOutput) {
  EXPECT_EQ(markdown_to_html("", {}), "");
  EXPECT_EQ(markdown_to_html("", news_site().options("Islamabad (TDI):")), "");
}

// --- safety -------------------------------------------------------------------------------------

TEST(MarkdownTest, RawHtmlIsNeverPassedThrough) {
  const auto html = markdown_to_html(
      "Before <script>alert(1)</script> after.\n\n"
      "<script>alert(2)</script>\n\n"
      "An image <img src=x onerror=alert(3)> inline.\n\n"
      "<img src=x onerror=alert(4)>\n\n"
      "<div onclick=\"steal()\">block</div>\n\n"
      "<iframe src=\"https://evil.example\"></iframe>\n",
      {});
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<div")));
  EXPECT_THAT(html, Not(HasSubstr("<iframe")));
  EXPECT_THAT(html, Not(HasSubstr("onerror=")));
  EXPECT_THAT(html, Not(HasSubstr("onclick=")));
}

TEST(MarkdownTest, RawHtmlIsNotPassedThroughWithResolverAndDateline) {
  FakeSite site = news_site();
  const auto html = markdown_to_html(
      "<script>alert(1)</script> opening.\n\nRead More: [x](/floods) <img src=x onerror=alert(1)>",
      site.options("Karachi:"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
}

TEST(MarkdownTest, JavascriptLinksLoseTheirHref) {
  const auto html = markdown_to_html(
      "[x](javascript:alert(1)) and [y](JavaScript:alert(2)) and [z](vbscript:msgbox) and "
      "![i](javascript:alert(3)) and <javascript:alert(4)> and [d](data:text/html,hi)",
      {});
  // The autolink's text may still read "javascript:alert(4)"; no href or src carries it.
  EXPECT_THAT(html, Not(HasSubstr("href=\"javascript:")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"JavaScript:")));
  EXPECT_THAT(html, Not(HasSubstr("src=\"javascript:")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"vbscript:")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"data:")));
  EXPECT_THAT(html, Not(HasSubstr("\"javascript")));
}

TEST(MarkdownTest, ResolverCannotInjectJavascriptThroughReadMoreTitle) {
  FakeSite site;
  site.articles["/evil"] = {"/evil/\"onmouseover=\"x", "<script>alert(1)</script>"};
  const auto html = markdown_to_html("Read More: [x](/evil)", site.options());
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("\"onmouseover")));
}

// --- dateline -----------------------------------------------------------------------------------

TEST(MarkdownTest, DatelineOpensFirstParagraph) {
  MarkdownOptions options;
  options.dateline = "Islamabad (TDI):";
  const auto html =
      markdown_to_html("The budget was presented today.\n\nSecond paragraph.", options);
  EXPECT_THAT(html, HasSubstr("<p><span class=\"dateline\">Islamabad (TDI):</span> The budget was "
                              "presented today.</p>"));
  EXPECT_EQ(count_of(html, "class=\"dateline\""), 1);
  EXPECT_THAT(html, HasSubstr("<p>Second paragraph.</p>"));
}

TEST(MarkdownTest, DatelineSkipsLeadingHeadingToFirstParagraph) {
  MarkdownOptions options;
  options.dateline = "Lahore:";
  const auto html = markdown_to_html("## Overview\n\nText begins here.", options);
  EXPECT_THAT(html, HasSubstr("<h2>Overview</h2>"));
  EXPECT_THAT(html, HasSubstr("<p><span class=\"dateline\">Lahore:</span> Text begins here.</p>"));
}

TEST(MarkdownTest, DatelineIsEscaped) {
  MarkdownOptions options;
  options.dateline = "<b>Quetta</b> & co:";
  const auto html = markdown_to_html("Story.", options);
  EXPECT_THAT(html, HasSubstr("<span class=\"dateline\">&lt;b&gt;Quetta&lt;/b&gt; &amp; co:</span> "
                              "Story."));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
}

TEST(MarkdownTest, NoDatelineLeavesNoMarker) {
  const auto html = markdown_to_html("Story.", {});
  EXPECT_EQ(html, "<p>Story.</p>\n");
}

// --- Read More cards ----------------------------------------------------------------------------

TEST(MarkdownTest, ReadMoreBecomesCardWithCurrentTitleAndCanonicalUrl) {
  FakeSite site = news_site();
  const auto html = markdown_to_html(
      "Opening paragraph.\n\nRead More: [Old headline text](/budget-old-slug)\n\nClosing.",
      site.options());
  EXPECT_THAT(html, HasSubstr("<aside class=\"read-more\">"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/budget-2024-unveiled/\">Budget 2024 unveiled in "
                              "full</a></aside>"));
  EXPECT_THAT(html, Not(HasSubstr("Old headline text")));
  EXPECT_THAT(html, Not(HasSubstr("/budget-old-slug")));
  EXPECT_THAT(html, Not(HasSubstr("<p><aside")));
  EXPECT_THAT(html, HasSubstr("<p>Opening paragraph.</p>"));
  EXPECT_THAT(html, HasSubstr("<p>Closing.</p>"));
}

TEST(MarkdownTest, ReadMoreTitleIsEscaped) {
  FakeSite site;
  site.articles["/q"] = {"/q-and-a/", "Q&A: \"Why\" <now>"};
  const auto html = markdown_to_html("Read More: [x](/q)", site.options());
  EXPECT_THAT(html, HasSubstr("<a href=\"/q-and-a/\">Q&amp;A: &quot;Why&quot; &lt;now&gt;</a>"));
}

TEST(MarkdownTest, SeveralReadMoreCardsEachShowTheirArticle) {
  FakeSite site = news_site();
  const auto html = markdown_to_html(
      "Intro.\n\nRead More: [a](/floods)\n\nMiddle.\n\nread more: [b](/budget-old-slug)",
      site.options());
  EXPECT_EQ(count_of(html, "<aside class=\"read-more\">"), 2);
  const auto floods = html.find("Floods displace thousands in Sindh");
  const auto budget = html.find("Budget 2024 unveiled in full");
  ASSERT_NE(floods, std::string::npos);
  ASSERT_NE(budget, std::string::npos);
  EXPECT_LT(floods, html.find("Middle."));
  EXPECT_GT(budget, html.find("Middle."));
}

TEST(MarkdownTest, ManyReadMoreCardsKeepTheirOwnPlaces) {
  FakeSite site;
  std::string md;
  for (int i = 0; i < 12; ++i) {
    const auto n = std::to_string(i);
    site.articles["/s" + n] = {"/story-" + n + "/", "Story number " + n};
    md += "Para " + n + ".\n\nRead More: [x](/s" + n + ")\n\n";
  }
  const auto html = markdown_to_html(md, site.options());
  EXPECT_EQ(count_of(html, "<aside class=\"read-more\">"), 12);
  for (int i = 0; i < 12; ++i) {
    const auto n = std::to_string(i);
    const auto card = html.find("<a href=\"/story-" + n + "/\">Story number " + n + "</a></aside>");
    ASSERT_NE(card, std::string::npos) << n;
    EXPECT_EQ(html.rfind("<p>Para ", card), html.find("<p>Para " + n + ".</p>")) << n;
  }
  EXPECT_THAT(html, Not(HasSubstr("dlx")));
}

TEST(MarkdownTest, UnresolvedReadMoreStaysParagraph) {
  FakeSite site = news_site();
  const auto html =
      markdown_to_html("Read More: [Elsewhere](https://other.example/story)", site.options());
  EXPECT_THAT(html, Not(HasSubstr("<aside")));
  EXPECT_THAT(html,
              HasSubstr("<p>Read More: <a href=\"https://other.example/story\">Elsewhere</a></p>"));
}

TEST(MarkdownTest, ReadMoreWithoutResolverStaysParagraph) {
  const auto html = markdown_to_html("Read More: [x](/floods)", {});
  EXPECT_THAT(html, Not(HasSubstr("<aside")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods\">x</a>"));
}

TEST(MarkdownTest, ParagraphWithTwoLinksIsNotACard) {
  FakeSite site = news_site();
  const auto html =
      markdown_to_html("Read More: [one](/floods) and [two](/budget-old-slug)", site.options());
  EXPECT_THAT(html, Not(HasSubstr("<aside")));
  // Still an ordinary paragraph whose links point at the canonical URLs.
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods-in-sindh/\">one</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/budget-2024-unveiled/\">two</a>"));
}

TEST(MarkdownTest, ParagraphWithSecondLinkNestedInEmphasisIsNotACard) {
  FakeSite site = news_site();
  const auto html =
      markdown_to_html("Read More: [one](/floods) and **[two](/budget-old-slug)**", site.options());
  EXPECT_THAT(html, Not(HasSubstr("<aside")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods-in-sindh/\">one</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/budget-2024-unveiled/\">two</a>"));
}

TEST(MarkdownTest, ReadMoreWithBoldLabelBecomesCard) {
  FakeSite site = news_site();
  const auto html = markdown_to_html("**Read More:** [old](/floods)", site.options());
  EXPECT_THAT(html, HasSubstr("<aside class=\"read-more\">"));
  EXPECT_THAT(html, HasSubstr("Floods displace thousands in Sindh"));
}

TEST(MarkdownTest, ReadMoreInsideListIsNotACard) {
  FakeSite site = news_site();
  const auto html = markdown_to_html("- Read More: [old](/floods)", site.options());
  EXPECT_THAT(html, Not(HasSubstr("<aside")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods-in-sindh/\">old</a>"));
}

TEST(MarkdownTest, ResolvableLinksAreRewrittenToCanonicalUrl) {
  FakeSite site = news_site();
  const auto html = markdown_to_html(
      "See [the floods](/floods), [full coverage](https://example.org/floods) and "
      "[elsewhere](https://other.example/x).",
      site.options());
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods-in-sindh/\">the floods</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/floods-in-sindh/\">full coverage</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://other.example/x\">elsewhere</a>"));
  EXPECT_THAT(html, Not(HasSubstr("href=\"/floods\"")));
}

TEST(MarkdownTest, ReadMoreFirstParagraphKeepsDatelineOnStory) {
  FakeSite site = news_site();
  const auto html = markdown_to_html("Read More: [old](/floods)\n\nThe story begins.",
                                     site.options("Islamabad (TDI):"));
  EXPECT_THAT(html, HasSubstr("<aside class=\"read-more\"><span class=\"read-more-label\">Read "
                              "More:</span> <a href=\"/floods-in-sindh/\">Floods displace "
                              "thousands in Sindh</a></aside>"));
  EXPECT_THAT(html, HasSubstr("<p><span class=\"dateline\">Islamabad (TDI):</span> The story "
                              "begins.</p>"));
  EXPECT_EQ(count_of(html, "class=\"dateline\""), 1);
  EXPECT_LT(html.find("<aside"), html.find("class=\"dateline\""));
}

TEST(MarkdownTest, OnlyReadMoreWithDatelineRendersCardWithoutMarker) {
  FakeSite site = news_site();
  const auto html = markdown_to_html("Read More: [old](/floods)", site.options("Karachi:"));
  EXPECT_THAT(html, HasSubstr("<aside class=\"read-more\">"));
  EXPECT_THAT(html, Not(HasSubstr("dlx")));
}

TEST(MarkdownTest, IsReadMoreTextAcceptsCaseAndSpaceVariants) {
  EXPECT_TRUE(is_read_more_text("Read More: Budget"));
  EXPECT_TRUE(is_read_more_text("read more: budget"));
  EXPECT_TRUE(is_read_more_text("READ MORE:budget"));
  EXPECT_TRUE(is_read_more_text("read more : budget"));
  EXPECT_TRUE(is_read_more_text("Read More :   budget"));
  EXPECT_TRUE(is_read_more_text("   Read more:  budget  "));
}

TEST(MarkdownTest, IsReadMoreTextRejectsOtherText) {
  EXPECT_FALSE(is_read_more_text("Read more about this"));
  EXPECT_FALSE(is_read_more_text("Read more"));
  EXPECT_FALSE(is_read_more_text("Please read more: here"));
  EXPECT_FALSE(is_read_more_text("Read"));
  EXPECT_FALSE(is_read_more_text(""));
}

// --- plain text ---------------------------------------------------------------------------------

TEST(MarkdownTest, MarkdownToTextFoldsWhitespace) {
  EXPECT_EQ(markdown_to_text("# Title\n\nSome   *bold*\ntext   here.\n\n\n\nLast  line."),
            "Title Some bold text here. Last line.");
  EXPECT_EQ(markdown_to_text("  \n\n  "), "");
  EXPECT_EQ(markdown_to_text("[link text](/x) and `code`"), "link text and code");
}

TEST(MarkdownTest, MarkdownToTextSeparatesListItemsAndQuotes) {
  EXPECT_EQ(markdown_to_text("- one\n- two\n- three"), "one two three");
  EXPECT_EQ(markdown_to_text("> first\n>\n> second"), "first second");
  EXPECT_EQ(markdown_to_text("| a | b |\n|---|---|\n| c | d |"), "a b c d");
}

TEST(MarkdownTest, MarkdownToTextDropsRawHtml) {
  const auto text = markdown_to_text("Hello <script>alert(1)</script> world");
  EXPECT_THAT(text, Not(HasSubstr("<script")));
  EXPECT_THAT(text, HasSubstr("Hello"));
  EXPECT_THAT(text, HasSubstr("world"));
}

}  // namespace
}  // namespace dateline::render
