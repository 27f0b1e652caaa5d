"""Run every notebook in nbs/ as a test (nbdev's test runner), one pytest test per notebook.

Cells flagged with a `tst_flags` flag (slow, gpu, data) are skipped unless the flag is listed in $SD_TEST_FLAGS.
Warnings raised inside a notebook are re-issued as plain `UserWarning`s with their class name in the text: a warning
class defined by the notebook itself lives in the kernel's `__main__`, which pytest-xdist cannot transport.
"""
import os, warnings
from pathlib import Path
import pytest
from nbdev.config import get_config
import nbdev.test as nbt   # not `from ... import test_nb`: pytest would collect it

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
FORCE = os.environ.get('SD_TEST_FLAGS', '').split()

@pytest.mark.parametrize('nb', NBS, ids=[p.name for p in NBS])
def test_notebook(nb, monkeypatch):
    monkeypatch.chdir(nb.parent)
    skip = get_config(path=ROOT).tst_flags.split()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('default')
        ok, secs = nbt.test_nb(nb, skip_flags=skip, force_flags=FORCE, basepath=ROOT)
    for msg in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught):
        warnings.warn(f"{nb.name}: {msg}", UserWarning)
    assert ok, f"{nb.name} failed (traceback above)"
