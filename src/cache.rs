//! Whole public pages kept ready for visitors who are not signed in, so that a list read by
//! many phones at once is built once. An entry is used only while the database has not
//! changed since it was built (the writer's generation), and for half a minute at most (the
//! open or closed state of a consultation follows the clock). Entries are kept both plain and
//! gzip-compressed: a phone on a slow link gets the compressed one without any work.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

/// How long an entry may be used, in seconds of the site's clock.
const MAX_AGE: i64 = 30;
/// Entries kept at most; when full, the oldest half goes.
const MAX_ENTRIES: usize = 128;
/// Pages larger than this are not kept.
const MAX_BODY: usize = 512 * 1024;

#[derive(Clone)]
pub struct Entry {
    generation: u64,
    made_at: i64,
    body: Bytes,
    gzip: Option<Bytes>,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").finish_non_exhaustive()
    }
}

impl PageCache {
    /// The page stored under `key`, if the database and the clock still allow it.
    pub fn get(&self, key: &str, generation: u64, now: i64) -> Option<Entry> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && (0..MAX_AGE).contains(&(now - e.made_at)))
            .cloned()
    }

    /// Stores a page built while the database was at `generation`.
    pub fn put(&self, key: String, generation: u64, now: i64, body: String) -> Entry {
        let body = Bytes::from(body);
        let gzip = gzip(&body).map(Bytes::from);
        let entry = Entry {
            generation,
            made_at: now,
            body,
            gzip,
        };
        if entry.body.len() <= MAX_BODY {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if entries.len() >= MAX_ENTRIES {
                let mut ages: Vec<i64> = entries.values().map(|e| e.made_at).collect();
                ages.sort_unstable();
                let cut = ages[ages.len() / 2];
                entries.retain(|_, e| e.made_at > cut);
            }
            entries.insert(key, entry.clone());
        }
        entry
    }

    /// Forgets every page (the site's name or language changed).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(body).ok()?;
    enc.finish().ok()
}

fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                let p = p.trim().replace(' ', "");
                p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
            });
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// The HTML response for a stored page, compressed when the browser accepts it.
pub fn respond(req: &HttpRequest, entry: &Entry) -> HttpResponse {
    let mut resp = HttpResponse::Ok();
    resp.content_type("text/html; charset=utf-8")
        .insert_header((header::VARY, "Accept-Encoding"));
    match &entry.gzip {
        Some(gz) if accepts_gzip(req) => resp
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gz.clone()),
        _ => resp.body(entry.body.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn an_entry_lives_until_the_database_changes_or_half_a_minute() {
        let c = PageCache::default();
        c.put("fr|/propositions".into(), 7, 1000, "<p>page</p>".into());
        assert!(c.get("fr|/propositions", 7, 1000).is_some());
        assert!(c.get("fr|/propositions", 7, 1029).is_some());
        assert!(c.get("fr|/propositions", 7, 1030).is_none());
        assert!(c.get("fr|/propositions", 8, 1000).is_none());
        assert!(c.get("en|/propositions", 7, 1000).is_none());
        // A clock set back (tests, demo) does not revive an entry from the future.
        assert!(c.get("fr|/propositions", 7, 999).is_none());
        c.clear();
        assert!(c.get("fr|/propositions", 7, 1000).is_none());
    }

    #[test]
    fn the_cache_stays_bounded() {
        let c = PageCache::default();
        for i in 0..(MAX_ENTRIES as i64 * 3) {
            c.put(format!("k{i}"), 1, i, "x".into());
        }
        let n = c.entries.lock().map(|e| e.len()).unwrap_or(0);
        assert!(n <= MAX_ENTRIES && n > 0, "{n} entries");
        // The newest stays.
        assert!(
            c.get(
                &format!("k{}", MAX_ENTRIES as i64 * 3 - 1),
                1,
                MAX_ENTRIES as i64 * 3 - 1
            )
            .is_some()
        );
    }

    #[test]
    fn gzip_only_for_browsers_that_accept_it() {
        let c = PageCache::default();
        let e = c.put("k".into(), 1, 1, "<p>é</p>".repeat(100));
        let plain = respond(&TestRequest::default().to_http_request(), &e);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        let req = TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "br, gzip;q=0.8"))
            .to_http_request();
        let gz = respond(&req, &e);
        assert_eq!(
            gz.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.as_bytes()),
            Some(&b"gzip"[..])
        );
        let req = TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "gzip;q=0"))
            .to_http_request();
        assert!(
            respond(&req, &e)
                .headers()
                .get(header::CONTENT_ENCODING)
                .is_none()
        );
    }
}
