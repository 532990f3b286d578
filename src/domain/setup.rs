//! The first-run setup form: five fields become a validated `SetupInput`, or a list of
//! per-field errors (message ids) to show next to each field.

use serde::Deserialize;

use super::account::Login;
use super::password::NewPassword;

/// The raw form, exactly as posted (kept to re-display what was typed).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    pub site_name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    #[serde(default)]
    pub language: String,
    /// When contributions open: `now` (the default) or `notice`, two weeks from now as the
    /// OGP asks, leaving time to publish the timeline.
    #[serde(default)]
    pub opening: String,
}

/// Days between setup and the opening of the first consultation when `notice` is chosen.
pub const NOTICE_OPENING_DAYS: i64 = super::oversight::NOTICE_DAYS;

#[derive(Debug, Clone)]
pub struct SetupInput {
    pub site_name: String,
    pub organisation: String,
    pub login: Login,
    pub password: NewPassword,
    pub language: String,
    /// Days from setup to the opening of contributions.
    pub opens_in_days: i64,
}

pub const NAME_MAX: usize = 200;

/// Field name → message id.
pub type FieldErrors = Vec<(&'static str, &'static str)>;

impl SetupForm {
    pub fn parse(&self) -> Result<SetupInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let site_name = self.site_name.trim().to_string();
        if site_name.is_empty() {
            errors.push(("site_name", "setup-error-site-name"));
        } else if site_name.chars().count() > NAME_MAX {
            errors.push(("site_name", "error-too-long"));
        }
        let organisation = self.organisation.trim().to_string();
        if organisation.is_empty() {
            errors.push(("organisation", "setup-error-organisation"));
        } else if organisation.chars().count() > NAME_MAX {
            errors.push(("organisation", "error-too-long"));
        }
        let login = Login::parse(&self.login)
            .map_err(|e| errors.push(("login", e.message_id())))
            .ok();
        let password =
            NewPassword::parse(&self.password, &self.password_confirm, self.login.trim())
                .map_err(|e| errors.push(("password", e.message_id())))
                .ok();
        let language = match self.language.as_str() {
            "fr" | "en" => self.language.clone(),
            _ => {
                errors.push(("language", "setup-error-language"));
                String::new()
            }
        };
        let opens_in_days = match self.opening.as_str() {
            "" | "now" => 0,
            "notice" => NOTICE_OPENING_DAYS,
            _ => {
                errors.push(("opening", "setup-error-opening"));
                0
            }
        };
        match (login, password) {
            (Some(login), Some(password)) if errors.is_empty() => Ok(SetupInput {
                site_name,
                organisation,
                login,
                password,
                language,
                opens_in_days,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SetupForm {
        SetupForm {
            site_name: " PAN 6 — Consultation nationale ".into(),
            organisation: "Ministère".into(),
            login: "awa".into(),
            password: "Baobab-Tiassale-42".into(),
            password_confirm: "Baobab-Tiassale-42".into(),
            language: "fr".into(),
            opening: String::new(),
        }
    }

    #[test]
    fn contributions_open_now_unless_two_weeks_are_asked() {
        let now = form().parse().map(|i| i.opens_in_days);
        assert_eq!(now.ok(), Some(0));
        let notice = SetupForm {
            opening: "notice".into(),
            ..form()
        };
        assert_eq!(notice.parse().map(|i| i.opens_in_days).ok(), Some(14));
        let odd = SetupForm {
            opening: "demain".into(),
            ..form()
        };
        let e = odd.parse().err().unwrap_or_default();
        assert_eq!(e, vec![("opening", "setup-error-opening")]);
    }

    #[test]
    fn a_good_form_parses_and_trims() {
        let input = form().parse().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(input.site_name, "PAN 6 — Consultation nationale");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let f = SetupForm {
            site_name: " ".into(),
            password_confirm: "x".into(),
            language: "de".into(),
            ..form()
        };
        let errs = f.parse().err().unwrap_or_default();
        let fields: Vec<_> = errs.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["site_name", "password", "language"]);
    }
}
