"""The timer shared by the benchmark scripts (they run as `python benchmarks/NAME.py`, so this folder is on sys.path)."""
import time

def timed(f):
    "Run `f()` once: `(wall seconds, its result)`."
    t = time.perf_counter(); out = f(); return time.perf_counter() - t, out
