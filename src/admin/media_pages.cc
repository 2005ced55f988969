// /admin/media: the media library. Everyone signed in may browse it and upload (contributors need
// pictures for their drafts); changing an image's alt text or caption is for its uploader and for
// roles that may edit anyone's work (auth::Action::kEditAny).
//
// An upload is decoded and re-encoded by media::process_image before anything is stored, so a file
// that is not a whole JPEG, PNG, WebP or GIF leaves no trace. The same bytes uploaded twice give
// the same item (the content hash names it). Files are written before the row; when the row cannot
// be written the files go again.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <mutex>

#include "admin/forms.h"
#include "admin/sections.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using content::Id;

constexpr int kPageSize = 24;
constexpr int kUsageShown = 10;  // places listed on an image's page
constexpr std::size_t kMaxAlt = 300;
constexpr std::size_t kMaxCaption = 1000;
constexpr std::size_t kMaxName = 200;
constexpr std::string_view kMediaUrl = "/media/";

std::optional<Id> parse_id(std::string_view text) {
  Id v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

int page_param(const http::Request& request) {
  if (auto p = request.query_param("page")) {
    if (auto n = parse_id(*p); n && *n < 100000) return static_cast<int>(*n);
  }
  return 1;
}

bool wants_json(const http::Request& request) {
  return request.header("accept").find("application/json") != std::string_view::npos;
}

// "1.2 MB", "312 KB", "900 bytes".
std::string size_text(std::int64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{} KB", (bytes + 512) / 1024);
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

// The browser's name for the file, for display only: no folders (old browsers send a whole
// path), no control characters, valid UTF-8, at most kMaxName bytes.
std::string display_name(std::string_view filename) {
  const auto slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string name;
  for (char c : core::trim(filename)) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) name += c;
  }
  if (core::find_invalid_utf8(name)) return "upload";
  if (name.size() > kMaxName) {
    std::size_t cut = kMaxName;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  return name.empty() ? std::string("upload") : name;
}

// The variant `format` ("image/webp", "image/jpeg") closest to `width` from below (the smallest
// when every one is wider); nullptr when there is none in that format.
const store::MediaVariant* variant_near(const store::MediaItem& m, std::string_view mime,
                                        int width) {
  const store::MediaVariant* best = nullptr;
  const store::MediaVariant* smallest = nullptr;
  for (const auto& v : m.variants) {
    if (v.mime != mime) continue;
    if (!smallest || v.width < smallest->width) smallest = &v;
    if (v.width <= width && (!best || v.width > best->width)) best = &v;
  }
  return best ? best : smallest;
}

std::string url_of(const store::MediaVariant* v) {
  return v ? std::string(kMediaUrl) + v->name : std::string();
}

// What the editor's picker knows of an item.
json::object picker_item(const store::MediaItem& m) {
  return json::object{{"id", m.id},
                      {"thumb", url_of(variant_near(m, "image/webp", 320))},
                      {"url", url_of(variant_near(m, "image/webp", 640))},
                      {"alt", m.alt},
                      {"caption", m.caption},
                      {"name", m.original_name}};
}

// "JPEG", "PNG", "WebP", "GIF" for process_image's source_format.
std::string format_label(std::string_view format) {
  if (format == "jpeg") return "JPEG";
  if (format == "png") return "PNG";
  if (format == "webp") return "WebP";
  if (format == "gif") return "GIF";
  return std::string(format);
}

// Counts an upload being decoded for as long as it lives.
class ProcessingSlot {
 public:
  ProcessingSlot(std::atomic<int>& count, int limit) : count_(count) {
    taken_ = count_.fetch_add(1) < std::max(1, limit);
  }
  ~ProcessingSlot() { count_.fetch_sub(1); }
  ProcessingSlot(const ProcessingSlot&) = delete;
  ProcessingSlot& operator=(const ProcessingSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<int>& count_;
  bool taken_ = false;
};

// Field errors, keyed by field name.
using Errors = std::vector<std::pair<std::string, std::string>>;

// Alt text and caption as typed, trimmed, checked.
Errors read_text(const Form& form, std::string& alt, std::string& caption) {
  Errors errors;
  alt = std::string(core::trim(form_value(form, "alt")));
  caption = std::string(core::trim(form_value(form, "caption")));
  if (core::find_invalid_utf8(alt)) errors.emplace_back("alt", "Contains invalid characters.");
  if (core::find_invalid_utf8(caption)) {
    errors.emplace_back("caption", "Contains invalid characters.");
  }
  if (alt.size() > kMaxAlt) {
    errors.emplace_back("alt", fmt::format("Keep the alt text under {} characters.", kMaxAlt));
  }
  if (caption.size() > kMaxCaption) {
    errors.emplace_back("caption",
                        fmt::format("Keep the caption under {} characters.", kMaxCaption));
  }
  return errors;
}

// What the uploader reads when process_image refuses `name`. libvips' own words about a broken
// file mean little to a reporter, so they go to the log instead.
std::string refusal_text(std::string_view name, const core::Error& e) {
  if (e.message.starts_with("the image could not")) {
    return fmt::format(
        "“{}” could not be read as an image: it is damaged or incomplete. Upload a whole JPEG, "
        "PNG, WebP or GIF file.",
        name);
  }
  if (e.message.starts_with("not a JPEG")) {
    return fmt::format(
        "“{}” is not a JPEG, PNG, WebP or GIF image. Upload a photo in one of "
        "those formats.",
        name);
  }
  std::string reason = e.message;
  if (!reason.empty()) reason[0] = static_cast<char>(std::toupper(reason[0]));
  return fmt::format("“{}” was not accepted. {}.", name, reason);
}

class MediaSection final : public Section {
 public:
  MediaSection(Kit& kit, store::Editorial& editorial, const media::MediaFiles& files,
               core::Clock& clock, MediaOptions options, ContentChanged changed)
      : kit_(kit),
        editorial_(editorial),
        files_(files),
        clock_(clock),
        options_(std::move(options)),
        changed_(std::move(changed)) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/media" || path == "/admin/media.json" ||
           path.starts_with("/admin/media/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override;

 private:
  // The upload form's state when the library is shown again after a refusal.
  struct UploadForm {
    std::string alt;
    std::string caption;
    Errors errors;
  };
  // What an upload became: the item and whether it was already in the library.
  struct Stored {
    store::MediaItem item;
    bool existing = false;
  };

  http::Response library(const http::Request& request, const auth::Session& session,
                         unsigned status, const UploadForm& form);
  http::Response library_json(const http::Request& request);
  http::Response upload(const http::Request& request, const auth::Session& session);
  http::Response item_page(const auth::Session& session, const store::MediaItem& m, unsigned status,
                           const Errors& errors, std::string_view notice,
                           const std::string* alt = nullptr, const std::string* caption = nullptr);
  http::Response save_text(const http::Request& request, const auth::Session& session, Id id);
  // Deletes an image nothing uses: its row, then its files.
  http::Response remove(const http::Request& request, const auth::Session& session, Id id);
  // Stores a processed upload, or finds the item that already holds the same bytes.
  core::Result<Stored> store(const media::ProcessedImage& image, store::MediaItem item);

  // The answer when image `id` could not be read: 404 when there is none, 500 otherwise.
  http::Response missing(const auth::Session& session, Id id, const core::Error& e) {
    if (e.code == core::Errc::kNotFound) {
      return kit_.message(404, "Page not found", "There is no such image.", &session);
    }
    core::log::error("admin: reading an image failed id={} error=\"{}\"", id, e.message);
    return kit_.message(500, "Something went wrong", "The image could not be read.", &session);
  }

  bool can_edit(const auth::Session& session, const store::MediaItem& m) const {
    return auth::can(session.user.role, auth::Action::kEditAny) ||
           (m.uploaded_by && *m.uploaded_by == session.user.id);
  }
  core::TimeZone zone() const {
    auto settings = kit_.store().settings();
    if (settings) {
      if (auto z = core::TimeZone::find(settings->timezone)) return *z;
    }
    return core::TimeZone::utc();
  }

  Kit& kit_;
  store::Editorial& editorial_;
  const media::MediaFiles& files_;
  core::Clock& clock_;
  MediaOptions options_;
  ContentChanged changed_;
  std::atomic<int> processing_{0};  // uploads being decoded now
  // Serializes "look up the hash, write the files, insert the row", so that a failed insert never
  // removes files another upload of the same bytes has just referenced.
  std::mutex store_mu_;
};

http::Response MediaSection::handle(const http::Request& request, std::string_view path,
                                    const auth::Session& session) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  const auto not_allowed = [](std::string_view allow) {
    auto r = http::Response::text(405, "Method Not Allowed\n");
    r.set_header("Allow", std::string(allow));
    return r;
  };
  if (path == "/admin/media") {
    if (get) return library(request, session, 200, {});
    if (post) return upload(request, session);
    return not_allowed("GET, HEAD, POST");
  }
  if (path == "/admin/media.json") {
    return get ? library_json(request) : not_allowed("GET, HEAD");
  }
  auto rest = path.substr(std::string_view("/admin/media/").size());
  if (rest.ends_with("/delete")) {
    const auto id = parse_id(rest.substr(0, rest.size() - std::string_view("/delete").size()));
    if (!id) return kit_.message(404, "Page not found", "There is no such image.", &session);
    return post ? remove(request, session, *id) : not_allowed("POST");
  }
  const auto id = parse_id(rest);
  if (!id) return kit_.message(404, "Page not found", "There is no such image.", &session);
  if (post) return save_text(request, session, *id);
  if (!get) return not_allowed("GET, HEAD, POST");
  auto m = editorial_.media(*id);
  if (!m) return missing(session, *id, m.error());
  return item_page(session, *m, 200, {}, request.query_param("saved") ? "Saved." : "");
}

http::Response MediaSection::library(const http::Request& request, const auth::Session& session,
                                     unsigned status, const UploadForm& form) {
  const auto q = std::string(core::trim(request.query_param("q").value_or("")));
  const int page = page_param(request);
  auto found = editorial_.list_media(q, kPageSize, (page - 1) * kPageSize);
  if (!found) {
    core::log::error("admin: listing media failed error=\"{}\"", found.error().message);
    return kit_.message(500, "Something went wrong", "The media library could not be read.",
                        &session);
  }
  const auto tz = zone();
  auto view = kit_.base_view("Media", &session, "media");
  json::array items;
  for (const auto& m : found->items) {
    json::object item{{"id", m.id},
                      {"edit_url", fmt::format("/admin/media/{}", m.id)},
                      {"alt", m.alt},
                      {"caption", m.caption},
                      {"name", m.original_name},
                      {"size", size_text(m.bytes)},
                      {"dimensions", fmt::format("{} × {}", m.width, m.height)},
                      {"date", core::format_medium_date(m.created_at, tz)},
                      {"date_iso", core::format_iso8601(m.created_at, tz)}};
    if (const auto* thumb = variant_near(m, "image/webp", 320)) {
      item["thumb"] =
          json::object{{"url", url_of(thumb)}, {"width", thumb->width}, {"height", thumb->height}};
    }
    items.push_back(std::move(item));
  }
  view["has_items"] = !items.empty();
  view["items"] = std::move(items);
  view["total"] = found->total;
  view["q"] = q;
  const auto link = [&](int p) {
    std::string qs;
    if (!q.empty()) qs = "?q=" + core::url_encode(q);
    if (p > 1) qs += fmt::format("{}page={}", qs.empty() ? '?' : '&', p);
    return "/admin/media" + qs;
  };
  const int pages = std::max(1, (found->total + kPageSize - 1) / kPageSize);
  if (page > 1) view["prev_url"] = link(page - 1);
  if (page < pages) view["next_url"] = link(page + 1);
  view["page_number"] = page;
  view["page_count"] = pages;
  view["max_size"] = size_text(static_cast<std::int64_t>(options_.limits.max_bytes));

  json::object upload{{"alt", form.alt}, {"caption", form.caption}};
  json::object field_errors;
  json::array summary;
  for (const auto& [f, message] : form.errors) {
    if (!field_errors.contains(f)) field_errors[f] = message;
    summary.push_back(
        json::object{{"field", f == "file" ? "upload-file" : "upload-" + f}, {"message", message}});
  }
  view["upload"] = std::move(upload);
  view["has_errors"] = !form.errors.empty();
  view["errors"] = std::move(summary);
  view["error"] = std::move(field_errors);
  if (form.errors.empty()) {
    const auto uploaded = request.query_param("uploaded");
    const auto existing = request.query_param("existing");
    if (auto nid = parse_id(uploaded.value_or(existing.value_or("")))) {
      view["notice"] = json::object{{"text", uploaded ? "Image uploaded."
                                                      : "That image is already in the library, so "
                                                        "nothing new was stored."},
                                    {"url", fmt::format("/admin/media/{}", *nid)}};
    }
    if (request.query_param("deleted")) view["deleted"] = "Image deleted, with all its sizes.";
  }
  return kit_.render(status, "admin_media", view);
}

http::Response MediaSection::library_json(const http::Request& request) {
  const auto q = request.query_param("q").value_or("");
  const int page = page_param(request);
  auto found = editorial_.list_media(q, kPageSize, (page - 1) * kPageSize);
  if (!found) {
    core::log::error("admin: listing media failed error=\"{}\"", found.error().message);
    return Kit::json_error(500, "The media library could not be read.");
  }
  json::array items;
  for (const auto& m : found->items) items.push_back(picker_item(m));
  return Kit::json(200, json::object{{"items", std::move(items)}});
}

core::Result<MediaSection::Stored> MediaSection::store(const media::ProcessedImage& image,
                                                       store::MediaItem item) {
  std::lock_guard lock(store_mu_);
  auto existing = editorial_.media_by_hash(image.content_hash);
  if (!existing) return existing.error();
  if (*existing) return Stored{std::move(**existing), true};

  auto saved = files_.save(image);
  if (!saved) return saved.error();
  item.hash = image.content_hash;
  item.width = image.width;
  item.height = image.height;
  item.source_format = image.source_format;
  item.bytes = 0;
  item.variants.clear();
  for (const auto& v : *saved) {
    item.variants.push_back(
        store::MediaVariant{v.name, v.width, v.height, v.mime, static_cast<std::int64_t>(v.bytes)});
    item.bytes += static_cast<std::int64_t>(v.bytes);
  }
  auto id = editorial_.add_media(item);
  if (!id) {
    // No row points at these files (the lock keeps other uploads of them out): remove them.
    if (auto removed = files_.remove(image.content_hash); !removed) {
      core::log::warn("admin: removing unused media files failed hash={} error=\"{}\"",
                      image.content_hash, removed.error().message);
    }
    return id.error();
  }
  item.id = *id;
  return Stored{std::move(item), false};
}

http::Response MediaSection::upload(const http::Request& request, const auth::Session& session) {
  const bool json_answer = wants_json(request);
  UploadForm form;
  const auto refuse = [&](unsigned status, std::string field, std::string text) {
    if (json_answer) return Kit::json_error(status, text);
    form.errors.emplace_back(std::move(field), std::move(text));
    return library(request, session, status, form);
  };

  auto parts = parse_multipart(request);
  if (!parts) {
    return refuse(400, "file",
                  "The upload could not be read. Choose the file again and send the form.");
  }
  form.errors = read_text(parts->fields, form.alt, form.caption);
  const FilePart* file = nullptr;
  for (const auto& f : parts->files) {
    if (f.field == "file") {
      file = &f;
      break;
    }
  }
  if (!file || (file->data.empty() && file->filename.empty())) {
    form.errors.emplace_back("file", "Choose an image file to upload.");
  }
  if (!form.errors.empty()) {
    if (json_answer) return Kit::json_error(422, form.errors.front().second);
    return library(request, session, 422, form);
  }
  const auto name = display_name(file->filename);
  if (file->data.empty()) {
    return refuse(422, "file", fmt::format("“{}” is empty. Choose an image file to upload.", name));
  }

  auto image = [&]() -> std::optional<core::Result<media::ProcessedImage>> {
    // Decoding takes a core for a moment: a few at a time, so readers' pages keep being served.
    ProcessingSlot slot(processing_, options_.max_concurrent_uploads);
    if (!slot.taken()) return std::nullopt;
    return media::process_image(file->data, options_.limits);
  }();
  if (!image) {
    auto r = refuse(503, "file", "The server is busy with other images. Try again in a moment.");
    r.set_header("Retry-After", "5");
    return r;
  }
  if (!*image) {
    const auto& error = image->error();
    if (error.code == core::Errc::kInvalidArgument) {
      core::log::info("admin: upload refused user={} name=\"{}\" reason=\"{}\"", session.user.id,
                      core::replace_all(name, "\"", "'"), error.message);
      return refuse(422, "file", refusal_text(name, error));
    }
    core::log::error("admin: processing an upload failed error=\"{}\"", error.message);
    return refuse(500, "file", "The image could not be processed. Try again.");
  }

  store::MediaItem item;
  item.original_name = name;
  item.alt = form.alt;
  item.caption = form.caption;
  item.uploaded_by = session.user.id;
  item.created_at = clock_.now_seconds();
  auto stored = store(**image, std::move(item));
  if (!stored) {
    core::log::error("admin: storing an upload failed error=\"{}\"", stored.error().message);
    return refuse(500, "file", "The image could not be stored. Try again.");
  }
  const auto& m = stored->item;
  if (stored->existing) {
    core::log::info("admin: upload matched image id={} user={}", m.id, session.user.id);
  } else {
    core::log::info("admin: image uploaded id={} user={} width={} height={} bytes={}", m.id,
                    session.user.id, m.width, m.height, m.bytes);
  }
  if (json_answer) {
    auto body = picker_item(m);
    body["width"] = m.width;
    body["height"] = m.height;
    return Kit::json(stored->existing ? 200 : 201, body);
  }
  return Kit::see_other(
      fmt::format("/admin/media?{}={}", stored->existing ? "existing" : "uploaded", m.id));
}

http::Response MediaSection::item_page(const auth::Session& session, const store::MediaItem& m,
                                       unsigned status, const Errors& errors,
                                       std::string_view notice, const std::string* alt,
                                       const std::string* caption) {
  const auto tz = zone();
  auto view =
      kit_.base_view(fmt::format("Image: {}", m.original_name.empty() ? m.hash : m.original_name),
                     &session, "media");
  json::array variants;
  for (const auto& v : m.variants) {
    variants.push_back(json::object{{"url", std::string(kMediaUrl) + v.name},
                                    {"name", v.name},
                                    {"dimensions", fmt::format("{} × {}", v.width, v.height)},
                                    {"type", v.mime == "image/webp" ? "WebP" : "JPEG"},
                                    {"size", size_text(v.bytes)}});
  }
  std::string uploader;
  if (m.uploaded_by) {
    if (m.uploaded_by == session.user.id) {
      uploader = session.user.name;
    } else if (auto users = kit_.auth().list_users()) {
      for (const auto& u : *users) {
        if (u.id == *m.uploaded_by) uploader = u.name;
      }
    }
  }
  json::object item{{"id", m.id},
                    {"action_url", fmt::format("/admin/media/{}", m.id)},
                    {"name", m.original_name},
                    {"alt", alt ? *alt : m.alt},
                    {"caption", caption ? *caption : m.caption},
                    {"saved_alt", m.alt},
                    {"dimensions", fmt::format("{} × {}", m.width, m.height)},
                    {"format", format_label(m.source_format)},
                    {"size", size_text(m.bytes)},
                    {"date", core::format_medium_date(m.created_at, tz)},
                    {"date_iso", core::format_iso8601(m.created_at, tz)},
                    {"uploader", uploader},
                    {"can_edit", can_edit(session, m)}};
  const auto* webp = variant_near(m, "image/webp", 640);
  const auto* jpeg = variant_near(m, "image/jpeg", 640);
  if (webp && jpeg) {
    item["preview"] = json::object{{"webp", url_of(webp)},
                                   {"jpeg", url_of(jpeg)},
                                   {"width", jpeg->width},
                                   {"height", jpeg->height}};
  }
  auto usage = editorial_.media_usage(m.id, kUsageShown);
  if (usage) {
    json::array used;
    for (const auto& headline : usage->articles) {
      used.push_back(json::object{{"text", fmt::format("Article: {}", headline)}});
    }
    for (const auto& name : usage->authors) {
      used.push_back(json::object{{"text", fmt::format("Photo of {}", name)}});
    }
    item["in_use"] = !usage->empty();
    item["used_by"] = std::move(used);
  } else {
    core::log::warn("admin: reading where an image is used failed id={} error=\"{}\"", m.id,
                    usage.error().message);
    item["in_use"] = true;  // unknown: offer no deletion
  }
  item["delete_url"] = fmt::format("/admin/media/{}/delete", m.id);
  view["item"] = std::move(item);
  view["variants"] = std::move(variants);
  put_errors(view, errors);
  view["notice"] = notice;
  return kit_.render(status, "admin_media_item", view);
}

http::Response MediaSection::save_text(const http::Request& request, const auth::Session& session,
                                       Id id) {
  auto m = editorial_.media(id);
  if (!m) return missing(session, id, m.error());
  if (!can_edit(session, *m)) {
    return kit_.message(403, "Not allowed",
                        "Only the person who uploaded this image, or an editor, can change its "
                        "alt text and caption.",
                        &session);
  }
  std::string alt;
  std::string caption;
  const auto errors = read_text(parse_form(request), alt, caption);
  if (!errors.empty()) return item_page(session, *m, 422, errors, "", &alt, &caption);
  if (auto done = editorial_.update_media_text(id, alt, caption); !done) {
    core::log::error("admin: saving image text failed id={} error=\"{}\"", id,
                     done.error().message);
    return kit_.message(500, "Something went wrong", "The alt text and caption were not saved.",
                        &session);
  }
  core::log::info("admin: image text saved id={} user={}", id, session.user.id);
  // Articles showing this image may fall back on its text: readers' pages are rendered again.
  if (changed_) changed_({});
  return Kit::see_other(fmt::format("/admin/media/{}?saved=1", id));
}

http::Response MediaSection::remove(const http::Request& request, const auth::Session& session,
                                    Id id) {
  auto m = editorial_.media(id);
  if (!m) return missing(session, id, m.error());
  if (!can_edit(session, *m)) {
    return kit_.message(403, "Not allowed",
                        "Only the person who uploaded this image, or an editor, can delete it.",
                        &session);
  }
  if (form_value(parse_form(request), "confirm") != "yes") {
    return item_page(session, *m, 422, {{"confirm", "Tick the box to confirm the deletion."}}, "");
  }
  {
    // Under the upload lock: an upload of the same bytes either finds the row before it goes or
    // writes the files again after they went.
    std::lock_guard lock(store_mu_);
    if (auto done = editorial_.delete_media(id); !done) {
      if (done.error().code == core::Errc::kConflict) {
        return item_page(session, *m, 409,
                         {{"confirm",
                           "This image is in use (listed below). Replace it there first, then "
                           "delete it."}},
                         "");
      }
      if (done.error().code == core::Errc::kNotFound) return Kit::see_other("/admin/media");
      core::log::error("admin: deleting an image failed id={} error=\"{}\"", id,
                       done.error().message);
      return kit_.message(500, "Something went wrong", "The image was not deleted.", &session);
    }
    if (auto gone = files_.remove(m->hash); !gone) {
      // The row is gone, so nothing links to the files; they only take disk space.
      core::log::warn("admin: image files stayed id={} hash={} error=\"{}\"", id, m->hash,
                      gone.error().message);
    }
  }
  core::log::info("admin: image deleted id={} user={}", id, session.user.id);
  return Kit::see_other("/admin/media?deleted=1");
}

}  // namespace

std::unique_ptr<Section> make_media_section(Kit& kit, store::Editorial& editorial,
                                            const media::MediaFiles& files, core::Clock& clock,
                                            MediaOptions options, ContentChanged changed) {
  return std::make_unique<MediaSection>(kit, editorial, files, clock, std::move(options),
                                        std::move(changed));
}

}  // namespace dateline::admin
