#!/bin/sh
# The pytest suite against the built wheel (dist/) installed into a fresh venv, so a file
# missing from the wheel fails here. Test-only packages: pytest and Pillow (an independent PNG
# decoder for test_png.py) and mypy (the package is typed: --strict on the installed copy).
# Runs from a scratch folder so only the installed package imports.
set -eu
cd "$(dirname "$0")/../.."
REPO=$PWD
VENV=.build/pytest-venv
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check dist/weightatlas-*.whl pytest pillow mypy
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH"
PATH="$REPO/$VENV/bin:$PATH" "$REPO/$VENV/bin/python" -m pytest -q -p no:cacheprovider "$REPO/python/tests" "$@"
"$REPO/$VENV/bin/python" -m mypy --strict -p weightatlas
