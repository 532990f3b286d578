//! Filing proposals, supports and comments: references, repeats, merges, paper forms.

use super::*;
use crate::db::DbError;
use crate::domain::contribution::{Channel, PaperForm};
use crate::domain::proposal::NewProposal;

fn filing(uid: &str, title: &str) -> ProposalFiling {
    ProposalFiling {
        uid: uid.into(),
        proposal: NewProposal {
            title: title.into(),
            problem: "Pas de courant la nuit.".into(),
            solution: "Des panneaux solaires.".into(),
            benefit: String::new(),
            theme: "sante".into(),
            zone: "gbeke".into(),
            contributor_type: "citoyen".into(),
            ogp_values: vec![],
            author_name: String::new(),
            organisation: String::new(),
            contact: None,
            language: "fr".into(),
        },
        consultation_id: 1,
        channel: Channel::Online,
        workshop_id: None,
        paper: None,
        recorded: Recorded::Here,
        follow_token_hash: format!("hash-{uid}").into_bytes(),
        submission: None,
        moderation: Moderation::Pending,
        device: None,
        created_at: 10,
    }
}

fn imported(uid: &str, reference: Option<&str>, bundle_id: i64) -> ProposalFiling {
    ProposalFiling {
        recorded: Recorded::Elsewhere {
            instance_id: "laptop".into(),
            reference: reference.and_then(Reference::parse),
            given: None,
            bundle_id,
        },
        ..filing(uid, "Importée")
    }
}

/// Every way in gives the same rules: this instance's code and counter for what it
/// records, the workshop's own reference for what it imports (renumbered, keeping the
/// original, only when the reference is another contribution's here), one record per
/// submission key, one per paper number, nothing new for a known unique id.
#[test]
fn filing_keeps_references_for_life() {
    let (_dir, db) = crate::db::test_db();
    let outcomes = db
        .write(|c| {
            crate::db::consultations::insert(c, "c", "C", 0, 9_999_999_999, 0)?;
            c.execute(
                "INSERT INTO bundles(sha256, source_instance, created_at, imported_at, added, already) VALUES ('h', 'laptop', 0, 0, 0, 0)",
                [],
            )?;
            c.execute(
                "INSERT INTO workshops(uid, instance_id, name, zone, held_on, created_at) VALUES ('w', 'i', 'Atelier', 'poro', '2026-11-20', 0)",
                [],
            )?;
            let mut out = Vec::new();
            out.push(file_proposal(c, &filing("a", "Un"), "i")?);
            settings::set(c, settings::REFERENCE_CODE, "KGO")?;
            let keyed = ProposalFiling {
                submission: Some(b"key".to_vec()),
                ..filing("b", "Deux")
            };
            out.push(file_proposal(c, &keyed, "i")?);
            out.push(file_proposal(c, &ProposalFiling { uid: "b2".into(), ..keyed }, "i")?);
            let paper = ProposalFiling {
                channel: Channel::Paper,
                workshop_id: Some(1),
                paper: Some(PaperForm {
                    number: "12".into(),
                    entered_by: "awa".into(),
                }),
                ..filing("c", "Trois")
            };
            out.push(file_proposal(c, &paper, "i")?);
            out.push(file_proposal(c, &ProposalFiling { uid: "c2".into(), ..paper }, "i")?);
            out.push(file_proposal(c, &imported("d", Some("BKO-0001"), 1), "i")?);
            out.push(file_proposal(c, &imported("d", Some("BKO-0001"), 1), "i")?);
            out.push(file_proposal(c, &imported("e", Some("KGO-0001"), 1), "i")?);
            out.push(file_proposal(c, &imported("f", None, 1), "i")?);
            let moderation: String =
                c.query_row("SELECT moderation FROM proposals WHERE uid = 'd'", [], |r| r.get(0))?;
            let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            Ok::<_, crate::db::DbError>((out, moderation, check))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (out, moderation, check) = outcomes;
    let id = |f: &Filed| match f {
        Filed::New { id, .. }
        | Filed::Repeat { id, .. }
        | Filed::Renumbered { id, .. }
        | Filed::Already { id } => *id,
        Filed::PaperTaken { .. } => 0,
    };
    assert_eq!(
        out[0],
        Filed::New {
            id: id(&out[0]),
            reference: "P-0001".into()
        }
    );
    assert_eq!(
        out[1],
        Filed::New {
            id: id(&out[1]),
            reference: "KGO-0001".into()
        }
    );
    assert_eq!(
        out[2],
        Filed::Repeat {
            id: id(&out[1]),
            reference: "KGO-0001".into()
        }
    );
    assert_eq!(
        out[3],
        Filed::New {
            id: id(&out[3]),
            reference: "KGO-0002".into()
        }
    );
    assert_eq!(
        out[4],
        Filed::PaperTaken {
            reference: "KGO-0002".into()
        }
    );
    assert_eq!(
        out[5],
        Filed::New {
            id: id(&out[5]),
            reference: "BKO-0001".into()
        }
    );
    assert_eq!(out[6], Filed::Already { id: id(&out[5]) });
    assert_eq!(
        out[7],
        Filed::Renumbered {
            id: id(&out[7]),
            reference: "KGO-0003".into(),
            original: "KGO-0001".into()
        }
    );
    assert_eq!(
        out[8],
        Filed::New {
            id: id(&out[8]),
            reference: "KGO-0004".into()
        }
    );
    assert_eq!(moderation, "pending");
    assert_eq!(check, "ok");
    let p = db
        .read(|c| {
            let r = Reference::parse("kgo-3").unwrap_or_else(|| panic!());
            Ok::<_, crate::db::DbError>(by_reference(c, &r)?)
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("KGO-0003 not found"));
    assert_eq!(p.provenance.original_reference.as_deref(), Some("KGO-0001"));
    assert!(p.provenance.imported);
    assert_eq!(p.provenance.instance_id, "laptop");
}

/// A merged proposal takes no comment or support from people any more; what a bundle
/// brings for it goes to the proposal it was merged into, a participant counting once.
#[test]
fn merged_proposals_refuse_and_pass_on() {
    let (_dir, db) = crate::db::test_db();
    let (a, b, c1, c2, c3, count) = db
        .write(|c| {
            crate::db::consultations::insert(c, "c", "C", 0, 9_999_999_999, 0)?;
            c.execute(
                "INSERT INTO bundles(sha256, source_instance, created_at, imported_at, added, already) VALUES ('h', 'laptop', 0, 0, 0, 0)",
                [],
            )?;
            let Filed::New { id: dup, .. } = file_proposal(c, &filing("a", "Doublon"), "i")? else {
                panic!()
            };
            let Filed::New { id: keep, .. } = file_proposal(c, &filing("b", "Gardée"), "i")? else {
                panic!()
            };
            let support = |who: &str, recorded: Recorded| SupportFiling {
                uid: format!("s-{who}"),
                participant: who.into(),
                channel: Channel::Online,
                workshop_id: None,
                recorded,
                device: None,
                created_at: 10,
            };
            file_support(c, keep, &support("ama", Recorded::Here), "i")?;
            c.execute("UPDATE proposals SET merged_into = ?2, status = 'fusionnee' WHERE id = ?1", [dup, keep])?;
            let a = file_support(c, dup, &support("kofi", Recorded::Here), "i")?;
            let elsewhere = Recorded::Elsewhere {
                instance_id: "laptop".into(),
                reference: None,
                given: None,
                bundle_id: 1,
            };
            let b = file_support(c, dup, &support("ama", elsewhere.clone()), "i")?;
            let c1 = file_support(c, dup, &SupportFiling { uid: "s-yao".into(), ..support("yao", elsewhere.clone()) }, "i")?;
            let comment = CommentFiling {
                uid: "k".into(),
                body: "Bien".into(),
                author_name: String::new(),
                channel: Channel::Online,
                workshop_id: None,
                recorded: Recorded::Here,
                submission: None,
                moderation: Moderation::Approved,
                device: None,
                created_at: 10,
            };
            let c2 = file_comment(c, dup, &comment, "i")?;
            let c3 = file_comment(c, dup, &CommentFiling { recorded: elsewhere, ..comment }, "i")?;
            let count: i64 =
                c.query_row("SELECT support_count FROM proposals WHERE id = ?1", [keep], |r| r.get(0))?;
            Ok::<_, crate::db::DbError>((a, b, c1, c2, c3, count))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, Taken::Merged("P-0002".into()));
    assert_eq!(b, Taken::Already { published: true });
    assert_eq!(c1, Taken::Added { published: true });
    assert_eq!(c2, Taken::Merged("P-0002".into()));
    assert_eq!(c3, Taken::Added { published: true });
    assert_eq!(count, 2);
}

/// Only published proposals are in the full-text index: a submission is not indexed, an
/// approval indexes it, withholding removes it; the bundled SQLite's integrity check
/// (which checks FTS5 tables too) stays ok throughout.
#[test]
fn the_search_index_holds_published_proposals_only() {
    let (_dir, db) = crate::db::test_db();
    let found = |db: &crate::db::Db| -> (i64, i64, String) {
        db.read(|c| {
            let f = Filter {
                query: Some("electricite".into()),
                ..Filter::default()
            };
            let (_, total) = list_public(c, &f)?;
            let indexed: i64 = c.query_row(
                "SELECT count(*) FROM proposals_fts WHERE proposals_fts MATCH '\"electricite\"*'",
                [],
                |r| r.get(0),
            )?;
            let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            Ok::<_, crate::db::DbError>((total, indexed, check))
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let id = db
        .write(|c| {
            crate::db::consultations::insert(c, "c", "C", 0, 9_999_999_999, 0)?;
            let f = filing("u1", "Électricité au dispensaire");
            file_proposal(c, &f, "i")?;
            Ok::<_, crate::db::DbError>(c.last_insert_rowid())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found(&db), (0, 0, "ok".into()));
    let set = |m: &str| {
        db.write(|c| {
            c.execute(
                "UPDATE proposals SET moderation = ?2 WHERE id = ?1",
                params![id, m],
            )?;
            Ok::<_, crate::db::DbError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    set("approved");
    assert_eq!(found(&db), (1, 1, "ok".into()));
    // An edit of a published text is indexed anew, once.
    db.write(|c| {
        c.execute(
            "UPDATE proposals SET title = 'Électricité solaire' WHERE id = ?1",
            [id],
        )?;
        Ok::<_, crate::db::DbError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found(&db), (1, 1, "ok".into()));
    set("rejected");
    assert_eq!(found(&db), (0, 0, "ok".into()));
    set("approved");
    db.write(|c| {
        c.execute("DELETE FROM proposals WHERE id = ?1", [id])?;
        Ok::<_, crate::db::DbError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found(&db), (0, 0, "ok".into()));
}

#[test]
fn search_terms_are_quoted_prefixes() {
    assert_eq!(
        super::fts_query("électricité  rurale").as_deref(),
        Some("\"électricité\"* \"rurale\"*")
    );
    assert_eq!(
        super::fts_query("\"); DROP TABLE x; --").as_deref(),
        Some("\"DROP\"* \"TABLE\"* \"x\"*")
    );
    assert_eq!(super::fts_query(" ... "), None);
}

/// A proposal or a support moves only the contributions' counter, so that the pages that do
/// not show contributions stay cached; a staff sign-in failure moves no public page's counter.
#[test]
fn writes_move_only_the_topics_they_touch() {
    use crate::db::topics::Topic;
    let (_dir, db) = crate::db::test_db();
    db.write(|c| {
        Ok::<_, DbError>(crate::db::consultations::insert(
            c,
            "c",
            "C",
            0,
            9_999_999_999,
            0,
        )?)
    })
    .unwrap();
    let quiet = [
        Topic::Content,
        Topic::Timeline,
        Topic::Catalogue,
        Topic::Settings,
    ];
    let (q0, c0) = (db.stamp(&quiet), db.stamp(&[Topic::Contributions]));
    let mut f = filing("u1", "Éclairer le marché");
    f.moderation = Moderation::Approved;
    db.write(|c| Ok::<_, DbError>(file_proposal(c, &f, "ici")?))
        .unwrap();
    db.write(|c| {
        let id = id_by_uid(c, "u1")?.unwrap();
        let s = SupportFiling {
            uid: "s1".into(),
            participant: "p1".into(),
            channel: Channel::Online,
            workshop_id: None,
            recorded: Recorded::Here,
            device: None,
            created_at: 11,
        };
        Ok::<_, DbError>(file_support(c, id, &s, "ici")?)
    })
    .unwrap();
    db.write(|c| Ok::<_, DbError>(crate::db::throttle::record_failure(c, "login:x", 5, 12)?))
        .unwrap();
    assert_eq!(
        db.stamp(&quiet),
        q0,
        "pages without contributions stay valid"
    );
    assert_eq!(db.stamp(&[Topic::Contributions]), c0 + 2);
}
