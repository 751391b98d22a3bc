"""
Shared by strata's PyTorch benchmark scripts (bench/pytorch-*.py, run as
`python3 bench/<script>.py`, so this folder is on sys.path): their common
flags, the report of the BLAS a process loaded, the timing loop of a
training step and the JSON line each prints.
"""
import ctypes
import json
import os
import time

import torch
from torch import nn


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


def mlp(sizes, head=True):
    """nn.Linear layers over `sizes` (Glorot-uniform weights, zero biases),
    ReLU after each except the last when `head` (its output is a
    distribution's parameters)."""
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        linear = nn.Linear(fan_in, fan_out)
        nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if not (head and i == len(sizes) - 2):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def step_arguments(parser, warmup, runs):
    """Adds the flags every script takes: --warmup and --runs (with these
    defaults), --threads (default OMP_NUM_THREADS, else 2) and --seed."""
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "2")))
    parser.add_argument("--seed", type=int, default=1)


def start(args):
    """Sets torch's threads and seed from the parsed flags."""
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)


def optimizer_step(model, optimizer, x):
    """One training step of `model`'s loss on `x`; returns the loss."""
    optimizer.zero_grad(set_to_none=True)
    loss = model(x)
    loss.backward()
    optimizer.step()
    return loss.item()


def report(args, step_ms, **fields):
    """Prints the one JSON line the caller parses: torch's version and
    threads, the BLAS, the warm-up, `fields`, and the step times in ms."""
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "blas": blas_info(),
        "warmup": args.warmup,
        **fields,
        "stepMs": step_ms,
    }))
