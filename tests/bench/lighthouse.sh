#!/usr/bin/env bash
# Lighthouse (mobile emulation, its default) on the public pages of a training instance
# after a 300 KB photo-like logo was uploaded: performance, SEO, accessibility and the bytes
# of a first visit, one line a page. The figures in the README come from here.
#
#   tests/bench/lighthouse.sh [PATH/TO/palabre]      (default: target/debug/palabre)
#
# Installs Lighthouse 12 from npm into <target>/lighthouse and Pillow into a virtual
# environment <target>/lighthouse/venv (to draw the logo) the first time. Needs chromium,
# node and npm, python3-venv. The server listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=${1:-$target/debug/palabre}
lh=$target/lighthouse
mkdir -p "$lh"
[ -x "$lh/node_modules/.bin/lighthouse" ] ||
  npm install --prefix "$lh" --no-audit --no-fund lighthouse@12 >/dev/null
[ -x "$lh/venv/bin/python" ] || python3 -m venv "$lh/venv"
"$lh/venv/bin/python" -c 'import PIL' 2>/dev/null || "$lh/venv/bin/pip" install -q pillow
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$bin" demo --port "$port" --bind 127.0.0.1 --no-browser >"$work/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done
"$lh/venv/bin/python" - "$work/logo.jpg" <<'PY'
import os, sys
from PIL import Image
im = Image.effect_noise((800, 400), 120).convert("RGB")
q = 95
while True:
    im.save(sys.argv[1], quality=q)
    if os.path.getsize(sys.argv[1]) <= 300 * 1024 or q < 20:
        break
    q -= 5
print(f"logo: {os.path.getsize(sys.argv[1]) // 1024} KB, 800 × 400")
PY
jar=$work/admin.jar
token() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
t=$(curl -s -c "$jar" -b "$jar" "$base/admin/connexion" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" "$base/admin/connexion" \
  --data-urlencode login=responsable --data-urlencode password=formation-admin --data-urlencode "csrf_token=$t"
t=$(curl -s -c "$jar" -b "$jar" "$base/admin/logo" | token)
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -H "Origin: $base" "$base/admin/logo" \
  -F "csrf_token=$t" -F "logo=@$work/logo.jpg;type=image/jpeg")
[ "$code" = 303 ] || { echo "logo upload answered $code" >&2; exit 1; }
proposal=$(curl -s "$base/propositions" | grep -o 'href="/propositions/[A-Z]*-[0-9]*"' | head -1 | sed 's/href="//;s/"//')
echo "| page | performance | SEO | accessibility | first visit |"
echo "|---|---|---|---|---|"
for p in / /propositions "$proposal" /propositions/nouvelle /pgo /participer; do
  out=$work/report.json
  CHROME_PATH=$(command -v chromium) "$lh/node_modules/.bin/lighthouse" "$base$p" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,seo,accessibility --output=json --output-path="$out" >/dev/null 2>&1
  python3 - "$out" "$p" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
kb = r["audits"]["total-byte-weight"]["numericValue"] / 1024
score = lambda k: round(c[k]["score"] * 100)
print(f"| `{sys.argv[2]}` | {score('performance')} | {score('seo')} | {score('accessibility')} | {kb:.1f} KB |")
PY
done
