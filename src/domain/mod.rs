//! Pure types and rules: no web framework, no database.

pub mod account;
pub mod bundle;
pub mod consultation;
pub mod contact;
pub mod contribution;
pub mod document;
pub mod journal;
pub mod links;
pub mod logo;
pub mod moderation;
pub mod open_data;
pub mod oversight;
pub mod password;
pub mod proposal;
pub mod proxy;
pub mod reference;
pub mod seed;
pub mod settings;
pub mod setup;
pub mod site;
pub mod slug;
pub mod stats;
pub mod theme;
pub mod timeline;
pub mod training;
pub mod workshop;
