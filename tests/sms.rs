//! Texts in and out (issue 33) against a stand-in phone that implements the published API
//! of SMS Gateway for Android (Local Server mode: `/health`, `/inbox`, `/messages`,
//! `/messages/{id}`, basic authentication), with the real executable polling it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use common::{PASSWORD, Server, csrf_from, free_port};

/// What the stand-in phone holds: texts received, texts it was asked to send, and whether
/// it is switched on.
#[derive(Default)]
struct Phone {
    inbox: Vec<serde_json::Value>,
    sent: Vec<(String, String, String)>,
    off: bool,
    requests: Vec<String>,
}

/// A stand-in phone on a loopback port, answering as the app's Local Server does.
fn phone(login: &str, password: &str) -> (u16, Arc<Mutex<Phone>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = Arc::new(Mutex::new(Phone::default()));
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
    );
    let shared = state.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = shared.clone();
            let expected = expected.clone();
            std::thread::spawn(move || serve(stream, &shared, &expected));
        }
    });
    (port, state)
}

fn serve(mut stream: TcpStream, phone: &Arc<Mutex<Phone>>, expected: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default().to_string(),
        parts.next().unwrap_or_default().to_string(),
    );
    let (mut length, mut auth) = (0usize, String::new());
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap_or(("", ""));
        match k.to_ascii_lowercase().as_str() {
            "content-length" => length = v.trim().parse().unwrap_or(0),
            "authorization" => auth = v.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let mut p = phone.lock().unwrap();
    if p.off {
        // Switched off: the connection is dropped without an answer.
        return;
    }
    p.requests.push(format!("{method} {target}"));
    let path = target.split('?').next().unwrap_or_default().to_string();
    let (status, answer) = if path == "/health" {
        (200, serde_json::json!({ "status": "pass", "checks": {} }))
    } else if auth != expected {
        (401, serde_json::json!({ "message": "Unauthorized" }))
    } else if method == "GET" && path == "/inbox" {
        (200, serde_json::Value::Array(p.inbox.clone()))
    } else if method == "POST" && path == "/messages" {
        let m: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let id = m["id"].as_str().unwrap().to_string();
        let number = m["phoneNumbers"][0].as_str().unwrap().to_string();
        let text = m["textMessage"]["text"].as_str().unwrap().to_string();
        if p.sent.iter().any(|(i, _, _)| *i == id) {
            (409, serde_json::json!({ "message": "exists" }))
        } else {
            p.sent.push((id.clone(), number, text));
            (
                202,
                serde_json::json!({ "id": id, "state": "Pending", "recipients": [] }),
            )
        }
    } else if method == "GET" && path.starts_with("/messages/") {
        let id = path.trim_start_matches("/messages/").to_string();
        (
            200,
            serde_json::json!({ "id": id, "state": "Delivered", "recipients": [] }),
        )
    } else {
        (404, serde_json::json!({ "message": "not found" }))
    };
    drop(p);
    let body = answer.to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn receive(phone: &Arc<Mutex<Phone>>, id: &str, sender: &str, text: &str, at: &str) {
    phone.lock().unwrap().inbox.push(serde_json::json!({
        "id": id,
        "type": "SMS",
        "sender": sender,
        "recipient": null,
        "simNumber": 1,
        "contentPreview": text,
        "createdAt": at,
    }));
}

/// Waits until the phone was asked to send a text to `number` that contains `part`.
fn wait_sent(phone: &Arc<Mutex<Phone>>, number: &str, part: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        if let Some((_, _, t)) = phone
            .lock()
            .unwrap()
            .sent
            .iter()
            .find(|(_, n, t)| n == number && t.contains(part))
        {
            return t.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no text to {number} with {part:?}; sent: {:?}",
            phone.lock().unwrap().sent
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn gsm7_and_two_segments(text: &str) {
    let plain = |c: char| c.is_ascii_alphanumeric() || " \n!\"#%&'()*+,-./:;<=>?@_$".contains(c);
    assert!(text.chars().all(plain), "not plain GSM-7: {text}");
    assert!(text.chars().count() <= 306, "over two segments: {text}");
}

#[test]
fn a_texted_proposal_gets_its_receipt_and_its_answer_by_text() {
    let (phone_port, phone) = phone("sms", "s3cret");
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let gateway = format!("http://sms:s3cret@127.0.0.1:{phone_port}");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.args([
        "serve",
        "--port",
        &port.to_string(),
        "--no-browser",
        "--bind",
        "127.0.0.1",
    ])
    .arg("--data-dir")
    .arg(dir.path())
    .args(["--sms-gateway", &gateway])
    .env("PALABRE_SMS_EVERY_MS", "200");
    let mut server = Server::spawn(cmd, port);
    server.wait_healthy();
    let staff = common::set_up(&mut server, "Consultation PGO");

    // A feature phone texts a proposal; the phone gives it on every read of its inbox.
    let number = "+2250701020304";
    let text = "Il faut un dispensaire à Sakassou : le centre le plus proche est à 30 km.";
    receive(&phone, "m-1", number, text, "2026-12-07T10:00:00.000+00:00");
    let receipt = wait_sent(&phone, number, "P-0001", Duration::from_secs(15));
    gsm7_and_two_segments(&receipt);
    assert!(receipt.contains("STOP"), "{receipt}");

    // Pending, on the SMS channel, with the text as its problem and its first words as title.
    let base = server.base();
    let page = staff
        .get(format!("{base}/admin/propositions/P-0001"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("Il faut un dispensaire"), "{page}");
    assert!(page.contains("SMS"), "the channel is shown");
    assert!(
        !page.contains("0701020304") && !page.contains("2250701020304"),
        "the number is hidden"
    );
    assert!(
        page.contains("•• •• •• •• 04"),
        "staff see its last two digits"
    );
    let dashboard = staff
        .get(format!("{base}/admin"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        dashboard.contains("Téléphone SMS\u{a0}: il répond"),
        "the dashboard says the phone answers"
    );

    // Read again and again: still one proposal, one receipt.
    std::thread::sleep(Duration::from_millis(1_200));
    let receipts = phone
        .lock()
        .unwrap()
        .sent
        .iter()
        .filter(|(_, n, t)| n == number && t.contains("P-0001"))
        .count();
    assert_eq!(receipts, 1, "a text read twice files once");
    let list = staff
        .get(format!("{base}/admin/propositions"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(list.matches("P-0002").count(), 0, "{list}");

    // A short text gets one helpful reply; PRIO counts priorities.
    receive(
        &phone,
        "m-2",
        "+2250509080706",
        "bonjour",
        "2026-12-07T10:01:00.000+00:00",
    );
    let help = wait_sent(&phone, "+2250509080706", "PRIO", Duration::from_secs(10));
    gsm7_and_two_segments(&help);
    receive(
        &phone,
        "m-3",
        "+2250509080706",
        "PRIO 1 3",
        "2026-12-07T10:02:00.000+00:00",
    );
    let counted = wait_sent(
        &phone,
        "+2250509080706",
        "priorites sont comptees",
        Duration::from_secs(10),
    );
    gsm7_and_two_segments(&counted);
    let data: serde_json::Value = serde_json::from_str(
        &staff
            .get(format!("{base}/donnees/priorites.json"))
            .send()
            .unwrap()
            .text()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(data["participants"], 1, "{data}");
    assert_eq!(data["channels"][0]["code"], "sms");

    // The phone is off when the answer is given: the answer waits, then goes.
    phone.lock().unwrap().off = true;
    let page = staff
        .get(format!("{base}/admin/propositions/P-0001"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let answer = "Retenue : le ministère de la Santé ouvrira un dispensaire à Sakassou en 2027, avec une sage-femme et un infirmier.";
    let r = staff
        .post(format!("{base}/admin/propositions/P-0001/reponse"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("status", "retenue"),
            ("answer", answer),
            ("commitment", ""),
        ])
        .send()
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    std::thread::sleep(Duration::from_millis(1_000));
    assert!(
        !phone
            .lock()
            .unwrap()
            .sent
            .iter()
            .any(|(_, _, t)| t.contains("reponse a votre proposition")),
        "sent while the phone is off"
    );
    phone.lock().unwrap().off = false;
    let told = wait_sent(
        &phone,
        number,
        "reponse a votre proposition P-0001",
        Duration::from_secs(40),
    );
    gsm7_and_two_segments(&told);
    assert!(
        told.contains("Retenue") && told.contains("dispensaire"),
        "{told}"
    );
    // Once its final answer is delivered, the number is not kept any more, and the record
    // counts the answer delivered by text.
    let db = palabre::db::Db::open(&dir.path().join(palabre::db::DB_FILE)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let kept: i64 = db
            .read(|c| {
                Ok::<_, palabre::db::DbError>(c.query_row(
                    "SELECT count(*) FROM sms_senders WHERE number = '+2250701020304'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        let record = staff
            .get(format!("{base}/admin/bilan"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        if kept == 0 && record.contains("Réponses motivées remises par SMS</th><td>1</td>") {
            break;
        }
        assert!(Instant::now() < deadline, "number kept: {kept}\n{record}");
        std::thread::sleep(Duration::from_millis(200));
    }

    // STOP: one confirmation, then nothing more.
    receive(
        &phone,
        "m-4",
        number,
        "STOP",
        "2026-12-07T10:05:00.000+00:00",
    );
    wait_sent(&phone, number, "ne recevrez plus", Duration::from_secs(10));
    let before = phone.lock().unwrap().sent.len();
    receive(
        &phone,
        "m-5",
        number,
        "Encore une idée : des lampadaires solaires sur la route.",
        "2026-12-07T10:06:00.000+00:00",
    );
    std::thread::sleep(Duration::from_millis(1_500));
    let after: Vec<(String, String, String)> = phone.lock().unwrap().sent[before..].to_vec();
    assert!(
        after.iter().all(|(_, n, _)| n != number),
        "texted after STOP: {after:?}"
    );

    // The number never shows: not in exports, open data or the log.
    for path in [
        "/donnees/propositions.csv",
        "/donnees/propositions.json",
        "/admin/exports/propositions.csv",
    ] {
        let body = staff
            .get(format!("{base}{path}"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert!(!body.contains("0701020304"), "{path} shows the number");
    }
    let console = server.console();
    assert!(!console.contains("0701020304"), "the log shows the number");
    let log = std::fs::read_dir(dir.path().join("logs"))
        .map(|d| {
            d.flatten()
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect::<String>()
        })
        .unwrap_or_default();
    assert!(!log.contains("0701020304"), "the log file shows the number");
    let _ = PASSWORD;
}

/// The phone pushes what it receives (webhook `sms:received`, signed with the key the
/// admin page shows): the proposal is filed at once and its receipt goes out; an unsigned
/// or wrongly signed call files nothing. The admin page tests the phone in plain words.
#[test]
fn a_text_pushed_by_the_phone_is_filed_once_and_unsigned_calls_are_refused() {
    use hmac::Mac;
    let (phone_port, phone) = phone("sms", "s3cret");
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.args([
        "serve",
        "--port",
        &port.to_string(),
        "--no-browser",
        "--bind",
        "127.0.0.1",
    ])
    .arg("--data-dir")
    .arg(dir.path())
    .env("PALABRE_SMS_EVERY_MS", "300");
    let mut server = Server::spawn(cmd, port);
    server.wait_healthy();
    let staff = common::set_up(&mut server, "Consultation PGO");
    let base = server.base();

    // The admin gives the phone on the settings page, with a wrong password first.
    let page = staff
        .get(format!("{base}/admin/sms"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let url = format!("http://127.0.0.1:{phone_port}");
    let test = |password: &str| {
        staff
            .post(format!("{base}/admin/sms"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("gateway_url", url.as_str()),
                ("login", "sms"),
                ("password", password),
                ("action", "tester"),
            ])
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let refused = test("faux");
    assert!(refused.contains("Le téléphone refuse l"), "{refused}");
    assert!(test("s3cret").contains("Le téléphone répond et tout va bien."));
    let r = staff
        .post(format!("{base}/admin/sms"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("gateway_url", url.as_str()),
            ("login", "sms"),
            ("password", "s3cret"),
            ("action", "enregistrer"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = staff
        .get(format!("{base}/admin/sms"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let key = regex::Regex::new(r"<dt>Clé de signature</dt><dd><code>([^<]+)</code>")
        .unwrap()
        .captures(&page)
        .map(|c| c[1].to_string())
        .expect("the signing key is shown");

    let body = serde_json::json!({
        "id": "Ey6ECgOkVVFjz3CL48B8C",
        "webhookId": "palabre",
        "deviceId": "ffffffffceb0b1db",
        "event": "sms:received",
        "payload": {
            "messageId": "w-1",
            "message": "Des lampadaires solaires sur la route de Dabakala, la nuit est dangereuse.",
            "phoneNumber": "+2250102030405",
            "sender": "+2250102030405",
            "recipient": null,
            "simNumber": 1,
            "receivedAt": "2026-12-07T11:00:00.000+00:00"
        }
    })
    .to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let sign = |key: &str| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(body.as_bytes());
        mac.update(now.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let client = reqwest::blocking::Client::new();
    let push = |signature: &str| {
        client
            .post(format!("{base}/sms/entrant"))
            .header("Content-Type", "application/json")
            .header("X-Signature", signature)
            .header("X-Timestamp", now.as_str())
            .body(body.clone())
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(push(""), 401);
    assert_eq!(push(&sign("une-autre-cle")), 401);
    assert_eq!(push(&sign(&key)), 200);
    assert_eq!(push(&sign(&key)), 200, "the phone retries: filed once");
    let receipt = wait_sent(&phone, "+2250102030405", "P-0001", Duration::from_secs(10));
    gsm7_and_two_segments(&receipt);
    std::thread::sleep(Duration::from_millis(800));
    let list = staff
        .get(format!("{base}/admin/propositions"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        list.contains("P-0001") && !list.contains("P-0002"),
        "{list}"
    );
    assert_eq!(
        phone
            .lock()
            .unwrap()
            .sent
            .iter()
            .filter(|(_, _, t)| t.contains("P-0001"))
            .count(),
        1
    );
}
