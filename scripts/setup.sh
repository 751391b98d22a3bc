#!/usr/bin/env bash
# Sets up a fresh Debian machine for strata: system packages, npm packages,
# and the optional native OpenBLAS kernels (skipped, with the reason, when
# they cannot be built; strata then runs on the wasm backend).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# Fashion-MNIST (data), DejaVu (chart text), OpenBLAS (native kernels). The addon
# loads the OpenMP build (its runpath: native/binding.gyp), the one its threads
# share a pool with; libopenblas-dev alone brings only the pthreads build, which
# the addon also handles (native/src/serial_scope.h) and CI tests too.
$SUDO apt-get install -y -q dataset-fashion-mnist fonts-dejavu-core libopenblas-dev libopenblas-openmp-dev
# WebGPU without a GPU (software adapters, for correctness only): Mesa EGL/llvmpipe
# for Dawn in Node, and Chromium (SwiftShader WebGL/Vulkan) for the browser test.
$SUDO apt-get install -y -q chromium libegl1 libegl-mesa0 libgl1-mesa-dri libvulkan1

npm ci
if npm run --silent build:native >/tmp/strata-native-build.log 2>&1; then
  echo "native kernels: built (backend 'native' available)"
else
  echo "native kernels: not built, strata will use wasm (log: /tmp/strata-native-build.log)"
fi

# Optional MPI addon for data-parallel training (`mpirun -np N ... --distributed mpi`).
$SUDO apt-get install -y -q libopenmpi-dev openmpi-bin
if npm run --silent build:mpi >/tmp/strata-mpi-build.log 2>&1; then
  echo "MPI addon: built (--distributed mpi available)"
else
  echo "MPI addon: not built, --distributed mpi unavailable (log: /tmp/strata-mpi-build.log)"
fi
