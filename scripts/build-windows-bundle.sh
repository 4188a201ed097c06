#!/usr/bin/env bash
# Build the offline Windows bundle dist/huitoukan-<version>-windows.zip (about 150 MiB).
# Needs network access to the package index (or a pip mirror configured for pip) and a current pip.
# Usage: scripts/build-windows-bundle.sh [--force] [--relock] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade "pip>=24.2" "packaging>=24"
exec .venv/bin/python scripts/windows_bundle.py "$@"
