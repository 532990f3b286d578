#!/usr/bin/env bash
# Palabre mixed read/write benchmark (issue 18, "Fast under writes, on every public page") on a
# large database: 20,000 proposals, 100,000 comments, 500,000 supports (tests/bench/seed.py).
# Every public page against nginx serving the same bytes; the list and a proposal page while
# 40 supports/s, then 5 proposals/s, arrive from distinct addresses (wrk, and p99 at a fixed
# 1,000 req/s); how soon a support is visible to others. Prints machine information and a
# Markdown table.
#
#   tests/bench/mixed.sh [PATH/TO/palabre]
#
# Without an argument, runs `cargo build --release` (honours CARGO_TARGET_DIR) and uses that
# binary. Needs nginx, wrk and python3 (Debian: apt-get install nginx wrk python3). Every server
# listens on 127.0.0.1 only and is stopped on exit, failure or Ctrl-C. Takes about 6 minutes
# after the build at the full size (3 with MIXED_WRK_DURATION=2 and a small database), and
# ~200 MB of temporary disk (TMPDIR).
#
# Exits non-zero if a measurement could not be made (never prints a made-up figure); a missed
# target is reported in the table, and makes the exit code 3 with MIXED_STRICT=1.
#
# Tunables (environment): MIXED_PROPOSALS / MIXED_COMMENTS / MIXED_SUPPORTS (20000 / 100000 /
# 500000), MIXED_WRK_DURATION (8), MIXED_RATE (1000), MIXED_RATE_DURATION (10),
# MIXED_SUPPORT_RATE (40), MIXED_PROPOSAL_RATE (5), MIXED_REFS (200 proposals the supports are
# spread over), MIXED_KEEP=1 keeps the temporary folder, MIXED_QUIET_LOAD=X waits (10 s steps,
# at most MIXED_QUIET_WAIT=60 times) for a 1-minute load average ≤ X before starting.
#
# Not part of `cargo test`: nothing under tests/bench/ is a cargo test target.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
export PATH="$PATH:/usr/sbin"

for tool in nginx wrk python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "mixed.sh: $tool is required" >&2
        exit 2
    }
done

built_here=0
if [[ $# -ge 1 ]]; then
    bin="$1"
else
    built_here=1
    echo "mixed.sh: cargo build --release (this takes a few minutes)…" >&2
    (cd "$top" && cargo build --release >&2)
    target_dir="$(cd "$top" && cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    bin="$target_dir/release/palabre"
fi
if [[ ! -x "$bin" ]]; then
    echo "mixed.sh: $bin is not an executable" >&2
    exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d "${TMPDIR:-/tmp}/palabre-mixed.XXXXXX")"
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
    # Every server and writer was started as the leader of its own process group, whose id the
    # helper wrote down before doing anything with it.
    local g
    while read -r g; do
        [[ "$g" =~ ^[0-9]+$ ]] || continue
        kill -KILL -- "-$g" 2>/dev/null || true
    done <"$pgids"
    if [[ "${MIXED_KEEP:-0}" == "1" ]]; then
        echo "mixed.sh: kept $work" >&2
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
    built="given binary $bin, modified $(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC'), sha256 $(sha256sum "$bin" | cut -c1-12)"
fi
# Other work on the machine spoils every figure: optionally wait, bounded, until the 1-minute
# load average is at most X.
load1() { cut -d' ' -f1 /proc/loadavg; }
quiet_max="${MIXED_QUIET_LOAD:-}"
if [[ -n "$quiet_max" ]]; then
    for _ in $(seq 1 "${MIXED_QUIET_WAIT:-60}"); do
        python3 -c "import sys; sys.exit(0 if float('$(load1)') <= float('$quiet_max') else 1)" && break
        echo "mixed.sh: load average $(load1) > $quiet_max, waiting…" >&2
        sleep 10
    done
fi
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
t_start=$SECONDS

# The helper runs in the background so that the traps above fire while it works.
python3 "$here/mixed.py" \
    --bin "$bin" --workdir "$work" --pgid-file "$pgids" --raw "$work/raw.json" \
    --proposals "${MIXED_PROPOSALS:-20000}" --comments "${MIXED_COMMENTS:-100000}" \
    --supports "${MIXED_SUPPORTS:-500000}" \
    --wrk-duration "${MIXED_WRK_DURATION:-8}" --rate "${MIXED_RATE:-1000}" \
    --rate-duration "${MIXED_RATE_DURATION:-10}" --support-rate "${MIXED_SUPPORT_RATE:-40}" \
    --proposal-rate "${MIXED_PROPOSAL_RATE:-5}" --refs "${MIXED_REFS:-200}" >"$work/table.md" &
helper_pid=$!
set +e
wait "$helper_pid"
status=$?
set -e
helper_pid=""
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $status -ne 0 && $status -ne 3 ]]; then
    echo "mixed.sh: a measurement could not be made (exit $status); no table." >&2
    exit 1
fi

echo "### Palabre benchmark — mixed reads and writes, large database"
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); the run took $((SECONDS - t_start)) s"
echo "- Machine: $(nproc) × ${cpu}, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, ${os_name}, Linux $(uname -r)"
echo "- Load average (1, 5, 15 min) at start: ${load_start}; at end: ${load_end} (other work on the machine skews every figure; the load generators share the machine too)"
echo "- palabre: $("$bin" --version 2>/dev/null | head -1), release build, ${built}"
echo "- References: $(nginx -v 2>&1 | sed 's/^nginx version: //') (worker_processes 1, static files), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}'), Python $(python3 -c 'import platform; print(platform.python_version())'); all on the same machine as palabre"
echo
cat "$work/table.md"
exit "$status"
