//! Pure types and rules: no web framework, no database.

pub mod account;
pub mod consultation;
pub mod document;
pub mod moderation;
pub mod oversight;
pub mod password;
pub mod proposal;
pub mod seed;
pub mod setup;
pub mod workshop;
