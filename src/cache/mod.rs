//! Whole public pages kept ready for visitors who are not signed in, so that a page read by
//! many phones at once is built once. An entry is current while none of the topics its page
//! shows changed (its stamp, `db::topics`) and for half a minute at most (the open or closed
//! state of a consultation follows the clock). When a write makes it stale, one request
//! builds it again while the others are served the previous copy — only while that copy is
//! less than a second behind the database, so that everyone sees a write within a second.
//! Entries are kept both plain and gzip-compressed: a phone on a slow link gets the compressed
//! one without any work (`template`: also for pages with a few values per visitor).

mod template;

pub use template::Template;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

/// How long an entry may be used, in seconds of the site's clock.
const MAX_AGE: i64 = 30;
/// How far behind the database a page may be while it is built again.
pub const STALE_FOR: Duration = Duration::from_secs(1);
/// Entries kept at most; when full, the half least asked for goes (the oldest first among
/// equals), so that a flood of made-up addresses cannot push out the pages people read.
const MAX_ENTRIES: usize = 128;
/// The longest value of a page's parameter that is kept in the cache's key.
const MAX_VALUE: usize = 200;
/// Pages larger than this are not kept.
const MAX_BODY: usize = 512 * 1024;

#[derive(Clone)]
pub struct Entry {
    stamp: u64,
    made_at: i64,
    /// The last moment the entry was known to hold every write committed before it.
    confirmed: Instant,
    page: Arc<Template>,
    /// How many times it was served.
    hits: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    /// Keys being built again, since when.
    building: HashMap<String, Instant>,
}

#[derive(Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

/// What to do with a request for a page.
pub enum Lookup {
    /// Serve this.
    Ready(Entry),
    /// Build the page and `put` it.
    Build,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").finish_non_exhaustive()
    }
}

/// Consultations open and close at midnight (the end of their last day): a page made the
/// day before says "open" about one that has just closed.
fn same_day(a: i64, b: i64) -> bool {
    a.div_euclid(86_400) == b.div_euclid(86_400)
}

impl PageCache {
    /// The page under `key`, when the database stands at `stamp` for the page's topics, the
    /// site's clock says `now` and the monotonic clock `at`. A current entry is served; a stale
    /// one is served while another request builds it again and it is less than `STALE_FOR`
    /// behind; otherwise the caller builds (and becomes the one building this key).
    pub fn lookup(&self, key: &str, stamp: u64, now: i64, at: Instant) -> Lookup {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let building = g
            .building
            .get(key)
            .is_some_and(|since| at.saturating_duration_since(*since) < STALE_FOR);
        if let Some(e) = g.entries.get_mut(key)
            && (0..MAX_AGE).contains(&(now - e.made_at))
            && same_day(now, e.made_at)
        {
            if e.stamp == stamp {
                e.confirmed = e.confirmed.max(at);
                e.hits += 1;
                return Lookup::Ready(e.clone());
            }
            if building && at.saturating_duration_since(e.confirmed) < STALE_FOR {
                e.hits += 1;
                return Lookup::Ready(e.clone());
            }
        }
        if !building {
            // Builds that never came back (a page that failed) are forgotten past a bound.
            if g.building.len() >= MAX_ENTRIES {
                g.building
                    .retain(|_, since| at.saturating_duration_since(*since) < STALE_FOR);
            }
            g.building.insert(key.to_string(), at);
        }
        Lookup::Build
    }

    /// Stores a page built from what the database held at `stamp`, read at `at` or later.
    pub fn put(&self, key: String, stamp: u64, now: i64, at: Instant, page: Template) -> Entry {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.building.remove(&key);
        // A page built again keeps what it earned.
        let hits = g.entries.get(&key).map_or(0, |e| e.hits);
        let entry = Entry {
            stamp,
            made_at: now,
            confirmed: at,
            page: Arc::new(page),
            hits,
        };
        if entry.page.len() <= MAX_BODY {
            if !g.entries.contains_key(&key) && g.entries.len() >= MAX_ENTRIES {
                let mut ranks: Vec<(u64, i64, String)> = g
                    .entries
                    .iter()
                    .map(|(k, e)| (e.hits, e.made_at, k.clone()))
                    .collect();
                ranks.sort_unstable();
                for (_, _, k) in ranks.into_iter().take(MAX_ENTRIES / 2) {
                    g.entries.remove(&k);
                }
            }
            g.entries.insert(key, entry.clone());
        }
        entry
    }

    /// Forgets every page (the site's name or language changed).
    pub fn clear(&self) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.entries.clear();
        g.building.clear();
    }
}

/// The part of a page's key that its address's parameters make: the parameters the page reads
/// (`known`, in that order), empty ones left out; None when the address carries anything
/// else (a share's tracking, made-up names, a repeated or overlong value), which is then
/// built for its visitor and not kept: made-up addresses never fill the cache.
pub fn canonical_query(query: &str, known: &[&str]) -> Option<String> {
    if query.is_empty() {
        return Some(String::new());
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let mut kept: Vec<(&str, &str)> = Vec::new();
    for (k, v) in &pairs {
        let name = known.iter().find(|n| **n == k.as_str())?;
        if v.len() > MAX_VALUE || kept.iter().any(|(n, _)| n == name) {
            return None;
        }
        if !v.trim().is_empty() {
            kept.push((name, v.as_str()));
        }
    }
    kept.sort_by_key(|(n, _)| known.iter().position(|k| k == n));
    if kept.is_empty() {
        return Some(String::new());
    }
    serde_urlencoded::to_string(&kept)
        .ok()
        .map(|q| format!("?{q}"))
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

/// The HTML response for a stored page with `values` in its holes, compressed when the
/// browser accepts it.
pub fn respond(req: &HttpRequest, entry: &Entry, values: &[&str]) -> HttpResponse {
    let mut resp = HttpResponse::Ok();
    resp.content_type("text/html; charset=utf-8")
        .insert_header((header::VARY, "Accept-Encoding"));
    match accepts_gzip(req).then(|| entry.page.gzip(values)).flatten() {
        Some(gz) => resp
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gz),
        None => resp.body(entry.page.plain(values)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn keys_carry_only_the_parameters_a_page_reads() {
        let known = ["theme", "zone", "page"];
        let k = |q: &str| canonical_query(q, &known);
        assert_eq!(k("").as_deref(), Some(""));
        assert_eq!(
            k("zone=gbeke&theme=sante").as_deref(),
            Some("?theme=sante&zone=gbeke")
        );
        assert_eq!(k("theme=sante&zone=gbeke"), k("zone=gbeke&theme=sante"));
        assert_eq!(k("theme=&zone=").as_deref(), Some(""));
        assert_eq!(k("the%6De=sante").as_deref(), Some("?theme=sante"));
        assert_eq!(k("fbclid=IwAR0"), None);
        assert_eq!(k("theme=a&theme=b"), None);
        assert_eq!(k(&format!("theme={}", "x".repeat(201))), None);
    }

    #[test]
    fn a_flood_of_new_addresses_does_not_push_out_the_pages_people_read() {
        let c = PageCache::default();
        let t0 = Instant::now();
        c.put("fr|/".into(), 1, 1000, t0, page("accueil"));
        for _ in 0..50 {
            assert!(ready(c.lookup("fr|/", 1, 1000, t0)).is_some());
        }
        for i in 0..10 * MAX_ENTRIES {
            let key = format!("fr|/propositions?q={i}");
            assert!(ready(c.lookup(&key, 1, 1000, t0)).is_none());
            c.put(key, 1, 1000, t0, page("liste"));
        }
        assert!(
            ready(c.lookup("fr|/", 1, 1000, t0)).is_some(),
            "the home page stays"
        );
        let g = c.inner.lock().unwrap_or_else(|p| p.into_inner());
        assert!(g.entries.len() <= MAX_ENTRIES);
        assert!(g.building.len() <= MAX_ENTRIES);
    }

    #[test]
    fn builds_that_never_finish_are_forgotten() {
        let c = PageCache::default();
        let t0 = Instant::now();
        for i in 0..10 * MAX_ENTRIES {
            let _ = c.lookup(&format!("fr|/x{i}"), 1, 1000, t0 + STALE_FOR * 2 * i as u32);
        }
        assert!(
            c.inner
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .building
                .len()
                <= MAX_ENTRIES
        );
    }

    fn page(s: &str) -> Template {
        Template::new(s.to_string(), &[])
    }

    fn ready(l: Lookup) -> Option<String> {
        match l {
            Lookup::Ready(e) => Some(String::from_utf8_lossy(&e.page.plain(&[])).into_owned()),
            Lookup::Build => None,
        }
    }

    #[test]
    fn an_entry_lives_until_its_topics_change_or_half_a_minute() {
        let c = PageCache::default();
        let t0 = Instant::now();
        assert!(ready(c.lookup("fr|/propositions", 7, 1000, t0)).is_none());
        c.put(
            "fr|/propositions".into(),
            7,
            1000,
            t0,
            Template::new("<p>page</p>".into(), &[]),
        );
        assert_eq!(
            ready(c.lookup("fr|/propositions", 7, 1000, t0)).as_deref(),
            Some("<p>page</p>")
        );
        assert!(ready(c.lookup("fr|/propositions", 7, 1029, t0)).is_some());
        assert!(ready(c.lookup("fr|/propositions", 7, 1030, t0)).is_none());
        assert!(ready(c.lookup("en|/propositions", 7, 1000, t0)).is_none());
        // A clock set back (tests, demo) does not revive an entry from the future.
        assert!(ready(c.lookup("fr|/propositions", 7, 999, t0)).is_none());
        c.clear();
        assert!(ready(c.lookup("fr|/propositions", 7, 1000, t0)).is_none());
    }

    #[test]
    fn a_stale_page_is_built_once_and_never_served_more_than_a_second_behind() {
        let c = PageCache::default();
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        c.put("k".into(), 1, 1000, t0, page("old"));
        // Confirmed current at 300 ms; a write then moves the stamp to 2.
        assert_eq!(
            ready(c.lookup("k", 1, 1000, ms(300))).as_deref(),
            Some("old")
        );
        // The first request after it builds; the others meanwhile get the previous copy.
        assert!(ready(c.lookup("k", 2, 1000, ms(400))).is_none());
        assert_eq!(
            ready(c.lookup("k", 2, 1000, ms(450))).as_deref(),
            Some("old")
        );
        assert_eq!(
            ready(c.lookup("k", 2, 1000, ms(1299))).as_deref(),
            Some("old")
        );
        // A second after it was last known current, nobody gets it any more.
        assert!(ready(c.lookup("k", 2, 1000, ms(1300))).is_none());
        c.put("k".into(), 2, 1000, ms(400), page("new"));
        assert_eq!(
            ready(c.lookup("k", 2, 1000, ms(1400))).as_deref(),
            Some("new")
        );
        // Nobody building: a stale page is not served, the request builds.
        c.put("j".into(), 1, 1000, t0, page("j1"));
        assert!(ready(c.lookup("j", 2, 1000, ms(10))).is_none());
        // A builder that never came back (an error) holds the key for a second at most.
        assert_eq!(ready(c.lookup("j", 2, 1000, ms(20))).as_deref(), Some("j1"));
        assert!(ready(c.lookup("j", 2, 1000, ms(1011))).is_none());
    }

    #[test]
    fn the_cache_stays_bounded() {
        let c = PageCache::default();
        let t0 = Instant::now();
        for i in 0..(MAX_ENTRIES as i64 * 3) {
            c.put(format!("k{i}"), 1, i, t0, page("x"));
        }
        let n = c.inner.lock().map(|g| g.entries.len()).unwrap_or(0);
        assert!(n <= MAX_ENTRIES && n > 0, "{n} entries");
        // The newest stays.
        let last = MAX_ENTRIES as i64 * 3 - 1;
        assert!(ready(c.lookup(&format!("k{last}"), 1, last, t0)).is_some());
    }

    #[test]
    fn gzip_only_for_browsers_that_accept_it() {
        let c = PageCache::default();
        let e = c.put(
            "k".into(),
            1,
            1,
            Instant::now(),
            page(&"<p>é</p>".repeat(100)),
        );
        let plain = respond(&TestRequest::default().to_http_request(), &e, &[]);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        let req = TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "br, gzip;q=0.8"))
            .to_http_request();
        let gz = respond(&req, &e, &[]);
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
            respond(&req, &e, &[])
                .headers()
                .get(header::CONTENT_ENCODING)
                .is_none()
        );
    }
}
