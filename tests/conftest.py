import os, tempfile
os.environ.setdefault('MPLBACKEND', 'Agg')
# A fresh output (and model-cache) folder per test session: tests never overwrite committed figures and never reuse
# a model cached by an earlier run of possibly different code.
os.environ.setdefault('SYNTHETIC_DATA_OUTPUT', tempfile.mkdtemp(prefix='synthetic_data-test-'))

# Property-based tests (hypothesis): few examples by default (profile `ci`, fast enough for every test run);
# `HYPOTHESIS_PROFILE=deep python -m pytest tests/test_*_properties.py` runs many more.
from hypothesis import settings, HealthCheck
_quiet = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile('ci', max_examples=25, deadline=None, suppress_health_check=_quiet, derandomize=True)
settings.register_profile('deep', max_examples=1000, deadline=None, suppress_health_check=_quiet)
settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'ci'))
