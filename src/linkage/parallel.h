// ParallelFor: the one place linkage/ starts threads for data-parallel loops.
//
// Splits [0, n) into `threads` contiguous chunks (0 = all cores; small inputs run inline) and
// calls fn(begin, end) on each from its own std::thread; returns when all are done. fn must only
// write to disjoint data per chunk.
//
// Example:
//   ParallelFor(pairs.size(), 0, [&](std::size_t b, std::size_t e) { for (...) out[i] = f(i); });
#pragma once

#include <cstddef>
#include <functional>

namespace giai::linkage {

void ParallelFor(std::size_t n, unsigned threads,
                 const std::function<void(std::size_t, std::size_t)>& fn);

// Calls fn(i) for every i in [0, n) on up to `threads` threads (0 = all cores), handing out one
// index at a time: for a few uneven tasks (one per field, one per blocking rule) rather than
// many equal ones. fn must only write to data of its own index.
void ParallelTasks(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

}  // namespace giai::linkage
