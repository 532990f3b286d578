//! Staff pages to edit the public content: presentation text, point of contact, library.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::content::document_item;
use super::layout::page;
use crate::domain::contact::Contact;
use crate::domain::document::Document;
use crate::domain::document::{Category, DocumentForm};
use crate::domain::setup::FieldErrors;
use crate::i18n::Lang;

pub struct PgoEdit<'a> {
    pub lang: Lang,
    pub body: &'a str,
    pub is_default: bool,
    pub preview: bool,
    pub saved: bool,
    pub errors: &'a FieldErrors,
}

pub fn pgo_edit(ctx: &PageCtx, v: &PgoEdit<'_>) -> Markup {
    let title = ctx.t("admin-pgo-title");
    let err = error_for(v.errors, "body");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/pgo" { (ctx.t("admin-pgo-see")) } }
            @if v.saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            @if v.is_default { p.notice { (ctx.t("admin-pgo-default")) } }
            p {
                (ctx.t("admin-pgo-language")) " "
                @for l in Lang::ALL {
                    @if l == v.lang { strong { (l.t("lang-name")) } } @else { a href={ "/admin/pgo?langue=" (l.code()) } { (l.t("lang-name")) } }
                    " "
                }
            }
            (error_summary(ctx.lang, v.errors))
            form method="post" action="/admin/pgo" novalidate {
                (csrf_field(&ctx.csrf))
                input type="hidden" name="lang" value=(v.lang.code());
                div.field.has-error[err.is_some()] {
                    label for="body" { (ctx.t("admin-pgo-body")) }
                    p.hint #body-aide { (ctx.t("admin-pgo-hint")) }
                    @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
                    textarea #body name="body" rows="24" aria-describedby="body-aide" { (v.body) }
                }
                div.actions {
                    button.secondary type="submit" name="action" value="preview" { (ctx.t("admin-preview")) }
                    " "
                    button.primary type="submit" name="action" value="save" { (ctx.t("admin-save")) }
                }
            }
            @if v.preview {
                section.preview aria-labelledby="apercu" {
                    h2 #apercu { (ctx.t("admin-preview-title")) }
                    div.prose { (super::markdown::render(v.body, 1)) }
                }
            }
        },
    )
}

pub fn contact_edit(ctx: &PageCtx, c: &Contact, errors: &FieldErrors, saved: bool) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("admin-contact-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("admin-contact-intro")) }
            @if saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            (error_summary(lang, errors))
            form method="post" action="/admin/contact" novalidate {
                (csrf_field(&ctx.csrf))
                (input(lang, errors, Field::new("contact_name", ctx.t("admin-contact-name"), &c.name).autocomplete("name")))
                (input(lang, errors, Field::new("contact_role", ctx.t("admin-contact-role"), &c.role).autocomplete("organization-title")))
                (input(lang, errors, Field::new("contact_email", ctx.t("admin-contact-email"), &c.email).kind("email").autocomplete("email").optional().hint(ctx.t("admin-contact-one-of"))))
                (input(lang, errors, Field::new("contact_phone", ctx.t("admin-contact-phone"), &c.phone).kind("tel").autocomplete("tel").optional().hint(ctx.t("admin-contact-one-of"))))
                button.primary type="submit" { (ctx.t("admin-save")) }
            }
        },
    )
}

pub struct LibraryView<'a> {
    pub docs: &'a [Document],
    pub form: &'a DocumentForm,
    pub errors: &'a FieldErrors,
    pub max_mb: u64,
    pub notice: Option<String>,
    /// Which form the errors belong to: "file" or "link".
    pub active: &'a str,
}

fn meta_fields(ctx: &PageCtx, f: &DocumentForm, errors: &FieldErrors, prefix: &str) -> Markup {
    let lang = ctx.lang;
    let cat_err = error_for(errors, "category");
    let lang_err = error_for(errors, "language");
    let date_err = error_for(errors, "doc_date");
    html! {
        (input(lang, errors, Field::new("title", ctx.t("doc-field-title"), &f.title).id(format!("{prefix}title"))))
        div.field.has-error[cat_err.is_some()] {
            label for={ (prefix) "category" } { (ctx.t("doc-field-category")) }
            @if let Some(e) = cat_err { p.error-message { (ctx.t(e)) } }
            select id={ (prefix) "category" } name="category" {
                @for c in Category::ALL { option value=(c.code()) selected[f.category == c.code()] { (ctx.t(&c.message_id())) } }
            }
        }
        div.field.has-error[date_err.is_some()] {
            label for={ (prefix) "doc_date" } { (ctx.t("doc-field-date")) }
            p.hint { (ctx.t("doc-field-date-hint")) }
            @if let Some(e) = date_err { p.error-message { (ctx.t(e)) } }
            input type="date" id={ (prefix) "doc_date" } name="doc_date" value=(f.doc_date);
        }
        div.field.has-error[lang_err.is_some()] {
            label for={ (prefix) "language" } { (ctx.t("doc-field-language")) }
            @if let Some(e) = lang_err { p.error-message { (ctx.t(e)) } }
            select id={ (prefix) "language" } name="language" {
                @for l in ["fr", "en", "dyu", "bci", "any", "autre"] {
                    option value=(l) selected[f.language == l] { (ctx.t(&format!("doc-language-{l}"))) }
                }
            }
        }
        div.field.has-error[error_for(errors, "summary").is_some()] {
            label for={ (prefix) "summary" } { (ctx.t("doc-field-summary")) }
            @if let Some(e) = error_for(errors, "summary") { p.error-message { (ctx.t(e)) } }
            textarea id={ (prefix) "summary" } name="summary" rows="3" { (f.summary) }
        }
    }
}

pub fn library(ctx: &PageCtx, v: &LibraryView<'_>) -> Markup {
    let title = ctx.t("admin-docs-title");
    let empty = DocumentForm {
        language: "fr".into(),
        ..DocumentForm::default()
    };
    let (file_form, file_errors, link_form, link_errors) = if v.active == "link" {
        (&empty, &FieldErrors::new(), v.form, v.errors)
    } else {
        (v.form, v.errors, &empty, &FieldErrors::new())
    };
    let file_err = error_for(file_errors, "file");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            section aria-labelledby="televerser" {
                h2 #televerser { (ctx.t("admin-docs-upload")) }
                (error_summary(ctx.lang, file_errors))
                form method="post" action="/admin/documents" enctype="multipart/form-data" novalidate {
                    // First, before the file: the CSRF check reads it from the start of the body.
                    (csrf_field(&ctx.csrf))
                    div.field.has-error[file_err.is_some()] #file-field {
                        label for="file" { (ctx.t("doc-field-file")) }
                        p.hint { (ctx.lang.t_args("doc-field-file-hint", &[("max", v.max_mb.into())])) }
                        @if let Some(e) = file_err { p.error-message { (ctx.lang.t_args(e, &[("max", v.max_mb.into())])) } }
                        input type="file" id="file" name="file" accept=".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg";
                    }
                    (meta_fields(ctx, file_form, file_errors, ""))
                    button.primary type="submit" { (ctx.t("admin-docs-upload-submit")) }
                }
            }
            section aria-labelledby="lien" {
                h2 #lien { (ctx.t("admin-docs-link")) }
                (error_summary(ctx.lang, link_errors))
                form method="post" action="/admin/documents/lien" novalidate {
                    (csrf_field(&ctx.csrf))
                    (input(ctx.lang, link_errors, Field::new("url", ctx.t("doc-field-url"), &link_form.url).kind("url").id("link-url".into())))
                    (meta_fields(ctx, link_form, link_errors, "link-"))
                    button.primary type="submit" { (ctx.t("admin-docs-link-submit")) }
                }
            }
            section aria-labelledby="bibliotheque" {
                h2 #bibliotheque { (ctx.t("admin-docs-list")) }
                @if v.docs.is_empty() { p { (ctx.t("docs-empty")) } }
                ul.docs {
                    @for d in v.docs {
                        (document_item(ctx, d))
                        li.doc-actions {
                            form method="post" action={ "/admin/documents/" (d.id) "/supprimer" } {
                                (csrf_field(&ctx.csrf))
                                label.choice {
                                    input type="checkbox" name="confirm" value="oui" required;
                                    (ctx.lang.t_args("admin-docs-delete-confirm", &[("title", d.title.clone().into())]))
                                }
                                button.secondary type="submit" { (ctx.t("admin-docs-delete")) }
                            }
                        }
                    }
                }
            }
        },
    )
}
