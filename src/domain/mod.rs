//! Pure types and rules: no web framework, no database.

pub mod account;
pub mod consultation;
pub mod contribution;
pub mod document;
pub mod links;
pub mod logo;
pub mod moderation;
pub mod oversight;
pub mod password;
pub mod proposal;
pub mod reference;
pub mod seed;
pub mod setup;
pub mod slug;
pub mod training;
pub mod workshop;
