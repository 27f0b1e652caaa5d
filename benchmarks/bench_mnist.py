"""Time one full Figure 7 configuration (n = 50, one m, one seed, the paper's 3000 SGD steps) on the CPU, and the
class-conditional Gaussian generator (fit from the pool, then 750 samples per class).

Run from the repository root with the data folder set:
    OMP_NUM_THREADS=1 SYNTHETIC_DATA_HOME=../shared/data python benchmarks/bench_mnist.py [--dataset mnist] [--m 125]
Prints timings only (no assertion on them). Runs single-threaded (torch.set_num_threads(1)) on the CPU, with the
input scale of the full runs (raw pixels for MNIST, 1/4 for Fashion-MNIST).
"""
import os
for _k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ.setdefault(_k, '1')
import argparse, time
import numpy as np
import torch

from _timing import timed as _timed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--dataset', default='mnist', choices=['mnist', 'fashion_mnist'])
    ap.add_argument('--m', type=int, default=125, help='synthetic images per class offered (default 125)')
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--repeat', type=int, default=1, help='repetitions of the training run (best time printed)')
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    from synthetic_data.mnist import load_protocol
    from synthetic_data.image_generators import fit_gaussian
    from synthetic_data.mnist_experiments import fig7_point
    t_load, data = _timed(lambda: load_protocol(a.dataset))
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, device cpu; {a.dataset} protocol "
          f"{data.protocol!r}: pool {len(data.y_pool)}, test {len(data.y_test)} (loaded in {t_load:.1f} s)")
    t_fit, gen = _timed(lambda: fit_gaussian(data.X_pool, data.y_pool))
    t_s, (X, y) = _timed(lambda: gen.sample(750, rng=0))
    print(f"Gaussian generator, best statistics (all pool images): fit (10 means, covariances, eigh factors) "
          f"{t_fit:.2f} s; 750 samples per class ({len(y)} images) {t_s:.2f} s")
    t_fit10, gen10 = _timed(lambda: fit_gaussian(data.X_pool, data.y_pool, n_use=10))
    print(f"Gaussian generator, n_use = 10: fit {t_fit10:.2f} s")
    fits = {(None, True, None): gen}
    best = None
    for _ in range(a.repeat):
        t, row = _timed(lambda: fig7_point(data, n=50, m=a.m, seed=0, eps=0.3, rho=0.1, phi=0.9, steps=a.steps,
                                           input_scale=1. if a.dataset == 'mnist' else 0.25, fits=fits, device='cpu'))
        best = t if best is None else min(best, t)
    print(f"one Figure 7 configuration (n = 50, m = {a.m}, eps = 0.3, rho = 0.1, phi = 0.9, {a.steps} steps, "
          f"{row['n_train']} training images): {best:.1f} s (training alone {row['time_s']:.1f} s); "
          f"test accuracy {row['test_acc_pct']:.2f}%")

if __name__ == '__main__': main()
