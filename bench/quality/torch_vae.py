"""PyTorch quality reference for `pnpm vae --latent 20 --hidden 500 --epochs 10 --optimizer adam --init glorot`.

The same VAE as packages/examples/src/vae: encoder 784-500 (tanh) with one linear head of 2*Nz outputs
(mean | log-variance, as autoAmortized builds it), decoder Nz-500 (tanh)-784 giving Bernoulli logits on
grey values, analytic Gaussian KL, Adam(1e-3), M = 100, Glorot-uniform kernels and zero biases, and the
same data and minibatch order (files written by export-data.mjs from the framework's own loader and
permutations). The final ELBOs are computed as the framework's metrics.json: minibatches of 500,
`passes` one-sample analytic-KL evaluations averaged. Prints one JSON line.
Usage: /usr/bin/python3 torch_vae.py DATA_DIR [--epochs 10] [--latent 20] [--hidden 500] [--passes 5] [--seed 0]
"""
import argparse, json, os, time

import numpy as np
import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("data")
p.add_argument("--epochs", type=int, default=10)
p.add_argument("--latent", type=int, default=20)
p.add_argument("--hidden", type=int, default=500)
p.add_argument("--batch", type=int, default=100)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--passes", type=int, default=5)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)

meta = json.load(open(os.path.join(a.data, "meta.json")))
D = meta["dim"]
train = torch.from_numpy(np.fromfile(os.path.join(a.data, "train.f32"), dtype=np.float32).reshape(meta["train"], D))
test = torch.from_numpy(np.fromfile(os.path.join(a.data, "test.f32"), dtype=np.float32).reshape(meta["test"], D))
order = np.fromfile(os.path.join(a.data, "order.i32"), dtype=np.int32).reshape(meta["epochs"], meta["train"])
assert a.epochs <= meta["epochs"], "export more epochs of minibatch order"


def linear(i, o):
    layer = torch.nn.Linear(i, o)
    torch.nn.init.xavier_uniform_(layer.weight)  # U(±sqrt(6 / (fan_in + fan_out))), like glorotUniform
    torch.nn.init.zeros_(layer.bias)
    return layer


class VAE(torch.nn.Module):
    def __init__(self, H, Z):
        super().__init__()
        self.Z = Z
        self.enc, self.head = linear(D, H), linear(H, 2 * Z)
        self.dec, self.out = linear(Z, H), linear(H, D)

    def elbo(self, x):
        """Sum over the batch of the analytic-KL ELBO (estimator B, L = 1)."""
        mu, lv = torch.split(self.head(torch.tanh(self.enc(x))), self.Z, dim=1)
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        logits = self.out(torch.tanh(self.dec(z)))
        rec = -F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + lv - mu * mu - lv.exp())
        return rec - kl


model = VAE(a.hidden, a.latent)
opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.99))  # aevb's Adam default
n = train.shape[0]
t0 = time.perf_counter()
epochs = []
for e in range(a.epochs):
    total, steps = 0.0, 0
    for start in range(0, n - a.batch + 1, a.batch):
        x = train[torch.from_numpy(order[e, start : start + a.batch].astype(np.int64))]
        opt.zero_grad(set_to_none=True)
        b = model.elbo(x)
        (-b / a.batch).backward()
        opt.step()
        total += float(b) / a.batch
        steps += 1
    epochs.append(total / steps)
seconds = time.perf_counter() - t0


@torch.no_grad()
def evaluate(data, bs=500):
    total = 0.0
    for start in range(0, data.shape[0], bs):
        x = data[start : start + bs]
        total += sum(float(model.elbo(x)) for _ in range(a.passes)) / a.passes
    return total / data.shape[0]


print(json.dumps({
    "trainElbo": evaluate(train), "testElbo": evaluate(test), "epochTrainElbos": epochs,
    "seconds": seconds, "examplesPerSecond": a.epochs * (n // a.batch) * a.batch / seconds,
    "torch": torch.__version__, "threads": a.threads, "config": vars(a),
}))
