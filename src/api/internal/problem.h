// Problem: an API answer other than success, before it becomes an RFC 9457 problem document
// (application/problem+json). Private to api/. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::api::internal {

// One invalid member of a request body (422).
struct FieldProblem {
  std::string field;
  std::string detail;
};

struct Problem {
  Problem(unsigned s, std::string d, std::string p = {})
      : status(s), detail(std::move(d)), parameter(std::move(p)) {}
  unsigned status = 500;
  std::string detail;
  std::string parameter;             // the query parameter at fault, for 400s
  std::vector<FieldProblem> errors;  // every invalid field, for 422s
  std::string allow;                 // the methods the resource offers, for 405s
  std::string www_authenticate;      // the challenge, for 401s
  std::vector<std::pair<std::string, std::string>> headers;  // any other headers to send
  std::optional<std::int64_t> current_version;  // the article's version, for 409s and 412s
};

// What a client sent, fit to quote back inside JSON: valid UTF-8, at most about 80 bytes.
std::string quoted(std::string_view text);

}  // namespace dateline::api::internal
