//! The backup page: one click for a copy of the whole database, the command that does the
//! same, and what continuous replication (Litestream) is doing.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::domain::replication::Replication;

/// What the page shows.
pub struct Backup {
    pub data_dir: String,
    pub replication: Replication,
    /// Litestream's folder beside the database.
    pub replica_folder: String,
    /// Whether Palabre leaves checkpoints to Litestream now.
    pub checkpoints_left: bool,
    /// The server runs Windows (the example command names a USB stick's drive).
    pub windows: bool,
}

pub fn backup(ctx: &PageCtx, v: &Backup) -> Markup {
    page(ctx, &ctx.t("backup-title"), body(ctx, v))
}

fn body(ctx: &PageCtx, v: &Backup) -> Markup {
    html! {
        h1 { (ctx.t("backup-title")) }
        section aria-labelledby="copie" {
            h2 #copie { (ctx.t("backup-copy-title")) }
            p { (ctx.t("backup-copy-intro")) }
            p { a.primary href="/admin/sauvegarde/fichier" download { (ctx.t("backup-copy-button")) } }
            p.notice { (ctx.t("backup-copy-personal")) }
            p { (ctx.t("backup-command")) }
            pre { code { @if v.windows { "palabre backup E:\\sauvegarde.sqlite3" } @else { "palabre backup /root/sauvegarde.sqlite3" } } }
            p.hint { (ctx.lang.t_args("backup-data-dir", &[("dir", v.data_dir.clone().into())])) }
        }
        section aria-labelledby="replication" {
            h2 #replication { (ctx.t("backup-replication-title")) }
            @match v.replication {
                Replication::Off => {
                    p role="status" { (ctx.t("backup-replication-off")) }
                    p.hint { (ctx.lang.t_args("backup-replication-how", &[("folder", v.replica_folder.clone().into())])) }
                    p { a href="/guide/heberger-sur-un-serveur" { (ctx.t("backup-replication-guide")) } }
                }
                Replication::Following { moved_at } => {
                    p.notice role="status" { (ctx.lang.t_args("backup-replication-following", &[("when", ctx.lang.datetime(moved_at).into())])) }
                }
                Replication::Behind { moved_at } => {
                    p.warning role="alert" {
                        @match moved_at {
                            Some(at) => (ctx.lang.t_args("backup-replication-behind", &[("when", ctx.lang.datetime(at).into())])),
                            None => (ctx.t("backup-replication-never")),
                        }
                    }
                }
            }
            @if v.checkpoints_left {
                p.hint { (ctx.t("backup-replication-checkpoints")) }
            }
        }
    }
}
