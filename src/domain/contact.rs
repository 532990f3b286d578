//! The point of contact (OGP requirement 2.1): who the public can reach about the consultation.

/// The point of contact (OGP requirement 2.1), shown wherever people look for it.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.email.is_empty() && self.phone.is_empty()
    }
}
