// /admin/tokens: every signed-in user manages their own API tokens: lists them (name, created,
// last used, revoked), creates one (its secret shown on that one answer only) and revokes one.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "admin/sections.h"
#include "auth/api_tokens.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;

std::optional<content::Id> parse_id(std::string_view text) {
  content::Id v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

class TokensSection final : public Section {
 public:
  TokensSection(Kit& kit, store::Editorial& editorial, core::Clock& clock)
      : kit_(kit), tokens_(editorial, kit.auth(), clock) {}

  bool owns(std::string_view path) const override {
    return path == "/admin/tokens" || path.starts_with("/admin/tokens/");
  }

  http::Response handle(const http::Request& request, std::string_view path,
                        const auth::Session& session) override {
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    const auto not_allowed = [](std::string_view allow) {
      auto r = http::Response::text(405, "Method Not Allowed\n");
      r.set_header("Allow", std::string(allow));
      return r;
    };
    if (path == "/admin/tokens") {
      if (get) {
        std::string notice;
        if (request.query_param("revoked"))
          notice = "Token revoked: programs using it are refused.";
        return page(request, session, 200, {}, {}, notice, nullptr);
      }
      if (post) return create(request, session);
      return not_allowed("GET, HEAD, POST");
    }
    // /admin/tokens/{id}/revoke
    auto rest = path.substr(std::string_view("/admin/tokens/").size());
    if (rest.ends_with("/revoke")) {
      rest.remove_suffix(std::string_view("/revoke").size());
      if (auto id = parse_id(rest)) return post ? revoke(session, *id) : not_allowed("POST");
    }
    return kit_.message(404, "Page not found", "There is no back-office page at this address.",
                        &session);
  }

 private:
  std::string when(core::TimePoint t, const core::TimeZone& zone) const {
    const auto local = zone.to_local(t);
    return fmt::format("{} {:%H:%M}", core::format_medium_date(t, zone),
                       core::TimePoint{local.time_since_epoch()});
  }

  http::Response page(const http::Request& request, const auth::Session& session, unsigned status,
                      std::string_view name, std::string_view name_error, std::string_view notice,
                      const auth::IssuedToken* issued) {
    auto list = tokens_.list(session.user.id);
    if (!list) {
      core::log::error("admin: listing API tokens failed error=\"{}\"", list.error().message);
      return kit_.message(500, "Something went wrong", "The tokens could not be read.", &session);
    }
    auto zone = core::TimeZone::utc();
    if (auto s = kit_.store().settings()) {
      if (auto z = core::TimeZone::find(s->timezone)) zone = *z;
    }
    auto view = kit_.base_view("API tokens", &session, "tokens");
    json::array rows;
    for (const auto& t : *list) {
      json::object row{{"id", t.id},
                       {"name", t.name},
                       {"created", when(t.created_at, zone)},
                       {"last_used", t.last_used_at ? when(*t.last_used_at, zone) : "Never"},
                       {"revoke_url", fmt::format("/admin/tokens/{}/revoke", t.id)}};
      if (t.revoked_at) row["revoked"] = when(*t.revoked_at, zone);
      rows.push_back(std::move(row));
    }
    view["has_tokens"] = !rows.empty();
    view["tokens"] = std::move(rows);
    view["name"] = name;
    view["name_error"] = name_error;
    view["notice"] = notice;
    view["max_name"] = static_cast<std::uint64_t>(auth::kMaxTokenNameChars);
    if (issued) {
      const auto client = kit_.client_of(request);
      view["issued"] =
          json::object{{"name", issued->token.name},
                       {"secret", issued->secret},
                       {"api_url", fmt::format("{}://{}/api/v1", client.secure ? "https" : "http",
                                               client.host.empty() ? "localhost" : client.host)}};
    }
    return kit_.render(status, "admin_tokens", view);
  }

  http::Response create(const http::Request& request, const auth::Session& session) {
    const auto name = form_value(parse_form(request), "name");
    auto issued = tokens_.issue(session.user.id, name);
    if (!issued) {
      if (issued.error().code == core::Errc::kInvalidArgument) {
        return page(request, session, 422, name, issued.error().message, {}, nullptr);
      }
      core::log::error("admin: creating an API token failed error=\"{}\"", issued.error().message);
      return kit_.message(500, "Something went wrong", "The token could not be created.", &session);
    }
    core::log::info("admin: API token created id={} user={}", issued->token.id, session.user.id);
    // Shown on this answer only: a redirect would have nowhere to keep the secret.
    return page(request, session, 201, {}, {}, {}, &*issued);
  }

  http::Response revoke(const auth::Session& session, content::Id id) {
    auto done = tokens_.revoke(id, session.user.id);
    if (!done) {
      if (done.error().code == core::Errc::kNotFound) {
        return kit_.message(404, "Page not found", "You have no active token with this number.",
                            &session);
      }
      core::log::error("admin: revoking an API token failed error=\"{}\"", done.error().message);
      return kit_.message(500, "Something went wrong", "The token could not be revoked.", &session);
    }
    core::log::info("admin: API token revoked id={} user={}", id, session.user.id);
    return Kit::see_other("/admin/tokens?revoked=1");
  }

  Kit& kit_;
  auth::ApiTokens tokens_;
};

}  // namespace

std::unique_ptr<Section> make_tokens_section(Kit& kit, store::Editorial& editorial,
                                             core::Clock& clock) {
  return std::make_unique<TokensSection>(kit, editorial, clock);
}

}  // namespace dateline::admin
