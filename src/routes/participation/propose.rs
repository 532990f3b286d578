//! Making a proposal: the form, its sending (checks, limits, one write, the receipt) and the
//! author's private follow-up page.

use super::*;

fn render_form(
    ctx: &PageCtx,
    state: &AppState,
    d: &Offer,
    form: &ProposalForm,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let mut form = form.clone();
    let stamp = crate::web::posting::stamped(state, &mut form.submission);
    let mut v = views::participation::FormView::of(d, &form, errors, &stamp, notice, None);
    v.private = ctx.kiosk;
    v.info = status.is_success();
    let mut resp = html(status, views::participation::form(ctx, &v));
    if ctx.kiosk {
        // A shared device: Back must not bring the last person's form out of a cache.
        no_store(&mut resp);
    }
    resp
}

#[derive(Deserialize)]
struct FormQuery {
    consultation: Option<i64>,
    /// The follow-up token of a refused proposal whose author sends a corrected version.
    depuis: Option<String>,
}

/// A refused proposal's text, to correct and send again as a new one (its author holds the
/// follow-up token, so nobody else's text can be fetched this way).
async fn refused_text(
    state: &AppState,
    token: &str,
) -> Result<Option<crate::domain::proposal::Proposal>, AppError> {
    if token.is_empty() || token.len() > 64 {
        return Ok(None);
    }
    let hash = security::sha256(token.as_bytes());
    let p = state
        .read(move |c| Ok(proposals::by_follow_token(c, &hash)?))
        .await?;
    Ok(p.filter(|p| p.moderation == Moderation::Rejected))
}

#[get("/propositions/nouvelle")]
pub(super) async fn form_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<FormQuery>,
) -> Result<HttpResponse, AppError> {
    match availability(&state, q.consultation).await? {
        Availability::Open(d) => {
            let mut form = ProposalForm {
                language: ctx.lang.code().into(),
                submission: security::new_submission_id(),
                ..ProposalForm::default()
            };
            // A kiosk stands in a workshop: its region is the likely one.
            if ctx.kiosk {
                let zone = state
                    .read(|c| Ok(crate::db::workshops::current(c)?.map(|w| w.zone)))
                    .await?;
                form.zone = zone.unwrap_or_default();
            }
            let mut notice = None;
            if let Some(p) = refused_text(&state, q.depuis.as_deref().unwrap_or("")).await? {
                form = ProposalForm {
                    title: p.title,
                    problem: p.problem,
                    solution: p.solution,
                    benefit: p.benefit,
                    theme: p.theme,
                    zone: p.zone,
                    contributor_type: p.contributor_type,
                    ogp_values: p.ogp_values,
                    author_name: p.author_name,
                    organisation: p.organisation,
                    language: p.language,
                    ..form
                };
                notice = Some(ctx.t("form-resend-notice"));
            }
            // The participant id is given with the form, so that a double tap on its first
            // sending is known as the same person's.
            let (_, cookie) = participant(&req, &state);
            Ok(with_cookie(
                render_form(
                    &ctx,
                    &state,
                    &d,
                    &form,
                    &FieldErrors::new(),
                    notice,
                    StatusCode::OK,
                ),
                cookie,
            ))
        }
        Availability::Closed { next, last } => Ok(html(
            StatusCode::OK,
            views::participation::closed(&ctx, next.as_ref(), last.as_ref()),
        )),
    }
}

#[post("/propositions/nouvelle")]
pub(super) async fn form_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: ProposalForm = parse_body(&body);
    let wanted = form.consultation.parse::<i64>().ok();
    let d = match availability(&state, wanted).await? {
        Availability::Open(d) => d,
        Availability::Closed { next, last } => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::participation::closed(&ctx, next.as_ref(), last.as_ref()),
            ));
        }
    };
    match admissible(&ctx, &state, &d, &form, wanted) {
        Ok(new) => file_submitted(&req, &ctx, &state, &d, &form, new).await,
        // Every refusal redraws the form with what was typed.
        Err((errors, notice)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(render_form(
                &ctx, &state, &d, &form, &errors, notice, status,
            ))
        }
    }
}

/// The checks before anything is counted: the consultation chosen still open, the robot
/// check, every field; a refusal is the fields at fault and the message for the form.
fn admissible(
    ctx: &PageCtx,
    state: &AppState,
    d: &Offer,
    form: &ProposalForm,
    wanted: Option<i64>,
) -> Result<NewProposal, (FieldErrors, Option<String>)> {
    // The consultation chosen closed meanwhile: say so rather than filing it elsewhere.
    if wanted.is_some_and(|w| w != d.consultation.id) {
        let notice = Some(ctx.t("proposal-error-closed-meanwhile"));
        return Err((FieldErrors::new(), notice));
    }
    if let Some(msg) = robot_check(state, &form.website, &form.form_ts, &form.submission) {
        return Err((FieldErrors::new(), Some(ctx.t(msg))));
    }
    let codes: Vec<String> = d.themes.iter().map(|t| t.code.clone()).collect();
    form.parse(&codes, d.asks_benefit, d.asks_values)
        .map_err(|errors| (errors, None))
}

/// Files a checked proposal through the posting pipeline (its repeat gets the first
/// receipt) and answers with its receipt.
async fn file_submitted(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    d: &Offer,
    form: &ProposalForm,
    new: NewProposal,
) -> Result<HttpResponse, AppError> {
    let poster = Poster::visitor(req, state, ctx.kiosk);
    let key = poster.key(state, &form.submission);
    let token = security::follow_token(state.secret(), key.as_deref());
    let receipt = |reference: &str| receipt(req, ctx, state, &poster, &token, reference);
    // A repeat of a form already filed gets its receipt before any limit is counted.
    if let Some(reference) = first_filing(state, &key).await? {
        return Ok(receipt(&reference));
    }
    let refuse = |form: &ProposalForm, message: &str, status: StatusCode| {
        let notice = Some(ctx.t(message));
        render_form(ctx, state, d, form, &FieldErrors::new(), notice, status)
    };
    if !poster.within_limits(state, req, Act::Proposal) {
        return Ok(refuse(
            form,
            "form-error-rate",
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let filing = proposal_filing(state, new, d.consultation.id, key.clone(), &token);
    let filed = posting::write(state, &poster, Some((&form.submission, key)), filing).await?;
    match filed {
        Written::Done(Filed::New { reference, .. } | Filed::Repeat { reference, .. }) => {
            tracing::info!(%reference, "proposal received");
            Ok(receipt(&reference))
        }
        Written::Done(other) => Err(AppError::internal(format!("unexpected filing {other:?}"))),
        // A full disk: nothing was written; the person keeps what they typed, and can send
        // the same form again once there is room (same submission id: never filed twice).
        Written::DiskFull => Ok(refuse(
            form,
            "form-error-disk-full",
            StatusCode::INSUFFICIENT_STORAGE,
        )),
        // What was typed stays, in a form of its own this time.
        Written::Spent => {
            let fresh = ProposalForm {
                submission: String::new(),
                ..form.clone()
            };
            Ok(refuse(
                &fresh,
                "form-error-spent",
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// The reference of the proposal this submission key filed already, if any.
async fn first_filing(state: &AppState, key: &Option<Vec<u8>>) -> Result<Option<String>, AppError> {
    let Some(k) = key.clone() else {
        return Ok(None);
    };
    let first = state
        .read(move |c| Ok(proposals::by_submission(c, &k)?))
        .await?;
    Ok(first.map(|(_, reference)| reference))
}

/// The write of a proposal from the public form or a kiosk, for the posting pipeline; its
/// author follows it with `token`.
fn proposal_filing(
    state: &AppState,
    new: NewProposal,
    consultation_id: i64,
    submission: Option<Vec<u8>>,
    token: &str,
) -> impl FnOnce(&rusqlite::Connection, posting::Moment) -> Result<Filed, AppError> + Send + 'static
{
    let hash = security::sha256(token.as_bytes());
    let instance = state.instance_id.clone();
    move |c, m| {
        let f = ProposalFiling {
            uid: security::random_token(16),
            proposal: new,
            consultation_id,
            channel: m.channel,
            workshop_id: m.workshop_id,
            paper: None,
            recorded: Recorded::Here,
            follow_token_hash: hash,
            submission,
            moderation: m.moderation,
            device: m.device,
            created_at: m.now,
        };
        Ok(proposals::file_proposal(c, &f, &instance)?)
    }
}

/// The answer to a proposal filed: its private follow-up page; on a kiosk (a shared device),
/// the reference only (the private link would stay in the browser's history for the next
/// person), and the next person is a new participant.
fn receipt(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    poster: &Poster,
    token: &str,
    reference: &str,
) -> HttpResponse {
    if ctx.kiosk {
        let (_, fresh) = new_participant(req, state);
        with_cookie(
            see_other(&format!("/kiosque/merci?reference={reference}")),
            Some(fresh),
        )
    } else {
        with_cookie(
            see_other(&format!("/suivi/{token}?nouveau=1")),
            poster.cookie.clone(),
        )
    }
}

#[derive(Deserialize)]
struct FollowQuery {
    nouveau: Option<String>,
}

#[get("/suivi/{token}")]
pub(super) async fn follow_up(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    token: web::Path<String>,
    q: web::Query<FollowQuery>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    if token.len() > 64 {
        return Err(AppError::NotFound);
    }
    let hash = security::sha256(token.as_bytes());
    let (p, themes) = state
        .read(move |c| {
            let p = proposals::by_follow_token(c, &hash)?;
            Ok((p, themes::all(c)?))
        })
        .await?;
    let p = p.ok_or(AppError::NotFound)?;
    let link = state.link_base(&req);
    let mut resp = html(
        StatusCode::OK,
        views::participation::follow_up(&ctx, &p, &themes, &link, &token, q.nouveau.is_some()),
    );
    // A private page: never kept by caches, never indexed.
    no_store(&mut resp);
    resp.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(resp)
}
