// WordPress post HTML -> the Markdown Dateline stores as an article body (rendered later by
// cmark-gfm with raw HTML off). Keeps what a story needs (paragraphs, headings, lists, quotes,
// links, images, emphasis, code, tables) and drops whatever runs, styles or submits (script, style,
// object, form, event handlers, javascript: and data: URLs). Text is escaped so that it can never
// become Markdown markup. Pure functions, thread-safe (libxml2's HTML parser keeps no shared state
// once initialised).
#pragma once

#include <string>
#include <string_view>

namespace dateline::ingest {

// Expands or removes WordPress shortcodes, as WordPress itself would before display:
// [caption]<img ...> text[/caption] becomes <figure><img
// ...><figcaption>text</figcaption></figure>; [embed]URL[/embed], [audio src=URL] and [video
// src=URL] become links to their media; [gallery] and [playlist] go; any other shortcode ([foo
// a="1"]...[/foo], [contact-form-7 id=3]) is removed and the text it encloses kept. Bracketed words
// that are not shortcodes ("[sic]",
// "[Update]": no attributes, no closing tag) stay; "[[foo]]" is the literal "[foo]". HTML
// comments, Gutenberg's <!-- wp:... --> block delimiters among them, are removed too.
std::string expand_shortcodes(std::string_view content);

// Post content (classic-editor text whose blank lines are paragraphs and single newlines are line
// breaks, as wpautop reads it; or Gutenberg block HTML) -> Markdown ending in a newline, or "" when
// nothing is left. Images become ![alt](src); iframes, <embed>, <video> and <audio> become plain
// links to their source; links keep only http, https, mailto and relative targets.
std::string wordpress_to_markdown(std::string_view content);

// The text of an HTML fragment with entities decoded and whitespace folded (for titles, term
// names and excerpts). Scripts and styles contribute nothing.
std::string html_to_text(std::string_view html);

// Backslash-escapes the characters of `text` that could start Markdown markup inside a line.
std::string escape_markdown(std::string_view text);

// True for http, https and mailto URLs and for relative references.
bool is_safe_link_url(std::string_view url);
// True for http and https URLs and for relative references (never data: or javascript:).
bool is_safe_image_url(std::string_view url);

// `url` written as a Markdown link destination: surrounding whitespace removed, characters that
// would end or confuse the destination percent-encoded.
std::string markdown_destination(std::string_view url);

}  // namespace dateline::ingest
