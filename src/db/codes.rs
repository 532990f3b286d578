//! How the domain's enums are stored: each one by its code, the same string the exports and
//! addresses use. Unknown codes read back as a column type error, never as a guess.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::contribution::Channel;
use crate::domain::moderation::Reason;
use crate::domain::proposal::Status;

/// Stores `$t` by `code()` and reads it back with `parse`.
macro_rules! stored_by_code {
    ($t:ty, $what:literal) => {
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                <$t>::parse(code).ok_or_else(|| {
                    FromSqlError::Other(format!(concat!("unknown ", $what, " {:?}"), code).into())
                })
            }
        }
    };
}

stored_by_code!(Status, "status");
stored_by_code!(Channel, "channel");
stored_by_code!(Reason, "withholding reason");

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_status_channel_and_reason_is_stored_by_its_code_and_read_back() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        for s in Status::ALL {
            let (code, back): (String, Status) = c
                .query_row("SELECT ?1, ?1", [s], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!((code.as_str(), back), (s.code(), s));
        }
        let odd: rusqlite::Result<Status> = c.query_row("SELECT 'adoptee'", [], |r| r.get(0));
        assert!(odd.is_err());
        for k in Channel::ALL {
            let back: Channel = c.query_row("SELECT ?1", [k], |r| r.get(0)).unwrap();
            assert_eq!(back, k);
        }
        for r in Reason::ALL {
            let back: Reason = c.query_row("SELECT ?1", [r], |r| r.get(0)).unwrap();
            assert_eq!(back, r);
        }
    }
}
