//! The disk that holds the data folder: how much room is left, and when to warn. A full disk
//! loses nothing (SQLite refuses the write whole), but people cannot add anything until
//! someone frees space, so staff are told early, on their pages and in the console window.

use std::path::Path;

/// Below this much free space, staff are warned.
pub const LOW_BYTES: u64 = 100 * 1024 * 1024;

/// Free bytes on the disk of `dir`, for this user; `None` if the system cannot say.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    fs4::available_space(dir).ok()
}

/// The free space, when it is low enough to warn about.
pub fn low(free: Option<u64>) -> Option<u64> {
    free.filter(|f| *f < LOW_BYTES)
}

/// Whether the console should speak now: on the way down past the threshold, once, and
/// again after space was freed and ran low once more.
pub fn newly_low(was_low: bool, free: Option<u64>) -> bool {
    !was_low && low(free).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_under_a_hundred_megabytes_only() {
        assert_eq!(low(Some(LOW_BYTES - 1)), Some(LOW_BYTES - 1));
        assert_eq!(low(Some(LOW_BYTES)), None);
        assert_eq!(
            low(None),
            None,
            "an unknown size is no reason to alarm anyone"
        );
        assert!(newly_low(false, Some(5)));
        assert!(!newly_low(true, Some(5)));
        assert!(!newly_low(false, Some(LOW_BYTES * 2)));
    }

    #[test]
    fn measures_a_real_folder() {
        assert!(free_bytes(&std::env::temp_dir()).is_some_and(|f| f > 0));
    }
}
