//! Reading and joining in: the public list, a proposal's page, supports and comments, and
//! the privacy notice.

use super::*;

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    consultation: Option<String>,
    theme: Option<String>,
    zone: Option<String>,
    statut: Option<String>,
    tri: Option<String>,
    page: Option<String>,
}

#[get("/propositions")]
pub(super) async fn list(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    // Visitors who are not signed in all see the same page: build it once per change.
    crate::web::respond::cached_page_reading(
        &req,
        &ctx,
        &state,
        LIST_TOPICS,
        LIST_PARAMETERS,
        || build_list(&ctx, &state, q.into_inner()),
    )
    .await
}

/// What the list reads from its address (`ListQuery`).
const LIST_PARAMETERS: &[&str] = &[
    "consultation",
    "theme",
    "zone",
    "statut",
    "q",
    "tri",
    "page",
];

/// What the list shows: proposals and what was withheld, per consultation and theme.
const LIST_TOPICS: &[Topic] = &[Topic::Contributions, Topic::Catalogue, Topic::Settings];

async fn build_list(
    ctx: &PageCtx,
    state: &AppState,
    q: ListQuery,
) -> Result<maud::Markup, AppError> {
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let cat = state.catalogue().await?;
    let themes = &cat.themes;
    let filter = Filter {
        consultation: nonempty(q.consultation).and_then(|c| c.parse().ok()),
        theme: nonempty(q.theme).filter(|t| themes.iter().any(|x| &x.code == t)),
        zone: nonempty(q.zone).filter(|z| seed::zone(z).is_some()),
        status: nonempty(q.statut).filter(|s| Status::parse(s).is_some()),
        query: nonempty(q.q).map(|s| s.chars().take(200).collect()),
        sort: if q.tri.as_deref() == Some("soutenues") {
            Sort::Supported
        } else {
            Sort::Recent
        },
        page: q
            .page
            .and_then(|p| p.parse().ok())
            .filter(|p: &i64| (1..=100_000).contains(p))
            .unwrap_or(1),
    };
    let base_query = filter.base_query();
    let f2 = filter.clone();
    let ids: Vec<(i64, String)> = cat
        .consultations
        .iter()
        .map(|(c, _)| (c.id, c.title.clone()))
        .collect();
    let (items, total, withheld) = state
        .read(move |c| {
            let (items, total) = proposals::list_public(c, &f2)?;
            let mut withheld = Vec::new();
            for (id, title) in ids {
                withheld.push((title, crate::db::moderation::withheld_counts(c, id)?));
            }
            Ok((items, total, withheld))
        })
        .await?;
    let consultations: Vec<Consultation> =
        cat.consultations.iter().map(|(c, _)| c.clone()).collect();
    let v = views::participation::ListView {
        withheld: &withheld,
        items: &items,
        total,
        filter: &filter,
        themes,
        consultations: &consultations,
        base_query,
    };
    Ok(views::participation::list(ctx, &v))
}

#[get("/confidentialite")]
pub(super) async fn privacy(ctx: PageCtx) -> HttpResponse {
    html(StatusCode::OK, views::participation::privacy(&ctx))
}

#[derive(Deserialize)]
struct PageQuery {
    soutenu: Option<String>,
    deja: Option<String>,
    commentaire: Option<String>,
    signale: Option<String>,
}

struct Loaded {
    p: crate::domain::proposal::Proposal,
    history: Vec<crate::domain::journal::Entry>,
    themes: Vec<crate::domain::theme::Theme>,
    comments: Vec<crate::domain::proposal::Comment>,
    supported: bool,
    openness: Openness,
    /// Proposals whose receipt showed this reference, filed under another here.
    moved: Vec<(String, String)>,
}

/// A published proposal with what its page shows; None when it is not public.
async fn load(
    state: &AppState,
    reference: &str,
    participant: Option<String>,
) -> Result<Loaded, AppError> {
    let r = Reference::parse(reference).ok_or(AppError::NotFound)?;
    let now = state.now();
    let found = state
        .read(move |c| {
            let Some(p) =
                proposals::by_reference(c, &r)?.filter(|p| p.moderation == Moderation::Approved)
            else {
                return Ok(None);
            };
            let open = consultations::get(c, p.consultation_id)?.is_some_and(|(k, _)| {
                consultation_state(k.opens_at, k.closes_at, now) == State::Open
            });
            let supported = match &participant {
                Some(who) => proposals::has_supported(c, p.id, who)?,
                None => false,
            };
            Ok(Some(Loaded {
                moved: proposals::moved_from(c, &r)?,
                themes: themes::all(c)?,
                comments: proposals::public_comments(c, p.id)?,
                history: crate::db::moderation::public_history(c, p.id)?,
                supported,
                openness: openness(open, p.merged_reference.as_deref()),
                p,
            }))
        })
        .await?;
    found.ok_or(AppError::NotFound)
}

/// How the comment form stands when the page is shown again.
struct Reply<'a> {
    typed: (&'a str, &'a str),
    submission: &'a str,
    errors: &'a FieldErrors,
    notice: Option<String>,
    /// The thanks after a comment, shown where the comment form was.
    comment_notice: Option<String>,
    status: StatusCode,
}

impl Reply<'_> {
    /// The page as it is, with a message (a refusal or a thanks).
    fn notice(notice: Option<String>, status: StatusCode) -> Reply<'static> {
        Reply {
            typed: ("", ""),
            submission: "",
            errors: &NO_ERRORS,
            notice,
            comment_notice: None,
            status,
        }
    }
}

static NO_ERRORS: FieldErrors = FieldErrors::new();

fn render_page(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    l: &Loaded,
    reply: Reply<'_>,
) -> HttpResponse {
    let fresh;
    let submission = if reply.submission.is_empty() {
        fresh = security::new_submission_id();
        fresh.as_str()
    } else {
        reply.submission
    };
    let stamp = security::form_stamp(state.secret(), state.now(), submission);
    let status = reply.status;
    let page = proposal_markup(req, ctx, state, l, reply, submission, &stamp);
    html(status, page)
}

/// The proposal's page with this comment form's submission id and stamp.
fn proposal_markup(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    l: &Loaded,
    reply: Reply<'_>,
    submission: &str,
    stamp: &str,
) -> maud::Markup {
    let link = state.link_base(req);
    let v = views::participation::ProposalView {
        p: &l.p,
        history: &l.history,
        themes: &l.themes,
        comments: &l.comments,
        supported: l.supported,
        open: l.openness == Openness::Open,
        comment_form: reply.typed,
        comment_errors: reply.errors,
        stamp,
        submission,
        notice: reply.notice,
        comment_notice: reply.comment_notice,
        absolute_url: format!("{}/propositions/{}", link.base, l.p.reference),
        moved: &l.moved,
    };
    views::participation::proposal(ctx, &v)
}

/// Where a cached proposal page takes each visitor's own values: the CSRF token of its forms,
/// the comment form's submission id and stamp. Random for each run of the program, so that no
/// text a participant writes can be taken for one.
static HOLES: std::sync::LazyLock<[String; 3]> = std::sync::LazyLock::new(|| {
    ["csrf", "submission", "stamp"].map(|h| format!("palabre{}{h}", security::random_token(12)))
});

/// What a proposal's page shows: it, its comments and history, its themes and consultation.
const PROPOSAL_TOPICS: &[Topic] = &[Topic::Contributions, Topic::Catalogue, Topic::Settings];

/// A proposal's page for a visitor who is not staff, not on a kiosk and has not taken part
/// yet (no participant cookie: nothing on it is theirs): from the page cache, with their own
/// CSRF token and a fresh comment submission id and stamp in it.
async fn cached_proposal(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    reference: &str,
) -> Result<HttpResponse, AppError> {
    let link = state.link_base(req);
    let key = format!("{}|{}|{}", ctx.lang.code(), req.path(), link.base);
    let at = std::time::Instant::now();
    let stamp_of_db = state.db.stamp(PROPOSAL_TOPICS);
    let now = state.now();
    let submission = security::new_submission_id();
    let form_stamp = security::form_stamp(state.secret(), now, &submission);
    let values = [ctx.csrf.as_str(), submission.as_str(), form_stamp.as_str()];
    if let crate::cache::Lookup::Ready(entry) = state.pages.lookup(&key, stamp_of_db, now, at) {
        return Ok(crate::cache::respond(req, &entry, &values));
    }
    let l = load(state, reference, None).await?;
    let mut holes = ctx.clone();
    holes.csrf = HOLES[0].clone();
    let page = proposal_markup(
        req,
        &holes,
        state,
        &l,
        Reply::notice(None, StatusCode::OK),
        &HOLES[1],
        &HOLES[2],
    );
    let markers = [HOLES[0].as_str(), HOLES[1].as_str(), HOLES[2].as_str()];
    let page = crate::cache::Template::new(page.into_string(), &markers);
    let entry = state.pages.put(key, stamp_of_db, now, at, page);
    Ok(crate::cache::respond(req, &entry, &values))
}

/// The refusal of a support or comment on a proposal that takes none now.
fn refusal(ctx: &PageCtx, openness: &Openness, closed_message: &str) -> Option<String> {
    match openness {
        Openness::Open => None,
        Openness::Closed => Some(ctx.t(closed_message)),
        Openness::Merged(target) => Some(
            ctx.lang
                .t_args("merged-refused", &[("ref", target.clone().into())]),
        ),
    }
}

#[get("/propositions/{reference}")]
pub(super) async fn proposal_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    match show_proposal(&req, &ctx, &state, &r, &q).await {
        // A receipt's link that does not lead anywhere yet (a workshop's file not imported,
        // a proposal still being read, a typing mistake): a page that helps, not a dead end.
        Err(AppError::NotFound) => {
            // A receipt of a workshop laptop whose reference is filed under another here.
            let moved = match Reference::parse(&r) {
                Some(known) => {
                    state
                        .read(move |c| Ok(proposals::moved_from(c, &known)?))
                        .await?
                }
                None => Vec::new(),
            };
            Ok(html(
                StatusCode::NOT_FOUND,
                views::participation::unknown_reference(&ctx, &r, &moved),
            ))
        }
        other => other,
    }
}

async fn show_proposal(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &Data<AppState>,
    r: &str,
    q: &PageQuery,
) -> Result<HttpResponse, AppError> {
    let who = known_participant(req, state);
    let flagged =
        q.soutenu.is_some() || q.deja.is_some() || q.signale.is_some() || q.commentaire.is_some();
    // Only the bare address is kept: anything else in it is built for its visitor.
    if who.is_none()
        && !flagged
        && ctx.staff.is_none()
        && !ctx.kiosk
        && req.query_string().is_empty()
    {
        return cached_proposal(req, ctx, state, r).await;
    }
    let l = load(state, r, who).await?;
    let notice = if q.soutenu.is_some() {
        Some(ctx.t("support-thanks"))
    } else if q.deja.is_some() {
        Some(ctx.t("support-already"))
    } else if q.signale.is_some() {
        Some(ctx.t("report-thanks"))
    } else {
        None
    };
    let comment_notice = q.commentaire.as_ref().map(|c| {
        ctx.t(if c == "publie" {
            "comment-thanks"
        } else {
            "comment-pending"
        })
    });
    Ok(render_page(
        req,
        ctx,
        state,
        &l,
        Reply {
            comment_notice,
            ..Reply::notice(notice, StatusCode::OK)
        },
    ))
}

#[post("/propositions/{reference}/soutenir")]
pub(super) async fn support(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let poster = Poster::visitor(&req, &state, ctx.kiosk);
    let l = load(&state, &r, Some(poster.id.clone())).await?;
    let page = format!("/propositions/{}", l.p.reference);
    let refuse = |notice: String, status: StatusCode| {
        render_page(&req, &ctx, &state, &l, Reply::notice(Some(notice), status))
    };
    if let Some(notice) = refusal(&ctx, &l.openness, "support-closed") {
        return Ok(refuse(notice, StatusCode::UNPROCESSABLE_ENTITY));
    }
    if !poster.within_limits(&state, &req, Act::Support) {
        return Ok(refuse(
            ctx.t("form-error-rate"),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let (id, instance, who) = (l.p.id, state.instance_id.clone(), poster.id.clone());
    let taken = posting::write(&state, &poster, None, move |c, m| {
        let f = SupportFiling {
            uid: security::random_token(16),
            participant: who,
            channel: m.channel,
            workshop_id: m.workshop_id,
            recorded: Recorded::Here,
            device: m.device,
            created_at: m.now,
        };
        Ok(proposals::file_support(c, id, &f, &instance)?)
    })
    .await?;
    let flag = match taken {
        Written::Done(Taken::Added { .. }) => "soutenu",
        // Merged meanwhile: its page now says where it went.
        Written::Done(Taken::Already { .. } | Taken::Merged(_)) | Written::Spent => "deja",
        Written::DiskFull => {
            let notice = ctx.t("form-error-disk-full");
            return Ok(refuse(notice, StatusCode::INSUFFICIENT_STORAGE));
        }
    };
    Ok(with_cookie(
        see_other(&format!("{page}?{flag}=1#soutien")),
        poster.cookie,
    ))
}

#[derive(Deserialize, Default)]
struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    author_name: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    form_ts: String,
    #[serde(default)]
    submission: String,
}

#[post("/propositions/{reference}/commentaires")]
pub(super) async fn comment(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: CommentForm = parse_body(&body);
    let poster = Poster::visitor(&req, &state, ctx.kiosk);
    let l = load(&state, &r, Some(poster.id.clone())).await?;
    let here = Commenting {
        req: &req,
        ctx: &ctx,
        state: &state,
        l: &l,
        form: &form,
    };
    let none = FieldErrors::new();
    if let Some(notice) = refusal(&ctx, &l.openness, "comment-closed") {
        return Ok(here.refuse(&none, Some(notice), StatusCode::UNPROCESSABLE_ENTITY));
    }
    let thanks = |published| comment_thanks(&l.p.reference, published, poster.cookie.clone());
    let key = poster.key(&state, &form.submission);
    // A repeat of a comment already filed: the same thanks, nothing written.
    if let Some(published) = first_comment(&state, &key).await? {
        return Ok(thanks(published));
    }
    if let Some(msg) = robot_check(&state, &form.website, &form.form_ts, &form.submission) {
        return Ok(here.say(msg, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let new = match NewComment::parse(&form.body, &form.author_name) {
        Ok(c) => c,
        Err(errors) => return Ok(here.refuse(&errors, None, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    if !poster.within_limits(&state, &req, Act::Comment) {
        return Ok(here.say("form-error-rate", StatusCode::TOO_MANY_REQUESTS));
    }
    let filing = comment_filing(new, l.p.id, key.clone(), state.instance_id.clone());
    let taken = posting::write(&state, &poster, Some((&form.submission, key)), filing).await?;
    Ok(match taken {
        Written::Done(Taken::Added { published } | Taken::Already { published }) => {
            thanks(published)
        }
        Written::Done(Taken::Merged(target)) => {
            let notice = ctx.lang.t_args("merged-refused", &[("ref", target.into())]);
            here.refuse(&none, Some(notice), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Written::DiskFull => here.say("form-error-disk-full", StatusCode::INSUFFICIENT_STORAGE),
        // What was typed stays, in a form of its own this time.
        Written::Spent => here.refuse_with(
            &none,
            Some(ctx.t("form-error-spent")),
            &security::new_submission_id(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    })
}

/// Back to the proposal's comments; the message after the redirect says whether the
/// comment shows now or after review.
fn comment_thanks(
    reference: &str,
    published: bool,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    let flag = if published { "publie" } else { "attente" };
    let page = format!("/propositions/{reference}?commentaire={flag}#commentaires");
    with_cookie(see_other(&page), cookie)
}

/// Whether the comment this submission key filed already is published, if there is one.
async fn first_comment(state: &AppState, key: &Option<Vec<u8>>) -> Result<Option<bool>, AppError> {
    let Some(k) = key.clone() else {
        return Ok(None);
    };
    state
        .read(move |c| Ok(proposals::comment_by_submission(c, &k)?))
        .await
}

/// A proposal's page as the comment form's answers draw it again, with what was typed.
struct Commenting<'a> {
    req: &'a HttpRequest,
    ctx: &'a PageCtx,
    state: &'a AppState,
    l: &'a Loaded,
    form: &'a CommentForm,
}

impl Commenting<'_> {
    /// The page again with the message `id` above the form.
    fn say(&self, id: &str, status: StatusCode) -> HttpResponse {
        self.refuse(&FieldErrors::new(), Some(self.ctx.t(id)), status)
    }

    fn refuse(
        &self,
        errors: &FieldErrors,
        notice: Option<String>,
        status: StatusCode,
    ) -> HttpResponse {
        self.refuse_with(errors, notice, &self.form.submission, status)
    }

    /// With a form id of its own (`submission`).
    fn refuse_with(
        &self,
        errors: &FieldErrors,
        notice: Option<String>,
        submission: &str,
        status: StatusCode,
    ) -> HttpResponse {
        render_page(
            self.req,
            self.ctx,
            self.state,
            self.l,
            Reply {
                typed: (&self.form.body, &self.form.author_name),
                submission,
                errors,
                notice,
                comment_notice: None,
                status,
            },
        )
    }
}

/// The write of a comment on the proposal `id`, for the posting pipeline.
fn comment_filing(
    new: NewComment,
    id: i64,
    submission: Option<Vec<u8>>,
    instance: String,
) -> impl FnOnce(&rusqlite::Connection, posting::Moment) -> Result<Taken, AppError> + Send + 'static
{
    move |c, m| {
        let f = CommentFiling {
            uid: security::random_token(16),
            body: new.body,
            author_name: new.author_name,
            channel: m.channel,
            workshop_id: m.workshop_id,
            recorded: Recorded::Here,
            submission,
            moderation: m.moderation,
            device: m.device,
            created_at: m.now,
        };
        Ok(proposals::file_comment(c, id, &f, &instance)?)
    }
}
