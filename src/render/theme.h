// Theme: the Mustache templates, partials and static assets of the site's look, loaded from the
// copy embedded in the binary or from a folder that overrides it. Immutable after load, so one
// Theme is shared by all threads. Views receive plain JSON view data; templates escape by default
// and only fields named *_html or slot_* (produced by Dateline itself) are written raw.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/embedded.h"
#include "core/result.h"

namespace kainjow::mustache {
template <typename StringType>
class basic_mustache;
}

namespace dateline::render {

struct Asset {
  std::string name;           // "site.css"
  std::string fingerprinted;  // "site.3f2a91c07b1d.css"
  std::string content_type;
  std::string data;
};

class Theme {
 public:
  // Loads templates/, partials/ and assets/ from embedded files, then lets files under `folder`
  // (when given) replace or add to them. Returns kInvalidArgument naming a template that does not
  // parse.
  static core::Result<Theme> load(std::span<const core::EmbeddedFile> embedded,
                                  const std::optional<std::filesystem::path>& folder);

  // Renders templates/<name>.mustache with `data`. Returns kNotFound for an unknown template.
  core::Result<std::string> render(std::string_view name, const boost::json::object& data) const;

  // "/assets/site.3f2a91c07b1d.css" for "site.css"; the plain path when unknown.
  std::string asset_url(std::string_view name) const;
  // Looks an asset up by its fingerprinted file name.
  const Asset* find_asset(std::string_view fingerprinted) const;

 private:
  using Parsed = kainjow::mustache::basic_mustache<std::string>;

  std::map<std::string, std::string, std::less<>> templates_;
  std::map<std::string, std::string, std::less<>> partials_;
  // Each template parsed once at load, its partials inlined. Shared by every rendering thread:
  // see render() for why that is safe.
  std::map<std::string, std::shared_ptr<Parsed>, std::less<>> parsed_;
  std::map<std::string, Asset, std::less<>> assets_;              // by plain name
  std::map<std::string, std::string, std::less<>> fingerprints_;  // fingerprinted -> plain
};

}  // namespace dateline::render
