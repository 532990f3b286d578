//! How the domain's enums are stored: each one by its code, the same string the exports and
//! addresses use. Every write goes through a parsed value; a code this version does not know
//! (a hand-edited file, a later version's data) reads back as the column's default, with a
//! warning in the log, so that one odd row never takes a public page down.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::contribution::{Channel, Moderation};
use crate::domain::moderation::Reason;
use crate::domain::proposal::Status;

/// Stores `$t` by `code()` and reads it back with `parse`, `$fallback` when unknown.
macro_rules! stored_by_code {
    ($t:ty, $what:literal, $fallback:expr) => {
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                Ok(<$t>::parse(code).unwrap_or_else(|| {
                    tracing::warn!(code, concat!("unknown ", $what, " read as the default"));
                    $fallback
                }))
            }
        }
    };
}

stored_by_code!(Status, "status", Status::Received);
stored_by_code!(Channel, "channel", Channel::Other);
stored_by_code!(Reason, "withholding reason", Reason::Other);

/// The stored code of a moderation state (the same in exports and the journal).
pub fn moderation_code(m: Moderation) -> &'static str {
    match m {
        Moderation::Pending => "pending",
        Moderation::Approved => "approved",
        Moderation::Rejected => "rejected",
    }
}

/// Whether `code` is one of the stored moderation codes.
pub fn is_moderation_code(code: &str) -> bool {
    moderation_code(moderation_of(code)) == code
}

/// The moderation state of a stored code; anything unknown is treated as not yet reviewed
/// (never public).
pub fn moderation_of(code: &str) -> Moderation {
    [Moderation::Approved, Moderation::Rejected]
        .into_iter()
        .find(|m| moderation_code(*m) == code)
        .unwrap_or(Moderation::Pending)
}

impl ToSql for Moderation {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(moderation_code(*self)))
    }
}

impl FromSql for Moderation {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(moderation_of(value.as_str()?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_status_channel_and_reason_is_stored_by_its_code_and_an_unknown_one_reads_as_the_default()
     {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        for s in Status::ALL {
            let (code, back): (String, Status) = c
                .query_row("SELECT ?1, ?1", [s], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!((code.as_str(), back), (s.code(), s));
        }
        let unknown: (Status, Channel, Reason) = c
            .query_row("SELECT 'adoptee', 'pigeon', 'fatigue'", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(unknown, (Status::Received, Channel::Other, Reason::Other));
        let not_text: rusqlite::Result<Status> = c.query_row("SELECT 3", [], |r| r.get(0));
        assert!(not_text.is_err());
        for k in Channel::ALL {
            let back: Channel = c.query_row("SELECT ?1", [k], |r| r.get(0)).unwrap();
            assert_eq!(back, k);
        }
        for m in [
            Moderation::Pending,
            Moderation::Approved,
            Moderation::Rejected,
        ] {
            let back: Moderation = c.query_row("SELECT ?1", [m], |r| r.get(0)).unwrap();
            assert_eq!(back, m);
        }
        let odd: Moderation = c.query_row("SELECT 'spam'", [], |r| r.get(0)).unwrap();
        assert_eq!(odd, Moderation::Pending, "unknown: never public");
        for r in Reason::ALL {
            let back: Reason = c.query_row("SELECT ?1", [r], |r| r.get(0)).unwrap();
            assert_eq!(back, r);
        }
    }
}
