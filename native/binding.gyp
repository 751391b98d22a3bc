{
  "targets": [
    {
      "target_name": "strata_unary",
      "type": "static_library",
      "sources": ["src/unary.cc", "src/epilogue.cc", "src/row_exp.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-fno-exceptions", "-fopenmp",
                    "-ffast-math"]
    },
    {
      "target_name": "strata_native",
      "dependencies": ["strata_unary"],
      "sources": [
        "src/addon.cc",
        "src/linalg_entries.cc",
        "src/array_entries.cc",
        "src/napi_args.cc",
        "src/gemm.cc",
        "src/conv.cc",
        "src/adam.cc",
        "src/activation_grad.cc",
        "src/compare.cc",
        "src/bernoulli.cc",
        "src/reduce.cc",
        "src/minmax.cc",
        "src/tile.cc",
        "src/slice.cc",
        "src/multi_tensor.cc",
        "src/multi_tensor_entries.cc",
        "src/dropout.cc",
        "src/layout_entries.cc",
        "src/strided_copy.cc",
        "src/resize.cc",
        "src/lstm.cc",
        "src/softmax_xent.cc",
        "src/masked_affine.cc",
        "src/sequence_entries.cc"
      ],
      "cflags_cc": ["-O3", "-std=c++17", "-march=x86-64-v2", "-fno-exceptions", "-fopenmp",
                    "-fno-trapping-math"],
      "libraries": [
        "-lopenblas",
        "-lmvec",
        "-fopenmp",
        "-Wl,-rpath,/usr/lib/x86_64-linux-gnu/openblas-openmp"
      ]
    }
  ]
}
