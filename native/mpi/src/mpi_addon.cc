// The strata_mpi addon: the few MPI collectives data-parallel training needs,
// over Open MPI, called from Node's main thread only (MPI_THREAD_FUNNELED).
// Every collective works in place on a TypedArray's memory (which may be the
// tfjs wasm heap) and on MPI_COMM_WORLD; errors are fatal to the whole job
// (MPI_ERRORS_ARE_FATAL), so a dead peer aborts the others instead of hanging.
#include <dlfcn.h>
#include <mpi.h>
#include <node_api.h>

#include <cstring>
#include <string>

namespace {

napi_value Undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

napi_value Fail(napi_env env, const std::string& message) {
  napi_throw_error(env, nullptr, ("strata_mpi: " + message).c_str());
  return nullptr;
}

bool Running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

// A TypedArray argument: its data pointer, element count and MPI datatype.
struct Buffer {
  void* data = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
};

bool ReadBuffer(napi_env env, napi_value value, const char* what, Buffer* out) {
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  if (!is_typed) {
    Fail(env, std::string(what) + ": expected a Float32Array, Float64Array or Int32Array");
    return false;
  }
  napi_typedarray_type type;
  size_t length = 0;
  napi_get_typedarray_info(env, value, &type, &length, &out->data, nullptr, nullptr);
  if (length > 0x7fffffff) {
    Fail(env, std::string(what) + ": more than 2^31-1 elements");
    return false;
  }
  out->count = static_cast<int>(length);
  switch (type) {
    case napi_float32_array: out->type = MPI_FLOAT; return true;
    case napi_float64_array: out->type = MPI_DOUBLE; return true;
    case napi_int32_array: out->type = MPI_INT; return true;
    default:
      Fail(env, std::string(what) + ": expected a Float32Array, Float64Array or Int32Array");
      return false;
  }
}

// Reads up to `n` arguments; fails unless MPI is running (when `running`).
bool Arguments(napi_env env, napi_callback_info info, size_t n, napi_value* argv, const char* what) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < n) {
    Fail(env, std::string(what) + ": expected " + std::to_string(n) + " argument(s)");
    return false;
  }
  if (!Running()) {
    Fail(env, std::string(what) + ": MPI is not initialized (call init() first) or already finalized");
    return false;
  }
  return true;
}

// init(): { rank, size, threadLevel }. Idempotent. libmpi is first made
// global (RTLD_GLOBAL) so that Open MPI's plugins, loaded later with dlopen,
// find its symbols although Node loaded this addon with RTLD_LOCAL.
napi_value Init(napi_env env, napi_callback_info) {
  if (!Running()) {
    dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
      return Fail(env, "MPI_Init_thread failed");
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  }
  int rank = 0, size = 0, level = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Query_thread(&level);
  napi_value result, r, s, l;
  napi_create_object(env, &result);
  napi_create_int32(env, rank, &r);
  napi_create_int32(env, size, &s);
  napi_create_int32(env, level, &l);
  napi_set_named_property(env, result, "rank", r);
  napi_set_named_property(env, result, "size", s);
  napi_set_named_property(env, result, "threadLevel", l);
  return result;
}

// allReduce(array, op): in place, op 'sum' | 'max' | 'min'.
napi_value AllReduce(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!Arguments(env, info, 2, argv, "allReduce")) return nullptr;
  Buffer buffer;
  if (!ReadBuffer(env, argv[0], "allReduce", &buffer)) return nullptr;
  char op_name[8] = {0};
  size_t op_length = 0;
  if (napi_get_value_string_utf8(env, argv[1], op_name, sizeof op_name, &op_length) != napi_ok) {
    return Fail(env, "allReduce: op must be a string");
  }
  MPI_Op op = std::strcmp(op_name, "sum") == 0   ? MPI_SUM
              : std::strcmp(op_name, "max") == 0 ? MPI_MAX
              : std::strcmp(op_name, "min") == 0 ? MPI_MIN
                                                 : MPI_OP_NULL;
  if (op == MPI_OP_NULL) return Fail(env, std::string("allReduce: unknown op '") + op_name + "' (sum, max, min)");
  MPI_Allreduce(MPI_IN_PLACE, buffer.data, buffer.count, buffer.type, op, MPI_COMM_WORLD);
  return Undefined(env);
}

// broadcast(array, root): in place; every rank ends with root's values.
napi_value Broadcast(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!Arguments(env, info, 2, argv, "broadcast")) return nullptr;
  Buffer buffer;
  if (!ReadBuffer(env, argv[0], "broadcast", &buffer)) return nullptr;
  int32_t root = 0;
  napi_get_value_int32(env, argv[1], &root);
  MPI_Bcast(buffer.data, buffer.count, buffer.type, root, MPI_COMM_WORLD);
  return Undefined(env);
}

napi_value Barrier(napi_env env, napi_callback_info info) {
  if (!Arguments(env, info, 0, nullptr, "barrier")) return nullptr;
  MPI_Barrier(MPI_COMM_WORLD);
  return Undefined(env);
}

// abort(code): ends every rank of the job (MPI_Abort); does not return.
napi_value Abort(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!Arguments(env, info, 1, argv, "abort")) return nullptr;
  int32_t code = 1;
  napi_get_value_int32(env, argv[0], &code);
  MPI_Abort(MPI_COMM_WORLD, code);
  return Undefined(env);
}

// finalize(): idempotent.
napi_value Finalize(napi_env env, napi_callback_info) {
  if (Running()) MPI_Finalize();
  return Undefined(env);
}

napi_value Register(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      {"init", nullptr, Init, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"allReduce", nullptr, AllReduce, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"broadcast", nullptr, Broadcast, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"barrier", nullptr, Barrier, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"abort", nullptr, Abort, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"finalize", nullptr, Finalize, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Register)
