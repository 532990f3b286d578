//! The page shell: skip link, landmarks, language switch, one stylesheet, no script.

use maud::{DOCTYPE, Markup, html};

use crate::domain::account::StaffUser;
use crate::domain::site::Site;
use crate::i18n::Lang;

/// What every page needs to know about the request.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub csrf: String,
    pub staff: Option<StaffUser>,
    pub site: Site,
    /// Path and query of this page, to come back to after switching language.
    pub path: String,
    /// This device is a shared kiosk: no site navigation.
    pub kiosk: bool,
    /// The public address while the public link is up (a banner for staff).
    pub public_link: Option<String>,
    /// Free bytes left on the data folder's disk, when low (a warning on staff pages).
    pub disk_low: Option<u64>,
    /// Training mode (`palabre demo`): a banner on every page says the data is fictional.
    pub training: bool,
    /// The site's address for links (public address, tunnel, or as the visitor reached it),
    /// without the final slash.
    pub base: String,
}

impl PageCtx {
    pub fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }

    pub fn site_name(&self) -> String {
        if self.site.name.is_empty() {
            self.t("site-default-name")
        } else {
            self.site.name.clone()
        }
    }
}

/// Open Graph tags, so that a shared link previews well (WhatsApp, Facebook).
#[derive(Debug, Clone)]
pub struct OpenGraph {
    pub title: String,
    pub description: String,
    pub url: String,
    /// The logo, as a full address, when the agent uploaded one.
    pub image: Option<String>,
}

impl OpenGraph {
    /// The card of a page of this site at `path`: its title and description, the site's
    /// address, the logo as its picture.
    pub fn of(ctx: &PageCtx, path: &str, title: String, description: String) -> OpenGraph {
        OpenGraph {
            title,
            description,
            url: format!("{}{path}", ctx.base),
            image: super::logo::url(ctx).map(|l| format!("{}{l}", ctx.base)),
        }
    }
}

fn head(lang: Lang, title: &str, og: Option<&OpenGraph>, description: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            @if let Some(og) = og {
                meta property="og:type" content="website";
                meta property="og:title" content=(og.title);
                meta property="og:description" content=(og.description);
                meta property="og:url" content=(og.url);
                @if let Some(image) = &og.image { meta property="og:image" content=(image); }
                meta property="og:locale" content=(if lang == Lang::Fr { "fr_FR" } else { "en_GB" });
                meta name="description" content=(og.description);
            } @else {
                meta name="description" content=(description);
            }
            link rel="stylesheet" href=(crate::assets::url("style.css"));
            link rel="icon" href=(crate::assets::url("favicon.svg")) type="image/svg+xml";
            meta name="generator" content=(lang.t("app-name"));
        }
    }
}

/// A full page with header, navigation and footer.
pub fn page(ctx: &PageCtx, title: &str, body: Markup) -> Markup {
    page_with_meta(ctx, title, None, body)
}

/// A full page with Open Graph tags for link previews.
pub fn page_with_meta(ctx: &PageCtx, title: &str, og: Option<&OpenGraph>, body: Markup) -> Markup {
    let lang = ctx.lang;
    let other = lang.other();
    let switch = format!(
        "/langue/{}?retour={}",
        other.code(),
        crate::domain::links::urlencode(&ctx.path)
    );
    let full_title = format!("{title} — {}", ctx.site_name());
    // Every page describes itself to search engines and link previews: the page's own
    // card when it has one, else what the site is for.
    let description = lang.t_args("site-description", &[("site", ctx.site_name().into())]);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, &full_title, og, &description))
            body.staff[ctx.path.starts_with("/admin")] {
                a.skip href="#contenu" { (lang.t("skip-link")) }
                header.site-header {
                    @if ctx.training { (training_banner(lang)) }
                    div.wrap {
                        a.site-name href="/" {
                            @if let Some(logo) = crate::views::logo::img(ctx, "site-logo", "", 40) { (logo) }
                            (ctx.site_name())
                        }
                        @if !ctx.kiosk {
                        nav aria-label=(lang.t("nav-label")) {
                            ul {
                                li { a href="/" { (lang.t("nav-home")) } }
                                li { a href="/propositions" { (lang.t("nav-proposals")) } }
                                li { a href="/pgo" { (lang.t("nav-pgo")) } }
                                li { a href="/documents" { (lang.t("nav-documents")) } }
                                li { a href="/calendrier" { (lang.t("nav-calendar")) } }
                                @if ctx.path.starts_with("/admin") {
                                    li { a href=(crate::views::guide::help_for(&ctx.path)) { (lang.t("nav-help")) } }
                                } @else {
                                    li { a href="/participer" { (lang.t("nav-how")) } }
                                }
                                @if let Some(staff) = &ctx.staff {
                                    li { a href="/admin" { (lang.t("nav-admin")) } }
                                    li {
                                        form method="post" action="/admin/deconnexion" {
                                            input type="hidden" name="csrf_token" value=(ctx.csrf);
                                            button.link type="submit" {
                                                (lang.t_args("nav-sign-out", &[("login", staff.login.clone().into())]))
                                            }
                                        }
                                    }
                                }
                                li { a href=(switch) lang=(other.code()) hreflang=(other.code()) { (other.t("lang-switch")) } }
                            }
                        }
                        }
                    }
                }
                @if let (Some(url), Some(_)) = (&ctx.public_link, &ctx.staff) {
                    (crate::views::tunnel::public_banner(lang, url))
                }
                @if let Some(free) = ctx.disk_low {
                    div.public-banner.disk-banner role="alert" {
                        div.wrap {
                            (lang.t_args("disk-low-banner", &[("free", crate::domain::document::human_size(i64::try_from(free).unwrap_or(i64::MAX), lang == Lang::Fr).into())]))
                        }
                    }
                }
                main #contenu tabindex="-1" {
                    div.wrap { (body) }
                }
                footer.site-footer {
                    div.wrap {
                        @if ctx.kiosk { p { a href="/admin/kiosque" { (lang.t("kiosk-leave-link")) } } }
                        ul.footer-links {
                            li { a href="/forum" { (lang.t("forum-title")) } }
                            li { a href="/calendrier" { (lang.t("timeline-title")) } }
                            li { a href="/donnees" { (lang.t("opendata-title")) } }
                            li { a href="/confidentialite" { (lang.t("privacy-title")) } }
                        }
                        p {
                            @if !ctx.site.organisation.is_empty() { (ctx.site.organisation) "\u{a0}· " }
                            (lang.t("footer-powered"))
                        }
                    }
                }
            }
        }
    }
}

/// The stripe at the top of every page in training mode: nobody mistakes the fictional site
/// for the real one, on the trainer's screen or on a participant's phone.
pub fn training_banner(lang: Lang) -> Markup {
    html! {
        p.training-banner {
            strong { (lang.t("training-banner")) }
            " " span { (lang.t("training-banner-hint")) }
            " " a href="/admin/formation" { (lang.t("training-banner-link")) }
        }
    }
}

/// A page without site navigation, for errors raised before the site is known.
/// `training`: the training banner, as on every other page of a training session.
pub fn bare(lang: Lang, training: bool, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, None, &lang.t_args("site-description", &[("site", lang.t("app-name").into())])))
            body {
                a.skip href="#contenu" { (lang.t("skip-link")) }
                header.site-header {
                    @if training { (training_banner(lang)) }
                    div.wrap { a.site-name href="/" { (lang.t("app-name")) } }
                }
                main #contenu tabindex="-1" { div.wrap { (body) } }
            }
        }
    }
}
