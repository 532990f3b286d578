//! In-memory rate limits per action and key (participant or network address), in fixed
//! windows. Limits per address are generous: forty people behind one workshop hotspot share
//! an address.
//!
//! The table is bounded: expired windows are dropped once a minute by a thread of their own
//! (`tidy`, not on a visitor's request: past 50,000 keys every counted action used to scan
//! it under one lock), and past [`MAX_KEYS`] the keys seen only once go first, so a flood of
//! made-up keys costs memory only up to the bound, and the request that meets a full table
//! makes room for a quarter of it at once: a constant cost per key.

use std::collections::HashMap;
use std::sync::Mutex;

/// Keys kept at most (about 100 bytes each: a few megabytes).
pub const MAX_KEYS: usize = 50_000;
#[derive(Debug, Default)]
struct Table {
    /// key → (window start, count, window length)
    windows: HashMap<String, (i64, u32, i64)>,
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    table: Mutex<Table>,
}

/// (how many, per how many seconds)
pub type Limit = (u32, i64);

/// The network a limit per address counts: the address itself for IPv4, its /64 for IPv6
/// (one phone or one home is given a whole /64; counting single addresses would let it
/// take 2^64 allowances).
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(|| ip.to_string(), |v4| v4.to_string()),
        _ => ip.to_string(),
    }
}

impl Table {
    /// Drops the windows that are over; when the table stays over three quarters full, the
    /// keys seen once, then the less counted half. Leaving at least a quarter free makes the
    /// next forced prune at least `MAX_KEYS / 4` new keys away: a constant cost per key.
    fn prune(&mut self, now: i64) {
        self.windows
            .retain(|_, (start, _, length)| now - *start < *length);
        let full = MAX_KEYS * 3 / 4;
        if self.windows.len() > full {
            self.windows.retain(|_, (_, count, _)| *count > 1);
        }
        if self.windows.len() > full {
            let mut counts: Vec<u32> = self.windows.values().map(|e| e.1).collect();
            let middle = counts.len() / 2;
            let (_, median, _) = counts.select_nth_unstable(middle);
            let median = *median;
            self.windows.retain(|_, (_, count, _)| *count > median);
        }
    }
}

impl RateLimiter {
    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        // A panic while counting cannot leave the table worse than a count off by one.
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one more action for `key`; false when it goes over `limit`.
    pub fn allow(&self, key: &str, limit: Limit, now: i64) -> bool {
        let mut t = self.lock();
        if t.windows.len() >= MAX_KEYS {
            t.prune(now);
        }
        let entry = t
            .windows
            .entry(key.to_string())
            .or_insert((now, 0, limit.1));
        if now - entry.0 >= limit.1 {
            *entry = (now, 0, limit.1);
        }
        if entry.1 >= limit.0 {
            return false;
        }
        entry.1 += 1;
        true
    }

    /// Whether one more action for `key` would be allowed, counting nothing (and storing no
    /// key): checked first for an address, so that a participant key is stored only when
    /// its address allows.
    pub fn would_allow(&self, key: &str, limit: Limit, now: i64) -> bool {
        let t = self.lock();
        match t.windows.get(key) {
            Some((start, count, _)) => now - *start >= limit.1 || *count < limit.0,
            None => true,
        }
    }

    /// Drops the windows that are over (a background thread calls it every minute).
    pub fn tidy(&self, now: i64) {
        self.lock().prune(now);
    }

    /// How many keys are kept (for tests and the memory bound).
    pub fn len(&self) -> usize {
        self.lock().windows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_per_64_and_ipv4_per_address() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:bbbb::99"), "2001:db8:1:2::/64");
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(address_key(""), "");
    }

    #[test]
    fn counts_per_window() {
        let r = RateLimiter::default();
        assert!(r.allow("a", (2, 60), 0));
        assert!(r.allow("a", (2, 60), 1));
        assert!(!r.allow("a", (2, 60), 2));
        assert!(!r.would_allow("a", (2, 60), 2));
        assert!(r.would_allow("b", (2, 60), 2));
        assert!(r.allow("b", (2, 60), 2));
        assert!(r.would_allow("a", (2, 60), 61));
        assert!(r.allow("a", (2, 60), 61));
    }

    /// A flood of made-up keys within one hour: the table never passes its bound, and the
    /// keys that were really counting (a busy address) keep their counts.
    #[test]
    fn a_flood_of_keys_stays_bounded_and_keeps_the_busy_ones() {
        let r = RateLimiter::default();
        let hour = (3000, 3600);
        for _ in 0..10 {
            assert!(r.allow("addr:192.0.2.1", hour, 0));
        }
        for i in 0..(3 * MAX_KEYS) {
            r.allow(&format!("p:made-up-{i}"), (10, 3600), (i / 1000) as i64);
            assert!(r.len() <= MAX_KEYS, "{} keys", r.len());
        }
        // The busy address still has its ten actions counted.
        let t = r.lock();
        assert_eq!(t.windows.get("addr:192.0.2.1").map(|e| e.1), Some(10));
    }

    /// Expired windows go, each by its own length, when the table is tidied.
    #[test]
    fn expired_windows_are_dropped() {
        let r = RateLimiter::default();
        r.allow("short", (5, 60), 0);
        r.allow("long", (5, 3600), 0);
        r.allow("other", (5, 60), 120);
        assert_eq!(r.len(), 3, "nothing dropped on a visitor's request");
        r.tidy(120);
        let t = r.lock();
        assert!(!t.windows.contains_key("short"));
        assert!(t.windows.contains_key("long"));
    }

    /// Benchmark (not a timed test): counted actions per second for one busy address with a
    /// near-empty table, and while a flood of made-up keys keeps the table at its bound; the
    /// ratio is the cost of the flood to everyone else. Run with
    /// `cargo test --release --lib ratelimit::tests::bench -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bench_a_flood_of_keys_costs_others_little() {
        let rate = |flood: bool| {
            let r = RateLimiter::default();
            let n = 400_000;
            let start = std::time::Instant::now();
            for i in 0..n {
                r.allow("support:a:192.0.2.1", (u32::MAX, 3600), 0);
                if flood {
                    r.allow(&format!("support:p:made-up-{i}"), (10, 3600), 0);
                }
            }
            let secs = start.elapsed().as_secs_f64();
            assert!(r.len() <= MAX_KEYS);
            // With a flood, each round also counts one made-up key: the busy key's share.
            n as f64 / secs
        };
        let quiet = rate(false);
        let flooded = rate(true);
        println!(
            "rate limiter: {quiet:.0} actions/s on a quiet table, {flooded:.0} rounds/s (busy key + one made-up key) \
             with the table held at {MAX_KEYS} keys: {:.2}x",
            flooded / quiet
        );
    }
}
