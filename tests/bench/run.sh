#!/usr/bin/env bash
# Palabre benchmark: cold start, idle memory, throughput and executable size, each compared
# with nginx measured in the same run on the same machine. Prints a Markdown table.
#
#   tests/bench/run.sh [PATH/TO/palabre]
#
# Without an argument, builds `cargo build --release` and uses the binary from the
# project's target directory. Needs nginx, wrk and python3 (Debian: apt-get install nginx wrk).
# Every server listens on 127.0.0.1 only and is stopped on exit, failure or Ctrl-C.
# Exits non-zero if any measurement could not be made; never prints a made-up figure.
#
# Environment:
#   BENCH_RUNS             cold starts per case (default 20, plus one discarded warm-up)
#   BENCH_WRK_THREADS, BENCH_WRK_CONNECTIONS, BENCH_WRK_DURATION   wrk load (2, 32, 10 s)
#   BENCH_QUIET_LOAD=X     first wait (10 s steps, at most BENCH_QUIET_WAIT=60 times) for the
#                          1-minute load average to drop to X; measures anyway afterwards
#   BENCH_KEEP=1           keep the temporary folder (server outputs, raw wrk outputs,
#                          smaps_rollup, every cold-start time)
#   PALABRE_TARGET_DIR     where else to look for x86_64-pc-windows-gnu/release/palabre.exe
#                          (first looked for beside the binary's target directory, then in
#                          $CARGO_TARGET_DIR; never built here)
#
# This is not part of `cargo test`: nothing under tests/bench/ is a cargo test target.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(git -C "$here" rev-parse --show-toplevel)"

for tool in nginx wrk python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || {
        echo "run.sh: $tool is required" >&2
        exit 2
    }
done
export PATH="$PATH:/usr/sbin"

built_here=0
if [[ $# -ge 1 ]]; then
    bin="$1"
else
    built_here=1
    echo "run.sh: cargo build --release (this takes a few minutes)…" >&2
    (cd "$top" && cargo build --release >&2)
    target_dir="$(cd "$top" && cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    bin="$target_dir/release/palabre"
fi
if [[ ! -x "$bin" ]]; then
    echo "run.sh: $bin is not an executable" >&2
    exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d "${TMPDIR:-/tmp}/palabre-bench.XXXXXX")"
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
    fi
    # Belt and braces: every server was started as the leader of its own process group,
    # whose id the helper wrote down before doing anything with it.
    local g
    while read -r g; do
        [[ "$g" =~ ^[0-9]+$ ]] || continue
        kill -KILL -- "-$g" 2>/dev/null || true
    done <"$pgids"
    if [[ "${BENCH_KEEP:-0}" == "1" ]]; then
        echo "run.sh: kept $work" >&2
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

# Other work on the machine spoils every figure: optionally wait (bounded) for a quiet moment.
load1() { cut -d' ' -f1 /proc/loadavg; }
quiet_max="${BENCH_QUIET_LOAD:-}"
if [[ -n "$quiet_max" ]]; then
    for _ in $(seq 1 "${BENCH_QUIET_WAIT:-60}"); do
        python3 -c "import sys; sys.exit(0 if float('$(load1)') <= float('$quiet_max') else 1)" && break
        echo "run.sh: load average $(load1) > $quiet_max, waiting…" >&2
        sleep 10
    done
fi
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# The helper runs in the background so that the traps above fire while it works.
python3 "$here/bench.py" \
    --bin "$bin" --workdir "$work" --pgid-file "$pgids" \
    --runs "${BENCH_RUNS:-20}" \
    --wrk-threads "${BENCH_WRK_THREADS:-2}" \
    --wrk-connections "${BENCH_WRK_CONNECTIONS:-32}" \
    --wrk-duration "${BENCH_WRK_DURATION:-10}" \
    --raw "$work/raw.txt" >"$work/table.md" &
helper_pid=$!
set +e
wait "$helper_pid"
status=$?
set -e
helper_pid=""
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $status -ne 0 ]]; then
    echo "run.sh: a measurement could not be made (exit $status); no table." >&2
    exit 1
fi

echo "### Palabre benchmark"
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) × ${cpu}, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, ${os_name}, Linux $(uname -r)"
echo "- Load average (1, 5, 15 min) at start: ${load_start}; at end: ${load_end} (other work on the machine skews every figure)"
echo "- palabre: $("$bin" --version 2>/dev/null | head -1), release build, ${built}"
echo "- Reference: $(nginx -v 2>&1 | sed 's/^nginx version: //'), worker_processes auto, static files; load by $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}') on the same machine"
echo
cat "$work/table.md"
