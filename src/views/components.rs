//! Small reusable pieces: form fields with their error, the error summary.

use maud::{Markup, html};

use crate::domain::setup::FieldErrors;
use crate::i18n::Lang;

pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// The box at the top of a form listing every problem, each linking to its field.
pub fn error_summary(lang: Lang, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary #erreurs role="alert" tabindex="-1" aria-labelledby="erreurs-titre" {
                h2 #erreurs-titre { (lang.t("form-error-summary")) }
                ul {
                    @for (field, msg) in errors {
                        li { a href={ "#" (field) } { (lang.t(msg)) } }
                    }
                }
            }
        }
    }
}

/// The first error for `field`, if any.
pub fn error_for<'a>(errors: &'a FieldErrors, field: &str) -> Option<&'a str> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
}

pub struct Field<'a> {
    pub name: &'a str,
    /// The element id when two forms of one page share field names.
    pub id: Option<String>,
    pub label: String,
    pub value: &'a str,
    pub kind: &'a str,
    pub autocomplete: &'a str,
    pub hint: Option<String>,
    pub required: bool,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: String, value: &'a str) -> Self {
        Field {
            name,
            id: None,
            label,
            value,
            kind: "text",
            autocomplete: "off",
            hint: None,
            required: true,
        }
    }
    pub fn id(mut self, id: String) -> Self {
        self.id = Some(id);
        self
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn autocomplete(mut self, a: &'a str) -> Self {
        self.autocomplete = a;
        self
    }
    /// The field may stay empty: the browser must not refuse the form for it.
    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }
    pub fn hint(mut self, h: String) -> Self {
        self.hint = Some(h);
        self
    }
}

/// A labelled input with its hint and error, linked for screen readers.
pub fn input(lang: Lang, errors: &FieldErrors, f: Field<'_>) -> Markup {
    let error = error_for(errors, f.name);
    let id = f.id.clone().unwrap_or_else(|| f.name.to_string());
    let hint_id = format!("{id}-aide");
    let err_id = format!("{id}-erreur");
    let mut described = Vec::new();
    if f.hint.is_some() {
        described.push(hint_id.clone());
    }
    if error.is_some() {
        described.push(err_id.clone());
    }
    let described = described.join(" ");
    // Passwords are never sent back to the browser.
    let value = if f.kind == "password" { "" } else { f.value };
    html! {
        div.field.has-error[error.is_some()] {
            label for=(id) { (f.label) }
            @if let Some(h) = &f.hint { p.hint id=(hint_id) { (h) } }
            @if let Some(e) = error { p.error-message id=(err_id) { (lang.t(e)) } }
            input id=(id) name=(f.name) type=(f.kind) value=(value) autocomplete=(f.autocomplete)
                required[f.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then_some(described.as_str())];
        }
    }
}

/// A page that asks before destroying something: one button to confirm, one link back.
pub fn confirm_delete(ctx: &crate::views::PageCtx, what: &str, action: &str, back: &str) -> Markup {
    let title = ctx.t("confirm-delete-title");
    crate::views::layout::page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.lang.t_args("confirm-delete-text", &[("name", what.to_string().into())])) }
            form method="post" action=(action) {
                (csrf_field(&ctx.csrf))
                input type="hidden" name="confirm" value="oui";
                button.primary type="submit" { (ctx.t("confirm-delete-yes")) }
                " "
                a href=(back) { (ctx.t("confirm-delete-no")) }
            }
        },
    )
}
