"""Run every notebook in nbs/ as a test (nbdev's test runner), one pytest test per notebook.

Cells flagged with a `tst_flags` flag (slow, gpu, data) are skipped unless the flag is listed in $SD_TEST_FLAGS.
"""
import os
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
    ok, secs = nbt.test_nb(nb, skip_flags=skip, force_flags=FORCE, basepath=ROOT)
    assert ok, f"{nb.name} failed (traceback above)"
