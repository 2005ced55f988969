// What the back office's management pages (users, authors, categories, settings) share: ids in
// paths and fields, field errors laid out for the templates, and checks of typed text. Pure
// functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/model.h"
#include "http/message.h"

namespace dateline::admin {

// Problems with a form, (field, message) in the form's order. A field's name is also the id of
// its input, so the error summary links to it.
using FieldErrors = std::vector<std::pair<std::string, std::string>>;

// A positive decimal id ("12"), or nullopt for anything else.
std::optional<content::Id> parse_positive_id(std::string_view text);

// Adds `errors` to a page's view: has_errors, errors ([{field, message}] for the summary) and
// error ({field: its first message}, for the message beside each field).
void put_errors(boost::json::object& view, const FieldErrors& errors);

// 405 with Allow: `allow`.
http::Response method_not_allowed(std::string_view allow);

// Characters, not bytes, in UTF-8 text.
std::size_t char_count(std::string_view utf8);

// What is wrong with a line (or, when `multiline`, lines) of typed text: invalid UTF-8, control
// characters (tabs and line breaks allowed when multiline) or more than `max` characters. ""
// when nothing is.
std::string text_problem(std::string_view text, std::size_t max, bool multiline = false);

// `text` fit to show again in a form: control characters other than tab and line feed dropped,
// bytes that are not UTF-8 replaced by U+FFFD (what was typed may be either).
std::string displayable(std::string_view text);

// `text` with "\r\n" and lone "\r" turned into "\n" and the ends trimmed.
std::string normalize_lines(std::string_view text);

}  // namespace dateline::admin
