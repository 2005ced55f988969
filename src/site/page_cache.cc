#include "site/page_cache.h"

#include <fmt/format.h>

#include <mutex>

namespace dateline::site {

CachedPage split_page(std::string_view html, unsigned status) {
  CachedPage page;
  page.status = status;
  std::size_t pos = 0;
  while (true) {
    const auto top = html.find(kTopbarMarker, pos);
    const auto trend = html.find(kTrendingMarker, pos);
    const auto next = std::min(top, trend);
    if (next == std::string_view::npos) {
      page.segments.emplace_back(std::string(html.substr(pos)), Slot::kNone);
      return page;
    }
    const bool is_top = next == top;
    page.segments.emplace_back(std::string(html.substr(pos, next - pos)),
                               is_top ? Slot::kTopbar : Slot::kTrending);
    pos = next + (is_top ? kTopbarMarker.size() : kTrendingMarker.size());
  }
}

std::shared_ptr<const CachedPage> PageCache::find(const std::string& key) const {
  std::shared_lock lock(mu_);
  const auto it = pages_.find(key);
  if (it == pages_.end()) return nullptr;
  return it->second;
}

void PageCache::put(const std::string& key, std::shared_ptr<const CachedPage> page) {
  std::unique_lock lock(mu_);
  // A page rendered before the last clear() may hold stale content: drop it.
  if (page->generation != generation_.load()) return;
  if (pages_.size() >= max_entries_) pages_.clear();
  pages_[key] = std::move(page);
}

void PageCache::clear() {
  std::unique_lock lock(mu_);
  ++generation_;
  pages_.clear();
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mu_);
  return pages_.size();
}

void PageCache::set_fragment(Slot slot, std::string html) {
  auto f = std::make_shared<Fragment>();
  f->html = std::move(html);
  f->version = ++fragment_versions_;
  if (slot == Slot::kTopbar) topbar_.store(std::move(f));
  if (slot == Slot::kTrending) trending_.store(std::move(f));
}

std::pair<std::shared_ptr<const std::string>, std::string> PageCache::assemble(
    const CachedPage& page) const {
  auto top = topbar_.load();
  auto trend = trending_.load();
  std::size_t size = 0;
  for (const auto& [text, slot] : page.segments) {
    size += text.size();
    if (slot == Slot::kTopbar) size += top->html.size();
    if (slot == Slot::kTrending) size += trend->html.size();
  }
  auto out = std::make_shared<std::string>();
  out->reserve(size);
  for (const auto& [text, slot] : page.segments) {
    out->append(text);
    if (slot == Slot::kTopbar) out->append(top->html);
    if (slot == Slot::kTrending) out->append(trend->html);
  }
  auto etag = fmt::format("\"{:x}-{:x}-{:x}\"", page.generation, top->version, trend->version);
  return {std::move(out), std::move(etag)};
}

}  // namespace dateline::site
