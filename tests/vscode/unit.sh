#!/usr/bin/env bash
# Unit tests of the VS Code extension's own logic (node --test, no VS Code).
#   tests/vscode/unit.sh
set -euo pipefail
EXT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../editors/vscode" && pwd)"
cd "$EXT"
if [ ! -d node_modules/typescript ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
rm -rf out
npm test --silent
