// `dateline import`, run as a user would (the built binary), then the site served: the import
// writes the articles and leaves their related lists to the server, which ranks them in the
// background when it starts; the pages then show the same Related News a full ranking gives.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/strings.h"
#include "integration/harness.h"
#include "newsroom/related.h"
#include "store/sqlite/sqlite_store.h"
#include "wxr/wxr_fixture.h"

namespace dateline::integration {
namespace {

using testing::HttpClient;

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the dateline binary with `args` (no shell metacharacters besides the quoted paths).
CliRun dateline(const testing::TempDir& dir, const std::string& args) {
  const auto out = dir.path() / "out.txt";
  const auto command =
      fmt::format("'{}' {} < /dev/null > '{}' 2>&1", DATELINE_BIN, args, out.string());
  const int status = std::system(command.c_str());
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.output = read_text(out);
  return run;
}

struct Story {
  std::string slug;
  std::string title;
  std::string tags;
  std::string body;
};

std::string markdown(const Story& s, int day) {
  return fmt::format(
      "---\ntitle: \"{}\"\nslug: {}\ndate: 2025-11-{:02}T10:00:00+05:00\nauthor: Sana Mir\n"
      "category: News\ntags: [{}]\n---\n{}\n",
      s.title, s.slug, day, s.tags, s.body);
}

const std::vector<Story> kStories = {
    {"cricket-final", "Pakistan beat India in a thrilling cricket final", "cricket",
     "The cricket team chased the target with two wickets left in the final over."},
    {"cricket-captain", "Cricket board names a new captain for the test series", "cricket",
     "The cricket board picked a batsman as captain for the test series against England."},
    {"cricket-bowler", "Fast bowler takes five wickets in the cricket test", "cricket",
     "A fast bowler took five wickets as the cricket team won the test by an innings."},
    {"fuel-prices", "Fuel prices rise again as the rupee slides", "energy",
     "Petrol and diesel prices went up on Monday after the rupee fell against the dollar."},
    {"gas-prices", "Cooking gas priced higher for the winter months", "energy",
     "Households will pay more for gas cylinders and petrol this winter, the regulator said."},
    {"floods", "Floods displace thousands in Sindh villages", "weather",
     "Heavy monsoon rain swept away villages and roads across Sindh."},
};

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto init = dateline(dir_, fmt::format("--db '{}' --log-level warn init --site-name "
                                                 "'The Valley Ledger' --short-name TVL "
                                                 "--timezone Asia/Karachi",
                                                 db()));
    ASSERT_EQ(init.exit_code, 0) << init.output;
  }

  std::string db() const { return (dir_.path() / "site.db").string(); }

  CliRun import(const std::vector<Story>& stories, const std::string& folder) {
    int day = 1;
    for (const auto& s : stories) dir_.write(folder + "/" + s.slug + ".md", markdown(s, day++));
    return dateline(dir_, fmt::format("--db '{}' --log-level warn import '{}'", db(),
                                      (dir_.path() / folder).string()));
  }

  std::map<std::string, content::Id> ids() {
    auto store = store::sqlite::SqliteStore::open(db());
    EXPECT_TRUE(store) << store.error().message;
    std::map<std::string, content::Id> out;
    for (const auto& s : kStories) {
      auto a = (*store)->find_published_by_slug(s.slug);
      EXPECT_TRUE(a) << s.slug;
      if (a) out[s.slug] = a->id;
    }
    return out;
  }

  // What ranking every article from scratch gives, article -> related ids (articles with no
  // related article left out, as they have no stored list).
  std::map<content::Id, std::vector<content::Id>> full_ranking() {
    auto store = store::sqlite::SqliteStore::open(db());
    EXPECT_TRUE(store);
    auto texts = (*store)->published_texts();
    EXPECT_TRUE(texts);
    newsroom::RelatedIndex index;
    for (const auto& t : *texts) index.upsert(t);
    std::map<content::Id, std::vector<content::Id>> out;
    for (const auto& t : *texts) {
      if (auto list = index.top_k(t.id, 5); !list.empty()) out[t.id] = std::move(list);
    }
    return out;
  }

  std::map<content::Id, std::vector<content::Id>> stored_lists() {
    auto store = store::sqlite::SqliteStore::open(db());
    EXPECT_TRUE(store);
    auto lists = (*store)->related_lists();
    EXPECT_TRUE(lists) << lists.error().message;
    std::map<content::Id, std::vector<content::Id>> out;
    for (auto& [id, list] : *lists) out[id] = std::move(list);
    return out;
  }

  // Serves the database until the related lists are ranked; returns the Related News card URLs
  // of every story's page.
  std::map<std::string, std::vector<std::string>> serve_and_read_related() {
    app::Config config;
    config.db_path = db();
    config.listen_port = 0;
    config.access_log = false;
    config.weather_url = weather_.base_url();
    testing::FakeClock clock(kNow);
    auto created = app::App::create(config, clock);
    EXPECT_TRUE(created) << created.error().message;
    if (!created) return {};
    auto& app = **created;
    app.wait_related();
    EXPECT_TRUE(app.start());
    HttpClient client(app.port());
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& s : kStories) {
      const auto page = client.get("/" + s.slug + "/");
      EXPECT_EQ(page.status, 200u) << s.slug;
      for (const auto& card : cards(related_widget(page.body))) out[s.slug].push_back(card.url);
    }
    app.stop();
    return out;
  }

  testing::TempDir dir_;
  WeatherStub weather_;
};

TEST_F(ImportCliTest, TheServerRanksTheRelatedListsAnImportLeaves) {
  const auto run = import(kStories, "stories");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(count(run.output, "imported /"), kStories.size()) << run.output;
  // The import itself ranks nothing: that is the server's work.
  EXPECT_TRUE(stored_lists().empty());

  const auto pages = serve_and_read_related();
  const auto id = ids();
  const auto expected = full_ranking();
  EXPECT_EQ(stored_lists(), expected);
  std::map<content::Id, std::string> slug_of;
  for (const auto& [slug, article] : id) slug_of[article] = slug;
  for (const auto& s : kStories) {
    std::vector<std::string> want;
    if (const auto it = expected.find(id.at(s.slug)); it != expected.end()) {
      for (content::Id other : it->second) want.push_back("/" + slug_of[other] + "/");
    }
    const auto shown = pages.find(s.slug);
    EXPECT_EQ(shown == pages.end() ? std::vector<std::string>{} : shown->second, want) << s.slug;
  }
  ASSERT_TRUE(pages.contains("cricket-final"));
  // The cricket stories are each other's best matches.
  EXPECT_TRUE(pages.at("cricket-final").front() == "/cricket-captain/" ||
              pages.at("cricket-final").front() == "/cricket-bowler/")
      << pages.at("cricket-final").front();
}

TEST_F(ImportCliTest, ReimportingAStoryForgetsItsListUntilTheServerRanksItAgain) {
  ASSERT_EQ(import(kStories, "first").exit_code, 0);
  serve_and_read_related();
  const auto id = ids();
  const content::Id captain = id.at("cricket-captain");
  const auto stored_before = stored_lists();
  ASSERT_TRUE(stored_before.contains(captain));
  ASSERT_TRUE(stored_before.contains(id.at("cricket-final")));

  // The captain story now reads as a fuel story.
  auto edited = kStories[1];
  edited.title = "Petrol and diesel prices to rise with the rupee";
  edited.tags = "energy";
  edited.body = "Diesel, petrol and gas prices will rise on Monday, the regulator said.";
  const auto run = import({edited}, "second");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto after_import = stored_lists();
  EXPECT_FALSE(after_import.contains(captain)) << "the updated story's list is forgotten";
  EXPECT_EQ(after_import.at(id.at("cricket-final")), stored_before.at(id.at("cricket-final")))
      << "other lists stay as they were";

  const auto pages = serve_and_read_related();
  const auto expected = full_ranking();
  EXPECT_EQ(stored_lists().at(captain), expected.at(captain));
  ASSERT_TRUE(pages.contains("cricket-captain"));
  EXPECT_TRUE(pages.at("cricket-captain").front() == "/fuel-prices/" ||
              pages.at("cricket-captain").front() == "/gas-prices/")
      << pages.at("cricket-captain").front();
}

TEST_F(ImportCliTest, AFolderWithOneBrokenFileImportsNothing) {
  dir_.write("broken/zz-no-title.md", "---\ndate: 2025-11-02T10:00:00+05:00\n---\nNo title.\n");
  const auto run = import(kStories, "broken");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("zz-no-title.md"), std::string::npos) << run.output;
  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  EXPECT_EQ(*(*store)->count_published(), 0);
}

std::vector<std::string> lines_starting(const std::string& text, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto line : core::split(text, '\n')) {
    if (line.starts_with(prefix)) out.emplace_back(line);
  }
  return out;
}

TEST_F(ImportCliTest, AWordPressExportPrintsEachArticleTheSkippedItemsAndASummary) {
  const auto file = dir_.write("export.xml", std::string(ingest::testdata::kExport));
  const auto run =
      dateline(dir_, fmt::format("--db '{}' --log-level warn import '{}'", db(), file.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto imported = lines_starting(run.output, "imported ");
  EXPECT_EQ(imported.size(), 5u) << run.output;
  EXPECT_NE(std::find(imported.begin(), imported.end(), "imported /petrol-prices-raised/"),
            imported.end())
      << run.output;
  EXPECT_EQ(lines_starting(run.output, "skipped "),
            (std::vector<std::string>{"skipped post 103 \"Deleted story\": in the trash",
                                      "skipped 1 item: attachment (not a post)",
                                      "skipped 1 item: nav_menu_item (not a post)",
                                      "skipped 1 item: page (not a post)"}))
      << run.output;
  EXPECT_EQ(
      lines_starting(run.output, "wordpress import: "),
      (std::vector<std::string>{"wordpress import: 5 imported, 0 updated, 0 unchanged, 4 skipped"}))
      << run.output;
}

TEST_F(ImportCliTest, ReimportingAnEditedWordPressPostSaysUpdatedAndForgetsItsRelatedList) {
  const auto file = dir_.write("export.xml", std::string(ingest::testdata::kExport));
  const auto args = fmt::format("--db '{}' --log-level warn import '{}'", db(), file.string());
  ASSERT_EQ(dateline(dir_, args).exit_code, 0);
  content::Id petrol = 0;
  {
    auto store = store::sqlite::SqliteStore::open(db());
    ASSERT_TRUE(store);
    auto id = (*store)->find_by_legacy_id("wordpress", 101);
    auto other = (*store)->find_by_legacy_id("wordpress", 106);
    ASSERT_TRUE(id && other);
    petrol = *id;
    ASSERT_TRUE((*store)
                    ->write([&](store::WriteTxn& txn) { return txn.set_related(petrol, {*other}); })
                    .has_value());
  }
  dir_.write("export.xml",
             core::replace_all(ingest::testdata::kExport, "Petrol &amp; diesel prices raised",
                               "Fuel prices raised again"));
  const auto run = dateline(dir_, args);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(lines_starting(run.output, "updated "),
            (std::vector<std::string>{"updated /petrol-prices-raised/"}))
      << run.output;
  EXPECT_TRUE(lines_starting(run.output, "imported ").empty()) << run.output;
  EXPECT_EQ(
      lines_starting(run.output, "wordpress import: "),
      (std::vector<std::string>{"wordpress import: 0 imported, 1 updated, 4 unchanged, 4 skipped"}))
      << run.output;
  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  EXPECT_TRUE((*store)->related_ids(petrol).value_or(std::vector<content::Id>{1}).empty());
}

TEST_F(ImportCliTest, ABrokenWordPressExportPrintsOnlyWhereItBroke) {
  // Complete posts first, then a mismatched tag: nothing may be reported as imported.
  const std::string broken =
      core::replace_all(ingest::testdata::kExport, "<wp:status><![CDATA[pending]]></wp:status>",
                        "<wp:status><![CDATA[pending]]></wp:statux>");
  const auto file = dir_.write("export.xml", broken);
  const auto run =
      dateline(dir_, fmt::format("--db '{}' --log-level warn import '{}'", db(), file.string()));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  const auto line =
      1 + std::count(broken.begin(),
                     broken.begin() + static_cast<std::ptrdiff_t>(broken.find("</wp:statux>")),
                     '\n');
  // One line, the error (libxml2's own words after the prefix vary with its version).
  const auto prefix = fmt::format("dateline: {}:{}: not well-formed XML: ", file.string(), line);
  EXPECT_TRUE(run.output.starts_with(prefix)) << run.output << "\nexpected " << prefix;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  EXPECT_NE(run.output.find("statux"), std::string::npos) << run.output;
  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  EXPECT_FALSE((*store)->find_by_legacy_id("wordpress", 101).has_value());
}

// The page cache's size is the serve command's to set; a value it cannot take is refused before
// anything starts, naming the option.
TEST_F(ImportCliTest, ServeTakesThePageCacheSizeAndRefusesOneItCannotUse) {
  const auto help = dateline(dir_, "serve --help");
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_NE(help.output.find("--page-cache-mb UINT:UINT in [0 - 1048576]=64"), std::string::npos)
      << help.output;
  for (const char* bad : {"lots", "-5", "2000000"}) {
    const auto run = dateline(
        dir_, fmt::format("--db '{}' serve --listen 127.0.0.1:0 --page-cache-mb {}", db(), bad));
    EXPECT_NE(run.exit_code, 0) << bad;
    EXPECT_NE(run.output.find("--page-cache-mb"), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace dateline::integration
