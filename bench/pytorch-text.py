"""PyTorch references for the text workloads of bench/text-compare.ts (issue 18).

Two models over Brown-shaped sentences (41 tokens, a 20,004-word vocabulary,
PAD = 0, BOS = 1), batch 48 of seeded random sentences (ids 2..V-1, lengths
uniform in 5..41, PAD after), as a PyTorch user writes them:

  lm   the LSTM language model: nn.Embedding(V, E), nn.LSTM(E, H),
       nn.Linear(H, V); teacher forcing on [BOS, x_0 .. x_39]; loss the
       cross-entropy summed over non-PAD tokens, mean over the batch;
       torch.optim.Adamax(lr 2e-3).
  vae  the sentence VAE: q(z | x) = nn.Embedding(V, E) over the 41 tokens,
       flattened, nn.Linear(41 E, 64) + ELU, nn.Linear(64, 2 Z) to the mean
       and softplus scale of a Normal z [Z]; p(x | z) the LSTM decoder of lm
       with z concatenated to every step's input (nn.LSTM(E + Z, H)); loss the
       negative ELBO (cross-entropy over non-PAD tokens + analytic KL), mean
       over the batch; Adamax(lr 2e-3) and an exponential moving average of
       the weights (decay 0.999), as strata's trainer keeps.

With --skip-pad the decoder selects the non-PAD positions of the LSTM's
outputs (h[keep]) before nn.Linear(H, V), so PAD rows get no logits, as
strata's maskedAffine skips them; the loss is the same.

Glorot-uniform weights, zero biases. Needs only Debian's python3-torch.
Run by bench/text-compare.ts; by hand:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
    /usr/bin/python3 bench/pytorch-text.py --model lm --warmup 2 --runs 5

Prints one JSON line: torch version, threads, BLAS information, the shapes
and the wall milliseconds of every measured step.
"""
import argparse

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_common import optimizer_step, report, start, step_arguments, timed_steps

VOCAB = 20004
STEPS = 41
PAD, BOS = 0, 1


def glorot(module):
    for name, p in module.named_parameters():
        if p.dim() >= 2:
            nn.init.xavier_uniform_(p)
        else:
            nn.init.zeros_(p)


def sentences(batch, generator):
    lengths = torch.randint(5, STEPS + 1, (batch,), generator=generator)
    ids = torch.randint(2, VOCAB, (batch, STEPS), generator=generator)
    mask = torch.arange(STEPS).unsqueeze(0) < lengths.unsqueeze(1)
    return torch.where(mask, ids, torch.zeros_like(ids))


class Decoder(nn.Module):
    """The LSTM decoder: tokens [B, T] (and features [B, Z]) -> summed CE over non-PAD tokens [B]."""

    def __init__(self, embed, hidden, features=0, skip_pad=False):
        super().__init__()
        self.skip_pad = skip_pad
        self.embedding = nn.Embedding(VOCAB, embed)
        self.lstm = nn.LSTM(embed + features, hidden)
        self.out = nn.Linear(hidden, VOCAB)

    def forward(self, x, feats=None):
        previous = torch.cat([torch.full_like(x[:, :1], BOS), x[:, :-1]], 1).t()
        inputs = self.embedding(previous)
        if feats is not None:
            inputs = torch.cat([inputs, feats.unsqueeze(0).expand(inputs.shape[0], -1, -1)], 2)
        hs, _ = self.lstm(inputs)
        rows = hs.transpose(0, 1).reshape(-1, hs.shape[2])
        targets = x.reshape(-1)
        if self.skip_pad:
            keep = targets != PAD
            ce = F.cross_entropy(self.out(rows[keep]), targets[keep], reduction="none")
            ce = torch.zeros(targets.shape, dtype=ce.dtype).masked_scatter(keep, ce)
        else:
            ce = F.cross_entropy(self.out(rows), targets, ignore_index=PAD, reduction="none")
        return ce.view(x.shape).sum(1)


class Lm(nn.Module):
    def __init__(self, embed, hidden, latent, skip_pad):
        super().__init__()
        self.decoder = Decoder(embed, hidden, skip_pad=skip_pad)

    def forward(self, x):
        return self.decoder(x).mean()


class SentenceVae(nn.Module):
    def __init__(self, embed, hidden, latent, skip_pad):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, embed)
        self.encoder = nn.Sequential(nn.Linear(STEPS * embed, 64), nn.ELU(), nn.Linear(64, 2 * latent))
        self.decoder = Decoder(embed, hidden, latent, skip_pad)

    def forward(self, x):
        mean, raw = self.encoder(self.embedding(x).flatten(1)).chunk(2, dim=1)
        scale = F.softplus(raw) + torch.exp(torch.tensor(-10.0))
        z = mean + scale * torch.randn_like(mean)
        kl = (0.5 * (mean.square() + scale.square() - 1) - scale.log()).sum(1)
        return (self.decoder(x, z) + kl).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["lm", "vae"], default="lm")
    parser.add_argument("--batch", type=int, default=48)
    parser.add_argument("--embed", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--latent", type=int, default=16)
    step_arguments(parser, warmup=2, runs=5)
    parser.add_argument("--skip-pad", action="store_true", help="no logits for PAD positions (h[keep] before the output layer)")
    args = parser.parse_args()

    start(args)
    x = sentences(args.batch, torch.Generator().manual_seed(args.seed))
    model = (Lm if args.model == "lm" else SentenceVae)(args.embed, args.hidden, args.latent, args.skip_pad)
    glorot(model)
    params = list(model.parameters())
    optimizer = torch.optim.Adamax(params, lr=2e-3)
    ema = [p.detach().clone() for p in params] if args.model == "vae" else None

    def step():
        loss = optimizer_step(model, optimizer, x)
        if ema is not None:
            with torch.no_grad():
                torch._foreach_mul_(ema, 0.999)
                torch._foreach_add_(ema, [p.detach() for p in params], alpha=0.001)
        return loss

    step_ms, loss = timed_steps(step, args.warmup, args.runs)
    report(args, step_ms, model=args.model, skipPad=args.skip_pad,
           shapes={"batch": args.batch, "steps": STEPS, "vocabulary": VOCAB, "embed": args.embed,
                   "hidden": args.hidden, "latent": args.latent},
           parameters=sum(p.numel() for p in params), loss=loss)


if __name__ == "__main__":
    main()
