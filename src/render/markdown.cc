#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "core/strings.h"

namespace dateline::render {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;

using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;

// The parser must outlive rendering: it owns the extension list the renderer reads.
struct Parsed {
  ParserPtr parser;
  NodePtr doc;
};

Parsed parse(std::string_view markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  ParserPtr parser(cmark_parser_new(kOptions));
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (auto* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  NodePtr doc(cmark_parser_finish(parser.get()));
  return Parsed{std::move(parser), std::move(doc)};
}

void collect_text(cmark_node* node, std::string& out) {
  for (auto* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    const auto type = cmark_node_get_type(c);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(c)) out += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    } else {
      collect_text(c, out);
      // Blocks (list items, quoted paragraphs, table cells) are separate words.
      if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) out += ' ';
    }
  }
}

void collect_links(cmark_node* node, std::vector<cmark_node*>& out) {
  for (auto* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) == CMARK_NODE_LINK) out.push_back(c);
    collect_links(c, out);
  }
}

std::string random_token() {
  std::random_device rd;
  return fmt::format("dlx{:08x}{:08x}", rd(), rd());
}

}  // namespace

bool is_read_more_text(std::string_view text) {
  text = core::trim(text);
  constexpr std::string_view kPrefix = "read more";
  if (text.size() < kPrefix.size() + 1) return false;
  if (core::to_lower_ascii(text.substr(0, kPrefix.size())) != kPrefix) return false;
  return core::trim(text.substr(kPrefix.size())).starts_with(':');
}

std::string markdown_to_html(std::string_view markdown, const MarkdownOptions& options) {
  Parsed parsed = parse(markdown);
  NodePtr& doc = parsed.doc;
  const std::string token = random_token();
  std::vector<std::string> cards;
  std::vector<cmark_node*> placeholders;

  // Collect first: mutating the tree while iterating invalidates the iterator.
  std::vector<cmark_node*> links;
  std::vector<cmark_node*> paragraphs;
  {
    cmark_iter* iter = cmark_iter_new(doc.get());
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
      if (ev != CMARK_EVENT_ENTER) continue;
      auto* node = cmark_iter_get_node(iter);
      const auto type = cmark_node_get_type(node);
      if (type == CMARK_NODE_LINK) links.push_back(node);
      if (type == CMARK_NODE_PARAGRAPH && cmark_node_parent(node) == doc.get()) {
        paragraphs.push_back(node);
      }
    }
    cmark_iter_free(iter);
  }

  if (options.resolve) {
    // Read More paragraphs: one link to an article of this site, nothing else but the label.
    for (auto* para : paragraphs) {
      std::string text;
      collect_text(para, text);
      if (!is_read_more_text(text)) continue;
      // Links nested in emphasis count too: the paragraph is freed below, so every link in it
      // must leave `links`.
      std::vector<cmark_node*> para_links;
      collect_links(para, para_links);
      if (para_links.size() != 1) continue;
      cmark_node* only_link = para_links.front();
      const char* href = cmark_node_get_url(only_link);
      auto target = options.resolve(href ? href : "");
      if (!target) continue;
      cards.push_back(fmt::format(
          "<aside class=\"read-more\"><span class=\"read-more-label\">Read More:</span> "
          "<a href=\"{}\">{}</a></aside>",
          core::html_escape(target->url), core::html_escape(target->title)));
      auto* placeholder = cmark_node_new(CMARK_NODE_PARAGRAPH);
      auto* literal = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(literal, fmt::format("{}{}", token, cards.size() - 1).c_str());
      cmark_node_append_child(placeholder, literal);
      cmark_node_replace(para, placeholder);
      placeholders.push_back(placeholder);
      std::erase(links, only_link);
      cmark_node_free(para);
    }
    for (auto* link : links) {
      const char* href = cmark_node_get_url(link);
      if (auto target = options.resolve(href ? href : "")) {
        cmark_node_set_url(link, target->url.c_str());
      }
    }
  }

  // The dateline opens the first paragraph of the story.
  if (!options.dateline.empty()) {
    for (auto* c = cmark_node_first_child(doc.get()); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH) continue;
      if (std::find(placeholders.begin(), placeholders.end(), c) != placeholders.end()) continue;
      auto* literal = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(literal, (token + "dl ").c_str());
      cmark_node_prepend_child(c, literal);
      break;
    }
  }

  char* raw = cmark_render_html(doc.get(), kOptions,
                                cmark_parser_get_syntax_extensions(parsed.parser.get()));
  std::string html(raw);
  free(raw);  // NOLINT: allocated by cmark with malloc

  if (!options.dateline.empty()) {
    html = core::replace_all(
        html, token + "dl ",
        fmt::format("<span class=\"dateline\">{}</span> ", core::html_escape(options.dateline)));
  }
  for (std::size_t i = cards.size(); i-- > 0;) {
    html = core::replace_all(html, fmt::format("<p>{}{}</p>", token, i), cards[i]);
  }
  return html;
}

std::string markdown_to_text(std::string_view markdown) {
  Parsed parsed = parse(markdown);
  NodePtr& doc = parsed.doc;
  std::string text;
  for (auto* c = cmark_node_first_child(doc.get()); c; c = cmark_node_next(c)) {
    std::string block;
    collect_text(c, block);
    if (block.empty()) continue;
    if (!text.empty()) text += ' ';
    text += block;
  }
  std::string folded;
  bool space = false;
  for (char ch : text) {
    const bool ws = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (ws) {
      space = !folded.empty();
      continue;
    }
    if (space) folded += ' ';
    space = false;
    folded += ch;
  }
  return folded;
}

}  // namespace dateline::render
