#!/usr/bin/env bash
# The main job: set up (if needed) and regenerate the figures headless. Quick mode by default (minutes, offline);
# `bash tools/regenerate.sh --mode full` for the paper's sizes. Extra arguments go to synthetic-data-regenerate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1} MPLBACKEND=Agg
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
exec .venv/bin/synthetic-data-regenerate "$@"
