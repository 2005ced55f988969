#include "site/page_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "testing/decompress.h"

namespace dateline::site {
namespace {

std::string big_text(std::string_view word, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += std::string(word) + " " + std::to_string(i) + "\n";
  return out;
}

std::string fmt_key(int i) { return "/p" + std::to_string(i) + "/"; }

std::shared_ptr<CachedPage> page_of(std::string_view html, std::uint64_t generation) {
  auto page = std::make_shared<CachedPage>(split_page(html, 200));
  page->generation = generation;
  return page;
}

TEST(PageCacheTest, VariantsSpliceFragmentsAndDecodeToTheIdentityBytes) {
  PageCache cache;
  cache.set_fragment(Slot::kTopbar, "<top>");
  cache.set_fragment(Slot::kTrending, "<trend>");
  const std::string body = big_text("paragraph", 200);
  const auto html = std::string("<html>") + std::string(kTopbarMarker) + body +
                    std::string(kTrendingMarker) + "</html>";
  cache.put("/a/", page_of(html, cache.generation()));
  const auto page = cache.find("/a/");
  ASSERT_NE(page, nullptr);

  const auto v = cache.variants(*page);
  const std::string expected = "<html><top>" + body + "<trend></html>";
  EXPECT_EQ(*v->identity, expected);
  ASSERT_NE(v->gzip, nullptr);
  ASSERT_NE(v->brotli, nullptr);
  EXPECT_EQ(testing::gunzip(*v->gzip), expected);
  EXPECT_EQ(testing::unbrotli(*v->brotli), expected);
  // Built once: later requests share the very same buffers.
  EXPECT_EQ(cache.variants(*page), v);
  EXPECT_EQ(cache.variants(*cache.find("/a/"))->identity, v->identity);

  std::shared_ptr<const std::string> bytes;
  std::string etag;
  EXPECT_EQ(v->pick(http::ContentCoding::kBrotli, bytes, etag), http::ContentCoding::kBrotli);
  EXPECT_EQ(bytes, v->brotli);
  EXPECT_EQ(etag, v->etag_brotli);
  EXPECT_TRUE(etag.ends_with("-br\""));
  EXPECT_EQ(v->pick(http::ContentCoding::kGzip, bytes, etag), http::ContentCoding::kGzip);
  EXPECT_TRUE(etag.ends_with("-gz\""));
  EXPECT_EQ(v->pick(http::ContentCoding::kIdentity, bytes, etag), http::ContentCoding::kIdentity);
  EXPECT_EQ(etag, v->etag);
}

TEST(PageCacheTest, AFragmentChangeRebuildsTheVariantsOnceAnIdenticalOneDoesNot) {
  PageCache cache;
  cache.set_fragment(Slot::kTrending, "<ol>one</ol>");
  cache.put(
      "/", page_of(std::string("<p>") + std::string(kTrendingMarker) + "</p>", cache.generation()));
  cache.put("/feed.xml", page_of("<rss/>", cache.generation()));
  const auto page = cache.find("/");
  const auto feed = cache.find("/feed.xml");
  const auto before = cache.variants(*page);
  const auto feed_before = cache.variants(*feed);

  cache.set_fragment(Slot::kTrending, "<ol>one</ol>");  // the timer found nothing new
  EXPECT_EQ(cache.variants(*page), before);

  cache.set_fragment(Slot::kTrending, "<ol>two</ol>");
  const auto after = cache.variants(*page);
  EXPECT_NE(after, before);
  EXPECT_EQ(*after->identity, "<p><ol>two</ol></p>");
  EXPECT_NE(after->etag, before->etag);
  EXPECT_EQ(cache.variants(*page), after);
  // A page without slots keeps its bytes and ETag.
  EXPECT_EQ(cache.variants(*feed), feed_before);
}

TEST(PageCacheTest, TinyBodiesAreNotCompressed) {
  PageCache cache;
  cache.put("/robots.txt", page_of("User-agent: *\n", cache.generation()));
  const auto v = cache.variants(*cache.find("/robots.txt"));
  EXPECT_EQ(v->gzip, nullptr);
  std::shared_ptr<const std::string> bytes;
  std::string etag;
  EXPECT_EQ(v->pick(http::ContentCoding::kBrotli, bytes, etag), http::ContentCoding::kIdentity);
  EXPECT_EQ(*bytes, "User-agent: *\n");
}

TEST(PageCacheTest, StaysWithinItsByteBoundDroppingTheLeastRecentlyUsed) {
  const std::string body(10000, 'x');
  PageCache probe;
  probe.put("/p0/", page_of(body, probe.generation()));
  const std::size_t one = probe.bytes();
  ASSERT_GT(one, body.size());

  PageCache cache(one * 10);
  for (int i = 0; i < 10; ++i) cache.put(fmt_key(i), page_of(body, cache.generation()));
  EXPECT_EQ(cache.size(), 10u);
  ASSERT_NE(cache.find("/p0/"), nullptr);  // the oldest, but just used
  cache.put("/p10/", page_of(body, cache.generation()));
  EXPECT_LE(cache.bytes(), one * 10);
  EXPECT_NE(cache.find("/p0/"), nullptr);
  EXPECT_NE(cache.find("/p10/"), nullptr);
  EXPECT_EQ(cache.find("/p1/"), nullptr);  // least recently used: gone
  EXPECT_GT(cache.size(), 5u);             // not everything was dropped
  for (int i = 11; i < 40; ++i) cache.put(fmt_key(i), page_of(body, cache.generation()));
  EXPECT_LE(cache.bytes(), one * 10);
  EXPECT_NE(cache.find("/p39/"), nullptr);
}

TEST(PageCacheTest, AFloodOfSharePagesEvictsOnlyItsOwnKind) {
  const std::string body(10000, 'x');
  PageCache probe;
  probe.put("/p0/", page_of(body, probe.generation()));
  const std::size_t one = probe.bytes();
  const auto flood = [&](PageCache& cache) {
    for (int i = 0; i < 8; ++i) cache.put(fmt_key(i), page_of(body, cache.generation()));
    for (int i = 0; i < 100; ++i) {
      auto page = page_of(body, cache.generation());
      page->depends_on = {"content"};
      cache.put("q?" + std::to_string(i), std::move(page));
    }
  };

  PageCache shared(one * 20, PrefixShare{"q?", one * 4});
  flood(shared);
  for (int i = 0; i < 8; ++i) EXPECT_NE(shared.find(fmt_key(i)), nullptr) << i;
  EXPECT_LE(shared.share_bytes(), one * 4);
  EXPECT_GT(shared.share_bytes(), one);     // searches are still cached...
  EXPECT_NE(shared.find("q?99"), nullptr);  // the latest of them
  EXPECT_EQ(shared.find("q?0"), nullptr);   // the oldest went
  EXPECT_LE(shared.bytes(), one * 20);
  EXPECT_GT(shared.invalidate({"content"}), 0u);
  EXPECT_EQ(shared.share_bytes(), 0u);
  EXPECT_EQ(shared.size(), 8u);

  // Without a share the same flood pushes the pages out.
  PageCache plain(one * 20);
  flood(plain);
  EXPECT_EQ(plain.find(fmt_key(0)), nullptr);
}
TEST(PageCacheTest, PageRenderedBeforeAClearIsNotKept) {
  PageCache cache;
  const auto generation = cache.generation();
  cache.clear();
  cache.put("/stale/", page_of("old", generation));
  EXPECT_EQ(cache.find("/stale/"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(PageCacheTest, InvalidateDropsExactlyThePagesCarryingAKey) {
  PageCache cache;
  const auto keyed = [&](std::string_view html, std::vector<std::string> keys) {
    auto page = page_of(html, cache.generation());
    page->depends_on = std::move(keys);
    return page;
  };
  cache.put("/a/", keyed("a", {"self:1", "shows:1", "shows:2"}));
  cache.put("/b/", keyed("b", {"self:2", "shows:2"}));
  cache.put("/c/", keyed("c", {"self:3", "shows:3"}));
  cache.put("/", keyed("home", {"any"}));
  const auto before = cache.bytes();

  EXPECT_EQ(cache.invalidate({"shows:2", "any"}), 3u);
  EXPECT_EQ(cache.find("/a/"), nullptr);
  EXPECT_EQ(cache.find("/b/"), nullptr);
  EXPECT_EQ(cache.find("/"), nullptr);
  EXPECT_NE(cache.find("/c/"), nullptr);
  EXPECT_LT(cache.bytes(), before);
  EXPECT_EQ(cache.invalidate({"shows:2", "unknown"}), 0u);
  // A key is forgotten with its page: a new page under it is dropped again, alone.
  cache.put("/b/", keyed("b2", {"shows:2"}));
  EXPECT_EQ(cache.invalidate({"shows:2"}), 1u);
  EXPECT_NE(cache.find("/c/"), nullptr);
}

TEST(PageCacheTest, LatestSlotLeavesThePagesOwnArticleOut) {
  PageCache cache;
  cache.set_latest("<latest 1 2 3>", {{1, "<latest 2 3 4>"}, {2, "<latest 1 3 4>"}});
  const std::string html = std::string("<main>") + std::string(kLatestMarker) + "</main>";
  auto own = page_of(html, cache.generation());
  own->article_id = 2;
  auto other = page_of(html, cache.generation());
  other->article_id = 9;
  cache.put("/two/", own);
  cache.put("/nine/", other);
  EXPECT_EQ(*cache.variants(*cache.find("/two/"))->identity, "<main><latest 1 3 4></main>");
  EXPECT_EQ(*cache.variants(*cache.find("/nine/"))->identity, "<main><latest 1 2 3></main>");
  const auto etag = cache.variants(*cache.find("/nine/"))->etag;
  cache.set_latest("<latest 1 2 3>", {{1, "<latest 2 3 4>"}, {2, "<latest 1 3 4>"}});
  EXPECT_EQ(cache.variants(*cache.find("/nine/"))->etag, etag);  // nothing new
  cache.set_latest("<latest 5 1 2>", {{5, "<latest 1 2 3>"}});
  EXPECT_EQ(*cache.variants(*cache.find("/two/"))->identity, "<main><latest 5 1 2></main>");
}

}  // namespace
}  // namespace dateline::site
