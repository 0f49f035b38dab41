#!/usr/bin/env bash
# Create or update the pinned PyPSA environment (.venv-pypsa) of the cross-check and benchmarks.
# Idempotent: reinstalls only when requirements/pypsa.lock changed (stamp file in the venv).
# PyPSA is never a dependency of zerozone itself; see requirements/pypsa.lock for why it is pinned
# against its own metadata (installed with --no-deps: the lock is the complete set).
#   usage: tools/pypsa_env.sh            (PYTHON=python3.11 VENV=.venv-pypsa to override)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv-pypsa}"
LOCK=requirements/pypsa.lock
STAMP="$VENV/.pypsa-lock.sha256"

want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    exit 0
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "PyPSA 1.4 needs Python 3.11+"'
    "$PYTHON" -m venv "$VENV"
fi
rm -f "$STAMP"
"$VENV/bin/python" -m pip --disable-pip-version-check -q install --no-deps -r "$LOCK"
"$VENV/bin/python" - <<'PY'
import highspy, linopy, netCDF4, pandas, pypsa, xarray
assert pypsa.__version__ == "1.4.0", pypsa.__version__
assert pandas.__version__.startswith("2."), pandas.__version__
print(f"pypsa {pypsa.__version__}, pandas {pandas.__version__}, xarray {xarray.__version__}, "
      f"linopy {linopy.__version__}")
PY
echo "$want" > "$STAMP"
