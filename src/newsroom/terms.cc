#include "newsroom/terms.h"

#include <libstemmer.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace dateline::newsroom {
namespace {

// Sorted for binary search. Common English function words plus a few newsroom fillers ("said").
constexpr std::string_view kStopWords[] = {
    "about",    "above",      "after",   "again",     "against", "all",        "also", "am",
    "an",       "and",        "any",     "are",       "as",      "at",         "be",   "because",
    "been",     "before",     "being",   "below",     "between", "both",       "but",  "by",
    "can",      "could",      "did",     "do",        "does",    "doing",      "don",  "down",
    "during",   "each",       "even",    "ever",      "few",     "for",        "from", "further",
    "had",      "has",        "have",    "having",    "he",      "her",        "here", "hers",
    "herself",  "him",        "himself", "his",       "how",     "however",    "if",   "in",
    "into",     "is",         "it",      "its",       "itself",  "just",       "may",  "me",
    "might",    "more",       "most",    "must",      "my",      "myself",     "no",   "nor",
    "not",      "now",        "of",      "off",       "on",      "once",       "only", "or",
    "other",    "our",        "ours",    "ourselves", "out",     "over",       "own",  "said",
    "same",     "says",       "she",     "should",    "so",      "some",       "such", "than",
    "that",     "the",        "their",   "theirs",    "them",    "themselves", "then", "there",
    "these",    "they",       "this",    "those",     "through", "to",         "too",  "under",
    "until",    "up",         "upon",    "very",      "was",     "we",         "were", "what",
    "when",     "where",      "which",   "while",     "who",     "whom",       "why",  "will",
    "with",     "within",     "without", "would",     "yet",     "you",        "your", "yours",
    "yourself", "yourselves",
};
static_assert(std::is_sorted(std::begin(kStopWords), std::end(kStopWords)));

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length in bytes of a Unicode punctuation or symbol sequence starting at `i` (U+0080..U+00BF,
// U+2000..U+206F), or 0.
std::size_t unicode_separator_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  if (byte(i) == 0xC2 && i + 1 < text.size()) {
    const unsigned char b1 = byte(i + 1);
    if (b1 >= 0x80 && b1 <= 0xBF) return 2;
  }
  if (byte(i) == 0xE2 && i + 2 < text.size()) {
    const unsigned char b1 = byte(i + 1);
    if (b1 == 0x80 || b1 == 0x81) return 3;
  }
  return 0;
}

// Index just past the URL of a Markdown link that starts with "](" at `i` (nested parentheses
// balanced), or `i` when there is none.
std::size_t skip_link_url(std::string_view text, std::size_t i) {
  if (text.compare(i, 2, "](") != 0) return i;
  int depth = 0;
  for (std::size_t k = i + 1; k < text.size(); ++k) {
    if (text[k] == '(') ++depth;
    if (text[k] == ')' && --depth == 0) return k + 1;
    if (text[k] == '\n' && k + 1 < text.size() && text[k + 1] == '\n') break;  // not a link
  }
  return i;
}

bool starts_with_ci(std::string_view text, std::size_t i, std::string_view prefix) {
  if (text.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = text[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

std::size_t skip_bare_url(std::string_view text, std::size_t i) {
  if (!starts_with_ci(text, i, "http://") && !starts_with_ci(text, i, "https://")) return i;
  std::size_t k = i;
  while (k < text.size() && text[k] != ' ' && text[k] != '\n' && text[k] != '\t' &&
         text[k] != ')' && text[k] != '>') {
    ++k;
  }
  return k;
}

std::size_t code_points(std::string_view token) {
  return static_cast<std::size_t>(std::count_if(token.begin(), token.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool all_digits(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void TermAnalyzer::StemmerDeleter::operator()(sb_stemmer* stemmer) const {
  sb_stemmer_delete(stemmer);
}

TermAnalyzer::TermAnalyzer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {
  if (!stemmer_) throw std::runtime_error("libstemmer has no English UTF-8 stemmer");
}

TermAnalyzer::~TermAnalyzer() = default;

bool TermAnalyzer::is_stop_word(std::string_view word) {
  return std::binary_search(std::begin(kStopWords), std::end(kStopWords), word);
}

std::vector<std::string> TermAnalyzer::terms(std::string_view text) {
  std::vector<std::string> out;
  std::string token;
  const auto emit = [&] {
    if (token.empty()) return;
    if (code_points(token) >= 2 && !all_digits(token) && !is_stop_word(token)) {
      const sb_symbol* stem =
          sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(token.data()),
                          static_cast<int>(token.size()));
      if (stem != nullptr) {
        const auto length = static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()));
        std::string stemmed(reinterpret_cast<const char*>(stem), length);
        if (code_points(stemmed) >= 2) out.push_back(std::move(stemmed));
      }
    }
    token.clear();
  };

  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t past = skip_link_url(text, i); past != i) {
      emit();
      i = past;
      continue;
    }
    if (token.empty()) {
      if (const std::size_t past = skip_bare_url(text, i); past != i) {
        i = past;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (const std::size_t n = unicode_separator_length(text, i); n > 0) {
        emit();
        i += n;
        continue;
      }
      token.push_back(static_cast<char>(c));
    } else if (is_ascii_alnum(c)) {
      token.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                           : static_cast<char>(c));
    } else {
      emit();
    }
    ++i;
  }
  emit();
  return out;
}

}  // namespace dateline::newsroom
