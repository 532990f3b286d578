//! What people met when they tried the site (issue 29): one closing date everywhere, a
//! refused author told why and what to do, moderation that says what it just did.

use super::*;

/// The value of the input (or textarea) `name` in a page, entities left as they are.
fn input_value(html: &str, name: &str) -> String {
    let tag = regex::Regex::new(&format!(
        r#"<input[^>]*name="{}"[^>]*>"#,
        regex::escape(name)
    ))
    .unwrap()
    .find(html)
    .unwrap_or_else(|| panic!("no input {name}"))
    .as_str()
    .to_string();
    regex::Regex::new(r#"value="([^"]*)""#)
        .unwrap()
        .captures(&tag)
        .map(|c| c[1].to_string())
        .unwrap_or_default()
}

fn times(ctx: &Ctx) -> (i64, i64) {
    ctx.state
        .db
        .read(|c| {
            Ok::<_, db::DbError>(c.query_row(
                "SELECT opens_at, closes_at FROM consultations WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
}

/// Set up on 7 December 2026 at 13:34: the consultation's last day is 5 February 2027,
/// said in the same words on the home page, the dashboard, the staff list and the form; it
/// is open until the evening of that day; saving its page untouched changes nothing.
#[actix_web::test]
async fn one_closing_date_everywhere_and_an_untouched_save_changes_nothing() {
    let ctx = state();
    let dec7_1334 = 1_796_650_440;
    let feb6 = 1_801_872_000; // 6 February 2027, 00:00 UTC (Abidjan)
    ctx.state.set_now(dec7_1334);
    let mut admin = set_up_site(&ctx).await;
    let (opens, closes) = times(&ctx);
    assert_eq!(opens, dec7_1334, "open at once");
    assert_eq!(closes, feb6, "ends at midnight after its last day");
    let last = "Dernier jour pour participer\u{a0}: 5\u{a0}février\u{a0}2027";
    let mut b = browser(&ctx).await;
    let home = b.get("/").await.body;
    assert!(home.contains(last), "home: {home}");
    let dash = admin.get("/admin").await.body;
    assert!(
        dash.contains("5\u{a0}février\u{a0}2027") && !dash.contains("6\u{a0}février"),
        "{dash}"
    );
    let list = admin.get("/admin/consultations").await.body;
    assert!(
        list.contains("au 5\u{a0}février\u{a0}2027") && !list.contains("6\u{a0}février"),
        "{list}"
    );
    // The edit page, saved as it is.
    let page = admin.get("/admin/consultations/1").await.body;
    assert_eq!(input_value(&page, "closes_on"), "2027-02-05");
    let title = input_value(&page, "title").replace("&#39;", "'");
    let opens_on = input_value(&page, "opens_on");
    let closes_on = input_value(&page, "closes_on");
    let r = admin
        .submit(
            "/admin/consultations/1",
            "/admin/consultations/1",
            &[
                ("title", &title),
                ("description", ""),
                ("opens_on", &opens_on),
                ("closes_on", &closes_on),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        times(&ctx),
        (opens, closes),
        "an untouched save changes nothing"
    );
    // The afternoon and the last second of the last day: the form is there.
    for at in [feb6 - 86_400 + 15 * 3600, feb6 - 1] {
        ctx.state.set_now(at);
        let form = b.get("/propositions/nouvelle").await.body;
        assert!(form.contains(r#"name="title""#), "open at {at}");
        assert!(b.get("/").await.body.contains(last));
    }
    // Midnight: closed, and the last day is still the one named.
    ctx.state.set_now(feb6);
    let closed = b.get("/propositions/nouvelle").await.body;
    assert!(!closed.contains(r#"name="title""#));
    assert!(
        closed.contains("le dernier jour pour participer était le 5\u{a0}février\u{a0}2027"),
        "{closed}"
    );
    let home = b.get("/").await.body;
    assert!(
        home.contains("Aucune consultation n'est ouverte") && !home.contains("Dernier jour"),
        "the home page of the day before is not served after midnight: {home}"
    );
}

/// A refused author's follow-up page says "Non publiée", the moderator's reason and note,
/// that it is final, and what to do; the link opens the form filled with their text.
#[actix_web::test]
async fn a_refused_author_reads_why_it_is_final_and_what_to_do() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let fields = proposal_fields(
        "Un dispensaire à Sakassou",
        "Appelez-moi au 07 07 07 07 07.",
    );
    let r = propose(&ctx, &mut b, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let follow = r.location().split('?').next().unwrap().to_string();
    let before = b.get(&follow).await.body;
    assert!(!before.contains("Non publiée"));
    let id = count(&ctx, "SELECT id FROM proposals");
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[
                ("reason", "donnees-personnelles"),
                ("note", "Votre numéro de téléphone est dans le texte."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.get(&follow).await.body;
    assert!(!page.contains(">Reçue<"), "not 'Reçue': {page}");
    for seen in [
        "Non publiée",
        "Motif\u{a0}: données personnelles.",
        "Votre numéro de téléphone est dans le texte.",
        "Retirez votre numéro de téléphone",
        "Cette décision est définitive pour cette proposition.",
        "Corriger et envoyer à nouveau",
    ] {
        assert!(page.contains(seen), "{seen} missing: {page}");
    }
    let token = follow.trim_start_matches("/suivi/");
    let again = b
        .get(&format!("/propositions/nouvelle?depuis={token}"))
        .await
        .body;
    assert!(
        again.contains("Votre texte refusé est repris ci-dessous"),
        "{again}"
    );
    assert!(
        again.contains("Un dispensaire à Sakassou")
            && again.contains("Appelez-moi au 07 07 07 07 07.")
    );
    // Another person's token, or a published proposal's, fills nothing.
    let other = b
        .get("/propositions/nouvelle?depuis=nimportequoi")
        .await
        .body;
    assert!(!other.contains("Sakassou") && !other.contains("Votre texte refusé"));
    // Advertising: final, no invitation to send it again.
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Achetez nos panneaux", "Promo"),
        30,
    )
    .await;
    let follow = r.location().split('?').next().unwrap().to_string();
    let id = count(&ctx, "SELECT max(id) FROM proposals");
    admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    let page = b.get(&follow).await.body;
    assert!(
        page.contains("Motif\u{a0}: publicité ou spam.") && !page.contains("Corriger et envoyer")
    );
}

/// After "Publier" or "Refuser" the queue says what was done to which reference, with
/// "Annuler" for a minute; taking back puts it back in the queue.
#[actix_web::test]
async fn moderation_says_what_it_did_and_can_take_it_back_for_a_minute() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    for t in ["Une route pour Béoumi", "Vente de crédit"] {
        let r = propose(&ctx, &mut b, &proposal_fields(t, "Problème"), 30).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let r = admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/approuver",
            &[],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation?fait=propositions-1");
    let queue = admin.get(r.location()).await.body;
    assert!(queue.contains("P-0001 publiée."), "{queue}");
    assert!(queue.contains(r#"action="/admin/moderation/propositions/1/annuler""#));
    let r = admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/2/rejeter",
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    let queue = admin.get(r.location()).await.body;
    assert!(
        queue.contains("P-0002 refusée (publicité ou spam)."),
        "{queue}"
    );
    assert!(
        !queue.contains("Vente de crédit"),
        "the card left the queue"
    );
    // Taken back within the minute: it is in the queue again, and the journal says so.
    ctx.state.set_now(ctx.state.now() + 30);
    let r = admin
        .submit(
            r.location(),
            "/admin/moderation/propositions/2/annuler",
            &[],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation?annule=propositions-2");
    let queue = admin.get(r.location()).await.body;
    assert!(queue.contains("P-0002\u{a0}: décision annulée.") && queue.contains("Vente de crédit"));
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE id = 2 AND moderation = 'pending' AND withheld_reason IS NULL"
        ),
        1
    );
    // After a minute, no more "Annuler", and a late post changes nothing.
    ctx.state.set_now(ctx.state.now() + 61);
    let queue = admin
        .get("/admin/moderation?fait=propositions-1")
        .await
        .body;
    assert!(queue.contains("P-0001 publiée.") && !queue.contains("/annuler"));
    let r = admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/annuler",
            &[],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation?fait=propositions-1");
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE id = 1 AND moderation = 'approved'"
        ),
        1
    );
}

/// A receipt's link to a proposal not here yet gets a page that helps: the reference, what
/// it may mean for a workshop participant, a search, the site's name.
#[actix_web::test]
async fn an_unknown_reference_gets_a_page_that_helps() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    for path in ["/propositions/BKE-0042", "/propositions/pas-une-reference"] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let shown = path.trim_start_matches("/propositions/");
        assert!(
            r.body.contains(&format!("Proposition {shown} introuvable")),
            "{}",
            r.body
        );
        assert!(r.body.contains("Si vous avez participé à un atelier, votre proposition apparaîtra ici après l'envoi du fichier de l'atelier"));
        assert!(
            r.body.contains(r#"action="/propositions""#) && r.body.contains(r#"type="search""#)
        );
        assert!(
            r.body.contains("Plan d'action national 2027-2029"),
            "the site's name"
        );
    }
}

/// Public pages describe themselves (description, Open Graph card with the public address
/// and the logo), and robots.txt keeps staff and private pages out of search engines.
#[actix_web::test]
async fn public_pages_describe_themselves_and_robots_know_what_is_private() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let meta = regex::Regex::new(r#"<meta name="description" content="([^"]{40,})">"#).unwrap();
    for path in [
        "/",
        "/propositions",
        "/propositions/nouvelle",
        "/pgo",
        "/documents",
        "/calendrier",
    ] {
        let page = b.get(path).await.body;
        let description = meta
            .captures(&page)
            .unwrap_or_else(|| panic!("no description on {path}: {page}"))[1]
            .to_string();
        assert!(!description.is_empty());
        if ["/", "/propositions", "/propositions/nouvelle", "/pgo"].contains(&path) {
            assert!(
                page.contains(&format!(
                    r#"<meta property="og:url" content="http://localhost:8080{path}">"#
                )) && page.contains(r#"<meta property="og:title""#),
                "card of {path}: {page}"
            );
        }
    }
    let robots = b.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.header("content-type").starts_with("text/plain"));
    for line in ["User-agent: *", "Disallow: /admin", "Disallow: /suivi/"] {
        assert!(
            robots.body.lines().any(|l| l == line),
            "{line}: {}",
            robots.body
        );
    }
}

/// Citizens find "Comment participer" in the public menu, not the staff manual; staff pages
/// keep their "Aide".
#[actix_web::test]
async fn citizens_get_a_how_to_and_staff_keep_their_guide() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let home = b.get("/").await.body;
    assert!(
        home.contains(r#"<a href="/participer">Comment participer</a>"#),
        "{home}"
    );
    assert!(
        !home.contains(r#"href="/guide""#),
        "no staff manual in the public menu"
    );
    let how = b.get("/participer").await;
    assert_eq!(how.status, StatusCode::OK);
    for seen in [
        "Trois façons de participer",
        "Gardez la référence et le lien de suivi",
        "Ce qui n'est pas publié",
        r#"href="/propositions/nouvelle""#,
    ] {
        assert!(how.body.contains(seen), "{seen}: {}", how.body);
    }
    let dash = admin.get("/admin").await.body;
    assert!(
        dash.contains(">Aide</a>") && dash.contains(r#"href="/guide"#),
        "{dash}"
    );
}

/// A title over 200 characters is not cut by the browser: the site says how long it is and
/// keeps every word for the person to shorten.
#[actix_web::test]
async fn a_long_title_is_counted_and_kept_not_cut() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let form = b.get("/propositions/nouvelle").await.body;
    assert!(!form.contains("maxlength"), "a browser would cut silently");
    assert!(form.contains("(200 caractères au plus.)"));
    let long = format!(
        "{} fin-du-titre",
        "Une route goudronnée pour Béoumi ".repeat(7)
    );
    let n = long.chars().count();
    assert!(n > 200);
    let r = propose(&ctx, &mut b, &proposal_fields(&long, "Problème"), 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!(
            "Ce texte est trop long\u{a0}: {n} caractères pour 200 au plus."
        )),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("fin-du-titre"),
        "what was typed is kept whole"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 0);
}

/// Upload forms carry their CSRF token in their first field, not in the address; a wrong or
/// missing one is refused and nothing is stored.
#[actix_web::test]
async fn uploads_carry_their_token_in_the_form_not_the_address() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    for page in ["/admin/documents", "/admin/logo", "/admin/ateliers/fichier"] {
        let body = admin.get(page).await.body;
        assert!(
            !body.contains("csrf_token="),
            "{page}: a token in an address"
        );
    }
    let send = |token: &str| {
        let fields = [
            ("csrf_token", token),
            ("title", "Plan 2024"),
            ("category", "plans-action"),
            ("doc_date", "2024-06-30"),
            ("language", "fr"),
            ("summary", ""),
        ];
        let (ct, body) = multipart(&fields, Some(("plan.pdf", b"%PDF-1.4\n%%EOF\n")));
        TestRequest::with_uri("/admin/documents")
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body)
    };
    let r = admin.send(send("pas-le-bon-jeton")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(document_count(&ctx), 0);
    let token = csrf_from(&admin.get("/admin/documents").await.body);
    let r = admin.send(send(&token)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(document_count(&ctx), 1);
}

/// The small things people met: each read as a person reads it.
#[actix_web::test]
async fn small_things_read_right() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    // The point of contact: e-mail or phone, not both forced.
    let contact = admin.get("/admin/contact").await.body;
    let forced =
        regex::Regex::new(r#"<input[^>]*name="contact_(email|phone)"[^>]*required"#).unwrap();
    assert!(!forced.is_match(&contact), "{contact}");
    // The public link says where the traffic goes.
    let link = admin.get("/admin/internet").await.body;
    assert!(
        link.contains("transite par les serveurs du service relais"),
        "{link}"
    );
    // A workshop's paper entry starts on its region.
    let today = time::OffsetDateTime::from_unix_timestamp(ctx.state.now())
        .unwrap()
        .date()
        .to_string();
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier de Bouaké"),
                ("place", "Bouaké"),
                ("zone", "gbeke"),
                ("held_on", &today),
                ("facilitators", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let entry = admin.get("/admin/ateliers/1/saisie").await.body;
    assert!(
        entry.contains(r#"<option value="gbeke" selected>"#),
        "{entry}"
    );
    // Someone else's proposal: "the problem observed"; staff read its channel in words.
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Une route pour Béoumi", "La piste est coupée."),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    approve_all(&ctx, &mut admin).await;
    let page = b.get("/propositions/P-0001").await.body;
    assert!(
        page.contains("Le problème constaté") && !page.contains("Le problème que vous constatez")
    );
    let staff = admin.get("/admin/propositions/P-0001").await.body;
    assert!(
        staff.contains("Canal\u{a0}:") && staff.contains("en ligne"),
        "{staff}"
    );
    // Separators hold to what precedes them: never alone at the start of a line.
    let list = b.get("/propositions").await.body;
    assert!(
        list.contains("P-0001\u{a0}· ") && !list.contains(" · "),
        "{list}"
    );
    let mut en = browser(&ctx).await;
    en.accept_language = Some("en".into());
    assert!(
        en.get("/propositions")
            .await
            .body
            .contains("No comments yet")
    );
    // Before the opening: "not open yet", not "closed".
    let now = ctx.state.now();
    ctx.state
        .db
        .write(move |c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE consultations SET opens_at = ?1, closes_at = ?2",
                [now + 10 * 86_400, now + 40 * 86_400],
            )?)
        })
        .unwrap();
    let upcoming = b.get("/propositions/nouvelle").await.body;
    assert!(
        upcoming.contains("<h1>Les propositions ne sont pas encore ouvertes</h1>"),
        "{upcoming}"
    );
}

/// Three reports from visitors without a participant cookie used to take any published
/// proposal off the site: only participants the site already knows count, and reports are
/// limited per address.
#[actix_web::test]
async fn cookieless_reports_cannot_hide_a_proposal() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Une route pour Béoumi", "La piste est coupée."),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    approve_all(&ctx, &mut admin).await;
    let mut script = browser(&ctx).await;
    for _ in 0..5 {
        let page = script.get("/propositions/P-0001").await.body;
        script.cookies.remove("palabre_participant");
        let token = csrf_from(&page);
        let r = script
            .post("/propositions/P-0001/signaler", &[("csrf_token", &token)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "thanked all the same");
        script.cookies.remove("palabre_participant");
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM reports"), 0);
    assert_eq!(
        b.get("/propositions/P-0001").await.status,
        StatusCode::OK,
        "still public"
    );
    // Participants the site knows are heard.
    for who in [
        "lecteur-un-aaaaaaaaaaaaaaaaa",
        "lecteur-deux-bbbbbbbbbbbbbbb",
        "lecteur-trois-ccccccccccccc",
    ] {
        let mut reader = browser(&ctx).await;
        reader.be_participant(who);
        let r = reader
            .submit("/propositions/P-0001", "/propositions/P-0001/signaler", &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM reports"), 3);
}

/// What was taken back cannot be taken back again (that would publish it behind the
/// moderator's back), nor can the automatic hiding after reports be "undone" from the queue.
#[actix_web::test]
async fn a_taking_back_is_final_and_automatic_hiding_is_not_undone() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Une route pour Béoumi", "Problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/approuver",
            &[],
        )
        .await;
    let r = admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/annuler",
            &[],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation?annule=propositions-1");
    let again = admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/annuler",
            &[],
        )
        .await;
    assert_eq!(
        again.location(),
        "/admin/moderation?fait=propositions-1",
        "not taken back twice"
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE moderation = 'pending'"
        ),
        1
    );
    // Published, then hidden by three readers' reports: no "Annuler" for that.
    admin
        .submit(
            "/admin/moderation",
            "/admin/moderation/propositions/1/approuver",
            &[],
        )
        .await;
    ctx.state.set_now(ctx.state.now() + 120);
    for who in [
        "lecteur-un-aaaaaaaaaaaaaaaaa",
        "lecteur-deux-bbbbbbbbbbbbbbb",
        "lecteur-trois-ccccccccccccc",
    ] {
        let mut reader = browser(&ctx).await;
        reader.be_participant(who);
        reader
            .submit("/propositions/P-0001", "/propositions/P-0001/signaler", &[])
            .await;
    }
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE moderation = 'pending'"
        ),
        1
    );
    let queue = admin
        .get("/admin/moderation?fait=propositions-1")
        .await
        .body;
    assert!(!queue.contains("/annuler"), "{queue}");
}
