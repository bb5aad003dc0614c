#!/usr/bin/env bash
# The VS Code extension's whole check, for CI (Debian 12; Debian/PyPI/npm registries only):
#   1. npm ci, type check, esbuild bundle, `vsce package` -> prisma-architect-<version>.vsix
#   2. unit tests (vitest, `vscode` stubbed)
#   3. the server: this repository installed into a venv (or PA_SERVER=/path/to/prisma-architect)
#   4. code-server 4.96.4 (VS Code 1.96.4), installed if missing (e2e/install-code-server.sh)
#   5. end-to-end in code-server + headless Chromium (e2e/e2e.sh), screenshots to images/:
#      the extension alone, then next to a stand-in for the official Prisma extension
#
#   editors/vscode/e2e/run.sh            (from anywhere; exit 0 = all passed)
#
# Missing Debian packages (chromium, libkrb5-dev, ripgrep) are installed when
# running as root. Work files go to editors/vscode/.e2e/ (gitignored; override
# with PA_E2E_DIR). Every step runs under a timeout, so a hang fails the run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${PA_E2E_DIR:-$HERE/.e2e}
START=$(date +%s)
mkdir -p "$WORK"

step() { echo "=== [vscode $(($(date +%s) - START))s] $*" >&2; }
within() { local limit=$1; shift; timeout --kill-after=10 "$limit" "$@"; }

step "system packages"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
if [ "$NODE_MAJOR" != 20 ]; then
  echo "run.sh: code-server 4.96.4 needs Node 20 (with npm and /usr/include/node); found: $NODE_MAJOR" >&2; exit 2
fi
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "run.sh: missing ${missing[*]}; install them (apt-get) or run as root" >&2; exit 2; fi
  within 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive within 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The two long installs run in the background while the extension is built and tested.
LOGS=$WORK/logs; rm -rf "$LOGS"; mkdir -p "$LOGS"
if [ -n "${PA_SERVER:-}" ]; then
  SERVER=$PA_SERVER; VENV_PID=
else
  SERVER=$WORK/venv/bin/prisma-architect
  step "server: pip install $REPO into $WORK/venv (background)"
  ( rm -rf "$WORK/venv" && within 60 python3 -m venv "$WORK/venv" &&
    within 600 "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$REPO" ) >"$LOGS/venv.log" 2>&1 &
  VENV_PID=$!
fi
step "code-server 4.96.4 (background)"
within 900 "$HERE/e2e/install-code-server.sh" "$WORK/code-server" >"$LOGS/code-server.log" 2>&1 &
CS_PID=$!
trap 'kill $CS_PID ${VENV_PID:-} 2>/dev/null || true' EXIT

# await PID NAME: wait for a background step, show its log if it failed
await() {
  if ! wait "$1"; then echo "run.sh: $2 failed:" >&2; cat "$LOGS/$2.log" >&2; exit 1; fi
}

cd "$HERE"
step "npm ci"
within 300 npm ci --no-audit --no-fund --loglevel=error
step "build and package"
within 120 npm run --silent build
rm -f ./*.vsix
within 120 npx vsce package --no-dependencies
VSIX=$(ls "$HERE"/*.vsix)
step "unit tests"
within 120 npx vitest run

[ -z "${VENV_PID:-}" ] || { step "waiting for the server's venv"; await "$VENV_PID" venv; }
step "waiting for code-server"
await "$CS_PID" code-server
trap - EXIT

step "end-to-end: the extension alone"
SCENARIO=alone within 300 "$HERE/e2e/e2e.sh" "$WORK/code-server" "$VSIX" "$SERVER"
step "end-to-end: next to a stand-in for the official Prisma extension"
SCENARIO=coexist within 300 "$HERE/e2e/e2e.sh" "$WORK/code-server" "$VSIX" "$SERVER"
step "all passed ($VSIX)"
