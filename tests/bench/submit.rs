//! Load client for the durable-submission benchmark (`tests/bench/large.py`): posts prepared
//! proposal forms to a running palabre from `--concurrency` keep-alive connections and prints
//! one JSON line (count, seconds, rate, a few receipt addresses, errors).
//!
//! Why not Python: on a 2-core machine a Python client spends 200–300 µs of CPU per request,
//! as much as the server it measures, while the raw SQLite reference it is compared with has
//! no client at all. This one spends a few microseconds.
//!
//! The forms come from a file written by large.py after fetching each form page as a new
//! visitor: one line per form, `cookie header<TAB>urlencoded body`. As in large.py, each
//! connection comes from its own loopback address (127.0.0.2, 127.0.0.3, ...) and moves to the
//! next one after `--per-address` posts, staying under palabre's per-address hourly limit:
//! nothing in palabre is bypassed.
//!
//! Build: `cargo build --release --bench submit` (large.sh does it). Run:
//! `submit --port P --forms FILE --concurrency C --per-address N --first-address K`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};

struct Args {
    port: u16,
    forms: String,
    concurrency: usize,
    per_address: usize,
    first_address: usize,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        port: 0,
        forms: String::new(),
        concurrency: 1,
        per_address: 140,
        first_address: 2,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = argv
            .get(i + 1)
            .ok_or_else(|| format!("{} needs a value", argv[i]))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|e| format!("{} {value}: {e}", argv[i]))
        };
        match argv[i].as_str() {
            "--port" => a.port = value.parse().map_err(|e| format!("--port {value}: {e}"))?,
            "--forms" => a.forms = value.clone(),
            "--concurrency" => a.concurrency = number()?,
            "--per-address" => a.per_address = number()?,
            "--first-address" => a.first_address = number()?,
            // `cargo bench` passes --bench: ignore it and its absent value.
            "--bench" => {
                i += 1;
                continue;
            }
            other => return Err(format!("unknown argument {other}")),
        }
        i += 2;
    }
    if a.port == 0 || a.forms.is_empty() || a.concurrency == 0 || a.per_address == 0 {
        return Err(
            "usage: submit --port P --forms FILE --concurrency C [--per-address N] \
                    [--first-address K]"
                .into(),
        );
    }
    Ok(a)
}

/// The n-th loopback source address, counted as large.py's AddressPool counts them.
fn address(n: usize) -> Result<Ipv4Addr, String> {
    if n > 250 * 250 {
        return Err("out of loopback source addresses".into());
    }
    Ok(Ipv4Addr::new(127, 0, (n / 250) as u8, (n % 250 + 2) as u8))
}

fn connect(port: u16, from: Ipv4Addr) -> Result<TcpStream, String> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| format!("socket: {e}"))?;
    s.bind(&SocketAddr::V4(SocketAddrV4::new(from, 0)).into())
        .map_err(|e| format!("bind {from}: {e}"))?;
    s.connect(&SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port)).into())
        .map_err(|e| format!("connect from {from}: {e}"))?;
    let stream: TcpStream = s.into();
    stream
        .set_nodelay(true)
        .map_err(|e| format!("nodelay: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| format!("timeout: {e}"))?;
    Ok(stream)
}

/// One HTTP/1.1 response: status, Location, whether the server closes the connection.
fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(u16, String, bool), String> {
    buf.clear();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = stream.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("connection closed before the response".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let (mut location, mut length, mut close) = (String::new(), 0usize, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "location" => location = value.to_string(),
            "content-length" => length = value.parse().map_err(|_| "bad content-length")?,
            "connection" => close = value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    while buf.len() < head_end + length {
        let n = stream
            .read(&mut chunk)
            .map_err(|e| format!("read body: {e}"))?;
        if n == 0 {
            return Err("connection closed inside the body".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((status, location, close))
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    if let Err(e) = run() {
        eprintln!("submit: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let text = std::fs::read_to_string(&a.forms).map_err(|e| format!("{}: {e}", a.forms))?;
    let requests: Vec<Vec<u8>> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (cookie, body) = line.split_once('\t').unwrap_or(("", line));
            format!(
                "POST /propositions/nouvelle HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
                 Origin: http://127.0.0.1:{port}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n\
                 Content-Length: {len}\r\n\r\n{body}",
                port = a.port,
                len = body.len()
            )
            .into_bytes()
        })
        .collect();
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let addresses = Arc::new(AtomicUsize::new(a.first_address));
    let locations = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..a.concurrency)
        .map(|_| {
            let (requests, next, addresses) = (requests.clone(), next.clone(), addresses.clone());
            let (locations, errors) = (locations.clone(), errors.clone());
            let (port, per_address) = (a.port, a.per_address);
            std::thread::spawn(move || {
                let mut conn: Option<TcpStream> = None;
                let mut used = 0;
                let mut buf = Vec::with_capacity(8192);
                let mut mine = Vec::new();
                let outcome = (|| -> Result<(), String> {
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(request) = requests.get(i) else {
                            return Ok(());
                        };
                        if conn.is_none() || used >= per_address {
                            let from = address(addresses.fetch_add(1, Ordering::SeqCst))?;
                            conn = Some(connect(port, from)?);
                            used = 0;
                        }
                        used += 1;
                        let stream = conn.as_mut().ok_or("no connection")?;
                        stream
                            .write_all(request)
                            .map_err(|e| format!("write: {e}"))?;
                        let (status, location, close) = read_response(stream, &mut buf)?;
                        if status != 303 || !location.starts_with("/suivi/") {
                            let body = String::from_utf8_lossy(&buf);
                            let cut: String = body.chars().take(300).collect();
                            return Err(format!("{status} {location} {cut}"));
                        }
                        mine.push(location);
                        if close {
                            conn = None;
                        }
                    }
                })();
                if let Err(e) = outcome
                    && let Ok(mut errs) = errors.lock()
                {
                    errs.push(e);
                }
                if let Ok(mut all) = locations.lock() {
                    all.extend(mine);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().map_err(|_| "a worker panicked")?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let locations = locations.lock().map_err(|_| "lock")?;
    let errors = errors.lock().map_err(|_| "lock")?;
    let firsts: Vec<String> = locations.iter().take(3).map(|l| json_string(l)).collect();
    let errs: Vec<String> = errors.iter().take(3).map(|e| json_string(e)).collect();
    println!(
        "{{\"n\": {}, \"ok\": {}, \"seconds\": {elapsed:.6}, \"rate\": {:.3}, \
         \"addresses_next\": {}, \"locations\": [{}], \"errors\": [{}]}}",
        requests.len(),
        locations.len(),
        locations.len() as f64 / elapsed,
        addresses.load(Ordering::SeqCst),
        firsts.join(", "),
        errs.join(", ")
    );
    Ok(())
}
