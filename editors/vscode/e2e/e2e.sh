#!/usr/bin/env bash
# End-to-end in a real VS Code: install the .vsix into code-server, open the
# example schema in headless Chromium (drive.mjs) and check the finding, its
# hover and its quick fix; the screenshots go to images/.
#
#   e2e/e2e.sh CODE_SERVER_DIR VSIX SERVER_EXECUTABLE
#   SCENARIO=coexist e2e/e2e.sh …   the same next to a stand-in for the official
#                                    Prisma extension (e2e/stand-in-prisma): its grammar
#                                    is used and Prisma's errors are not reported twice
#
# SERVER_EXECUTABLE is the `prisma-architect` to run (set as
# prismaArchitect.server.path in the profile's user settings). Everything runs
# on loopback, in a throwaway profile, under timeouts.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CS=$(realpath "$1"); VSIX=$(realpath "$2"); SERVER=$(realpath -s "$3")
PORT=${PORT:-$((20000 + RANDOM % 20000))}
ARTIFACTS=${ARTIFACTS:-$HERE/e2e/artifacts}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pa-vscode-e2e.XXXXXX")
mkdir -p "$WORK/data/User" "$WORK/ext" "$ARTIFACTS"
CSPID=
cleanup() {
  if [ -n "$CSPID" ]; then kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; fi
  cp "$WORK/code-server.log" "$ARTIFACTS/" 2>/dev/null || true
  find "$WORK/data/logs" -name '*Prisma Architect*' -exec cp {} "$ARTIFACTS/server-output.log" \; 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The workspace is a copy of the example; the expected result of the quick fix
# is what the command line's --fix writes with only that rule selected.
cp -r "$REPO/examples/task-management" "$WORK/ws"
cp -r "$REPO/examples/task-management" "$WORK/expected"
echo 'select = ["PAX001"]' >"$WORK/expected/prisma-architect.toml"
"$SERVER" check --fix --exit-zero "$WORK/expected" >/dev/null
cmp -s "$WORK/ws/schema.prisma" "$WORK/expected/schema.prisma" && { echo "e2e: --fix changed nothing" >&2; exit 1; }

SCENARIO=${SCENARIO:-alone}
EXTENSIONS=("$VSIX")
if [ "$SCENARIO" = coexist ]; then
  # A schema error Prisma reports (PAE002, unknown type): the official extension's to show, not ours.
  printf '\nmodel Broken {\n  id    Int    @id\n  owner Nobody\n}\n' >>"$WORK/ws/schema.prisma"
  (cd "$HERE/e2e/stand-in-prisma" &&
    timeout 120 "$HERE/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
      --skip-license -o "$WORK/stand-in.vsix" >/dev/null)
  EXTENSIONS+=("$WORK/stand-in.vsix")
fi

cat > "$WORK/data/User/settings.json" <<JSON
{
  "prismaArchitect.server.path": "$SERVER",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Dark Modern",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "editor.minimap.enabled": false,
  "editor.hover.delay": 100,
  "files.autoSave": "off",
  "chat.commandCenter.enabled": false
}
JSON
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/share"   # code-server writes nothing under ~
CODE=(node "$CS/out/node/entry.js" --user-data-dir "$WORK/data" --extensions-dir "$WORK/ext")
for extension in "${EXTENSIONS[@]}"; do timeout 120 "${CODE[@]}" --install-extension "$extension"; done
"${CODE[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$WORK/ws" >"$WORK/code-server.log" 2>&1 &
CSPID=$!
for _ in $(seq 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CSPID" 2>/dev/null || { echo "e2e: code-server exited" >&2; cat "$WORK/code-server.log" >&2; exit 1; }
  sleep 0.2
done
SCENARIO=$SCENARIO CS_URL="http://127.0.0.1:$PORT/?folder=$WORK/ws" WS="$WORK/ws" EXPECTED="$WORK/expected/schema.prisma" \
  SHOTS="$HERE/images" ARTIFACTS="$ARTIFACTS" \
  timeout --kill-after=10 "${DRIVE_TIMEOUT:-240}" node "$HERE/e2e/drive.mjs"
