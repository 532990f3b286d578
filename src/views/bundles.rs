//! The workshop bundle page of the admin.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page as layout;

pub fn page(ctx: &PageCtx, outcome: Option<Result<String, String>>) -> Markup {
    let title = ctx.t("bundle-title");
    layout(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @match &outcome {
                Some(Ok(m)) => p.notice role="status" { (m) },
                Some(Err(m)) => div.error-summary role="alert" { p { (ctx.t("bundle-refused")) " " (m) } },
                None => {},
            }
            h2 { (ctx.t("bundle-export-title")) }
            p { (ctx.t("bundle-export-text")) }
            p { a.primary href="/admin/ateliers/fichier/export" download { (ctx.t("bundle-export-button")) } }
            h2 { (ctx.t("bundle-import-title")) }
            p { (ctx.t("bundle-import-text")) }
            form method="post" action={ "/admin/ateliers/fichier/import?csrf_token=" (ctx.csrf) } enctype="multipart/form-data" {
                div.field {
                    label for="bundle" { (ctx.t("bundle-file")) }
                    input #bundle type="file" name="bundle" accept=".zip";
                }
                button.primary type="submit" { (ctx.t("bundle-import-button")) }
            }
        },
    )
}
