//! Results: exports for staff, the open-data page, the statistics dashboard (inline SVG bar
//! charts, each with its table), and the printable synthesis report.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::db::exports::OPEN_COLUMNS;

pub fn exports(ctx: &PageCtx, admin: bool) -> Markup {
    let title = ctx.t("exports-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("exports-intro")) }
            @if admin { p.notice { (ctx.t("exports-contact-admin")) } } @else { p.notice { (ctx.t("exports-contact-none")) } }
            table {
                thead { tr { th scope="col" { (ctx.t("exports-what")) } th scope="col" { "CSV (Excel)" } th scope="col" { "CSV ;" } th scope="col" { "XLSX" } th scope="col" { "JSON" } } }
                tbody {
                    @for d in ["propositions", "commentaires", "soutiens", "historique"] {
                        tr {
                            th scope="row" { (ctx.t(&format!("exports-{d}"))) }
                            td { a href={ "/admin/exports/" (d) ".csv" } download { "CSV" } }
                            td { a href={ "/admin/exports/" (d) ".csv?separateur=pointvirgule" } download { "CSV ;" } }
                            td { a href={ "/admin/exports/" (d) ".xlsx" } download { "XLSX" } }
                            td { a href={ "/admin/exports/" (d) ".json" } download { "JSON" } }
                        }
                    }
                }
            }
            p.hint { (ctx.t("exports-semicolon-hint")) }
        },
    )
}

pub fn open_data(ctx: &PageCtx, licence: &str) -> Markup {
    let title = ctx.t("opendata-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("opendata-intro")) }
            ul {
                li { a href="/donnees/propositions.csv" { (ctx.t("opendata-csv")) } }
                li { a href="/donnees/propositions.xlsx" { (ctx.t("opendata-xlsx")) } }
                li { a href="/donnees/propositions.json" { (ctx.t("opendata-json")) } }
                li { a href="/api/openapi.json" { (ctx.t("opendata-api")) } }
            }
            p { strong { (ctx.t("opendata-licence")) } " " (ctx.t(&format!("licence-{licence}"))) }
            p { (ctx.t("opendata-no-personal")) }
            h2 { (ctx.t("opendata-columns")) }
            table {
                thead { tr { th scope="col" { (ctx.t("opendata-column")) } th scope="col" { (ctx.t("opendata-meaning")) } } }
                tbody { @for c in OPEN_COLUMNS { tr { td { code { (c) } } td { (ctx.t(&format!("col-{}", c.replace('_', "-")))) } } } }
            }
        },
    )
}
