"""Property-based tests of the data loaders (hypothesis): IDX and JSON-lines round trips, and corruption detection.

Few examples by default (profile `ci` of tests/conftest.py); `HYPOTHESIS_PROFILE=deep` runs many more:
`HYPOTHESIS_PROFILE=deep python -m pytest tests/test_datasets_properties.py -q`.
Also a real Ctrl-C (SIGINT) sent to a process that is fetching a file from a slow local server.
"""
import hashlib, http.server, os, shutil, signal, subprocess, sys, tempfile, threading, time
from pathlib import Path
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck
from hypothesis.extra import numpy as hnp
from synthetic_data import datasets as D
from synthetic_data.paths import data_home

IDX_DTYPES = ('u1', 'i1', '>i2', '<i2', 'i4', 'f4', '>f8', 'f8')

@given(a=hnp.arrays(st.sampled_from(IDX_DTYPES), hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)),
       gz=st.booleans())
def test_idx_round_trip(a, gz):
    "write_idx then read_idx gives back the same values, shape and (native-order) dtype, gzipped or not."
    with tempfile.TemporaryDirectory() as d:
        p = D.write_idx(Path(d)/('a.idx.gz' if gz else 'a.idx'), a)
        b = D.read_idx(p)
    assert b.shape == a.shape and b.dtype == a.dtype.newbyteorder('=')
    np.testing.assert_array_equal(b, a)        # NaN == NaN here; -0.0 and bit patterns checked below
    assert b.tobytes() == a.astype(a.dtype.newbyteorder('=')).tobytes()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4), max_leaves=12)
records = st.lists(st.dictionaries(st.text(), json_values, max_size=5), min_size=1, max_size=6)

@given(rows=records)
def test_jsonl_round_trip(rows):
    "write_jsonl then read_jsonl gives back the same records (any text, including newlines and non-ASCII)."
    with tempfile.TemporaryDirectory() as d:
        p = D.write_jsonl(Path(d)/'r.jsonl', rows)
        assert D.read_jsonl(p) == rows
        keys = sorted(set.intersection(*(set(r) for r in rows)))
        required = [k for k in keys if all(r[k] is not None for r in rows)]
        assert D.read_jsonl(p, required=required) == rows

@pytest.fixture
def fast_racy(monkeypatch):
    "A 20 ms racy window (instead of 2 s), so that a verification is cached after a short sleep."
    monkeypatch.setattr(D, '_RACY_NS', 20_000_000)

@given(content=st.binary(min_size=1, max_size=4096), data=st.data(), restore_mtime=st.booleans())
def test_any_flipped_byte_is_corrupt(fast_racy, content, data, restore_mtime):
    "A verified (and cached) file with any single byte flipped is reported as corrupt, even with its old mtime back."
    i = data.draw(st.integers(0, len(content) - 1)); mask = data.draw(st.integers(1, 255))
    digests = dict(sha256=hashlib.sha256(content).hexdigest(), md5=hashlib.md5(content).hexdigest())
    with tempfile.TemporaryDirectory() as d:
        p = Path(d)/'f.bin'; p.write_bytes(content); time.sleep(0.03)
        D.verify_file(p, digests)
        assert str(p.resolve()) in D._digest_cache()[1]            # the verification was cached
        st_ = p.stat()
        with open(p, 'r+b') as f: f.seek(i); b = f.read(1); f.seek(i); f.write(bytes([b[0] ^ mask]))
        if restore_mtime: os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns))
        with pytest.raises(D.CorruptFile, match='f.bin is corrupt or a different version'): D.verify_file(p, digests)

HAVE_DATA = all((data_home()/n).is_dir() for n in ('mnist', 'amazon_review', 'alert'))
LOADERS = {('mnist', 't10k-images-idx3-ubyte.gz'): lambda r: D.load_mnist('mnist', 'test', root=r),
           ('mnist', 't10k-labels-idx1-ubyte.gz'): lambda r: D.load_mnist('mnist', 'test', root=r),
           ('amazon_review', 'kitchen_400.mat'): lambda r: D.load_amazon('kitchen', root=r),
           ('alert', 'alert.jsonl'): lambda r: D.load_alert(root=r)}

@pytest.fixture(scope='module')
def real_copies():
    "A data folder with copies of the real files the loaders below read."
    root = Path(tempfile.mkdtemp())
    for name, fname in LOADERS:
        (root/name).mkdir(exist_ok=True); shutil.copy(data_home()/name/fname, root/name/fname)
    yield root
    shutil.rmtree(root)

@pytest.mark.skipif(not HAVE_DATA, reason='no data folder ($SYNTHETIC_DATA_HOME)')
@given(which=st.sampled_from(sorted(LOADERS)), at=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255))
def test_flipped_byte_in_a_real_file_is_reported_by_its_loader(real_copies, which, at, mask):
    "Any single flipped byte of a real data file makes the loader that reads it fail, naming the file."
    p = real_copies/which[0]/which[1]
    raw = bytearray(p.read_bytes()); i = int(at*len(raw)); raw[i] ^= mask
    p.write_bytes(raw)
    try:
        with pytest.raises(D.CorruptFile, match=f'{which[1]} is corrupt or a different version'): LOADERS[which](real_copies)
    finally:
        raw[i] ^= mask; p.write_bytes(raw)

SLOW_SERVER = r'''
import http.server, sys, time
class Slow(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Length', str(10**6)); self.end_headers()
        for _ in range(1000): self.wfile.write(b'x'*1000); self.wfile.flush(); time.sleep(0.01)
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Slow)
print(srv.server_address[1], flush=True); srv.serve_forever()
'''
FETCHER = r'''
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)   # as in a terminal: a background parent may have ignored SIGINT
from synthetic_data import datasets as D
D.DATASETS['_test'] = dict(urls=(sys.argv[1],), files={'x.bin': dict(sha256='0'*64)})
D.fetch('_test', root=sys.argv[2], progress=False)
'''

def test_ctrl_c_during_a_download_leaves_no_file(tmp_path):
    "SIGINT to a process downloading a file (a 10 s download from a slow server) leaves no file and no folder."
    env = {**os.environ, 'PYTHONPATH': str(Path(__file__).resolve().parents[1])}
    srv = subprocess.Popen([sys.executable, '-c', SLOW_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(srv.stdout.readline())
        home = tmp_path/'home'
        p = subprocess.Popen([sys.executable, '-c', FETCHER, f'http://127.0.0.1:{port}/', str(home)], env=env,
                             stderr=subprocess.PIPE, text=True)
        t0 = time.time()
        while not (home/'_test').is_dir() or not any((home/'_test').iterdir()):   # pooch's temporary file appears
            assert p.poll() is None and time.time() - t0 < 60, p.stderr.read() if p.poll() is not None else 'timeout'
            time.sleep(0.05)
        time.sleep(0.3)
        assert any(f.stat().st_size > 0 for f in (home/'_test').iterdir())           # mid-download
        p.send_signal(signal.SIGINT)
        err = p.communicate(timeout=30)[1]
        assert p.returncode != 0 and 'KeyboardInterrupt' in err, err
        assert not home.exists(), sorted(home.rglob('*'))
    finally:
        srv.kill(); srv.wait()
