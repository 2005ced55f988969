#include "render/theme.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

namespace dateline::render {
namespace {

namespace mustache = kainjow::mustache;

std::string content_type_for(std::string_view name) {
  const auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".webp")) return "image/webp";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

// FNV-1a: a content fingerprint for cache busting, not a security hash.
std::string fingerprint(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:012x}", h & 0xFFFFFFFFFFFFULL);
}

mustache::data to_data(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, child] : v.get_object()) d.set(std::string(k), to_data(child));
      return d;
    }
    case boost::json::kind::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& child : v.get_array()) d.push_back(to_data(child));
      return d;
    }
    case boost::json::kind::string:
      // An empty string is "nothing to show": false, so {{#field}} sections vanish.
      if (v.get_string().empty()) return mustache::data{false};
      return mustache::data{std::string(v.get_string())};
    case boost::json::kind::bool_:
      return mustache::data{v.get_bool()};
    case boost::json::kind::int64:
      return mustache::data{std::to_string(v.get_int64())};
    case boost::json::kind::uint64:
      return mustache::data{std::to_string(v.get_uint64())};
    case boost::json::kind::double_:
      return mustache::data{fmt::format("{}", v.get_double())};
    case boost::json::kind::null:
      return mustache::data{false};
  }
  return mustache::data{false};
}

void add_file(std::string_view path, std::string data,
              std::map<std::string, std::string, std::less<>>& templates,
              std::map<std::string, std::string, std::less<>>& partials,
              std::map<std::string, Asset, std::less<>>& assets) {
  const auto strip = [](std::string_view p, std::string_view prefix, std::string_view suffix) {
    p.remove_prefix(prefix.size());
    if (p.ends_with(suffix)) p.remove_suffix(suffix.size());
    return std::string(p);
  };
  if (path.starts_with("templates/") && path.ends_with(".mustache")) {
    templates[strip(path, "templates/", ".mustache")] = std::move(data);
  } else if (path.starts_with("partials/") && path.ends_with(".mustache")) {
    partials[strip(path, "partials/", ".mustache")] = std::move(data);
  } else if (path.starts_with("assets/")) {
    const auto name = std::string(path.substr(7));
    Asset a;
    a.name = name;
    a.content_type = content_type_for(name);
    const auto dot = name.rfind('.');
    const auto fp = fingerprint(data);
    a.fingerprinted = dot == std::string::npos ? name + "." + fp
                                               : name.substr(0, dot) + "." + fp + name.substr(dot);
    a.data = std::move(data);
    assets[name] = std::move(a);
  }
}

// Looks variables up in the view data and never finds a partial: the theme's partials are
// inlined at load, so a view field is never taken for one ("pagination" is both).
class ThemeContext final : public mustache::basic_context<std::string> {
 public:
  explicit ThemeContext(const mustache::data* root) : inner_(root) {}
  void push(const mustache::data* d) override { inner_.push(d); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override { return inner_.get(name); }
  const mustache::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  mustache::context<std::string> inner_;
};

// The template with every {{> name}} of a known partial replaced by the partial's text, nested
// partials included (to a bounded depth, so a partial that includes itself stops). Mustache
// partials render in the including template's context and line, so textual inclusion renders
// the same bytes; parsing the result once spares kainjow re-parsing a partial at each use (a card
// partial inside a list is otherwise parsed once per card). Unknown partials are left as tags
// and render nothing, as before.
std::string inline_partials(std::string_view text,
                            const std::map<std::string, std::string, std::less<>>& partials,
                            int depth = 0) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("{{>", pos);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 3);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 3, close - open - 3);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    out.append(text.substr(pos, open - pos));
    const auto it = partials.find(name);
    if (it == partials.end() || depth >= 8) {
      out.append(text.substr(open, close + 2 - open));
    } else {
      out += inline_partials(it->second, partials, depth + 1);
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

core::Result<Theme> Theme::load(std::span<const core::EmbeddedFile> embedded,
                                const std::optional<std::filesystem::path>& folder) {
  Theme theme;
  for (const auto& f : embedded) {
    add_file(f.path, std::string(f.data), theme.templates_, theme.partials_, theme.assets_);
  }
  if (folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*folder, ec)) {
      return core::make_error(core::Errc::kInvalidArgument,
                              fmt::format("theme folder '{}' does not exist", folder->string()));
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(*folder, ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      const auto rel = std::filesystem::relative(entry.path(), *folder).generic_string();
      add_file(rel, buf.str(), theme.templates_, theme.partials_, theme.assets_);
    }
  }
  for (const auto& [name, text] : theme.templates_) {
    mustache::mustache tmpl{text};
    if (!tmpl.is_valid()) {
      return core::make_error(core::Errc::kInvalidArgument,
                              fmt::format("template '{}': {}", name, tmpl.error_message()));
    }
    auto parsed = std::make_shared<Parsed>(inline_partials(text, theme.partials_));
    if (!parsed->is_valid()) {
      return core::make_error(
          core::Errc::kInvalidArgument,
          fmt::format("template '{}' with its partials: {}", name, parsed->error_message()));
    }
    theme.parsed_.emplace(name, std::move(parsed));
  }
  for (const auto& [name, asset] : theme.assets_) theme.fingerprints_[asset.fingerprinted] = name;
  return theme;
}

core::Result<std::string> Theme::render(std::string_view name,
                                        const boost::json::object& data) const {
  const auto it = parsed_.find(name);
  if (it == parsed_.end()) {
    return core::make_error(core::Errc::kNotFound, fmt::format("no template '{}'", name));
  }
  const mustache::data root = to_data(data);
  ThemeContext ctx(&root);
  // One parsed template serves every thread at once. kainjow's render() is not declared const,
  // but it only reads the parsed tree: its one write, error_message_, happens only for lambdas
  // (to_data never makes one) and partials (inlined at load), and each call keeps its line
  // buffer and context stack in `ctx`. So concurrent renders share no mutable state.
  Parsed& tmpl = *it->second;
  std::string out = tmpl.render(ctx);
  if (!tmpl.is_valid()) {
    return core::make_error(core::Errc::kInternal,
                            fmt::format("rendering '{}': {}", name, tmpl.error_message()));
  }
  return out;
}

std::string Theme::asset_url(std::string_view name) const {
  const auto it = assets_.find(name);
  if (it == assets_.end()) return fmt::format("/assets/{}", name);
  return fmt::format("/assets/{}", it->second.fingerprinted);
}

const Asset* Theme::find_asset(std::string_view fingerprinted) const {
  const auto it = fingerprints_.find(fingerprinted);
  if (it == fingerprints_.end()) return nullptr;
  return &assets_.find(it->second)->second;
}

}  // namespace dateline::render
