//! The populations the record's reach is drawn on: shipped per district (migration 0012),
//! changed by admins, per region only once entered.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::record::{Area, Population};

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Population> {
    let kind: String = r.get(1)?;
    Ok(Population {
        area: if kind == "region" {
            Area::Region(r.get(0)?)
        } else {
            Area::District(r.get(0)?)
        },
        people: r.get::<_, i64>(2)?.max(0).unsigned_abs(),
        source: r.get(3)?,
        verified: r.get::<_, i64>(4)? == 1,
        updated_at: r.get(5)?,
        updated_by: r.get(6)?,
    })
}

const COLUMNS: &str = "area, kind, people, source, verified, updated_at, updated_by";

/// Every population, districts first, then by name.
pub fn all(c: &Connection) -> rusqlite::Result<Vec<Population>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM populations ORDER BY kind, area"
    ))?
    .query_map([], row)?
    .collect()
}

pub fn get(c: &Connection, area: &Area) -> rusqlite::Result<Option<Population>> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM populations WHERE area = ?1 AND kind = ?2"),
        params![area.name(), area.kind()],
        row,
    )
    .optional()
}

/// Enters an area's figure and its source, as checked by an admin (`verified`), or as
/// found elsewhere. Creates the row for a region entered for the first time.
pub fn set(
    c: &Connection,
    area: &Area,
    people: u64,
    source: &str,
    verified: bool,
    by: &str,
    now: i64,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO populations (area, kind, people, source, verified, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (area) DO UPDATE SET people = excluded.people, source = excluded.source,
             verified = excluded.verified, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
        params![
            area.name(),
            area.kind(),
            i64::try_from(people).unwrap_or(i64::MAX),
            source,
            verified,
            now,
            by
        ],
    )
    .map(|_| ())
}

/// Replaces the row of districts known only together, `joint`, by the two rows of `split`.
pub fn split(
    c: &Connection,
    joint: &Area,
    split: &crate::domain::population::Split,
) -> rusqlite::Result<()> {
    c.execute(
        "DELETE FROM populations WHERE area = ?1 AND kind = 'district'",
        [joint.name()],
    )?;
    for p in [&split.known, &split.rest] {
        set(
            c,
            &p.area,
            p.people,
            &p.source,
            p.verified,
            p.updated_by.as_deref().unwrap_or_default(),
            p.updated_at.unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// An admin's figure `entry` (split off its joint row when `split` is given), with the
/// journal line that says who changed it, from what: one write.
pub fn enter(
    c: &Connection,
    entry: &crate::domain::population::Entry,
    split_of: Option<&crate::domain::population::Split>,
    by: crate::domain::account::Actor<'_>,
    note: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let before = get(c, &entry.area)?;
    match split_of {
        Some(s) => split(c, &entry.area, s)?,
        None => set(
            c,
            &entry.area,
            entry.people,
            &entry.source,
            entry.verified,
            by.login,
            now,
        )?,
    }
    crate::db::moderation::audit(
        c,
        &crate::db::moderation::Audit {
            proposal_id: None,
            comment_id: None,
            action: "population",
            from: before.map(|p| p.people.to_string()).as_deref(),
            to: Some(&entry.people.to_string()),
            note,
        },
        Some(by),
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbError, test_db};

    /// The migration ships `assets/data/ci_population_districts.csv` (from the project's
    /// shared data) row for row, every district of the zones list is counted once, and the
    /// total is the national one of RGPH 2021.
    #[test]
    fn the_shipped_populations_are_the_csv_and_cover_every_district() {
        let (_dir, db) = test_db();
        let list = db
            .read(|c| Ok::<_, DbError>(all(c)?))
            .unwrap_or_else(|e| panic!("{e}"));
        let csv = include_str!("../../assets/data/ci_population_districts.csv");
        let mut rows = 0;
        for line in csv.lines().skip(1) {
            let (name, rest) = line.split_once(',').unwrap_or_default();
            let people: u64 = rest
                .split(',')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_default();
            let found = list
                .iter()
                .find(|p| p.area == Area::District(name.to_string()))
                .unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(found.people, people, "{name}");
            assert!(!found.verified);
            rows += 1;
        }
        assert_eq!(rows, list.len());
        assert_eq!(list.iter().map(|p| p.people).sum::<u64>(), 29_389_150);
        let mut districts: Vec<&str> = crate::domain::seed::ZONES
            .iter()
            .filter(|z| !z.district.is_empty())
            .map(|z| z.district.as_str())
            .collect();
        districts.sort_unstable();
        districts.dedup();
        assert_eq!(districts.len(), 14);
        for d in districts {
            assert!(
                crate::domain::record::population_of(&list, d).is_some(),
                "{d} has no population"
            );
        }
    }

    #[test]
    fn an_admin_enters_the_official_figure_and_a_region() {
        let (_dir, db) = test_db();
        let abidjan = Area::District("Abidjan".into());
        let gbeke = Area::Region("gbeke".into());
        db.write(|c| {
            set(
                c,
                &abidjan,
                6_500_000,
                "ANSTAT, RGPH 2021, tableau 3",
                true,
                "awa.kone",
                10,
            )?;
            set(c, &gbeke, 1_300_000, "ANSTAT", true, "awa.kone", 11)?;
            Ok::<_, DbError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let (a, g) = db
            .read(|c| Ok::<_, DbError>((get(c, &abidjan)?, get(c, &gbeke)?)))
            .unwrap_or_else(|e| panic!("{e}"));
        let a = a.unwrap_or_else(|| panic!("Abidjan"));
        assert_eq!(
            (a.people, a.verified, a.updated_by.as_deref()),
            (6_500_000, true, Some("awa.kone"))
        );
        assert_eq!(g.map(|g| g.people), Some(1_300_000));
    }
}
