//! Filing a contribution (a proposal, a comment, a support), whoever files it: the public
//! form, a kiosk, a facilitator typing in a paper form, or a workshop bundle being imported.
//! One type per act, and the rules that decide how it starts (published or waiting, which
//! channel), so that every way in applies the same ones.

use super::proposal::NewProposal;
use super::reference::Reference;

/// How a contribution reached the consultation (the `channels.csv` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The public form, outside any workshop.
    Online,
    /// The public form on a participant's own phone, during a workshop on this laptop.
    Workshop,
    /// A paper form typed in by a facilitator.
    Paper,
    /// The shared device of a workshop (kiosk mode).
    Kiosk,
    Email,
    WhatsApp,
    Phone,
    /// A show of hands counted in a workshop (priority round).
    Hands,
    /// A text message through the site's phone.
    Sms,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 10] = [
        Channel::Online,
        Channel::Workshop,
        Channel::Paper,
        Channel::Kiosk,
        Channel::Email,
        Channel::WhatsApp,
        Channel::Phone,
        Channel::Hands,
        Channel::Sms,
        Channel::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "en_ligne",
            Channel::Workshop => "atelier",
            Channel::Paper => "papier",
            Channel::Kiosk => "kiosque",
            Channel::Email => "courriel",
            Channel::WhatsApp => "whatsapp",
            Channel::Phone => "telephone",
            Channel::Hands => "mains_levees",
            Channel::Sms => "sms",
            Channel::Other => "autre",
        }
    }

    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The channel of something posted through the public pages: on the kiosk, during a
    /// workshop on this laptop, or plainly online.
    pub fn of_public_post(kiosk: bool, workshop_in_progress: bool) -> Channel {
        match (kiosk, workshop_in_progress) {
            (true, _) => Channel::Kiosk,
            (false, true) => Channel::Workshop,
            (false, false) => Channel::Online,
        }
    }
}

/// Where a contribution stands for the public (stored by `db::codes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Pending,
    Approved,
    Rejected,
}

/// The moderation mode the admin chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModerationMode {
    /// Nothing public before a moderator approves it (the default).
    #[default]
    APriori,
    /// Published at once; moderators withhold afterwards.
    APosteriori,
}

impl ModerationMode {
    pub fn parse(setting: Option<&str>) -> ModerationMode {
        match setting {
            Some("a_posteriori") => ModerationMode::APosteriori,
            _ => ModerationMode::APriori,
        }
    }
}

/// The state a new contribution starts in. Contributions recorded here follow the mode;
/// those imported from a workshop bundle always wait for this site's moderators, whatever
/// the workshop laptop decided.
pub fn initial_moderation(mode: ModerationMode, imported: bool) -> Moderation {
    match (imported, mode) {
        (true, _) => Moderation::Pending,
        (false, ModerationMode::APriori) => Moderation::Pending,
        (false, ModerationMode::APosteriori) => Moderation::Approved,
    }
}

/// Who recorded a contribution: this instance, now, or another one whose bundle is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Made here; the reference is given by this instance.
    Here,
    /// Made on another instance, which gave it its unique id and its reference.
    Elsewhere {
        instance_id: String,
        /// The reference to file it under here; None for bundles older than references
        /// (format 1 and 2).
        reference: Option<Reference>,
        /// The reference its receipt shows, when it is filed under another one
        /// (`reference::arriving`).
        given: Option<Reference>,
        bundle_id: i64,
    },
}

/// A paper form typed in by a facilitator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperForm {
    pub number: String,
    pub entered_by: String,
}

/// A proposal to file.
#[derive(Debug, Clone)]
pub struct ProposalFiling {
    /// Globally unique id, kept by every instance that holds it.
    pub uid: String,
    pub proposal: NewProposal,
    pub consultation_id: i64,
    pub channel: Channel,
    pub workshop_id: Option<i64>,
    pub paper: Option<PaperForm>,
    pub recorded: Recorded,
    /// SHA-256 of the private follow-up token.
    pub follow_token_hash: Vec<u8>,
    /// The one-time submission key of the form that sent it: a second post with the same key
    /// gets the first receipt and writes nothing.
    pub submission: Option<Vec<u8>>,
    pub moderation: Moderation,
    /// The device mark (`security::device_mark`) of the participant's cookie; none for a
    /// paper form or a record from before marks were kept.
    pub device: Option<String>,
    pub created_at: i64,
}

/// A comment to file on a proposal.
#[derive(Debug, Clone)]
pub struct CommentFiling {
    /// Globally unique id, kept by every instance that holds it.
    pub uid: String,
    pub body: String,
    pub author_name: String,
    pub channel: Channel,
    pub workshop_id: Option<i64>,
    pub recorded: Recorded,
    pub submission: Option<Vec<u8>>,
    pub moderation: Moderation,
    /// The device mark (`security::device_mark`) of the participant's cookie; none for a
    /// paper form or a record from before marks were kept.
    pub device: Option<String>,
    pub created_at: i64,
}

/// A support to file on a proposal.
#[derive(Debug, Clone)]
pub struct SupportFiling {
    /// Globally unique id, kept by every instance that holds it.
    pub uid: String,
    pub participant: String,
    pub channel: Channel,
    pub workshop_id: Option<i64>,
    pub recorded: Recorded,
    /// The device mark (`security::device_mark`) of the participant's cookie; none for a
    /// paper form or a record from before marks were kept.
    pub device: Option<String>,
    pub created_at: i64,
}

/// What a proposal whose page a comment or support targets says about taking them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Openness {
    Open,
    /// Its consultation is closed.
    Closed,
    /// It was merged into another: contributions go there.
    Merged(String),
}

/// Whether a proposal takes comments and supports now. A merged proposal never does, even
/// while its consultation is open: they would not reach the proposal that carries on.
pub fn openness(consultation_open: bool, merged_into: Option<&str>) -> Openness {
    match (merged_into, consultation_open) {
        (Some(target), _) => Openness::Merged(target.to_string()),
        (None, true) => Openness::Open,
        (None, false) => Openness::Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_trip_and_match_the_seed_list() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(c));
            assert!(
                super::super::seed::find(&super::super::seed::CHANNELS, c.code()).is_some(),
                "{} missing from channels.csv",
                c.code()
            );
        }
        assert_eq!(Channel::parse("pigeon"), None);
    }

    #[test]
    fn public_posts_say_where_they_were_made() {
        assert_eq!(Channel::of_public_post(true, true), Channel::Kiosk);
        assert_eq!(Channel::of_public_post(true, false), Channel::Kiosk);
        assert_eq!(Channel::of_public_post(false, true), Channel::Workshop);
        assert_eq!(Channel::of_public_post(false, false), Channel::Online);
    }

    #[test]
    fn imported_contributions_always_wait_for_review() {
        use ModerationMode::*;
        assert_eq!(initial_moderation(APriori, false), Moderation::Pending);
        assert_eq!(initial_moderation(APosteriori, false), Moderation::Approved);
        assert_eq!(initial_moderation(APosteriori, true), Moderation::Pending);
        assert_eq!(initial_moderation(APriori, true), Moderation::Pending);
        assert_eq!(ModerationMode::parse(Some("a_posteriori")), APosteriori);
        assert_eq!(ModerationMode::parse(Some("x")), APriori);
        assert_eq!(ModerationMode::parse(None), APriori);
    }

    #[test]
    fn merged_proposals_take_nothing_more() {
        assert_eq!(openness(true, None), Openness::Open);
        assert_eq!(openness(false, None), Openness::Closed);
        assert_eq!(
            openness(true, Some("P-0002")),
            Openness::Merged("P-0002".into())
        );
        assert_eq!(
            openness(false, Some("P-0002")),
            Openness::Merged("P-0002".into())
        );
    }
}
