"""PyTorch references for the DSL workloads of bench/dsl-compare.ts (issue 18).

Two workloads over seeded random binary 28x28 images (each pixel 1 with
probability 0.3), as a PyTorch user writes them, layer for layer the models
of bench/hand-lvae.ts and bench/hand-vae.ts (ReLU MLPs, Normal heads with
sigma = softplus(raw) + e^-10, Bernoulli logits, Glorot-uniform weights and
zero biases):

  lvae  one training step of the two-layer Ladder VAE: bu1 = MLP 784-512-512
        (x), bu2 = MLP 512-256-256 (bu1), q(z2 | bu2) a head to 2 x 16,
        p(z2) = N(0, I); td1 = MLP 16-256-256 (z2), p(z1 | td1) a head to
        2 x 32, q(z1 | bu1, td1) a head over [bu1, td1] to 2 x 32; p(x | z1)
        MLP 32-512-512 and a head to 784. Negative ELBO with analytic KLs,
        mean over the batch; torch.optim.Adam(lr 1e-3).
  iwae  the importance-weighted bound L_K of the VAE (q(z | x) = MLP
        784-512-512 and a head to 2 x 32, p(z) = N(0, I), p(x | z) = MLP
        32-512-512 and a head to 784) for one batch, K samples per image in
        chunks (the encoder once, the decoder on chunk x batch rows at a
        time, a running log-sum-exp), no gradient. One "step" is the whole
        batch at K.

Needs only Debian's python3-torch. Run by bench/dsl-compare.ts; by hand:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
    /usr/bin/python3 bench/pytorch-dsl.py --workload lvae --warmup 5 --runs 20

Prints one JSON line: torch version, threads, BLAS information, the
parameter count, the last value, and the wall milliseconds of every
measured step.
"""
import argparse
import math

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_common import mlp, optimizer_step, report, start, step_arguments, timed_steps

PIXELS = 784
MIN_SCALE = math.exp(-10)
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def gaussian(raw):
    """Location and scale of a Normal from raw [B, 2n]."""
    loc, s = raw.chunk(2, dim=-1)
    return loc, F.softplus(s) + MIN_SCALE


def kl(q, p=None):
    """KL(q || p) per datum for diagonal Normals; p = N(0, I) when None."""
    q_loc, q_scale = q
    p_loc, p_scale = p if p is not None else (torch.zeros_like(q_loc), torch.ones_like(q_scale))
    ratio = (q_scale / p_scale).square()
    diff = (q_loc - p_loc) / p_scale
    return (torch.log(p_scale) - torch.log(q_scale) + 0.5 * (ratio + diff.square() - 1)).sum(-1)


def bernoulli_log_lik(logits, x):
    return -F.binary_cross_entropy_with_logits(logits, x.expand_as(logits), reduction="none").sum(-1)


def normal_log_prob(z, loc, scale):
    return (-0.5 * ((z - loc) / scale).square() - torch.log(scale) - HALF_LOG_2PI).sum(-1)


class Lvae(nn.Module):
    def __init__(self):
        super().__init__()
        self.bu1 = mlp([PIXELS, 512, 512], head=False)
        self.bu2 = mlp([512, 256, 256], head=False)
        self.qz2 = mlp([256, 32], head=True)
        self.td1 = mlp([16, 256, 256], head=False)
        self.pz1 = mlp([256, 64], head=True)
        self.qz1 = mlp([768, 64], head=True)
        self.px = mlp([32, 512, 512, PIXELS], head=True)

    def forward(self, x):
        h1 = self.bu1(x)
        q2 = gaussian(self.qz2(self.bu2(h1)))
        z2 = q2[0] + q2[1] * torch.randn_like(q2[0])
        t1 = self.td1(z2)
        p1 = gaussian(self.pz1(t1))
        q1 = gaussian(self.qz1(torch.cat([h1, t1], dim=1)))
        z1 = q1[0] + q1[1] * torch.randn_like(q1[0])
        recon = bernoulli_log_lik(self.px(z1), x)
        return -(recon - kl(q1, p1) - kl(q2)).mean()


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = mlp([PIXELS, 512, 512, 64], head=True)
        self.decoder = mlp([32, 512, 512, PIXELS], head=True)

    @torch.no_grad()
    def iwae(self, x, k, chunk):
        """log (1/K) sum_k p(x, z_k) / q(z_k | x) per image [B], K in chunks."""
        loc, scale = gaussian(self.encoder(x))
        total = None
        for start in range(0, k, chunk):
            n = min(chunk, k - start)
            z = loc + scale * torch.randn(n, *loc.shape)
            logits = self.decoder(z.reshape(-1, z.shape[-1])).reshape(n, x.shape[0], PIXELS)
            log_w = bernoulli_log_lik(logits, x) + normal_log_prob(z, 0.0, torch.ones(())) - normal_log_prob(z, loc, scale)
            chunk_lse = torch.logsumexp(log_w, dim=0)
            total = chunk_lse if total is None else torch.logaddexp(total, chunk_lse)
        return total - math.log(k)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workload", choices=["lvae", "iwae"], required=True)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--k", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=100)
    step_arguments(parser, warmup=5, runs=20)
    args = parser.parse_args()

    start(args)
    x = (torch.rand(args.batch, PIXELS) < 0.3).float()
    if args.workload == "lvae":
        model = Lvae()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            return optimizer_step(model, optimizer, x)
    else:
        model = Vae()

        def step():
            return model.iwae(x, args.k, args.chunk).mean().item()

    step_ms, value = timed_steps(step, args.warmup, args.runs)
    report(args, step_ms, parameters=sum(p.numel() for p in model.parameters()), value=value)


if __name__ == "__main__":
    main()
