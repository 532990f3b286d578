//! How the domain's enums are stored: each one by its code, the same string the exports and
//! addresses use. Unknown codes read back as a column type error, never as a guess.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::proposal::Status;

impl ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.code()))
    }
}

impl FromSql for Status {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let code = value.as_str()?;
        Status::parse(code)
            .ok_or_else(|| FromSqlError::Other(format!("unknown status {code:?}").into()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_stored_by_its_code_and_read_back() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        for s in Status::ALL {
            let (code, back): (String, Status) = c
                .query_row("SELECT ?1, ?1", [s], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!((code.as_str(), back), (s.code(), s));
        }
        let odd: rusqlite::Result<Status> = c.query_row("SELECT 'adoptee'", [], |r| r.get(0));
        assert!(odd.is_err());
    }
}
