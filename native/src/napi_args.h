// Argument parsing for the N-API entry points: every kernel receives the wasm
// heap (an ArrayBuffer) followed by numbers, and reads and writes float32
// arrays inside that heap at byte offsets chosen by the JavaScript side.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace strata {

// The arguments of one call, with the heap resolved to a raw pointer.
class Args {
 public:
  // Reads up to `capacity` arguments of the entry point `entry` (its
  // JavaScript name, which every error message starts with); throws a JS
  // error and marks the result invalid when fewer than `required` were passed.
  Args(napi_env env, napi_callback_info info, size_t required, const char* entry);

  // True while no argument was rejected; once false a JS error is pending.
  bool ok() const { return ok_; }

  // Resolves argument `index` as the heap ArrayBuffer.
  void heap(size_t index);

  // Reads argument `index` as an int64 (JS number); fails on non-numbers and
  // on negative values unless `allow_negative`.
  int64_t integer(size_t index, bool allow_negative = false);

  // Reads argument `index` as a double.
  double number(size_t index);

  // A float32 pointer into the heap at byte offset argument `index`, checked
  // to hold `count` floats and to be 4-byte aligned; nullptr on failure.
  float* floats(size_t index, int64_t count);

  // A float32 pointer into the heap at byte offset `offset` (a value read from
  // an argument table), checked as floats() checks; nullptr on failure.
  float* floats_at(int64_t offset, int64_t count);

  // A byte pointer (uint8: the wasm backend's bool) at the byte offset in
  // argument `index`, `count` bytes inside the heap; nullptr on failure.
  uint8_t* bytes(size_t index, int64_t count);

  // Like floats(), but a negative offset means "absent" and yields nullptr
  // without failing.
  float* optional_floats(size_t index, int64_t count);

  // Reads argument `index` as an Int32Array of exactly `length` entries.
  const int32_t* int32s(size_t index, size_t length);

  // Reads argument `index` as an Int32Array of any length, stored in `length`.
  const int32_t* int32s(size_t index, size_t* length);

  // Reads argument `index` as a Float64Array of any length, stored in
  // `length` (tables of byte offsets, which may pass 2^31 in a 4 GiB heap).
  const double* float64s(size_t index, size_t* length);

  // Throws a JS error "strata_native.<entry>: <message>" and marks the
  // arguments invalid.
  void fail(const char* message);

  // fail() for argument `index`: the message names it.
  void fail_at(size_t index, const char* message);

 private:
  // The array of `count` elements of `element_bytes` bytes at the byte offset
  // in argument `index`, checked (not null, inside the heap, aligned); `what`
  // names its element type in the error. nullptr on failure.
  uint8_t* array(size_t index, int64_t count, int64_t element_bytes, const char* what);

  // Whether `count` elements of `element_bytes` bytes at byte offset `offset`
  // lie inside the heap, aligned to the element size.
  bool in_heap(int64_t offset, int64_t count, int64_t element_bytes = 4) const;

  // The data of argument `index` as a typed array of type `expected`, its
  // element count in `length`; fails with `message` otherwise.
  const void* typed_array(size_t index, napi_typedarray_type expected, size_t* length,
                          const char* message);

  static constexpr size_t kCapacity = 16;
  napi_env env_;
  const char* entry_;
  napi_value argv_[kCapacity];
  size_t argc_ = kCapacity;
  uint8_t* heap_ = nullptr;
  size_t heap_bytes_ = 0;
  bool ok_ = true;
};

// The JavaScript `undefined`, which every kernel entry point returns.
napi_value undefined_value(napi_env env);

}  // namespace strata
