#!/usr/bin/env bash
# Builds the CPU image with buildah (no Docker engine needed) and runs it like `docker run` would, on a demo face
# database: `health` and `identify` are queried over HTTP from outside the container, the image's own HEALTHCHECK
# command is run inside it, then the server gets SIGTERM (what `docker stop` sends) and must exit 0.
# Prints the image's size above its base and where the bytes go.
#
#   bash scripts/container-test.sh        # as root, from the repository; needs ../shared and `npm ci` done. 3-8 min.
#
# Environment: SHARED_DIR (default ../shared), IMAGE (default stash-face), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
shared=$(cd "${SHARED_DIR:-../shared}" && pwd)
image=${IMAGE:-stash-face}
work=$(mktemp -d /tmp/stash-face-container.XXXXXX)
container=""
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$container" ]; then buildah rm "$container" >/dev/null 2>&1 || true; fi
  if [ "${KEEP:-}" != 1 ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; [ -f "$work/server.log" ] && tail -30 "$work/server.log" >&2; exit 1; }

step "base image (a local stand-in of node:24-bookworm-slim)"
bash "$shared/tools/container-base.sh" 24

step "buildah bud (the Dockerfile's default target: the CPU image)"
start=$(date +%s)
# --format docker keeps HEALTHCHECK (the OCI format has no such field); --layers reuses unchanged steps.
buildah rmi "$image" >/dev/null 2>&1 || true
if ! buildah bud --isolation chroot --pull=never --layers --format docker -t "$image" . >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log"; fail "buildah bud failed"
fi
grep -E '^\[[0-9]/[0-9]\] STEP|WARNING' "$work/build.log" || true
echo "built in $(( $(date +%s) - start )) s"

step "image size above node:24-bookworm-slim"
base_c=$(buildah from --pull=never docker.io/library/node:24-bookworm-slim)
container=$(buildah from --pull=never "$image")
base_bytes=$(du -sb "$(buildah mount "$base_c")" | cut -f1)
root=$(buildah mount "$container")
image_bytes=$(du -sb "$root" | cut -f1)
buildah umount "$base_c" >/dev/null; buildah rm "$base_c" >/dev/null
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
echo "base $(mb "$base_bytes"), image $(mb "$image_bytes"), added $(mb $((image_bytes - base_bytes)))"
echo "where the added bytes go (MB):"
{
  for p in "$root"/app/node_modules/* "$root"/app/node_modules/@*/* "$root"/app/dist "$root"/app/models; do
    case "$p" in */node_modules/@*/*|*/dist|*/models) ;; */node_modules/@*) continue ;; esac
    du -sb "$p"
  done
  echo "$(( image_bytes - base_bytes - $(du -sb "$root/app" | cut -f1) )) (outside /app)"
} | sort -rn | head -14 | awk -v r="$root/app/" '{ sub(r, "", $2); printf "  %7.1f  %s\n", $1 / 1e6, $2 }'
healthcheck=$(buildah inspect --type image --format '{{.Docker.Config.Healthcheck.Test}}' "$image" 2>/dev/null || true)
echo "HEALTHCHECK: ${healthcheck:-none}"
buildah umount "$container" >/dev/null

step "demo face database: packed on the host with GNU tar, installed inside the container"
# A release package as users download it (files at the root, .sha256 beside it), installed with the image's own
# `stash-face install-database`. (buildah run gives the image's VOLUME /data its own storage, so a package copied in
# and installed there stands in for a bind-mounted host folder.)
npx tsx scripts/build-demo-db.ts --out "$work/src" >/dev/null
mkdir -p "$work/pkg"
pkg=stash-face-db-demo-1.tar.gz
tar -czf "$work/pkg/$pkg" -C "$work/src/releases/demo-1" .
(cd "$work/pkg" && sha256sum "$pkg" > "$pkg.sha256")
buildah copy --chown 1000:1000 "$container" "$work/pkg" /tmp/pkg/ >/dev/null
buildah run --isolation chroot --network host "$container" -- stash-face install-database "/tmp/pkg/$pkg" --no-reload || fail "install-database in the container"
# A photo of someone enrolled in the demo database, and one of the identity's name.
read -r probe expected < <(node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const people = JSON.parse(readFileSync('$shared/faces/people.json', 'utf8'));
  const ids = Object.keys(people).sort();
  const id = ids[0];
  const files = people[id];
  console.log('$shared/faces/people/' + id + '/' + files[files.length - 1], id.replace(/[_-]/g, ' '));
")

step "run the container (host network, as the image's user)"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
buildah run --isolation chroot --network host \
  -e PORT="$port" -e PUBLIC_URL="http://127.0.0.1:$port" -e LOG_LEVEL=info \
  "$container" -- node /app/bin/stash-face.mjs serve >"$work/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port/graphql"
for i in $(seq 1 120); do
  if grep -q '"stash-face listening"' "$work/server.log"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || fail "the container exited before listening"
  sleep 1
done
grep -q '"stash-face listening"' "$work/server.log" || fail "not listening after 120 s"
echo "listening on $url"

step "health and identify over HTTP from outside"
URL="$url" PROBE="$probe" EXPECTED="$expected" node --input-type=module -e '
  const { URL: url, PROBE: probe, EXPECTED: expected } = process.env;
  const { readFile } = await import("node:fs/promises");
  const post = async (body, headers) => (await fetch(url, { method: "POST", body, headers })).json();
  const health = await post(JSON.stringify({ query: "{ health { status version execution_providers database_loaded database_version models { id provider fallback_reason } warnings } }" }), { "content-type": "application/json" });
  console.log("health:", JSON.stringify(health.data?.health));
  if (!health.data?.health?.database_loaded) throw new Error("no database loaded: " + JSON.stringify(health));
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: "query($image: File) { identify(input: { image: $image }) { database_version persons { face_size matches { confidence performer { name stash_id } } } timings { stage ms } } }", variables: { image: null } }));
  form.append("map", JSON.stringify({ 0: ["variables.image"] }));
  form.append("0", new Blob([await readFile(probe)]), "probe.jpg");
  const started = performance.now();
  const r = await post(form, { "GraphQL-Require-Preflight": "1" });
  const best = r.data?.identify?.persons?.[0]?.matches?.[0];
  console.log("identify:", Math.round(performance.now() - started), "ms;", JSON.stringify(best), "timings", JSON.stringify(r.data?.identify?.timings));
  if (!best || best.performer.name !== expected) throw new Error(`expected ${expected}: ${JSON.stringify(r)}`);
  // The Stash plugin source the sidecar serves (Settings > Plugins > Add Source), made for PUBLIC_URL.
  const base = url.replace(/\/graphql$/, "");
  const index = await fetch(`${base}/plugin/index.yml`);
  const text = await index.text();
  if (index.status !== 200 || !text.includes("stash-face")) throw new Error(`plugin source: HTTP ${index.status} ${text.slice(0, 200)}`);
  const zipPath = /path:\s*(\S+)/.exec(text)?.[1] ?? "stash-face.zip";
  const zip = await fetch(new URL(zipPath, `${base}/plugin/index.yml`));
  const bytes = Buffer.from(await zip.arrayBuffer());
  if (zip.status !== 200 || bytes.subarray(0, 2).toString() !== "PK") throw new Error(`plugin zip: HTTP ${zip.status}`);
  console.log(`plugin source: index.yml and ${zipPath} (${bytes.length} bytes)`);
' || fail "health/identify"

step "the image's HEALTHCHECK command, inside a second container process"
buildah run --isolation chroot --network host -e PORT="$port" "$container" -- node /app/bin/stash-face.mjs healthcheck || fail "healthcheck exited non-zero"
buildah run --isolation chroot --network host "$container" -- id

step "SIGTERM (docker stop): finish and exit 0"
# buildah run -> buildah-chroot-runtime -> buildah-chroot-exec -> node: the node process under our own buildah run.
node_pid=""
queue="$server_pid"
while [ -n "$queue" ] && [ -z "$node_pid" ]; do
  next=""
  for pid in $queue; do
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'node /app/bin/stash-face.mjs serve' \
       && [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" = node ]; then node_pid=$pid; fi
    next="$next $(pgrep -P "$pid" || true)"
  done
  queue=$(echo $next)
done
[ -n "$node_pid" ] || fail "cannot find the server process under buildah run ($server_pid)"
kill -TERM "$node_pid"
set +e
wait "$server_pid"
code=$?
set -e
server_pid=""
grep -q '"msg":"stopped"' "$work/server.log" || fail "no 'stopped' log line"
[ "$code" -eq 0 ] || fail "exit status $code after SIGTERM"
echo "exited 0 after SIGTERM"
echo
echo "container test passed"
