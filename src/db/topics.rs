//! What a commit touched, by topic: a cached public page names the topics it shows and is
//! rebuilt only when one of them changed (a support on one proposal does not rebuild the OGP
//! page; a staff member signing in rebuilds nothing).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// A family of tables that pages read together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Proposals, comments, supports, reports, decisions and their journal.
    Contributions,
    /// Editable pages, the document library, the logo.
    Content,
    /// The calendar's phases and the forum's meetings.
    Timeline,
    /// Consultations and themes.
    Catalogue,
    Settings,
    /// Workshops and imported workshop files.
    Workshops,
    /// Staff accounts, sessions and sign-in throttling: no public page shows them.
    Staff,
    /// The priority round: its settings, ballots and workshop counts.
    Priorities,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Contributions,
        Topic::Content,
        Topic::Timeline,
        Topic::Catalogue,
        Topic::Settings,
        Topic::Workshops,
        Topic::Staff,
        Topic::Priorities,
    ];

    /// The topic of a table; None for a table not listed here (a later migration's), which
    /// then counts as touching every topic.
    pub fn of_table(table: &str) -> Option<Topic> {
        // The full-text index's own tables (proposals_fts_data, _idx, _docsize…).
        if table.starts_with("proposals_fts") {
            return Some(Topic::Contributions);
        }
        Some(match table {
            "proposals" | "comments" | "supports" | "reports" | "reference_counters"
            | "audit_log" => Topic::Contributions,
            "pages" | "documents" | "document_files" | "document_parts" | "logo" => Topic::Content,
            "timeline_phases" | "forum_meetings" => Topic::Timeline,
            "consultations" | "themes" | "consultation_themes" => Topic::Catalogue,
            "settings" => Topic::Settings,
            "workshops" | "bundles" => Topic::Workshops,
            "staff_accounts" | "staff_sessions" | "login_throttle" => Topic::Staff,
            // Texts in and out are read by staff pages only.
            "sms_senders" | "sms_in" | "sms_out" => Topic::Staff,
            "priority_rounds"
            | "priority_ballots"
            | "priority_choices"
            | "priority_tallies"
            | "priority_tally_counts" => Topic::Priorities,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// One counter per topic, bumped after each batch that touched it (committed or rolled back:
/// a needless rebuild is harmless, a missed one is not).
#[derive(Debug, Default)]
pub struct Generations {
    /// Topics touched by the open batch (set by the writer's update hook).
    dirty: AtomicU32,
    counts: [AtomicU64; Topic::ALL.len()],
}

impl Generations {
    /// The writer changed a row of `table` in the open batch.
    pub fn touched(&self, table: &str) {
        let bits = match Topic::of_table(table) {
            Some(t) => t.bit(),
            None => Topic::ALL.iter().fold(0, |b, t| b | t.bit()),
        };
        self.dirty.fetch_or(bits, Ordering::SeqCst);
    }

    /// The batch ended: bump what it touched. Only now, so that nobody caches what was read
    /// before the commit under the new number.
    pub fn settle(&self) {
        let dirty = self.dirty.swap(0, Ordering::SeqCst);
        for t in Topic::ALL {
            if dirty & t.bit() != 0 {
                self.counts[t as usize].fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// Everything may have changed (a restored file).
    pub fn bump_all(&self) {
        for c in &self.counts {
            c.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub fn of(&self, topic: Topic) -> u64 {
        self.counts[topic as usize].load(Ordering::SeqCst)
    }

    /// A number that changes whenever one of `topics` changes (their counters only grow).
    pub fn stamp(&self, topics: &[Topic]) -> u64 {
        topics.iter().map(|t| self.of(*t)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_bumps_only_what_it_touched() {
        let g = Generations::default();
        let list = [Topic::Contributions, Topic::Catalogue];
        let pgo = [Topic::Content, Topic::Settings];
        let (l0, p0) = (g.stamp(&list), g.stamp(&pgo));
        g.touched("supports");
        g.touched("proposals");
        // Not before the batch ends.
        assert_eq!(g.stamp(&list), l0);
        g.settle();
        assert_eq!(
            g.stamp(&list),
            l0 + 1,
            "one bump per batch, however many rows"
        );
        assert_eq!(g.stamp(&pgo), p0);
        g.touched("staff_sessions");
        g.settle();
        assert_eq!((g.stamp(&list), g.stamp(&pgo)), (l0 + 1, p0));
        // A table nobody listed touches everything.
        g.touched("a_table_of_a_later_version");
        g.settle();
        assert_eq!((g.stamp(&list), g.stamp(&pgo)), (l0 + 3, p0 + 2));
        g.bump_all();
        assert_eq!(g.of(Topic::Staff), 3);
    }
}
