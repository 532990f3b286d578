//! HTML pages (maud). Every visible text comes from `locales/` through `Lang::t`.

pub mod admin;
pub mod admin_content;
pub mod attendance;
pub mod auth;
pub mod backup;
pub mod bundles;
pub mod components;
pub mod consultations;
pub mod content;
pub mod errors;
pub mod guide;
pub mod home;
pub mod layout;
pub mod logo;
pub mod markdown;
pub mod moderation;
pub mod participation;
pub mod pdf;
pub mod priorities;
pub mod record;
pub mod results;
pub mod setup;
pub mod sms;
pub mod timeline;
pub mod training;
pub mod tunnel;
pub mod workshops;

pub use layout::PageCtx;
