// Work over lists of tensors cut into chunks that threads take one at a
// time. On a shared host a thread can lose its core for milliseconds; with
// an even static split the other thread then waits for it at the end of the
// region, with chunks it takes over the rest of the work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parallel.h"

namespace strata {

// Elements [begin, end) of tensor `tensor` of a list.
struct Chunk {
  int64_t tensor, begin, end;
};

// Floats per chunk: 128 KiB, small against a tensor of weights, large
// against the cost of taking a chunk.
constexpr int64_t kChunkFloats = int64_t{1} << 15;

// The chunks of tensors 0..count-1, where size(t) gives tensor t's size, in
// tensor order.
template <typename Size>
std::vector<Chunk> chunks_of(int64_t count, Size size) {
  std::vector<Chunk> chunks;
  for (int64_t t = 0; t < count; ++t) {
    const int64_t n = size(t);
    for (int64_t begin = 0; begin < n; begin += kChunkFloats) {
      chunks.push_back({t, begin, begin + kChunkFloats < n ? begin + kChunkFloats : n});
    }
  }
  return chunks;
}

// Calls f(chunk_index, chunk) for every chunk, on all threads when the list
// holds more than kParallelFloats, each chunk once.
template <typename F>
void for_each_chunk(const std::vector<Chunk>& chunks, F f) {
  int64_t total = 0;
  for (const Chunk& c : chunks) total += c.end - c.begin;
  const int64_t n = static_cast<int64_t>(chunks.size());
#pragma omp parallel for schedule(dynamic, 1) if (total > kParallelFloats)
  for (int64_t i = 0; i < n; ++i) f(i, chunks[static_cast<size_t>(i)]);
}

}  // namespace strata
