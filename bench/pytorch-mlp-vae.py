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
import os

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_common import mlp, optimizer_step, report, start, step_arguments, timed_steps

BATCH = 128
PIXELS = 784
HIDDEN = 512
LATENT = 32


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
    step_arguments(parser, warmup=10, runs=30)
    args = parser.parse_args()

    start(args)
    x = (torch.rand(BATCH, PIXELS) < 0.3).float()
    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    step_ms, loss = timed_steps(lambda: optimizer_step(model, optimizer, x), args.warmup, args.runs)
    report(args, step_ms, openblasCoretype=os.environ.get("OPENBLAS_CORETYPE"), loss=loss)


if __name__ == "__main__":
    main()
