#!/usr/bin/env bash
# Every test: set up (if needed), then run all notebooks (nbdev tests, through pytest) and the pytest suite.
# Cells flagged `data` run when the data folder ($SYNTHETIC_DATA_HOME) is present; `slow` and `gpu` cells are skipped
# unless SD_TEST_FLAGS says otherwise (e.g. SD_TEST_FLAGS="data slow").
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Fashion-MNIST comes from a Debian package; install it when we can (root + apt), otherwise its cells say it is missing.
if [ ! -d /usr/share/datasets/fashion-mnist ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist) >/dev/null 2>&1 \
    || echo "note: could not install dataset-fashion-mnist; Fashion-MNIST cells will report it missing"
fi
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 MPLBACKEND=Agg PYTHONHASHSEED=0
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
if [ -z "${SD_TEST_FLAGS+x}" ]; then
  if [ -f "${SYNTHETIC_DATA_HOME:-$HOME/.cache/synthetic_data}/amazon_review/books_400.mat" ]; then SD_TEST_FLAGS="data"
  else SD_TEST_FLAGS=""; echo "note: no data folder at \${SYNTHETIC_DATA_HOME:-~/.cache/synthetic_data}: cells flagged 'data' are skipped"; fi
fi
export SD_TEST_FLAGS
exec .venv/bin/python -m pytest -n 2 --dist worksteal -p no:cacheprovider -q -rs --durations=15 tests "$@"
