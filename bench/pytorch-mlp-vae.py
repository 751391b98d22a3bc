"""PyTorch reference for the MLP VAE training step of bench/native-mlp-vae.ts.

The same model as a PyTorch user writes it: nn.Linear layers
784-512-512-(32 mean, 32 log-variance) with ReLU, a reparameterized sample,
32-512-512-784 Bernoulli logits, batch 128 of seeded random binary images
(each pixel 1 with probability 0.3), negative ELBO (BCE with logits summed
over pixels plus the analytic KL, mean over the batch), torch.optim.Adam with
lr 1e-3. Glorot-uniform weights and zero biases, as in the tfjs model.

Needs only Debian's python3-torch and the standard library. Run by
bench/pytorch.ts; by hand:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/pytorch-mlp-vae.py --warmup 10 --runs 30

Prints one JSON line: torch version, threads, BLAS information, and the wall
milliseconds of every measured step (the caller takes medians).
"""
import argparse
import json
import os

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_common import blas_info, timed_steps

BATCH = 128
PIXELS = 784
HIDDEN = 512
LATENT = 32


def mlp(sizes):
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        linear = nn.Linear(fan_in, fan_out)
        nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = mlp([PIXELS, HIDDEN, HIDDEN, 2 * LATENT])
        self.decoder = mlp([LATENT, HIDDEN, HIDDEN, PIXELS])

    def forward(self, x):
        mean, log_var = self.encoder(x).chunk(2, dim=1)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        logits = self.decoder(z)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mean.square() + log_var.exp() - log_var - 1).sum(1)
        return (recon + kl).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "2")))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x = (torch.rand(BATCH, PIXELS) < 0.3).float()
    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = model(x)
        loss.backward()
        optimizer.step()
        return loss.item()

    step_ms, loss = timed_steps(step, args.warmup, args.runs)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "blas": blas_info(),
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
        "warmup": args.warmup,
        "loss": loss,
        "stepMs": step_ms,
    }))


if __name__ == "__main__":
    main()
