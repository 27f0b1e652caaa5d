"""Project-level checks: package in sync with the notebooks, clean notebooks, papermill parameter cells, README."""
import ast, os, shutil, subprocess, sys
from pathlib import Path
import nbformat, pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

def test_package_matches_notebooks(tmp_path):
    "Exporting the notebooks gives exactly the committed package (nobody edited synthetic_data/ by hand)."
    for f in ('settings.ini', 'setup.py'): shutil.copy(ROOT/f, tmp_path/f)
    shutil.copytree(ROOT/'nbs', tmp_path/'nbs'); shutil.copytree(ROOT/'synthetic_data', tmp_path/'synthetic_data')
    for f in (tmp_path/'synthetic_data').rglob('*.py'): f.unlink()
    env = {k: v for k, v in os.environ.items() if k != 'IN_TEST'}   # nbdev_export does nothing under IN_TEST
    subprocess.run([sys.executable, '-c', 'from nbdev.doclinks import nbdev_export; nbdev_export()'], cwd=tmp_path, env=env, check=True)
    exported = {p.relative_to(tmp_path/'synthetic_data'): p.read_text() for p in (tmp_path/'synthetic_data').rglob('*.py')}
    committed = {p.relative_to(ROOT/'synthetic_data'): p.read_text() for p in (ROOT/'synthetic_data').rglob('*.py')}
    assert sorted(exported) == sorted(committed), "module list differs: run nbdev_export"
    stale = [str(k) for k in exported if exported[k] != committed[k]]
    assert not stale, f"synthetic_data out of sync with nbs/ for {stale}: run nbdev_export"

def test_notebooks_are_clean():
    "Notebooks are committed without outputs or execution counts; only `tags` metadata is kept on cells."
    for p in NBS:
        nb = nbformat.read(p, as_version=4)
        for c in nb.cells:
            if c.cell_type != 'code': continue
            assert not c.outputs and c.execution_count is None, f"{p.name} has outputs: run nbdev_clean"
            assert set(c.metadata) <= {'tags'}, f"{p.name} has cell metadata {set(c.metadata)}: run nbdev_clean"

def _literal_only(src):
    for node in ast.parse(src).body:
        if not isinstance(node, ast.Assign): return False
        ast.literal_eval(node.value)
    return True

def test_figure_notebooks_have_one_literal_parameters_cell():
    "papermill needs exactly one `parameters` cell, literal assignments only, in every figure notebook."
    from synthetic_data.regenerate import FIGURES
    for spec in FIGURES.values():
        p = ROOT/'nbs'/spec['nb']
        if not p.exists(): pytest.fail(f"{spec['nb']} is listed in regenerate.FIGURES but missing")
        cells = [c for c in nbformat.read(p, as_version=4).cells if 'parameters' in c.metadata.get('tags', [])]
        assert len(cells) == 1, f"{p.name}: {len(cells)} parameters cells"
        src = '\n'.join(l for l in cells[0].source.splitlines() if not l.startswith('#|'))
        assert _literal_only(src), f"{p.name}: the parameters cell must hold literal assignments only"
        names = {t.id for n in ast.parse(src).body for t in n.targets}
        from papermill.translators import PythonTranslator
        parsed = {q.name for q in PythonTranslator.inspect(cells[0])}
        assert parsed == names, f"{p.name}: papermill cannot parse the parameter line(s) of {names - parsed} (a comment with '='?)"
        for mode in ('quick', 'full'):
            extra = set(spec[mode]) - names
            assert not extra, f"{p.name}: {mode} mode sets unknown parameters {extra}"

def test_every_figure_notebook_has_a_figure_cell_and_compute_cells():
    "Notebooks with papermill parameters are figure notebooks: one `figure` cell (the runner's registry) and `compute` cells."
    from synthetic_data.regenerate import FIGURES, figure_specs
    tags = lambda p: [t for c in nbformat.read(p, as_version=4).cells for t in c.metadata.get('tags', [])]
    figure_nbs = [p for p in NBS if 'parameters' in tags(p)]
    assert len(figure_nbs) >= 11 and {FIGURES[k]['nb'] for k in FIGURES} == {p.name for p in figure_nbs}
    for p in figure_nbs:
        assert tags(p).count('figure') == 1 and figure_specs(p), f"{p.name}: needs one cell tagged 'figure'"
        assert 'compute' in tags(p), f"{p.name}: its computing cells must be tagged 'compute' (--plot-only leaves them out)"

def test_readme_is_generated_from_index():
    r = subprocess.run([sys.executable, 'tools/make_readme.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_regenerate_cli_lists_figures():
    r = subprocess.run([sys.executable, '-m', 'synthetic_data.regenerate', '--list'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and 'fig4' in r.stdout, r.stderr
    r = subprocess.run([sys.executable, '-m', 'synthetic_data.regenerate', '--mode', 'medium'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode != 0 and 'invalid choice' in r.stderr

def test_module_docstrings_are_whole_sentences():
    "Each module's docstring (its notebook's `> ` summary, exported by nbdev) is whole: one line in the notebook, ending a sentence."
    for p in sorted((ROOT/'synthetic_data').glob('*.py')):
        if p.name.startswith('_'): continue
        doc = ast.get_docstring(ast.parse(p.read_text()))
        assert doc, f"{p.name} has no module docstring: give its notebook a `> ` summary line"
        assert doc.rstrip().endswith(('.', '.)', '.`')), \
            f"{p.name}: docstring ends {doc[-40:]!r}; write its notebook's `> ` summary on one line, as whole sentences"
