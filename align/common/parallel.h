// Work split over two threads, for the parts of one document that do not depend on each other.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>

namespace talign {

// Calls work(0) .. work(count - 1), on two threads when `two_threads` (each index once, in no
// particular order: the calls must not depend on each other). An exception is rethrown here
// (with two threads, the first thrown; the rest of the indices are left undone).
template <typename Work>
void for_each_index(size_t count, bool two_threads, Work&& work) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    for (size_t index; (index = next++) < count;) {
      try {
        work(index);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  if (two_threads && count > 1) {
    std::thread second(run);
    run();
    second.join();
  } else {
    run();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace talign
