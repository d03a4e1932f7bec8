#!/usr/bin/env bash
# Smoke test of the README's `npm start` on a fresh embedded database: it builds when needed,
# migrates, seeds the demo tenant, prints the demo key, serves the API with it, and a trigger of the
# demo schedule runs real journeys in Chromium against the built-in demo shop. CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
# A port nothing else holds (a fixed one collides with a dev server or a second smoke run), unless
# SMOKE_PORT names one.
port="${SMOKE_PORT:-$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
data="$(mktemp -d)"
log="$(mktemp)"
body="$(mktemp)"

DATA_DIR="$data" PORT="$port" SCHEDULER=off setsid npm start >"$log" 2>&1 &
pid=$!
cleanup() {
  # next start leaves next-server running when only npm is killed: end the whole process group.
  kill -- "-$pid" 2>/dev/null || true
  sleep 1
  kill -9 -- "-$pid" 2>/dev/null || true
  rm -rf "$data" "$body"
}
trap cleanup EXIT

# Waits for the condition, not for a time: a first start runs `next build`, which takes minutes on a
# busy 2-core machine. The bound (30 min) only catches a start that hangs.
for _ in $(seq 1 1800); do
  grep -q "Demo API key" "$log" && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "smoke: npm start exited"; exit 1; fi
  sleep 1
done
key="$(sed -n 's/.*Demo API key: //p' "$log" | head -n1)"
if [ -z "$key" ]; then cat "$log"; echo "smoke: no demo API key printed"; exit 1; fi
# Generous limits per request: they catch a hang, they time nothing.
curl_opts=(-s --max-time 120 --retry 5 --retry-connrefused --retry-delay 2)

status="$(curl "${curl_opts[@]}" -o "$body" -w '%{http_code}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/schedules")"
if [ "$status" != "200" ] || ! grep -q '"Daily regression"' "$body"; then
  cat "$log"; echo "smoke: GET /api/v1/schedules answered $status: $(head -c 300 "$body")"; exit 1
fi
status="$(curl "${curl_opts[@]}" -o "$body" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/schedules")"
if [ "$status" != "401" ]; then echo "smoke: expected 401 without a key, got $status"; exit 1; fi
# The demo person's printed sign-in works, and its session opens the UI's pages.
signin="$(sed -n 's/.*Demo sign-in: //p' "$log" | head -n1)"
email="${signin%%  password: *}"
password="${signin##*  password: }"
if [ -z "$signin" ] || [ -z "$email" ] || [ -z "$password" ]; then cat "$log"; echo "smoke: no 'Demo sign-in: <email>  password: <password>' line"; exit 1; fi
jar="$(mktemp)"
status="$(curl "${curl_opts[@]}" -o "$body" -w '%{http_code}' -c "$jar" -H "Origin: http://localhost:$port" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://localhost:$port/api/auth/sign-in/email")"
if [ "$status" != "200" ]; then echo "smoke: demo sign-in answered $status: $(head -c 300 "$body")"; exit 1; fi
status="$(curl "${curl_opts[@]}" -o "$body" -w '%{http_code}' -b "$jar" "http://localhost:$port/schedules")"
if [ "$status" != "200" ] || ! grep -q 'Schedules' "$body"; then echo "smoke: /schedules with the demo session answered $status"; exit 1; fi
status="$(curl "${curl_opts[@]}" -o /dev/null -w '%{http_code}' "http://localhost:$port/schedules")"
if [ "$status" != "307" ]; then echo "smoke: /schedules without a session should redirect to sign-in, got $status"; exit 1; fi
rm -f "$jar"
if ! npx tsx scripts/smoke-demo.ts "http://127.0.0.1:$port" "$key"; then
  tail -n 50 "$log"; echo "smoke: the demo schedule's run did not come out as the README says"; exit 1
fi
echo "smoke: npm start served the seeded demo on port $port (API key and demo sign-in), and its agents ran"
