//! Site-wide settings read on every page.

use crate::i18n::Lang;

/// Site-wide settings read on every page, cached in the state and refreshed when they change.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub name: String,
    pub organisation: String,
    pub default_lang: Lang,
    pub setup_done: bool,
    /// The address set in the settings for links that leave the site.
    pub public_address: Option<crate::domain::links::PublicAddress>,
    /// The version of the organisation's logo, when there is one (its address is
    /// `/logo?v={version}`).
    pub logo: Option<String>,
    /// The size of the logo's screen copy, for `width` and `height` (none for a logo of
    /// before screen copies, until the next start).
    pub logo_size: Option<(u32, u32)>,
}
