//! Staff pages: the dashboard and the staff accounts.

use maud::{Markup, PreEscaped, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::layout::page;
use crate::domain::account::Account;
use crate::domain::account::Role;
use crate::domain::consultation::Consultation;
use crate::domain::setup::FieldErrors;

/// One address where the site can be reached, with its QR code (inline SVG).
pub struct Address {
    pub url: String,
    pub qr_svg: Option<String>,
    /// The kind of network, when the site is reachable from others.
    pub kind: Option<crate::domain::network::NetKind>,
    /// The address phones will most likely use.
    pub likely: bool,
}

pub struct DashboardView<'a> {
    /// No network address: only this computer can reach the site (listed alone).
    pub local_only: bool,
    pub addresses: &'a [Address],
    pub consultations: &'a [Consultation],
    pub welcome: bool,
    /// The reason for a late timeline was just recorded.
    pub late_recorded: bool,
    pub warnings: &'a [crate::domain::oversight::Warning],
    pub workload: &'a crate::domain::stats::Workload,
    /// The SMS phone, once it has answered at least once.
    pub phone: Option<&'a crate::db::sms::Phone>,
}

/// What waits, in figures, each leading to where it is dealt with.
fn workload(ctx: &PageCtx, w: &crate::domain::stats::Workload) -> Markup {
    let n = |id: &str, n: i64| ctx.lang.t_args(id, &[("n", n.into())]);
    html! {
        ul.workload aria-label=(ctx.t("workload-title")) {
            li { a href="/admin/moderation" { strong { (w.to_review) } " " (n("workload-to-review", w.to_review)) } }
            li { a href="/admin/propositions?statut=recue" { strong { (w.waiting_answer) } " " (n("workload-waiting-answer", w.waiting_answer)) } }
            li { a href="/admin/propositions" { strong { (w.today) } " " (n("workload-today", w.today)) } }
            li { a href="/admin/propositions" { strong { (w.this_week) } " " (n("workload-this-week", w.this_week)) } }
        }
    }
}

fn warning_item(ctx: &PageCtx, w: &crate::domain::oversight::Warning) -> Markup {
    use crate::domain::oversight::Warning;
    let lang = ctx.lang;
    match w {
        Warning::TimelineNotPublished => html! {
            li { (ctx.t("warn-timeline-unpublished")) " " a href="/admin/calendrier" { (ctx.t("warn-fix-timeline")) } }
        },
        Warning::ShortNotice {
            published_at,
            opens_at,
        } => html! {
            li {
                (lang.t_args("warn-short-notice", &[("published", lang.date(*published_at).into()), ("opens", lang.date(*opens_at).into())]))
                " " (ctx.t("warn-short-notice-fix")) " "
                a href="/admin/consultations" { (ctx.t("warn-fix-opening")) } "\u{a0}· "
                a href="/admin/calendrier/retard" { (ctx.t("warn-fix-late-reason")) }
            }
        },
        Warning::LibraryStale { since } => html! {
            li { (lang.t_args("warn-library-stale", &[("date", lang.date(*since).into())])) " " a href="/admin/documents" { (ctx.t("warn-fix-library")) } }
        },
        Warning::ForumStale { since } => html! {
            li {
                @match since {
                    Some(t) => (lang.t_args("warn-forum-stale", &[("date", lang.date(*t).into())])),
                    None => (ctx.t("warn-forum-never")),
                }
                " " a href="/admin/forum" { (ctx.t("warn-fix-forum")) }
            }
        },
    }
}

pub fn dashboard(ctx: &PageCtx, v: &DashboardView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("admin-dashboard-title");
    let is_admin = ctx.staff.as_ref().is_some_and(|s| s.role == Role::Admin);
    // Facilitators type paper forms and run kiosks; moderation, results and exports answer
    // them "access refused", so their dashboard does not offer them.
    let moderates = ctx
        .staff
        .as_ref()
        .is_some_and(|s| s.role != Role::Facilitator);
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if v.welcome { p.notice role="status" { (ctx.t("admin-welcome")) } }
            @if v.late_recorded { p.notice role="status" { (ctx.t("late-notice-recorded")) } }
            @if moderates { (workload(ctx, v.workload)) }
            @if let Some(p) = v.phone {
                @let args = [("at", lang.datetime(p.seen_at).into()), ("waiting", p.waiting.into())];
                p.phone-state { a href="/admin/sms" { (lang.t_args(if p.on { "sms-dashboard-on" } else { "sms-dashboard-off" }, &args)) } }
            }
            // Each reminder links to an admin page: only admins can act on them.
            @if is_admin && !v.warnings.is_empty() {
                section.warnings aria-labelledby="a-faire" {
                    h2 #a-faire { (ctx.t("warn-title")) }
                    ul { @for w in v.warnings { (warning_item(ctx, w)) } }
                }
            }
            nav aria-label=(ctx.t("admin-links-label")) {
                ul.admin-links {
                    @if moderates {
                        li { a.primary href="/admin/moderation" { (ctx.t("admin-moderation-link")) } }
                        li { a href="/admin/propositions" { (ctx.t("admin-proposals-title")) } }
                        li { a href="/admin/resultats" { (ctx.t("stats-title")) } }
                        li { a href="/admin/synthese" { (ctx.t("synthesis-title")) } }
                        li { a href="/admin/bilan" { (ctx.t("record-title")) } }
                        li { a href="/priorites/resultats" { (ctx.t("priority-results-title")) } }
                        li { a href="/admin/exports" { (ctx.t("exports-title")) } }
                        li { a href="/admin/journal" { (ctx.t("journal-title")) } }
                    }
                    li { a.primary[!moderates] href="/admin/ateliers" { (ctx.t("admin-workshops-link")) } }
                    @if is_admin { li { a href="/admin/sauvegarde" { (ctx.t("backup-link")) } } }
                }
            }
            section aria-labelledby="acces" {
                h2 #acces { (ctx.t("admin-access-title")) }
                @if v.local_only {
                    p { (ctx.t("admin-access-none")) }
                } @else {
                    p { (ctx.t("admin-access-intro")) }
                }
                ul.addresses {
                    @for a in v.addresses {
                        li.address {
                            p.url { a href=(a.url) { (a.url) } }
                            @if let Some(kind) = a.kind {
                                p.hint {
                                    (ctx.t(match kind {
                                        crate::domain::network::NetKind::Hotspot => "admin-access-hotspot",
                                        crate::domain::network::NetKind::Wifi => "admin-access-wifi",
                                        crate::domain::network::NetKind::Other => "admin-access-other",
                                    }))
                                    @if a.likely { " " strong { (ctx.t("admin-access-likely")) } }
                                }
                                p { a href={ "/admin/affiche?adresse=" (crate::domain::links::urlencode(&a.url)) } { (ctx.t("poster-link")) } }
                            }
                            @if let Some(svg) = &a.qr_svg {
                                figure.qr {
                                    // Generated by the qrcode crate from our own URL.
                                    div role="img" aria-label=(lang.t_args("admin-qr-alt", &[("url", a.url.clone().into())])) { (PreEscaped(svg)) }
                                }
                            }
                        }
                    }
                }
                @if !v.local_only {
                    p.hint { (ctx.t(if cfg!(windows) { "admin-access-firewall" } else { "admin-access-firewall-other" })) }
                }
            }
            section aria-labelledby="consultations" {
                h2 #consultations { (ctx.t("admin-consultations-title")) }
                ul {
                    @for c in v.consultations {
                        li {
                            strong { (c.title) } " — "
                            (lang.t_args("admin-consultation-dates", &[
                                ("opens", lang.date(c.opens_at).into()),
                                ("closes", lang.date(crate::domain::consultation::last_day(c.closes_at)).into()),
                            ]))
                        }
                    }
                }
            }
            @if is_admin {
                section aria-labelledby="contenu-public" {
                    h2 #contenu-public { (ctx.t("admin-content-title")) }
                    ul {
                        li { a href="/admin/consultations" { (ctx.t("admin-consultations-list")) } }
                        li { a href="/admin/pgo" { (ctx.t("admin-pgo-title")) } }
                        li { a href="/admin/contact" { (ctx.t("admin-contact-title")) } }
                        li { a href="/admin/documents" { (ctx.t("admin-docs-title")) } }
                        li { a href="/admin/calendrier" { (ctx.t("admin-timeline-title")) } }
                        li { a href="/admin/forum" { (ctx.t("admin-forum-title")) } }
                        li { a href="/admin/priorites" { (ctx.t("priority-admin-title")) } }
                    }
                }
                p { a href="/admin/reglages" { (ctx.t("settings-title")) } "\u{a0}· " a href="/admin/ateliers/fichier" { (ctx.t("bundle-title")) } "\u{a0}· " a href="/admin/internet" { (ctx.t("tunnel-title")) } "\u{a0}· " a href="/admin/sms" { (ctx.t("sms-title")) } }
                section aria-labelledby="equipe" {
                    h2 #equipe { (ctx.t("admin-team-title")) }
                    p { a href="/admin/comptes" { (ctx.t("admin-team-link")) } }
                }
            }
            p { a href="/admin/mot-de-passe" { (ctx.t("password-change-link")) } }
        },
    )
}

pub struct AccountForm<'a> {
    pub login: &'a str,
    pub role: &'a str,
}

pub fn accounts(
    ctx: &PageCtx,
    list: &[Account],
    form: &AccountForm<'_>,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("accounts-title");
    let role_error = error_for(errors, "role");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = notice { p.notice role="status" { (n) } }
            // Focusable: on a phone the table scrolls sideways, also with the keyboard.
            table tabindex="0" {
                caption { (ctx.t("accounts-caption")) }
                thead { tr {
                    th scope="col" { (ctx.t("accounts-login")) }
                    th scope="col" { (ctx.t("accounts-role")) }
                    th scope="col" { (ctx.t("accounts-state")) }
                    th scope="col" { (ctx.t("accounts-action")) }
                } }
                tbody {
                    @for a in list {
                        tr {
                            td { (a.login) }
                            td { (ctx.t(a.role.message_id())) }
                            td { @if a.disabled { (ctx.t("accounts-disabled")) } @else { (ctx.t("accounts-active")) } }
                            td {
                                @if ctx.staff.as_ref().is_some_and(|s| s.id != a.id) {
                                    form method="post" action={ "/admin/comptes/" (a.id) (if a.disabled { "/activer" } else { "/desactiver" }) } {
                                        (csrf_field(&ctx.csrf))
                                        button.secondary type="submit" {
                                            @if a.disabled { (ctx.t("accounts-enable")) } @else { (ctx.t("accounts-disable")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 #nouveau { (ctx.t("accounts-new")) }
            (error_summary(lang, errors))
            form method="post" action="/admin/comptes" novalidate {
                (csrf_field(&ctx.csrf))
                (input(lang, errors, Field::new("login", ctx.t("accounts-login"), form.login).hint(ctx.t("setup-login-hint"))))
                fieldset.field.has-error[role_error.is_some()] #role {
                    legend { (ctx.t("accounts-role")) }
                    @if let Some(e) = role_error { p.error-message { (lang.t(e)) } }
                    @for r in Role::ALL {
                        div.choice {
                            input type="radio" name="role" id={ "role-" (r.code()) } value=(r.code()) checked[form.role == r.code()];
                            label for={ "role-" (r.code()) } { (ctx.t(r.message_id())) " — " (ctx.t(&format!("{}-help", r.message_id()))) }
                        }
                    }
                }
                (input(lang, errors, Field::new("password", ctx.t("setup-password"), "").kind("password").autocomplete("new-password").hint(ctx.t("setup-password-hint"))))
                (input(lang, &FieldErrors::new(), Field::new("password_confirm", ctx.t("setup-password-confirm"), "").kind("password").autocomplete("new-password")))
                button.primary type="submit" { (ctx.t("accounts-create")) }
            }
        },
    )
}

pub fn settings(
    ctx: &PageCtx,
    f: &crate::domain::settings::SettingsForm,
    errors: &FieldErrors,
    saved: bool,
) -> Markup {
    let title = ctx.t("settings-title");
    let mode_err = error_for(errors, "moderation_mode");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            p { a href="/admin/contacts" { (ctx.t("contacts-link")) } "\u{a0}· " a href="/admin/logo" { (ctx.t("logo-title")) } }
            (error_summary(ctx.lang, errors))
            form method="post" action="/admin/reglages" novalidate {
                (csrf_field(&ctx.csrf))
                fieldset.field.has-error[mode_err.is_some()] #moderation_mode {
                    legend { (ctx.t("settings-mode")) }
                    @if let Some(e) = mode_err { p.error-message { (ctx.t(e)) } }
                    @for m in ["a_priori", "a_posteriori"] {
                        div.choice {
                            input type="radio" name="moderation_mode" id={ "mode-" (m) } value=(m) checked[f.moderation_mode == m];
                            label for={ "mode-" (m) } { (ctx.t(&format!("settings-mode-{m}"))) }
                        }
                    }
                }
                (input(ctx.lang, errors, Field::new("upload_max_mb", ctx.t("settings-upload"), &f.upload_max_mb).kind("number").hint(ctx.t("settings-upload-hint"))))
                (input(ctx.lang, errors, Field::new("report_threshold", ctx.t("settings-reports"), &f.report_threshold).kind("number").hint(ctx.t("settings-reports-hint"))))
                (input(ctx.lang, errors, Field::new("reference_code", ctx.t("settings-refcode"), &f.reference_code).autocomplete("off").hint(ctx.t("settings-refcode-hint"))))
                (input(ctx.lang, errors, Field::new("public_address", ctx.t("settings-address"), &f.public_address).kind("url").autocomplete("url").hint(ctx.t("settings-address-hint"))))
                fieldset.field.has-error[error_for(errors, "licence").is_some()] #licence {
                    legend { (ctx.t("settings-licence")) }
                    @if let Some(e) = error_for(errors, "licence") { p.error-message { (ctx.t(e)) } }
                    @for l in ["licence-ouverte", "odbl"] {
                        div.choice {
                            input type="radio" name="licence" id={ "licence-" (l) } value=(l) checked[f.licence == l];
                            label for={ "licence-" (l) } { (ctx.t(&format!("licence-{l}"))) }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("admin-save")) }
            }
        },
    )
}

/// The contacts kept (with consent), and erasing them all once the consultation is over.
pub fn contacts(ctx: &PageCtx, kept: i64, erased: Option<i64>, must_confirm: bool) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("contacts-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = erased {
                p.notice role="status" { (lang.t_args("contacts-erased", &[("count", n.into())])) }
            }
            p { (ctx.t("contacts-intro")) }
            p { strong { (lang.t_args("contacts-kept", &[("count", kept.into())])) } }
            @if kept > 0 {
                @if must_confirm {
                    div.error-summary role="alert" { p { (ctx.t("contacts-confirm-missing")) } }
                }
                form method="post" action="/admin/contacts" {
                    (csrf_field(&ctx.csrf))
                    div.choice {
                        input #confirm type="checkbox" name="confirm" value="oui";
                        label for="confirm" { (lang.t_args("contacts-confirm", &[("count", kept.into())])) }
                    }
                    button.primary type="submit" { (ctx.t("contacts-erase")) }
                }
            }
        },
    )
}
