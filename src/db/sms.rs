//! Texts in and out: the senders (a number kept only to answer them), every text read once,
//! and the queue of texts to send with their states.

use rusqlite::{Connection, OptionalExtension, params};

/// Settings keys of the phone (the address may also come from the command line).
pub mod keys {
    pub const URL: &str = "sms.gateway_url";
    pub const LOGIN: &str = "sms.login";
    pub const PASSWORD: &str = "sms.password";
    /// The time (ISO 8601, the phone's) of the newest text read.
    pub const CURSOR: &str = "sms.cursor";
    /// The last time the phone answered, and its state.
    pub const SEEN_AT: &str = "sms.seen_at";
    pub const STATE: &str = "sms.state";
    /// The key the phone signs its webhook calls with (made once, shown to admins).
    pub const SIGNING_KEY: &str = "sms.signing_key";
}

/// A sender: their row, whether they said STOP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub id: i64,
    pub stopped: bool,
}

/// The sender of `number` (`hash`: its keyed hash), created on first text.
pub fn sender(c: &Connection, number: &str, hash: &str, now: i64) -> rusqlite::Result<Sender> {
    c.prepare_cached(
        "INSERT INTO sms_senders (number, number_hash, created_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (number_hash) DO UPDATE SET number = coalesce(number, excluded.number)",
    )?
    .execute(params![number, hash, now])?;
    c.prepare_cached("SELECT id, stopped_at IS NOT NULL FROM sms_senders WHERE number_hash = ?1")?
        .query_row([hash], |r| {
            Ok(Sender {
                id: r.get(0)?,
                stopped: r.get(1)?,
            })
        })
}

/// Records that the text `key` was read; false when it was read before (nothing to do).
pub fn read_once(
    c: &Connection,
    key: &str,
    sender_id: i64,
    kind: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let added = c
        .prepare_cached(
            "INSERT INTO sms_in (message_key, sender_id, kind, received_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (message_key) DO NOTHING",
        )?
        .execute(params![key, sender_id, kind, now])?;
    Ok(added == 1)
}

/// Ties the text `key` and its sender to the proposal it became.
pub fn link_proposal(
    c: &Connection,
    key: &str,
    sender_id: i64,
    proposal_id: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE sms_in SET proposal_id = ?1 WHERE message_key = ?2")?
        .execute(params![proposal_id, key])?;
    c.prepare_cached("UPDATE proposals SET sms_sender_id = ?1 WHERE id = ?2")?
        .execute(params![sender_id, proposal_id])?;
    Ok(())
}

/// Stops every text to this sender (`true`), or starts them again.
pub fn set_stopped(
    c: &Connection,
    sender_id: i64,
    stopped: bool,
    now: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE sms_senders SET stopped_at = ?1 WHERE id = ?2")?
        .execute(params![stopped.then_some(now), sender_id])?;
    if stopped {
        // What waits is not sent either.
        c.prepare_cached(
            "UPDATE sms_out SET state = 'cancelled' WHERE sender_id = ?1 AND state = 'queued' AND kind <> 'stop'",
        )?
        .execute([sender_id])?;
    }
    Ok(())
}

/// Queues `text` to the sender, unless they said STOP (a STOP's own confirmation excepted).
pub fn queue(
    c: &Connection,
    sender_id: i64,
    kind: &str,
    proposal_id: Option<i64>,
    text: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let stopped: bool = c
        .prepare_cached("SELECT stopped_at IS NOT NULL FROM sms_senders WHERE id = ?1")?
        .query_row([sender_id], |r| r.get(0))
        .optional()?
        .unwrap_or(true);
    if stopped && kind != "stop" {
        return Ok(false);
    }
    c.prepare_cached(
        "INSERT INTO sms_out (uid, sender_id, kind, proposal_id, text, next_try_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        crate::security::random_token(12),
        sender_id,
        kind,
        proposal_id,
        text,
        now
    ])?;
    Ok(true)
}

/// The site's language, name and address for links, as texts say them (the address is
/// the public one, when staff gave it).
pub fn voice(c: &Connection) -> rusqlite::Result<(crate::i18n::Lang, String, String)> {
    use super::settings;
    let lang = settings::get(c, settings::DEFAULT_LANG)?
        .and_then(|l| crate::i18n::Lang::parse(&l))
        .unwrap_or_default();
    let site = settings::get(c, settings::SITE_NAME)?.unwrap_or_default();
    let base = settings::get(c, settings::PUBLIC_ADDRESS)?.unwrap_or_default();
    Ok((lang, site, base.trim_end_matches('/').to_string()))
}

/// Queues the final answer to the proposal `proposal_id` to its sender, if it came by text:
/// its reference, status and the answer's beginning, with its public page.
pub fn queue_answer(
    c: &Connection,
    proposal_id: i64,
    a: &crate::domain::moderation::Answer,
    now: i64,
) -> rusqlite::Result<bool> {
    let row: Option<(Option<i64>, String)> = c
        .prepare_cached("SELECT sms_sender_id, reference FROM proposals WHERE id = ?1")?
        .query_row([proposal_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(sender), reference)) = row else {
        return Ok(false);
    };
    let (lang, site, base) = voice(c)?;
    let link = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/propositions/{reference}")
    };
    let texts = crate::domain::sms::Texts {
        lang,
        site: &site,
        link: &link,
    };
    let status = lang.t(&format!("status-{}", a.status.code()));
    let text = texts.answer(&reference, &status, &a.answer);
    queue(c, sender, "answer", Some(proposal_id), &text, now)
}

/// A text to hand to the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub uid: String,
    pub number: String,
    pub text: String,
    pub attempts: i64,
}

/// Texts to hand to the phone now, oldest first (a sender whose number was erased gets none).
pub fn due(c: &Connection, now: i64, limit: i64) -> rusqlite::Result<Vec<Due>> {
    c.prepare_cached(
        "SELECT o.id, o.uid, s.number, o.text, o.attempts FROM sms_out o \
         JOIN sms_senders s ON s.id = o.sender_id \
         WHERE o.state = 'queued' AND o.next_try_at <= ?1 AND s.number IS NOT NULL \
         ORDER BY o.id LIMIT ?2",
    )?
    .query_map(params![now, limit], |r| {
        Ok(Due {
            id: r.get(0)?,
            uid: r.get(1)?,
            number: r.get(2)?,
            text: r.get(3)?,
            attempts: r.get(4)?,
        })
    })?
    .collect()
}

/// The phone took the text: its state from now on is the phone's.
pub fn handed(c: &Connection, id: i64, state: &str, now: i64) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE sms_out SET state = ?1, sent_at = ?2, attempts = attempts + 1 WHERE id = ?3",
    )?
    .execute(params![state, now, id])
    .map(|_| ())
}

/// The phone could not be reached: try again later (30 s, doubling, at most 30 min).
pub fn retry_later(c: &Connection, id: i64, attempts: i64, now: i64) -> rusqlite::Result<()> {
    let wait = (30_i64 << attempts.clamp(0, 6)).min(1_800);
    c.prepare_cached("UPDATE sms_out SET attempts = attempts + 1, next_try_at = ?1 WHERE id = ?2")?
        .execute(params![now + wait, id])
        .map(|_| ())
}

/// Texts handed to the phone whose final state is not known yet: (id, uid).
pub fn in_flight(c: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    c.prepare_cached(
        "SELECT id, uid FROM sms_out WHERE state IN ('Pending', 'Processed', 'Sent') ORDER BY id LIMIT 50",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// The state the phone reports for a text. A final answer delivered is the end of what the
/// number was kept for: it is erased when no other proposal of that sender waits for its
/// answer and no other text to them waits to go.
pub fn set_state(c: &Connection, id: i64, state: &str, now: i64) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE sms_out SET state = ?1, \
         delivered_at = CASE WHEN ?1 = 'Delivered' THEN ?2 ELSE delivered_at END WHERE id = ?3",
    )?
    .execute(params![state, now, id])?;
    if state == "Delivered" {
        forget_when_answered(c, id)?;
    }
    Ok(())
}

fn forget_when_answered(c: &Connection, out_id: i64) -> rusqlite::Result<()> {
    let row: Option<(i64, String)> = c
        .prepare_cached("SELECT sender_id, kind FROM sms_out WHERE id = ?1")?
        .query_row([out_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((sender, _)) = row.filter(|(_, k)| k == "answer") else {
        return Ok(());
    };
    let open: i64 = c
        .prepare_cached(
            "SELECT (SELECT count(*) FROM proposals WHERE sms_sender_id = ?1 AND status NOT IN \
               ('retenue', 'retenue-en-partie', 'non-retenue', 'hors-champ', 'fusionnee')) \
             + (SELECT count(*) FROM sms_out WHERE sender_id = ?1 AND id <> ?2 \
               AND state IN ('queued', 'Pending', 'Processed', 'Sent'))",
        )?
        .query_row(params![sender, out_id], |r| r.get(0))?;
    if open == 0 {
        c.prepare_cached("UPDATE sms_senders SET number = NULL WHERE id = ?1")?
            .execute([sender])?;
    }
    Ok(())
}

/// Figures for staff: texts received, texts waiting to go, receipts and answers delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: u64,
    pub waiting: u64,
    pub receipts_delivered: u64,
    pub answers_delivered: u64,
    pub failed: u64,
}

pub fn counts(c: &Connection) -> rusqlite::Result<Counts> {
    c.prepare_cached(
        "SELECT (SELECT count(*) FROM sms_in), \
                (SELECT count(*) FROM sms_out WHERE state IN ('queued', 'Pending', 'Processed')), \
                (SELECT count(*) FROM sms_out WHERE kind = 'receipt' AND state = 'Delivered'), \
                (SELECT count(*) FROM sms_out WHERE kind = 'answer' AND state = 'Delivered'), \
                (SELECT count(*) FROM sms_out WHERE state = 'Failed')",
    )?
    .query_row([], |r| {
        let n = |i| r.get::<_, i64>(i).map(|v| v.max(0).unsigned_abs());
        Ok(Counts {
            received: n(0)?,
            waiting: n(1)?,
            receipts_delivered: n(2)?,
            answers_delivered: n(3)?,
            failed: n(4)?,
        })
    })
}

/// The number behind a proposal's sender, masked for staff (None: not by text).
pub fn masked_sender(c: &Connection, proposal_id: i64) -> rusqlite::Result<Option<String>> {
    let number: Option<Option<String>> = c
        .prepare_cached(
            "SELECT s.number FROM proposals p JOIN sms_senders s ON s.id = p.sms_sender_id WHERE p.id = ?1",
        )?
        .query_row([proposal_id], |r| r.get(0))
        .optional()?;
    Ok(number.map(|n| crate::domain::sms::masked(&n.unwrap_or_default())))
}

/// Erases every sender's number (with the contacts): texts already queued are not sent.
pub fn erase_numbers(c: &Connection) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE sms_out SET state = 'cancelled' WHERE state = 'queued'",
        [],
    )?;
    c.execute(
        "UPDATE sms_senders SET number = NULL WHERE number IS NOT NULL",
        [],
    )
}

/// The phone as the dashboard shows it, once it has answered at least once: whether it
/// answered at the last round, when, and how many texts wait to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub on: bool,
    pub seen_at: i64,
    pub waiting: u64,
}

pub fn phone(c: &Connection) -> rusqlite::Result<Option<Phone>> {
    let Some(seen_at) = super::settings::get(c, keys::SEEN_AT)?.and_then(|s| s.parse().ok()) else {
        return Ok(None);
    };
    let on = super::settings::get(c, keys::STATE)?.as_deref() == Some("on");
    Ok(Some(Phone {
        on,
        seen_at,
        waiting: counts(c)?.waiting,
    }))
}
