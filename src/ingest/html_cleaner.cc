#include "ingest/html_cleaner.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "core/strings.h"

namespace dateline::ingest {
namespace {

// Marks a hard line break inside a paragraph under construction; never part of the output.
constexpr char kBreak = '\x01';
constexpr std::string_view kSpaceOrBreak = " \x01";
// Deeper HTML is read as text only; deeper shortcodes are left as they are.
constexpr int kMaxDepth = 200;
constexpr int kMaxShortcodeDepth = 16;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view prefix) {
  if (pos > s.size() || s.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = s[pos + i];
    const char lower = a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a;
    if (lower != prefix[i]) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view s, std::string_view needle, std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    if (starts_with_ci(s, i, needle)) return i;
  }
  return std::string_view::npos;
}

// "&amp;", "&#8217;", "&#x2019;": text that cmark would read as a character reference.
bool entity_at(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') ++j;
  const std::size_t name_start = j;
  while (j < s.size() && j - name_start <= 32 && is_alnum(s[j])) ++j;
  return j > name_start && j < s.size() && s[j] == ';';
}

std::string fold_whitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (is_control(c)) continue;
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// ---- URLs ------------------------------------------------------------------------------------

// Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces around it.
std::string clean_url(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out += c;
  }
  const auto edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!out.empty() && edge(out.back())) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && edge(out[start])) ++start;
  return out.substr(start);
}

// The lowercased scheme, "" for a relative reference, nullopt when the text before ':' is not a
// well-formed scheme (so nothing can be said about where it leads).
std::optional<std::string> url_scheme(std::string_view url) {
  const auto end = url.find_first_of(":/?#");
  if (end == std::string_view::npos || url[end] != ':') return std::string();
  const auto scheme = url.substr(0, end);
  if (scheme.empty() || !is_alpha(scheme.front())) return std::nullopt;
  for (char c : scheme) {
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  return core::to_lower_ascii(scheme);
}

bool safe_url(std::string_view url, bool allow_mailto) {
  const auto cleaned = clean_url(url);
  if (cleaned.empty()) return false;
  for (char c : cleaned) {
    if (is_control(c)) return false;
  }
  const auto scheme = url_scheme(cleaned);
  if (!scheme) return false;
  return scheme->empty() || *scheme == "http" || *scheme == "https" ||
         (allow_mailto && *scheme == "mailto");
}

// ---- libxml2 helpers -------------------------------------------------------------------------

const char* chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }
const xmlChar* xml(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string_view name_of(const xmlNode* n) {
  return n->name != nullptr ? std::string_view(chars(n->name)) : std::string_view();
}

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* value = xmlGetProp(n, xml(name));
  if (value == nullptr) return {};
  std::string out(chars(value));
  xmlFree(value);
  return out;
}

std::string node_text(const xmlNode* n) {
  xmlChar* value = xmlNodeGetContent(n);
  if (value == nullptr) return {};
  std::string out(chars(value));
  xmlFree(value);
  return out;
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

DocPtr parse_html(std::string_view html) {
  if (html.empty()) return nullptr;
  xmlInitParser();
  const int size = static_cast<int>(std::min<std::size_t>(html.size(), INT_MAX));
  return DocPtr(htmlReadMemory(html.data(), size, nullptr, "UTF-8",
                               HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
}

const xmlNode* find_child(const xmlNode* parent, std::string_view name) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && name_of(c) == name) return c;
  }
  return nullptr;
}

// ---- element kinds ---------------------------------------------------------------------------

enum class Kind { kInline, kBlock, kDrop, kMedia };

Kind kind_of(std::string_view name) {
  if (one_of(name, {"script",   "style",    "noscript", "template", "object",   "applet",
                    "form",     "input",    "button",   "select",   "textarea", "option",
                    "optgroup", "head",     "title",    "meta",     "link",     "base",
                    "svg",      "math",     "canvas",   "map",      "area",     "frameset",
                    "frame",    "noframes", "param",    "source",   "track",    "dialog",
                    "slot",     "datalist", "output",   "progress", "meter",    "picture"})) {
    return Kind::kDrop;
  }
  if (one_of(name, {"iframe", "embed", "video", "audio"})) return Kind::kMedia;
  if (one_of(name,
             {"html",       "body",       "p",       "div",     "section",  "article",   "main",
              "header",     "footer",     "aside",   "nav",     "address",  "center",    "figure",
              "figcaption", "blockquote", "pre",     "listing", "xmp",      "plaintext", "ul",
              "ol",         "menu",       "dir",     "li",      "dl",       "dt",        "dd",
              "h1",         "h2",         "h3",      "h4",      "h5",       "h6",        "hr",
              "table",      "caption",    "thead",   "tbody",   "tfoot",    "tr",        "td",
              "th",         "details",    "summary", "hgroup",  "fieldset", "legend"})) {
    return Kind::kBlock;
  }
  return Kind::kInline;
}

// ---- Markdown text ---------------------------------------------------------------------------

void append_escaped(std::string_view text, std::size_t i, std::string& out) {
  const char c = text[i];
  switch (c) {
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '<':
    case '>':
    case '|':
    case '~':
    case '#':
      out += '\\';
      break;
    case '&':
      if (entity_at(text, i)) out += '\\';
      break;
    default:
      break;
  }
  out += c;
}

// A bare URL in text ("https://...", "www..."), which cmark's autolink extension would link after
// reading our escapes as part of it: its length, or 0. Trailing punctuation is not part of it.
std::size_t bare_url_length(std::string_view s, std::size_t i) {
  if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.')) return 0;
  std::size_t prefix = 0;
  for (std::string_view p : {"http://", "https://", "www."}) {
    if (starts_with_ci(s, i, p)) prefix = p.size();
  }
  if (prefix == 0) return 0;
  std::size_t j = i;
  while (j < s.size() && !is_space(s[j]) && !is_control(s[j]) && s[j] != '<' && s[j] != '>' &&
         s[j] != '"' && s[j] != '`') {
    ++j;
  }
  while (j > i) {
    const char last = s[j - 1];
    if (std::string_view("?!.,:;*_~'").find(last) != std::string_view::npos) {
      --j;
    } else if (last == ')' && std::count(s.begin() + static_cast<std::ptrdiff_t>(i),
                                         s.begin() + static_cast<std::ptrdiff_t>(j), ')') >
                                  std::count(s.begin() + static_cast<std::ptrdiff_t>(i),
                                             s.begin() + static_cast<std::ptrdiff_t>(j), '(')) {
      --j;
    } else {
      break;
    }
  }
  return j - i > prefix ? j - i : 0;
}

// ASCII punctuation that only text produces (generated markup ends in ')', '`', '*', '~', ']').
bool is_text_punctuation(char c) {
  return std::string_view(".,:;!?'\"-/%$@=+^{}&").find(c) != std::string_view::npos;
}

// What would open a block at the start of a line: list markers, setext underlines, table rows.
std::string escape_line_start(std::string line) {
  // Judge the line as Markdown will see it: without its leading blanks.
  line.erase(0, std::min(line.find_first_not_of(" \t"), line.size()));
  if (line.empty()) return line;
  // ":-" would start a table's delimiter row under the line before.
  if (line.front() == '-' || line.front() == '+' || line.front() == '=' ||
      (line.front() == ':' && line.size() > 1 && line[1] == '-')) {
    return "\\" + line;
  }
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 && is_digit(line[digits])) ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    line.insert(digits, "\\");
  }
  return line;
}

// Inline Markdown with kBreak marks -> the lines of one paragraph: spaces folded, lines trimmed,
// empty lines dropped, joined by hard breaks.
std::string finish_paragraph(std::string_view para) {
  std::vector<std::string> lines;
  std::string line;
  bool space = false;
  const auto end_line = [&] {
    if (!line.empty()) lines.push_back(escape_line_start(std::move(line)));
    line.clear();
    space = false;
  };
  for (char c : para) {
    if (c == kBreak) {
      end_line();
    } else if (c == ' ') {
      space = !line.empty();
    } else {
      if (space) line += ' ';
      space = false;
      line += c;
    }
  }
  end_line();
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\\n";
    out += lines[i];
  }
  return out;
}

std::size_t longest_run(std::string_view text, char c) {
  std::size_t best = 0;
  std::size_t run = 0;
  for (char x : text) {
    run = x == c ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

// ---- HTML -> Markdown ------------------------------------------------------------------------

// Whether the text right after (before) an element starts (ends) with a letter or digit.
bool word_char(char c) {
  return !is_space(c) && !is_control(c) && !is_text_punctuation(c) &&
         std::string_view("()[]*_`~<>#|\\").find(c) == std::string_view::npos;
}

bool word_after(const xmlNode* n) {
  const xmlNode* next = n->next;
  if (next == nullptr || next->type != XML_TEXT_NODE || next->content == nullptr) return false;
  const std::string_view t = chars(next->content);
  return !t.empty() && word_char(t.front());
}

bool word_before(const xmlNode* n) {
  const xmlNode* prev = n->prev;
  if (prev == nullptr || prev->type != XML_TEXT_NODE || prev->content == nullptr) return false;
  const std::string_view t = chars(prev->content);
  return !t.empty() && word_char(t.back());
}

class Converter {
 public:
  explicit Converter(bool autop) : autop_(autop) {}

  // The children from `first` up to (not including) `stop`, as blocks separated by blank lines.
  std::string blocks(const xmlNode* first, const xmlNode* stop = nullptr);

 private:
  std::string block(const xmlNode* n);
  void inline_children(const xmlNode* n, std::string& out);
  void inline_node(const xmlNode* n, std::string& out);
  void text(std::string_view s, std::string& out) const;
  std::string one_line(const xmlNode* n);
  std::string heading(const xmlNode* n, int level);
  std::string list(const xmlNode* n, bool ordered, bool alternate);
  std::string quote(const xmlNode* n);
  std::string code_block(const xmlNode* n) const;
  std::string table(const xmlNode* n);
  std::string figure(const xmlNode* n);
  std::string wrap(const xmlNode* n, std::string_view delimiter, int& depth);
  std::string link(const xmlNode* n);
  static std::string image(const xmlNode* n);
  static std::string media_link(const xmlNode* n);
  static std::string code_span(const xmlNode* n);

  bool autop_;
  int depth_ = 0;
  int em_ = 0;
  int strong_ = 0;
  int del_ = 0;
  int link_ = 0;
};

std::string Converter::blocks(const xmlNode* first, const xmlNode* stop) {
  std::vector<std::string> out;
  std::string para;
  int previous_list = 0;  // 1 after a bullet list, 2 after a numbered one, 0 otherwise
  bool previous_alternate = false;
  const auto push = [&](std::string b, int list_kind, bool alternate) {
    if (b.empty()) return;
    out.push_back(std::move(b));
    previous_list = list_kind;
    previous_alternate = alternate;
  };
  const auto flush = [&] {
    push(finish_paragraph(para), 0, false);
    para.clear();
  };
  if (depth_ > kMaxDepth) return {};
  ++depth_;
  for (const xmlNode* n = first; n != nullptr && n != stop; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      const std::string_view s = n->content != nullptr ? chars(n->content) : "";
      if (!autop_) {
        text(s, para);
        continue;
      }
      // wpautop: a blank line ends a paragraph.
      std::size_t start = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\n') continue;
        std::size_t j = i + 1;
        while (j < s.size() && s[j] != '\n' && is_space(s[j])) ++j;
        if (j >= s.size() || s[j] != '\n') continue;
        text(s.substr(start, i - start), para);
        flush();
        while (j < s.size() && is_space(s[j])) ++j;
        start = j;
        i = j - 1;
      }
      text(s.substr(start), para);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(n);
    switch (kind_of(name)) {
      case Kind::kDrop:
        break;
      case Kind::kMedia:
        flush();
        push(media_link(n), 0, false);
        break;
      case Kind::kBlock: {
        flush();
        const bool ordered = name == "ol";
        if (ordered || one_of(name, {"ul", "menu", "dir"})) {
          const int list_kind = ordered ? 2 : 1;
          const bool alternate = previous_list == list_kind && !previous_alternate;
          push(list(n, ordered, alternate), list_kind, alternate);
        } else {
          push(block(n), 0, false);
        }
        break;
      }
      case Kind::kInline:
        inline_node(n, para);
        break;
    }
  }
  flush();
  --depth_;
  std::string joined;
  for (const auto& b : out) {
    if (!joined.empty()) joined += "\n\n";
    joined += b;
  }
  return joined;
}

std::string Converter::block(const xmlNode* n) {
  const auto name = name_of(n);
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
    return heading(n, name[1] - '0');
  }
  if (name == "blockquote") return quote(n);
  if (one_of(name, {"pre", "listing", "xmp", "plaintext"})) return code_block(n);
  if (name == "hr") return "* * *";
  if (name == "table") return table(n);
  if (name == "figure") return figure(n);
  if (name == "figcaption") return finish_paragraph(wrap(n, "*", em_));
  return blocks(n->children);
}

void Converter::inline_children(const xmlNode* n, std::string& out) {
  if (depth_ > kMaxDepth) return;
  ++depth_;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) inline_node(c, out);
  --depth_;
}

void Converter::inline_node(const xmlNode* n, std::string& out) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content != nullptr) text(chars(n->content), out);
    return;
  }
  if (n->type != XML_ELEMENT_NODE) return;
  const auto name = name_of(n);
  if (name == "br") {
    out += kBreak;
  } else if (name == "img") {
    out += image(n);
  } else if (name == "a") {
    out += link(n);
  } else if (one_of(name, {"em", "i", "cite", "dfn", "var"})) {
    out += wrap(n, "*", em_);
  } else if (one_of(name, {"strong", "b"})) {
    out += wrap(n, "**", strong_);
  } else if (one_of(name, {"del", "s", "strike"})) {
    out += wrap(n, "~~", del_);
  } else if (one_of(name, {"code", "kbd", "samp", "tt"})) {
    out += code_span(n);
  } else {
    switch (kind_of(name)) {
      case Kind::kDrop:
        break;
      case Kind::kMedia:
        out += media_link(n);
        break;
      case Kind::kBlock:
        // A block inside inline content (a <div> in a link): its words stay apart.
        out += ' ';
        inline_children(n, out);
        out += ' ';
        break;
      case Kind::kInline:
        inline_children(n, out);
        break;
    }
  }
}

void Converter::text(std::string_view s, std::string& out) const {
  bool pending_space = false;
  bool pending_break = false;
  const auto emit_pending = [&] {
    if (pending_break) {
      out += kBreak;
    } else if (pending_space) {
      out += ' ';
    }
    pending_space = pending_break = false;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') {
      // wpautop: a single newline is a line break; elsewhere it is a space.
      (autop_ ? pending_break : pending_space) = true;
    } else if (is_space(c)) {
      pending_space = true;
    } else if (!is_control(c)) {
      emit_pending();
      if (const auto n = link_ == 0 ? bare_url_length(s, i) : 0; n > 0) {
        const auto url = s.substr(i, n);
        if (!out.empty() && out.back() == '!') out.insert(out.size() - 1, "\\");  // not "![...]"
        out += "[" + escape_markdown(url) + "](" +
               markdown_destination(starts_with_ci(url, 0, "www.") ? "http://" + std::string(url)
                                                                   : std::string(url)) +
               ")";
        i += n - 1;
        continue;
      }
      // A '!' ending the text would turn a link generated right after it into an image.
      if (c == '!' && i + 1 == s.size()) out += '\\';
      append_escaped(s, i, out);
    }
  }
  emit_pending();
}

std::string Converter::one_line(const xmlNode* n) {
  std::string s;
  inline_children(n, s);
  std::replace(s.begin(), s.end(), kBreak, ' ');
  return finish_paragraph(s);
}

std::string Converter::heading(const xmlNode* n, int level) {
  auto t = one_line(n);
  if (t.empty()) return {};
  return std::string(static_cast<std::size_t>(level), '#') + " " + t;
}

std::string Converter::list(const xmlNode* n, bool ordered, bool alternate) {
  long number = 1;
  if (ordered) {
    const auto start = attr(n, "start");
    long parsed = 0;
    std::size_t digits = 0;
    for (char c : start) {
      if (!is_digit(c) || ++digits > 9) break;
      parsed = parsed * 10 + (c - '0');
    }
    if (!start.empty() && digits == start.size()) number = parsed;
  }
  std::vector<std::string> items;
  if (depth_ > kMaxDepth) return {};
  ++depth_;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      // Stray text directly in a list: an item of its own unless it is only space.
      std::string t;
      text(c->content != nullptr ? chars(c->content) : "", t);
      if (auto p = finish_paragraph(t); !p.empty()) items.push_back(std::move(p));
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(c);
    if (kind_of(name) == Kind::kDrop) continue;
    if (name == "ul" || name == "ol") {
      // A list directly inside a list belongs to the item before it.
      auto nested = list(c, name == "ol", false);
      if (nested.empty()) continue;
      if (items.empty()) {
        items.push_back(std::move(nested));
      } else {
        items.back() += "\n\n" + nested;
      }
      continue;
    }
    auto body = name == "li" ? blocks(c->children) : blocks(c, c->next);
    if (!body.empty()) items.push_back(std::move(body));
  }
  --depth_;
  std::string out;
  for (const auto& item : items) {
    std::string marker;
    if (ordered) {
      marker = std::to_string(number++) + (alternate ? ")" : ".");
    } else {
      marker = alternate ? "*" : "-";
    }
    const std::string indent(marker.size() + 1, ' ');
    if (!out.empty()) out += '\n';
    out += marker + ' ';
    std::size_t pos = 0;
    bool first = true;
    while (pos <= item.size()) {
      const auto nl = item.find('\n', pos);
      const auto line = std::string_view(item).substr(
          pos, nl == std::string::npos ? std::string::npos : nl - pos);
      if (!first) {
        out += '\n';
        if (!line.empty()) out += indent;
      }
      out += line;
      first = false;
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
  }
  return out;
}

std::string Converter::quote(const xmlNode* n) {
  const auto inner = blocks(n->children);
  if (inner.empty()) return {};
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto nl = inner.find('\n', pos);
    const auto line =
        std::string_view(inner).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    out += line.empty() ? ">" : "> ";
    out += line;
    if (nl == std::string::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::string Converter::code_block(const xmlNode* n) const {
  std::string code;
  for (char c : node_text(n)) {
    if (c == '\n' || c == '\t' || !is_control(c)) code += c;
  }
  if (!code.empty() && code.front() == '\n') code.erase(0, 1);
  while (!code.empty() && (code.back() == '\n' || code.back() == ' ')) code.pop_back();
  if (core::trim(code).empty()) return {};
  const std::string fence(std::max<std::size_t>(3, longest_run(code, '`') + 1), '`');
  return fence + "\n" + code + "\n" + fence;
}

std::string Converter::table(const xmlNode* n) {
  std::vector<std::vector<std::string>> rows;
  std::string caption;
  const auto collect = [&](const auto& self, const xmlNode* parent) -> void {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const auto name = name_of(c);
      if (name == "tr") {
        std::vector<std::string> cells;
        for (const xmlNode* cell = c->children; cell != nullptr; cell = cell->next) {
          if (cell->type == XML_ELEMENT_NODE && (name_of(cell) == "td" || name_of(cell) == "th")) {
            cells.push_back(one_line(cell));
          }
        }
        rows.push_back(std::move(cells));
      } else if (name == "thead" || name == "tbody" || name == "tfoot") {
        self(self, c);
      } else if (name == "caption") {
        caption = one_line(c);
      }
    }
  };
  collect(collect, n);
  std::size_t columns = 0;
  for (const auto& r : rows) columns = std::max(columns, r.size());
  if (columns == 0) return caption;
  const auto row_line = [&](const std::vector<std::string>& cells) {
    std::string line = "|";
    for (std::size_t i = 0; i < columns; ++i) {
      line += i < cells.size() && !cells[i].empty() ? " " + cells[i] + " |" : " |";
    }
    return line;
  };
  std::string out;
  if (!caption.empty()) out += caption + "\n\n";
  out += row_line(rows.front()) + "\n|";
  for (std::size_t i = 0; i < columns; ++i) out += " --- |";
  for (std::size_t r = 1; r < rows.size(); ++r) {
    // Appended in two steps: GCC 12 at -O3 misreads "\n" + std::string&& (an insert at 0) as an
    // overlapping memcpy (-Wrestrict).
    out += '\n';
    out += row_line(rows[r]);
  }
  return out;
}

std::string Converter::figure(const xmlNode* n) {
  const auto cls = attr(n, "class");
  if (cls.find("wp-block-embed") == std::string::npos) return blocks(n->children);
  // Gutenberg embed: the URL is the text of the wrapper; WordPress turns it into the player.
  std::vector<std::string> out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (name_of(c) == "figcaption") {
      if (auto caption = block(c); !caption.empty()) out.push_back(std::move(caption));
      continue;
    }
    const auto words = fold_whitespace(node_text(c));
    const auto url = words.substr(0, words.find(' '));
    if (!url.empty() && safe_url(url, false)) {
      out.push_back("[" + escape_markdown(url) + "](" + markdown_destination(url) + ")");
    }
  }
  std::string joined;
  for (const auto& b : out) joined += (joined.empty() ? "" : "\n\n") + b;
  return joined;
}

std::string Converter::wrap(const xmlNode* n, std::string_view delimiter, int& depth) {
  std::string inner;
  ++depth;
  inline_children(n, inner);
  --depth;
  if (depth > 0) return inner;  // <em> inside <em> adds nothing
  auto b = inner.find_first_not_of(kSpaceOrBreak);
  if (b == std::string::npos) return inner;
  auto e = inner.find_last_not_of(kSpaceOrBreak) + 1;
  // "<b>Note:</b>Text": a closing "**" between punctuation and a letter closes nothing, so the
  // punctuation moves out ("**Note**:Text"); likewise at the start.
  if (word_after(n)) {
    while (e > b) {
      std::size_t backslashes = 0;
      while (e - 1 - backslashes > b && inner[e - 2 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 1) {
        e -= 2;  // an escaped character
      } else if (is_text_punctuation(inner[e - 1])) {
        --e;
      } else {
        break;
      }
    }
  }
  if (word_before(n)) {
    while (b < e) {
      if (inner[b] == '\\' && b + 1 < e) {
        b += 2;
      } else if (is_text_punctuation(inner[b]) &&
                 !(inner[b] == '!' && b + 1 < e && inner[b + 1] == '[')) {
        ++b;
      } else {
        break;
      }
    }
  }
  if (b >= e) return inner;
  return inner.substr(0, b) + std::string(delimiter) + inner.substr(b, e - b) +
         std::string(delimiter) + inner.substr(e);
}

std::string Converter::link(const xmlNode* n) {
  const auto href = attr(n, "href");
  std::string inner;
  ++link_;
  inline_children(n, inner);
  --link_;
  if (link_ > 0 || href.empty() || !is_safe_link_url(href)) return inner;
  const auto b = inner.find_first_not_of(kSpaceOrBreak);
  if (b == std::string::npos) return inner;
  const auto e = inner.find_last_not_of(kSpaceOrBreak) + 1;
  return inner.substr(0, b) + "[" + inner.substr(b, e - b) + "](" + markdown_destination(href) +
         ")" + inner.substr(e);
}

std::string Converter::image(const xmlNode* n) {
  auto src = clean_url(attr(n, "src"));
  // Lazy-loading plugins keep the real address aside and put a placeholder in src.
  for (const char* lazy : {"data-src", "data-lazy-src", "data-orig-file"}) {
    if (!src.empty() && !starts_with_ci(src, 0, "data:")) break;
    src = clean_url(attr(n, lazy));
  }
  if (!is_safe_image_url(src)) return {};
  return "![" + escape_markdown(fold_whitespace(attr(n, "alt"))) + "](" +
         markdown_destination(src) + ")";
}

std::string Converter::media_link(const xmlNode* n) {
  auto src = clean_url(attr(n, "src"));
  if (src.empty()) src = clean_url(attr(n, "data-src"));
  if (src.empty()) {
    if (const xmlNode* source = find_child(n, "source")) src = clean_url(attr(source, "src"));
  }
  if (src.empty() || !is_safe_link_url(src) || starts_with_ci(src, 0, "mailto:")) return {};
  return "[" + escape_markdown(src) + "](" + markdown_destination(src) + ")";
}

std::string Converter::code_span(const xmlNode* n) {
  std::string code;
  for (char c : node_text(n)) {
    if (is_space(c)) {
      code += ' ';
    } else if (!is_control(c)) {
      code += c;
    }
  }
  if (core::trim(code).empty()) return code.empty() ? "" : " ";
  const std::string fence(longest_run(code, '`') + 1, '`');
  const bool pad =
      code.front() == '`' || code.back() == '`' || (code.front() == ' ' && code.back() == ' ');
  const std::string space = pad ? " " : "";
  return fence + space + code + space + fence;
}

const xmlNode* body_of(const xmlDoc* doc) {
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) return nullptr;
  if (name_of(root) == "body") return root;
  return find_child(root, "body");
}

void collect_text(const xmlNode* n, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out += chars(c->content);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(c);
    const auto kind = kind_of(name);
    if (kind == Kind::kDrop || kind == Kind::kMedia) continue;
    if (kind == Kind::kBlock || name == "br") out += ' ';
    collect_text(c, out, depth + 1);
    if (kind == Kind::kBlock) out += ' ';
  }
}

// ---- shortcodes ------------------------------------------------------------------------------

struct ShortcodeTag {
  std::string_view name;
  std::string_view attrs;
  bool closing = false;
  bool self_closing = false;
  std::size_t end = 0;  // just after ']'
};

bool is_shortcode_name_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

// The tag starting at s[i] == '['.
std::optional<ShortcodeTag> parse_shortcode_tag(std::string_view s, std::size_t i) {
  ShortcodeTag tag;
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '/') {
    tag.closing = true;
    ++j;
  }
  const std::size_t name_start = j;
  while (j < s.size() && j - name_start <= 64 && is_shortcode_name_char(s[j])) ++j;
  if (j == name_start || j - name_start > 64 || j >= s.size()) return std::nullopt;
  tag.name = s.substr(name_start, j - name_start);
  if (s[j] == ']') {
    tag.end = j + 1;
    return tag;
  }
  if (tag.closing) return std::nullopt;
  if (s[j] == '/' && j + 1 < s.size() && s[j + 1] == ']') {
    tag.self_closing = true;
    tag.end = j + 2;
    return tag;
  }
  if (!is_space(s[j])) return std::nullopt;
  // Attributes run to the next ']' and never hold '[' or ']'.
  std::size_t k = j;
  while (k < s.size() && k - j < 4096 && s[k] != ']' && s[k] != '[') ++k;
  if (k >= s.size() || s[k] != ']') return std::nullopt;
  tag.attrs = s.substr(j, k - j);
  if (!tag.attrs.empty() && tag.attrs.back() == '/') {
    tag.self_closing = true;
    tag.attrs.remove_suffix(1);
  }
  tag.end = k + 1;
  return tag;
}

// The value of `name` in shortcode attributes: a="1" b='2' c=3.
std::string shortcode_attr(std::string_view attrs, std::string_view name) {
  std::size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && is_space(attrs[i])) ++i;
    const std::size_t key_start = i;
    while (i < attrs.size() && is_shortcode_name_char(attrs[i])) ++i;
    const auto key = attrs.substr(key_start, i - key_start);
    std::size_t j = i;
    while (j < attrs.size() && is_space(attrs[j])) ++j;
    std::string value;
    if (j < attrs.size() && attrs[j] == '=' && !key.empty()) {
      ++j;
      while (j < attrs.size() && is_space(attrs[j])) ++j;
      if (j < attrs.size() && (attrs[j] == '"' || attrs[j] == '\'')) {
        const char quote = attrs[j];
        const auto close = attrs.find(quote, j + 1);
        const auto stop = close == std::string_view::npos ? attrs.size() : close;
        value = std::string(attrs.substr(j + 1, stop - j - 1));
        i = stop == attrs.size() ? stop : stop + 1;
      } else {
        const std::size_t value_start = j;
        while (j < attrs.size() && !is_space(attrs[j])) ++j;
        value = std::string(attrs.substr(value_start, j - value_start));
        i = j;
      }
      if (core::to_lower_ascii(key) == name) return value;
      continue;
    }
    // A positional value ("quoted" or bare): skip it.
    if (i == key_start) {
      if (i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'')) {
        const auto close = attrs.find(attrs[i], i + 1);
        i = close == std::string_view::npos ? attrs.size() : close + 1;
      } else {
        ++i;
      }
    }
  }
  return {};
}

bool is_lowercase_shortcode_name(std::string_view name) {
  if (name.empty() || !(name.front() >= 'a' && name.front() <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' || c == '-';
  });
}

std::string media_paragraph(std::string_view url) {
  const auto u = core::html_escape(core::trim(url));
  if (u.empty()) return {};
  return "<p><a href=\"" + u + "\">" + u + "</a></p>";
}

std::string expand(std::string_view s, int depth);

std::string caption_figure(std::string_view attrs, std::string_view inner, int depth) {
  const auto html = expand(inner, depth + 1);
  const auto img = find_ci(html, "<img");
  std::string caption_attr = shortcode_attr(attrs, "caption");
  if (img == std::string::npos) {
    return caption_attr.empty() ? html : html + "<p>" + caption_attr + "</p>";
  }
  auto end = html.find('>', img);
  if (end == std::string::npos) return html;
  ++end;
  auto after = end;
  while (after < html.size() && is_space(html[after])) ++after;
  if (starts_with_ci(html, after, "</a>")) end = after + 4;
  auto caption = std::string(core::trim(std::string_view(html).substr(end)));
  if (caption.empty()) caption = caption_attr;
  std::string out = "<figure>" + html.substr(0, end);
  if (!caption.empty()) out += "<figcaption>" + caption + "</figcaption>";
  return out + "</figure>";
}

std::string render_shortcode(const ShortcodeTag& tag, std::string_view inner, int depth) {
  const auto name = tag.name;
  if (name == "caption" || name == "wp_caption") return caption_figure(tag.attrs, inner, depth);
  if (name == "embed") {
    auto url = std::string(core::trim(inner));
    if (url.empty()) url = shortcode_attr(tag.attrs, "src");
    if (url.empty()) url = shortcode_attr(tag.attrs, "url");
    return media_paragraph(url);
  }
  if (name == "audio" || name == "video") {
    for (std::string_view key :
         {"src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv"}) {
      if (auto url = shortcode_attr(tag.attrs, key); !url.empty()) return media_paragraph(url);
    }
    return {};
  }
  if (name == "gallery" || name == "playlist") return {};
  return expand(inner, depth + 1);
}

std::string expand(std::string_view s, int depth) {
  if (depth > kMaxShortcodeDepth) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<') {
      if (s.substr(i).starts_with("<!--")) {
        const auto close = s.find("-->", i + 4);
        if (close == std::string_view::npos) break;  // an unclosed comment hides the rest
        i = close + 3;
        continue;
      }
      // Copy tags through untouched: shortcodes inside attribute values are not expanded.
      if (i + 1 < s.size() &&
          (is_alpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')) {
        const auto close = s.find('>', i);
        const auto stop = close == std::string_view::npos ? s.size() : close + 1;
        out += s.substr(i, stop - i);
        i = stop;
        continue;
      }
      out += c;
      ++i;
      continue;
    }
    if (c != '[') {
      out += c;
      ++i;
      continue;
    }
    // [[foo]] is the escaped, literal [foo].
    if (i + 1 < s.size() && s[i + 1] == '[') {
      const auto inner = parse_shortcode_tag(s, i + 1);
      if (inner && inner->end < s.size() && s[inner->end] == ']') {
        out += s.substr(i + 1, inner->end - i - 1);
        i = inner->end + 1;
        continue;
      }
    }
    const auto tag = parse_shortcode_tag(s, i);
    if (!tag) {
      out += c;
      ++i;
      continue;
    }
    if (tag->closing) {
      // A closing tag whose opening was not a shortcode we read: drop it if it could be one.
      if (!is_lowercase_shortcode_name(tag->name)) out += s.substr(i, tag->end - i);
      i = tag->end;
      continue;
    }
    const std::string closer = "[/" + std::string(tag->name) + "]";
    const auto close = tag->self_closing ? std::string_view::npos : s.find(closer, tag->end);
    // Prose in brackets ("[sic]", "[the minister said]") is not a shortcode: those have
    // key=value or quoted attributes, a closing tag, a "/]", or a plugin-style name.
    const auto attrs = core::trim(tag->attrs);
    const bool attrs_shaped = attrs.empty() || attrs.find('=') != std::string_view::npos ||
                              attrs.front() == '"' || attrs.front() == '\'';
    const bool known = one_of(
        tag->name, {"caption", "wp_caption", "embed", "audio", "video", "gallery", "playlist"});
    const bool shaped = is_lowercase_shortcode_name(tag->name) &&
                        (!attrs.empty() || tag->self_closing || close != std::string_view::npos ||
                         tag->name.find_first_of("_-") != std::string_view::npos);
    if (!attrs_shaped || (!known && !shaped)) {
      out += c;
      ++i;
      continue;
    }
    const auto inner =
        close == std::string_view::npos ? std::string_view() : s.substr(tag->end, close - tag->end);
    out += render_shortcode(*tag, inner, depth);
    i = close == std::string_view::npos ? tag->end : close + closer.size();
  }
  return out;
}

}  // namespace

bool is_safe_link_url(std::string_view url) { return safe_url(url, true); }
bool is_safe_image_url(std::string_view url) { return safe_url(url, false); }

std::string markdown_destination(std::string_view url) {
  const auto cleaned = clean_url(url);
  std::string out;
  for (std::size_t i = 0; i < cleaned.size(); ++i) {
    const char c = cleaned[i];
    switch (c) {
      case ' ':
        out += "%20";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '\\':
        out += "%5C";
        break;
      case '"':
        out += "%22";
        break;
      case '`':
        out += "%60";
        break;
      case '|':
        out += "%7C";
        break;
      case '&':
        // cmark decodes character references in destinations (before backslash escapes), so
        // "&lt;" must be written "&amp;lt;" to arrive as written.
        out += entity_at(cleaned, i) ? "&amp;" : "&";
        break;
      default:
        if (!is_control(c)) out += c;
        break;
    }
  }
  return out;
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) append_escaped(text, i, out);
  return out;
}

std::string expand_shortcodes(std::string_view content) { return expand(content, 0); }

std::string wordpress_to_markdown(std::string_view content) {
  // WordPress runs wpautop only on content without blocks.
  const bool autop = content.find("<!-- wp:") == std::string_view::npos;
  const auto html = expand_shortcodes(content);
  const auto doc = parse_html(html);
  if (!doc) return {};
  const xmlNode* body = body_of(doc.get());
  if (body == nullptr) return {};
  Converter converter(autop);
  auto md = converter.blocks(body->children);
  if (!md.empty()) md += '\n';
  return md;
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return fold_whitespace(html);
  const auto doc = parse_html(html);
  if (!doc) return {};
  const xmlNode* body = body_of(doc.get());
  if (body == nullptr) return {};
  std::string text;
  collect_text(body, text, 0);
  return fold_whitespace(text);
}

}  // namespace dateline::ingest
