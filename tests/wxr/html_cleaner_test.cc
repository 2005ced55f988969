#include "ingest/html_cleaner.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "render/markdown.h"

namespace dateline::ingest {
namespace {

std::string rendered(std::string_view markdown) { return render::markdown_to_html(markdown, {}); }

bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

TEST(HtmlCleanerTest, KeepsHeadingsParagraphsAndEmphasisOfBlockContent) {
  const auto md = wordpress_to_markdown(
      "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Budget <em>day</em></h2>\n"
      "<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>The <strong>finance</strong> minister\n"
      "spoke <b>twice</b>.</p>\n<!-- /wp:paragraph -->");
  EXPECT_EQ(md, "## Budget *day*\n\nThe **finance** minister spoke **twice**.\n");
}

TEST(HtmlCleanerTest, ReadsPlainTextParagraphsAsWpautopDoes) {
  // Classic-editor content: blank lines separate paragraphs, single newlines break lines.
  EXPECT_EQ(wordpress_to_markdown("First paragraph.\n\nSecond, line one\nline two.\n \n\nThird "
                                  "with <em>emphasis</em>.\n<ul>\n<li>item</li>\n</ul>\nAfter."),
            "First paragraph.\n\nSecond, line one\\\nline two.\n\nThird with *emphasis*.\n\n"
            "- item\n\nAfter.\n");
}

TEST(HtmlCleanerTest, RemovesBlockCommentsAndOtherComments) {
  const auto md = wordpress_to_markdown(
      "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>Kept</p>\n<!-- /wp:paragraph -->\n"
      "<!--more-->\n<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n"
      "<!-- /wp:separator -->");
  EXPECT_EQ(md, "Kept\n\n* * *\n");
  EXPECT_FALSE(has(md, "wp:"));
}

TEST(HtmlCleanerTest, KeepsLinksWithSafeTargetsOnly) {
  const auto md = wordpress_to_markdown(
      "<p><a href=\"https://example.com/a?b=1&amp;c=2\">safe</a> <a href=\"/local/\">rel</a> "
      "<a href=\"mailto:desk@example.com\">mail</a> <a href=\"javascript:alert(1)\">bad</a> "
      "<a href=\" JaVaScRiPt:alert(1)\">bad2</a> <a href=\"data:text/html,x\">bad3</a> "
      "<a href=\"jav&#x09;ascript:alert(1)\">bad4</a> <a href=\"vbscript:x\">bad5</a> "
      "<a name=\"anchor\">plain</a></p>");
  EXPECT_EQ(md,
            "[safe](https://example.com/a?b=1&c=2) [rel](/local/) [mail](mailto:desk@example.com) "
            "bad bad2 bad3 bad4 bad5 plain\n");
}

TEST(HtmlCleanerTest, KeepsImagesAsMarkdownImages) {
  EXPECT_EQ(wordpress_to_markdown("<p><img src=\"https://ex.com/a.jpg\" alt=\"A [big] crowd\" "
                                  "onerror=\"alert(1)\" class=\"wp-image-7\"></p>"),
            "![A \\[big\\] crowd](https://ex.com/a.jpg)\n");
  // Lazy-loading placeholders give way to the real address; data: and javascript: never pass.
  EXPECT_EQ(wordpress_to_markdown("<img src=\"data:image/gif;base64,R0lGOD\" "
                                  "data-src=\"https://ex.com/lazy.jpg\" alt=\"\">"),
            "![](https://ex.com/lazy.jpg)\n");
  EXPECT_EQ(wordpress_to_markdown("<img src=\"data:image/png;base64,AAAA\"><img "
                                  "src=\"javascript:alert(1)\">"),
            "");
  // Destinations cannot be broken out of.
  EXPECT_EQ(wordpress_to_markdown("<img src=\"https://ex.com/a b(1)<x>.jpg\" alt=\"x\">"),
            "![x](https://ex.com/a%20b%281%29%3Cx%3E.jpg)\n");
}

TEST(HtmlCleanerTest, KeepsListsAndQuotes) {
  const auto md = wordpress_to_markdown(
      "<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul>"
      "<ol start=\"3\"><li>Three</li><li>Four</li></ol>"
      "<blockquote class=\"wp-block-quote\"><p>Quote</p><cite>Someone</cite></blockquote>");
  EXPECT_EQ(md, "- One\n- Two\n\n  - Nested\n\n3. Three\n4. Four\n\n> Quote\n>\n> *Someone*\n");
  const auto html = rendered(md);
  EXPECT_TRUE(has(html, "<ol start=\"3\">")) << html;
  EXPECT_TRUE(has(html, "<blockquote>")) << html;
  EXPECT_TRUE(has(html, "<li>Nested</li>")) << html;
}

TEST(HtmlCleanerTest, AdjacentListsStaySeparate) {
  const auto md = wordpress_to_markdown("<ul><li>a</li></ul><ul><li>b</li></ul>");
  EXPECT_EQ(md, "- a\n\n* b\n");
  const auto html = rendered(md);
  EXPECT_EQ(html, "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n");
}

TEST(HtmlCleanerTest, CaptionShortcodeKeepsItsImageAndCaption) {
  EXPECT_EQ(
      wordpress_to_markdown("Before.\n\n[caption id=\"attachment_7\" align=\"aligncenter\" "
                            "width=\"640\"]<a href=\"https://ex.com/full.jpg\"><img "
                            "src=\"https://ex.com/photo.jpg\" alt=\"Flood\" width=\"640\" /></a> "
                            "Floodwater in Sukkur[/caption]\n\nAfter."),
      "Before.\n\n[![Flood](https://ex.com/photo.jpg)](https://ex.com/full.jpg)\n\n"
      "*Floodwater in Sukkur*\n\nAfter.\n");
  // The older form carries the caption as an attribute.
  EXPECT_EQ(wordpress_to_markdown("[caption caption=\"Old style\"]<img src=\"/p.jpg\" "
                                  "alt=\"\">[/caption]"),
            "![](/p.jpg)\n\n*Old style*\n");
}

TEST(HtmlCleanerTest, UnknownShortcodesGoButTheirTextStays) {
  EXPECT_EQ(
      wordpress_to_markdown("[pullquote align=\"left\"]Words <em>matter</em>[/pullquote] "
                            "and [contact-form-7 id=\"5\" title=\"Contact\"] then "
                            "[gallery ids=\"1,2\"] [tabs][tab title=\"A\"]Inside[/tab][/tabs]"),
      "Words *matter* and then Inside\n");
}

TEST(HtmlCleanerTest, BracketedWordsThatAreNotShortcodesStay) {
  const auto md = wordpress_to_markdown(
      "He said it \"was [sic] fine\". [Update] Police later denied it. Quoted: [[gallery]].");
  EXPECT_EQ(md,
            "He said it \"was \\[sic\\] fine\". \\[Update\\] Police later denied it. Quoted: "
            "\\[gallery\\].\n");
  EXPECT_TRUE(has(rendered(md), "[sic]"));
}

TEST(HtmlCleanerTest, BracketedProseIsNotAShortcode) {
  EXPECT_EQ(
      wordpress_to_markdown("[the minister said] [video of the attack] [note a=\"1\"]kept[/note]"),
      "\\[the minister said\\] \\[video of the attack\\] kept\n");
}

TEST(HtmlCleanerTest, BareUrlsInTextStayWhole) {
  // Escaped underscores inside a bare URL would become part of the address cmark links.
  const auto md = wordpress_to_markdown(
      "<p>See www.example.com/a_b and (https://ex.com/wiki/A_(b)_c). Mail first_last@ex.com.</p>");
  EXPECT_EQ(md,
            "See [www.example.com/a\\_b](http://www.example.com/a_b) and "
            "([https://ex.com/wiki/A\\_(b)\\_c](https://ex.com/wiki/A_%28b%29_c)). Mail "
            "first\\_last@ex.com.\n");
  const auto html = rendered(md);
  EXPECT_TRUE(has(html, "<a href=\"http://www.example.com/a_b\">www.example.com/a_b</a>")) << html;
  EXPECT_TRUE(has(html, "<a href=\"mailto:first_last@ex.com\">")) << html;
}

TEST(HtmlCleanerTest, EmphasisEndingInPunctuationBeforeAWordStillRenders) {
  const auto md = wordpress_to_markdown(
      "<p><strong>Note:</strong>Text and <strong>ISLAMABAD:</strong> news</p>");
  EXPECT_EQ(md, "**Note**:Text and **ISLAMABAD:** news\n");
  EXPECT_EQ(rendered(md),
            "<p><strong>Note</strong>:Text and <strong>ISLAMABAD:</strong> news</p>\n");
}

TEST(HtmlCleanerTest, CharacterReferencesInUrlsArriveAsWritten) {
  const auto md = wordpress_to_markdown(
      "<a href=\"https://ex.com/?q=&amp;lt;x&amp;b=2\">q</a> <a href=\"javascript&colon;x\">c</a>");
  const auto html = rendered(md);
  EXPECT_TRUE(has(html, "href=\"https://ex.com/?q=&amp;lt;x&amp;b=2\"")) << md << html;
  EXPECT_FALSE(has(html, "javascript:")) << html;
}

TEST(HtmlCleanerTest, EmbedsAndIframesBecomePlainLinks) {
  const auto md = wordpress_to_markdown(
      "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=abc\"} -->\n"
      "<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\n"
      "https://www.youtube.com/watch?v=abc\n</div><figcaption>The briefing</figcaption></figure>\n"
      "<!-- /wp:embed -->\n<iframe src=\"https://player.example.com/v/1\" onload=\"x()\" "
      "width=\"560\"></iframe>\n<iframe src=\"javascript:alert(1)\"></iframe>\n"
      "<video controls><source src=\"https://ex.com/clip.mp4\" type=\"video/mp4\"></video>\n"
      "<p>[embed]https://twitter.com/x/status/1[/embed]</p><p>[audio mp3=\"https://ex.com/a.mp3\"]"
      "</p>");
  EXPECT_EQ(md,
            "[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)\n\n"
            "*The briefing*\n\n"
            "[https://player.example.com/v/1](https://player.example.com/v/1)\n\n"
            "[https://ex.com/clip.mp4](https://ex.com/clip.mp4)\n\n"
            "[https://twitter.com/x/status/1](https://twitter.com/x/status/1)\n\n"
            "[https://ex.com/a.mp3](https://ex.com/a.mp3)\n");
  const auto html = rendered(md);
  EXPECT_FALSE(has(html, "<iframe")) << html;
  EXPECT_TRUE(has(html, "<a href=\"https://player.example.com/v/1\">")) << html;
}

TEST(HtmlCleanerTest, DropsScriptsStylesObjectsAndForms) {
  const auto md = wordpress_to_markdown(
      "<style>p { color: red }</style><script>alert('x')</script><p>Kept "
      "<span style=\"color:red\" onclick=\"steal()\">words</span></p>"
      "<object data=\"movie.swf\"><param name=\"x\" value=\"y\">fallback</object>"
      "<form action=\"/subscribe\"><input name=\"email\"><button>Go</button></form>"
      "<noscript><img src=\"https://ex.com/pixel.gif\"></noscript><p>End</p>");
  EXPECT_EQ(md, "Kept words\n\nEnd\n");
}

TEST(HtmlCleanerTest, EscapesMarkdownInText) {
  const auto md = wordpress_to_markdown(
      "<p>*not bold* _nor this_ # not a heading</p><p>1. not a list</p><p>- nor this</p>"
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>[link](javascript:alert(1))</p>"
      "<p>`code` a | b ~~gone~~ &amp;copy; AT&amp;T</p><p>&gt; not a quote</p><p>===</p>");
  EXPECT_EQ(md,
            "\\*not bold\\* \\_nor this\\_ \\# not a heading\n\n1\\. not a list\n\n\\- nor this\n\n"
            "\\<script\\>alert(1)\\</script\\>\n\n\\[link\\](javascript:alert(1))\n\n"
            "\\`code\\` a \\| b \\~\\~gone\\~\\~ \\&copy; AT&T\n\n\\> not a quote\n\n\\===\n");
  const auto html = rendered(md);
  for (std::string_view markup : {"<em>", "<strong>", "<h1>", "<ol>", "<ul>", "<a ", "<code>",
                                  "<del>", "<blockquote>", "<script", "<h2>", "&copy;", "©"}) {
    EXPECT_FALSE(has(html, markup)) << markup << " in " << html;
  }
  EXPECT_TRUE(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
  // A '!' before a link does not make it an image; a ":-" line does not make a table.
  const auto bang = wordpress_to_markdown("<p>Wow!<a href=\"/x/\">x</a> !www.ex.com<br>a\n:-</p>");
  EXPECT_EQ(rendered(bang),
            "<p>Wow!<a href=\"/x/\">x</a> !<a href=\"http://www.ex.com\">www.ex.com</a><br />\n"
            "a<br />\n:-</p>\n")
      << bang;
  EXPECT_TRUE(has(html, "&amp;copy;")) << html;
}

TEST(HtmlCleanerTest, HostileHtmlRendersWithoutActiveContent) {
  const auto md = wordpress_to_markdown(
      "<p onmouseover=\"alert(1)\">Hello <img src=x onerror=alert(1)> <a "
      "href=\"javascript:alert(1)\" onclick=\"alert(1)\">click</a></p>"
      "<script type=\"text/javascript\">document.cookie</script>"
      "<svg onload=\"alert(1)\"><script>alert(1)</script></svg>"
      "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"
      "<a href=\"&#106;avascript:alert(1)\">entity</a> <a href=\"java\nscript:alert(1)\">split</a>"
      "<img src=\"https://ex.com/ok.jpg\" alt='\"><script>alert(1)</script>'>"
      "<style>@import url(evil.css)</style><div style=\"background:url(javascript:alert(1))\">"
      "Styled</div><math><mtext>x</mtext></math><embed src=\"javascript:alert(1)\">"
      "<a href=\"javascript&colon;alert(1)\">colon</a>");
  const auto html = rendered(md);
  for (std::string_view bad :
       {"<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "<iframe",
        "<style", "<svg", "<embed", "document.cookie", "srcdoc", "style="}) {
    EXPECT_FALSE(has(html, bad)) << bad << " in " << html << "\nfrom\n" << md;
  }
  EXPECT_TRUE(has(html, "Hello")) << html;
  EXPECT_TRUE(has(html, "<img src=\"https://ex.com/ok.jpg\"")) << html;
  EXPECT_TRUE(has(html, "Styled")) << html;
}

TEST(HtmlCleanerTest, CodeBlocksAndSpansKeepTheirText) {
  EXPECT_EQ(wordpress_to_markdown("<pre class=\"wp-block-code\"><code>if (a &lt; b) {\n  x = "
                                  "`y`;\n}</code></pre><p>Use <code>ls *</code> or <code>a`b</code>"
                                  "</p>"),
            "```\nif (a < b) {\n  x = `y`;\n}\n```\n\nUse `ls *` or ``a`b``\n");
}

TEST(HtmlCleanerTest, TablesBecomeGfmTables) {
  const auto md = wordpress_to_markdown(
      "<figure class=\"wp-block-table\"><table><thead><tr><th>Party</th><th>Seats</th></tr>"
      "</thead><tbody><tr><td>A</td><td><strong>12</strong></td></tr><tr><td>B | C</td></tr>"
      "</tbody></table></figure>");
  EXPECT_EQ(md, "| Party | Seats |\n| --- | --- |\n| A | **12** |\n| B \\| C | |\n");
  const auto html = rendered(md);
  EXPECT_TRUE(has(html, "<th>Party</th>")) << html;
  EXPECT_TRUE(has(html, "<td>B | C</td>")) << html;
}

TEST(HtmlCleanerTest, HtmlToTextDecodesEntitiesAndDropsMarkup) {
  EXPECT_EQ(html_to_text("Q&amp;A: <em>Budget</em>\n &#8217;25<script>x()</script>"),
            "Q&A: Budget ’25");
  EXPECT_EQ(html_to_text("<p>One</p><p>two<br>three</p>"), "One two three");
  EXPECT_EQ(html_to_text("  plain   text "), "plain text");
  EXPECT_EQ(html_to_text("Why 2 < 3 &amp; Q&A matter"), "Why 2 < 3 & Q&A matter");
  EXPECT_EQ(html_to_text(""), "");
}

TEST(HtmlCleanerTest, UrlSafety) {
  for (std::string_view ok :
       {"https://ex.com/", "http://ex.com", "/path", "relative/x.html", "#top", "?p=1",
        "//cdn.ex.com/a.jpg", "mailto:a@b.c", "/wiki/File:X.png"}) {
    EXPECT_TRUE(is_safe_link_url(ok)) << ok;
  }
  for (std::string_view bad :
       {"javascript:alert(1)", " javascript:x", "JAVASCRIPT:x", "java\tscript:x",
        "data:text/html,x", "vbscript:x", "file:///etc", "", "  ", "1http:x", "jav\x01script:x"}) {
    EXPECT_FALSE(is_safe_link_url(bad)) << bad;
  }
  EXPECT_FALSE(is_safe_image_url("mailto:a@b.c"));
  EXPECT_FALSE(is_safe_image_url("data:image/png;base64,AAAA"));
  EXPECT_TRUE(is_safe_image_url("https://ex.com/a.png"));
}

}  // namespace
}  // namespace dateline::ingest
