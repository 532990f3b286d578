//! The page where an admin gives the organisation's logo.

use maud::{Markup, html};

use super::PageCtx;
use super::components::csrf_field;
use super::layout::page as shell;

/// The logo's address, when there is one.
pub fn url(ctx: &PageCtx) -> Option<String> {
    ctx.site.logo.as_ref().map(|v| format!("/logo?v={v}"))
}

/// The logo as an image `shown` pixels tall, with its width so the page does not move while
/// it loads; `alt` as the place needs it (empty beside the site's name).
pub fn img(ctx: &PageCtx, class: &str, alt: &str, shown: u32) -> Option<Markup> {
    let src = url(ctx)?;
    let width = ctx
        .site
        .logo_size
        .map(|(w, h)| crate::domain::logo::ScreenLogo::width_at(w, h, shown));
    Some(html! {
        img class=(class) src=(src) alt=(alt) height=(shown) width=[width];
    })
}

pub fn page(ctx: &PageCtx, error: Option<&str>, saved: bool) -> Markup {
    let title = ctx.t("logo-title");
    shell(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            p { (ctx.t("logo-intro")) }
            @if let Some(src) = url(ctx) {
                figure.logo-preview {
                    img src=(src) alt=(ctx.t("logo-current")) height="64";
                    figcaption { (ctx.t("logo-current")) }
                }
                form method="post" action="/admin/logo/supprimer" {
                    (csrf_field(&ctx.csrf))
                    button.secondary type="submit" { (ctx.t("logo-remove")) }
                }
            }
            form method="post" action="/admin/logo" enctype="multipart/form-data" novalidate {
                // First, before the file: the CSRF check reads it from the start of the body.
                (csrf_field(&ctx.csrf))
                div.field.has-error[error.is_some()] #logo {
                    label for="logo-file" { (ctx.t("logo-file")) }
                    p.hint id="logo-aide" { (ctx.t("logo-hint")) }
                    @if let Some(e) = error { p.error-message role="alert" { (ctx.t(e)) } }
                    input #logo-file type="file" name="logo" accept="image/png,image/jpeg" aria-describedby="logo-aide";
                }
                button.primary type="submit" { (ctx.t("logo-submit")) }
            }
            p { a href="/admin/reglages" { (ctx.t("settings-title")) } }
        },
    )
}
