#include "content/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

namespace dateline::content {
namespace {

// ICU transliterators are not thread-safe for concurrent use; one guarded instance is plenty
// since slugs are made on writes, never on a reader's request path.
std::string to_ascii(std::string_view text) {
  static std::mutex mu;
  static std::unique_ptr<icu::Transliterator> translit = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  auto u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  {
    std::lock_guard lock(mu);
    if (translit) translit->transliterate(u);
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string slugify(std::string_view text) {
  const std::string ascii = to_ascii(text);
  std::string slug;
  bool pending_hyphen = false;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_hyphen && !slug.empty()) slug += '-';
      pending_hyphen = false;
      slug += c;
    } else if (c == '\'') {
      // apostrophes join words: "Pakistan's" -> "pakistans"
    } else {
      pending_hyphen = true;
    }
    if (slug.size() >= 120) break;
  }
  // A hyphen and a letter can arrive together and pass the cap by one.
  if (slug.size() > 120) slug.resize(120);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 200 || slug.front() == '-' || slug.back() == '-') return false;
  char prev = 0;
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

}  // namespace dateline::content
