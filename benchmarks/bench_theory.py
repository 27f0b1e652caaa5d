"""Benchmark of the theory code on the Figure 3 sweep (prints results; asserts nothing about timings).

The sweep: p in {50, 200, 500} x 50 synthetic proportions (pis = linspace(0.001, 0.95, 50), m = int(pi n/(1 - pi)),
n = n_hat = 1000, mu = 0.7, gamma = 1) x 3 supervisions (rho, phi) in {(0, 1), (1, 0.5), (1, 1)}, INCLUDING the per-point
label noise eps = 1 - accuracy of the general theory with n = 0, m, C = the covariance estimated from n = 1000 real
samples with the oracle mean (eps = 0, rho = 0, phi = 1): one eigendecomposition per p.

Compared with two re-implementations of the authors' algorithm (written here from the description in
shared/science/1-model-and-theory.md, not their code), both with `np.linalg.eig` on the covariance once per p, per grid
point a plain fixed-point loop from 0 (or (1, 1, 1) for Delta_bars) with absolute tolerance 1e-12 (capped), a dense
p x p solve for Qbar and `scipy.integrate.quad` for the Gaussian tail:
- "authors' algorithm" (faithful, the yardstick): organised as their functions are, the general-covariance accuracy
  calls the mean and the second moment separately, each solves for Qbar (which solves the fixed point again) and
  solves the fixed point itself (four fixed-point loops and two p x p solves per point), and the second moment forms
  the p x p matrix M = [(1 - b2) Qbar (mu mu^T + I) Qbar + b1 Qbar (mu_beta mu_beta^T + C) Qbar]/h before its
  quadratic forms (four p x p products);
- "lean re-implementation" (the yardstick of earlier versions of this benchmark): the same formulas with one fixed
  point and one solve per point and the quadratic forms as vector products (no p x p products).
In exact mode the authors' code has no closed form for the n_hat setting, so the references plug one sampled Wishart
covariance (n_hat = 1000 vectors) into the dense general formula per point: that is how one would get the exact
answer with the authors' code (`--exact-authors` also times the faithful version there: about a minute).

Run: OMP_NUM_THREADS=1 python benchmarks/bench_theory.py [--repeat 15] [--ref-repeat 2] [--exact-authors]
"""
import os, time
import numpy as np
from scipy import integrate
from synthetic_data.rmt import general_theory, toy_theory, labeller_noise
from synthetic_data.mixture import fig3_generator, sample_cov
from synthetic_data.repro import as_rng

n = n_hat = 1000; mu = 0.7; gamma = 1.
ps = [50, 200, 500]
pis = np.linspace(0.001, 0.95, 50); ms = (pis*n/(1 - pis)).astype(int)
sups = np.array([(0., 1.), (1., 0.5), (1., 1.)])

def setup(seed=0):
    "Per p: Figure 3's generator (a random mean direction of norm mu, the oracle-mean covariance of n real samples)."
    return {p: (*fig3_generator(p, n, mu, seed + p), sample_cov(p, n_hat, as_rng(seed + p))) for p in ps}

# ---------------------------------------------------------------- ours (vectorized, one eigh per p)
def ours(data, pruning):
    "Per p the labeller noise (one call, one tridiagonal reduction), then one toy_theory call for every (p, supervision, m)."
    eps = np.stack([labeller_noise(ms, data[p][0], data[p][1], gamma) for p in ps])            # (p, m)
    acc = toy_theory(n, n_hat, ms, np.array(ps)[:, None, None], mu, eps[:, None], sups[:, :1], sups[:, 1:], gamma, pruning).accuracy
    return dict(zip(ps, acc))                                                                   # p -> (supervision, m)

# ---------------------------------------------------------------- reference-style re-implementation
def _tail(t): return integrate.quad(lambda x: np.exp(-x*x/2)/np.sqrt(2*np.pi), t, np.inf)[0]

def ref_delta(n, m, ev, eps, rho, phi, gamma, s_alpha, tol=1e-12, cap=1_000_000):
    alpha = phi*(1 - eps) + rho*eps; N = n + m; pi = n/N; s = alpha if s_alpha else 1.
    d = ds = 0.
    for _ in range(cap):
        di = gamma + pi/(1 + d) + alpha*(1 - pi)*ev/(1 + ds)
        d_new, ds_new = np.sum(1/di)/N, s*np.sum(ev/di)/N
        if abs(d_new - d) < tol and abs(ds_new - ds) < tol: return d_new, ds_new
        d, ds = d_new, ds_new
    raise RuntimeError('reference Delta did not converge')

def ref_accuracy(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha):
    alpha, lam = phi*(1 - eps) + rho*eps, phi*(1 - eps) - rho*eps
    N = n + m; pi = n/N; p = len(vmu); I = np.eye(p)
    d, ds = ref_delta(n, m, ev, eps, rho, phi, gamma, s_alpha)
    Q = np.linalg.solve(pi*(np.outer(vmu, vmu) + I)/(1 + d) + alpha*(1 - pi)*(np.outer(vmu_beta, vmu_beta) + C)/(1 + ds) + gamma*I, I)
    v = pi*vmu/(1 + d) + lam*(1 - pi)*vmu_beta/(1 + ds)
    Qv = Q @ v; mean = vmu @ Qv; mbQv = vmu_beta @ Qv
    di = gamma + pi/(1 + d) + alpha*(1 - pi)*ev/(1 + ds)
    t1, t2, t3 = np.sum(1/di**2)/N, np.sum((ev/di)**2)/N, np.sum(ev/di**2)/N
    a1, a2 = pi*t1/(1 + d)**2, pi*t3/(1 + d)**2
    b1, b2 = alpha*(1 - pi)*t3/(1 + ds)**2, alpha*(1 - pi)*t2/(1 + ds)**2
    h = (1 - b2)*(1 - a1) - a2*b1
    vMv = ((1 - b2)*(mean**2 + Qv @ Qv) + b1*(mbQv**2 + Qv @ C @ Qv))/h
    E2 = vMv + (a1*(1 - b2) + a2*b1)/h*(1 - 2*mean) + (b1/(alpha*h) if alpha else 0.)*(alpha - 2*lam*mbQv)
    std = np.sqrt(E2 - mean**2)
    return 1 - _tail(abs(mean)/std)

# ---------------------------------------------------------------- the authors' algorithm, organised as their functions
def authors_qbar(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha):
    "Qbar by a dense solve against I, after solving the fixed point (as their resolvent function does)."
    alpha = phi*(1 - eps) + rho*eps; N = n + m; pi = n/N; p = len(vmu); I = np.eye(p)
    d, ds = ref_delta(n, m, ev, eps, rho, phi, gamma, s_alpha)
    S1 = pi*(np.outer(vmu, vmu) + I)/(1 + d)
    S2 = alpha*(1 - pi)*(np.outer(vmu_beta, vmu_beta) + C)/(1 + ds)
    return np.linalg.solve(S1 + S2 + gamma*I, I)

def authors_mean(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha):
    "E[g]: its own Qbar and its own fixed point."
    lam = phi*(1 - eps) - rho*eps; N = n + m; pi = n/N
    Q = authors_qbar(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha)
    d, ds = ref_delta(n, m, ev, eps, rho, phi, gamma, s_alpha)
    return pi*(vmu @ Q @ vmu)/(1 + d) + lam*(1 - pi)*(vmu_beta @ Q @ vmu)/(1 + ds)

def authors_second_moment(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha):
    "E[g^2]: its own Qbar and fixed point, the traces, the p x p matrix M, then v^T M v as three quadratic forms."
    alpha, lam = phi*(1 - eps) + rho*eps, phi*(1 - eps) - rho*eps; N = n + m; pi = n/N; p = len(vmu)
    Q = authors_qbar(n, m, vmu, vmu_beta, C, ev, eps, rho, phi, gamma, s_alpha)
    d, ds = ref_delta(n, m, ev, eps, rho, phi, gamma, s_alpha)
    di = gamma + pi/(1 + d) + alpha*(1 - pi)*ev/(1 + ds)
    t1, t2, t3 = np.sum(1/di**2)/N, np.sum((ev/di)**2)/N, np.sum(ev/di**2)/N
    a1, a2 = pi*t1/(1 + d)**2, pi*t3/(1 + d)**2
    b1, b2 = alpha*(1 - pi)*t3/(1 + ds)**2, alpha*(1 - pi)*t2/(1 + ds)**2
    h = (1 - b2)*(1 - a1) - a2*b1
    T1, T2 = (a1*(1 - b2) + a2*b1)/h, (b1/(alpha*h) if alpha > 0 else 0.)
    mqm, mqb, bqb = vmu @ Q @ vmu, vmu @ Q @ vmu_beta, vmu_beta @ Q @ vmu_beta
    M = ((1 - b2)*Q @ (np.outer(vmu, vmu) + np.eye(p)) @ Q + b1*Q @ (np.outer(vmu_beta, vmu_beta) + C) @ Q)/h
    s1 = ((pi/(1 + d))**2*(vmu @ M @ vmu) + (lam*(1 - pi)/(1 + ds))**2*(vmu_beta @ M @ vmu_beta)
          + 2*lam*pi*(1 - pi)*(vmu @ M @ vmu_beta)/((1 + d)*(1 + ds)))
    s2 = T1*(1 - 2*pi*mqm/(1 + d) - 2*lam*(1 - pi)*mqb/(1 + ds))
    s3 = T2*(alpha - 2*(1 - pi)*lam**2*bqb/(1 + ds) - 2*lam*pi*mqb/(1 + d))
    return s1 + s2 + s3

def authors_accuracy(*args):
    "Their accuracy: the mean and the second moment computed separately, then the Gaussian tail by quad."
    mean, E2 = authors_mean(*args), authors_second_moment(*args)
    return 1 - _tail(abs(mean)/np.sqrt(E2 - mean**2))

def ref_delta_bars(n, n_hat, m, p, eps, rho, phi, gamma, tol=1e-12, cap=1_000_000):
    alpha = phi*(1 - eps) + rho*eps; N = n + m; pi = n/N; eta = p/N
    d = ds = db = 1.
    for _ in range(cap):
        d_new = (n_hat/N)*(1 + ds)*db/(alpha*(1 - pi))
        ds_new = alpha*d/(1 + db)
        b = gamma + pi/(1 + d) + alpha*(1 - pi)/((1 + ds)*(1 + db))
        db_new = alpha*(1 - pi)*p/(n_hat*(1 + ds)*b)
        if max(abs(d_new - d), abs(ds_new - ds), abs(db_new - db)) < tol: return d_new, ds_new, db_new
        d, ds, db = d_new, ds_new, db_new
    raise RuntimeError('reference Delta_bars did not converge')

def ref_accuracy_toy(n, n_hat, m, p, mu, eps, rho, phi, gamma):
    alpha, lam = phi*(1 - eps) + rho*eps, phi*(1 - eps) - rho*eps
    N = n + m; pi = n/N; eta = p/N
    d, ds, db = ref_delta_bars(n, n_hat, m, p, eps, rho, phi, gamma)
    A = pi/(1 + d) + alpha*(1 - pi)/(1 + ds)
    b = gamma + pi/(1 + d) + alpha*(1 - pi)/((1 + ds)*(1 + db))
    c = pi/(1 + d) + lam*(1 - pi)/(1 + ds)
    mean = c*mu**2/(b + A*mu**2)
    hb = 1 - (alpha*(1 - pi)/((1 + ds)*(1 + db)))**2*p/(n_hat*b**2)
    t = eta/b**2; a1 = pi*t/(hb*(1 + d)**2)
    b1 = b2 = alpha*(1 - pi)*t/(hb*(1 + ds)**2*(1 + db)**2)
    h = 1 - a1 - b2
    r = c*mu**2/(h*(b + A*mu**2)**2)
    s = c*(1 + b1 - b2)*mu**2 + c/hb - 2*(a1 + lam*b1/alpha)*(b + A*mu**2)
    E2 = r*s + (a1 + b1)/h
    return 1 - _tail(abs(mean)/np.sqrt(E2 - mean**2))

def reference(data, pruning, accuracy=ref_accuracy):
    "The sweep with the general-covariance `accuracy` of one re-implementation (`ref_accuracy` lean, `authors_accuracy`)."
    res = {}
    for p in ps:
        mu_vec, C, C_wishart = data[p]
        ev = np.real(np.linalg.eig(C)[0])
        eps = [1 - accuracy(0, m, mu_vec, mu_vec, C, ev, 0., 0., 1., gamma, pruning == 'paper') for m in ms]
        if pruning == 'paper':
            res[p] = np.array([[ref_accuracy_toy(n, n_hat, m, p, mu, e, r, f, gamma) for m, e in zip(ms, eps)] for r, f in sups])
        else:
            evw = np.real(np.linalg.eig(C_wishart)[0])
            res[p] = np.array([[accuracy(n, m, mu_vec, mu_vec, C_wishart, evw, e, r, f, gamma, False)
                                for m, e in zip(ms, eps)] for r, f in sups])
    return res

def best_of(f, k):
    "Best of k runs: (CPU seconds of this process, wall seconds, output); CPU time is the primary measure (shared machine)."
    cpu, wall = [], []
    for _ in range(k):
        t0, c0 = time.perf_counter(), time.process_time(); out = f()
        cpu.append(time.process_time() - c0); wall.append(time.perf_counter() - t0)
    return min(cpu), min(wall), out

def machine() -> str:
    "The CPU model, core count, load and library versions, for the record."
    import platform, scipy, datetime
    model = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
    return (f"{datetime.date.today()} | {model}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} | numpy {np.__version__}, "
            f"scipy {scipy.__version__} | OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")

if __name__ == '__main__':
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--repeat', type=int, default=15, help='runs of ours (best of)')
    ap.add_argument('--ref-repeat', type=int, default=2, help='runs of each reference in paper mode (best of; exact: 1)')
    ap.add_argument('--exact-authors', action='store_true', help="also time the faithful authors' algorithm in exact mode (about a minute)")
    args = ap.parse_args()
    print(machine())
    print("Figure 3 theory sweep: 3 p x 50 proportions x 3 supervisions (+ 150 per-point eps); one run = 600 theory evaluations")
    data = setup(0)
    c_eigh, w_eigh, _ = best_of(lambda: [np.linalg.eigvalsh(data[p][1]) for p in ps], args.repeat)
    print(f"floor: the eigenvalues alone (np.linalg.eigvalsh, p = {ps}) take {1e3*c_eigh:.1f} ms CPU")
    for pruning in ('paper', 'exact'):
        c_ours, w_ours, a_ours = best_of(lambda: ours(data, pruning), args.repeat)
        k = args.ref_repeat if pruning == 'paper' else 1
        refs = [('lean re-implementation', ref_accuracy)]
        if pruning == 'paper' or args.exact_authors: refs.insert(0, ("authors' algorithm", authors_accuracy))
        line = f"[{pruning}] ours: {1e3*c_ours:7.1f} ms CPU ({1e3*w_ours:.1f} wall)"
        for name, acc in refs:
            c_ref, w_ref, a_ref = best_of(lambda: reference(data, pruning, acc), k)
            diff = max(np.abs(a_ours[p] - a_ref[p]).max() for p in ps)
            line += (f"\n    {name}: {1e3*c_ref:8.1f} ms CPU ({1e3*w_ref:.1f} wall) | ratio {c_ref/c_ours:6.1f}x CPU "
                     f"({w_ref/w_ours:.1f}x wall) | floor ratio {c_ref/c_eigh:.0f}x | max |accuracy difference| {diff:.1e}"
                     + (" (reference: one sampled Wishart C, ours: the exact average)" if pruning == 'exact' else
                        f" ({'within' if diff <= 1e-9 else 'NOT within'} 1e-9)"))
        print(line, flush=True)
