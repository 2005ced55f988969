// Markdown to safe HTML with cmark-gfm (raw HTML and dangerous URLs never pass), plus Dateline's
// two news touches: the dateline opening the first paragraph and "Read More:" cards that show the
// linked article's *current* headline. Thread-safe (no shared state).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::render {

struct LinkedArticle {
  std::string url;    // canonical path
  std::string title;  // current headline
};

struct MarkdownOptions {
  // Text put in front of the first paragraph, e.g. "Islamabad (TDI):". Empty for none.
  std::string dateline;
  // Resolves a link target to an article of this site; nullopt for anything else. Links that
  // resolve are rewritten to the canonical URL.
  std::function<std::optional<LinkedArticle>(std::string_view href)> resolve;
};

std::string markdown_to_html(std::string_view markdown, const MarkdownOptions& options);

// Plain text of a Markdown document (for excerpts and search snippets), whitespace folded.
std::string markdown_to_text(std::string_view markdown);

// True when a paragraph's text starts with "Read More:" (case-insensitive, spaces allowed).
bool is_read_more_text(std::string_view paragraph_text);

}  // namespace dateline::render
