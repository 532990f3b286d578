//! The settings form: what an admin sets for the whole site.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub moderation_mode: String,
    #[serde(default)]
    pub upload_max_mb: String,
    #[serde(default)]
    pub report_threshold: String,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub reference_code: String,
    #[serde(default)]
    pub public_address: String,
}
