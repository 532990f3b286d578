//! In-memory rate limits per action and key (participant or network address), in fixed
//! windows. Limits per address are generous: forty people behind one workshop hotspot share
//! an address.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

/// (how many, per how many seconds)
pub type Limit = (u32, i64);

impl RateLimiter {
    /// Counts one more action for `key`; false when it goes over `limit`.
    pub fn allow(&self, key: &str, limit: Limit, now: i64) -> bool {
        let Ok(mut map) = self.windows.lock() else {
            return true;
        };
        if map.len() > 50_000 {
            map.retain(|_, (start, _)| now - *start < 3600);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now - entry.0 >= limit.1 {
            *entry = (now, 0);
        }
        if entry.1 >= limit.0 {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_per_window() {
        let r = super::RateLimiter::default();
        assert!(r.allow("a", (2, 60), 0));
        assert!(r.allow("a", (2, 60), 1));
        assert!(!r.allow("a", (2, 60), 2));
        assert!(r.allow("b", (2, 60), 2));
        assert!(r.allow("a", (2, 60), 61));
    }
}
