// http_sweep: requests a list of URL paths over C keep-alive connections (one thread each) and
// prints throughput and latency percentiles on one key=value line. Used for the cold render sweep
// (every first hit renders), search latency and start-up time. Loopback only; bounded by the list
// length and --max-seconds.
//
//   http_sweep --port P --urls FILE [--connections C] [--repeat R] [--limit M] [--max-seconds S]
//              [--expect 200]
//   http_sweep --port P --wait PATH [--max-seconds S]   # polls until PATH answers 200;
//                                                        # prints first_ok_ms since its own start
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "http_lite.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto idx = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(idx, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1", urls_file, wait_path;
  unsigned short port = 0;
  std::size_t connections = 1, repeat = 1, limit = 0;
  double max_seconds = 600;
  int expect = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--host") {
      host = value;
    } else if (flag == "--port") {
      port = static_cast<unsigned short>(std::stoul(value));
    } else if (flag == "--urls") {
      urls_file = value;
    } else if (flag == "--connections") {
      connections = std::max<std::size_t>(1, std::stoul(value));
    } else if (flag == "--repeat") {
      repeat = std::max<std::size_t>(1, std::stoul(value));
    } else if (flag == "--limit") {
      limit = std::stoul(value);
    } else if (flag == "--max-seconds") {
      max_seconds = std::stod(value);
    } else if (flag == "--expect") {
      expect = std::stoi(value);
    } else if (flag == "--wait") {
      wait_path = value;
    } else {
      std::cerr << "http_sweep: unknown flag " << flag << '\n';
      return 2;
    }
  }
  if (port == 0 || (urls_file.empty() && wait_path.empty())) {
    std::cerr << "usage: http_sweep --port P (--urls FILE | --wait PATH) [options]\n";
    return 2;
  }
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(max_seconds));

  if (!wait_path.empty()) {
    while (Clock::now() < deadline) {
      dateline::bench::HttpConnection c(host, port, 5000);
      if (c.get(wait_path).status == 200) {
        std::printf("first_ok_ms=%.1f\n", ms_between(start, Clock::now()));
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::printf("first_ok_ms=timeout\n");
    return 1;
  }

  std::vector<std::string> urls;
  {
    std::ifstream in(urls_file);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) urls.push_back(line);
    }
  }
  std::vector<std::string> work;
  for (std::size_t r = 0; r < repeat; ++r) work.insert(work.end(), urls.begin(), urls.end());
  if (limit && work.size() > limit) work.resize(limit);
  if (work.empty()) {
    std::cerr << "http_sweep: no URLs\n";
    return 2;
  }

  std::atomic<std::size_t> next{0};
  std::vector<std::vector<double>> latencies(connections);
  std::vector<std::size_t> errors(connections, 0), unexpected(connections, 0);
  std::vector<std::size_t> bytes(connections, 0);
  std::vector<std::thread> threads;
  const auto t0 = Clock::now();
  for (std::size_t c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      dateline::bench::HttpConnection conn(host, port);
      while (Clock::now() < deadline) {
        const std::size_t i = next.fetch_add(1);
        if (i >= work.size()) break;
        const auto a = Clock::now();
        auto r = conn.get(work[i]);
        latencies[c].push_back(ms_between(a, Clock::now()));
        if (r.status == 0) {
          ++errors[c];
        } else if (r.status != expect) {
          ++unexpected[c];
          if (unexpected[c] <= 3) {
            std::fprintf(stderr, "http_sweep: %s answered %d\n", work[i].c_str(), r.status);
          }
        }
        bytes[c] += r.body.size();
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = ms_between(t0, Clock::now()) / 1000.0;
  std::vector<double> all;
  std::size_t err = 0, bad = 0, total_bytes = 0;
  for (std::size_t c = 0; c < connections; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    err += errors[c];
    bad += unexpected[c];
    total_bytes += bytes[c];
  }
  std::sort(all.begin(), all.end());
  std::printf(
      "requests=%zu errors=%zu unexpected_status=%zu seconds=%.3f rps=%.1f p50_ms=%.3f "
      "p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_bytes=%.0f\n",
      all.size(), err, bad, seconds, static_cast<double>(all.size()) / seconds,
      percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99),
      all.empty() ? 0.0 : all.back(),
      all.empty() ? 0.0 : static_cast<double>(total_bytes) / static_cast<double>(all.size()));
  return err || bad ? 1 : 0;
}
