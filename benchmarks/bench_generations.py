"""Benchmark: the 10-generation, 3-mode study of synthetic data over generations at p = 200 (prints times; asserts nothing).

`run_generations(n=400, m=400, p=200, mu=2, generations=10, mode=all three, eps=0.2, rho=0.1, phi=0.9, gamma=0.5)`
with the exact conditional theory at every generation, for `fit='reuse'` (accumulate: the known-Gram source, O(p) per
Newton step) and `fit='fresh'` (accumulate: one source per generation, dense operator), and with `verifier='likelihood'`
(simulation only), each also without the theory (`theory=False`) to separate the simulation from the engine.
Single-threaded (OMP/MKL/OpenBLAS threads = 1); CPU time of this process (`time.process_time`) and wall time.

Usage: python benchmarks/bench_generations.py [--trials 10] [--generations 10] [--p 200] [--seed 0]
"""
import os
for _k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[_k] = '1'
import argparse, time
from synthetic_data.generations import run_generations, MODES


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--trials', type=int, default=10); ap.add_argument('--generations', type=int, default=10)
    ap.add_argument('--p', type=int, default=200); ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    size = dict(n=2*a.p, m=2*a.p, p=a.p, mu=2., generations=a.generations, mode=MODES, eps=0.2, rho=0.1, phi=0.9,
                gamma=0.5, trials=a.trials, seed=a.seed, progress=False)
    print(f"p={a.p}, n=m={2*a.p}, {a.generations} generations, 3 modes, {a.trials} chains per mode")
    print(f"{'case':<34}{'cpu s':>9}{'wall s':>9}{'s/chain':>9}   accuracy at the last generation (MC / theory)")
    for name, kw in (('reuse, theory', dict(fit='reuse')), ('reuse, no theory', dict(fit='reuse', theory=False)),
                     ('fresh, theory', dict(fit='fresh')), ('fresh, no theory', dict(fit='fresh', theory=False)),
                     ('likelihood verifier (simulation)', dict(verifier='likelihood', theory=False))):
        c0, w0 = time.process_time(), time.perf_counter()
        d = run_generations(**size, **kw)
        c, w = time.process_time() - c0, time.perf_counter() - w0
        last = d[d.generation == a.generations].set_index('mode')
        accs = ', '.join(f"{md}: {last.loc[md, 'accuracy_mc']:.3f}" + (f"/{last.loc[md, 'accuracy_theory']:.3f}" if 'accuracy_theory' in last else '')
                         for md in MODES)
        print(f"{name:<34}{c:>9.1f}{w:>9.1f}{c/(3*a.trials):>9.2f}   {accs}")


if __name__ == '__main__':
    main()
