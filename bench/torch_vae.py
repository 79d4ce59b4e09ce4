"""PyTorch reference (column (c)): the same VAE 784-500-20 (tanh), Adam lr 1e-3, M = 100, Bernoulli
decoder on logits, analytic Gaussian KL, on the same MNIST rows (bench/results/mnist-10000.f32, written
by bench/lib/env.mjs). Prints one JSON line. Usage: python3 torch_vae.py --threads 1 [--steps 300]."""
import argparse, json, os, resource, time

import numpy as np
import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--steps", type=int, default=300)
p.add_argument("--warmup", type=int, default=20)
p.add_argument("--m", type=int, default=100)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)

here = os.path.dirname(os.path.abspath(__file__))
data = np.fromfile(os.path.join(here, "results", "mnist-10000.f32"), dtype=np.float32).reshape(10000, 784)
x_all = torch.from_numpy(data[:8000].copy())
D, H, Z, M = 784, 500, 20, a.m


class VAE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = torch.nn.Linear(D, H)
        self.mu = torch.nn.Linear(H, Z)
        self.lv = torch.nn.Linear(H, Z)
        self.dec = torch.nn.Linear(Z, H)
        self.out = torch.nn.Linear(H, D)

    def forward(self, x):
        h = torch.tanh(self.enc(x))
        mu, lv = self.mu(h), self.lv(h)
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        logits = self.out(torch.tanh(self.dec(z)))
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + lv - mu * mu - lv.exp())
        return (rec + kl) / x.shape[0]


model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
starts = list(range(0, 8000 - M + 1, M))


def step(i):
    x = x_all[starts[i % len(starts)] : starts[i % len(starts)] + M]
    opt.zero_grad(set_to_none=True)
    loss = model(x)
    loss.backward()
    opt.step()
    return loss


for i in range(a.warmup):
    step(i)
t0 = time.perf_counter()
c0 = time.process_time()
for i in range(a.warmup, a.warmup + a.steps):
    loss = step(i)
sec = time.perf_counter() - t0
cpu = time.process_time() - c0  # all threads of the process
print(json.dumps({
    "column": "c", "name": f"pytorch-{a.threads}thread", "threads": a.threads, "m": M, "steps": a.steps,
    "examplesPerSec": a.steps * M / sec, "msPerStep": 1000 * sec / a.steps, "cpuMsPerStep": 1000 * cpu / a.steps, "loss": float(loss),
    "peakRssMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "torch": torch.__version__,
    "blasLibs": sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l}),
    "blasThreads": os.environ.get("OPENBLAS_NUM_THREADS"), "ompThreads": os.environ.get("OMP_NUM_THREADS"),
}))
