//! Resources under strain: memory with large and stalled transfers, slow request bodies, a full disk.

use super::*;

/// Resident memory of a process, in MB, from /proc.
fn rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap()
        / 1024
}

/// The most memory the process has held since it started.
fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap()
        / 1024
}

/// A 100 MB document (the largest the settings allow is 200 MB) goes in and out without the
/// server ever holding it in memory: the upload is spooled to disk and copied into the
/// database piece by piece, the download read piece by piece.
#[test]
fn a_hundred_megabyte_document_goes_in_and_out_in_bounded_memory() {
    let t = tempdir();
    let port = common::free_port();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let http = common::set_up(&mut s, "Bibliothèque");
    // The upload limit raised to 120 MB (what the settings page writes).
    s.stop();
    let db = rusqlite::Connection::open(data_dir(&t).join("palabre.sqlite3")).unwrap();
    db.execute(
        "INSERT INTO settings(key, value) VALUES ('upload_max_mb', '120') \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [],
    )
    .unwrap();
    drop(db);
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let pid = s.child.id();
    let idle = rss_mb(pid);
    let pdf = filler_pdf(100_000_000);
    let page = http
        .get(format!("{}/admin/documents", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let form = reqwest::blocking::multipart::Form::new()
        .text("title", "Enquête nationale (annexes)")
        .text("category", "plans-action")
        .text("doc_date", "2025-03-01")
        .text("language", "fr")
        .text("summary", "")
        .part(
            "file",
            reqwest::blocking::multipart::Part::bytes(pdf.clone())
                .file_name("annexes.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let started = Instant::now();
    let r = http
        .post(format!("{}/admin/documents?csrf_token={token}", s.base()))
        .multipart(form)
        .send()
        .unwrap();
    println!("upload: {:?}", started.elapsed());
    assert!(
        r.status().is_redirection(),
        "{}",
        r.text().unwrap_or_default()
    );
    let after_upload = peak_rss_mb(pid);
    let list = http
        .get(format!("{}/documents", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(list.contains("95\u{a0}Mo"), "the size is not shown: {list}");
    let href = regex::Regex::new(r#"href="(/documents/[^"]+/annexes\.pdf)""#)
        .unwrap()
        .captures(&list)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no link to the file:\n{list}"));
    let started = Instant::now();
    let got = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .unwrap()
        .get(format!("{}{href}", s.base()))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    println!("download: {:?}", started.elapsed());
    assert!(got.as_ref() == pdf.as_slice(), "the file changed");
    let peak = peak_rss_mb(pid);
    println!(
        "RSS: {idle} MB idle, peak {after_upload} MB after the upload, {peak} MB after the download"
    );
    let bound = if cfg!(debug_assertions) { 100 } else { 80 };
    assert!(
        peak <= bound,
        "peak {peak} MB for a 100 MB document (bound {bound} MB)"
    );
    // Nothing stays behind in the spool.
    let left: Vec<_> = std::fs::read_dir(data_dir(&t).join("envois-en-cours"))
        .map(|d| d.filter_map(|e| e.ok()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "spooled files left behind: {left:?}");
}

/// A document download holds one piece of the file at a time: 200 people who started a
/// 10 MB download and stopped reading (a slow 3G link, a closed laptop) keep the server under
/// 80 MB, and the memory comes back down when they leave.
#[test]
fn two_hundred_stalled_downloads_keep_memory_flat() {
    use std::io::{Read, Write};
    let t = tempdir();
    let port = common::free_port();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let http = common::set_up(&mut s, "Bibliothèque");
    let pdf = filler_pdf(10_000_000);
    let page = http
        .get(format!("{}/admin/documents", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let form = reqwest::blocking::multipart::Form::new()
        .text("title", "Plan d'action national 2024-2026")
        .text("category", "plans-action")
        .text("doc_date", "2024-06-01")
        .text("language", "fr")
        .text("summary", "")
        .part(
            "file",
            reqwest::blocking::multipart::Part::bytes(pdf.clone())
                .file_name("pan.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let r = http
        .post(format!("{}/admin/documents?csrf_token={token}", s.base()))
        .multipart(form)
        .send()
        .unwrap();
    assert!(
        r.status().is_redirection(),
        "{}",
        r.text().unwrap_or_default()
    );
    let list = http
        .get(format!("{}/documents", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let href = regex::Regex::new(r#"href="(/documents/[^"]+/pan\.pdf)""#)
        .unwrap()
        .captures(&list)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no link to the file:\n{list}"));
    // One whole download first: the file comes back intact.
    let got = http.get(format!("{}{href}", s.base())).send().unwrap();
    assert_eq!(
        got.headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()),
        Some(pdf.len().to_string().as_str())
    );
    assert!(
        got.bytes().unwrap().as_ref() == pdf.as_slice(),
        "the file changed"
    );
    // The next day: the server restarted, the document in its library (the upload's own
    // memory is not what this measures).
    s.stop();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let pid = s.child.id();
    let before = rss_mb(pid);
    let mut stalled = Vec::new();
    for _ in 0..200 {
        // A small receive window, as on a slow link that stopped reading.
        let sock =
            socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        sock.set_recv_buffer_size(16 * 1024).unwrap();
        let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
        sock.connect(&addr.into()).unwrap();
        let mut c: std::net::TcpStream = sock.into();
        c.write_all(
            format!(
                "GET {href} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        let mut first = [0u8; 512];
        let _ = c.read(&mut first);
        stalled.push(c);
    }
    std::thread::sleep(Duration::from_secs(3));
    let during = rss_mb(pid);
    drop(stalled);
    std::thread::sleep(Duration::from_secs(2));
    let after = rss_mb(pid);
    println!("RSS: {before} MB idle, {during} MB with 200 stalled downloads, {after} MB after");
    // The target is 80 MB for the release build; a debug build carries bigger futures and
    // frames. Reading each file whole, as before, took 2 GB here.
    let bound = if cfg!(debug_assertions) { 100 } else { 80 };
    assert!(
        during <= bound,
        "{during} MB with 200 stalled downloads of 10 MB (bound {bound} MB)"
    );
    // Still answering.
    assert_eq!(
        http.get(format!("{}/healthz", s.base()))
            .send()
            .unwrap()
            .status(),
        200
    );
}

/// A body that trickles in (one byte a second) is cut within 15 s, and a crowd of them
/// (300) neither holds the server nor stops others from being served meanwhile.
#[test]
fn slow_request_bodies_are_cut_within_fifteen_seconds() {
    use std::io::{Read, Write};
    let t = tempdir();
    let port = common::free_port();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let started = Instant::now();
    let mut open: Vec<(std::net::TcpStream, Option<Duration>, Vec<u8>)> = (0..300)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            c.write_all(
                format!(
                    "POST /propositions/nouvelle HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
                     Cookie: palabre_csrf=a-visitor-who-opened-the-form\r\n\
                     Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nt"
                )
                .as_bytes(),
            )
            .unwrap();
            c.set_nonblocking(true).unwrap();
            (c, None, Vec::new())
        })
        .collect();
    let mut healthy_meanwhile = false;
    while started.elapsed() < Duration::from_secs(25)
        && open.iter().any(|(_, end, _)| end.is_none())
    {
        std::thread::sleep(Duration::from_secs(1));
        for (c, end, got) in open.iter_mut().filter(|(_, end, _)| end.is_none()) {
            let mut buf = [0u8; 4096];
            let closed = match c.read(&mut buf) {
                Ok(0) => true,
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    false
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => c.write_all(b"x").is_err(),
                Err(_) => true,
            };
            if closed {
                *end = Some(started.elapsed());
            }
        }
        if !healthy_meanwhile {
            let r = reqwest::blocking::Client::new()
                .get(format!("{}/healthz", s.base()))
                .timeout(Duration::from_secs(2))
                .send();
            healthy_meanwhile = r.is_ok_and(|r| r.status() == 200);
        }
    }
    let longest = open
        .iter()
        .map(|(_, end, _)| end.unwrap_or(Duration::MAX))
        .max()
        .unwrap();
    let statuses: std::collections::BTreeMap<String, usize> =
        open.iter().fold(Default::default(), |mut m, (_, _, got)| {
            let line = String::from_utf8_lossy(got)
                .lines()
                .next()
                .unwrap_or("(nothing)")
                .to_string();
            *m.entry(line).or_default() += 1;
            m
        });
    println!("longest open: {longest:?}; answers: {statuses:?}");
    assert!(
        longest <= Duration::from_secs(15),
        "a slow body was still open after {longest:?}"
    );
    assert!(
        healthy_meanwhile,
        "the server did not answer while slow bodies trickled in"
    );
    assert!(
        statuses
            .keys()
            .all(|l| l.contains(" 408 ") || l.contains(" 503 ")),
        "slow bodies got {statuses:?}"
    );
}

/// A tmpfs mounted for one test, unmounted when dropped (after the server using it stops).
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(at: &std::path::Path, megabytes: u32) -> SmallDisk {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(
            ok.success(),
            "could not mount a small disk (this test runs as root)"
        );
        SmallDisk(at.to_path_buf())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Writes a file until the disk refuses more.
fn fill(path: &std::path::Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![7u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let small = vec![7u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.flush();
}

/// On a full disk nothing is lost: a proposal comes back with its text and a message that
/// says why (507), staff see the free space on their pages and the sign-in page, the console
/// says it, and the same form goes through once space is freed.
#[test]
fn a_full_disk_keeps_what_people_typed_and_tells_staff() {
    let t = tempdir();
    let disk = t.path().join("petit-disque");
    let _mounted = SmallDisk::mount(&disk, 24);
    let data = disk.join("palabre-data");
    let port = common::free_port();
    let mut s = Server::start(&data, port);
    s.wait_healthy();
    let staff = common::set_up(&mut s, "Disque plein");
    let citizen = common::client();
    let page = citizen
        .get(format!("{}/propositions/nouvelle", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let field =
        |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
    let form: Vec<(String, String)> = [
        ("csrf_token", csrf_from(&page)),
        ("form_ts", field("form_ts")),
        ("submission", field("submission")),
        ("consultation", field("consultation")),
        (
            "title",
            "Un forage pour le village de Koumassi-Sud".to_string(),
        ),
        (
            "problem",
            "Les femmes marchent deux heures pour chercher l'eau.".to_string(),
        ),
        ("solution", "Creuser un forage près de l'école.".to_string()),
        ("theme", field_value(&page, "theme")),
        ("zone", "gbeke".to_string()),
        ("contributor_type", "citoyen".to_string()),
        ("language", "fr".to_string()),
        ("website", String::new()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    std::thread::sleep(Duration::from_secs(3));

    let filler = disk.join("remplissage.bin");
    fill(&filler);
    let r = citizen
        .post(format!("{}/propositions/nouvelle", s.base()))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 507);
    let body = r.text().unwrap();
    assert!(
        body.contains("Un forage pour le village de Koumassi-Sud")
            && body.contains("deux heures pour chercher"),
        "the text typed is lost:\n{body}"
    );
    assert!(body.contains("disque"), "no word of the disk:\n{body}");

    let admin = staff.get(format!("{}/admin", s.base())).send().unwrap();
    assert_eq!(admin.status(), 200);
    assert!(
        admin.text().unwrap().contains("il ne reste que"),
        "staff are not warned"
    );
    let sign_in = common::client()
        .get(format!("{}/admin/connexion", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        sign_in.contains("il ne reste que"),
        "the sign-in page does not warn"
    );
    assert!(
        s.wait_line(|l| l.contains("il ne reste que"), Duration::from_secs(15))
            .is_some(),
        "the console does not warn"
    );

    std::fs::remove_file(&filler).unwrap();
    let r = citizen
        .post(format!("{}/propositions/nouvelle", s.base()))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "after freeing space");
    let to = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(to.starts_with("/suivi/"), "no receipt: {to}");
    // The disk is still small (under 100 MB free): the warning stays, with the new figure.
    s.stop();
}

/// Made-up addresses do not fill the memory (issue 30, point 8): 400 requests with a 120 KB
/// `Host` (refused), 3,000 with made-up parameters, searches and page numbers; the page
/// cache keeps the pages people read, and the resident memory stays within the target.
#[test]
fn made_up_addresses_and_hosts_keep_memory_flat() {
    use std::io::{Read, Write};
    let t = tempdir();
    let port = common::free_port();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let _admin = common::set_up(&mut s, "Consultation");
    let pid = s.child.id();
    let visitor = common::client();
    let get = |path: &str| visitor.get(format!("{}{path}", s.base())).send().unwrap();
    assert_eq!(get("/propositions").status(), 200);
    let before = rss_mb(pid);
    let long_host = format!("{}.example", "a".repeat(120 * 1024));
    for _ in 0..400 {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.write_all(
            format!("GET /propositions HTTP/1.1\r\nHost: {long_host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        let mut head = [0u8; 64];
        let n = c.read(&mut head).unwrap_or(0);
        let status = String::from_utf8_lossy(&head[..n]).to_string();
        assert!(
            status.starts_with("HTTP/1.1 400") || status.starts_with("HTTP/1.1 431") || n == 0,
            "{status}"
        );
    }
    let mut seed = 7u64;
    let mut word = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        format!("{:x}{}", seed, "z".repeat((seed % 150) as usize))
    };
    for i in 0..3000 {
        let path = match i % 3 {
            0 => format!("/propositions?q={}", word()),
            1 => format!("/propositions?page={}&utm_source={}", i + 2, word()),
            _ => format!("/?{}={}", word(), word()),
        };
        let r = get(&path);
        assert_eq!(r.status(), 200, "{path}");
    }
    let after = rss_mb(pid);
    let peak = peak_rss_mb(pid);
    println!("RSS: {before} MB before, {after} MB after 3,400 made-up addresses (peak {peak} MB)");
    let bound = if cfg!(debug_assertions) { 100 } else { 80 };
    assert!(peak <= bound, "peak {peak} MB (bound {bound} MB)");
    assert!(after <= before + 30, "{before} MB → {after} MB");
    assert_eq!(get("/propositions").status(), 200);
}

/// Malformed requests (a broken header, a doubled length, garbage) are refused with 400 and
/// are a visitor's mistake: no ERROR on the agent's console or in the log, one INFO line each
/// in the log (issue 30, point 9).
#[test]
fn malformed_requests_are_no_error_of_the_server() {
    use std::io::{Read, Write};
    let t = tempdir();
    let port = common::free_port();
    let mut s = Server::start(&data_dir(&t), port);
    s.wait_healthy();
    let malformed: [&[u8]; 4] = [
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde",
        b"GARBAGE\r\n\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: \x01\x02\r\n\r\n",
    ];
    for m in malformed {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        c.write_all(m).unwrap();
        let mut head = [0u8; 12];
        let _ = c.read(&mut head);
        assert!(
            head.starts_with(b"HTTP/1.1 400"),
            "{:?}",
            String::from_utf8_lossy(&head)
        );
    }
    std::thread::sleep(Duration::from_millis(1500));
    let console = s.output();
    s.stop();
    assert!(!console.contains("ERROR"), "{console}");
    let mut log = String::new();
    for e in std::fs::read_dir(data_dir(&t).join("logs")).unwrap() {
        log.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap_or_default());
    }
    assert!(!log.contains("ERROR"), "{log}");
    assert_eq!(
        log.matches("INFO palabre::refused: malformed request refused")
            .count(),
        4,
        "{log}"
    );
}
