#include "ingest/wxr_import.h"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stop_token>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "content/slug.h"
#include "core/strings.h"
#include "ingest/html_cleaner.h"
#include "ingest/internal/bounded_queue.h"
#include "ingest/internal/taxonomy_cache.h"

namespace dateline::ingest {
namespace {

using core::Errc;
using core::make_error;

constexpr std::string_view kLegacySource = "wordpress";

struct Term {
  std::string domain;  // "category", "post_tag", "post_format", ...
  std::string nicename;
  std::string name;
};

// One <item> as written in the file; nothing interpreted yet.
struct Item {
  long line = 0;
  std::string title;
  std::string creator;
  std::string content;
  std::string excerpt;
  std::string guid;
  std::string post_id;
  std::string post_date;
  std::string post_date_gmt;
  std::string post_modified;
  std::string post_modified_gmt;
  std::string post_name;
  std::string status;
  std::string post_type;
  std::string post_password;
  std::string attachment_url;
  std::string thumbnail_id;
  std::vector<Term> terms;
};

struct Channel {
  std::string wxr_version;
  std::unordered_map<std::string, std::string> authors;  // login -> name to show
};

// Called for each <item> with the channel's header as read so far (WordPress writes the authors
// before the items).
using ItemHandler = std::function<core::Status(const Item&, const Channel&)>;

const char* chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

struct ReaderFree {
  void operator()(xmlTextReader* reader) const { xmlFreeTextReader(reader); }
};

// The first error libxml2 reports (warnings aside).
struct XmlFailure {
  bool failed = false;
  int code = 0;
  long line = 0;
  std::string message;
};

// The line of the file's last character (1 for an empty file).
long last_line(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(64 * 1024);
  long newlines = 0;
  char last = '\n';
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    newlines += std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n), '\n');
    last = buffer[n - 1];
  }
  return std::max(1L, newlines + (last == '\n' ? 0 : 1));
}

// Element names with the namespace's usual prefix, whatever prefix the file declared.
std::string element_key(xmlTextReaderPtr reader) {
  const xmlChar* local = xmlTextReaderConstLocalName(reader);
  const std::string name = local != nullptr ? chars(local) : "";
  const xmlChar* uri = xmlTextReaderConstNamespaceUri(reader);
  if (uri == nullptr) return name;
  const std::string_view ns = chars(uri);
  if (ns.find("wordpress.org/export/") != std::string_view::npos) {
    return (ns.ends_with("/excerpt/") ? "excerpt:" : "wp:") + name;
  }
  if (ns == "http://purl.org/rss/1.0/modules/content/") return "content:" + name;
  if (ns == "http://purl.org/dc/elements/1.1/") return "dc:" + name;
  return "{" + std::string(ns) + "}" + name;
}

std::string attribute(xmlTextReaderPtr reader, const char* name) {
  xmlChar* value = xmlTextReaderGetAttribute(reader, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string out(chars(value));
  xmlFree(value);
  return out;
}

std::string trimmed(std::string_view s) { return std::string(core::trim(s)); }

// Streams the export, calling `on_item` for every <item> of the channel. Returns the channel's
// header (WXR version, authors).
core::Result<Channel> read_wxr(const std::filesystem::path& path, const ItemHandler& on_item) {
  const std::string file = path.string();
  const auto fail = [&](long line, std::string_view what) -> core::Error {
    return make_error(Errc::kInvalidArgument, fmt::format("{}:{}: {}", file, line, what));
  };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return make_error(Errc::kNotFound, fmt::format("{}: no such file", file));
  }
  xmlInitParser();
  // No network, no external entities; CDATA arrives as text; line numbers past 65535; text nodes
  // over 10 MB (posts with pasted images) allowed.
  std::unique_ptr<xmlTextReader, ReaderFree> owner(
      xmlReaderForFile(file.c_str(), nullptr,
                       XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_HUGE));
  if (!owner) return make_error(Errc::kNotFound, fmt::format("{}: cannot read", file));
  xmlTextReaderPtr reader = owner.get();
  XmlFailure failure;
  // libxml2 2.12 made the error parameter const; a generic lambda fits either signature.
  xmlStructuredErrorFunc on_error = [](void* arg, auto error) {
    auto* f = static_cast<XmlFailure*>(arg);
    if (error == nullptr || error->level < XML_ERR_ERROR || f->failed) return;
    f->failed = true;
    f->code = error->code;
    f->line = error->line;
    f->message = error->message != nullptr ? trimmed(error->message) : "";
  };
  xmlTextReaderSetStructuredErrorHandler(reader, on_error, &failure);

  Channel channel;
  std::vector<std::string> stack;
  std::string text;
  Item item;
  Term term;
  std::string meta_key, meta_value;
  std::string author_login, author_display, author_first, author_last;
  bool saw_channel = false;
  std::optional<core::Error> stop;

  const auto at = [&](std::initializer_list<std::string_view> path_names) {
    return stack.size() == path_names.size() &&
           std::equal(path_names.begin(), path_names.end(), stack.begin());
  };
  const auto node_line = [&] {
    const long line = xmlGetLineNo(xmlTextReaderCurrentNode(reader));
    return line > 0 ? line : static_cast<long>(xmlTextReaderGetParserLineNumber(reader));
  };
  const auto on_start = [&] {
    if (stack.size() == 1 && stack[0] != "rss") {
      stop = fail(node_line(),
                  fmt::format("not a WordPress export: the document is <{}>, not <rss>", stack[0]));
    } else if (at({"rss", "channel"})) {
      saw_channel = true;
    } else if (at({"rss", "channel", "item"})) {
      if (channel.wxr_version.empty()) {
        stop =
            fail(node_line(), "not a WordPress export: no <wp:wxr_version> before the first item");
      }
      item = Item{};
      item.line = node_line();
    } else if (at({"rss", "channel", "item", "category"})) {
      term = Term{attribute(reader, "domain"), attribute(reader, "nicename"), ""};
    } else if (at({"rss", "channel", "item", "wp:postmeta"})) {
      meta_key.clear();
      meta_value.clear();
    } else if (at({"rss", "channel", "wp:author"})) {
      author_login.clear();
      author_display.clear();
      author_first.clear();
      author_last.clear();
    }
  };
  const auto on_end = [&] {
    if (stack.size() == 4 && at({"rss", "channel", "item", stack[3]})) {
      const std::string_view field = stack[3];
      if (field == "title") {
        item.title = text;
      } else if (field == "dc:creator") {
        item.creator = text;
      } else if (field == "content:encoded") {
        item.content = text;
      } else if (field == "excerpt:encoded") {
        item.excerpt = text;
      } else if (field == "guid") {
        item.guid = text;
      } else if (field == "wp:post_id") {
        item.post_id = text;
      } else if (field == "wp:post_date") {
        item.post_date = text;
      } else if (field == "wp:post_date_gmt") {
        item.post_date_gmt = text;
      } else if (field == "wp:post_modified") {
        item.post_modified = text;
      } else if (field == "wp:post_modified_gmt") {
        item.post_modified_gmt = text;
      } else if (field == "wp:post_name") {
        item.post_name = text;
      } else if (field == "wp:status") {
        item.status = text;
      } else if (field == "wp:post_type") {
        item.post_type = text;
      } else if (field == "wp:post_password") {
        item.post_password = text;
      } else if (field == "wp:attachment_url") {
        item.attachment_url = text;
      } else if (field == "category") {
        term.name = text;
        item.terms.push_back(std::move(term));
      } else if (field == "wp:postmeta" && core::trim(meta_key) == "_thumbnail_id") {
        item.thumbnail_id = trimmed(meta_value);
      }
    } else if (at({"rss", "channel", "item", "wp:postmeta", "wp:meta_key"})) {
      meta_key = text;
    } else if (at({"rss", "channel", "item", "wp:postmeta", "wp:meta_value"})) {
      meta_value = text;
    } else if (at({"rss", "channel", "item"})) {
      if (auto s = on_item(item, channel); !s) stop = s.error();
    } else if (at({"rss", "channel", "wp:wxr_version"})) {
      channel.wxr_version = trimmed(text);
    } else if (stack.size() == 4 && at({"rss", "channel", "wp:author", stack[3]})) {
      const std::string_view field = stack[3];
      if (field == "wp:author_login") author_login = trimmed(text);
      if (field == "wp:author_display_name") author_display = html_to_text(text);
      if (field == "wp:author_first_name") author_first = html_to_text(text);
      if (field == "wp:author_last_name") author_last = html_to_text(text);
    } else if (at({"rss", "channel", "wp:author"})) {
      auto name = author_display;
      if (name.empty()) name = trimmed(author_first + " " + author_last);
      if (name.empty()) name = author_login;
      if (!author_login.empty()) channel.authors[author_login] = name;
    }
  };

  int ret = 0;
  while (!stop && !failure.failed && (ret = xmlTextReaderRead(reader)) == 1) {
    switch (xmlTextReaderNodeType(reader)) {
      case XML_READER_TYPE_ELEMENT: {
        const bool empty = xmlTextReaderIsEmptyElement(reader) == 1;
        stack.push_back(element_key(reader));
        text.clear();
        on_start();
        if (empty && !stop) {
          on_end();
          stack.pop_back();
        }
        break;
      }
      case XML_READER_TYPE_END_ELEMENT:
        if (!stack.empty()) {
          on_end();
          stack.pop_back();
        }
        text.clear();
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        if (const xmlChar* value = xmlTextReaderConstValue(reader)) text += chars(value);
        break;
      default:
        break;
    }
  }
  if (stop) return *stop;
  if ((ret < 0 || failure.failed) && failure.code == XML_ERR_DOCUMENT_END && !stack.empty()) {
    // Cut short (an interrupted download): libxml2 blames wherever its lookahead stopped, often
    // the start of a long CDATA section, so name the end of the file and the open item instead.
    const bool in_item = stack.size() >= 3 && stack[2] == "item";
    return fail(last_line(path),
                fmt::format("not well-formed XML: the file ends inside <{}>{}; is it truncated?",
                            stack.back(),
                            in_item ? fmt::format(" of the <item> at line {}", item.line) : ""));
  }
  if (ret < 0 || failure.failed) {
    const long line = failure.line > 0
                          ? failure.line
                          : static_cast<long>(xmlTextReaderGetParserLineNumber(reader));
    return fail(line, fmt::format("not well-formed XML: {}",
                                  failure.message.empty() ? "parse error" : failure.message));
  }
  if (!saw_channel || channel.wxr_version.empty()) {
    return fail(static_cast<long>(xmlTextReaderGetParserLineNumber(reader)),
                "not a WordPress export: no <channel> with a <wp:wxr_version>");
  }
  return channel;
}

// ---- interpreting items ----------------------------------------------------------------------

struct Post {
  std::int64_t id = 0;
  std::string title;       // "Untitled" when it has none
  std::string text_title;  // as written, as text (for a slug)
  content::ArticleStatus status = content::ArticleStatus::kDraft;
  std::optional<core::TimePoint> published;
  std::optional<core::TimePoint> modified;
};

struct Classified {
  std::optional<WxrSkip> skip;
  Post post;
};

std::optional<std::int64_t> parse_id(std::string_view text) {
  text = core::trim(text);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// WordPress writes "0000-00-00 00:00:00" for dates it does not have.
bool has_date(std::string_view text) {
  text = core::trim(text);
  return !text.empty() && !text.starts_with("0000");
}

std::string make_slug_base(std::string_view post_name, std::string_view title, std::int64_t id) {
  auto name = trimmed(post_name);
  // Non-Latin slugs are stored percent-encoded ("%d8%a7...").
  if (name.find('%') != std::string::npos) {
    if (auto decoded = core::url_decode(name)) name = std::move(*decoded);
  }
  for (const std::string_view candidate : {std::string_view(name), title}) {
    if (content::is_valid_slug(candidate)) return std::string(candidate);
    if (auto slug = content::slugify(candidate); content::is_valid_slug(slug)) return slug;
  }
  return fmt::format("post-{}", id);
}

// `utc` is passed in because making a zone costs an ICU lookup, and this runs for every item.
core::Result<Classified> classify(const Item& item, const core::TimeZone& zone,
                                  const core::TimeZone& utc, const std::string& file) {
  const auto fail = [&](std::string_view what) -> core::Error {
    return make_error(Errc::kInvalidArgument, fmt::format("{}:{}: {}", file, item.line, what));
  };
  Classified out;
  auto title = html_to_text(item.title);
  auto type = trimmed(item.post_type);
  if (type.empty()) type = "post";
  const auto id = parse_id(item.post_id);
  const auto skip = [&](std::string reason) {
    out.skip = WxrSkip{id.value_or(0), type, title, std::move(reason)};
    return out;
  };
  if (type != "post") return skip(type + " (not a post)");
  if (!id) return fail(fmt::format("post \"{}\" has no valid <wp:post_id>", title));

  const auto status = trimmed(item.status);
  Post& post = out.post;
  if (status == "publish") {
    // A password-protected post was never public: it waits as a draft.
    post.status = core::trim(item.post_password).empty() ? content::ArticleStatus::kPublished
                                                         : content::ArticleStatus::kDraft;
  } else if (status == "draft" || status == "pending" || status == "future" ||
             status == "private") {
    post.status = content::ArticleStatus::kDraft;
  } else if (status == "trash") {
    return skip("in the trash");
  } else if (status == "auto-draft") {
    return skip("an auto-draft");
  } else if (status == "inherit") {
    return skip("a revision");
  } else {
    return skip(fmt::format("unknown status '{}'", status));
  }

  const auto date = [&](std::string_view gmt, std::string_view local,
                        std::string_view field) -> core::Result<std::optional<core::TimePoint>> {
    const bool use_gmt = has_date(gmt);
    if (!use_gmt && !has_date(local)) return std::optional<core::TimePoint>();
    auto t = use_gmt ? core::parse_iso8601(core::trim(gmt), utc)
                     : core::parse_iso8601(core::trim(local), zone);
    if (!t) {
      return fail(fmt::format("post {}: <wp:{}{}> '{}' is not a date ({})", *id, field,
                              use_gmt ? "_gmt" : "", core::trim(use_gmt ? gmt : local),
                              t.error().message));
    }
    return std::optional<core::TimePoint>(*t);
  };
  auto published = date(item.post_date_gmt, item.post_date, "post_date");
  if (!published) return published.error();
  auto modified = date(item.post_modified_gmt, item.post_modified, "post_modified");
  if (!modified) return modified.error();
  if (post.status == content::ArticleStatus::kPublished && !*published) {
    return skip("published without a date");
  }
  post.id = *id;
  post.title = title.empty() ? "Untitled" : title;
  post.text_title = std::move(title);
  post.published = *published;
  post.modified = *modified;
  return out;
}

std::string author_name(const Channel& channel, std::string_view creator) {
  const auto login = trimmed(creator);
  if (login.empty()) return "Staff";
  if (auto it = channel.authors.find(login); it != channel.authors.end() && !it->second.empty()) {
    return it->second;
  }
  auto name = html_to_text(login);
  return name.empty() ? "Staff" : name;
}

// What a re-import compares: everything the export can change.
bool same_content(const content::Article& a, const content::Article& b) {
  if (a.tags.size() != b.tags.size()) return false;
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    if (a.tags[i].id != b.tags[i].id) return false;
  }
  return a.title == b.title && a.dateline == b.dateline && a.excerpt == b.excerpt &&
         a.body_markdown == b.body_markdown && a.author_id == b.author_id &&
         a.category_id == b.category_id && a.status == b.status &&
         a.published_at == b.published_at && a.updated_at == b.updated_at;
}

// `base`, or `base-2`, `base-3`... whichever no article has yet.
core::Result<std::string> free_slug(store::WriteTxn& txn, const std::string& base) {
  constexpr std::size_t kMaxSlug = 200;
  for (int n = 1; n <= 10000; ++n) {
    std::string candidate = base;
    if (n > 1) {
      const auto suffix = fmt::format("-{}", n);
      candidate = base.substr(0, std::min(base.size(), kMaxSlug - suffix.size()));
      while (!candidate.empty() && candidate.back() == '-') candidate.pop_back();
      candidate += suffix;
    }
    if (!txn.find_article_id(candidate)) return candidate;
  }
  return make_error(Errc::kConflict, fmt::format("no free slug like '{}'", base));
}

// ---- preparing posts: no store access, so this may run beside the writing -------------------

// A post converted and ready to write.
struct PreparedPost {
  std::int64_t line = 0;  // of its <item>
  std::int64_t wordpress_id = 0;
  std::int64_t thumbnail_id = 0;  // its featured image's attachment; 0 for none
  content::ArticleStatus status = content::ArticleStatus::kDraft;
  std::optional<core::TimePoint> published;
  std::optional<core::TimePoint> modified;
  std::string title;
  std::string excerpt;
  std::string body_markdown;  // without the featured image
  std::string author;         // name to show
  std::string category;       // empty for none
  std::string slug_base;      // for a new article
  std::vector<std::string> tags;
};

// What one <item> becomes.
struct PreparedItem {
  std::optional<WxrSkip> skip;
  std::optional<PreparedPost> post;
  std::int64_t attachment_id = 0;  // an attachment with a safe image URL: its id and URL
  std::string attachment_url;
};

// Which post ids have been seen. WordPress numbers rows 1, 2, 3..., so ids below kDense take
// one bit each (8 MB at most, 125 KB for a million rows); any larger id goes to a hash set.
class IdSet {
 public:
  // False when `id` was there already.
  bool insert(std::int64_t id) {
    constexpr std::int64_t kDense = std::int64_t{1} << 26;
    if (id < 0 || id >= kDense) return sparse_.insert(id).second;
    const auto i = static_cast<std::size_t>(id);
    if (i >= dense_.size()) dense_.resize(std::max(i + 1, dense_.size() * 2));
    if (dense_[i]) return false;
    dense_[i] = true;
    return true;
  }

 private:
  std::vector<bool> dense_;
  std::unordered_set<std::int64_t> sparse_;
};

class Preparer {
 public:
  Preparer(const core::TimeZone& zone, std::string file) : zone_(zone), file_(std::move(file)) {}

  // Fails, naming the item's line, on a post without an id or with a date it cannot read.
  core::Result<PreparedItem> prepare(const Item& item, const Channel& channel) {
    PreparedItem out;
    if (core::trim(item.post_type) == "attachment") {
      auto url = trimmed(item.attachment_url);
      if (url.empty()) url = trimmed(item.guid);
      if (auto id = parse_id(item.post_id); id && is_safe_image_url(url)) {
        out.attachment_id = *id;
        out.attachment_url = std::move(url);
      }
    }
    auto classified = classify(item, zone_, utc_, file_);
    if (!classified) return classified.error();
    if (classified->skip) {
      out.skip = std::move(classified->skip);
      return out;
    }
    Post& post = classified->post;
    // The first of two posts with one id wins.
    if (!seen_.insert(post.id)) {
      out.skip = WxrSkip{post.id, "post", post.title, "a second post with the same id"};
      return out;
    }
    PreparedPost& p = out.post.emplace();
    p.line = item.line;
    p.wordpress_id = post.id;
    p.thumbnail_id = parse_id(item.thumbnail_id).value_or(0);
    p.status = post.status;
    p.published = post.published;
    p.modified = post.modified;
    p.excerpt = html_to_text(expand_shortcodes(item.excerpt));
    p.body_markdown = wordpress_to_markdown(item.content);
    p.author = author_name(channel, item.creator);
    for (const auto& term : item.terms) {
      if (term.domain != "category" || core::trim(term.nicename) == "uncategorized") continue;
      if (p.category = html_to_text(term.name); !p.category.empty()) break;
    }
    for (const auto& term : item.terms) {
      if (term.domain != "post_tag") continue;
      if (auto name = html_to_text(term.name); !name.empty()) p.tags.push_back(std::move(name));
    }
    p.slug_base = make_slug_base(item.post_name, post.text_title, post.id);
    p.title = std::move(post.title);
    return out;
  }

 private:
  core::TimeZone zone_;
  core::TimeZone utc_ = core::TimeZone::utc();
  std::string file_;
  IdSet seen_;
};

// ---- posts set aside until the end -----------------------------------------------------------

// Posts kept in an anonymous temporary file, in order: those whose featured image's attachment
// has not been seen yet (WordPress usually lists an attachment after the post it was uploaded
// for), so that memory does not grow with them.
class PostSpill {
 public:
  std::size_t size() const { return count_; }

  core::Status add(const PreparedPost& p) {
    if (!file_) file_.reset(std::tmpfile());
    if (!file_) return make_error(Errc::kInternal, "cannot create a temporary file");
    put(p.line);
    put(p.wordpress_id);
    put(p.thumbnail_id);
    put(static_cast<std::int64_t>(p.status));
    put(p.published);
    put(p.modified);
    for (const std::string* text :
         {&p.title, &p.excerpt, &p.body_markdown, &p.author, &p.category, &p.slug_base}) {
      put(*text);
    }
    put(static_cast<std::int64_t>(p.tags.size()));
    for (const auto& tag : p.tags) put(tag);
    if (failed_) return make_error(Errc::kInternal, "cannot write a temporary file");
    ++count_;
    return {};
  }

  // Calls `each` with every post added, in order.
  core::Status for_each(const std::function<core::Status(const PreparedPost&)>& each) {
    if (count_ == 0) return {};
    if (std::fflush(file_.get()) != 0) {
      return make_error(Errc::kInternal, "cannot write a temporary file");
    }
    std::rewind(file_.get());
    PreparedPost p;
    for (std::size_t i = 0; i < count_; ++i) {
      std::int64_t status = 0, tags = 0;
      get(p.line);
      get(p.wordpress_id);
      get(p.thumbnail_id);
      get(status);
      p.status = static_cast<content::ArticleStatus>(status);
      get(p.published);
      get(p.modified);
      for (std::string* text :
           {&p.title, &p.excerpt, &p.body_markdown, &p.author, &p.category, &p.slug_base}) {
        get(*text);
      }
      get(tags);
      p.tags.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, tags)));
      for (auto& tag : p.tags) get(tag);
      if (failed_) return make_error(Errc::kInternal, "cannot read a temporary file");
      if (auto s = each(p); !s) return s;
    }
    return {};
  }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  void raw_put(const void* data, std::size_t size) {
    if (!failed_ && size > 0 && std::fwrite(data, 1, size, file_.get()) != size) failed_ = true;
  }
  void raw_get(void* data, std::size_t size) {
    if (!failed_ && size > 0 && std::fread(data, 1, size, file_.get()) != size) failed_ = true;
  }
  void put(std::int64_t v) { raw_put(&v, sizeof v); }
  void put(const std::string& s) {
    put(static_cast<std::int64_t>(s.size()));
    raw_put(s.data(), s.size());
  }
  void put(const std::optional<core::TimePoint>& t) {
    put(std::int64_t{t.has_value()});
    put(static_cast<std::int64_t>(t ? t->time_since_epoch().count() : 0));
  }
  void get(std::int64_t& v) { raw_get(&v, sizeof v); }
  void get(std::string& s) {
    std::int64_t size = 0;
    get(size);
    s.resize(failed_ ? 0 : static_cast<std::size_t>(size));
    raw_get(s.data(), s.size());
  }
  void get(std::optional<core::TimePoint>& t) {
    std::int64_t has = 0, seconds = 0;
    get(has);
    get(seconds);
    t.reset();
    if (has != 0) t = core::TimePoint{std::chrono::seconds(seconds)};
  }

  std::unique_ptr<std::FILE, Close> file_;
  std::size_t count_ = 0;
  bool failed_ = false;
};

// ---- handing items from the reading thread to the writing one -----------------------------

// Room for a few thousand posts lets the reader keep going while the writer indexes a batch of
// about a thousand for search.
constexpr std::size_t kQueueItems = 4096;
constexpr std::size_t kQueueBytes = 16 << 20;

std::size_t size_of(const PreparedItem& item) {
  if (!item.post) return item.attachment_url.size();
  return item.post->body_markdown.size() + item.post->excerpt.size() + item.post->title.size();
}

// ---- writing ---------------------------------------------------------------------------------

// Writes prepared items, in file order, inside one store transaction.
class Writer {
 public:
  Writer(store::Store& store, store::WriteTxn& txn, const WxrOptions& options, std::string file,
         WxrReport& report)
      : store_(store),
        txn_(txn),
        options_(options),
        file_(std::move(file)),
        report_(report),
        taxonomy_(txn),
        every_(std::max<std::size_t>(1, options.progress_every)) {}

  core::Status add(const PreparedItem& item) {
    ++items_;
    if (item.attachment_id != 0) attachment_urls_[item.attachment_id] = item.attachment_url;
    core::Status status;
    if (item.skip) {
      ++report_.skipped;
      if (options_.on_skip) options_.on_skip(*item.skip);
    } else if (item.post) {
      const auto& post = *item.post;
      if (post.thumbnail_id == 0) {
        status = write(post, "");
      } else if (auto it = attachment_urls_.find(post.thumbnail_id); it != attachment_urls_.end()) {
        status = write(post, it->second);
      } else {
        status = spill_.add(post);
      }
    }
    if (items_ % every_ == 0) progress();
    return status;
  }

  // Writes the posts set aside for a featured image listed after them.
  core::Status finish() {
    auto status = spill_.for_each([&](const PreparedPost& post) {
      const auto it = attachment_urls_.find(post.thumbnail_id);
      return write(post, it != attachment_urls_.end() ? std::string_view(it->second) : "");
    });
    if (!status) return status;
    if (!reported_ || reported_->items != items_ || reported_->posts != posts_) progress();
    return {};
  }

 private:
  void progress() {
    reported_ = WxrProgress{items_, posts_};
    if (options_.progress) options_.progress(*reported_);
  }

  core::Status write(const PreparedPost& post, std::string_view image_url) {
    const auto fail = [&](const core::Error& e) {
      return make_error(e.code, fmt::format("{}:{}: post {}: {}", file_, post.line,
                                            post.wordpress_id, e.message));
    };
    content::Article a;
    a.title = post.title;
    a.excerpt = post.excerpt;
    if (!image_url.empty()) a.body_markdown = "![](" + markdown_destination(image_url) + ")\n\n";
    a.body_markdown += post.body_markdown;
    auto author = taxonomy_.author(post.author);
    if (!author) return fail(author.error());
    a.author_id = author->id;
    if (auto filed = taxonomy_.file(a, post.category, post.tags); !filed) {
      return fail(filed.error());
    }
    a.status = post.status;
    a.published_at = post.published;
    if (post.modified && post.published && *post.modified > *post.published) {
      a.updated_at = post.modified;
    }
    a.created_at = options_.now;

    // A post imported before keeps its article: same id, same slug.
    std::optional<content::Article> existing;
    if (auto known = txn_.find_legacy_id(kLegacySource, post.wordpress_id)) {
      auto found = store_.find_article(*known);
      if (found) {
        existing = std::move(*found);
      } else if (found.error().code != Errc::kNotFound) {
        return fail(found.error());
      }
    }
    WxrOutcome outcome = WxrOutcome::kCreated;
    content::Id id = 0;
    if (existing) {
      a.slug = existing->slug;
      a.dateline = existing->dateline;  // WordPress has none; keep what an editor wrote
      id = existing->id;
      outcome = same_content(*existing, a) ? WxrOutcome::kUnchanged : WxrOutcome::kUpdated;
    } else {
      auto slug = free_slug(txn_, post.slug_base);
      if (!slug) return fail(slug.error());
      a.slug = std::move(*slug);
    }
    if (outcome != WxrOutcome::kUnchanged) {
      auto upserted = txn_.upsert_article(a);
      if (!upserted) return fail(upserted.error());
      id = *upserted;
      if (auto s = txn_.set_legacy_id(kLegacySource, post.wordpress_id, id); !s) {
        return fail(s.error());
      }
    }
    ++(outcome == WxrOutcome::kCreated   ? report_.created
       : outcome == WxrOutcome::kUpdated ? report_.updated
                                         : report_.unchanged);
    ++posts_;
    if (options_.on_article) {
      const WxrArticle written{
          ImportedArticle{id, a.slug, a.title, a.status, a.published_at.value_or(options_.now),
                          outcome == WxrOutcome::kCreated},
          post.wordpress_id, outcome};
      if (auto s = options_.on_article(txn_, written); !s) return fail(s.error());
    }
    return {};
  }

  store::Store& store_;
  store::WriteTxn& txn_;
  const WxrOptions& options_;
  std::string file_;
  WxrReport& report_;
  internal::TaxonomyCache taxonomy_;
  // Attachments that are safe images, by id: featured images are looked up here.
  std::unordered_map<std::int64_t, std::string> attachment_urls_;
  PostSpill spill_;
  std::size_t every_;
  std::size_t items_ = 0;
  std::size_t posts_ = 0;
  std::optional<WxrProgress> reported_;
};

}  // namespace

std::size_t WxrReport::count(WxrOutcome outcome) const {
  switch (outcome) {
    case WxrOutcome::kCreated:
      return created;
    case WxrOutcome::kUpdated:
      return updated;
    case WxrOutcome::kUnchanged:
      return unchanged;
  }
  return 0;
}

core::Result<WxrReport> import_wxr_file(store::Store& store, const std::filesystem::path& path,
                                        const WxrOptions& options) {
  const std::string file = path.string();
  WxrReport report;
  // One thread reads and converts items (libxml2, HTML to Markdown) while this one writes them:
  // on two cores the import takes about as long as its SQLite work alone.
  xmlInitParser();
  auto status = store.write([&](store::WriteTxn& txn) -> core::Status {
    report = WxrReport{};
    Writer writer(store, txn, options, file, report);
    internal::BoundedQueue<PreparedItem> queue(kQueueItems, kQueueBytes, size_of);
    std::jthread reader([&](std::stop_token stop) {
      core::Status ended;
      try {
        Preparer preparer(options.zone, file);
        auto read = read_wxr(path, [&](const Item& item, const Channel& channel) -> core::Status {
          auto prepared = preparer.prepare(item, channel);
          if (!prepared) return prepared.error();
          if (!queue.push(std::move(*prepared), stop)) {
            return make_error(Errc::kUnavailable, "stopped");  // the writer's error is reported
          }
          return {};
        });
        if (!read) ended = read.error();
      } catch (const std::exception& e) {
        ended = make_error(Errc::kInternal, fmt::format("{}: {}", file, e.what()));
      }
      queue.close(std::move(ended));
    });
    while (auto item = queue.pop()) {
      if (auto s = writer.add(*item); !s) {
        reader.request_stop();
        return s;
      }
    }
    if (auto s = queue.status(); !s) return s;
    return writer.finish();
  });
  if (!status) return status.error();
  return report;
}

}  // namespace dateline::ingest
