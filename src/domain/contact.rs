//! The point of contact (OGP requirement 2.1): who the public can reach about the consultation.

use super::setup::FieldErrors;

/// An e-mail address as people write one (empty is allowed: a phone number will do).
fn email_ok(email: &str) -> bool {
    email.is_empty()
        || (email.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')
        }) && !email
            .chars()
            .any(|ch| ch.is_whitespace() || ch == '<' || ch == '>' || ch == '"'))
}

/// The point of contact (OGP requirement 2.1), shown wherever people look for it.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

impl Contact {
    /// The contact as the admin typed it, checked: a name, an e-mail address or a phone
    /// number to reach them by, each well formed, none longer than 200 signs; the contact
    /// (trimmed) comes back with the errors so that the form keeps what was typed.
    pub fn parse(
        name: &str,
        role: &str,
        email: &str,
        phone: &str,
    ) -> Result<Contact, (Contact, FieldErrors)> {
        let c = Contact {
            name: name.trim().to_string(),
            role: role.trim().to_string(),
            email: email.trim().to_string(),
            phone: phone.trim().to_string(),
        };
        let mut errors = FieldErrors::new();
        for (field, value) in [
            ("contact_name", &c.name),
            ("contact_role", &c.role),
            ("contact_email", &c.email),
            ("contact_phone", &c.phone),
        ] {
            if value.chars().count() > 200 {
                errors.push((field, "error-too-long"));
            }
        }
        if c.name.is_empty() {
            errors.push(("contact_name", "admin-contact-error-name"));
        }
        if !email_ok(&c.email) {
            errors.push(("contact_email", "admin-contact-error-email"));
        }
        if !c
            .phone
            .chars()
            .all(|ch| ch.is_ascii_digit() || " +-.()".contains(ch))
        {
            errors.push(("contact_phone", "admin-contact-error-phone"));
        }
        if c.email.is_empty() && c.phone.is_empty() {
            errors.push(("contact_email", "admin-contact-error-reach"));
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err((c, errors))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.email.is_empty() && self.phone.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_name_and_a_way_to_reach_them() {
        assert!(Contact::parse(" Awa Koné ", "Point focal", "awa@gouv.ci", "").is_ok());
        assert!(Contact::parse("Awa", "", "", "+225 07 00 00 00").is_ok());
        let err = |r: Result<Contact, (Contact, FieldErrors)>| r.err().map(|(_, e)| e);
        assert_eq!(
            err(Contact::parse("", "", "awa@gouv.ci", "")),
            Some(vec![("contact_name", "admin-contact-error-name")])
        );
        assert_eq!(
            err(Contact::parse("Awa", "", "awa@gouv", "")),
            Some(vec![("contact_email", "admin-contact-error-email")])
        );
        assert_eq!(
            err(Contact::parse("Awa", "", "", "07 abc")),
            Some(vec![("contact_phone", "admin-contact-error-phone"),])
        );
        assert_eq!(
            err(Contact::parse("Awa", "", "", "")),
            Some(vec![("contact_email", "admin-contact-error-reach")])
        );
    }
}
