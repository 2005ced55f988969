// BoundedQueue: items in order from the thread that reads and prepares them to the one that
// writes them, inside an import's single transaction. Bounded by a number of items and of bytes
// (as `size_of` counts them), so memory does not grow with the file; once full, the reading
// thread sleeps until the writer has taken half, since a wake-up per item would cost more than the
// item. Thread-safe: one thread pushes, one pops.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stop_token>
#include <utility>

#include "core/result.h"

namespace dateline::ingest::internal {

template <class T>
class BoundedQueue {
 public:
  using SizeOf = std::size_t (*)(const T&);

  BoundedQueue(std::size_t max_items, std::size_t max_bytes, SizeOf size_of)
      : max_items_(max_items), max_bytes_(max_bytes), size_of_(size_of) {}

  // Waits for room; false, without adding, once `stop` is requested (the writer gave up).
  bool push(T item, std::stop_token stop) {
    std::unique_lock lock(mu_);
    if (!has_room()) {
      reader_waiting_ = true;
      const bool room = changed_.wait(lock, stop, [&] { return has_room(); });
      reader_waiting_ = false;
      if (!room) return false;
    }
    const bool was_empty = items_.empty();
    bytes_ += size_of_(item);
    items_.push_back(std::move(item));
    if (was_empty) changed_.notify_all();  // the writer may be waiting for it
    return true;
  }

  // The reader's last word: how reading ended.
  void close(core::Status status) {
    std::lock_guard lock(mu_);
    closed_ = true;
    status_ = std::move(status);
    changed_.notify_all();
  }

  // Waits for the next item; nullopt once the reader has closed the queue and it is empty, and
  // then `status()` says how reading ended.
  std::optional<T> pop() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    bytes_ -= size_of_(item);
    if (reader_waiting_ && items_.size() <= max_items_ / 2 && bytes_ <= max_bytes_ / 2) {
      changed_.notify_all();
    }
    return item;
  }

  core::Status status() {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  bool has_room() const {
    return items_.empty() || (items_.size() < max_items_ && bytes_ < max_bytes_);
  }

  const std::size_t max_items_;
  const std::size_t max_bytes_;
  const SizeOf size_of_;
  std::mutex mu_;
  std::condition_variable_any changed_;
  std::deque<T> items_;
  std::size_t bytes_ = 0;
  bool reader_waiting_ = false;
  bool closed_ = false;
  core::Status status_;
};

}  // namespace dateline::ingest::internal
