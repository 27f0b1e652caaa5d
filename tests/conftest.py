import os, tempfile
os.environ.setdefault('MPLBACKEND', 'Agg')
# A fresh output (and model-cache) folder per test session: tests never overwrite committed figures and never reuse
# a model cached by an earlier run of possibly different code.
os.environ.setdefault('SYNTHETIC_DATA_OUTPUT', tempfile.mkdtemp(prefix='synthetic_data-test-'))
