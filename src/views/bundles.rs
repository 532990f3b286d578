//! The workshop bundle page of the admin.

use maud::{Markup, html};

use super::PageCtx;
use super::components::csrf_field;
use super::layout::page as layout;

/// `consultations`: where an import can go (id, title), the most recent first; `chosen`, the
/// one picked last. `outcome`: the import's summary and the records left out, or why the
/// bundle was refused.
pub fn page(
    ctx: &PageCtx,
    consultations: &[(i64, String)],
    chosen: Option<i64>,
    outcome: Option<Result<(String, Vec<String>), String>>,
) -> Markup {
    let title = ctx.t("bundle-title");
    layout(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @match &outcome {
                Some(Ok((m, refused))) => {
                    p.notice role="status" { (m) }
                    @if !refused.is_empty() {
                        div.error-summary role="alert" {
                            p { (ctx.t("bundle-partial")) }
                            ul { @for r in refused { li { (r) } } }
                        }
                    }
                },
                Some(Err(m)) => div.error-summary role="alert" { p { (ctx.t("bundle-refused")) " " (m) } },
                None => {},
            }
            h2 { (ctx.t("bundle-export-title")) }
            p { (ctx.t("bundle-export-text")) }
            p { a.primary href="/admin/ateliers/fichier/export" download { (ctx.t("bundle-export-button")) } }
            h2 { (ctx.t("bundle-import-title")) }
            p { (ctx.t("bundle-import-text")) }
            form method="post" action="/admin/ateliers/fichier/import" enctype="multipart/form-data" {
                // First, before the file: the CSRF check reads it from the start of the body.
                (csrf_field(&ctx.csrf))
                div.field {
                    label for="bundle" { (ctx.t("bundle-file")) }
                    input #bundle type="file" name="bundle" accept=".zip";
                }
                // With one consultation there is nothing to choose.
                @if consultations.len() > 1 {
                    div.field {
                        label for="consultation" { (ctx.t("bundle-consultation")) }
                        p.hint #consultation-aide { (ctx.t("bundle-consultation-hint")) }
                        select #consultation name="consultation" aria-describedby="consultation-aide" {
                            @for (i, (id, title)) in consultations.iter().enumerate() {
                                option value=(id) selected[chosen.map_or(i == 0, |c| c == *id)] { (title) }
                            }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("bundle-import-button")) }
            }
        },
    )
}
