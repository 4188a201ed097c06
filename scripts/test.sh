#!/usr/bin/env bash
# Install everything the tests need (system packages, .venv) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh --tests
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/ruff check .
# pytest exits 5 when it collects no tests; that must fail, and does (non-zero).
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
