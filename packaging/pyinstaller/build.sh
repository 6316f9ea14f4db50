#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle: packaging/pyinstaller/dist/dossierdesk/
#   bash packaging/pyinstaller/build.sh            (uses .venv/bin/python, installs PyInstaller
#                                                   from the "package" extra when missing)
#   PYTHON=/path/to/python bash packaging/pyinstaller/build.sh
#   bash packaging/pyinstaller/build.sh --test-only   (smoke-test an existing build)
# Then smoke-tests the bundle: dossierdesk --version and --self-test (offscreen), dossierdesk-cli import + list
# on the bundled sample articles in a throw-away archive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-$repo/.venv/bin/python}"
dist="$here/dist"
work="$here/build"

if [ "${1:-}" != --test-only ] && ! "$py" -c 'import PyInstaller' 2>/dev/null; then
  echo "==> installing PyInstaller (the 'package' extra)" >&2
  "$py" -m pip install -q 'pyinstaller>=6.10,<7'
fi

if [ "${1:-}" != --test-only ]; then
  start=$(date +%s)
  "$py" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" "$here/dossierdesk.spec"
  echo "==> built $dist/dossierdesk in $(( $(date +%s) - start )) s," \
    "$(du -sh "$dist/dossierdesk" | cut -f1)" >&2
fi

case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) ext=".exe";; *) ext="";; esac
bundle="$dist/dossierdesk"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
QT_QPA_PLATFORM=offscreen "$bundle/dossierdesk$ext" --version
# The whole product inside the bundle: import, query, tag, dossier, PDF, window.
HOME="$scratch" XDG_STATE_HOME="$scratch/state" XDG_CONFIG_HOME="$scratch/config" \
  XDG_DATA_HOME="$scratch/data" QT_QPA_PLATFORM=offscreen "$bundle/dossierdesk$ext" --self-test \
  2> >(grep -v propagateSizeHints >&2)
seeds="$(find "$bundle" -type d -path '*dossierdesk/_data/seeds' | head -n 1)"
"$bundle/dossierdesk-cli$ext" --archive "$scratch/smoke.sqlite3" import "$seeds" >/dev/null
"$bundle/dossierdesk-cli$ext" --archive "$scratch/smoke.sqlite3" list | head -n 3
if [ -z "$ext" ] && command -v timeout >/dev/null; then
  # The window opens and keeps running (exit 124 = still running when stopped after 5 s).
  rc=0
  HOME="$scratch" XDG_STATE_HOME="$scratch/state" XDG_CONFIG_HOME="$scratch/config" \
    QT_QPA_PLATFORM=offscreen timeout 5 "$bundle/dossierdesk" --archive "$scratch/smoke.sqlite3" \
    2>/dev/null || rc=$?
  [ "$rc" -eq 124 ] || { echo "dossierdesk exited with status $rc at start-up" >&2; exit 1; }
fi
if [ "$(uname -s)" = Linux ]; then
  # Icons and desktop files are found inside the bundle; Exec points at the bundled launcher.
  "$bundle/dossierdesk-cli" install-desktop-entry --prefix "$scratch/prefix" >/dev/null 2>&1
  grep -qx "Exec=$bundle/dossierdesk %F" "$scratch"/prefix/share/applications/*.desktop
  "$bundle/dossierdesk-cli" install-desktop-entry --prefix "$scratch/prefix" --uninstall \
    >/dev/null 2>&1
fi
echo "==> bundle smoke test passed" >&2
