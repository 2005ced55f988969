#include <fmt/format.h>

#include "store/store.h"

namespace dateline::store {
namespace {

// Letters and digits (any non-ASCII byte counts as a letter, so accented and non-Latin words
// survive); everything else separates words.
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (is_word_byte(c)) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace

std::vector<std::string> fts_terms(std::string_view text) {
  constexpr std::size_t kMaxTerms = 12;
  std::vector<std::string> terms;
  std::size_t i = 0;
  while (i < text.size() && terms.size() < kMaxTerms) {
    if (text[i] == '"') {
      const auto close = text.find('"', i + 1);
      const auto inner = text.substr(
          i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
      const auto words = words_of(inner);
      if (!words.empty()) {
        std::string phrase;
        for (const auto& w : words) phrase += (phrase.empty() ? "" : " ") + w;
        terms.push_back(fmt::format("\"{}\"", phrase));
      }
      i = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '"' && text[end] != '\t' &&
           text[end] != '\n') {
      ++end;
    }
    const auto token = text.substr(i, end - i);
    const bool prefix = token.size() > 1 && token.back() == '*';
    const auto words = words_of(token);
    for (std::size_t w = 0; w < words.size() && terms.size() < kMaxTerms; ++w) {
      const bool last = w + 1 == words.size();
      terms.push_back(fmt::format("\"{}\"{}", words[w], prefix && last ? "*" : ""));
    }
    i = end == i ? i + 1 : end;
  }
  return terms;
}

std::optional<std::string> to_fts_query(const std::vector<std::string>& terms) {
  if (terms.empty()) return std::nullopt;
  std::string query;
  for (const auto& t : terms) query += (query.empty() ? "" : " ") + t;
  return query;
}

std::optional<std::string> to_fts_query(std::string_view text) {
  return to_fts_query(fts_terms(text));
}

}  // namespace dateline::store
