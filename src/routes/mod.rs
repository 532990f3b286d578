//! HTTP routes, one module per area, each with its own `configure`.

pub mod admin;
pub mod admin_content;
pub mod api;
pub mod attendance;
pub mod auth;
pub mod backup;
pub mod bundles;
pub mod consultations;
pub mod content;
pub mod exports;
pub mod logo;
pub mod moderation;
pub mod participation;
pub mod priorities;
pub mod public;
pub mod record;
pub mod results;
pub mod settings;
pub mod setup;
pub mod sms;
pub mod timeline;
pub mod training;
pub mod tunnel;
pub mod workshops;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    public::configure(cfg);
    setup::configure(cfg);
    auth::configure(cfg);
    content::configure(cfg);
    consultations::configure(cfg);
    participation::configure(cfg);
    moderation::configure(cfg);
    // Before exports: `/donnees/bilan.*` are not files of `/donnees/{file}`.
    record::configure(cfg);
    // Before exports (`/donnees/priorites.*`) and workshops (`/admin/ateliers/bulletin-…`).
    priorities::configure(cfg);
    exports::configure(cfg);
    backup::configure(cfg);
    results::configure(cfg);
    bundles::configure(cfg);
    workshops::configure(cfg);
    attendance::configure(cfg);
    training::configure(cfg);
    api::configure(cfg);
    admin::configure(cfg);
    admin_content::configure(cfg);
    settings::configure(cfg);
    timeline::configure(cfg);
    tunnel::configure(cfg);
    sms::configure(cfg);
    logo::configure(cfg);
}
