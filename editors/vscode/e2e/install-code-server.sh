#!/usr/bin/env bash
# Install code-server 4.96.4 (VS Code 1.96.4) from the npm registry, without GitHub.
#
#   e2e/install-code-server.sh [DEST]     (default: editors/vscode/.e2e/code-server, gitignored)
#
# `npm install -g code-server` does not work offline: its postinstall runs
# `npm install` in lib/vscode, whose shrinkwrap pins @vscode/proxy-agent to a
# GitHub URL, and @vscode/ripgrep downloads rg from GitHub. So: unpack the npm
# tarball, install without scripts, re-point git dependencies at the same
# version on the npm registry, rebuild the native modules, use Debian's rg, and
# redo the links of upstream's postinstall.sh. Needs node 20 with its headers
# (Debian's nodejs), build-essential, python3, libkrb5-dev (kerberos) and
# ripgrep. Every step has a timeout, so a stuck download fails the script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
DEST=${1:-$HERE/.e2e/code-server}
VER=4.96.4
STEP_TIMEOUT=${STEP_TIMEOUT:-300}
export npm_config_nodedir=${npm_config_nodedir:-/usr}   # node-gyp builds offline against /usr/include/node
export npm_config_loglevel=error npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { echo "[install-code-server] $*" >&2; }
run() { timeout --kill-after=10 "$STEP_TIMEOUT" "$@"; }

if [ -f "$DEST/.installed-$VER" ]; then
  step "code-server $VER already in $DEST"; exit 0
fi
for tool in node npm rg make g++ python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server: $tool is missing" >&2; exit 2; }
done
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || { echo "install-code-server: libkrb5-dev is missing" >&2; exit 2; }

rm -rf "$DEST.partial" && mkdir -p "$DEST.partial" && cd "$DEST.partial"
step "downloading code-server@$VER"
run npm pack "code-server@$VER" >/dev/null
tar -xzf "code-server-$VER.tgz" --strip-components=1 && rm "code-server-$VER.tgz"

step "top-level dependencies (argon2 builds from source)"
run npm install --omit=dev --ignore-scripts
run npm rebuild argon2

cd lib/vscode
step "lib/vscode: re-pointing git dependencies at the npm registry"
run node -e '
const fs = require("fs"), cp = require("child_process");
const file = "npm-shrinkwrap.json", data = JSON.parse(fs.readFileSync(file, "utf8"));
for (const [key, entry] of Object.entries(data.packages)) {
  if (!entry.resolved || !entry.resolved.startsWith("git")) continue;
  const spec = key.replace(/^.*node_modules\//, "") + "@" + entry.version;
  const view = (field) => cp.execFileSync("npm", ["view", spec, field], { timeout: 60000 }).toString().trim();
  entry.resolved = view("dist.tarball");
  entry.integrity = view("dist.integrity");
  console.error("[install-code-server] repinned " + spec);
}
fs.writeFileSync(file, JSON.stringify(data, null, 2));'
step "lib/vscode dependencies"
run npm install --omit=dev --ignore-scripts
step "native modules"
run npm rebuild kerberos @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog node-pty
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# the rest of upstream's postinstall.sh
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
step "built-in extensions' dependencies"
(cd extensions && run npm install --omit=dev --ignore-scripts)
cd "$DEST.partial"
XDG_CONFIG_HOME="$DEST.partial/.config" run node out/node/entry.js --version >&2 && rm -rf "$DEST.partial/.config"
touch ".installed-$VER"
rm -rf "$DEST" && mv "$DEST.partial" "$DEST"
step "installed in $DEST"
