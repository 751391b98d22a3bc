// The strata_native addon: N-API entry points over OpenBLAS and the native
// kernels. Every kernel computes in place inside the ArrayBuffer it is given
// (the tfjs wasm heap), at byte offsets the JavaScript side takes from tensors.
#include <node_api.h>

#include "entries.h"
#include "napi_args.h"

extern "C" {
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
int openblas_get_parallel(void);
}

namespace strata {

// setThreads(n): the number of OpenBLAS threads.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args args(env, info, 1, "setThreads");
  const int64_t n = args.integer(0);
  if (args.ok() && n < 1) args.fail("threads must be at least 1");
  if (args.ok()) openblas_set_num_threads(static_cast<int>(n));
  return undefined_value(env);
}

// info(): { config, threads, parallel } describing the linked OpenBLAS.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, config, threads, parallel;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  static const char* kModels[] = {"sequential", "pthreads", "openmp"};
  const int model = openblas_get_parallel();
  napi_create_string_utf8(env, model >= 0 && model <= 2 ? kModels[model] : "unknown",
                          NAPI_AUTO_LENGTH, &parallel);
  napi_set_named_property(env, result, "config", config);
  napi_set_named_property(env, result, "threads", threads);
  napi_set_named_property(env, result, "parallel", parallel);
  return result;
}

namespace {

// Exports every entry of STRATA_ENTRIES (entries.h) under its JavaScript name.
napi_value Init(napi_env env, napi_value exports) {
#define STRATA_METHOD(js, c) {#js, nullptr, c, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  const napi_property_descriptor methods[] = {STRATA_ENTRIES(STRATA_METHOD)};
#undef STRATA_METHOD
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  return exports;
}

}  // namespace
}  // namespace strata

NAPI_MODULE(NODE_GYP_MODULE_NAME, strata::Init)
