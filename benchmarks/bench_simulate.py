"""Benchmark: the Figure 3 Monte-Carlo sweep, authors' algorithm vs `synthetic_data.simulate`.

Sweep: p in {50, 200, 500}, n = n_hat = 1000, mu = 0.7, gamma = 1, pis = linspace(0.001, 0.95, 50),
m = int(pi n/(1-pi)), supervisions oracle (rho, phi) = (0, 1) and weak (1, 0.5), 10 trials per point
(3000 trials in all). Every run here is single-threaded (OMP/MKL/OpenBLAS threads = 1, torch.set_num_threads(1)).

"reference" is a faithful re-implementation of the authors' algorithm (toy_setting.py + utils.py as described in
/work/shared/science 1-model-and-theory.md section 1.5), NOT their code: legacy `np.random` global-state RNG,
feature-major X of shape (p, N), `np.random.multivariate_normal` (one SVD per call) for the synthetic samples,
a fresh real set drawn and discarded in every trial (the trained one is fixed per p), an explicit inverse
`solve(A, I)`, and 2n sampled test points. Because it is slow, it is timed on a subset of the proportions and
extrapolated with a per-p least-squares fit time = a + b*m (printed). All methods are timed interleaved on the same
points (the machine is shared; CPU time of this process, `time.process_time`, is the primary measure, wall time is
printed too), and our gram sampler is also run on the whole sweep. Use --full-ref to time every point (slow).

Usage: python benchmarks/bench_simulate.py [--quick] [--full-ref] [--trials 10] [--seed 0]
"""
import os
for _k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[_k] = '1'
import argparse, time
import numpy as np
import pandas as pd

N_REAL, MU, GAMMA = 1000, 0.7, 1.
SUPERVISIONS = {'oracle': (0., 1.), 'weak': (1., 0.5)}


# ----------------------------------------------------------------------------------------------------------------
# Reference-style re-implementation of the authors' algorithm (labelled as such; written from the specification)
# ----------------------------------------------------------------------------------------------------------------
def ref_mixture(n, vmu, cov=None):
    "Authors' gaussian_mixture: (p, n) data, first n//2 labels -1; real noise randn, synthetic multivariate_normal."
    p = len(vmu); y = np.ones(n); y[:n//2] = -1
    Z = np.random.randn(p, n) if cov is None else np.random.multivariate_normal(np.zeros(p), cov, size=n).T
    return np.outer(vmu, y) + Z, y

def ref_generate_data(n, m, vmu, cov, eps, rho, phi):
    "Authors' generate_data: real set, synthetic set with flips and pruning (two binomial calls), 2n test points."
    X_r, y_r = ref_mixture(n, vmu)
    X_s, y_s = ref_mixture(m, vmu, cov)
    y_tilde = y_s*(2*np.random.binomial(size=m, p=1 - eps, n=1) - 1)
    q = np.zeros(m); agree = y_tilde == y_s
    q[agree] = np.random.binomial(size=agree.sum(), p=phi, n=1)
    q[~agree] = np.random.binomial(size=m - agree.sum(), p=rho, n=1)
    X_t, y_t = ref_mixture(2*n, vmu)
    return (X_r, y_r, X_s, y_tilde, q), (X_t, y_t)

def ref_classifier(X_r, y_r, X_s, y_tilde, q, gamma):
    "Authors' classifier_vector: explicit inverse of the (p, p) matrix, N = n + m."
    p, n = X_r.shape; N = n + len(y_tilde)
    Q = np.linalg.solve((X_r @ X_r.T + (X_s*q) @ X_s.T)/N + gamma*np.eye(p), np.eye(p))
    return Q @ (X_r @ y_r + (X_s*q) @ y_tilde)/N

def ref_empirical_accuracy_toy(batch, n, n_hat, m, p, vmu, X_r, y_r, eps, rho, phi, gamma):
    "Authors' empirical_accuracy_toy (estim_cov=False): fresh Wishart cov per trial, fixed real set, max(acc, 1-acc)."
    accs = []
    for _ in range(batch):
        Z = np.random.randn(p, n_hat); cov = Z @ Z.T/n_hat
        (_, _, X_s, y_tilde, q), (X_t, y_t) = ref_generate_data(n, m, vmu, cov, eps, rho, phi)
        w = ref_classifier(X_r, y_r, X_s, y_tilde, q, gamma)
        acc = np.mean(y_t == 2*(X_t.T @ w >= 0) - 1)
        accs.append(max(acc, 1 - acc))
    return np.array(accs)


# ----------------------------------------------------------------------------------------------------------------
def eps_grid(p, ms, seed):
    "Label noise per point, as the authors define it: 1 - accuracy of the clean synthetic-only classifier (theory)."
    from synthetic_data.rmt import labeller_noise
    from synthetic_data.mixture import fig3_generator
    eps = labeller_noise(np.asarray(ms), *fig3_generator(p, N_REAL, MU, seed), GAMMA)
    return np.clip(np.asarray(eps, dtype=float), 0, 1), 'theory (rmt.labeller_noise; alpha = 1, so both conventions agree)'

def fit_extrapolate(ms_sub, t_sub, ms_all):
    "Least-squares time = a + b*m on the timed subset, summed over all points."
    A = np.column_stack([np.ones(len(ms_sub)), ms_sub])
    (a, b), *_ = np.linalg.lstsq(A, np.asarray(t_sub), rcond=None)
    return float(np.sum(a + b*np.asarray(ms_all))), a, b

def timed(f):
    "Run f(); return (wall seconds, CPU seconds of this process)."
    w0, c0 = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - w0, time.process_time() - c0

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--quick', action='store_true', help='p in {50, 200} only, fewer timed reference points')
    ap.add_argument('--full-ref', action='store_true', help='time the reference on every point (slow)')
    ap.add_argument('--trials', type=int, default=10)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    import torch
    torch.set_num_threads(1)
    from synthetic_data.simulate import simulate
    ps = [50, 200] if args.quick else [50, 200, 500]
    pis = np.linspace(0.001, 0.95, 50); ms = (pis*N_REAL/(1 - pis)).astype(int)
    sub = np.arange(50) if args.full_ref else (np.array([0, 20, 40, 49]) if args.quick else np.array([0, 10, 20, 30, 40, 45, 49]))
    T = args.trials
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    import platform, datetime, scipy
    model = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
    print(f'{datetime.date.today()} | {model}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} | numpy {np.__version__}, '
          f'scipy {scipy.__version__}, torch {torch.__version__}')
    print(f'Figure 3 MC sweep: p = {ps}, n = n_hat = {N_REAL}, mu = {MU}, gamma = {GAMMA}, 50 proportions '
          f'(m = {ms.min()}..{ms.max()}), 2 supervisions, {T} trials per point = {2*50*T} trials per p; '
          f'single-threaded (OMP/MKL/OpenBLAS/torch threads = 1); torch device for the GPU row: {dev}')
    print(f'Timed subset (interleaved, all methods at each point in turn): proportions {list(np.round(pis[sub], 3))}, '
          f'both supervisions; reference and plain 1 trial per point, gram {T} trials per point. Each method\'s '
          f'full-sweep time is extrapolated from its own per-trial times by a least-squares fit t = a + b*m.')
    methods = {'reference (authors\' algorithm)': None, 'ours, plain, numpy': ('plain', 'numpy', None),
               'ours, gram, numpy': ('gram', 'numpy', None), 'ours, gram, torch (cpu)': ('gram', 'torch', 'cpu')}
    if dev == 'cuda': methods['ours, gram, torch (cuda)'] = ('gram', 'torch', 'cuda')
    rows = []
    for p in ps:
        eps, eps_note = eps_grid(p, ms, args.seed)
        print(f'\np = {p}: eps from {eps_note}; eps range {eps.min():.3f}..{eps.max():.3f}')
        np.random.seed(args.seed)                 # reference: legacy global RNG, one fixed real set per p
        vmu = np.random.randn(p); vmu = MU*vmu/np.linalg.norm(vmu)
        X_r, y_r = ref_mixture(N_REAL, vmu)
        for be, d in (('torch', 'cpu'),) + ((('torch', 'cuda'),) if dev == 'cuda' else ()):   # warm-up, not timed
            simulate('toy', 2, 0, backend=be, device=d, n=N_REAL, n_hat=N_REAL, m=10, p=p, mu=MU, eps=0.3, rho=1., phi=0.5, gamma=GAMMA)
        per = {k: [] for k in methods}; m_sub = []
        for i in sub:
            for sup, (rho, phi) in SUPERVISIONS.items():
                m_sub.append(ms[i])
                for name, spec in methods.items():
                    if spec is None:
                        w, c = timed(lambda: ref_empirical_accuracy_toy(1, N_REAL, N_REAL, ms[i], p, vmu, X_r, y_r, eps[i], rho, phi, GAMMA))
                    else:
                        k = 1 if spec[0] == 'plain' else T
                        w, c = timed(lambda: simulate('toy', k, args.seed, spec[0], backend=spec[1], device=spec[2], n=N_REAL,
                                                      n_hat=N_REAL, m=int(ms[i]), p=p, mu=MU, eps=float(eps[i]), rho=rho,
                                                      phi=phi, gamma=GAMMA))
                        w, c = w/k, c/k
                    per[name].append((w, c))
        for name in methods:
            wall = [x[0] for x in per[name]]; cpu = [x[1] for x in per[name]]
            full_w, _, _ = fit_extrapolate(m_sub, wall, np.repeat(ms, 2*T))
            full_c, a, b = fit_extrapolate(m_sub, cpu, np.repeat(ms, 2*T))
            rows.append(dict(method=name, p=p, wall=full_w, cpu=full_c))
            print(f'  {name}: CPU per trial = {a*1e3:.2f} ms + {b*1e6:.3f} us * m  ->  full sweep {full_c:.1f} s CPU '
                  f'({full_w:.1f} s wall)')
        # the real thing: our whole sweep at this p, gram sampler, numpy
        def sweep_gram():
            for i in range(50):
                for sup, (rho, phi) in SUPERVISIONS.items():
                    simulate('toy', T, args.seed, 'gram', n=N_REAL, n_hat=N_REAL, m=int(ms[i]), p=p, mu=MU,
                             eps=float(eps[i]), rho=rho, phi=phi, gamma=GAMMA)
        import synthetic_data.simulate as S
        mb = S.SHARED_DRAWS_MB
        S.SHARED_DRAWS_MB = 0; S._SHARED.clear()                  # every draw made at every point (no sharing)
        w, c = timed(sweep_gram)
        rows.append(dict(method='ours, gram, numpy, no shared draws: whole sweep run', p=p, wall=w, cpu=c))
        print(f'  whole sweep, gram numpy, no shared draws, {2*50*T} trials: {c:.1f} s CPU ({w:.1f} s wall)')
        S.SHARED_DRAWS_MB = mb; S._SHARED.clear()                 # the default: grid-independent draws made once per seed
        w, c = timed(sweep_gram)
        rows.append(dict(method='ours, gram, numpy: whole sweep run', p=p, wall=w, cpu=c))
        print(f'  whole sweep, gram numpy (default: shared grid-independent draws), {2*50*T} trials: {c:.1f} s CPU ({w:.1f} s wall)')
    df = pd.DataFrame(rows)
    ref = df[df.method.str.startswith('reference')].set_index('p')
    print('\n| method | p | full sweep CPU (s) | speed-up (CPU) | full sweep wall (s) | speed-up (wall) |')
    print('|---|---|---|---|---|---|')
    for r in df.itertuples():
        print(f'| {r.method} | {r.p} | {r.cpu:.2f} | {ref.cpu[r.p]/r.cpu:.1f}x | {r.wall:.2f} | {ref.wall[r.p]/r.wall:.1f}x |')
    tot = df.groupby('method', sort=False)[['cpu', 'wall']].sum()
    for name, r in tot.iterrows():
        print(f"| **{name}, all p** | {'+'.join(map(str, ps))} | {r.cpu:.2f} | {tot.cpu.iloc[0]/r.cpu:.1f}x | "
              f"{r.wall:.2f} | {tot.wall.iloc[0]/r.wall:.1f}x |")
    # accuracy spread per trial: 2n sampled test points (reference) vs exact test evaluation (ours), one point
    p, i = (200 if 200 in ps else ps[-1]), 25
    np.random.seed(args.seed + 1)
    vmu = np.random.randn(p); vmu = MU*vmu/np.linalg.norm(vmu); X_r, y_r = ref_mixture(N_REAL, vmu)
    acc_ref = ref_empirical_accuracy_toy(20, N_REAL, N_REAL, ms[i], p, vmu, X_r, y_r, 0.3, 1., 0.5, GAMMA)
    acc_our = simulate('toy', 200, args.seed, n=N_REAL, n_hat=N_REAL, m=int(ms[i]), p=p, mu=MU, eps=0.3, rho=1.,
                       phi=0.5, gamma=GAMMA)['accuracy'].values
    print(f'\nPer-trial accuracy spread at p = {p}, m = {ms[i]}, eps = 0.3, weak (1, 0.5): reference (2n = 2000 test '
          f'points, fixed real set) std = {acc_ref.std(ddof=1):.4f} over 20 trials; ours (exact test evaluation, '
          f'fresh real set per trial) std = {acc_our.std(ddof=1):.4f} over 200 trials: '
          f'{(acc_ref.std(ddof=1)/acc_our.std(ddof=1))**2:.1f}x less variance per trial.')
    vr = (acc_ref.std(ddof=1)/acc_our.std(ddof=1))**2
    sp = tot.cpu.iloc[0]/tot.cpu['ours, gram, numpy: whole sweep run']
    sp0 = tot.cpu.iloc[0]/tot.cpu['ours, gram, numpy, no shared draws: whole sweep run']
    print(f'Without shared draws (every draw made at every point): {sp0:.1f}x at equal trial counts.')
    print(f'Target >= 25x at equal trial counts (CPU time, gram numpy whole sweep vs reference): {sp:.1f}x '
          f'({"met" if sp >= 25 else f"missed by a factor {25/sp:.2f}"}); at equal precision of the accuracy '
          f'estimate (variance ratio {vr:.1f}): {sp*vr:.0f}x.')
    print(f'Load average during the run (1, 5, 15 min): {os.getloadavg()}')

if __name__ == '__main__':
    main()
