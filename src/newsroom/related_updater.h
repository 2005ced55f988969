// RelatedUpdater: runs a RelatedService on a thread of its own, so that neither start-up nor a
// publish waits for related-article ranking. It first loads the service (the stored lists as
// they are, the index built from the store), then applies the reported changes in order, batching
// those that arrive while it works. After each write it reports the ids whose lists changed, so
// the pages showing those lists can be re-rendered.
//
// Thread-safe. The callback runs on the updater's thread. Errors are logged and the next change
// carries on (RelatedService::rebuild() repairs any list left behind).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "content/model.h"
#include "newsroom/related_service.h"
#include "store/store.h"

namespace dateline::newsroom {

class RelatedUpdater {
 public:
  using OnWritten = std::function<void(const std::vector<content::Id>& changed_lists)>;

  RelatedUpdater(RelatedService& service, store::Store& store, OnWritten on_written);
  ~RelatedUpdater();
  RelatedUpdater(const RelatedUpdater&) = delete;
  RelatedUpdater& operator=(const RelatedUpdater&) = delete;

  // Starts the thread, which loads the service first. Once only.
  void start();
  // Stops the thread (an unfinished load is abandoned). Idempotent.
  void stop();
  // Articles published, edited, unpublished or deleted. Never blocks on ranking.
  void changed(const std::vector<content::Id>& ids);
  // Blocks until the load and every change reported before the call have been applied, or the
  // updater stopped (for tests and tools).
  void wait_idle();
  // True once the load finished (the index is complete).
  bool loaded() const;

 private:
  void run(std::stop_token stop);

  RelatedService& service_;
  store::Store& store_;
  OnWritten on_written_;
  mutable std::mutex mu_;
  std::condition_variable_any cv_;  // work arrived, or a batch finished
  std::vector<content::Id> pending_;
  std::uint64_t queued_ = 0;  // batches reported so far
  std::uint64_t done_ = 0;    // batches applied (after the load)
  bool loaded_ = false;
  bool stopped_ = false;
  std::jthread thread_;
};

}  // namespace dateline::newsroom
