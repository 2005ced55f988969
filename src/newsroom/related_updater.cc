#include "newsroom/related_updater.h"

#include <utility>

#include "core/log.h"

namespace dateline::newsroom {

RelatedUpdater::RelatedUpdater(RelatedService& service, store::Store& store, OnWritten on_written)
    : service_(service), store_(store), on_written_(std::move(on_written)) {}

RelatedUpdater::~RelatedUpdater() { stop(); }

void RelatedUpdater::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void RelatedUpdater::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  std::lock_guard lock(mu_);
  stopped_ = true;
  cv_.notify_all();
}

void RelatedUpdater::changed(const std::vector<content::Id>& ids) {
  if (ids.empty()) return;
  std::lock_guard lock(mu_);
  pending_.insert(pending_.end(), ids.begin(), ids.end());
  ++queued_;
  cv_.notify_all();
}

void RelatedUpdater::wait_idle() {
  std::unique_lock lock(mu_);
  const auto target = queued_;
  cv_.wait(lock, [&] { return stopped_ || (loaded_ && done_ >= target); });
}

bool RelatedUpdater::loaded() const {
  std::lock_guard lock(mu_);
  return loaded_;
}

void RelatedUpdater::run(std::stop_token stop) {
  const auto report = [&](const char* what, const core::Result<std::vector<content::Id>>& r) {
    if (!r) {
      core::log::warn("related {} failed error=\"{}\"", what, r.error().message);
      return;
    }
    if (!r->empty() && on_written_) on_written_(*r);
  };
  // Changes reported before the load finished are folded into it.
  std::vector<content::Id> batch;
  std::uint64_t batch_end = 0;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
    batch_end = queued_;
  }
  // Lists ranked by the load are reported batch by batch, as they are stored.
  auto loaded = service_.load(store_, batch, stop, [&](const std::vector<content::Id>& written) {
    if (on_written_) on_written_(written);
  });
  if (stop.stop_requested()) {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
    return;
  }
  if (!loaded) report("load", loaded);
  {
    std::lock_guard lock(mu_);
    loaded_ = true;
    done_ = batch_end;
    cv_.notify_all();
  }
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait(lock, stop, [&] { return !pending_.empty(); })) break;
      batch.clear();
      batch.swap(pending_);
      batch_end = queued_;
    }
    report("update", service_.update(store_, batch));
    std::lock_guard lock(mu_);
    done_ = batch_end;
    cv_.notify_all();
  }
  std::lock_guard lock(mu_);
  stopped_ = true;
  cv_.notify_all();
}

}  // namespace dateline::newsroom
