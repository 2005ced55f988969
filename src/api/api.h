// Api: Dateline's JSON API, version 1, under /api/v1/: public reads of published articles,
// authors, categories and tags, and search; and, given ApiWrites, writes to articles (create,
// update, publish, unpublish, delete) authenticated by per-user API tokens
// (Authorization: Bearer dl_...) and allowed by the same rules as the back office
// (auth/article_access.h). Lists page with opaque cursors (next_cursor and a Link rel="next"
// header); every GET 200 carries an ETag (a hash of the body) and answers If-None-Match with 304;
// writes take the article's version (If-Match or a version member) and refuse stale ones; every
// error is an RFC 9457 application/problem+json body. The OpenAPI 3.1 description is served at
// /api/v1/openapi.json.
//
// Thread-safe: handle() runs on any io thread at once; it reads the store and an atomically
// swapped base URL, and writes only through the (thread-safe) ApiWrites services.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/api_tokens.h"
#include "content/model.h"
#include "core/clock.h"
#include "http/message.h"
#include "store/editorial.h"
#include "store/store.h"

namespace dateline::api {

struct ApiOptions {
  // The canonical path of a published article, built exactly as the public site builds it (the
  // app passes Site::article_path). When empty, the site's URL pattern and time zone from the
  // store's settings are used.
  std::function<std::string(const content::Article&)> article_path;
  int default_limit = 20;
  int max_limit = 100;
  // Longer request targets answer 414; the server's own limits (header size, 1 MiB bodies)
  // apply first.
  std::size_t max_target_bytes = 2048;
  // Read requests carry no meaningful body; a larger one answers 413.
  std::size_t max_body_bytes = 16 * 1024;
  // Longest write body (an article's JSON); the server's body limit applies first.
  std::size_t max_write_body_bytes = 1024 * 1024;
  // Longest accepted search text, in bytes.
  std::size_t max_query_bytes = 200;
};

// What writes need, borrowed from the composition root. Without it the API is read-only and
// other methods than GET and HEAD answer 405.
struct ApiWrites {
  store::Editorial& editorial;
  auth::ApiTokens& tokens;
  core::Clock& clock;
  // Told after every write readers can see (as the back office tells it), with the articles
  // concerned; empty when only the schedule changed.
  std::function<void(const std::vector<content::Id>&)> content_changed;
};

class Api {
 public:
  Api(store::Store& store, ApiOptions options, std::optional<ApiWrites> writes = std::nullopt);

  // True for the paths handle() answers: /api and everything under /api/.
  static bool owns(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

  http::Response handle(const http::Request& request) const;

  // The problem document for a request the HTTP server refused before handle() could run (400,
  // 413, 431; see http::Refusal), so API clients get application/problem+json for those too.
  static http::Response refusal(unsigned status, std::string_view target, std::string_view reason);

  // Public URL used for absolute links instead of the stored base_url setting (the same value the
  // site gets from Site::set_base_url_override). Safe to call while requests are served.
  void set_base_url_override(std::string base_url);

 private:
  struct Context;
  class Handler;

  http::Response write(const http::Request& request, std::string_view rest) const;

  store::Store& store_;
  ApiOptions options_;
  std::optional<ApiWrites> writes_;
  std::string openapi_body_;
  std::atomic<std::shared_ptr<const std::string>> base_url_override_;
};

// The OpenAPI 3.1 document describing every endpoint above (openapi.cc).
boost::json::value openapi_document();

}  // namespace dateline::api
