//! Staff accounts.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::account::{Login, Role};

use crate::domain::account::Account;

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    Ok(Account {
        id: r.get(0)?,
        login: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Facilitator),
        password_hash: r.get(3)?,
        disabled: r.get(4)?,
        created_at: r.get(5)?,
    })
}

const COLUMNS: &str = "id, login, role, password_hash, disabled, created_at";

pub fn by_login(c: &Connection, login: &str) -> rusqlite::Result<Option<Account>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff_accounts WHERE login = ?1"
    ))?
    .query_row([login], from_row)
    .optional()
}

pub fn list(c: &Connection) -> rusqlite::Result<Vec<Account>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff_accounts ORDER BY login"
    ))?
    .query_map([], from_row)?
    .collect()
}

pub fn count_admins(c: &Connection) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT count(*) FROM staff_accounts WHERE role = 'admin' AND disabled = 0")?
        .query_row([], |r| r.get(0))
}

/// Inserts a new account; `Ok(None)` when the login is taken.
pub fn insert(
    c: &Connection,
    login: &Login,
    role: Role,
    hash: &str,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let n = c
        .prepare_cached(
            "INSERT INTO staff_accounts(login, password_hash, role, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(login) DO NOTHING",
        )?
        .execute(params![login.as_str(), hash, role.code(), now])?;
    Ok((n == 1).then(|| c.last_insert_rowid()))
}

/// Creates the account or resets its password and role (and re-enables it); the account's
/// open sessions end. Returns true when it was created.
pub fn upsert(
    c: &Connection,
    login: &Login,
    role: Role,
    hash: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    if insert(c, login, role, hash, now)?.is_some() {
        return Ok(true);
    }
    c.prepare_cached(
        "UPDATE staff_accounts SET password_hash = ?2, role = ?3, disabled = 0, updated_at = ?4 \
         WHERE login = ?1",
    )?
    .execute(params![login.as_str(), hash, role.code(), now])?;
    c.prepare_cached(
        "DELETE FROM staff_sessions WHERE account_id = (SELECT id FROM staff_accounts WHERE login = ?1)",
    )?
    .execute([login.as_str()])?;
    c.prepare_cached(
        "DELETE FROM known_devices WHERE account_id = (SELECT id FROM staff_accounts WHERE login = ?1)",
    )?
    .execute([login.as_str()])?;
    // A reset is the way back in after a lock-out: forget the failures too.
    c.prepare_cached("DELETE FROM login_throttle WHERE key = ?1")?
        .execute([crate::db::throttle::account_key(login.as_str())])?;
    Ok(false)
}

/// Replaces an account's password: its other sessions end (a stolen one too) and its other
/// browsers are no longer known; the session `keep` (a session token's hash) and the browser
/// `keep_device` (a device token's hash) it was changed from stay.
pub fn set_password(
    c: &Connection,
    id: i64,
    hash: &str,
    keep: &[u8],
    keep_device: &[u8],
    now: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE staff_accounts SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id, hash, now])?;
    c.prepare_cached("DELETE FROM staff_sessions WHERE account_id = ?1 AND token_hash <> ?2")?
        .execute(params![id, keep])?;
    super::sessions::forget_devices(c, id, keep_device)
}

pub fn set_disabled(c: &Connection, id: i64, disabled: bool, now: i64) -> rusqlite::Result<bool> {
    let n = c
        .prepare_cached("UPDATE staff_accounts SET disabled = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, disabled, now])?;
    if disabled {
        c.prepare_cached("DELETE FROM staff_sessions WHERE account_id = ?1")?
            .execute([id])?;
        super::sessions::forget_devices(c, id, &[])?;
    }
    Ok(n == 1)
}
