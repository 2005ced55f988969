// ArticleWrites: the JSON API's writes to articles (create, update, publish, unpublish, delete),
// each made by a caller authenticated with an API token and allowed by auth::ArticleAccess, the
// rules the back office applies too. Each write either happens whole or changes nothing. Answers
// are articles for api.cc to render as GET renders them, or Problems. Private to api/. One object
// per request; the services it borrows are thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "api/api.h"
#include "api/internal/problem.h"
#include "auth/article_access.h"
#include "content/model.h"
#include "http/message.h"
#include "store/store.h"

namespace dateline::api::internal {

// Who makes a write: the token's user and what they may do.
struct Caller {
  auth::User user;
  auth::ArticleAccess access;
  content::Id token_id = 0;
};

struct WriteDone {
  unsigned status = 200;                    // 200, 201 or 204
  std::optional<content::Article> article;  // what to answer with; absent for 204
};

using WriteOutcome = std::variant<WriteDone, Problem>;

// The secret of an "Authorization: Bearer ..." header; nullopt without one.
std::optional<std::string_view> bearer_secret(const http::Request& request);

class ArticleWrites {
 public:
  ArticleWrites(const ApiWrites& deps, store::Store& store, const http::Request& request)
      : deps_(deps), store_(store), request_(request) {}

  // The token's user, or 401 (with a WWW-Authenticate challenge) when the Authorization header
  // is missing or its token is malformed, unknown or revoked, or the account is gone.
  std::variant<Caller, Problem> authenticate();

  // POST /articles: a draft (or an article pending review) by the caller.
  WriteOutcome create(const Caller& caller);
  // PATCH /articles/{id}: changes the fields sent; needs If-Match or a version field.
  WriteOutcome update(const Caller& caller, content::Id id);
  // POST /articles/{id}/publish: live now, or scheduled for a future published_at.
  WriteOutcome publish(const Caller& caller, content::Id id);
  // POST /articles/{id}/unpublish: a live or scheduled article back to draft.
  WriteOutcome unpublish(const Caller& caller, content::Id id);
  // DELETE /articles/{id}: needs If-Match or a version field.
  WriteOutcome remove(const Caller& caller, content::Id id);

 private:
  struct Input;
  struct Precondition;

  Problem internal(const core::Error& error) const;
  // The JSON object sent; nullopt when the body is empty and `required` is false.
  std::variant<std::optional<boost::json::object>, Problem> body(bool required) const;
  std::variant<Precondition, Problem> precondition() const;
  // Checks the caller's version (If-Match or `body_version`) against the article's.
  std::optional<Problem> check_version(const Precondition& pre,
                                       std::optional<std::int64_t> body_version,
                                       const content::Article& current, bool required) const;
  Problem stale(const Precondition& pre, content::Id id) const;
  // Copies what `input` sets onto `a`; every invalid field lands in `errors`.
  std::optional<Problem> apply(const Caller& caller, const Input& input, content::Article& a,
                               bool creating, std::vector<FieldProblem>& errors) const;
  std::variant<content::Article, Problem> load(content::Id id) const;
  void changed(const std::vector<content::Id>& ids) const;

  const ApiWrites& deps_;
  store::Store& store_;
  const http::Request& request_;
};

}  // namespace dateline::api::internal
