"""The regeneration command as a user runs it (subprocesses): usage errors, --set, a kill in the middle of a run, two
runs into one folder, --plot-only without any data set, missing data offline, a local Dask cluster.

Only the cheapest figures run (fig2, fig4: a few seconds each in quick mode), always into temporary folders, so the
committed figures are never touched.
"""
import json, os, re, signal, subprocess, sys, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
from synthetic_data.paths import file_digest
from synthetic_data.regenerate import FIGURES, jobqueue_kwargs, manifest_path, read_manifest, verify_manifest

def _env(**kw) -> dict:
    "The environment of a user's shell: this checkout first on the path, one thread, no test variables."
    env = {k: v for k, v in os.environ.items() if k not in ('IN_TEST', 'SYNTHETIC_DATA_OUTPUT')}
    env.update(PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get('PYTHONPATH')) if p), OMP_NUM_THREADS='1',
               MKL_NUM_THREADS='1', MPLBACKEND='Agg', HF_HUB_OFFLINE='1', TRANSFORMERS_OFFLINE='1')
    for k, v in kw.items():
        if v is None: env.pop(k, None)
        else: env[k] = str(v)
    return env

def _cmd(*args): return [sys.executable, '-m', 'synthetic_data.regenerate', *map(str, args)]

def cli(*args, cwd=ROOT, env=None, timeout=600):
    return subprocess.run(_cmd(*args), cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=timeout)

def records(out, mode='quick') -> dict: return {r['key']: r for r in read_manifest(manifest_path(out, mode))}

def debris(out) -> list[str]:
    "Temporary files of atomic writes and working folders of runs left in `out` (there should be none)."
    tmp = [str(p) for p in Path(out).rglob('.*.tmp*')]
    runs = Path(out)/'.regenerate'/'runs'
    return tmp + ([str(p) for p in runs.iterdir()] if runs.exists() else [])

def _dead(pid) -> bool:
    "The process is gone or a zombie (dead, not yet reaped)."
    try: return Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[0] in 'ZX'
    except OSError: return True

@pytest.fixture(scope='module')
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp('serial')
    r = cli('--only', 'fig2', 'fig4', '--output', out)
    assert r.returncode == 0, r.stdout + r.stderr
    return out, r

def test_usage_errors(tmp_path):
    "Wrong command lines are argparse errors (status 2, no traceback) and run nothing."
    (tmp_path/'file').write_text('x')
    cases = [(('--only', 'fig10'), "unknown figure(s) ['fig10']"),
             (('--only',), '--only needs figure keys (nothing was run)'),
             (('--only', 'fig4', '--set', 'q=1'), 'fig4 (13_fig4_phase_transition.ipynb) has no such parameter; its parameters: p, mu,'),
             (('--only', 'fig4', '--set', 'p50'), '--set needs KEY=VALUE'),
             (('--only', 'fig4', '--output', tmp_path/'file'/'sub'), 'is not writable'),
             (('--workers', '2'), '--workers N (N >= 1) goes with --scheduler local'),
             (('--mode', 'medium'), 'invalid choice')]
    for args, msg in cases:
        r = cli(*args)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (args, r.stderr)
        assert r.stderr.startswith('usage: synthetic-data-regenerate')
    assert not (tmp_path/'file').is_dir()

def test_outside_a_checkout(tmp_path):
    "A copy of the package outside any checkout (and run from outside one) says what it needs, without a traceback."
    import shutil
    shutil.copytree(ROOT/'synthetic_data', tmp_path/'pkg'/'synthetic_data')
    r = cli('--only', 'fig4', cwd=tmp_path, env=_env(PYTHONPATH=tmp_path/'pkg'))
    assert r.returncode == 2 and 'no synthetic_data checkout around' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def test_help_and_list():
    "--help starts with a whole sentence; --list shows every figure with its notebook."
    r = cli('--help')
    desc = r.stdout.split('\n\n')[1].replace('\n', ' ')
    assert r.returncode == 0 and desc.startswith('The command') and desc.rstrip().endswith('manifest.'), desc
    r = cli('--list')
    assert r.returncode == 0 and all(k in r.stdout for k in FIGURES) and '24_fig7_mnist.ipynb' in r.stdout

def test_serial_run_records_everything(serial):
    "Each figure's record: effective parameters, seeds, outputs with checksums that match, executed notebook, provenance."
    out, r = serial
    assert re.search(r'\[1/2\] fig2 .* ok \(', r.stdout) and '2 ran, 0 failed, 0 skipped' in r.stdout, r.stdout
    recs = records(out)
    assert set(recs) == {'fig2', 'fig4'} and verify_manifest(out) == [] and debris(out) == []
    r4 = recs['fig4']
    assert (r4['status'], r4['overrides'], r4['effective_parameters']['p'], r4['seeds']) == ('ok', {}, 100, {})
    assert set(r4['outputs']) == {'results-data/fig4_phase_transition.csv', 'results-plot/fig4_phase_transition.pdf',
                                  'results-plot/fig4_phase_transition.png'}
    assert (out/r4['executed']).is_file() and r4['executed'] == '.regenerate/notebooks/quick/fig4.ipynb'
    prov = r4['provenance']
    assert re.fullmatch('[0-9a-f]{40}', prov['commit']) and isinstance(prov['dirty'], bool)
    assert {'numpy', 'scipy', 'pandas', 'papermill'} <= set(prov['packages']) and prov['python'].count('.') == 2
    assert prov['device']['cpus'] >= 1 and prov['device']['cpu']

def test_sigterm_leaves_figures_complete_or_absent(tmp_path):
    "SIGTERM in the middle of the second figure: the kernel dies at once, the first figure is complete, the second absent."
    out = tmp_path/'out'
    p = subprocess.Popen(_cmd('--only', 'fig4', 'fig2', '--output', out), cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    while not (pid_files := list(out.glob('.regenerate/runs/*/fig2/kernel.pid'))):
        assert p.poll() is None and time.time() - t0 < 300, p.communicate()
        time.sleep(0.05)
    time.sleep(0.5)                                                         # the kernel is executing fig2's cells
    kernel = int(pid_files[0].read_text().split()[1])
    p.send_signal(signal.SIGTERM); t1 = time.time()
    stdout, stderr = p.communicate(timeout=60)
    assert p.returncode == 128 + signal.SIGTERM and time.time() - t1 < 15, (p.returncode, stderr)
    assert 'interrupted by SIGTERM: 1 figure(s) committed' in stderr and 'Traceback' not in stderr, stderr
    time.sleep(0.5); assert _dead(kernel)
    assert list(records(out)) == ['fig4'] and verify_manifest(out) == [] and debris(out) == []
    assert not list(out.rglob('fig2_*'))                                    # no file of the interrupted figure
    r = cli('--only', 'fig2', '--output', 'out', cwd=tmp_path)            # rerun, with a relative --output
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(records(out)) == ['fig2', 'fig4'] and verify_manifest(out) == [] and debris(out) == []

def test_concurrent_runs_into_one_folder(tmp_path):
    "Two runs of one figure with different --set values into one folder: the manifest and the files agree at the end."
    out = tmp_path/'out'
    runs = [subprocess.Popen(_cmd('--only', 'fig4', '--set', f'p={p}', '--output', out), cwd=ROOT, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in (50, 60)]
    results = [(r.communicate(timeout=600), r.returncode) for r in runs]
    assert all(rc == 0 for _, rc in results), results
    rec = records(out)['fig4']
    import pandas as pd
    p = rec['effective_parameters']['p']
    assert p in (50, 60) and rec['overrides'] == {'p': p} and rec['parameters'] == {'p': p}
    assert pd.read_csv(out/'results-data'/'fig4_phase_transition.csv').p.unique().tolist() == [p]
    assert verify_manifest(out) == [] and debris(out) == []

def test_plot_only_without_data(tmp_path):
    "--plot-only redraws Figure 7 from the committed CSV with no data folder at all: byte-identical to the committed files."
    (tmp_path/'empty').mkdir()
    t0 = time.time()
    r = cli('--only', 'fig7_mnist', '--plot-only', '--output', tmp_path/'out', env=_env(SYNTHETIC_DATA_HOME=tmp_path/'empty'))
    seconds = time.time() - t0
    assert r.returncode == 0 and 'plot only' in r.stdout, r.stdout + r.stderr
    rec = records(tmp_path/'out')['fig7_mnist']
    csv = ROOT/'results-data'/'fig7_mnist.csv'
    assert rec['plot_only'] and rec['inputs'] == {str(csv): file_digest(csv)}
    assert rec['parameters_from'] == str(ROOT/'results-data'/'manifest-full.json') and rec['parameters']['dataset'] == 'mnist'
    assert 'results-plot/fig7_mnist.png' in rec['outputs'] and not any(k.endswith('.csv') for k in rec['outputs'])
    for rel, sha in rec['outputs'].items(): assert sha == file_digest(ROOT/rel), rel      # the committed figure, redrawn
    assert seconds < 120, seconds
    print(f'plot-only fig7_mnist: {seconds:.1f} s')

def test_missing_data_offline(tmp_path):
    "With an empty data folder and --offline: one line per figure naming the data set, promptly, and no figure file."
    (tmp_path/'empty').mkdir()
    t0 = time.time()
    r = cli('--offline', '--only', 'fig7_mnist', 'fig8', '--output', tmp_path/'out', env=_env(SYNTHETIC_DATA_HOME=tmp_path/'empty'))
    assert r.returncode == 0 and time.time() - t0 < 30, (r.stdout, r.stderr)
    lines = [l for l in r.stdout.splitlines() if 'SKIPPED' in l]
    assert len(lines) == 2 and "'mnist'" in lines[0] and "'alert'" in lines[1] and 'fetch(' in lines[0], r.stdout
    assert sorted(str(p.relative_to(tmp_path/'out')) for p in (tmp_path/'out').rglob('*') if p.is_file()) == \
        ['.regenerate/lock', 'results-data/manifest-quick.json']
    assert {k: r['status'] for k, r in records(tmp_path/'out').items()} == {'fig7_mnist': 'skipped', 'fig8': 'skipped'}

def test_local_cluster_equals_serial(serial, tmp_path):
    "The two figures through `--scheduler local --workers 2` give the serial CSVs, one thread per worker, both recorded."
    out = tmp_path/'dask'
    r = cli('--only', 'fig2', 'fig4', '--scheduler', 'local', '--workers', '2', '--output', out, env=_env(OMP_NUM_THREADS=None))
    assert r.returncode == 0 and '2 ran, 0 failed' in r.stdout, r.stdout + r.stderr
    recs = records(out)
    assert set(recs) == {'fig2', 'fig4'} and verify_manifest(out) == [] and debris(out) == []
    assert all(rec['provenance']['device']['omp_num_threads'] == '1' for rec in recs.values())
    for name in ('fig2_fixed_points', 'fig4_phase_transition'):
        assert (out/'results-data'/f'{name}.csv').read_bytes() == (serial[0]/'results-data'/f'{name}.csv').read_bytes(), name

def test_jobqueue_job_scripts():
    "The README's dask-jobqueue recipe renders SLURM and PBS job scripts (nothing is submitted)."
    from dask_jobqueue.slurm import SLURMJob
    from dask_jobqueue.pbs import PBSJob
    for Job, head in ((SLURMJob, '#SBATCH'), (PBSJob, '#PBS')):
        s = Job(scheduler='tcp://10.0.0.1:8786', name='w', memory='8GB', walltime='02:00:00', **jobqueue_kwargs(gpu=True)).job_script()
        assert head in s and 'export OMP_NUM_THREADS=1' in s and '--nthreads 1' in s and '--resources GPU=1' in s, s
        s = Job(scheduler='tcp://10.0.0.1:8786', name='w', memory='8GB', **jobqueue_kwargs()).job_script()
        assert 'GPU' not in s and 'tcp://10.0.0.1:8786' in s

def test_gpu_figures_ask_for_a_gpu_only_where_one_is_advertised(tmp_path, monkeypatch):
    "A figure whose cell says gpu=True asks for the GPU resource on a cluster that has one, and still runs on one without."
    from distributed import Client, LocalCluster
    from synthetic_data.regenerate import regenerate
    assert FIGURES['fig9']['gpu'] and not FIGURES['fig4']['gpu']
    monkeypatch.setitem(FIGURES['fig4'], 'gpu', True)                          # the cheapest figure, as if it wanted a GPU
    for resources, want in (({'GPU': 1}, {'GPU': 1}), ({}, None)):
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                          resources=resources) as cluster, Client(cluster) as client:
            m = regenerate('quick', ['fig4'], tmp_path/f'gpu{len(resources)}', plot_only=True, scheduler=client)
            worker = list(client.scheduler_info()['workers'])[0]
            assert client.status == 'running'                                  # the caller's client stays open
        rec = m['notebooks'][0]
        assert rec['status'] == 'ok' and rec['dask'] == dict(worker=worker, resources=want), rec

PWN = '__import__("os").system("touch pwned")'
PAYLOADS = dict(                      # --set values that ran `touch pwned` in the kernel when papermill wrote them as they were
    tuple=f"""p=('"; {PWN}; "',)""", bytes=f"""p=b'"; {PWN}; "'""", nested=f"""etas=[('" + str({PWN}) + "',)]""")
QUOTED = 'he said "hi"\nthen \'bye\' \\" + str(1) + "'              # quotes, a newline, a backslash: a plain string

def _pwned(*folders) -> list[str]: return [str(d/'pwned') for d in folders if (Path(d)/'pwned').exists()]

def test_set_values_are_json_data(tmp_path):
    "--set keeps JSON data only: tuples become lists of plain strings, bytes, sets, complex, ... are refused by name."
    from synthetic_data.regenerate import UsageError, papermill_parameters, parse_sets, regenerate
    ok = parse_sets([PAYLOADS['tuple'], PAYLOADS['nested'], f's={QUOTED!r}', 'raw=a "b"\n c', "d={'a': (1, 2.5, None, True)}"])
    assert ok == dict(p=[f'"; {PWN}; "'], etas=[[f'" + str({PWN}) + "']], s=QUOTED, raw='a "b"\n c', d={'a': [1, 2.5, None, True]})
    assert papermill_parameters(ok) == ok
    for value, msg in ((PAYLOADS['bytes'], '--set p: bytes values are not allowed; use numbers, strings, lists or dicts'),
                       ('p={1, 2}', '--set p: set values are not allowed'), ('p=1j', '--set p: complex values are not allowed'),
                       ('p=...', '--set p: ellipsis values are not allowed'), ("p={'a': (1, b'x')}", '--set p: bytes values'),
                       ("etas=[[0.1], [b'x']]", '--set etas: bytes values'), ('p={1: 2}', '--set p: dict keys must be strings'),
                       ('p=1e999', '--set p: inf is not allowed')):
        with pytest.raises(ValueError, match=re.escape(msg)): parse_sets([value])
    with pytest.raises(UsageError, match='--set p: bytes values are not allowed'):      # the Python API refuses them too
        regenerate('quick', ['fig4'], tmp_path/'out', overrides=dict(p=b'"; 1; "'))
    assert not (tmp_path/'out').exists()

def test_set_value_that_could_run_code_is_a_usage_error(tmp_path):
    "A --set value that is not JSON data stops the command with one argparse error, before any folder or kernel."
    out = tmp_path/'out'
    r = cli('--only', 'fig1', '--output', out, '--set', PAYLOADS['bytes'], cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith('usage: synthetic-data-regenerate') and 'Traceback' not in r.stderr, r.stderr
    assert ('synthetic-data-regenerate: error: --set p: bytes values are not allowed; use numbers, strings, lists or dicts'
            in r.stderr.splitlines()), r.stderr
    assert r.stdout == '' and not out.exists() and not _pwned(tmp_path, ROOT, ROOT/'nbs')

def test_tuple_payloads_reach_the_kernel_as_strings(tmp_path):
    "The tuple payloads, made lists, reach a kernel as the plain strings they hold: nothing runs."
    import nbformat
    from synthetic_data.regenerate import parse_sets, run_notebook
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("p = 0\netas = [0.1]\ns = ''", metadata={'tags': ['parameters']}),
                nbformat.v4.new_code_cell("import json, os\nopen(os.path.join(os.environ['SYNTHETIC_DATA_OUTPUT'], 'seen.json'), 'w')"
                                          ".write(json.dumps(dict(p=p, etas=etas, s=s)))")]
    nbformat.write(nb, tmp_path/'nb.ipynb')
    params = parse_sets([PAYLOADS['tuple'], PAYLOADS['nested'], f's={QUOTED!r}'])
    rec = run_notebook(dict(key='t', nb='nb.ipynb', path=str(tmp_path/'nb.ipynb'), parameters=params), tmp_path/'work',
                       tmp_path/'out', root=ROOT)
    assert not _pwned(tmp_path, tmp_path/'work'/'t', ROOT, ROOT/'nbs') and rec['status'] == 'ok', rec.get('error')
    assert json.loads((tmp_path/'work'/'t'/'stage'/'seen.json').read_text()) == params == rec['effective_parameters']

def test_notebook_run_by_hand_leaves_committed_results(tmp_path):
    "papermill on a figure notebook, with or without -p, writes under _runs/manual/ and leaves the committed files as they were."
    committed = {p: file_digest(p) for kind in ('results-data', 'results-plot') for p in (ROOT/kind).glob('fig4*')}
    manifest = file_digest(ROOT/'results-data'/'manifest-full.json')
    assert committed
    for extra in ([], ['-p', 'p', '50']):
        r = subprocess.run([sys.executable, '-m', 'papermill', str(ROOT/'nbs'/'13_fig4_phase_transition.ipynb'), str(tmp_path/'out.ipynb'),
                            '--cwd', str(ROOT/'nbs'), *extra], env=_env(), capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout + r.stderr
        assert '_runs/manual' in (tmp_path/'out.ipynb').read_text()    # the notebook says where it wrote
    assert {p: file_digest(p) for p in committed} == committed and file_digest(ROOT/'results-data'/'manifest-full.json') == manifest
    assert (ROOT/'_runs'/'manual'/'results-data'/'fig4_phase_transition.csv').is_file()

def test_plot_only_reads_an_output_folder_with_odd_characters(tmp_path):
    "--plot-only into a folder whose path holds ':', spaces and non-ASCII redraws from that folder's CSV, not the committed one."
    out = tmp_path/'a:b c é'
    assert cli('--only', 'fig2', '--output', out).returncode == 0
    r = cli('--only', 'fig2', '--plot-only', '--output', out)
    assert r.returncode == 0, r.stdout + r.stderr
    own = out/'results-data'/'fig2_fixed_points.csv'
    rec = records(out)['fig2']['replot']                                 # the redraw, kept beside the computing record
    assert rec['inputs'] == {str(own.resolve()): file_digest(own)}, rec['inputs']

def test_damaged_manifest_is_rebuilt_and_the_next_run_completes(tmp_path):
    "A truncated or empty manifest: the next run warns, moves it aside, keeps the records whose files check out, and completes."
    out = tmp_path/'out'
    assert cli('--only', 'fig2', 'fig4', '--output', out).returncode == 0
    path = manifest_path(out, 'quick'); text = path.read_text()
    cut = text.index('"key": "fig4"')                                     # truncated inside the second record
    path.write_text(text[:cut + 20])
    r = cli('--only', 'fig4', '--output', out)
    assert r.returncode == 0 and 'is not a valid manifest' in r.stderr and 'rebuilt it from the 1 record' in r.stderr, r.stdout + r.stderr
    assert set(records(out)) == {'fig2', 'fig4'} and verify_manifest(out) == [] and list(path.parent.glob('manifest-quick.corrupt-*.json'))
    path.write_text('')                                                   # empty
    r = cli('--only', 'fig2', '--output', out)
    assert r.returncode == 0 and 'rebuilt it from the 0 record' in r.stderr and set(records(out)) == {'fig2'}, r.stderr
