"""Time `advisor.optimal_weight` over the Figure 3 grid (3 p x 50 proportions x 3 supervisions, one vectorized call),
`advisor.advise` at p = 1000 (the command's work without Python start-up), and the command
`synthetic-data-advise --data FILE --json` on 2p Gaussian samples at p = 400 and 1000 (a fresh process: start-up included;
issue 19's target: under 3 s for p <= 1000).

Run from the repository root:
    OMP_NUM_THREADS=1 python benchmarks/bench_advisor.py [--repeat 3]
Prints timings only (no assertion on them); the label noise of each point is Figure 3's (`rmt.labeller_noise` of a
seeded `mixture.fig3_generator`), as in nbs/12_fig3_toy_setting.ipynb.
"""
import os
for _k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ.setdefault(_k, '1')
import argparse, time
import numpy as np

from _timing import timed as _timed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=3, help='repetitions (the best time is printed)')
    ap.add_argument('--n-pis', type=int, default=50, help='synthetic proportions (Figure 3: 50)')
    a = ap.parse_args(argv)
    from synthetic_data.mixture import fig3_generator
    from synthetic_data.rmt import toy_theory, labeller_noise
    from synthetic_data.paper import FIG3_THEORY
    from synthetic_data.advisor import optimal_weight, advise
    n, mu, gamma, ps = 1000, 0.7, 1., np.array([50, 200, 500])
    pis = np.linspace(0.001, 0.95, a.n_pis); ms = (pis*n/(1 - pis)).astype(int)
    sup = FIG3_THEORY['supervisions']; rho, phi = (np.array([v[i] for v in sup.values()]) for i in (0, 1))
    t_eps, eps = _timed(lambda: np.stack([labeller_noise(ms, *fig3_generator(int(p), n, mu, int(p)), gamma) for p in ps]))
    grid = dict(n=n, n_hat=n, m=ms[None, :, None], p=ps[:, None, None], mu=mu, eps=eps[..., None],
                rho=rho[None, None], phi=phi[None, None], gamma=gamma)
    print(f"numpy {np.__version__}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}; Figure 3 grid "
          f"{len(ps)} p x {len(ms)} proportions x {len(rho)} supervisions = {len(ps)*len(ms)*len(rho)} points "
          f"(label noise from the generator: {t_eps:.2f} s)")
    t_th = min(_timed(lambda: toy_theory(**grid))[0] for _ in range(a.repeat))
    runs = [_timed(lambda: optimal_weight(toy_theory, **grid)) for _ in range(a.repeat)]
    t_ow, ow = min(runs, key=lambda r: r[0])
    print(f"one toy_theory call on the grid: {t_th*1e3:.1f} ms")
    print(f"optimal_weight on the grid (scan + golden section, vectorized): {t_ow:.3f} s "
          f"({t_ow/ow.weight.size*1e3:.2f} ms per point); non-unimodal points on the scan: {(ow.local_maxima > 1).sum()}")
    gain = ow.accuracy - ow.accuracy_unweighted
    for j, name in enumerate(sup):
        print(f"  {name:>6}: median c* {np.median(ow.weight[..., j]):.3g}, largest gain over weight 1 {gain[..., j].max():.4f}")
    t_adv = min(_timed(lambda: advise(1000, 1000, 1., 1000, eps=0.3, rho=1., phi=0.5, gamma=1., m_max=20000))[0]
                for _ in range(a.repeat))
    print(f"advise at p = 1000 (41 values of m, phi_min and gamma_best included): {t_adv:.3f} s (target: under 2 s)")
    import subprocess, sys, tempfile
    from synthetic_data.mixture import sample_mixture, mean_vector
    with tempfile.TemporaryDirectory() as tmp:
        for p in (400, 1000):
            X, y = sample_mixture(2*p, mean_vector(p, 1.5, rng=0), rng=1); np.savez(f'{tmp}/d.npz', X=X + 1., y=y)
            cmd = [sys.executable, '-m', 'synthetic_data.advisor', '--data', f'{tmp}/d.npz', '--eps', '0.2', '--rho', '0',
                   '--phi', '1', '--m-max', str(10*p), '--json']
            walls = []
            for _ in range(a.repeat):
                t0 = time.perf_counter(); r = subprocess.run(cmd, capture_output=True, text=True); walls.append(time.perf_counter() - t0)
                if r.returncode: raise RuntimeError(r.stderr)
            print(f"synthetic-data-advise --data (n = {2*p}, p = {p}, m up to {10*p}, 41 m x 26 weights, extras): "
                  f"{min(walls):.2f} s wall, Python start-up included (target: under 3 s)")

if __name__ == '__main__': main()
