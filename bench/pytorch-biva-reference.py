"""The reference BIVA (vlievin/biva-pytorch) timed beside strata (issue 18).

Imports the reference package from a checkout given with --checkout (fetched
beside the project, never copied into it) and builds its paper
configuration for binarized MNIST as its run script does for
`--dataset binmnist --q_dropout 0.5 --p_dropout 0.5`: its own
get_deep_vae_mnist() stages and latents (6 stochastic layers, gated ResNet
blocks of 64 filters), BivaStage, ELU, Bernoulli output, weight
normalization with its data-dependent initialization on the first forward
pass. The training step is forward, backward and torch.optim.Adamax
(lr 2e-3) at batch 48 of seeded random binary 28x28 images; the loss
(written here, not taken from the package) is the negative ELBO with free
bits of 2 nats per latent (11 KL terms for BIVA, the budget spread over
each term's dimensions), mean over the batch.

The package's image-logging helpers import matplotlib and torchvision; they
play no part in a step, so empty stand-ins are put in sys.modules when those
are not installed. Its evaluator needs `booster`, which is not imported.

FLOPs are counted by forward hooks on every nn.Conv2d, nn.ConvTranspose2d
and nn.Linear: 2 k k Cin/groups Cout per output position of a convolution
(per input position of a transposed one), 2 in out per row of a dense
layer, times 3 for forward + backward. Run by bench/biva-reference.ts; by
hand:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
    /usr/bin/python3 bench/pytorch-biva-reference.py --checkout /tmp/biva-pytorch --warmup 1 --runs 3

Prints one JSON line: torch version, threads, BLAS information, parameter
count, the FLOP count and the wall milliseconds of every measured step.
"""
import argparse
import importlib.util
import json
import os
import sys
import time
import types

import torch
from torch import nn

from pytorch_common import blas_info, timed_steps


def stand_in(name, **attributes):
    """An empty module for an import the step never uses, unless the real one is installed."""
    try:
        importlib.import_module(name)
    except ImportError:
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        sys.modules[name] = module


def load_reference(checkout):
    """The reference package's model module, imported from the checkout."""
    stand_in("matplotlib")
    stand_in("matplotlib.image")
    stand_in("torchvision")
    stand_in("torchvision.utils", make_grid=None)
    sys.path.insert(0, os.path.abspath(checkout))
    return importlib.import_module("biva.model")


def count_flops(model):
    """Registers hooks that add each product's forward FLOPs to a dict; returns it and the hooks."""
    counts = {"conv": 0, "dense": 0, "modules": 0, "byShape": {}}

    def add(key, flops):
        counts["byShape"][key] = counts["byShape"].get(key, 0) + flops

    def conv(module, inputs, output):
        k = 1
        for s in module.kernel_size:
            k *= s
        positions = inputs[0].numel() // inputs[0].shape[1] if module.transposed else output.numel() // output.shape[1]
        flops = int(2 * k * (module.in_channels // module.groups) * module.out_channels * positions)
        counts["conv"] += flops
        grid = "x".join(str(d) for d in (inputs[0] if module.transposed else output).shape[2:])
        add(f"{'transposed ' if module.transposed else ''}conv {'x'.join(map(str, module.kernel_size))} at {grid}", flops)
        counts["modules"] += 1

    def dense(module, inputs, output):
        flops = int(2 * module.in_features * module.out_features * (inputs[0].numel() // module.in_features))
        counts["dense"] += flops
        add("dense", flops)
        counts["modules"] += 1

    hooks = []
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(dense))
    return counts, hooks


def negative_elbo(x, output, freebits):
    """Mean over the batch of -log p(x|z) + the free-bits KLs (each term at least `freebits` nats)."""
    nll = nn.functional.binary_cross_entropy_with_logits(output["x_"], x, reduction="none").flatten(1).sum(1)
    kl = 0.0
    for term in output["kl"]:
        flat = term.reshape(x.shape[0], -1)
        kl = kl + torch.clamp(flat, min=freebits / flat.shape[1]).sum(1)
    return (nll + kl).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", default="/tmp/biva-pytorch")
    parser.add_argument("--batch", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "2")))
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    ref = load_reference(args.checkout)
    stages, latents = ref.get_deep_vae_mnist()
    model = ref.DeepVae(Stage=ref.BivaStage, tensor_shp=(-1, 1, 28, 28), stages=stages, latents=latents,
                        nonlinearity="elu", q_dropout=args.dropout, p_dropout=args.dropout, type="biva",
                        features_out=1, no_skip=False, log_var_act=nn.Softplus)
    x = (torch.rand(args.batch, 1, 28, 28) > 0.7).float()
    with torch.no_grad():
        model.train()
        model(x)  # the data-dependent initialization of weight normalization
    parameters = int(sum(p.numel() for p in model.parameters() if p.requires_grad))
    optimizer = torch.optim.Adamax(model.parameters(), lr=2e-3, betas=(0.9, 0.999))
    freebits = 2.0

    def step():
        optimizer.zero_grad()
        model.train()
        loss = negative_elbo(x, model(x), freebits)
        loss.backward()
        optimizer.step()
        return loss.item()

    counts, hooks = count_flops(model)
    loss = step()
    for h in hooks:
        h.remove()
    for _ in range(max(0, args.warmup - 1)):
        step()
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        loss = step()
        times.append((time.perf_counter() - t0) * 1e3)
    forward = counts["conv"] + counts["dense"]
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(),
        "batch": args.batch, "parameters": parameters, "loss": loss,
        "flops": {"convForward": counts["conv"], "denseForward": counts["dense"], "products": counts["modules"],
                  "step": 3 * forward, "forwardByShape": counts["byShape"]},
        "stepMs": times,
    }))


if __name__ == "__main__":
    main()
