#!/usr/bin/env bash
# The public API against its own description, by schemathesis (property-based: it derives
# requests from /api/openapi.json, valid and invalid ones, and checks every answer against
# the description: status, content type, schema, 405 with Allow for other methods, …).
#
#   bash tests/schemathesis.sh        (from anywhere; exits non-zero on any failure)
#
# Installs schemathesis (pinned) into a virtual environment under the Cargo target folder
# when it is missing, starts the real `palabre` on a free loopback port with a throw-away
# data folder, completes the setup the way an administrator does (the console's one-time
# address), adds a few published proposals, runs every check with a fixed seed, and stops
# the server whatever happens. PALABRE_BIN=path/to/palabre tests that executable instead of
# a debug build.
set -euo pipefail

version=4.32.5
seed=20270401
max_examples=50

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
venv="$target_dir/schemathesis-venv"
st="$venv/bin/schemathesis"
start=$(date +%s)

fail() {
  echo "tests/schemathesis.sh: $*" >&2
  exit 1
}

# schemathesis, pinned, in its own venv ----------------------------------------------------
if [ "$("$st" --version 2>/dev/null || true)" != "schemathesis, version $version" ]; then
  echo "installing schemathesis $version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi
py="$venv/bin/python"

# the executable --------------------------------------------------------------------------
if [ -n "${PALABRE_BIN:-}" ]; then
  bin=$PALABRE_BIN
else
  cargo build --quiet --bin palabre
  bin="$target_dir/debug/palabre"
fi
[ -x "$bin" ] || fail "no executable at $bin"

# the server, stopped on exit -------------------------------------------------------------
work=$(mktemp -d)
pid=
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --no-browser --bind 127.0.0.1 --port "$port" --data-dir "$work/data" \
  >"$work/console.log" 2>&1 &
pid=$!

# The setup address stands alone on its line of the console (PRODUCT.md §4); it also tells
# the port really used (the next free one if another program took ours meanwhile).
setup=
for _ in $(seq 1 200); do
  setup=$(grep -m1 -E '^http://[^ ]+/installation/[^ ]+$' "$work/console.log" || true)
  [ -n "$setup" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/console.log" >&2; fail "palabre stopped before printing its setup address"; }
  sleep 0.1
done
[ -n "$setup" ] || { cat "$work/console.log" >&2; fail "no setup address in the console within 20 s"; }
setup=${setup/localhost/127.0.0.1}
base=${setup%%/installation/*}

# Setup as the administrator does it: the form, its CSRF token and cookie, one POST.
jar="$work/cookies"
page=$(curl -fsS --retry 20 --retry-connrefused --retry-delay 0 -c "$jar" "$setup")
token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n1)
[ -n "$token" ] || fail "no csrf_token in the setup page"
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -H "Origin: $base" \
  --data-urlencode "site_name=Consultation PAN (schemathesis)" \
  --data-urlencode "organisation=Ministère" \
  --data-urlencode "login=admin" \
  --data-urlencode "password=Baobab-Tiassale-42" \
  --data-urlencode "password_confirm=Baobab-Tiassale-42" \
  --data-urlencode "language=fr" \
  --data-urlencode "csrf_token=$token" \
  "$setup")
[ "$code" = 303 ] || fail "setup answered $code, expected 303"

# A few proposals in the consultation the setup created, as moderation leaves them: four
# published (answered, merged, with history), one waiting that the API must never show.
"$py" - "$work/data/palabre.sqlite3" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
c = db.execute("SELECT min(id) FROM consultations").fetchone()[0]
rows = [
    # ref, title, status, moderation, answer, merged_into ref, supports
    (1, "Publier les budgets des communes", "retenue", "approved", "Retenue : budget 2027.", None, 12),
    (2, "Électricité des centres de santé", "en-analyse", "approved", "", None, 3),
    (3, "Budgets communaux en ligne", "fusionnee", "approved", "Fusionnée avec P-0001.", 1, 0),
    (4, "Registre des marchés publics", "recue", "approved", "", None, 0),
    (5, "En attente de modération", "recue", "pending", "", None, 0),
]
with db:
    for ref, title, status, moderation, answer, merged, supports in rows:
        db.execute(
            "INSERT INTO proposals(uid, instance_id, ref_number, consultation_id, title, problem,"
            " solution, theme, zone, contributor_type, ogp_values, author_name, contact,"
            " consent_contact, language, follow_token_hash, moderation, status, answer,"
            " merged_into, support_count, created_at)"
            " VALUES (?, 'seed', ?, ?, ?, 'Le problème.', 'La solution.', 'sante', 'gbeke',"
            " 'citoyen', 'transparence', 'Awa Koné', 'awa@example.ci', 1, 'fr', ?, ?, ?, ?,"
            " (SELECT id FROM proposals WHERE ref_number = ?), ?, 1700000000 + ?)",
            (f"seed-{ref}", ref, c, title, bytes([ref]), moderation, status, answer, merged,
             supports, ref),
        )
        if status != "recue":
            db.execute(
                "INSERT INTO audit_log(at, proposal_id, action, from_value, to_value, role,"
                " account_login) SELECT 1700000100 + ?, id, 'status', 'recue', ?, 'moderator',"
                " 'admin' FROM proposals WHERE ref_number = ?",
                (ref, status, ref),
            )
EOF
curl -fsS "$base/api/v1/proposals/P-0001" >/dev/null || fail "the seeded P-0001 is not in the API"

# the run ---------------------------------------------------------------------------------
# From the scratch folder, so that nothing is left in the repository; no example database,
# so that every run with this seed does the same thing.
echo "schemathesis $version against $base/api/openapi.json (seed $seed, at most $max_examples examples per operation)"
rc=0
(cd "$work" && "$st" run "$base/api/openapi.json" \
  --checks all \
  --seed "$seed" \
  --max-examples "$max_examples" \
  --workers 1 \
  --generation-database none \
  --request-timeout 10 \
  --no-color) || rc=$?
if ! kill -0 "$pid" 2>/dev/null; then
  cat "$work/console.log" >&2
  fail "palabre stopped during the run"
fi
echo "tests/schemathesis.sh: exit $rc in $(($(date +%s) - start))s"
exit "$rc"
