"""Time the main job: the quick regeneration of every figure notebook (papermill), per notebook and in total.

Usage: OMP_NUM_THREADS=1 SYNTHETIC_DATA_HOME=... python benchmarks/bench_regenerate.py [--only fig1 fig2 ...]
Outputs go to a temporary folder (nothing committed is touched). Prints a table; asserts nothing.
"""
import argparse, os, tempfile, time
from synthetic_data.regenerate import regenerate

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--only', nargs='*'); a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        m = regenerate('quick', a.only, output_root=tmp, runs_dir=os.path.join(tmp, 'notebooks'))
        total = time.perf_counter() - t0
    print(f"\n{'notebook':<36} {'status':<8} seconds")
    for r in m['notebooks']: print(f"{r['notebook']:<36} {r['status']:<8} {r.get('seconds', float('nan')):7.1f}")
    print(f"{'total (wall, incl. kernel starts)':<45} {total:7.1f}")
    print(f"machine: {m['notebooks'][0].get('machine', '?')}")
