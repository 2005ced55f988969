// /admin/settings: the site settings editors keep in the database (Action::kManageSettings).
//
//   GET, POST /admin/settings
//
// Every field is checked by content::settings_problems, the rules the command line uses too, and
// each problem is shown beside its field. The navigation menu is a list of label and address
// rows; a few blank rows add links, clearing a row removes it, and the Up and Down buttons save
// the form with that row moved. After a save the site is told (ContentChanged with no ids): cached
// pages go, and the app points the weather at the new location.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "admin/forms.h"
#include "admin/sections.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;
using content::NavLink;
using content::SiteSettings;

constexpr int kBlankNavRows = 3;

// Offered in the time zone field's suggestions; any IANA zone the server knows is accepted.
constexpr std::string_view kCommonZones[] = {
    "UTC",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Lagos",
    "Africa/Nairobi",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Toronto",
    "Asia/Dhaka",
    "Asia/Dubai",
    "Asia/Hong_Kong",
    "Asia/Jakarta",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Riyadh",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tehran",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/Istanbul",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Moscow",
    "Europe/Paris",
    "Pacific/Auckland",
};

// The form's fields in page order: the error summary follows it.
constexpr std::string_view kFieldOrder[] = {
    "site_name", "short_name", "tagline",      "language",    "timezone", "weather_city",
    "latitude",  "longitude",  "weather_unit", "url_pattern", "feed",     "navigation",
};

int field_rank(std::string_view field) {
  if (field.starts_with("nav-")) field = "navigation";
  int i = 0;
  for (auto f : kFieldOrder) {
    if (f == field) return i;
    ++i;
  }
  return i;
}

// "site name is empty" -> "Site name is empty."
std::string sentence(std::string_view message) {
  std::string out(message);
  if (!out.empty() && out.front() >= 'a' && out.front() <= 'z') {
    out.front() = static_cast<char>(out.front() - 'a' + 'A');
  }
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

// "navigation.2.url" -> "nav-2-url": the id of that input on the page.
std::string field_id(const std::string& field) {
  if (!field.starts_with("navigation.")) return field;
  return "nav-" + core::replace_all(field.substr(std::string_view("navigation.").size()), ".", "-");
}

std::optional<double> parse_number(std::string_view text, bool& ok) {
  text = core::trim(text);
  ok = true;
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    ok = false;
    return std::nullopt;
  }
  return v;
}

std::string number_text(const std::optional<double>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

// The form as typed, for showing it again.
struct Typed {
  std::string latitude;
  std::string longitude;
};

class SettingsSection final : public Section {
 public:
  SettingsSection(Kit& kit, ContentChanged changed) : kit_(kit), changed_(std::move(changed)) {}

  bool owns(std::string_view path) const override { return path == "/admin/settings"; }

  http::Response handle(const http::Request& request, std::string_view,
                        const auth::Session& session) override {
    if (auto denied = kit_.require(session, auth::Action::kManageSettings)) {
      return std::move(*denied);
    }
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (!get && request.method != "POST") return method_not_allowed("GET, HEAD, POST");
    auto stored = kit_.store().settings();
    if (!stored) return failure(session, stored.error());
    if (get) {
      std::string notice;
      if (auto saved = request.query_param("saved")) {
        notice =
            *saved == "moved" ? "Menu order saved." : "Settings saved. The site shows them now.";
      }
      return page(session, *stored,
                  Typed{number_text(stored->latitude), number_text(stored->longitude)}, {},
                  std::move(notice), 200);
    }
    return save(request, session, std::move(*stored));
  }

 private:
  http::Response page(const auth::Session& session, const SiteSettings& s, const Typed& typed,
                      const FieldErrors& errors, std::string notice, unsigned status) {
    auto view = kit_.base_view("Site settings", &session, "settings");
    // What was typed may not be valid text: shown again, it must still make valid HTML.
    view["settings"] = json::object{{"site_name", displayable(s.site_name)},
                                    {"short_name", displayable(s.short_name)},
                                    {"tagline", displayable(s.tagline)},
                                    {"timezone", displayable(s.timezone)},
                                    {"weather_city", displayable(s.weather_city)},
                                    {"latitude", displayable(typed.latitude)},
                                    {"longitude", displayable(typed.longitude)},
                                    {"unit_c", s.weather_unit != "F"},
                                    {"unit_f", s.weather_unit == "F"},
                                    {"url_pattern", displayable(s.url_pattern)},
                                    {"feed_full", s.feed_full_text},
                                    {"feed_excerpt", !s.feed_full_text},
                                    {"language", displayable(s.language)}};
    json::array zones;
    for (auto z : kCommonZones) zones.push_back(json::object{{"name", z}});
    view["zones"] = std::move(zones);

    json::object by_field;
    for (const auto& [f, m] : errors) {
      if (!by_field.contains(f)) by_field[f] = m;
    }
    const auto error_of = [&](const std::string& id) -> std::string {
      if (const auto* v = by_field.if_contains(id)) return std::string(v->as_string());
      return {};
    };
    json::array rows;
    const auto total = s.navigation.size() + kBlankNavRows;
    for (std::size_t i = 0; i < total; ++i) {
      const bool filled = i < s.navigation.size();
      const auto n = i + 1;
      json::object row{{"n", n},
                       {"label", filled ? displayable(s.navigation[i].label) : std::string()},
                       {"url", filled ? displayable(s.navigation[i].url) : std::string()},
                       {"can_up", filled && i > 0},
                       {"can_down", filled && i + 1 < s.navigation.size()}};
      if (auto e = error_of(fmt::format("nav-{}-label", n)); !e.empty()) row["label_error"] = e;
      if (auto e = error_of(fmt::format("nav-{}-url", n)); !e.empty()) row["url_error"] = e;
      rows.push_back(std::move(row));
    }
    view["nav_rows"] = std::move(rows);
    view["max_nav"] = static_cast<std::uint64_t>(content::kMaxNavLinks);
    view["notice"] = std::move(notice);
    put_errors(view, errors);
    return kit_.render(status, "admin_settings", view);
  }

  http::Response save(const http::Request& request, const auth::Session& session, SiteSettings s) {
    const auto form = parse_form(request);
    const auto text = [&](std::string_view name) {
      return std::string(core::trim(form_value(form, name)));
    };
    FieldErrors errors;
    s.site_name = text("site_name");
    s.short_name = text("short_name");
    s.tagline = text("tagline");
    s.timezone = text("timezone");
    s.weather_city = text("weather_city");
    s.url_pattern = text("url_pattern");
    s.language = text("language");
    const auto unit = text("weather_unit");
    s.weather_unit = unit;
    const auto feed = text("feed");
    if (feed == "full" || feed == "excerpt") {
      s.feed_full_text = feed == "full";
    } else {
      errors.emplace_back("feed", "Choose whether feeds carry whole articles or excerpts.");
    }
    Typed typed{text("latitude"), text("longitude")};
    bool lat_ok = true;
    bool lon_ok = true;
    s.latitude = parse_number(typed.latitude, lat_ok);
    s.longitude = parse_number(typed.longitude, lon_ok);
    if (!lat_ok) errors.emplace_back("latitude", "Enter the latitude as a number, like 33.6844.");
    if (!lon_ok) {
      errors.emplace_back("longitude", "Enter the longitude as a number, like 73.0479.");
    }

    // The menu rows as typed, the Up/Down move applied, blank rows dropped.
    const auto labels = form_values(form, "nav_label");
    const auto urls = form_values(form, "nav_url");
    std::vector<NavLink> rows;
    for (std::size_t i = 0; i < std::max(labels.size(), urls.size()); ++i) {
      rows.push_back({i < labels.size() ? std::string(core::trim(labels[i])) : std::string(),
                      i < urls.size() ? std::string(core::trim(urls[i])) : std::string()});
    }
    const auto move = form_value(form, "move");
    bool moved = false;
    if (!move.empty()) {
      const auto dash = move.find('-');
      const auto row = parse_positive_id(dash == std::string::npos ? "" : move.substr(dash + 1));
      const auto dir = move.substr(0, dash);
      if (row && static_cast<std::size_t>(*row) <= rows.size()) {
        const auto i = static_cast<std::size_t>(*row - 1);
        if (dir == "up" && i > 0) {
          std::swap(rows[i], rows[i - 1]);
          moved = true;
        } else if (dir == "down" && i + 1 < rows.size()) {
          std::swap(rows[i], rows[i + 1]);
          moved = true;
        }
      }
    }
    s.navigation.clear();
    for (auto& r : rows) {
      if (!r.label.empty() || !r.url.empty()) s.navigation.push_back(std::move(r));
    }

    for (const auto& p : content::settings_problems(s)) {
      if ((p.field == "latitude" && !lat_ok) || (p.field == "longitude" && !lon_ok)) continue;
      if (p.field == "weather_unit") {
        errors.emplace_back("weather_unit", "Choose Celsius or Fahrenheit.");
      } else if (p.field == "timezone") {
        errors.emplace_back("timezone",
                            fmt::format("\"{}\" is not a time zone this server knows. Use a name "
                                        "like Asia/Karachi or Europe/London.",
                                        s.timezone));
      } else {
        errors.emplace_back(field_id(p.field), sentence(p.message));
      }
    }
    std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) {
      return field_rank(a.first) < field_rank(b.first);
    });
    if (!errors.empty()) return page(session, s, typed, errors, "", 422);

    auto done = kit_.store().write([&](store::WriteTxn& txn) { return txn.save_settings(s); });
    if (!done) return failure(session, done.error());
    core::log::info("admin: site settings saved by={}", session.user.id);
    if (changed_) changed_({});
    return Kit::see_other(moved ? "/admin/settings?saved=moved#navigation"
                                : "/admin/settings?saved=1");
  }

  http::Response failure(const auth::Session& session, const core::Error& e) {
    core::log::error("admin: site settings failed error=\"{}\"", e.message);
    return kit_.message(500, "Something went wrong",
                        "The site settings could not be read or saved. Try again.", &session);
  }

  Kit& kit_;
  ContentChanged changed_;
};

}  // namespace

std::unique_ptr<Section> make_settings_section(Kit& kit, ContentChanged changed) {
  return std::make_unique<SettingsSection>(kit, std::move(changed));
}

}  // namespace dateline::admin
