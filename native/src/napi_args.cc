#include "napi_args.h"

namespace strata {

Args::Args(napi_env env, napi_callback_info info, size_t required, const char* entry)
    : env_(env), entry_(entry) {
  if (napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr) != napi_ok) {
    fail("cannot read the call's arguments");
  } else if (argc_ < required) {
    fail("too few arguments");
  }
}

void Args::fail(const char* message) {
  if (ok_) {
    const std::string text = std::string("strata_native.") + entry_ + ": " + message;
    napi_throw_error(env_, nullptr, text.c_str());
  }
  ok_ = false;
}

void Args::fail_at(size_t index, const char* message) {
  const std::string text = std::string(message) + " (argument " + std::to_string(index) + ")";
  fail(text.c_str());
}

void Args::heap(size_t index) {
  if (!ok_) return;
  void* data = nullptr;
  bool is_buffer = false;
  napi_is_arraybuffer(env_, argv_[index], &is_buffer);
  if (!is_buffer ||
      napi_get_arraybuffer_info(env_, argv_[index], &data, &heap_bytes_) != napi_ok) {
    fail_at(index, "the heap must be an ArrayBuffer");
    return;
  }
  heap_ = static_cast<uint8_t*>(data);
}

double Args::number(size_t index) {
  double value = 0;
  if (ok_ && napi_get_value_double(env_, argv_[index], &value) != napi_ok) {
    fail_at(index, "expected a number");
  }
  return value;
}

int64_t Args::integer(size_t index, bool allow_negative) {
  int64_t value = 0;
  if (!ok_) return 0;
  if (napi_get_value_int64(env_, argv_[index], &value) != napi_ok) {
    fail_at(index, "expected an integer");
  } else if (value < 0 && !allow_negative) {
    fail_at(index, "expected a non-negative integer");
  }
  return value;
}

bool Args::in_heap(int64_t offset, int64_t count, int64_t element_bytes) const {
  const uint64_t end = static_cast<uint64_t>(offset) +
                       static_cast<uint64_t>(element_bytes) * static_cast<uint64_t>(count);
  return heap_ != nullptr && offset >= 0 && offset % element_bytes == 0 && count >= 0 &&
         end <= heap_bytes_;
}

uint8_t* Args::array(size_t index, int64_t count, int64_t element_bytes, const char* what) {
  const int64_t offset = integer(index);
  if (!ok_) return nullptr;
  if (offset == 0 && count > 0) {
    // Address 0 is never a wasm malloc result: the backend's allocation of this tensor failed.
    fail_at(index, (std::string("allocation failed: a null ") + what + " array (the wasm heap could not grow)").c_str());
    return nullptr;
  }
  if (!in_heap(offset, count, element_bytes)) {
    fail_at(index, (std::string("the ") + what + " array lies outside the heap or is misaligned").c_str());
    return nullptr;
  }
  return heap_ + offset;
}

float* Args::floats(size_t index, int64_t count) {
  return reinterpret_cast<float*>(array(index, count, 4, "float"));
}

float* Args::floats_at(int64_t offset, int64_t count) {
  if (!ok_) return nullptr;
  if (offset == 0 && count > 0) {
    fail("allocation failed: a null float array in the tensor table (the wasm heap could not grow)");
    return nullptr;
  }
  if (!in_heap(offset, count)) {
    fail("a float array of the tensor table lies outside the heap or is misaligned");
    return nullptr;
  }
  return reinterpret_cast<float*>(heap_ + offset);
}

uint8_t* Args::bytes(size_t index, int64_t count) { return array(index, count, 1, "byte"); }

float* Args::optional_floats(size_t index, int64_t count) {
  const int64_t offset = integer(index, true);
  if (!ok_ || offset < 0) return nullptr;
  return floats(index, count);
}

const void* Args::typed_array(size_t index, napi_typedarray_type expected, size_t* length,
                              const char* message) {
  if (!ok_) return nullptr;
  napi_typedarray_type type;
  void* data = nullptr;
  bool is_typed = false;
  napi_is_typedarray(env_, argv_[index], &is_typed);
  if (!is_typed ||
      napi_get_typedarray_info(env_, argv_[index], &type, length, &data, nullptr, nullptr) !=
          napi_ok ||
      type != expected) {
    fail_at(index, message);
    return nullptr;
  }
  return data;
}

const int32_t* Args::int32s(size_t index, size_t* length) {
  return static_cast<const int32_t*>(
      typed_array(index, napi_int32_array, length, "expected an Int32Array"));
}

const double* Args::float64s(size_t index, size_t* length) {
  return static_cast<const double*>(
      typed_array(index, napi_float64_array, length, "expected a Float64Array"));
}

const int32_t* Args::int32s(size_t index, size_t length) {
  size_t actual = 0;
  const int32_t* data = int32s(index, &actual);
  if (ok_ && actual != length) {
    fail_at(index, "the Int32Array has the wrong length");
    return nullptr;
  }
  return data;
}

napi_value undefined_value(napi_env env) {
  napi_value value;
  napi_get_undefined(env, &value);
  return value;
}

}  // namespace strata
