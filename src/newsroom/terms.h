// TermAnalyzer: turns article text into the index terms RelatedIndex compares. Not thread-safe: it
// owns a libstemmer instance, which keeps per-call state; give each thread its own or guard it.
//
// Steps: drop the URL of Markdown links and images ("[text](url)" keeps "text") and bare
// http(s):// URLs; lower-case ASCII; split on every ASCII byte that is not a letter or digit and on
// Unicode punctuation (U+0080..U+00BF, U+2000..U+206F), other bytes >= 0x80 being word characters;
// drop English stop words, tokens shorter than 2 characters and tokens of digits only; stem with
// Snowball's English stemmer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;  // libstemmer.h

namespace dateline::newsroom {

class TermAnalyzer {
 public:
  // Throws std::runtime_error when libstemmer cannot create the English stemmer (start-up failure).
  TermAnalyzer();
  ~TermAnalyzer();
  TermAnalyzer(const TermAnalyzer&) = delete;
  TermAnalyzer& operator=(const TermAnalyzer&) = delete;

  // The stemmed terms of `text`, in order, repeats kept.
  std::vector<std::string> terms(std::string_view text);

  // True for the English stop words dropped before stemming (`word` in lower case).
  static bool is_stop_word(std::string_view word);

 private:
  struct StemmerDeleter {
    void operator()(sb_stemmer* stemmer) const;
  };
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer_;
};

}  // namespace dateline::newsroom
