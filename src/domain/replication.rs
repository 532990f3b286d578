//! Continuous replication of the database by Litestream, as Palabre sees it from beside the
//! file: whether it is there, when it last took a change in hand, and whether it keeps up
//! with the writes. Palabre sees Litestream's local folder, not the remote replica (it
//! stages each change there before sending it): the pages say so. Pure rules on file
//! times; `db::replication` reads them.

/// What the data folder shows (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Observed {
    /// Litestream's folder beside the database (`.palabre.sqlite3-litestream`) exists.
    pub seen: bool,
    /// The newest file (or folder) Litestream wrote in it.
    pub moved_at: Option<i64>,
    /// The last commit to the database (its WAL file: only commits write it).
    pub changed_at: Option<i64>,
}

/// How far behind the database Litestream's folder may be before staff are told: it stages
/// each change within a fraction of a second (`monitor-interval: 100ms`); a minute means it
/// is stopped.
pub const BEHIND_AFTER: i64 = 60;

/// How long Palabre leaves checkpoints to a Litestream that has stopped following before it
/// takes them back: its folder stays after it stops for good, and without checkpoints the
/// database's journal would grow until the disk is full.
pub const CHECKPOINTS_BACK_AFTER: i64 = 600;

/// What the backup page and `palabre backup` say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replication {
    /// No Litestream folder: copies are made by hand (`palabre backup`).
    Off,
    /// Litestream follows the writes; it last took a change in hand at this time.
    Following { moved_at: i64 },
    /// The database changed after Litestream last moved, longer ago than `BEHIND_AFTER`:
    /// it is stopped.
    Behind { moved_at: Option<i64> },
}

impl Replication {
    /// A change Litestream has not taken `BEHIND_AFTER` seconds after the one it last took
    /// means it is stopped. (One lone write after it stopped shows only
    /// once the next writes come, a minute later: the page is a check, not an alarm.)
    pub fn of(o: Observed) -> Replication {
        if !o.seen {
            return Replication::Off;
        }
        match (o.moved_at, o.changed_at) {
            (None, _) => Replication::Behind { moved_at: None },
            (Some(moved), Some(changed)) if changed - moved > BEHIND_AFTER => Replication::Behind {
                moved_at: Some(moved),
            },
            (Some(moved), _) => Replication::Following { moved_at: moved },
        }
    }

    /// Whether Palabre should leave checkpoints to Litestream: its folder is there, and it
    /// has not stopped following for `CHECKPOINTS_BACK_AFTER` seconds.
    pub fn leaves_checkpoints(o: Observed) -> bool {
        match Replication::of(o) {
            Replication::Off => false,
            Replication::Following { .. } => true,
            Replication::Behind { moved_at } => match (moved_at, o.changed_at) {
                (Some(moved), Some(changed)) => changed - moved <= CHECKPOINTS_BACK_AFTER,
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_032_800;

    fn seen(moved: Option<i64>, changed: Option<i64>) -> Observed {
        Observed {
            seen: true,
            moved_at: moved,
            changed_at: changed,
        }
    }

    #[test]
    fn no_folder_means_no_replication() {
        assert_eq!(Replication::of(Observed::default()), Replication::Off);
        assert!(!Replication::leaves_checkpoints(Observed::default()));
    }

    #[test]
    fn checkpoints_come_back_when_litestream_stopped_for_good() {
        // Following: Litestream checkpoints.
        assert!(Replication::leaves_checkpoints(seen(
            Some(NOW - 3),
            Some(NOW - 4)
        )));
        // Behind for five minutes: still Litestream's (it may be restarting).
        assert!(Replication::leaves_checkpoints(seen(
            Some(NOW - 300),
            Some(NOW)
        )));
        // Writes for more than ten minutes since it last moved: Palabre takes them back.
        assert!(!Replication::leaves_checkpoints(seen(
            Some(NOW - 601),
            Some(NOW)
        )));
        // A folder with nothing Palabre can date: no.
        assert!(!Replication::leaves_checkpoints(seen(None, Some(NOW))));
    }

    #[test]
    fn a_replica_that_keeps_up_is_following() {
        // Shipped after the last change.
        let r = Replication::of(seen(Some(NOW - 3), Some(NOW - 4)));
        assert_eq!(r, Replication::Following { moved_at: NOW - 3 });
        // A quiet database: nothing to ship for hours is still fine.
        assert_eq!(
            Replication::of(seen(Some(NOW - 7200), Some(NOW - 7201))),
            Replication::Following {
                moved_at: NOW - 7200
            }
        );
        // A change a second ago, not shipped yet: normal.
        assert_eq!(
            Replication::of(seen(Some(NOW - 30), Some(NOW - 1))),
            Replication::Following { moved_at: NOW - 30 }
        );
    }

    #[test]
    fn a_replica_left_behind_is_said() {
        // Changes for the last ten minutes, nothing shipped for an hour.
        assert_eq!(
            Replication::of(seen(Some(NOW - 3600), Some(NOW - 600))),
            Replication::Behind {
                moved_at: Some(NOW - 3600)
            }
        );
        // The folder is there but empty: Litestream never shipped anything.
        assert_eq!(
            Replication::of(seen(None, Some(NOW - 10))),
            Replication::Behind { moved_at: None }
        );
    }
}
