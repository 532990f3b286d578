#!/usr/bin/env bash
# Palabre benchmark on a large database (PRODUCT.md §5): 20,000 proposals, 100,000 comments,
# 500,000 supports. Each figure comes with a reference measured in the same run on the same
# machine; prints machine information and a Markdown table.
#
#   tests/bench/large.sh [PATH/TO/palabre]
#
# Without an argument, runs `cargo build --release` (honours CARGO_TARGET_DIR) and uses that
# binary. Needs nginx, wrk, curl and python3 (Debian: apt-get install nginx wrk curl python3).
# Every server listens on 127.0.0.1 only and is stopped on exit, failure or Ctrl-C. Takes about
# 5 minutes after the build and ~1 GB of temporary disk (TMPDIR); the raw SQLite reference and
# palabre's data folders are on that same disk.
#
# Measures: 1 seeding (tests/bench/seed.py), 2 the list page (wrk vs nginx, fixed 1,000 req/s),
# 3 durable submissions vs raw SQLite commits, 4 exports, 5 cold start, 6 kill -9 crash safety.
# Exits non-zero if a measurement could not be made (never prints a made-up figure); a missed
# target is reported in the table, and makes the exit code 3 with LARGE_STRICT=1.
#
# Tunables (environment): LARGE_WRK_DURATION (10), LARGE_RATE (1000), LARGE_RATE_DURATION (10),
# LARGE_COLD_RUNS (10), LARGE_CRASH_ROUNDS (3), LARGE_PROPOSALS / LARGE_COMMENTS /
# LARGE_SUPPORTS (20000 / 100000 / 500000), LARGE_KEEP=1 keeps the temporary folder,
# LARGE_QUIET_LOAD=X waits (10 s steps, at most LARGE_QUIET_WAIT=60 times) for a 1-minute load
# average ≤ X before starting, LARGE_STRACE=0 skips the strace diagnostic.
#
# Not part of `cargo test`: nothing under tests/bench/ is a cargo test target.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
export PATH="$PATH:/usr/sbin"

for tool in nginx wrk python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "large.sh: $tool is required" >&2
        exit 2
    }
done

built_here=0
if [[ $# -ge 1 ]]; then
    bin="$1"
else
    built_here=1
    echo "large.sh: cargo build --release (this takes a few minutes)…" >&2
    (cd "$top" && cargo build --release >&2)
    target_dir="$(cd "$top" && cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    bin="$target_dir/release/palabre"
fi
if [[ ! -x "$bin" ]]; then
    echo "large.sh: $bin is not an executable" >&2
    exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# The load client of the durable submissions (tests/bench/submit.rs), compiled: a Python client
# would spend as much CPU per request as the server it measures.
echo "large.sh: cargo build --release --bench submit (the submission client)…" >&2
client="$(cd "$top" && cargo build --release --bench submit --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "submit" and m.get("executable"):
        print(m["executable"])')"
if [[ ! -x "$client" ]]; then
    echo "large.sh: could not build the submission client (cargo build --release --bench submit)" >&2
    exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/palabre-large.XXXXXX")"
pgids="$work/pgids"
: >"$pgids"
helper_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n "$helper_pid" ]] && kill -0 "$helper_pid" 2>/dev/null; then
        kill -TERM "$helper_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$helper_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$helper_pid" 2>/dev/null || true
    fi
    # Every server was started as the leader of its own process group, whose id the helper
    # wrote down before doing anything with it.
    local g
    while read -r g; do
        [[ "$g" =~ ^[0-9]+$ ]] || continue
        kill -KILL -- "-$g" 2>/dev/null || true
    done <"$pgids"
    if [[ "${LARGE_KEEP:-0}" == "1" ]]; then
        echo "large.sh: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
os_name="$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s)"
if [[ $built_here == 1 ]]; then
    rev="$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    [[ -n "$(git -C "$top" status --porcelain -- src Cargo.toml Cargo.lock build.rs assets locales 2>/dev/null)" ]] && rev="$rev + uncommitted changes"
    built="built by this script from commit $rev"
else
    built="given binary $bin, modified $(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC')"
fi
# Other work on the machine spoils every figure (CPU, and fsync latency for the durable
# submissions): optionally wait, bounded, until the 1-minute load average is at most X.
load1() { cut -d' ' -f1 /proc/loadavg; }
io10() { sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/io 2>/dev/null || echo "?"; }
quiet_max="${LARGE_QUIET_LOAD:-}"
if [[ -n "$quiet_max" ]]; then
    for _ in $(seq 1 "${LARGE_QUIET_WAIT:-60}"); do
        python3 -c "import sys; sys.exit(0 if float('$(load1)') <= float('$quiet_max') else 1)" && break
        echo "large.sh: load average $(load1) > $quiet_max, waiting…" >&2
        sleep 10
    done
fi
disk="$(df -P "$work" | awk 'NR==2 {print $1}')"
fstype="$(df -PT "$work" 2>/dev/null | awk 'NR==2 {print $2}')"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
io_start="$(io10)"

# The helper runs in the background so that the traps above fire while it works.
python3 "$here/large.py" \
    --bin "$bin" --client "$client" --workdir "$work" --pgid-file "$pgids" --raw "$work/raw.json" \
    --proposals "${LARGE_PROPOSALS:-20000}" --comments "${LARGE_COMMENTS:-100000}" \
    --supports "${LARGE_SUPPORTS:-500000}" \
    --wrk-duration "${LARGE_WRK_DURATION:-10}" --rate "${LARGE_RATE:-1000}" \
    --rate-duration "${LARGE_RATE_DURATION:-10}" --cold-runs "${LARGE_COLD_RUNS:-10}" \
    --crash-rounds "${LARGE_CRASH_ROUNDS:-3}" >"$work/table.md" &
helper_pid=$!
set +e
wait "$helper_pid"
status=$?
set -e
helper_pid=""
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
io_end="$(io10)"
if [[ $status -ne 0 && $status -ne 3 ]]; then
    echo "large.sh: a measurement could not be made (exit $status); no table." >&2
    exit 1
fi

echo "### Palabre benchmark — large database"
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) × ${cpu}, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, ${os_name}, Linux $(uname -r)"
echo "- Disk for data folders and the SQLite reference: ${disk} (${fstype:-?}), under ${TMPDIR:-/tmp}"
echo "- Load average (1, 5, 15 min) at start: ${load_start}; at end: ${load_end}; I/O pressure (some, avg10 %) at start: ${io_start}, at end: ${io_end} (other work on the machine skews every figure)"
echo "- palabre: $("$bin" --version 2>/dev/null | head -1), release build, ${built}"
echo "- References: $(nginx -v 2>&1 | sed 's/^nginx version: //') (worker_processes auto, static files), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}'), Python $(python3 -c 'import platform, sqlite3; print(platform.python_version(), "with SQLite", sqlite3.sqlite_version)'); all on the same machine as palabre"
echo
cat "$work/table.md"
exit "$status"
