"""
Shared by strata's PyTorch benchmark scripts (bench/pytorch-*.py, run as
`python3 bench/<script>.py`, so this folder is on sys.path): the report of
the BLAS a process loaded, and the timing loop of a training step.
"""
import ctypes
import time

import torch


def blas_info():
    """What torch was built against, and the BLAS library this process loaded."""
    info = {}
    config = torch.__config__.show()
    for key in ("BLAS_INFO", "LAPACK_INFO"):
        start = config.find(key + "=")
        if start >= 0:
            info[key] = config[start + len(key) + 1:].split(",")[0].strip()
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line and line.split()[-1].startswith("/")})
        info["loaded"] = paths
    except OSError:
        paths = []
    openblas = next((p for p in paths if "libopenblas" in p), None)
    if openblas is not None:
        try:
            lib = ctypes.CDLL(openblas)
            for name in ("openblas_get_config", "openblas_get_corename"):
                fn = getattr(lib, name)
                fn.restype = ctypes.c_char_p
                info[name[len("openblas_get_"):]] = fn().decode()
            info["parallel"] = {0: "sequential", 1: "pthreads", 2: "OpenMP"}.get(lib.openblas_get_parallel(), "unknown")
            info["threads"] = lib.openblas_get_num_threads()
        except (OSError, AttributeError):
            pass
    return info


def timed_steps(step, warmup, runs):
    """Runs `step` (a training step returning its loss) `warmup` times, then
    `runs` times timed; returns ([ms per step], the last loss)."""
    for _ in range(warmup):
        step()
    step_ms = []
    loss = float("nan")
    for _ in range(runs):
        t0 = time.perf_counter()
        loss = step()
        step_ms.append(1000 * (time.perf_counter() - t0))
    return step_ms, loss
