//! The priority round's storage: staff's setting per consultation, people's ballots with
//! their themes, and workshops' counts (paper ballots, show of hands).

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::bundle::{BallotRecord, TallyRecord};
use crate::domain::contribution::Channel;
use crate::domain::priority::{
    Ballot, BallotRow, Profile, Round, RoundSetting, Tally, TallyRow, Votes,
};

/// Staff's setting of a consultation's round (None: never set, the defaults hold).
pub fn setting(c: &Connection, consultation_id: i64) -> rusqlite::Result<Option<RoundSetting>> {
    c.prepare_cached(
        "SELECT enabled, opens_at, closes_at, max_choices FROM priority_rounds \
         WHERE consultation_id = ?1",
    )?
    .query_row([consultation_id], |r| {
        Ok(RoundSetting {
            enabled: r.get(0)?,
            opens_at: r.get(1)?,
            closes_at: r.get(2)?,
            max_choices: r.get::<_, i64>(3)?.clamp(1, 5) as u8,
        })
    })
    .optional()
}

pub fn set_setting(c: &Connection, consultation_id: i64, s: &RoundSetting) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO priority_rounds (consultation_id, enabled, opens_at, closes_at, max_choices) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (consultation_id) DO UPDATE SET \
         enabled = excluded.enabled, opens_at = excluded.opens_at, \
         closes_at = excluded.closes_at, max_choices = excluded.max_choices",
        params![
            consultation_id,
            s.enabled,
            s.opens_at,
            s.closes_at,
            i64::from(s.max_choices)
        ],
    )
    .map(|_| ())
}

/// Every consultation's round, most recent consultation first.
pub fn rounds(c: &Connection) -> rusqlite::Result<Vec<Round>> {
    let mut out = Vec::new();
    for (k, _) in crate::db::consultations::all(c)? {
        let s = setting(c, k.id)?;
        out.push(Round::of(&k, s.as_ref()));
    }
    Ok(out)
}

/// A ballot to file, with where it comes from.
#[derive(Debug, Clone)]
pub struct BallotFiling<'a> {
    pub uid: &'a str,
    pub instance_id: &'a str,
    pub consultation_id: i64,
    pub channel: Channel,
    pub workshop_id: Option<i64>,
    pub ballot: &'a Ballot,
    pub submission_key: Option<&'a [u8]>,
    pub device: Option<&'a str>,
    pub bundle_id: Option<i64>,
    pub created_at: i64,
}

/// How a ballot was filed: new, or the one this uid or submission key filed before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cast {
    New(String),
    Repeat(String),
}

/// Files a ballot and its themes; a replay (the same submission key or uid) files nothing and
/// names the first.
pub fn file_ballot(c: &Connection, f: &BallotFiling<'_>) -> rusqlite::Result<Cast> {
    if let Some(k) = f.submission_key
        && let Some(uid) = by_submission(c, k)?
    {
        return Ok(Cast::Repeat(uid));
    }
    let p: &Profile = &f.ballot.profile;
    let added = c
        .prepare_cached(
            "INSERT INTO priority_ballots (uid, instance_id, consultation_id, channel, \
             workshop_id, zone, contributor_type, sex, age_band, submission_key, device, \
             bundle_id, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
             ON CONFLICT (uid) DO NOTHING",
        )?
        .execute(params![
            f.uid,
            f.instance_id,
            f.consultation_id,
            f.channel.code(),
            f.workshop_id,
            p.zone,
            p.contributor_type,
            p.sex,
            p.age_band,
            f.submission_key,
            f.device,
            f.bundle_id,
            f.created_at
        ])?;
    if added == 0 {
        return Ok(Cast::Repeat(f.uid.to_string()));
    }
    let id = c.last_insert_rowid();
    let mut add = c.prepare_cached(
        "INSERT INTO priority_choices (ballot_id, theme) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for t in &f.ballot.themes {
        add.execute(params![id, t])?;
    }
    Ok(Cast::New(f.uid.to_string()))
}

/// The uid of the ballot this submission key filed, if any.
pub fn by_submission(c: &Connection, key: &[u8]) -> rusqlite::Result<Option<String>> {
    c.prepare_cached("SELECT uid FROM priority_ballots WHERE submission_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// A ballot's themes by its uid, for its receipt (None: no such ballot).
pub fn ballot_themes(c: &Connection, uid: &str) -> rusqlite::Result<Option<Vec<String>>> {
    let id: Option<i64> = c
        .prepare_cached("SELECT id FROM priority_ballots WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let themes = c
        .prepare_cached("SELECT theme FROM priority_choices WHERE ballot_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Some(themes))
}

/// Records a workshop's count for `consultation_id`; a count of the same kind typed again
/// replaces the earlier one (its numbers, who typed it, when).
pub fn set_tally(
    c: &Connection,
    uid: &str,
    instance_id: &str,
    (consultation_id, workshop_id): (i64, i64),
    t: &Tally,
    entered_by: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let id: i64 = c
        .prepare_cached(
            "INSERT INTO priority_tallies (uid, instance_id, consultation_id, workshop_id, \
             channel, people, entered_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (workshop_id, channel) DO UPDATE SET \
             consultation_id = excluded.consultation_id, people = excluded.people, \
             entered_by = excluded.entered_by, updated_at = excluded.updated_at \
             RETURNING id",
        )?
        .query_row(
            params![
                uid,
                instance_id,
                consultation_id,
                workshop_id,
                t.channel.code(),
                i64::try_from(t.people).unwrap_or(i64::MAX),
                entered_by,
                now
            ],
            |r| r.get(0),
        )?;
    c.prepare_cached("DELETE FROM priority_tally_counts WHERE tally_id = ?1")?
        .execute([id])?;
    let mut add = c.prepare_cached(
        "INSERT INTO priority_tally_counts (tally_id, theme, count) VALUES (?1, ?2, ?3)",
    )?;
    for (theme, n) in &t.counts {
        add.execute(params![id, theme, i64::try_from(*n).unwrap_or(i64::MAX)])?;
    }
    Ok(())
}

/// A workshop's counts, by channel.
pub fn tallies_of(c: &Connection, workshop_id: i64) -> rusqlite::Result<Vec<Tally>> {
    let heads: Vec<(i64, Channel, i64)> = c
        .prepare_cached(
            "SELECT id, channel, people FROM priority_tallies WHERE workshop_id = ?1 ORDER BY channel",
        )?
        .query_map([workshop_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, channel, people) in heads {
        out.push(Tally {
            channel,
            people: people.max(0).unsigned_abs(),
            counts: counts_of(c, id)?,
        });
    }
    Ok(out)
}

fn counts_of(c: &Connection, tally_id: i64) -> rusqlite::Result<Vec<(String, u64)>> {
    c.prepare_cached(
        "SELECT theme, count FROM priority_tally_counts WHERE tally_id = ?1 ORDER BY theme",
    )?
    .query_map([tally_id], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0).unsigned_abs()))
    })?
    .collect()
}

/// Everything a consultation's results count: its ballots and its workshops' counts.
pub fn votes(c: &Connection, consultation_id: i64) -> rusqlite::Result<Votes> {
    let mut ballots: Vec<BallotRow> = Vec::new();
    let mut last: Option<i64> = None;
    let mut rows = c.prepare_cached(
        "SELECT b.id, b.channel, b.zone, b.contributor_type, b.sex, b.age_band, ch.theme \
         FROM priority_ballots b JOIN priority_choices ch ON ch.ballot_id = b.id \
         WHERE b.consultation_id = ?1 ORDER BY b.id",
    )?;
    let mut q = rows.query([consultation_id])?;
    while let Some(r) = q.next()? {
        let id: i64 = r.get(0)?;
        let theme: String = r.get(6)?;
        match ballots.last_mut() {
            Some(b) if last == Some(id) => b.themes.push(theme),
            _ => {
                ballots.push(BallotRow {
                    channel: r.get(1)?,
                    profile: Profile {
                        zone: r.get(2)?,
                        contributor_type: r.get(3)?,
                        sex: r.get(4)?,
                        age_band: r.get(5)?,
                    },
                    themes: vec![theme],
                });
                last = Some(id);
            }
        }
    }
    let heads: Vec<(i64, String, String, i64)> = c
        .prepare_cached(
            "SELECT t.id, t.channel, w.zone, t.people FROM priority_tallies t \
             JOIN workshops w ON w.id = t.workshop_id WHERE t.consultation_id = ?1 ORDER BY t.id",
        )?
        .query_map([consultation_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut tallies = Vec::new();
    for (id, channel, zone, people) in heads {
        tallies.push(TallyRow {
            channel,
            zone,
            people: people.max(0).unsigned_abs(),
            counts: counts_of(c, id)?,
        });
    }
    Ok(Votes { ballots, tallies })
}

/// Ballots and people counted in workshops, for the record: (ballots, people in counts).
pub fn participation(c: &Connection, consultation_id: Option<i64>) -> rusqlite::Result<(u64, u64)> {
    let (b, t): (i64, i64) = c
        .prepare_cached(
            "SELECT (SELECT count(*) FROM priority_ballots WHERE ?1 IS NULL OR consultation_id = ?1), \
                    (SELECT coalesce(sum(people), 0) FROM priority_tallies \
                      WHERE ?1 IS NULL OR consultation_id = ?1)",
        )?
        .query_row([consultation_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((b.max(0).unsigned_abs(), t.max(0).unsigned_abs()))
}

/// The ballots and workshop counts recorded here (not imported), for a workshop file.
pub fn recorded_here(c: &Connection) -> rusqlite::Result<(Vec<BallotRecord>, Vec<TallyRecord>)> {
    let mut ballots: Vec<BallotRecord> = c
        .prepare(
            "SELECT b.id, b.uid, b.instance_id, b.channel,              (SELECT w.uid FROM workshops w WHERE w.id = b.workshop_id),              b.zone, b.contributor_type, b.sex, b.age_band, b.created_at              FROM priority_ballots b WHERE b.bundle_id IS NULL ORDER BY b.id",
        )?
        .query_map([], |r| {
            Ok(BallotRecord {
                // The row id until the themes are read, below.
                themes: vec![r.get::<_, i64>(0)?.to_string()],
                uid: r.get(1)?,
                instance_id: r.get(2)?,
                channel: r.get(3)?,
                workshop_uid: r.get(4)?,
                zone: r.get(5)?,
                contributor_type: r.get(6)?,
                sex: r.get(7)?,
                age_band: r.get(8)?,
                created_at: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut themes =
        c.prepare_cached("SELECT theme FROM priority_choices WHERE ballot_id = ?1 ORDER BY theme")?;
    for b in &mut ballots {
        let id: i64 = b.themes[0].parse().unwrap_or_default();
        b.themes = themes
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    let heads: Vec<(i64, TallyRecord)> = c
        .prepare(
            "SELECT t.id, t.uid, t.instance_id, w.uid, t.channel, t.people, t.entered_by,              t.updated_at FROM priority_tallies t JOIN workshops w ON w.id = t.workshop_id              WHERE t.bundle_id IS NULL ORDER BY t.id",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                TallyRecord {
                    uid: r.get(1)?,
                    instance_id: r.get(2)?,
                    workshop_uid: r.get(3)?,
                    channel: r.get(4)?,
                    people: r.get::<_, i64>(5)?.max(0).unsigned_abs(),
                    counts: Vec::new(),
                    entered_by: r.get(6)?,
                    updated_at: r.get(7)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut tallies = Vec::new();
    for (id, mut t) in heads {
        t.counts = counts_of(c, id)?;
        tallies.push(t);
    }
    Ok((ballots, tallies))
}

/// A workshop's count from a workshop file, for `consultation_id`: true when it is new or
/// changed here (the same count imported again changes nothing).
pub fn import_tally(
    c: &Connection,
    r: &TallyRecord,
    t: &Tally,
    (consultation_id, workshop_id, bundle_id): (i64, i64, i64),
) -> rusqlite::Result<bool> {
    let mut counts = t.counts.clone();
    counts.sort();
    let same = tallies_of(c, workshop_id)?.into_iter().any(|mut old| {
        old.counts.sort();
        old.channel == t.channel && old.people == t.people && old.counts == counts
    });
    if same {
        return Ok(false);
    }
    set_tally(
        c,
        &r.uid,
        &r.instance_id,
        (consultation_id, workshop_id),
        t,
        &r.entered_by,
        r.updated_at,
    )?;
    c.prepare_cached(
        "UPDATE priority_tallies SET bundle_id = ?1 WHERE workshop_id = ?2 AND channel = ?3",
    )?
    .execute(params![bundle_id, workshop_id, t.channel.code()])?;
    Ok(true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::db::{DbError, test_db};
    use crate::domain::priority::parse_tally;

    fn ballot(themes: &[&str]) -> Ballot {
        Ballot {
            themes: themes.iter().map(|t| t.to_string()).collect(),
            profile: Profile {
                zone: "poro".into(),
                ..Profile::default()
            },
        }
    }

    fn filing<'a>(uid: &'a str, b: &'a Ballot, key: Option<&'a [u8]>, k: i64) -> BallotFiling<'a> {
        BallotFiling {
            uid,
            instance_id: "here",
            consultation_id: k,
            channel: Channel::Online,
            workshop_id: None,
            ballot: b,
            submission_key: key,
            device: None,
            bundle_id: None,
            created_at: 1,
        }
    }

    #[test]
    fn a_ballot_replayed_is_counted_once_and_a_count_typed_again_replaces_the_first() {
        let (_dir, db) = test_db();
        db.write(|c| {
            let k = crate::db::consultations::all(c)?
                .first()
                .map(|(k, _)| k.id)
                .unwrap_or_else(|| {
                    crate::db::consultations::insert(c, "k1", "Plan", 0, 1_000, 0).unwrap()
                });
            let b = ballot(&["sante", "budget"]);
            let key: &[u8] = b"key";
            assert_eq!(
                file_ballot(c, &filing("u1", &b, Some(key), k))?,
                Cast::New("u1".into())
            );
            assert_eq!(
                file_ballot(c, &filing("u2", &b, Some(key), k))?,
                Cast::Repeat("u1".into())
            );
            assert_eq!(
                file_ballot(c, &filing("u1", &b, None, k))?,
                Cast::Repeat("u1".into())
            );
            let v = votes(c, k)?;
            assert_eq!(v.ballots.len(), 1);
            assert_eq!(v.ballots[0].themes.len(), 2);
            let w = crate::db::workshops::insert(
                c,
                &crate::domain::workshop::NewWorkshop {
                    name: "Korhogo".into(),
                    place: String::new(),
                    zone: "poro".into(),
                    held_on: "2026-03-01".into(),
                    facilitators: String::new(),
                },
                "w1",
                "here",
                0,
            )?;
            let pairs = |people: &str, sante: &str| {
                vec![
                    ("channel".to_string(), "papier".to_string()),
                    ("people".to_string(), people.to_string()),
                    ("t_sante".to_string(), sante.to_string()),
                ]
            };
            let t = parse_tally(&pairs("30", "20"), &["sante"], 3).unwrap();
            set_tally(c, "t1", "here", (k, w), &t, "awa", 5)?;
            let t = parse_tally(&pairs("35", "25"), &["sante"], 3).unwrap();
            set_tally(c, "t2", "here", (k, w), &t, "awa", 6)?;
            let v = votes(c, k)?;
            assert_eq!(v.tallies.len(), 1);
            assert_eq!(v.tallies[0].people, 35);
            assert_eq!(v.tallies[0].counts, [("sante".to_string(), 25)]);
            assert_eq!(participation(c, Some(k))?, (1, 35));
            Ok::<_, DbError>(())
        })
        .unwrap();
    }
}
