#include "site/page_cache.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <mutex>

namespace dateline::site {
namespace {

// Bodies smaller than this go out uncoded: compression would save next to nothing.
constexpr std::size_t kMinCompressBytes = 512;

bool has_slots(const CachedPage& page) {
  return std::any_of(page.segments.begin(), page.segments.end(),
                     [](const auto& s) { return s.second != Slot::kNone; });
}

// What a cached page costs: its segments, the assembled copy and roughly half as much again for
// the gzip and brotli variants, plus bookkeeping.
std::size_t charge_of(const std::string& key, const CachedPage& page) {
  std::size_t text = 0;
  for (const auto& [segment, slot] : page.segments) text += segment.size();
  return key.size() + text * 2 + text / 2 + 512;
}

}  // namespace

http::ContentCoding PageVariants::pick(http::ContentCoding wanted,
                                       std::shared_ptr<const std::string>& body,
                                       std::string& etag_out) const {
  if (wanted == http::ContentCoding::kBrotli && brotli) {
    body = brotli;
    etag_out = etag_brotli;
    return wanted;
  }
  if (wanted == http::ContentCoding::kGzip && gzip) {
    body = gzip;
    etag_out = etag_gzip;
    return wanted;
  }
  body = identity;
  etag_out = etag;
  return http::ContentCoding::kIdentity;
}

CachedPage split_page(std::string_view html, unsigned status) {
  static constexpr std::array<std::pair<std::string_view, Slot>, 3> kMarkers{{
      {kTopbarMarker, Slot::kTopbar},
      {kTrendingMarker, Slot::kTrending},
      {kLatestMarker, Slot::kLatest},
  }};
  CachedPage page;
  page.status = status;
  std::size_t pos = 0;
  while (true) {
    auto next = std::string_view::npos;
    const std::pair<std::string_view, Slot>* found = nullptr;
    for (const auto& marker : kMarkers) {
      const auto at = html.find(marker.first, pos);
      if (at < next) {
        next = at;
        found = &marker;
      }
    }
    if (found == nullptr) {
      page.segments.emplace_back(std::string(html.substr(pos)), Slot::kNone);
      return page;
    }
    page.segments.emplace_back(std::string(html.substr(pos, next - pos)), found->second);
    pos = next + found->first.size();
  }
}

std::shared_ptr<const CachedPage> PageCache::find(const std::string& key) const {
  std::shared_lock lock(mu_);
  const auto it = pages_.find(key);
  if (it == pages_.end()) return nullptr;
  it->second.last_used.store(++clock_, std::memory_order_relaxed);
  return it->second.page;
}

void PageCache::put(const std::string& key, std::shared_ptr<const CachedPage> page) {
  const auto charge = charge_of(key, *page);
  std::unique_lock lock(mu_);
  // A page rendered before the last invalidation may hold stale content: drop it.
  if (page->generation != generation_.load()) return;
  if (const auto it = pages_.find(key); it != pages_.end()) erase_locked(it);
  auto [it, inserted] = pages_.try_emplace(key);
  for (const auto& k : page->depends_on) keyed_[k].insert(key);
  it->second.page = std::move(page);
  it->second.bytes = charge;
  it->second.in_share = !share_.prefix.empty() && key.starts_with(share_.prefix);
  it->second.last_used.store(++clock_, std::memory_order_relaxed);
  bytes_ += charge;
  if (it->second.in_share) {
    share_bytes_ += charge;
    if (share_bytes_ > share_.max_bytes) evict_locked(true);
  }
  if (bytes_ > max_bytes_) evict_locked(false);
}

void PageCache::evict_locked(bool share_only) {
  // A tenth of the budget is freed at once, so eviction runs once per many insertions rather
  // than on each.
  const std::size_t budget = share_only ? share_.max_bytes : max_bytes_;
  const std::size_t target = budget - budget / 10;
  std::vector<std::pair<std::uint64_t, const std::string*>> by_age;
  by_age.reserve(pages_.size());
  for (const auto& [key, entry] : pages_) {
    if (share_only && !entry.in_share) continue;
    by_age.emplace_back(entry.last_used.load(std::memory_order_relaxed), &key);
  }
  std::sort(by_age.begin(), by_age.end());
  std::vector<std::string> victims;
  std::size_t bytes = share_only ? share_bytes_ : bytes_;
  for (const auto& [age, key] : by_age) {
    if (bytes <= target) break;
    bytes -= pages_.find(*key)->second.bytes;
    victims.push_back(*key);
  }
  for (const auto& key : victims) erase_locked(pages_.find(key));
}

void PageCache::erase_locked(std::unordered_map<std::string, Entry>::iterator it) {
  for (const auto& k : it->second.page->depends_on) {
    const auto keyed = keyed_.find(k);
    if (keyed == keyed_.end()) continue;
    keyed->second.erase(it->first);
    if (keyed->second.empty()) keyed_.erase(keyed);
  }
  bytes_ -= it->second.bytes;
  if (it->second.in_share) share_bytes_ -= it->second.bytes;
  pages_.erase(it);
}

std::size_t PageCache::invalidate(const std::vector<std::string>& keys) {
  std::unique_lock lock(mu_);
  ++generation_;
  std::size_t dropped = 0;
  for (const auto& k : keys) {
    const auto keyed = keyed_.find(k);
    if (keyed == keyed_.end()) continue;
    const std::vector<std::string> victims(keyed->second.begin(), keyed->second.end());
    for (const auto& key : victims) {
      if (const auto it = pages_.find(key); it != pages_.end()) {
        erase_locked(it);
        ++dropped;
      }
    }
  }
  return dropped;
}

void PageCache::clear() {
  std::unique_lock lock(mu_);
  ++generation_;
  pages_.clear();
  keyed_.clear();
  bytes_ = 0;
  share_bytes_ = 0;
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mu_);
  return pages_.size();
}

std::size_t PageCache::bytes() const {
  std::shared_lock lock(mu_);
  return bytes_;
}

std::size_t PageCache::share_bytes() const {
  std::shared_lock lock(mu_);
  return share_bytes_;
}

void PageCache::replace_fragments(const std::function<bool(Fragments&)>& change) {
  // Writers are timers and content events; the compare-and-swap keeps concurrent ones from
  // losing each other's fragment.
  auto current = fragments_.load();
  while (true) {
    auto next = std::make_shared<Fragments>(*current);
    if (!change(*next)) return;  // identical: pages keep their variants and ETags
    next->version = ++fragment_versions_;
    std::shared_ptr<const Fragments> desired = std::move(next);
    if (fragments_.compare_exchange_weak(current, desired)) return;
  }
}

void PageCache::set_fragment(Slot slot, std::string html) {
  if (slot != Slot::kTopbar && slot != Slot::kTrending && slot != Slot::kLatest) return;
  replace_fragments([&](Fragments& f) {
    std::string& target =
        slot == Slot::kTopbar ? f.topbar : (slot == Slot::kTrending ? f.trending : f.latest);
    if (target == html) return false;
    target = html;
    return true;
  });
}

void PageCache::set_latest(std::string html,
                           std::vector<std::pair<content::Id, std::string>> without) {
  replace_fragments([&](Fragments& f) {
    if (f.latest == html && f.latest_without == without) return false;
    f.latest = html;
    f.latest_without = without;
    return true;
  });
}

std::string PageCache::splice(const CachedPage& page, const Fragments& fragments) const {
  const std::string* latest = &fragments.latest;
  if (page.article_id) {
    for (const auto& [id, html] : fragments.latest_without) {
      if (id == *page.article_id) latest = &html;
    }
  }
  const auto fragment = [&](Slot slot) -> const std::string* {
    switch (slot) {
      case Slot::kTopbar:
        return &fragments.topbar;
      case Slot::kTrending:
        return &fragments.trending;
      case Slot::kLatest:
        return latest;
      case Slot::kNone:
        break;
    }
    return nullptr;
  };
  std::size_t size = 0;
  for (const auto& [text, slot] : page.segments) {
    size += text.size();
    if (const auto* f = fragment(slot)) size += f->size();
  }
  std::string out;
  out.reserve(size);
  for (const auto& [text, slot] : page.segments) {
    out.append(text);
    if (const auto* f = fragment(slot)) out.append(*f);
  }
  return out;
}

std::shared_ptr<const std::string> PageCache::assemble(const CachedPage& page) const {
  return std::make_shared<const std::string>(splice(page, *fragments_.load()));
}

std::shared_ptr<const PageVariants> PageCache::variants(const CachedPage& page) const {
  const auto fragments = fragments_.load();
  const std::uint64_t version = has_slots(page) ? fragments->version : 0;
  if (auto current = page.variants.load(); current && current->fragments == version) {
    return current;
  }
  // First use since the page was cached or a fragment changed. Two threads may both get here;
  // they build the same bytes and either result serves.
  auto built = std::make_shared<PageVariants>();
  built->fragments = version;
  auto identity = std::make_shared<const std::string>(splice(page, *fragments));
  if (identity->size() >= kMinCompressBytes) {
    auto gz = http::gzip_compress(*identity);
    if (!gz.empty()) built->gzip = std::make_shared<const std::string>(std::move(gz));
    auto br = http::brotli_compress(*identity);
    if (!br.empty()) built->brotli = std::make_shared<const std::string>(std::move(br));
  }
  built->identity = std::move(identity);
  const auto base = fmt::format("{:x}-{:x}", page.generation, version);
  built->etag = fmt::format("\"{}\"", base);
  built->etag_gzip = fmt::format("\"{}-gz\"", base);
  built->etag_brotli = fmt::format("\"{}-br\"", base);
  std::shared_ptr<const PageVariants> result = std::move(built);
  page.variants.store(result);
  return result;
}

}  // namespace dateline::site
