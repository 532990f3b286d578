//! The settings form: what an admin sets for the whole site.

use serde::Deserialize;

use crate::domain::links::PublicAddress;
use crate::domain::reference::RefCode;
use crate::domain::setup::FieldErrors;

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

/// The site's settings as an admin saved them, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub moderation_mode: String,
    pub upload_max_mb: u64,
    pub report_threshold: u32,
    pub licence: String,
    /// None: the instance keeps the code it has.
    pub reference_code: Option<RefCode>,
    /// None: no public address (links follow the address the page was asked on).
    pub public_address: Option<PublicAddress>,
}

impl SettingsForm {
    /// The settings, or what is wrong by field: moderation before or after publication, an
    /// upload limit of 1 to 200 MB, 1 to 100 reports to hide, one of the two licences (a
    /// form without the field keeps the Licence Ouverte), a reference code and a public
    /// address when given.
    pub fn parse(&self) -> Result<Settings, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !matches!(self.moderation_mode.as_str(), "a_priori" | "a_posteriori") {
            errors.push(("moderation_mode", "settings-error-mode"));
        }
        let mb = self.upload_max_mb.trim().parse::<u64>().ok();
        let mb = mb.filter(|m| (1..=200).contains(m));
        if mb.is_none() {
            errors.push(("upload_max_mb", "settings-error-upload"));
        }
        let reports = self.report_threshold.trim().parse::<u32>().ok();
        let reports = reports.filter(|n| (1..=100).contains(n));
        if reports.is_none() {
            errors.push(("report_threshold", "settings-error-reports"));
        }
        let licence = match self.licence.as_str() {
            "" => "licence-ouverte",
            l => l,
        };
        if !matches!(licence, "licence-ouverte" | "odbl") {
            errors.push(("licence", "settings-error-licence"));
        }
        let code = match self.reference_code.trim() {
            "" => Ok(None),
            c => RefCode::parse(c).map(Some),
        };
        if let Err(e) = &code {
            errors.push(("reference_code", e));
        }
        let address = PublicAddress::parse(&self.public_address);
        if let Err(e) = &address {
            errors.push(("public_address", e));
        }
        match (mb, reports, code, address) {
            (
                Some(upload_max_mb),
                Some(report_threshold),
                Ok(reference_code),
                Ok(public_address),
            ) if errors.is_empty() => Ok(Settings {
                moderation_mode: self.moderation_mode.clone(),
                upload_max_mb,
                report_threshold,
                licence: licence.to_string(),
                reference_code,
                public_address,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> SettingsForm {
        SettingsForm {
            moderation_mode: "a_priori".into(),
            upload_max_mb: " 20 ".into(),
            report_threshold: "3".into(),
            licence: String::new(),
            reference_code: String::new(),
            public_address: String::new(),
        }
    }

    #[test]
    fn a_form_without_licence_or_code_keeps_the_defaults() {
        let s = form().parse().unwrap();
        assert_eq!(s.upload_max_mb, 20);
        assert_eq!(s.licence, "licence-ouverte");
        assert_eq!(s.reference_code, None);
        assert_eq!(s.public_address, None);
    }

    #[test]
    fn every_field_out_of_bounds_is_named() {
        let f = SettingsForm {
            moderation_mode: "jamais".into(),
            upload_max_mb: "201".into(),
            report_threshold: "0".into(),
            licence: "cc-by".into(),
            reference_code: "p-1".into(),
            public_address: "pas une adresse".into(),
        };
        let fields: Vec<&str> = f.parse().unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "moderation_mode",
                "upload_max_mb",
                "report_threshold",
                "licence",
                "reference_code",
                "public_address"
            ]
        );
    }
}
