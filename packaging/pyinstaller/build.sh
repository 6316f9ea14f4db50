#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle: packaging/pyinstaller/dist/dossierdesk/
#   bash packaging/pyinstaller/build.sh            (uses .venv/bin/python, installs PyInstaller
#                                                   from the "package" extra when missing)
#   PYTHON=/path/to/python bash packaging/pyinstaller/build.sh
# Then smoke-tests the bundle: dossierdesk --version (offscreen), dossierdesk-cli import + list
# on the bundled sample articles in a throw-away archive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-$repo/.venv/bin/python}"
dist="$here/dist"
work="$here/build"

if ! "$py" -c 'import PyInstaller' 2>/dev/null; then
  echo "==> installing PyInstaller (the 'package' extra)" >&2
  "$py" -m pip install -q 'pyinstaller>=6.10,<7'
fi

start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" "$here/dossierdesk.spec"
echo "==> built $dist/dossierdesk in $(( $(date +%s) - start )) s, $(du -sh "$dist/dossierdesk" | cut -f1)" >&2

case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) ext=".exe";; *) ext="";; esac
bundle="$dist/dossierdesk"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
QT_QPA_PLATFORM=offscreen "$bundle/dossierdesk$ext" --version
seeds="$(find "$bundle" -type d -path '*dossierdesk/_data/seeds' | head -n 1)"
"$bundle/dossierdesk-cli$ext" --archive "$scratch/smoke.sqlite3" import "$seeds" >/dev/null
"$bundle/dossierdesk-cli$ext" --archive "$scratch/smoke.sqlite3" list | head -n 3
echo "==> bundle smoke test passed" >&2
