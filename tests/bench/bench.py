#!/usr/bin/env python3
"""Palabre benchmark helper (called by run.sh): cold start, idle memory, throughput and
executable size of palabre, each against nginx measured in the same run on the same machine.

Prints a Markdown table on stdout; progress and diagnostics go to stderr. Exits non-zero as
soon as one measurement cannot be made: no number is ever invented or carried over.

Every server is started in its own process group, whose id is appended to PGID_FILE before
anything else happens, so that run.sh's trap can stop it even if this script is killed.
"""

import argparse
import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from procs import free_port, process_tree  # beside this script

PASSWORD = "Baobab-Tiassale-42"
START_TIMEOUT_S = 15.0  # a start slower than this is a failure, not a figure
STOP_TIMEOUT_S = 10.0
MB = 1_000_000  # all sizes are reported in decimal megabytes (10^6 bytes)


class BenchError(Exception):
    """A measurement could not be made."""


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Processes


class Server:
    """A server process started in its own process group (so workers die with it)."""

    def __init__(self, name, argv, workdir, pgid_file, cwd=None):
        self.name = name
        self.out_path = os.path.join(workdir, f"{name}.out")
        self.out = open(self.out_path, "ab")
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=cwd,
        )
        self.pid = self.proc.pid
        with open(pgid_file, "a") as f:
            f.write(f"{self.pid}\n")

    def alive(self):
        return self.proc.poll() is None

    def output(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM to the group, SIGKILL if the leader lingers, then SIGKILL what is left."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                log(f"{self.name} (pid {self.pid}) ignored SIGTERM, sending SIGKILL")
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=STOP_TIMEOUT_S)
        # The leader is reaped; leftovers of its group (nginx workers) must not outlive it.
        for _ in range(250):
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        self.out.close()


def status_fields(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return fields


def kb_field(fields, name):
    v = fields.get(name)
    if v is None or not v.endswith("kB"):
        raise BenchError(f"no {name} in /proc status")
    return int(v.split()[0]) * 1024


def tree_mem(pid):
    """Bytes: RSS and PSS summed over the process and its children (nginx workers)."""
    rss = pss = 0
    pids = process_tree(pid)
    for p in pids:
        try:
            rss += kb_field(status_fields(p), "VmRSS")
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except FileNotFoundError as e:
            raise BenchError(f"process {p} vanished while measuring memory") from e
    return rss, pss, len(pids)


def tree_hwm(pid):
    return sum(kb_field(status_fields(p), "VmHWM") for p in process_tree(pid))


# --------------------------------------------------------------------------------------------
# HTTP


def raw_get_status(port, path, timeout):
    """One GET on a fresh connection; returns the status code, or None if not answerable yet."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(max(timeout, 0.05))
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n" not in data and len(data) < 4096:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else None
    except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, socket.timeout):
        return None
    finally:
        s.close()


def wait_healthy(server, port, path="/healthz"):
    """Polls as tightly as possible (1 ms sleeps) until 200; returns seconds since spawn."""
    deadline = server.t_spawn + START_TIMEOUT_S
    for _ in range(int(START_TIMEOUT_S * 1000) + 1):  # bounded: ~1 ms per attempt at least
        now = time.perf_counter()
        if now > deadline:
            break
        if not server.alive():
            raise BenchError(
                f"{server.name} exited with code {server.proc.returncode} before answering:\n"
                + server.output()[-2000:]
            )
        if raw_get_status(port, path, deadline - now) == 200:
            return time.perf_counter() - server.t_spawn
        time.sleep(0.001)
    raise BenchError(f"{server.name} did not answer 200 on {path} within {START_TIMEOUT_S} s")


def http_request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        h = {"Host": f"127.0.0.1:{port}"}
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


def hammer(port, path, total, connections):
    """`total` keep-alive GETs spread over `connections` threads; all must be 200."""
    errors = []
    per = total // connections

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for _ in range(per):
                conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors.append(r.status)
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except Exception as e:  # noqa: BLE001 - reported below as a failed measurement
            errors.append(repr(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    if any(t.is_alive() for t in threads) or errors:
        raise BenchError(f"{total} requests to {path} failed: {errors[:5]}")
    return per * connections


# --------------------------------------------------------------------------------------------
# The two servers


class Bench:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.work = args.workdir
        self.pgid_file = args.pgid_file
        self.runs = args.runs
        self.wrk_threads = args.wrk_threads
        self.wrk_conns = args.wrk_connections
        self.wrk_duration = args.wrk_duration
        self.www = os.path.join(self.work, "www")
        os.makedirs(self.www, exist_ok=True)
        # nginx workers run as `nobody` when the master is root: let them read the files.
        os.chmod(self.work, 0o755)
        os.chmod(self.www, 0o755)
        self.serial = 0

    def next_name(self, prefix):
        self.serial += 1
        return f"{prefix}-{self.serial:03d}"

    # palabre -------------------------------------------------------------------------------

    def start_palabre(self, data_dir, port):
        argv = [
            self.bin, "serve", "--port", str(port), "--bind", "127.0.0.1",
            "--data-dir", data_dir, "--no-browser",
        ]
        return Server(self.next_name("palabre"), argv, self.work, self.pgid_file)

    def setup_site(self):
        """A data folder that has been through first-run setup, and the home page's HTML."""
        data_dir = os.path.join(self.work, "palabre-existing")
        port = free_port()
        srv = self.start_palabre(data_dir, port)
        try:
            wait_healthy(srv, port)
            url = None
            for _ in range(500):  # the banner is printed before the server answers; be patient
                m = re.search(r"^http://[^/\s]+:(\d+)(/installation/\S+)$", srv.output(), re.M)
                if m:
                    url = m
                    break
                time.sleep(0.01)
            if not url:
                raise BenchError("no setup URL on palabre's stdout:\n" + srv.output()[-2000:])
            if int(url.group(1)) != port:
                raise BenchError(f"palabre announced port {url.group(1)}, asked for {port}")
            path = url.group(2)
            status, headers, body = http_request(port, "GET", path)
            if status != 200:
                raise BenchError(f"GET {path} -> {status}")
            cookies = []
            for k, v in headers:
                if k.lower() == "set-cookie":
                    cookies.append(v.split(";", 1)[0])
            if not any(c.startswith("palabre_csrf=") for c in cookies):
                raise BenchError("setup page set no palabre_csrf cookie")
            m = re.search(r'name="csrf_token" value="([^"]+)"', body.decode("utf-8", "replace"))
            if not m:
                raise BenchError("no csrf_token in the setup page")
            from urllib.parse import urlencode

            form = urlencode({
                "site_name": "Banc d'essai",
                "organisation": "Mairie de Tiassalé",
                "login": "admin",
                "password": PASSWORD,
                "password_confirm": PASSWORD,
                "language": "fr",
                "csrf_token": m.group(1),
            })
            status, headers, body = http_request(port, "POST", path, body=form, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
                "Cookie": "; ".join(cookies),
            })
            location = dict((k.lower(), v) for k, v in headers).get("location", "")
            if status != 303 or location != "/admin?bienvenue=1":
                raise BenchError(f"setup POST -> {status} {location!r}: {body[:500]!r}")
            status, _, home = http_request(port, "GET", "/")
            status2, _, home2 = http_request(port, "GET", "/")
            if status != 200 or status2 != 200:
                raise BenchError(f"GET / after setup -> {status}")
            if b"Banc d" not in home:
                raise BenchError("home page after setup does not show the site")
            if len(home) != len(home2):
                log("note: the home page's size differs between two requests")
        finally:
            srv.stop()
        with open(os.path.join(self.www, "index.html"), "wb") as f:
            f.write(home)
        with open(os.path.join(self.www, "healthz"), "wb") as f:
            f.write(b"ok")
        for name in ("index.html", "healthz"):
            os.chmod(os.path.join(self.www, name), 0o644)
        self.home_bytes = len(home)
        return data_dir

    # nginx ---------------------------------------------------------------------------------

    def start_nginx(self, port):
        name = self.next_name("nginx")
        d = os.path.join(self.work, name)
        os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    types {{ text/html html; }}
    default_type text/plain;
    server {{
        listen 127.0.0.1:{port};
        root {self.www};
        index index.html;
    }}
}}
""")
        argv = [self.nginx, "-p", d, "-e", f"{d}/error.log", "-c", conf, "-g", "daemon off;"]
        srv = Server(name, argv, self.work, self.pgid_file)
        return srv

    # measurements --------------------------------------------------------------------------

    def cold_starts(self, label, start):
        """`runs` cold starts (plus one discarded warm-up) -> list of seconds."""
        times = []
        for i in range(self.runs + 1):
            port = free_port()
            srv = start(i, port)
            try:
                t = wait_healthy(srv, port)
            finally:
                srv.stop()
            if i > 0:
                times.append(t)
        log(f"cold start {label}: median {statistics.median(times)*1000:.1f} ms, "
            f"max {max(times)*1000:.1f} ms over {len(times)} runs")
        return times

    def memory_and_load(self, label, srv, port, path):
        res = {}
        wait_healthy(srv, port)
        time.sleep(max(0.0, 2.0 - (time.perf_counter() - srv.t_spawn)))
        res["idle_start"] = tree_mem(srv.pid)
        res["threads"] = int(status_fields(srv.pid).get("Threads", "0"))
        hammer(port, path, 1000, 4)
        time.sleep(2.0)
        res["idle_after"] = tree_mem(srv.pid)
        res["status_after"] = status_fields(srv.pid)
        # Reset the peak-RSS marks so that VmHWM measures the load only.
        hwm_reset = True
        for p in process_tree(srv.pid):
            try:
                with open(f"/proc/{p}/clear_refs", "w") as f:
                    f.write("5")
            except OSError:
                hwm_reset = False
        res["hwm_reset"] = hwm_reset
        self.wrk(port, path, "2s")  # warm-up, discarded
        samples = []
        stop = threading.Event()

        def sampler():
            for _ in range(100_000):
                if stop.is_set():
                    break
                try:
                    samples.append(tree_mem(srv.pid)[0])
                except BenchError:
                    pass
                time.sleep(0.02)

        th = threading.Thread(target=sampler)
        th.start()
        try:
            res["wrk"] = self.wrk(port, path, f"{self.wrk_duration}s")
        finally:
            stop.set()
            th.join(timeout=10)
        res["peak_sampled"] = max(samples) if samples else None
        res["peak_hwm"] = tree_hwm(srv.pid)
        res["after_load"] = tree_mem(srv.pid)
        log(f"{label}: idle {res['idle_start'][0]/MB:.1f} MB, after 1000 req "
            f"{res['idle_after'][0]/MB:.1f} MB, {res['wrk']['rps']:.0f} req/s, "
            f"p99 {res['wrk']['p99_ms']:.2f} ms, peak {res['peak_hwm']/MB:.1f} MB")
        return res

    def wrk(self, port, path, duration):
        argv = [self.wrk_bin, f"-t{self.wrk_threads}", f"-c{self.wrk_conns}", f"-d{duration}",
                "--latency", f"http://127.0.0.1:{port}{path}"]
        p = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        out = p.stdout
        if p.returncode != 0:
            raise BenchError(f"wrk failed ({p.returncode}): {p.stderr}{out}")
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        total = re.search(r"(\d+) requests in", out)
        if not (m and p99 and total):
            raise BenchError("could not read wrk's output:\n" + out)
        if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
            raise BenchError("wrk saw errors:\n" + out)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
        return {"rps": float(m.group(1)), "p99_ms": float(p99.group(1)) * scale,
                "requests": int(total.group(1)), "raw": out}

    def run(self):
        self.nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.wrk_bin = shutil.which("wrk")
        if not os.access(self.nginx, os.X_OK) or not self.wrk_bin:
            raise BenchError("nginx and wrk are both needed")
        if not os.access(self.bin, os.X_OK):
            raise BenchError(f"{self.bin} is not an executable")

        log("first-run setup of a data folder")
        existing = self.setup_site()
        log(f"home page: {self.home_bytes} bytes")

        r = {}
        fresh_root = os.path.join(self.work, "fresh")
        os.makedirs(fresh_root)
        r["cold_fresh"] = self.cold_starts(
            "palabre, fresh data folder",
            lambda i, port: self.start_palabre(os.path.join(fresh_root, f"run-{i:02d}"), port))
        r["cold_existing"] = self.cold_starts(
            "palabre, existing data folder",
            lambda i, port: self.start_palabre(existing, port))
        r["cold_nginx"] = self.cold_starts("nginx", lambda i, port: self.start_nginx(port))

        port = free_port()
        srv = self.start_palabre(existing, port)
        try:
            r["pal"] = self.memory_and_load("palabre", srv, port, "/")
            r["pal_smaps"] = open(f"/proc/{srv.pid}/smaps_rollup").read()
        finally:
            srv.stop()
        port = free_port()
        srv = self.start_nginx(port)
        try:
            r["ngx"] = self.memory_and_load("nginx", srv, port, "/index.html")
        finally:
            srv.stop()

        r["size_linux"] = os.path.getsize(self.bin)
        r["size_windows"] = None
        for cand in self.windows_candidates():
            if os.path.isfile(cand):
                r["size_windows"] = (cand, os.path.getsize(cand))
                break
        r["size_nginx"] = os.path.getsize(os.path.realpath(self.nginx))
        return r

    def windows_candidates(self):
        rel = os.path.join("x86_64-pc-windows-gnu", "release", "palabre.exe")
        out = []
        bin_dir = os.path.dirname(self.bin)
        if os.path.basename(bin_dir) == "release":
            out.append(os.path.join(os.path.dirname(bin_dir), rel))
        for d in (os.environ.get("PALABRE_TARGET_DIR"), os.environ.get("CARGO_TARGET_DIR")):
            if d:
                out.append(os.path.join(d, rel))
        return out


# --------------------------------------------------------------------------------------------
# Report


def ms(s):
    return f"{s * 1000:.0f} ms" if s >= 0.0995 else f"{s * 1000:.1f} ms"


def mb(b):
    return f"{b / MB:.1f} MB"


def ratio(a, b):
    return f"{a / b:.1f}×" if a / b >= 1.95 else f"{a / b:.2f}×"


def verdict(ok):
    return "✅" if ok else "❌"


def table(r, args):
    rows = []
    n = len(r["cold_nginx"])
    ngx_med, ngx_max = statistics.median(r["cold_nginx"]), max(r["cold_nginx"])
    for key, label in (("cold_fresh", "fresh data folder (creates the database)"),
                       ("cold_existing", "existing data folder (already set up)")):
        t = r[key]
        med, mx = statistics.median(t), max(t)
        rows.append((f"Cold start to first `200` on /healthz, {label} — median (max) of {n}",
                     f"{ms(med)} ({ms(mx)})", f"{ms(ngx_med)} ({ms(ngx_max)})",
                     f"{ratio(med, ngx_med)}", "≤ 300 ms", verdict(mx <= 0.300)))
    pal, ngx = r["pal"], r["ngx"]
    for key, label in (("idle_start", "Idle RSS 2 s after start"),
                       ("idle_after", "Idle RSS after 1000 requests of / + 2 s idle")):
        a, b = pal[key], ngx[key]
        rows.append((f"{label} (PSS in brackets)", f"{mb(a[0])} ({mb(a[1])})",
                     f"{mb(b[0])} ({mb(b[1])}), {b[2]} processes", ratio(a[0], b[0]),
                     "≤ 20 MB", verdict(a[0] <= 20 * MB)))
    wrk_label = f"`wrk -t{args.wrk_threads} -c{args.wrk_connections} -d{args.wrk_duration}s`"
    rows.append((f"Throughput of the home page `/` ({r['home_bytes']} bytes of HTML), {wrk_label}",
                 f"{pal['wrk']['rps']:,.0f} req/s", f"{ngx['wrk']['rps']:,.0f} req/s",
                 ratio(pal["wrk"]["rps"], ngx["wrk"]["rps"]), "—", ""))
    rows.append(("p99 latency under that load", f"{pal['wrk']['p99_ms']:.2f} ms",
                 f"{ngx['wrk']['p99_ms']:.2f} ms",
                 ratio(pal["wrk"]["p99_ms"], ngx["wrk"]["p99_ms"]), "—", ""))
    rows.append(("Peak RSS under that load (VmHWM" + ("" if pal["hwm_reset"] else
                 ", since start") + ")", mb(pal["peak_hwm"]),
                 f"{mb(ngx['peak_hwm'])} (sum of processes)",
                 ratio(pal["peak_hwm"], ngx["peak_hwm"]), "≤ 80 MB",
                 verdict(pal["peak_hwm"] <= 80 * MB)))
    rows.append(("Executable, Linux x86_64 (static except libc; nginx: dynamically linked)",
                 f"{mb(r['size_linux'])} ({r['size_linux']:,} bytes)",
                 f"{mb(r['size_nginx'])} + shared libraries",
                 ratio(r["size_linux"], r["size_nginx"]), "≤ 25 MB",
                 verdict(r["size_linux"] <= 25 * MB)))
    if r["size_windows"]:
        _, size = r["size_windows"]
        rows.append(("Executable, Windows x86_64 (`x86_64-pc-windows-gnu`)",
                     f"{mb(size)} ({size:,} bytes)", "—", "—", "≤ 25 MB",
                     verdict(size <= 25 * MB)))
    else:
        rows.append(("Executable, Windows x86_64", "not built, not measured", "—", "—",
                     "≤ 25 MB", ""))

    out = ["| Measure | palabre | nginx (reference) | palabre / nginx | Target | |",
           "|---|---|---|---|---|---|"]
    for row in rows:
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--pgid-file", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--wrk-connections", type=int, default=32)
    ap.add_argument("--wrk-duration", type=int, default=10)
    ap.add_argument("--raw", help="file to write wrk outputs and smaps_rollup to")
    args = ap.parse_args()

    # SIGTERM/SIGHUP from run.sh become an exception, so `finally` stops the servers.
    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    bench = Bench(args)
    try:
        r = bench.run()
    except BenchError as e:
        log(f"MEASUREMENT FAILED: {e}")
        return 1
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); servers stopped")
        return 130
    r["home_bytes"] = bench.home_bytes
    if args.raw:
        with open(args.raw, "w") as f:
            f.write("== palabre wrk ==\n" + r["pal"]["wrk"]["raw"])
            f.write("\n== nginx wrk ==\n" + r["ngx"]["wrk"]["raw"])
            f.write("\n== palabre /proc/PID/smaps_rollup after load ==\n" + r["pal_smaps"])
            st = r["pal"]["status_after"]
            f.write("\n== palabre /proc/PID/status after 1000 requests (memory lines) ==\n")
            for k in ("VmPeak", "VmSize", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem",
                      "Threads"):
                f.write(f"{k}: {st.get(k)}\n")
            f.write("\n== cold start runs (ms) ==\n")
            for k in ("cold_fresh", "cold_existing", "cold_nginx"):
                f.write(f"{k}: " + " ".join(f"{t*1000:.1f}" for t in r[k]) + "\n")
    print(table(r, args))
    print()
    print(f"palabre threads at idle: {r['pal']['threads']}; "
          f"nginx processes: {r['ngx']['idle_start'][2]}.  "
          "MB = 10⁶ bytes. RSS = VmRSS summed over the process tree (nginx: master + workers), "
          "PSS from /proc/PID/smaps_rollup. Cold start: from spawn to the first 200 answer, "
          "polling with fresh connections every ~1 ms, one warm-up run discarded; the target "
          "is checked on the max. Throughput: wrk sends no Accept-Encoding, so neither server "
          "compresses; nginx writes its access log, palabre logs no requests. "
          "Ratios are palabre / nginx (lower is better except req/s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
