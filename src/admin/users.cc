#include <boost/json.hpp>

#include "admin/sections.h"
#include "core/log.h"

namespace dateline::admin {
namespace {

namespace json = boost::json;

class UsersSection final : public Section {
 public:
  explicit UsersSection(Kit& kit) : kit_(kit) {}

  bool owns(std::string_view path) const override { return path == "/admin/users"; }

  http::Response handle(const http::Request& request, std::string_view,
                        const auth::Session& session) override {
    if (request.method != "GET" && request.method != "HEAD") {
      auto r = http::Response::text(405, "Method Not Allowed\n");
      r.set_header("Allow", "GET, HEAD");
      return r;
    }
    if (auto denied = kit_.require(session, auth::Action::kManageUsers)) return std::move(*denied);
    auto users = kit_.auth().list_users();
    if (!users) {
      core::log::error("admin: listing users failed error=\"{}\"", users.error().message);
      return kit_.message(500, "Something went wrong", "The accounts could not be read.", &session);
    }
    auto view = kit_.base_view("Users", &session, "users");
    json::array rows;
    for (const auto& u : *users) {
      rows.push_back(json::object{{"name", u.name},
                                  {"email", u.email},
                                  {"role", std::string(auth::role_name(u.role))},
                                  {"is_you", u.id == session.user.id}});
    }
    view["users"] = std::move(rows);
    return kit_.render(200, "admin_users", view);
  }

 private:
  Kit& kit_;
};

}  // namespace

std::unique_ptr<Section> make_users_section(Kit& kit) {
  return std::make_unique<UsersSection>(kit);
}

}  // namespace dateline::admin
