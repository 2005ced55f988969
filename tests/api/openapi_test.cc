// The OpenAPI document against the real API: it parses, is OpenAPI 3.1, every $ref resolves, every
// endpoint the tests call is documented (and every documented path is called), and each real
// response has the documented status, media type and headers, every required property with the
// documented type, and no property the document does not mention.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/api.h"
#include "api/api_site.h"
#include "auth/role.h"

namespace dateline::api_test {
namespace {

namespace json = boost::json;

constexpr std::string_view kServer = "/api/v1";

// A small JSON Schema checker for what the document uses: $ref (local), allOf, anyOf, type (one or
// a list), required, properties, items. Objects are checked strictly: a property that no branch
// of the schema declares is an error, so the document cannot fall behind the responses.
class SchemaChecker {
 public:
  explicit SchemaChecker(const json::object& doc) : doc_(doc) {}

  const json::object& resolve(const json::object& schema) const {
    const json::object* s = &schema;
    for (int depth = 0; s->contains("$ref") && depth < 10; ++depth) s = &pointer(s->at("$ref"));
    return *s;
  }

  const json::object& pointer(const json::value& ref) const {
    const std::string text(ref.as_string());
    if (!text.starts_with("#/")) throw std::runtime_error("non-local $ref " + text);
    const json::object* node = &doc_;
    for (const auto& part : core_split(text.substr(2))) {
      const auto* child = node->if_contains(part);
      node = child != nullptr ? child->if_object() : nullptr;
      if (node == nullptr) throw std::runtime_error("dangling $ref " + text);
    }
    return *node;
  }

  std::vector<std::string> check(const json::value& value, const json::object& schema) const {
    std::vector<std::string> errors;
    check(value, schema, "$", true, errors);
    return errors;
  }

 private:
  static std::vector<std::string> core_split(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
      const auto end = std::min(path.find('/', start), path.size());
      out.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  static bool has_type(const json::value& value, std::string_view type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_int64() || value.is_uint64();
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_bool();
    if (type == "null") return value.is_null();
    return false;
  }

  // Every property name the schema (with its allOf branches) declares.
  void declared(const json::object& schema, std::set<std::string>& names) const {
    const auto& s = resolve(schema);
    if (const auto* props = s.if_contains("properties")) {
      for (const auto& [k, v] : props->as_object()) names.emplace(k);
    }
    if (const auto* all = s.if_contains("allOf")) {
      for (const auto& branch : all->as_array()) declared(branch.as_object(), names);
    }
  }

  void check(const json::value& value, const json::object& schema, const std::string& where,
             bool strict, std::vector<std::string>& errors) const {
    const auto& s = resolve(schema);
    if (const auto* any = s.if_contains("anyOf")) {
      bool ok = false;
      for (const auto& branch : any->as_array()) {
        std::vector<std::string> branch_errors;
        check(value, branch.as_object(), where, strict, branch_errors);
        ok = ok || branch_errors.empty();
      }
      if (!ok)
        errors.push_back(
            fmt::format("{}: matches no anyOf branch: {}", where, json::serialize(value)));
    }
    if (const auto* all = s.if_contains("allOf")) {
      for (const auto& branch : all->as_array())
        check(value, branch.as_object(), where, false, errors);
    }
    if (const auto* type = s.if_contains("type")) {
      bool ok = false;
      if (type->is_string()) {
        ok = has_type(value, type->as_string());
      } else {
        for (const auto& t : type->as_array()) ok = ok || has_type(value, t.as_string());
      }
      if (!ok) {
        errors.push_back(fmt::format("{}: {} is not of type {}", where, json::serialize(value),
                                     json::serialize(*type)));
        return;
      }
    }
    if (value.is_object()) {
      const auto& obj = value.as_object();
      if (const auto* required = s.if_contains("required")) {
        for (const auto& name : required->as_array()) {
          if (!obj.contains(name.as_string())) {
            errors.push_back(fmt::format("{}: required property '{}' is missing", where,
                                         std::string_view(name.as_string())));
          }
        }
      }
      if (const auto* props = s.if_contains("properties")) {
        for (const auto& [k, sub] : props->as_object()) {
          if (const auto* v = obj.if_contains(k)) {
            check(*v, sub.as_object(), fmt::format("{}.{}", where, std::string_view(k)), true,
                  errors);
          }
        }
      }
      std::set<std::string> names;
      declared(schema, names);
      if (strict && !names.empty()) {
        for (const auto& [k, v] : obj) {
          if (!names.contains(std::string(k))) {
            errors.push_back(
                fmt::format("{}: property '{}' is not documented", where, std::string_view(k)));
          }
        }
      }
    }
    if (value.is_array()) {
      if (const auto* items = s.if_contains("items")) {
        std::size_t i = 0;
        for (const auto& item : value.as_array()) {
          check(item, items->as_object(), fmt::format("{}[{}]", where, i++), true, errors);
        }
      }
    }
  }

  const json::object& doc_;
};

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = std::make_unique<ApiSite>();
    const auto r = site_->get("/api/v1/openapi.json");
    ASSERT_EQ(r.status, 200u);
    doc_ = json::parse(r.body);
  }
  static void TearDownTestSuite() { site_.reset(); }
  static ApiSite& site() { return *site_; }
  static const json::object& doc() { return doc_.as_object(); }

  // The documented path template ("/articles/{slug}") for a request path, or "".
  static std::string template_for(std::string_view path) {
    if (!path.starts_with(kServer)) return {};
    const auto rest = std::string(path.substr(kServer.size()));
    const auto segments = [](std::string_view p) {
      std::vector<std::string> out;
      for (std::size_t i = 1; i <= p.size();) {
        const auto end = std::min(p.find('/', i), p.size());
        out.emplace_back(p.substr(i, end - i));
        i = end + 1;
      }
      return out;
    };
    const auto want = segments(rest);
    for (const auto& [templ, item] : doc().at("paths").as_object()) {
      const auto have = segments(templ);
      if (have.size() != want.size()) continue;
      bool match = true;
      for (std::size_t i = 0; i < have.size() && match; ++i) {
        const bool param = have[i].starts_with('{') && have[i].ends_with('}');
        match = param ? !want[i].empty() : have[i] == want[i];
      }
      if (match) return std::string(templ);
    }
    return {};
  }

  // Checks one real answer against the document; records the operation as exercised. A JSON
  // body sent to an operation that accepts it must match its documented request schema.
  void check_call(std::string_view method, const std::string& target, unsigned expected_status,
                  std::string_view body = {}, const testing::HttpHeaders& sent = {}) {
    SCOPED_TRACE(fmt::format("{} {}", method, target));
    const auto r = site().request(method, target, sent, body);
    ASSERT_EQ(r.status, expected_status) << r.body;
    const auto path = target.substr(0, target.find('?'));
    const auto templ = template_for(path);
    ASSERT_FALSE(templ.empty()) << path << " is not documented";
    const auto& item = doc().at("paths").at(templ).as_object();
    const SchemaChecker checker(doc());
    std::string operation;
    for (char c : method)
      operation += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

    const json::object* response = nullptr;
    if (const auto* op = item.if_contains(operation)) {
      called_.insert(fmt::format("{} {}", operation, templ));
      const auto& responses = op->at("responses").as_object();
      const auto code = std::to_string(expected_status);
      if (const auto* r_doc = responses.if_contains(code)) {
        response = &checker.resolve(r_doc->as_object());
      } else {
        ASSERT_GE(expected_status, 300u) << "successes must be documented explicitly";
        ASSERT_TRUE(responses.contains("default")) << "status " << code << " is not documented";
        response = &checker.resolve(responses.at("default").as_object());
      }
      const auto* request_body = op->as_object().if_contains("requestBody");
      if (!body.empty() && expected_status < 300) {
        ASSERT_NE(request_body, nullptr) << "a body was accepted but none is documented";
        const auto& schema =
            request_body->at("content").at("application/json").at("schema").as_object();
        for (const auto& e : checker.check(json::parse(body), schema)) {
          ADD_FAILURE() << "request body: " << e;
        }
      }
    } else {
      // A method the path does not offer: 405, a Problem like every error.
      ASSERT_EQ(expected_status, 405u) << method << " is not documented on " << templ;
      response = &checker.resolve(doc().at("components").at("responses").at("Problem").as_object());
    }

    if (const auto* headers = response->if_contains("headers")) {
      for (const auto& [name, h] : headers->as_object()) {
        if (name == "Link") continue;  // only when there is a next page (checked below)
        EXPECT_TRUE(r.has_header(name))
            << "documented header " << std::string_view(name) << " missing";
      }
    }
    const auto* content = response->if_contains("content");
    if (!content) {
      EXPECT_TRUE(r.body.empty());
      return;
    }
    ASSERT_EQ(content->as_object().size(), 1u);
    const auto& [media, media_doc] = *content->as_object().begin();
    const auto content_type = r.header("content-type");
    EXPECT_EQ(content_type.substr(0, content_type.find(';')), media);
    const auto value = json::parse(r.body);
    const auto errors = checker.check(value, media_doc.at("schema").as_object());
    for (const auto& e : errors) ADD_FAILURE() << e;
    if (value.is_object() && value.as_object().contains("next_cursor")) {
      EXPECT_EQ(r.has_header("link"), !value.at("next_cursor").is_null());
    }
  }

  static inline std::set<std::string> called_;

 private:
  static inline std::unique_ptr<ApiSite> site_;
  static inline json::value doc_;
};

TEST_F(OpenApiTest, DocumentIsOpenApi31WithResolvableReferences) {
  ASSERT_TRUE(doc().at("openapi").is_string());
  EXPECT_TRUE(std::string_view(doc().at("openapi").as_string()).starts_with("3.1."))
      << doc().at("openapi");
  EXPECT_FALSE(doc().at("info").at("title").as_string().empty());
  EXPECT_FALSE(doc().at("info").at("version").as_string().empty());
  EXPECT_EQ(doc().at("servers").at(0).at("url").as_string(), kServer);
  EXPECT_FALSE(doc().at("paths").as_object().empty());
  // Every $ref anywhere in the document points at something.
  const SchemaChecker checker(doc());
  int refs = 0;
  std::function<void(const json::value&)> visit = [&](const json::value& v) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (k == "$ref") {
          ++refs;
          EXPECT_NO_THROW(checker.pointer(child)) << child;
        } else {
          visit(child);
        }
      }
    } else if (v.is_array()) {
      for (const auto& child : v.as_array()) visit(child);
    }
  };
  visit(doc());
  EXPECT_GT(refs, 20);
  // Each operation documents its success and its errors; reads their 304; writes their token.
  std::set<std::string> ids;
  for (const auto& [path, item] : doc().at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      SCOPED_TRACE(fmt::format("{} {}", std::string_view(method), std::string_view(path)));
      const auto& responses = op.at("responses").as_object();
      EXPECT_TRUE(responses.contains("200") || responses.contains("201") ||
                  responses.contains("204"));
      EXPECT_TRUE(responses.contains("default") || method == "get");
      const std::string id(op.at("operationId").as_string());
      EXPECT_FALSE(id.empty());
      EXPECT_TRUE(ids.insert(id).second) << "operationId repeats: " << id;
      if (method == "get") {
        EXPECT_TRUE(responses.contains("304"));
      } else {
        EXPECT_EQ(op.at("security"), (json::array{json::object{{"apiToken", json::array{}}}}));
        EXPECT_TRUE(responses.contains("401"));
        EXPECT_TRUE(responses.contains("403"));
      }
    }
  }
  EXPECT_EQ(doc().at("components").at("securitySchemes").at("apiToken").at("scheme").as_string(),
            "bearer");
  // The served document is the one the code builds.
  EXPECT_EQ(json::value(doc()), api::openapi_document());
}

TEST_F(OpenApiTest, RealResponsesMatchTheDocumentedSchemas) {
  const std::vector<std::pair<std::string, unsigned>> calls = {
      {"/api/v1/articles", 200},
      {"/api/v1/articles?limit=3", 200},
      {"/api/v1/articles?category=climate&tag=water&author=sana-mir&limit=1", 200},
      {"/api/v1/articles?limit=0", 400},
      {"/api/v1/articles?cursor=nonsense", 400},
      {"/api/v1/articles?tag=nope", 400},
      {"/api/v1/articles/budget-passed", 200},
      {"/api/v1/articles/no-category-note", 200},
      {"/api/v1/articles/secret-draft", 404},
      {"/api/v1/authors", 200},
      {"/api/v1/authors/sana-mir", 200},
      {"/api/v1/authors/nobody", 404},
      {"/api/v1/categories", 200},
      {"/api/v1/tags", 200},
      {"/api/v1/search?q=water", 200},
      {"/api/v1/search?q=water&limit=1", 200},
      {"/api/v1/search?q=", 400},
      {"/api/v1/openapi.json", 200},
  };
  for (const auto& [target, status] : calls) check_call("GET", target, status);
  // A cursor from a real page, too.
  const auto first = json::parse(site().get("/api/v1/articles?limit=3").body);
  check_call("GET",
             fmt::format("/api/v1/articles?limit=3&cursor={}",
                         std::string_view(first.at("next_cursor").as_string())),
             200);
  check_call("PUT", "/api/v1/articles", 405, "{}");
  check_call("POST", "/api/v1/articles/budget-passed", 405, "{}");
  check_call("DELETE", "/api/v1/tags", 405);

  // Writes, with a token.
  const auto editor = site().add_writer("ed@example.com", "Ed Itor", auth::Role::kEditor);
  const auto cora =
      site().add_writer("cora@example.com", "Cora Tributor", auth::Role::kContributor);
  const testing::HttpHeaders as_editor = {{"Authorization", editor.authorization},
                                          {"Content-Type", "application/json"}};
  const testing::HttpHeaders as_cora = {{"Authorization", cora.authorization},
                                        {"Content-Type", "application/json"}};
  const auto with = [](testing::HttpHeaders headers, std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return headers;
  };
  const std::string story =
      R"({"title":"Documented story","dateline":"Lahore","excerpt":"Short.",)"
      R"("body_markdown":"Text.","category":"business","tags":["Trade"],"status":"draft"})";
  check_call("POST", "/api/v1/articles", 401, story, {{"Content-Type", "application/json"}});
  check_call("POST", "/api/v1/articles", 415, story,
             {{"Authorization", editor.authorization}, {"Content-Type", "text/plain"}});
  check_call("POST", "/api/v1/articles", 422, R"({"title":"","colour":"red"})", as_editor);
  check_call("POST", "/api/v1/articles", 403, R"({"title":"x","author":"omar-shah"})", as_cora);
  const auto created = site().request("POST", "/api/v1/articles", as_editor, story);
  ASSERT_EQ(created.status, 201u) << created.body;
  check_call("POST", "/api/v1/articles", 201, R"({"title":"Another","category":null})", as_editor);
  const auto id = json::parse(created.body).at("id").as_int64();
  const auto at = [&](std::string_view tail) {
    return fmt::format("/api/v1/articles/{}{}", id, tail);
  };
  check_call("GET", at(""), 200, {}, {{"Authorization", editor.authorization}});
  check_call("GET", at(""), 401, {}, {{"Authorization", "Bearer dl_x"}});
  check_call("PATCH", at(""), 200, R"({"title":"Documented story, edited","version":1})",
             as_editor);
  check_call("PATCH", at(""), 409, R"({"title":"Late","version":1})", as_editor);
  check_call("PATCH", at(""), 412, R"({"title":"Late"})", with(as_editor, "If-Match", "\"1\""));
  check_call("PATCH", at(""), 428, R"({"title":"Late"})", as_editor);
  check_call("PATCH", at(""), 422, R"({"tags":"x","version":2})", as_editor);
  check_call("PATCH", at(""), 415, "title=x",
             {{"Authorization", editor.authorization}, {"Content-Type", "text/plain"}});
  check_call("PATCH", at(""), 403, R"({"title":"Mine now","version":2})", as_cora);
  check_call("PATCH", "/api/v1/articles/999999", 404, R"({"title":"x","version":1})", as_editor);
  check_call("POST", at("/publish"), 422, R"({"published_at":"yesterday"})", as_editor);
  check_call("POST", at("/publish"), 403, {}, as_cora);
  check_call("POST", at("/publish"), 200, R"({"published_at":"2025-12-01T08:00:00Z"})", as_editor);
  check_call("POST", at("/publish"), 200, R"({"version":3})", as_editor);
  check_call("POST", at("/publish"), 409, R"({"published_at":"2025-12-01T08:00:00Z"})", as_editor);
  check_call("GET", at(""), 200);
  check_call("POST", at("/unpublish"), 412, {}, with(as_editor, "If-Match", "\"1\""));
  check_call("POST", at("/unpublish"), 200, R"({"version":4})", as_editor);
  check_call("POST", at("/unpublish"), 422, R"({"reason":"x"})", as_editor);
  check_call("DELETE", at(""), 428, {}, as_editor);
  check_call("DELETE", at(""), 409, R"({"version":1})", as_editor);
  check_call("DELETE", at(""), 412, {}, with(as_editor, "If-Match", "\"1\""));
  check_call("DELETE", at(""), 403, R"({"version":5})", as_cora);
  check_call("DELETE", at(""), 204, R"({"version":5})", as_editor);
  check_call("DELETE", at(""), 404, R"({"version":5})", as_editor);

  // Every documented operation was exercised above.
  for (const auto& [path, item] : doc().at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      EXPECT_TRUE(
          called_.contains(fmt::format("{} {}", std::string_view(method), std::string_view(path))))
          << std::string_view(method) << " " << std::string_view(path)
          << " is documented but never called";
    }
  }
}

TEST_F(OpenApiTest, NotModifiedAnswersMatchTheDocument) {
  for (std::string_view target : {"/api/v1/articles/budget-passed", "/api/v1/tags"}) {
    const auto etag = std::string(site().get(target).header("etag"));
    const auto r = site().get(target, {{"If-None-Match", etag}});
    EXPECT_EQ(r.status, 304u);
    const auto templ = template_for(target);
    const SchemaChecker checker(doc());
    const auto& not_modified = checker.resolve(
        doc().at("paths").at(templ).at("get").at("responses").at("304").as_object());
    EXPECT_FALSE(not_modified.contains("content"));
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("etag"), etag);
  }
}

// The checker itself catches drift: a missing required field, a wrong type, an undocumented field.
TEST_F(OpenApiTest, CheckerRejectsResponsesThatDriftFromTheDocument) {
  const SchemaChecker checker(doc());
  const auto& tag = doc().at("components").at("schemas").at("Tag").as_object();
  EXPECT_TRUE(checker.check(json::parse(R"({"slug":"a","name":"A","url":"u"})"), tag).empty());
  EXPECT_EQ(checker.check(json::parse(R"({"slug":"a","name":"A"})"), tag).size(), 1u);
  EXPECT_EQ(checker.check(json::parse(R"({"slug":1,"name":"A","url":"u"})"), tag).size(), 1u);
  EXPECT_EQ(checker.check(json::parse(R"({"slug":"a","name":"A","url":"u","x":1})"), tag).size(),
            1u);
  const auto& list = doc().at("components").at("schemas").at("TagList").as_object();
  EXPECT_TRUE(checker.check(json::parse(R"({"items":[],"next_cursor":null})"), list).empty());
  EXPECT_FALSE(checker.check(json::parse(R"({"items":[{}],"next_cursor":null})"), list).empty());
  EXPECT_FALSE(checker.check(json::parse(R"({"items":[]})"), list).empty());
  EXPECT_FALSE(
      checker.check(json::parse(R"({"items":[],"next_cursor":null,"more":1})"), list).empty());
  const auto& article = doc().at("components").at("schemas").at("Article").as_object();
  const auto real = site().json("/api/v1/articles/budget-passed");
  EXPECT_TRUE(checker.check(real, article).empty());
  auto broken = real;
  broken.as_object().erase("body_html");
  EXPECT_EQ(checker.check(broken, article).size(), 1u);
  broken = real;
  broken.as_object()["category"] = 5;
  EXPECT_FALSE(checker.check(broken, article).empty());
}

}  // namespace
}  // namespace dateline::api_test
