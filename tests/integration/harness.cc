#include "integration/harness.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "core/time.h"
#include "ingest/markdown_import.h"
#include "store/sqlite/sqlite_store.h"

namespace dateline::integration {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct StubConnection {
  explicit StubConnection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> request;
  bhttp::response<bhttp::string_body> response;
};

std::vector<Link> links(std::string_view html, const std::regex& pattern) {
  std::vector<Link> out;
  const std::string text(html);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back(Link{(*it)[1].str(), (*it)[2].str()});
  }
  return out;
}

}  // namespace

// ---- WeatherStub -----------------------------------------------------------------------------

WeatherStub::WeatherStub()
    : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  accept();
  thread_ = std::thread([this] { ioc_.run(); });
}

WeatherStub::~WeatherStub() {
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string WeatherStub::base_url() const {
  return fmt::format("http://127.0.0.1:{}", acceptor_.local_endpoint().port());
}

std::string WeatherStub::last_target() const {
  std::lock_guard lock(mu_);
  return last_target_;
}

void WeatherStub::accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    auto conn = std::make_shared<StubConnection>(std::move(socket));
    conn->stream.expires_after(std::chrono::seconds(5));
    bhttp::async_read(
        conn->stream, conn->buffer, conn->request,
        [this, conn](beast::error_code read_ec, std::size_t) {
          if (read_ec) return;
          const std::string target(conn->request.target());
          {
            std::lock_guard lock(mu_);
            last_target_ = target;
          }
          ++hits_;
          auto& res = conn->response;
          res.version(11);
          if (conn->request.method() == bhttp::verb::get && target.starts_with("/v1/forecast?")) {
            res.result(bhttp::status::ok);
            res.set(bhttp::field::content_type, "application/json");
            res.body() = std::string(kForecastBody);
          } else {
            res.result(bhttp::status::not_found);
            res.body() = "not found";
          }
          res.keep_alive(false);
          res.prepare_payload();
          bhttp::async_write(conn->stream, res, [conn](beast::error_code, std::size_t) {
            beast::error_code ignored;
            conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          });
        });
    accept();
  });
}

// ---- files -----------------------------------------------------------------------------------

std::filesystem::path demo_dir() { return DATELINE_DEMO_DIR; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string demo_article(std::string_view slug) {
  const auto suffix = fmt::format("-{}.md", slug);
  for (const auto& entry : std::filesystem::directory_iterator(demo_dir() / "articles")) {
    if (entry.path().filename().string().ends_with(suffix)) return read_text(entry.path());
  }
  throw std::runtime_error(fmt::format("no demo article {}", slug));
}

std::string with_title(std::string_view markdown, std::string_view title) {
  const auto start = markdown.find("\ntitle:");
  if (start == std::string_view::npos) throw std::runtime_error("no title line");
  const auto end = markdown.find('\n', start + 1);
  std::string quoted = "'";
  for (char c : title) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  quoted += "'";
  return fmt::format("{}\ntitle: {}{}", markdown.substr(0, start), quoted, markdown.substr(end));
}

// ---- the Valley Ledger ----------------------------------------------------------------------

void prepare_ledger(store::Store& store) {
  content::SiteSettings settings;
  settings.site_name = "The Valley Ledger";
  settings.short_name = "TVL";
  settings.tagline = "News from the Indus valley";
  settings.timezone = "Asia/Karachi";
  settings.weather_city = std::string(kLedgerCity);
  settings.latitude = 24.8607;
  settings.longitude = 67.0011;
  auto s = store.write([&](store::WriteTxn& txn) -> core::Status {
    if (auto v = content::validate(settings); !v) return v;
    if (auto v = txn.save_settings(settings); !v) return v;
    if (auto a = txn.add_author("Sana Mir", "Sana Mir reports on water and climate."); !a) {
      return a.error();
    }
    if (auto a = txn.add_author("Omar Shah", "Omar Shah covers markets and the budget."); !a) {
      return a.error();
    }
    return {};
  });
  if (!s) throw std::runtime_error("prepare ledger: " + s.error().message);
}

SiteOptions ledger_options() {
  SiteOptions options;
  options.demo = false;
  options.prepare = prepare_ledger;
  return options;
}

namespace {

std::string ledger_article(std::string_view title, std::string_view slug, std::string_view date,
                           std::string_view dateline, std::string_view author,
                           std::string_view category, std::string_view tags,
                           std::string_view body) {
  return fmt::format(
      "---\ntitle: \"{}\"\nslug: {}\ndate: {}\ndateline: {}\nauthor: {}\ncategory: {}\n"
      "tags: [{}]\n---\n{}\n",
      title, slug, date, dateline, author, category, tags, body);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ledger_articles() {
  return {
      {"01-talks.md",
       ledger_article("Indus water talks resume in Lahore", "indus-water-talks-resume",
                      "2025-11-26T10:00:00+05:00", "Lahore", "Sana Mir", "Climate",
                      "water, indus treaty",
                      "Negotiators met in Lahore on Wednesday to resume talks over sharing the "
                      "waters of the Indus river and its canals.\n\n"
                      "Read More: [an earlier report on the dam](/tarbela-extension-funding)\n\n"
                      "The talks on river water are expected to last three days.")},
      {"02-tarbela.md",
       ledger_article("World Bank approves funding for Tarbela dam extension",
                      "tarbela-extension-funding", "2025-11-20T09:00:00+05:00", "Islamabad",
                      "Sana Mir", "Climate", "water, dams",
                      "The World Bank approved funding to extend the Tarbela dam on the Indus "
                      "river, adding water storage for canals downstream.")},
      {"03-canal.md",
       ledger_article("Canal lining project to save Indus water in Sindh", "canal-lining-project",
                      "2025-11-22T11:00:00+05:00", "Hyderabad", "Sana Mir", "Climate", "water",
                      "Lining the canals of Sindh will save river water lost to seepage, the "
                      "irrigation department said of the Indus scheme.")},
      {"04-stocks.md",
       ledger_article("Stocks close higher on banking gains", "stocks-close-higher",
                      "2025-11-25T16:00:00+05:00", "Karachi", "Omar Shah", "Business", "markets",
                      "Shares rose for a third day as banks reported strong quarterly profits.")},
      {"05-rupee.md",
       ledger_article("Rupee steadies against the dollar", "rupee-steadies",
                      "2025-11-24T15:00:00+05:00", "Karachi", "Omar Shah", "Business",
                      "markets, rupee",
                      "The rupee held steady in interbank trading as import payments eased.")},
      {"06-wheat.md",
       ledger_article("Wheat sowing delayed by water shortage", "wheat-sowing-delayed",
                      "2025-11-23T08:00:00+05:00", "Multan", "Sana Mir", "Climate",
                      "water, agriculture",
                      "Farmers said a shortage of canal water from the Indus had delayed wheat "
                      "sowing across southern Punjab.")},
      {"07-budget.md",
       ledger_article("Provinces to share budget surplus", "budget-surplus-shared",
                      "2025-11-21T12:00:00+05:00", "Islamabad", "Omar Shah", "Business", "budget",
                      "The provinces agreed to share a budget surplus with the centre.")},
  };
}

// ---- HTML helpers ----------------------------------------------------------------------------

std::string_view between(std::string_view html, std::string_view start, std::string_view end) {
  const auto from = html.find(start);
  if (from == std::string_view::npos) return {};
  const auto to = html.find(end, from + start.size());
  if (to == std::string_view::npos) return html.substr(from);
  return html.substr(from, to + end.size() - from);
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

std::vector<Link> cards(std::string_view html) {
  static const std::regex pattern(
      R"re(<h3 class="card-title"><a href="([^"]*)">([^<]*)</a></h3>)re");
  return links(html, pattern);
}

std::vector<Link> trending(std::string_view html) {
  static const std::regex pattern(R"re(<li><a href="([^"]*)">([^<]*)</a></li>)re");
  return links(between(html, "<section class=\"widget trending\"", "</section>"), pattern);
}

std::string_view latest_widget(std::string_view html) {
  return between(html, "<section class=\"widget latest\"", "</section>");
}

std::string_view related_widget(std::string_view html) {
  return between(html, "<section class=\"widget related\"", "</section>");
}

// ---- TestSite --------------------------------------------------------------------------------

TestSite::TestSite(SiteOptions options) {
  const auto db = (dir_.path() / "site.db").string();
  auto opened = store::sqlite::SqliteStore::open(db);
  if (!opened) throw std::runtime_error("open store: " + opened.error().message);
  store_ = std::move(*opened);
  if (options.prepare) options.prepare(*store_);

  app::Config config;
  config.db_path = db;
  config.listen_port = 0;
  config.demo = options.demo;
  config.weather_url = weather_.base_url();
  config.access_log = false;
  if (options.configure) options.configure(config);
  clock_ = options.clock != nullptr ? options.clock : &fake_clock_;
  auto created = app::App::create(config, *clock_);
  if (!created) throw std::runtime_error("create app: " + created.error().message);
  app_ = std::move(*created);
  // Related lists are ranked in the background; pages under test should show them.
  app_->wait_related();
  if (auto s = app_->start(); !s) throw std::runtime_error("start app: " + s.error().message);
  port_ = app_->port();
}

TestSite::~TestSite() { stop(); }

void TestSite::stop() {
  if (app_) app_->stop();
}

std::vector<content::Id> TestSite::import(
    const std::vector<std::pair<std::string, std::string>>& files) {
  const auto folder = fmt::format("import-{}", ++imports_);
  for (const auto& [name, text] : files) dir_.write(folder + "/" + name, text);
  auto settings = store_->settings();
  if (!settings) throw std::runtime_error("settings: " + settings.error().message);
  auto zone = core::TimeZone::find(settings->timezone);
  if (!zone) throw std::runtime_error("zone: " + zone.error().message);
  auto imported =
      ingest::import_markdown_files(*store_, {dir_.path() / folder}, *zone, clock_->now_seconds());
  if (!imported) throw std::runtime_error("import: " + imported.error().message);
  std::vector<content::Id> ids;
  for (const auto& a : *imported) ids.push_back(a.id);
  if (auto s = app_->content_changed(ids); !s) {
    throw std::runtime_error("content_changed: " + s.error().message);
  }
  app_->wait_related();
  return ids;
}

void TestSite::update_settings(const std::function<void(content::SiteSettings&)>& change) {
  auto settings = store_->settings();
  if (!settings) throw std::runtime_error("settings: " + settings.error().message);
  change(*settings);
  auto s = store_->write([&](store::WriteTxn& txn) { return txn.save_settings(*settings); });
  if (!s) throw std::runtime_error("save settings: " + s.error().message);
  if (auto c = app_->content_changed({}); !c) {
    throw std::runtime_error("content_changed: " + c.error().message);
  }
}

testing::HttpResponse TestSite::get(std::string_view target, const testing::HttpHeaders& headers) {
  testing::HttpClient client(port_);
  return client.get(target, headers);
}

std::string TestSite::page(std::string_view target) {
  auto r = get(target);
  if (r.status != 200) {
    throw std::runtime_error(fmt::format("GET {} answered {}", target, r.status));
  }
  return std::move(r.body);
}

std::string TestSite::wait_for(std::string_view target, std::string_view needle,
                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string body;
  for (;;) {
    app_->tick();
    body = get(target).body;
    if (body.find(needle) != std::string::npos) return body;
    if (std::chrono::steady_clock::now() >= deadline) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace dateline::integration
