//! The training exercises (`palabre demo`): what each asks, which chapter of the guide
//! explains it, and the rule that ticks it off from what the data show happened since the
//! training started. Pure: the counts come from `db::training`.

/// What happened since the training started, counted from the data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Since {
    pub pgo_saved: i64,
    pub documents_added: i64,
    pub moderated: i64,
    pub answered: i64,
    pub merged: i64,
    pub paper_typed: i64,
    pub excel_exports: i64,
    pub syntheses_published: i64,
    pub workshop_imports: i64,
    pub accounts_added: i64,
}

/// One exercise: its message ids (`training-<id>-title`, `-goal`), the guide chapter that
/// explains it, and how many of its events make it done.
#[derive(Debug, Clone, Copy)]
pub struct Exercise {
    pub id: &'static str,
    pub chapter: &'static str,
    pub needed: i64,
    count: fn(&Since) -> i64,
}

impl Exercise {
    pub fn done(&self, s: &Since) -> bool {
        (self.count)(s) >= self.needed
    }

    /// How far along: (events so far, needed), the first capped at the second.
    pub fn progress(&self, s: &Since) -> (i64, i64) {
        ((self.count)(s).min(self.needed), self.needed)
    }
}

pub const EXERCISES: [Exercise; 10] = [
    Exercise {
        id: "pgo",
        chapter: "preparer",
        needed: 1,
        count: |s| s.pgo_saved,
    },
    Exercise {
        id: "document",
        chapter: "preparer",
        needed: 1,
        count: |s| s.documents_added,
    },
    Exercise {
        id: "moderate",
        chapter: "moderer-repondre",
        needed: 5,
        count: |s| s.moderated,
    },
    Exercise {
        id: "answer",
        chapter: "moderer-repondre",
        needed: 1,
        count: |s| s.answered,
    },
    Exercise {
        id: "merge",
        chapter: "moderer-repondre",
        needed: 1,
        count: |s| s.merged,
    },
    Exercise {
        id: "paper",
        chapter: "ateliers-regionaux",
        needed: 1,
        count: |s| s.paper_typed,
    },
    Exercise {
        id: "export",
        chapter: "resultats-synthese",
        needed: 1,
        count: |s| s.excel_exports,
    },
    Exercise {
        id: "synthesis",
        chapter: "resultats-synthese",
        needed: 1,
        count: |s| s.syntheses_published,
    },
    Exercise {
        id: "import",
        chapter: "ateliers-regionaux",
        needed: 1,
        count: |s| s.workshop_imports,
    },
    Exercise {
        id: "team",
        chapter: "moderer-repondre",
        needed: 1,
        count: |s| s.accounts_added,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_done_at_the_start_and_each_exercise_ticks_on_its_own_event() {
        let none = Since::default();
        assert!(EXERCISES.iter().all(|e| !e.done(&none)));
        let bump: [fn(&mut Since); 10] = [
            |s| s.pgo_saved += 1,
            |s| s.documents_added += 1,
            |s| s.moderated += 5,
            |s| s.answered += 1,
            |s| s.merged += 1,
            |s| s.paper_typed += 1,
            |s| s.excel_exports += 1,
            |s| s.syntheses_published += 1,
            |s| s.workshop_imports += 1,
            |s| s.accounts_added += 1,
        ];
        for (i, b) in bump.iter().enumerate() {
            let mut s = Since::default();
            b(&mut s);
            let done: Vec<&str> = EXERCISES
                .iter()
                .filter(|e| e.done(&s))
                .map(|e| e.id)
                .collect();
            assert_eq!(done, [EXERCISES[i].id], "event {i}");
        }
    }

    #[test]
    fn moderating_takes_five() {
        let mut s = Since {
            moderated: 4,
            ..Since::default()
        };
        let m = EXERCISES[2];
        assert!(!m.done(&s));
        assert_eq!(m.progress(&s), (4, 5));
        s.moderated = 9;
        assert!(m.done(&s));
        assert_eq!(m.progress(&s), (5, 5));
    }
}
