{
  "targets": [
    {
      "target_name": "strata_native",
      "sources": [
        "src/addon.cc",
        "src/napi_args.cc",
        "src/gemm.cc",
        "src/conv.cc",
        "src/adam.cc",
        "src/reduce.cc"
      ],
      "cflags_cc": ["-O3", "-std=c++17", "-march=x86-64-v2", "-fno-exceptions", "-fopenmp"],
      "libraries": [
        "-lopenblas",
        "-fopenmp",
        "-Wl,-rpath,/usr/lib/x86_64-linux-gnu/openblas-openmp"
      ]
    }
  ]
}
