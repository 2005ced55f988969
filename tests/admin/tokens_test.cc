// /admin/tokens: each user creates API tokens (shown once, stored as a hash), sees when they were
// used and revokes them; nobody touches anyone else's.
#include <fstream>
#include <iterator>
#include <regex>

#include "admin/admin_fixture.h"
#include "auth/api_tokens.h"

namespace dateline::admin {
namespace {

using namespace testing_support;

class TokensTest : public AdminTest {
 protected:
  // The secret on a page that just issued one, or "".
  static std::string secret_on(std::string_view page) {
    static const std::regex kSecret("value=\"(dl_[A-Za-z0-9_-]{43})\"");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(page.begin(), page.end(), m, kSecret)) return {};
    return m[1].str();
  }
  std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

TEST_F(TokensTest, NewTokenIsShownOnceAndOnlyItsHashIsStored) {
  const auto user = add_user("cora@example.com", Role::kContributor, "Cora Tributor");
  auto b = signed_in("cora@example.com");
  const auto empty = b.get("/admin/tokens");
  EXPECT_EQ(empty.status, 200u);
  EXPECT_TRUE(contains(empty.payload(), "You have no API tokens yet."));
  EXPECT_TRUE(contains(empty.payload(), "href=\"/admin/tokens\" aria-current=\"page\""));

  const auto created = b.post("/admin/tokens", {{"csrf", b.csrf()}, {"name", " Wire desk "}});
  EXPECT_EQ(created.status, 201u);
  const auto secret = secret_on(created.payload());
  ASSERT_FALSE(secret.empty()) << created.payload();
  EXPECT_TRUE(auth::is_api_token_shaped(secret));
  EXPECT_TRUE(contains(created.payload(), "Copy your new token now"));
  EXPECT_TRUE(contains(created.payload(), "Bearer " + secret));
  EXPECT_TRUE(contains(created.payload(), "http://news.example/api/v1/articles"));
  EXPECT_EQ(created.header("Cache-Control"), "no-store");

  // Never again.
  const auto later = b.get("/admin/tokens");
  EXPECT_FALSE(contains(later.payload(), secret));
  EXPECT_TRUE(contains(later.payload(), "<td>Wire desk</td>"));
  EXPECT_TRUE(contains(later.payload(), "<td>Never</td>"));
  auto tokens = editorial_->api_tokens(user.id);
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ(tokens->front().name, "Wire desk");
  // The database holds the digest, not the secret.
  const auto db = file_bytes(dir_.path() / "site.db") + file_bytes(dir_.path() / "site.db-wal");
  EXPECT_FALSE(contains(db, secret.substr(3)));
  EXPECT_TRUE(contains(db, auth::token_digest(secret)));

  // Using it shows when.
  clock_.advance(std::chrono::hours{2});
  auth::ApiTokens service(*editorial_, *auth_, clock_);
  auto holder = service.authenticate(secret);
  ASSERT_TRUE(holder) << holder.error().message;
  EXPECT_EQ(holder->user.id, user.id);
  EXPECT_EQ(holder->user.role, Role::kContributor);
  EXPECT_FALSE(contains(b.get("/admin/tokens").payload(), "<td>Never</td>"));
}

TEST_F(TokensTest, RevokingEndsTheTokenAndOthersCannotRevokeIt) {
  const auto user = add_user("cora@example.com", Role::kContributor, "Cora Tributor");
  add_user("ad@example.com", Role::kAdmin, "Ad Min");
  auto b = signed_in("cora@example.com");
  b.get("/admin/tokens");
  const auto secret =
      secret_on(b.post("/admin/tokens", {{"csrf", b.csrf()}, {"name", "Importer"}}).payload());
  ASSERT_FALSE(secret.empty());
  const auto id = editorial_->api_tokens(user.id)->front().id;
  const auto revoke_url = fmt::format("/admin/tokens/{}/revoke", id);
  auth::ApiTokens service(*editorial_, *auth_, clock_);

  // Another account, even an admin, manages only its own tokens.
  auto admin = signed_in("ad@example.com");
  admin.get("/admin/tokens");
  EXPECT_EQ(admin.post(revoke_url, {{"csrf", admin.csrf()}}).status, 404u);
  EXPECT_FALSE(contains(admin.get("/admin/tokens").payload(), "Importer"));
  EXPECT_TRUE(service.authenticate(secret));
  // Without the form's CSRF token nothing happens.
  EXPECT_EQ(b.post(revoke_url, {}).status, 403u);
  EXPECT_TRUE(service.authenticate(secret));

  b.get("/admin/tokens");
  const auto done = b.post(revoke_url, {{"csrf", b.csrf()}});
  EXPECT_EQ(done.status, 303u);
  EXPECT_EQ(done.header("Location"), "/admin/tokens?revoked=1");
  const auto page = b.get("/admin/tokens?revoked=1");
  EXPECT_TRUE(contains(page.payload(), "Token revoked"));
  EXPECT_TRUE(contains(page.payload(), "Revoked "));
  EXPECT_FALSE(contains(page.payload(), revoke_url)) << "no button for a revoked token";
  auto refused = service.authenticate(secret);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kUnauthenticated);
  EXPECT_EQ(b.post(revoke_url, {{"csrf", b.csrf()}}).status, 404u) << "already revoked";
}

TEST_F(TokensTest, TokenNeedsAName) {
  const auto user = add_user("cora@example.com", Role::kContributor, "Cora Tributor");
  auto b = signed_in("cora@example.com");
  b.get("/admin/tokens");
  const auto r = b.post("/admin/tokens", {{"csrf", b.csrf()}, {"name", "   "}});
  EXPECT_EQ(r.status, 422u);
  EXPECT_TRUE(contains(r.payload(), "aria-invalid=\"true\""));
  EXPECT_TRUE(secret_on(r.payload()).empty());
  b.get("/admin/tokens");
  EXPECT_EQ(b.post("/admin/tokens", {{"csrf", b.csrf()}, {"name", std::string(101, 'n')}}).status,
            422u);
  EXPECT_TRUE(editorial_->api_tokens(user.id)->empty());
}

TEST_F(TokensTest, EverySignedInUserHasTheTokensPageInTheMenu) {
  add_user("cora@example.com", Role::kContributor, "Cora Tributor");
  auto b = signed_in("cora@example.com");
  EXPECT_TRUE(contains(b.get("/admin").payload(), "href=\"/admin/tokens\""));
  Browser anonymous(*admin_);
  EXPECT_EQ(anonymous.get("/admin/tokens").status, 303u);
  EXPECT_EQ(b.request("DELETE", "/admin/tokens").status, 405u);
  EXPECT_EQ(b.get("/admin/tokens/1/revoke").status, 405u);
}

}  // namespace
}  // namespace dateline::admin
