{
  "targets": [
    {
      "target_name": "strata_mpi",
      "sources": ["src/mpi_addon.cc"],
      "defines": ["OMPI_SKIP_MPICXX", "MPICH_SKIP_MPICXX"],
      "cflags_cc": ["-O2", "-std=c++17", "-fno-exceptions",
                    "<!@(mpicc --showme:compile)"],
      "libraries": ["<!@(mpicc --showme:link)"]
    }
  ]
}
