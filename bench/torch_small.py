"""PyTorch reference for the small-model rows (bench/small-models.mjs): one SVI step of the same
three models, hand-written: the same guides, the same objective (analytic KL where the pair has a
closed form, one-sample Monte Carlo for the rest: estimator B), Adam, and one read of the bound per
step (as aevb's svi.step returns it). Prints one JSON line. Usage: python3 torch_small.py [--steps 300]."""
import argparse, json, time

import torch
import torch.distributions as D

p = argparse.ArgumentParser()
p.add_argument("--steps", type=int, default=300)
p.add_argument("--warmup", type=int, default=30)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


def normal_mean():
    """mu ~ N(0, 1), x_i ~ N(mu, 1); q(mu) = N(loc, softplus(s)) (autoNormal's form)."""
    x = torch.tensor([0.8, 1.9, 1.2, 0.3, 1.5])
    loc = torch.zeros(1, requires_grad=True)
    raw = torch.full((1,), 0.541, requires_grad=True)  # softplus^-1(1)
    opt = torch.optim.Adam([loc, raw], lr=0.05)

    def step():
        opt.zero_grad(set_to_none=True)
        q = D.Normal(loc, torch.nn.functional.softplus(raw))
        mu = q.rsample()
        elbo = D.Normal(mu, 1.0).log_prob(x).sum() - D.kl_divergence(q, D.Normal(0.0, 1.0)).sum()
        (-elbo).backward()
        opt.step()
        return elbo.item()

    return step


def eight_schools():
    """Non-centered eight schools with the gallery's mean-field guide (Normal mu, LogNormal tau, Normal eta)."""
    y = torch.tensor([28.0, 8, -3, 7, -1, 1, 18, 12])
    sigma = torch.tensor([15.0, 10, 16, 11, 9, 11, 10, 18])
    ps = {k: torch.tensor(v, requires_grad=True) for k, v in {
        "mu_loc": [0.0], "mu_s": [0.0], "tau_loc": [0.0], "tau_s": [-0.693], "eta_loc": [0.0] * 8, "eta_s": [-0.693] * 8}.items()}
    opt = torch.optim.Adam(ps.values(), lr=0.05)

    def step():
        opt.zero_grad(set_to_none=True)
        q_mu = D.Normal(ps["mu_loc"], ps["mu_s"].exp())
        q_tau = D.LogNormal(ps["tau_loc"], ps["tau_s"].exp())
        q_eta = D.Normal(ps["eta_loc"], ps["eta_s"].exp())
        mu, tau, eta = q_mu.rsample(), q_tau.rsample(), q_eta.rsample()
        log_lik = D.Normal(mu + tau * eta, sigma).log_prob(y).sum()
        kl = D.kl_divergence(q_mu, D.Normal(0.0, 5.0)).sum() + D.kl_divergence(q_eta, D.Normal(0.0, 1.0)).sum()
        kl_tau = (q_tau.log_prob(tau) - D.Gamma(1.0, 0.2).log_prob(tau)).sum()  # no closed form: Monte Carlo
        elbo = log_lik - kl - kl_tau
        (-elbo).backward()
        opt.step()
        return elbo.item()

    return step


def beta_bernoulli():
    """p ~ Beta(2, 2), x_i ~ Bernoulli(p); q(p) = Beta(m k, (1 - m) k), m = sigmoid(u), k = exp(w)."""
    g = torch.Generator().manual_seed(3)
    x = (torch.rand(30, generator=g) < 0.3).float()
    u = torch.zeros((), requires_grad=True)
    w = torch.tensor(0.693, requires_grad=True)
    opt = torch.optim.Adam([u, w], lr=0.15, betas=(0.9, 0.98))

    def step():
        opt.zero_grad(set_to_none=True)
        m, k = torch.sigmoid(u), w.exp()
        q = D.Beta(m * k, (1 - m) * k)
        pr = q.rsample()  # implicit reparameterization of the Gamma draws
        elbo = D.Bernoulli(probs=pr).log_prob(x).sum() - D.kl_divergence(q, D.Beta(2.0, 2.0))
        (-elbo).backward()
        opt.step()
        return elbo.item()

    return step


out = []
for name, make in [("normal-mean", normal_mean), ("eight-schools", eight_schools), ("beta-bernoulli", beta_bernoulli)]:
    step = make()
    for _ in range(a.warmup):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        elbo = step()
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    out.append({"name": name, "msPerStep": 1000 * sec / a.steps, "cpuMsPerStep": 1000 * cpu / a.steps, "elbo": elbo})
print(json.dumps({"column": "torch-small", "threads": a.threads, "steps": a.steps, "torch": torch.__version__, "models": out}))
