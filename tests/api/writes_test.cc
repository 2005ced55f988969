// Writes through /api/v1/ seen from a client holding an API token: authentication (401 and its
// challenge), bodies (415, 422 naming each field), optimistic concurrency (409, 412, 428), the
// back office's permission rules for every role (403 changes nothing), and readers seeing what
// was published, unpublished, scheduled or deleted.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "api/api_site.h"
#include "auth/api_tokens.h"

namespace dateline::api_test {
namespace {

namespace json = boost::json;
using auth::Role;
using content::ArticleStatus;
using content::Id;
using testing::HttpHeaders;
using testing::HttpResponse;

bool has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

json::object problem(const HttpResponse& r, unsigned status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  if (r.status != status || r.header("content-type") != "application/problem+json") return {};
  auto doc = json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("status").as_int64(), static_cast<std::int64_t>(status));
  EXPECT_FALSE(doc.at("detail").as_string().empty());
  return doc;
}

// The fields a 422 names, in order.
std::vector<std::string> fields(const json::object& doc) {
  std::vector<std::string> out;
  if (const auto* errors = doc.if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.emplace_back(e.at("field").as_string());
  }
  return out;
}

bool names(const std::vector<std::string>& list, std::string_view field) {
  return std::find(list.begin(), list.end(), field) != list.end();
}

class WritesTest : public ::testing::Test {
 protected:
  void SetUp() override { site_ = std::make_unique<ApiSite>(); }
  void TearDown() override { site_.reset(); }
  ApiSite& site() { return *site_; }

  // Sends `body` as JSON with the writer's token (none when `w` is null).
  HttpResponse send(std::string_view method, std::string_view target, const Writer* w,
                    std::string_view body = {}, HttpHeaders headers = {}) {
    if (w) headers.emplace_back("Authorization", w->authorization);
    const bool typed = std::any_of(headers.begin(), headers.end(),
                                   [](const auto& h) { return h.first == "Content-Type"; });
    if (!body.empty() && !typed) headers.emplace_back("Content-Type", "application/json");
    return site().request(method, target, headers, body);
  }

  // Creates an article as `w`; returns its JSON.
  json::object create(const Writer& w, const json::object& fields) {
    const auto r = send("POST", "/api/v1/articles", &w, json::serialize(fields));
    EXPECT_EQ(r.status, 201u) << r.body;
    return json::parse(r.body).as_object();
  }

  content::Article stored(Id id) {
    auto a = site().editorial().article(id);
    EXPECT_TRUE(a) << a.error().message;
    return a ? *a : content::Article{};
  }

  Id id_of(std::string_view slug) {
    std::optional<Id> id;
    EXPECT_TRUE(site().store().write([&](store::WriteTxn& txn) -> core::Status {
      id = txn.find_article_id(slug);
      return {};
    }));
    EXPECT_TRUE(id) << slug;
    return id.value_or(0);
  }

  int article_count() {
    store::ArticleFilter f;
    f.limit = 1;
    auto page = site().editorial().list_articles(f);
    EXPECT_TRUE(page);
    return page ? page->total : -1;
  }

  static std::string path(Id id, std::string_view tail = {}) {
    return fmt::format("/api/v1/articles/{}{}", id, tail);
  }

 private:
  std::unique_ptr<ApiSite> site_;
};

// ---- authentication ---------------------------------------------------------------------------

TEST_F(WritesTest, WritesWithoutAValidTokenAre401WithABearerChallenge) {
  const auto writer = site().add_writer("cora@example.com", "Cora Tributor", Role::kContributor);
  const std::string body = R"({"title":"Headline"})";
  const auto before = article_count();

  const auto none = send("POST", "/api/v1/articles", nullptr, body);
  problem(none, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer realm=\"Dateline API\"");

  for (const std::string& authorization :
       {std::string("Bearer nonsense"), "Bearer dl_" + std::string(43, 'A'),
        "Basic " + writer.token, std::string("Bearer "), "Bearer " + writer.token + "x"}) {
    SCOPED_TRACE(authorization);
    const auto r = site().request(
        "POST", "/api/v1/articles",
        {{"Authorization", authorization}, {"Content-Type", "application/json"}}, body);
    problem(r, 401);
    EXPECT_TRUE(r.header("www-authenticate").starts_with("Bearer realm="));
  }
  EXPECT_TRUE(has(send("POST", "/api/v1/articles", nullptr, body).body, "API token"));
  EXPECT_EQ(article_count(), before);
  // The scheme's name is case-insensitive.
  EXPECT_EQ(site()
                .request("POST", "/api/v1/articles",
                         {{"Authorization", "bearer " + writer.token},
                          {"Content-Type", "application/json"}},
                         body)
                .status,
            201u);
}

TEST_F(WritesTest, RevokedTokenIs401AndAnotherTokenOfTheUserStillWorks) {
  const auto writer = site().add_writer("cora@example.com", "Cora Tributor", Role::kContributor);
  const auto second = site().tokens().issue(writer.user.id, "second");
  ASSERT_TRUE(second);
  EXPECT_EQ(send("POST", "/api/v1/articles", &writer, R"({"title":"One"})").status, 201u);
  auto list = site().tokens().list(writer.user.id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  const auto& used = list->back();  // newest first: the writer's own token is the older one
  EXPECT_TRUE(used.last_used_at.has_value()) << "using a token marks it used";
  ASSERT_TRUE(site().tokens().revoke(used.id, writer.user.id));

  const auto r = send("POST", "/api/v1/articles", &writer, R"({"title":"Two"})");
  problem(r, 401);
  EXPECT_TRUE(has(r.header("www-authenticate"), "error=\"invalid_token\""));
  const Writer other{writer.user, second->secret, "Bearer " + second->secret};
  EXPECT_EQ(send("POST", "/api/v1/articles", &other, R"({"title":"Three"})").status, 201u);
}

TEST_F(WritesTest, TokenOfADisabledAccountIs401UntilItIsEnabledAgain) {
  const auto writer = site().add_writer("away@example.com", "Away Awhile", Role::kEditor);
  EXPECT_EQ(send("POST", "/api/v1/articles", &writer, R"({"title":"Before"})").status, 201u);
  const auto before = article_count();
  ASSERT_TRUE(site().accounts().set_disabled(writer.user.id, true, core::TimePoint{}));
  const auto r = send("POST", "/api/v1/articles", &writer, R"({"title":"While away"})");
  problem(r, 401);
  EXPECT_EQ(article_count(), before);
  ASSERT_TRUE(site().accounts().set_disabled(writer.user.id, false, core::TimePoint{}));
  EXPECT_EQ(send("POST", "/api/v1/articles", &writer, R"({"title":"Back"})").status, 201u);
}

TEST_F(WritesTest, TokenOfADeletedAccountIs401) {
  const auto writer = site().add_writer("gone@example.com", "Gone Soon", Role::kEditor);
  ASSERT_TRUE(site().tokens().authenticate(writer.token));
  ASSERT_TRUE(site().delete_user(writer.user.id));
  EXPECT_FALSE(site().accounts().find_user(writer.user.id));
  problem(send("POST", "/api/v1/articles", &writer, R"({"title":"Orphan"})"), 401);
}

// ---- bodies ------------------------------------------------------------------------------------

TEST_F(WritesTest, BodiesMustBeJson) {
  const auto writer = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto before = article_count();
  const auto form = send("POST", "/api/v1/articles", &writer, "title=Headline",
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  problem(form, 415);
  EXPECT_EQ(form.header("accept-post"), "application/json");
  problem(send("POST", "/api/v1/articles", &writer, R"({"title":"x"})",
               {{"Content-Type", "text/plain"}}),
          415);
  const auto patch = send("PATCH", path(id_of("budget-passed")), &writer, "title=x",
                          {{"Content-Type", "text/plain"}});
  problem(patch, 415);
  EXPECT_EQ(patch.header("accept-patch"), "application/json");
  // Parameters after the media type are fine.
  EXPECT_EQ(send("POST", "/api/v1/articles", &writer, R"({"title":"Typed"})",
                 {{"Content-Type", "Application/JSON; charset=utf-8"}})
                .status,
            201u);
  EXPECT_EQ(article_count(), before + 1);
}

TEST_F(WritesTest, InvalidBodiesAre422NamingEveryInvalidField) {
  const auto writer = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto before = article_count();
  const auto doc = problem(send("POST", "/api/v1/articles", &writer,
                                R"({"title":"","slug":"Bad Slug","tags":"budget",)"
                                R"("category":"nope","status":"published","dateline":7,)"
                                R"("id":5,"colour":"red","version":0})"),
                           422);
  const auto named = fields(doc);
  for (std::string_view field :
       {"title", "slug", "tags", "category", "status", "dateline", "id", "colour", "version"}) {
    EXPECT_TRUE(names(named, field)) << field << " in " << json::serialize(doc);
  }
  EXPECT_EQ(doc.at("title").as_string(), "Unprocessable Content");
  for (const auto& e : doc.at("errors").as_array()) {
    EXPECT_FALSE(e.at("detail").as_string().empty());
  }

  EXPECT_TRUE(names(fields(problem(send("POST", "/api/v1/articles", &writer, "{}"), 422)), "title"))
      << "a headline is required";
  EXPECT_TRUE(
      names(fields(problem(send("POST", "/api/v1/articles", &writer,
                                json::serialize(json::object{{"title", std::string(301, 'a')}})),
                           422)),
            "title"));
  EXPECT_TRUE(names(fields(problem(send("POST", "/api/v1/articles", &writer,
                                        R"({"title":"T","tags":["ok","!!!"],"author":"nobody"})"),
                                   422)),
                    "author"));
  for (std::string_view body : {"[1, 2]", "{\"title\": ", "\"text\"", "null"}) {
    SCOPED_TRACE(body);
    problem(send("POST", "/api/v1/articles", &writer, body), 422);
  }
  EXPECT_EQ(article_count(), before) << "nothing was created";
}

// ---- create and read ---------------------------------------------------------------------------

TEST_F(WritesTest, CreatedDraftIsTheCallersAndOnlyTheyAndEditorsSeeIt) {
  const auto cora = site().add_writer("cora@example.com", "Cora Tributor", Role::kContributor);
  const auto other = site().add_writer("carl@example.com", "Carl Tributor", Role::kContributor);
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto r =
      send("POST", "/api/v1/articles", &cora,
           R"({"title":"  Floods reach Thatta ","dateline":"Thatta",)"
           R"("excerpt":"Water rose overnight.","body_markdown":"Water rose.\r\n\r\nMore.",)"
           R"("category":"climate","tags":["Water","Floods","water"],"status":"pending"})");
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  const auto a = json::parse(r.body).as_object();
  const auto id = a.at("id").as_int64();
  EXPECT_EQ(r.header("location"), path(id));
  EXPECT_EQ(a.at("title").as_string(), "Floods reach Thatta");
  EXPECT_EQ(a.at("slug").as_string(), "floods-reach-thatta");
  EXPECT_EQ(a.at("status").as_string(), "pending");
  EXPECT_EQ(a.at("version").as_int64(), 1);
  EXPECT_TRUE(a.at("published_at").is_null());
  EXPECT_EQ(a.at("author").at("name").as_string(), "Cora Tributor");
  EXPECT_EQ(a.at("category").at("slug").as_string(), "climate");
  ASSERT_EQ(a.at("tags").as_array().size(), 2u) << "duplicates collapse";
  EXPECT_EQ(a.at("body_markdown").as_string(), "Water rose.\n\nMore.");
  EXPECT_TRUE(has(a.at("body_html").as_string(), "Thatta (TTT):"));
  const auto stored_article = stored(id);
  EXPECT_EQ(stored_article.status, ArticleStatus::kPending);

  // Its author, and editors, read it by id; nobody else does.
  for (const Writer* w : {&cora, &editor}) {
    const auto seen = send("GET", path(id), w);
    ASSERT_EQ(seen.status, 200u) << seen.body;
    EXPECT_EQ(seen.header("cache-control"), "private, no-store");
    EXPECT_EQ(seen.header("vary"), "Authorization");
    EXPECT_EQ(json::parse(seen.body).at("status").as_string(), "pending");
  }
  problem(send("GET", path(id), &other), 404);
  problem(send("GET", path(id), nullptr), 404);
  problem(send("GET", "/api/v1/articles/floods-reach-thatta", nullptr), 404);
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), kPublishedCount);
  // A token sent to read must be valid.
  problem(site().get(path(id), {{"Authorization", "Bearer dl_nope"}}), 401);
  // Published articles read by id for everyone, cacheable as before.
  const auto live = site().get(path(id_of("budget-passed")));
  ASSERT_EQ(live.status, 200u);
  EXPECT_EQ(live.header("cache-control"), "public, max-age=60");
  EXPECT_EQ(json::parse(live.body).at("slug").as_string(), "budget-passed");
}

TEST_F(WritesTest, SlugsStayUniqueAndWritesNameArticlesById) {
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto a = create(editor, {{"title", "Budget passed"}, {"slug", "budget-passed"}});
  EXPECT_EQ(a.at("slug").as_string(), "budget-passed-2");
  const auto id = a.at("id").as_int64();
  const auto taken = send("PATCH", path(id), &editor, R"({"slug":"rupee-steadies","version":1})");
  const auto doc = problem(taken, 409);
  EXPECT_EQ(fields(doc), std::vector<std::string>{"slug"});
  EXPECT_EQ(stored(id).slug, "budget-passed-2");
  const auto by_slug =
      problem(send("PATCH", "/api/v1/articles/budget-passed", &editor, R"({"title":"x"})"), 404);
  EXPECT_TRUE(has(by_slug.at("detail").as_string(), "numeric id"));
  problem(send("PATCH", path(999999), &editor, R"({"title":"x","version":1})"), 404);
}

// ---- optimistic concurrency --------------------------------------------------------------------

TEST_F(WritesTest, StaleVersionsAreRefusedAndOverwriteNothing) {
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto id = create(editor, {{"title", "First"}}).at("id").as_int64();

  const auto saved =
      send("PATCH", path(id), &editor, R"({"title":"Second"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 200u) << saved.body;
  EXPECT_EQ(json::parse(saved.body).at("version").as_int64(), 2);
  EXPECT_EQ(json::parse(saved.body).at("title").as_string(), "Second");

  // Someone still holding version 1.
  const auto late = problem(
      send("PATCH", path(id), &editor, R"({"title":"Late"})", {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(late.at("current_version").as_int64(), 2);
  const auto stale =
      problem(send("PATCH", path(id), &editor, R"({"title":"Late","version":1})"), 409);
  EXPECT_EQ(stale.at("current_version").as_int64(), 2);
  problem(send("PATCH", path(id), &editor, R"({"title":"Late"})", {{"If-Match", "W/\"2\""}}), 412);
  problem(send("PATCH", path(id), &editor, R"({"title":"Late"})"), 428);
  EXPECT_EQ(stored(id).title, "Second");
  EXPECT_EQ(stored(id).version, 2);

  EXPECT_EQ(
      send("PATCH", path(id), &editor, R"({"excerpt":"Short."})", {{"If-Match", "\"7\", \"2\""}})
          .status,
      200u);
  EXPECT_EQ(
      send("PATCH", path(id), &editor, R"({"excerpt":"Shorter."})", {{"If-Match", "*"}}).status,
      200u);
  const auto now = stored(id);
  EXPECT_EQ(now.version, 4);
  EXPECT_EQ(now.title, "Second") << "members left out keep their value";
  EXPECT_EQ(now.excerpt, "Shorter.");

  problem(send("DELETE", path(id), &editor, {}, {{"If-Match", "\"3\""}}), 412);
  problem(send("DELETE", path(id), &editor), 428);
  problem(send("DELETE", path(id), &editor, R"({"version":3})"), 409);
  EXPECT_EQ(stored(id).version, 4);
  const auto gone = send("DELETE", path(id), &editor, R"({"version":4})");
  EXPECT_EQ(gone.status, 204u);
  EXPECT_TRUE(gone.body.empty());
  problem(send("GET", path(id), &editor), 404);
}

// ---- readers -----------------------------------------------------------------------------------

TEST_F(WritesTest, PublishingShowsTheArticleToReadersAndUnpublishingWithdrawsIt) {
  const auto author = site().add_writer("ann@example.com", "Ann Author", Role::kAuthor);
  const auto draft = create(author, {{"title", "Flood waters recede"},
                                     {"body_markdown", "The water is going down."},
                                     {"category", "climate"}});
  const auto id = draft.at("id").as_int64();
  const std::string page_path(draft.at("path").as_string());
  EXPECT_EQ(site().get(page_path).status, 404u);

  const auto published = send("POST", path(id, "/publish"), &author);
  ASSERT_EQ(published.status, 200u) << published.body;
  const auto a = json::parse(published.body).as_object();
  EXPECT_EQ(a.at("status").as_string(), "published");
  EXPECT_EQ(a.at("published_at").as_string(), "2025-11-27T09:00:00Z");
  const auto list = site().json("/api/v1/articles");
  EXPECT_EQ(list.at("total").as_int64(), kPublishedCount + 1);
  EXPECT_EQ(list.at("items").at(0).at("slug").as_string(), "flood-waters-recede");
  const auto page = site().get(std::string(a.at("path").as_string()));
  EXPECT_EQ(page.status, 200u);
  EXPECT_TRUE(has(page.body, "Flood waters recede"));
  EXPECT_TRUE(has(site().get("/").body, "Flood waters recede")) << "the home page was refreshed";
  EXPECT_TRUE(has(site().get("/category/climate/").body, "Flood waters recede"));
  // Publishing again changes nothing.
  const auto again = send("POST", path(id, "/publish"), &author);
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(json::parse(again.body).at("version"), a.at("version"));

  // A live article's text changes for readers at once.
  const auto edited = send("PATCH", path(id), &author, R"({"title":"Flood waters recede fast"})",
                           {{"If-Match", fmt::format("\"{}\"", a.at("version").as_int64())}});
  ASSERT_EQ(edited.status, 200u) << edited.body;
  EXPECT_TRUE(has(site().get(std::string(a.at("path").as_string())).body, "recede fast"));

  const auto withdrawn = send("POST", path(id, "/unpublish"), &author);
  ASSERT_EQ(withdrawn.status, 200u) << withdrawn.body;
  EXPECT_EQ(json::parse(withdrawn.body).at("status").as_string(), "draft");
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), kPublishedCount);
  EXPECT_EQ(site().get(std::string(a.at("path").as_string())).status, 404u);
  EXPECT_FALSE(has(site().get("/").body, "Flood waters recede"));
}

TEST_F(WritesTest, PublishingAtAFutureTimeSchedulesTheArticle) {
  const auto author = site().add_writer("ann@example.com", "Ann Author", Role::kAuthor);
  const auto id = create(author, {{"title", "Tomorrow's budget"}, {"body_markdown", "Soon."}})
                      .at("id")
                      .as_int64();
  EXPECT_TRUE(names(fields(problem(send("POST", path(id, "/publish"), &author,
                                        R"({"published_at":"2025-11-26T09:00:00Z"})"),
                                   422)),
                    "published_at"))
      << "the past is refused";
  EXPECT_TRUE(names(fields(problem(send("POST", path(id, "/publish"), &author,
                                        R"({"published_at":"tomorrow","when":1})"),
                                   422)),
                    "when"));
  EXPECT_EQ(stored(id).status, ArticleStatus::kDraft);

  // Without an offset, the site's time zone (Karachi, UTC+5) applies.
  const auto r =
      send("POST", path(id, "/publish"), &author, R"({"published_at":"2025-11-28T10:00"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto a = json::parse(r.body);
  EXPECT_EQ(a.at("status").as_string(), "scheduled");
  EXPECT_EQ(a.at("published_at").as_string(), "2025-11-28T05:00:00Z");
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), kPublishedCount);
  // An article already live cannot be scheduled.
  const auto live = id_of("budget-passed");
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  problem(
      send("POST", path(live, "/publish"), &editor, R"({"published_at":"2025-12-01T00:00:00Z"})"),
      409);

  site().clock().advance(std::chrono::hours{21});
  site().app().publish_due();  // or the app's scheduler did already
  EXPECT_EQ(site().json("/api/v1/articles").at("items").at(0).at("id").as_int64(), id);
}

TEST_F(WritesTest, PublishingNeedsAStory) {
  const auto author = site().add_writer("ann@example.com", "Ann Author", Role::kAuthor);
  const auto id = create(author, {{"title", "Empty"}}).at("id").as_int64();
  EXPECT_EQ(fields(problem(send("POST", path(id, "/publish"), &author), 422)),
            std::vector<std::string>{"body_markdown"});
  EXPECT_EQ(stored(id).status, ArticleStatus::kDraft);
}

TEST_F(WritesTest, DeletingALiveArticleRemovesItFromReaders) {
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto id = id_of("budget-passed");
  const auto version = stored(id).version;
  const auto r =
      send("DELETE", path(id), &editor, {}, {{"If-Match", fmt::format("\"{}\"", version)}});
  EXPECT_EQ(r.status, 204u) << r.body;
  problem(site().get("/api/v1/articles/budget-passed"), 404);
  EXPECT_EQ(site().get("/2025/11/27/budget-passed/").status, 404u);
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), kPublishedCount - 1);
  EXPECT_FALSE(has(site().get("/").body, "Parliament passes the budget"));
}

TEST_F(WritesTest, StatusChangesOnlyBetweenDraftAndPendingReview) {
  const auto cora = site().add_writer("cora@example.com", "Cora Tributor", Role::kContributor);
  const auto id = create(cora, {{"title", "Draft"}}).at("id").as_int64();
  const auto submitted = send("PATCH", path(id), &cora, R"({"status":"pending","version":1})");
  ASSERT_EQ(submitted.status, 200u) << submitted.body;
  EXPECT_EQ(stored(id).status, ArticleStatus::kPending);
  EXPECT_EQ(send("PATCH", path(id), &cora, R"({"status":"draft","version":2})").status, 200u);
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  const auto live = id_of("budget-passed");
  EXPECT_EQ(fields(problem(
                send("PATCH", path(live), &editor,
                     fmt::format(R"({{"status":"draft","version":{}}})", stored(live).version)),
                422)),
            std::vector<std::string>{"status"});
  EXPECT_EQ(stored(live).status, ArticleStatus::kPublished);
}

TEST_F(WritesTest, MethodsArePerResourceAndPreflightsAreAnswered) {
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", Role::kEditor);
  problem(send("PUT", "/api/v1/articles", &editor, "{}"), 405);
  EXPECT_EQ(send("PUT", "/api/v1/articles", &editor, "{}").header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(send("POST", "/api/v1/articles/budget-passed", &editor, "{}").header("allow"),
            "GET, HEAD, PATCH, DELETE");
  EXPECT_EQ(send("GET", path(1, "/publish"), &editor).header("allow"), "POST");
  EXPECT_EQ(send("POST", "/api/v1/tags", &editor, "{}").header("allow"), "GET, HEAD");
  problem(send("POST", path(1, "/retract"), &editor, "{}"), 404);

  const auto preflight = site().request(
      "OPTIONS", path(1),
      {{"Origin", "https://desk.example"}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(preflight.status, 204u);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "*");
  EXPECT_EQ(preflight.header("access-control-allow-methods"), "GET, HEAD, PATCH, DELETE");
  EXPECT_TRUE(has(preflight.header("access-control-allow-headers"), "Authorization"));
  EXPECT_TRUE(has(preflight.header("access-control-allow-headers"), "If-Match"));
}

// ---- every role, every write ------------------------------------------------------------------

class RoleWritesTest : public WritesTest, public ::testing::WithParamInterface<Role> {
 protected:
  // Expects `r` to be `ok` when `allowed`, else a 403 that left article `id` as it was.
  void expect(const HttpResponse& r, bool allowed, unsigned ok, Id id,
              const content::Article& before) {
    if (allowed) {
      EXPECT_EQ(r.status, ok) << r.body;
      return;
    }
    problem(r, 403);
    if (id == 0) return;
    const auto after = stored(id);
    EXPECT_EQ(after.version, before.version);
    EXPECT_EQ(after.status, before.status);
    EXPECT_EQ(after.title, before.title);
  }
};

TEST_P(RoleWritesTest, EachWriteIsAllowedExactlyAsInTheBackOffice) {
  const Role role = GetParam();
  const bool publisher = role != Role::kContributor;
  const bool editor = role == Role::kEditor || role == Role::kAdmin;
  const auto w = site().add_writer("w@example.com", "Wendy Writer", role);
  const auto v = [&](Id id) { return stored(id).version; };
  const auto with_version = [&](Id id, std::string_view members) {
    return fmt::format(R"({{{}"version":{}}})", members, v(id));
  };

  // Their own articles: everyone writes and edits drafts; publishing needs the author role.
  const auto own =
      create(w, {{"title", "Own story"}, {"body_markdown", "Text."}}).at("id").as_int64();
  EXPECT_EQ(
      send("PATCH", path(own), &w, with_version(own, R"("title":"Own story, edited",)")).status,
      200u);
  auto before = stored(own);
  expect(send("POST", path(own, "/publish"), &w), publisher, 200, own, before);
  before = stored(own);
  expect(send("POST", path(own, "/unpublish"), &w), publisher, 200, own, before);
  if (publisher) {
    EXPECT_EQ(send("POST", path(own, "/publish"), &w).status, 200u);
  }
  // Deleting their own article is allowed unless it is live (editors delete anything).
  before = stored(own);
  expect(send("DELETE", path(own), &w, with_version(own, "")), !publisher || editor, 204, own,
         before);
  const auto spare = create(w, {{"title", "Spare"}}).at("id").as_int64();
  EXPECT_EQ(send("DELETE", path(spare), &w, with_version(spare, "")).status, 204u);

  // Other people's articles: editors and admins only.
  const auto draft = id_of("secret-draft");
  before = stored(draft);
  expect(send("PATCH", path(draft), &w, with_version(draft, R"("title":"Taken over",)")), editor,
         200, draft, before);
  before = stored(draft);
  expect(send("POST", path(draft, "/publish"), &w), editor, 200, draft, before);
  const auto live = id_of("budget-passed");
  before = stored(live);
  expect(send("PATCH", path(live), &w, with_version(live, R"("excerpt":"Changed.",)")), editor, 200,
         live, before);
  before = stored(live);
  expect(send("POST", path(live, "/unpublish"), &w), editor, 200, live, before);
  const auto other_live = id_of("rupee-steadies");
  before = stored(other_live);
  expect(send("DELETE", path(other_live), &w, with_version(other_live, "")), editor, 204,
         other_live, before);
  // Writing as someone else.
  const auto count = article_count();
  expect(send("POST", "/api/v1/articles", &w, R"({"title":"As Omar","author":"omar-shah"})"),
         editor, 201, 0, {});
  EXPECT_EQ(article_count(), count + (editor ? 1 : 0));
  // Editors: budget-passed withdrawn, rupee-steadies deleted, secret-draft published; an author's
  // own article stays live.
  EXPECT_EQ(site().json("/api/v1/articles").at("total").as_int64(), editor ? kPublishedCount - 1
                                                                    : publisher
                                                                        ? kPublishedCount + 1
                                                                        : kPublishedCount);
}

INSTANTIATE_TEST_SUITE_P(Roles, RoleWritesTest,
                         ::testing::Values(Role::kContributor, Role::kAuthor, Role::kEditor,
                                           Role::kAdmin),
                         [](const ::testing::TestParamInfo<Role>& param_info) {
                           return std::string(auth::role_name(param_info.param));
                         });

}  // namespace
}  // namespace dateline::api_test
