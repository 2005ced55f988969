// http::Server on its own, on 127.0.0.1 port 0 with a handler that reports what it was sent:
// per-prefix body limits.
#include "http/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testing/http_client.h"

namespace dateline::http {
namespace {

using testing::HttpClient;

constexpr std::size_t kMiB = 1024 * 1024;

ServerOptions limited_options() {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  options.access_log = false;
  options.body_limit = 1 * kMiB;
  options.body_limits = {{"/upload", 4 * kMiB}, {"/upload/small", 16}};
  return options;
}

class BodyLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(limited_options(), [](const Request& request) {
      return Response::text(200, fmt::format("{} {}", request.path, request.body.size()));
    });
    auto started = server_->start();
    ASSERT_TRUE(started) << started.error().message;
  }
  void TearDown() override { server_->stop(); }
  unsigned short port() const { return server_->port(); }

  std::unique_ptr<Server> server_;
};

TEST(BodyLimitFor, LongestMatchingPrefixWinsAndTheQueryIsIgnored) {
  const auto options = limited_options();
  EXPECT_EQ(body_limit_for(options, "/"), 1 * kMiB);
  EXPECT_EQ(body_limit_for(options, "/elsewhere/upload"), 1 * kMiB);
  EXPECT_EQ(body_limit_for(options, "/upload"), 4 * kMiB);
  EXPECT_EQ(body_limit_for(options, "/upload/photo?x=1"), 4 * kMiB);
  EXPECT_EQ(body_limit_for(options, "/upload/small/x"), 16u);
  EXPECT_EQ(body_limit_for(options, "/x?/upload"), 1 * kMiB);
}

TEST_F(BodyLimitTest, LargeBodyIsReadOnAnAllowedPrefix) {
  HttpClient client(port());
  const std::string body(2 * kMiB, 'x');
  const auto r = client.request("POST", "/upload/photo", {{"Content-Type", "image/png"}}, body);
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, fmt::format("/upload/photo {}", 2 * kMiB));
  // The connection stays usable.
  EXPECT_EQ(client.get("/").status, 200u);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(BodyLimitTest, SameBodyElsewhereAnswers413AndTheServerCarriesOn) {
  const std::string body(2 * kMiB, 'x');
  {
    HttpClient client(port());
    const auto r = client.request("POST", "/articles", {{"Content-Type", "image/png"}}, body);
    EXPECT_EQ(r.status, 413u);
    EXPECT_FALSE(r.keep_alive);
  }
  {
    // Over the prefix's own limit too.
    HttpClient client(port());
    const auto r = client.request("POST", "/upload", {}, std::string(5 * kMiB, 'x'));
    EXPECT_EQ(r.status, 413u);
  }
  {
    // A shorter limit for a longer prefix.
    HttpClient client(port());
    EXPECT_EQ(client.request("POST", "/upload/small", {}, std::string(17, 'x')).status, 413u);
  }
  HttpClient client(port());
  const auto fine = client.request("POST", "/articles", {}, std::string(kMiB, 'x'));
  EXPECT_EQ(fine.status, 200u);
  EXPECT_EQ(fine.body, fmt::format("/articles {}", kMiB));
}

TEST_F(BodyLimitTest, ChunkedBodyIsHeldToThePathsLimit) {
  const auto chunked = [](std::string_view target, std::size_t size) {
    return fmt::format(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        target, size, std::string(size, 'x'));
  };
  HttpClient client(port());
  const auto refused = HttpClient::parse(client.send_raw(chunked("/articles", 2 * kMiB)));
  EXPECT_EQ(refused.status, 413u);
  const auto read = HttpClient::parse(client.send_raw(chunked("/upload", 2 * kMiB)));
  EXPECT_EQ(read.status, 200u);
  EXPECT_EQ(read.body, fmt::format("/upload {}", 2 * kMiB));
}

// What the first requests must already see (an address made from an ephemeral port) is set
// up between binding and accepting: a reader who connects meanwhile waits for it.
TEST(BeforeServing, RunsOnceThePortIsBoundAndBeforeAnyConnectionIsServed) {
  std::atomic<bool> set_up{false};
  std::atomic<bool> handled{false};
  Server server(limited_options(), [&](const Request&) {
    handled = true;
    return Response::text(200, set_up ? "after" : "during");
  });
  std::thread reader;
  std::string body;
  unsigned short bound = 0;
  auto started = server.start([&](unsigned short port) -> core::Status {
    bound = port;
    reader = std::thread([&body, port] {
      HttpClient client(port);
      body = client.request("GET", "/").body;
    });
    // Long enough for a server that already accepts to answer the reader.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    while (!handled && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    set_up = true;
    return {};
  });
  ASSERT_TRUE(started) << started.error().message;
  reader.join();
  EXPECT_EQ(bound, server.port());
  EXPECT_EQ(body, "after");
  server.stop();
}

TEST(BeforeServing, ItsErrorStopsTheStart) {
  Server server(limited_options(), [](const Request&) { return Response::text(200, "ok"); });
  auto started = server.start([](unsigned short) -> core::Status {
    return core::make_error(core::Errc::kUnavailable, "the site's address is not known");
  });
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().message, "the site's address is not known");
}

TEST(Refusal, AnswersWhatTheServerRefusesBeforeAnyHandlerWithTheTargetItHad) {
  auto options = limited_options();
  std::vector<std::string> seen;
  std::mutex mu;
  options.refusal = [&](unsigned status, std::string_view target, std::string_view reason) {
    std::lock_guard lock(mu);
    seen.push_back(fmt::format("{} {}", status, target));
    auto r = Response::text(status, fmt::format("refused: {}", reason));
    r.set_header("X-Refused", "yes");
    return r;
  };
  Server server(options, [](const Request&) { return Response::text(200, "handled"); });
  ASSERT_TRUE(server.start());
  {
    HttpClient client(server.port());
    const auto r = client.request("POST", "/articles?x=1", {}, std::string(2 * kMiB, 'x'));
    EXPECT_EQ(r.status, 413u);
    EXPECT_EQ(r.header("x-refused"), "yes");
    EXPECT_TRUE(r.body.starts_with("refused: ")) << r.body;
  }
  {
    HttpClient client(server.port());
    const auto r = HttpClient::parse(client.send_raw(
        fmt::format("GET /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {}\r\n\r\n",
                    std::string(17 * 1024, 'a'))));
    EXPECT_EQ(r.status, 431u);
    EXPECT_EQ(r.header("x-refused"), "yes");
  }
  {
    HttpClient client(server.port());
    const auto r = HttpClient::parse(client.send_raw(
        "GET /bad%00path HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    EXPECT_EQ(r.status, 400u);
    EXPECT_EQ(r.header("x-refused"), "yes");
  }
  server.stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(seen, (std::vector<std::string>{"413 /articles?x=1", "431 /api/v1/articles",
                                            "400 /bad%00path"}));
}

// The server writes the response head itself: one status line, the handler's fields, a length
// for every answer that may have a body, and nothing a field's value could smuggle in.
TEST(ResponseHead, IsWellFormedAndCannotBeSplitByAFieldValue) {
  Server server(limited_options(), [](const Request& request) {
    if (request.path == "/unchanged") {
      Response r;
      r.status = 304;
      r.set_header("ETag", "\"v1\"");
      return r;
    }
    auto r = Response::text(200, "hello");
    r.set_header("X-Note", "one\r\nSet-Cookie: session=stolen\r\n\r\nbody");
    r.set_header("Bad Name", "dropped");
    return r;
  });
  ASSERT_TRUE(server.start());
  HttpClient client(server.port());

  const auto raw = client.send_raw("GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto end = raw.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << raw;
  const auto head = raw.substr(0, end + 2);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_NE(head.find("\r\nX-Note: oneSet-Cookie: session=stolenbody\r\n"), std::string::npos)
      << head;
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos) << head;
  EXPECT_EQ(head.find("Bad Name"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Length: 5\r\n"), std::string::npos) << head;
  EXPECT_EQ(raw.substr(end + 4), "hello");

  const auto not_modified = client.send_raw("GET /unchanged HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_TRUE(not_modified.starts_with("HTTP/1.1 304 Not Modified\r\n")) << not_modified;
  EXPECT_EQ(not_modified.find("Content-Length"), std::string::npos) << not_modified;
  EXPECT_TRUE(not_modified.ends_with("\r\n\r\n")) << not_modified;

  // HEAD: the length of the body a GET would get, and no body; kept alive across answers.
  HttpClient keep(server.port());
  const auto r = keep.head("/page");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-length"), "5");
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(keep.get("/page").body, "hello");
  EXPECT_EQ(keep.get("/unchanged").status, 304u);
  EXPECT_EQ(keep.get("/page").body, "hello");
  EXPECT_EQ(keep.connections_opened(), 1);
  // Closed when the client asks.
  const auto closing =
      client.send_raw("GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(closing.find("\r\nConnection: close\r\n"), std::string::npos) << closing;
  server.stop();
}

}  // namespace
}  // namespace dateline::http
