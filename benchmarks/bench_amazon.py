"""Time the paper-size Figure 6 sweep on the Amazon reviews and one curve of the two-covariance theory (p = 400).

Run from the repository root with the data folder set:
    OMP_NUM_THREADS=1 SYNTHETIC_DATA_HOME=../shared/data python benchmarks/bench_amazon.py
"""
import argparse, os, time
import numpy as np
from _timing import timed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--domains', nargs='*', default=['books', 'elec', 'kitchen'])
    ap.add_argument('--repeat', type=int, default=3, help='repetitions of the theory curve (best time is printed)')
    a = ap.parse_args(argv)
    from synthetic_data.amazon import amazon_sweep, amazon_split, amazon_theory, PAPER_MS
    seeds = (1, 2, 123, 321, 404)
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, numpy {np.__version__}")
    t = time.perf_counter()
    df = amazon_sweep(a.domains, PAPER_MS, seeds, ['paper'], theory=False, progress=False)
    t_sweep = time.perf_counter() - t
    print(f"Figure 6 sweep, paper protocol, {len(a.domains)} domains x {len(PAPER_MS)} m x {len(seeds)} seeds x 2 supervisions "
          f"= {len(df)} fits: {t_sweep:.1f} s ({t_sweep/len(df)*1e3:.0f} ms per fit)")
    sp = amazon_split('books', 800, 'paper', 1)
    ms = np.array(PAPER_MS)
    for real, what in (('train', 'C_r = C_s (common eigenbasis)'), ('test', 'C_r != C_s (dense)')):
        best = min(timed(lambda: amazon_theory(sp, ms, 0.2, 0., 1., 0.1, real=real))[0] for _ in range(a.repeat))
        print(f"one theory curve, p = 400, {len(ms)} values of m, {what}: {best:.3f} s")
    t = time.perf_counter()
    df = amazon_sweep(a.domains, PAPER_MS, seeds, ['paper'], theory=True, progress=False)
    print(f"the same sweep with both theory overlays: {time.perf_counter() - t:.1f} s")


if __name__ == '__main__': main()
