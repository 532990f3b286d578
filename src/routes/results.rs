//! The results dashboard and the synthesis / reasoned-response report.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::{consultations, documents, stats, themes, timeline};
use crate::domain::contribution::Moderation;
use crate::domain::document::{Category, DocumentMeta};
use crate::domain::proposal::Proposal;
use crate::security;
use crate::views::results::SynthesisView;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::state::AppState;
use crate::web::{session::AdminUser, session::ModeratorUser};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard)
        .service(synthesis)
        .service(synthesis_publish);
}

#[get("/admin/resultats")]
async fn dashboard(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let english = ctx.lang == crate::i18n::Lang::En;
    let s = state
        .read(move |c| Ok(stats::compute(c, english, false)?))
        .await?;
    Ok(html(StatusCode::OK, views::results::dashboard(&ctx, &s)))
}

struct SynthesisData {
    stats: crate::domain::stats::Stats,
    consultations: Vec<crate::domain::consultation::Consultation>,
    workshops: Vec<crate::domain::timeline::Phase>,
    by_theme: Vec<(String, Vec<Proposal>)>,
    by_commitment: Vec<(String, Vec<Proposal>)>,
    late_notice: Option<String>,
    /// The logo's media type and bytes, for the frozen copy.
    logo: Option<(String, Vec<u8>)>,
    /// The priority round shown, its results and the districts' inhabitants.
    priorities: Option<crate::web::reads::PriorityResults>,
}

async fn gather(
    state: &Data<AppState>,
    lang: crate::i18n::Lang,
) -> Result<SynthesisData, AppError> {
    let priorities = crate::web::reads::priority_results(state, None).await?;
    state
        .read(move |c| {
            let all: Vec<Proposal> = crate::db::proposals::list_admin(c, None, None, None, None)?
                .into_iter()
                .filter(|p| p.moderation == Moderation::Approved)
                .collect();
            let themes = themes::all(c)?;
            let mut by_theme: Vec<(String, Vec<Proposal>)> = Vec::new();
            for t in &themes {
                let props: Vec<Proposal> =
                    all.iter().filter(|p| p.theme == t.code).cloned().collect();
                if !props.is_empty() {
                    by_theme.push((t.label(lang).to_string(), props));
                }
            }
            let mut by_commitment: Vec<(String, Vec<Proposal>)> = Vec::new();
            for p in all
                .iter()
                .filter(|p| p.status.is_retained() && !p.commitment.is_empty())
            {
                match by_commitment.iter_mut().find(|(k, _)| *k == p.commitment) {
                    Some((_, v)) => v.push(p.clone()),
                    None => by_commitment.push((p.commitment.clone(), vec![p.clone()])),
                }
            }
            by_commitment.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(SynthesisData {
                stats: stats::compute(c, lang == crate::i18n::Lang::En, true)?,
                consultations: consultations::all(c)?.into_iter().map(|(k, _)| k).collect(),
                workshops: timeline::phases(c)?
                    .into_iter()
                    .filter(|p| p.kind == "atelier")
                    .collect(),
                by_theme,
                by_commitment,
                late_notice: crate::db::settings::get(c, crate::db::settings::LATE_NOTICE_REASON)?,
                logo: crate::db::logo::get(c)?,
                priorities,
            })
        })
        .await
}

/// The report's view.
fn view<'a>(d: &'a SynthesisData, ctx: &PageCtx, now: i64) -> SynthesisView<'a> {
    let logo_src = d.logo.as_ref().and_then(|_| views::logo::url(ctx));
    SynthesisView {
        logo_src,
        stats: &d.stats,
        consultations: &d.consultations,
        workshops: &d.workshops,
        by_theme: &d.by_theme,
        by_commitment: &d.by_commitment,
        late_notice: d.late_notice.as_deref(),
        priorities: d
            .priorities
            .as_ref()
            .map(|(o, r, pops)| views::priorities::ResultsView {
                consultation: Some(&o.consultation),
                round: Some(&o.round),
                results: r,
                themes: &o.themes,
                populations: pops,
                map: views::priorities::MapMode::FirstTheme,
                now,
            }),
        generated_at: now,
    }
}

#[derive(Deserialize)]
struct Published {
    publie: Option<String>,
}

#[get("/admin/synthese")]
async fn synthesis(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Published>,
) -> Result<HttpResponse, AppError> {
    let d = gather(&state, ctx.lang).await?;
    let notice = q.publie.as_ref().map(|_| ctx.t("synthesis-published"));
    Ok(html(
        StatusCode::OK,
        views::results::synthesis(&ctx, &view(&d, &ctx, state.now()), notice),
    ))
}

/// The library's description of a document published on `day`: its title and summary are
/// the messages `[title, summary]`, in the admin's language.
fn published_meta(ctx: &PageCtx, [title, summary]: [&str; 2], day: &str, now: i64) -> DocumentMeta {
    DocumentMeta {
        title: ctx
            .lang
            .t_args(title, &[("date", ctx.lang.date(now).into())]),
        category: Category::Syntheses,
        doc_date: day.to_string(),
        language: ctx.lang.code().to_string(),
        summary: ctx.t(summary),
    }
}

/// Freezes today's report into the document library (category "synthèses").
#[post("/admin/synthese/publier")]
async fn synthesis_publish(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let d = gather(&state, ctx.lang).await?;
    let logo = d.logo.as_ref().map(|(_, bytes)| bytes.as_slice());
    let doc = views::results::synthesis_pdf(&ctx, &view(&d, &ctx, now), logo);
    let day = time::OffsetDateTime::from_unix_timestamp(now)
        .map(|t| t.date().to_string())
        .unwrap_or_default();
    let meta = published_meta(
        &ctx,
        ["synthesis-doc-title", "synthesis-doc-summary"],
        &day,
        now,
    );
    let file_name = format!("synthese-{day}.pdf");
    // The record of every consultation, frozen beside it: the evidence the OGP review reads,
    // while the live page keeps counting.
    let (record, consultations, _) = crate::web::reads::gather(&state, None, true).await?;
    let record_doc = views::record::pdf(
        &ctx,
        &views::record::RecordView {
            record: &record,
            consultations: &consultations,
            scope: None,
            at: now,
            admin: true,
            interactive: false,
            public: true,
        },
        logo,
    );
    let record_meta = published_meta(&ctx, ["record-doc-title", "record-doc-summary"], &day, now);
    let record_name = format!("bilan-{day}.pdf");
    state
        .write(move |c| {
            let f = documents::NewFile::from_bytes(&file_name, "PDF", "application/pdf", &doc);
            documents::insert_file(c, &security::random_token(12), &meta, f, now)?;
            let f =
                documents::NewFile::from_bytes(&record_name, "PDF", "application/pdf", &record_doc);
            Ok(documents::insert_file(
                c,
                &security::random_token(12),
                &record_meta,
                f,
                now,
            )?)
        })
        .await?;
    Ok(see_other("/admin/synthese?publie=1"))
}
