//! Proposals, receipts, supports and comments; consultations and their forms; settings of publication.

use super::*;

/// A double tap, or Back and send again: the same form posted twice files one proposal and
/// both answers lead to the same receipt. Another visitor's copy of the id files their own.
#[actix_web::test]
async fn the_same_form_sent_twice_files_one_proposal() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let page = b.get("/propositions/nouvelle").await;
    let field =
        |name: &str| common::hidden_value(&page.body, name).unwrap_or_else(|| panic!("no {name}"));
    let (stamp, submission, consultation) =
        (field("form_ts"), field("submission"), field("consultation"));
    let token = csrf_from(&page.body);
    ctx.state.set_now(ctx.state.now() + 30);
    let mut all = proposal_fields("Un dispensaire à Sakassou", "Trop loin.");
    all.extend([
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("consultation", consultation.as_str()),
    ]);
    let first = b.post("/propositions/nouvelle", &all).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = b.post("/propositions/nouvelle", &all).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(
        first.location(),
        again.location(),
        "the first receipt, again"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    let receipt = b.get(again.location()).await;
    assert!(receipt.body.contains("P-0001") && receipt.body.contains("Un dispensaire à Sakassou"));
    // Someone else who got hold of the id sees none of the first: a form lets one proposal
    // through (issue 30), so they get what they typed back in a fresh form, and that one
    // files their own.
    let mut other = browser(&ctx).await;
    let page = other.get("/propositions/nouvelle").await;
    let token = csrf_from(&page.body);
    all.retain(|(k, _)| *k != "csrf_token");
    all.push(("csrf_token", token.as_str()));
    let r = other.post("/propositions/nouvelle", &all).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(!r.body.contains("/suivi/"), "nothing of the first proposal");
    assert!(
        r.body.contains("Un dispensaire à Sakassou"),
        "what they typed"
    );
    let fresh = |name: &str| common::hidden_value(&r.body, name).unwrap();
    let (stamp, submission) = (fresh("form_ts"), fresh("submission"));
    ctx.state.set_now(ctx.state.now() + 30);
    all.retain(|(k, _)| !["form_ts", "submission"].contains(k));
    all.extend([
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
    ]);
    let r = other.post("/propositions/nouvelle", &all).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(r.location(), first.location());
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 2);
}

/// With the public address set, the receipt's follow-up link and share links carry it;
/// without it, on a local network, the receipt says the link works here only and shows the
/// reference to keep.
#[actix_web::test]
async fn receipts_carry_the_public_address_or_warn() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields(
            "Des bancs pour l'école",
            "Les enfants sont assis par terre.",
        ),
        30,
    )
    .await;
    let receipt = b.get(r.location()).await;
    assert!(
        receipt.body.contains("ce lien ne marche que sur ce réseau")
            && receipt.body.contains("Notez votre référence P-0001"),
        "{}",
        receipt.body
    );
    let settings = [
        ("moderation_mode", "a_posteriori"),
        ("upload_max_mb", "10"),
        ("report_threshold", "3"),
        ("reference_code", "P"),
    ];
    let mut bad = settings.to_vec();
    bad.push(("public_address", "pgo.gouv.ci"));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &bad)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("doit commencer par https://") && r.body.contains("value=\"pgo.gouv.ci\"")
    );
    let mut good = settings.to_vec();
    good.push(("public_address", "https://pgo.gouv.ci/"));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &good)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let receipt = b.get(&receipt_link(&receipt.body)).await;
    assert!(
        receipt.body.contains("value=\"https://pgo.gouv.ci/suivi/"),
        "{}",
        receipt.body
    );
    assert!(!receipt.body.contains("ce lien ne marche que sur ce réseau"));
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Un marché couvert", "Les vendeuses sont sous le soleil."),
        30,
    )
    .await;
    let page = b.get("/propositions/P-0002").await;
    assert_eq!(page.status, StatusCode::OK, "{}", r.body);
    assert!(
        page.body
            .contains(r#"content="https://pgo.gouv.ci/propositions/P-0002""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("https%3A%2F%2Fpgo.gouv.ci%2Fpropositions%2FP-0002")
    );
}

#[actix_web::test]
async fn a_citizen_submits_follows_and_finds_a_proposal_after_approval() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut citizen = browser(&ctx).await;
    citizen.peer = "192.0.2.50:1234".into();
    let home = citizen.get("/").await.body;
    assert!(home.contains("Ouverte"));
    let r = propose(
        &ctx,
        &mut citizen,
        &proposal_fields(
            "Électricité dans les centres de santé ruraux",
            "Les centres de santé n'ont pas d'électricité la nuit.",
        ),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let follow = r.location().to_string();
    assert!(
        follow.starts_with("/suivi/") && follow.ends_with("?nouveau=1"),
        "{follow}"
    );
    let receipt = citizen.get(&follow).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("P-0001"), "{}", receipt.body);
    assert!(receipt.body.contains("Gardez ce lien"));
    assert!(receipt.body.contains("Reçue"));
    assert!(receipt.body.contains("après une relecture"));
    assert_eq!(receipt.header("cache-control"), "no-store");
    // Only the token's hash is stored.
    let token = follow
        .trim_start_matches("/suivi/")
        .trim_end_matches("?nouveau=1");
    let stored: i64 = count(
        &ctx,
        &format!(
            "SELECT count(*) FROM proposals WHERE instr(CAST(follow_token_hash AS TEXT), '{token}') > 0"
        ),
    );
    assert_eq!(stored, 0);
    // A priori moderation: not public yet, anywhere.
    assert!(
        !citizen
            .get("/propositions")
            .await
            .body
            .contains("Électricité")
    );
    assert_eq!(
        citizen.get("/propositions/P-0001").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !citizen
            .get("/propositions?q=electricite")
            .await
            .body
            .contains("Électricité")
    );

    let queue = admin.get("/admin/moderation").await.body;
    assert!(queue.contains("P-0001") && queue.contains("Électricité dans les centres"));
    approve_all(&ctx, &mut admin).await;
    let list = citizen.get("/propositions").await.body;
    assert!(list.contains("Électricité dans les centres de santé ruraux"));
    assert!(list.contains("Gbêkê"));
    let found = citizen.get("/propositions?q=electricite+SANTE").await.body;
    assert!(
        found.contains("Électricité dans les centres de santé ruraux"),
        "accent-folded search"
    );
    assert!(found.contains("1 proposition."));
    let none = citizen.get("/propositions?q=education").await.body;
    assert!(!none.contains("Électricité dans les centres"));
    let page = citizen.get("/propositions/P-0001").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("property=\"og:title\""));
    assert!(page.body.contains("Koffi"));
    assert!(
        page.body.contains("Ce n&#39;est pas un vote")
            || page.body.contains("Ce n'est pas un vote")
    );
    assert!(
        citizen
            .get(&follow)
            .await
            .body
            .contains("Elle est publiée.")
    );
}

#[actix_web::test]
async fn bad_proposals_get_clear_answers_and_nothing_is_saved() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;

    let mut missing = proposal_fields("", "");
    missing.retain(|(k, _)| *k != "theme");
    let r = propose(&ctx, &mut b, &missing, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Il y a un problème"));
    assert!(
        r.body.contains("Donnez un titre")
            && r.body.contains("Décrivez le problème")
            && r.body.contains("Choisissez un thème")
    );
    assert!(
        r.body.contains("Installer des panneaux solaires"),
        "typed text kept"
    );
    assert!(r.body.contains("value=\"Koffi\""));

    let long = "é".repeat(100_000);
    let r = propose(&ctx, &mut b, &proposal_fields("Titre", &long), 30).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        r.status
    );
    assert!(
        r.body.contains("trop long") || r.body.contains("trop volumineux"),
        "{}",
        &r.body[..500.min(r.body.len())]
    );

    let mut unknown = proposal_fields("Titre", "Problème");
    for (k, v) in unknown.iter_mut() {
        if *k == "theme" {
            *v = "piraterie";
        }
        if *k == "zone" {
            *v = "paris";
        }
    }
    let r = propose(&ctx, &mut b, &unknown, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez un thème") && r.body.contains("Choisissez une région"));

    let mut robot = proposal_fields("Titre", "Problème");
    for (k, v) in robot.iter_mut() {
        if *k == "website" {
            *v = "http://spam.example";
        }
    }
    let r = propose(&ctx, &mut b, &robot, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("champ caché"));

    let r = propose(&ctx, &mut b, &proposal_fields("Trop vite", "Problème"), 0).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("très vite"));
    assert!(r.body.contains("value=\"Trop vite\""));

    let mut with_contact = proposal_fields("Titre", "Problème");
    with_contact.push(("contact", "07 07 07 07 07"));
    with_contact.retain(|(k, v)| !(*k == "contact" && v.is_empty()));
    let r = propose(&ctx, &mut b, &with_contact, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("cochez la case pour accepter"));

    // Invalid UTF-8 in the body.
    let page = b.get("/propositions/nouvelle").await;
    let token = csrf_from(&page.body);
    let mut body = format!("csrf_token={token}&title=").into_bytes();
    body.extend_from_slice(b"\xff\xfe\xfd");
    body.extend_from_slice(
        b"&problem=x&solution=y&theme=sante&zone=gbeke&contributor_type=citoyen&language=fr",
    );
    let r = b
        .send(
            TestRequest::with_uri("/propositions/nouvelle")
                .method(Method::POST)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await;
    assert!(
        r.status.as_u16() < 500 && r.status != StatusCode::SEE_OTHER,
        "{}",
        r.status
    );

    // A closed consultation accepts nothing and says since when.
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE consultations SET closes_at = opens_at + 10, opens_at = opens_at - 100",
                [],
            )?)
        })
        .unwrap();
    let r = b.get("/propositions/nouvelle").await;
    assert!(
        r.body
            .contains("est close\u{a0}: le dernier jour pour participer était le"),
        "{}",
        r.body
    );
    assert_eq!(
        count(&ctx, "SELECT count(*) FROM proposals"),
        0,
        "nothing half-saved"
    );
}

#[actix_web::test]
async fn hostile_text_shows_as_text_and_contacts_stay_private() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> javascript:alert(3)";
    let mut fields = proposal_fields(hostile, hostile);
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "awa.secret@example.ci"));
    fields.push(("consent_contact", "oui"));
    let r = propose(&ctx, &mut b, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let follow = r.location().to_string();
    let queue = admin.get("/admin/moderation").await.body;
    assert!(
        queue.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && !queue.contains("<script>alert")
            && !queue.contains("<img src=x")
    );
    approve_all(&ctx, &mut admin).await;
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact = 'awa.secret@example.ci' AND consent_contact = 1"
        ),
        1
    );
    for (who, path) in [
        ("public", "/propositions"),
        ("public", "/propositions/P-0001"),
        ("public", follow.as_str()),
    ] {
        let body = if who == "admin" {
            admin.get(path).await.body
        } else {
            b.get(path).await.body
        };
        assert!(!body.contains("<script>alert"), "{path}");
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: hostile text not shown as text"
        );
        if who == "public" {
            assert!(
                !body.contains("awa.secret@example.ci"),
                "{path} shows the contact"
            );
        }
    }
}

#[actix_web::test]
async fn supports_count_once_per_participant_even_at_the_same_moment() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Soutenez-moi", "Un problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    approve_all(&ctx, &mut admin).await;
    let r = b
        .submit("/propositions/P-0001", "/propositions/P-0001/soutenir", &[])
        .await;
    assert_eq!(r.location(), "/propositions/P-0001?soutenu=1#soutien");
    let r = b
        .submit("/propositions/P-0001", "/propositions/P-0001/soutenir", &[])
        .await;
    assert_eq!(r.location(), "/propositions/P-0001?deja=1#soutien");
    let page = b.get("/propositions/P-0001?deja=1").await.body;
    assert!(page.contains("1 soutien") && page.contains("Vous soutenez déjà"));

    // 50 other participants at once, all behind one workshop hotspot address.
    let app = std::rc::Rc::new(test::init_service(app(ctx.state.clone())).await);
    let mut tasks = Vec::new();
    for i in 0..50 {
        let app = app.clone();
        let secret = ctx.state.secret().to_vec();
        tasks.push(async move {
            let participant = palabre::security::participant_cookie_value(
                &secret,
                &format!("participant-numero-{i:04}-abcdefgh"),
            );
            let csrf_cookie = format!("csrf-cookie-of-participant-{i:04}");
            let req = TestRequest::get()
                .uri("/propositions/P-0001")
                .insert_header((
                    "cookie",
                    format!("palabre_csrf={csrf_cookie}; palabre_participant={participant}"),
                ))
                .to_request();
            let page = test::call_and_read_body(&*app, req).await;
            let page = String::from_utf8_lossy(&page).into_owned();
            let token = csrf_from(&page);
            let req = TestRequest::with_uri("/propositions/P-0001/soutenir")
                .method(Method::POST)
                .peer_addr("192.0.2.200:4000".parse().unwrap())
                .insert_header((
                    "cookie",
                    format!("palabre_csrf={csrf_cookie}; palabre_participant={participant}"),
                ))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf_token={token}"))
                .to_request();
            test::call_service(&*app, req).await.status()
        });
    }
    let statuses = futures_util::future::join_all(tasks).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(count(&ctx, "SELECT support_count FROM proposals"), 51);
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 51);
}

#[actix_web::test]
async fn comments_wait_for_approval_then_show() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("À commenter", "Un problème"),
        30,
    )
    .await;
    approve_all(&ctx, &mut admin).await;
    let page = b.get("/propositions/P-0001").await.body;
    let token = csrf_from(&page);
    let stamp = common::hidden_value(&page, "form_ts").unwrap();
    let submission = common::hidden_value(&page, "submission").unwrap();
    ctx.state.set_now(ctx.state.now() + 10);
    let r = b
        .post(
            "/propositions/P-0001/commentaires",
            &[
                ("csrf_token", &token),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", ""),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Écrivez votre commentaire") && r.body.contains("value=\"Awa\""));
    let r = b
        .post(
            "/propositions/P-0001/commentaires",
            &[
                ("csrf_token", &token),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", "Très bonne idée <b>vraiment</b>"),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        "/propositions/P-0001?commentaire=attente#commentaires"
    );
    let page = b.get("/propositions/P-0001?commentaire=attente").await.body;
    assert!(page.contains("publié après relecture") && !page.contains("Très bonne idée"));
    // The thanks is where the page lands, under the comments' heading, not 1,300 px above.
    let section = page.find(r#"id="commentaires""#).unwrap();
    let thanks = page.find("publié après relecture").unwrap();
    let form = page
        .find(r#"action="/propositions/P-0001/commentaires""#)
        .unwrap();
    assert!(section < thanks && thanks < form, "{page}");
    let id = count(&ctx, "SELECT id FROM comments");
    admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/commentaires/{id}/approuver"),
            &[],
        )
        .await;
    let page = b.get("/propositions/P-0001").await.body;
    assert!(
        page.contains("Très bonne idée &lt;b&gt;vraiment&lt;/b&gt;")
            && page.contains("1 commentaire")
    );
    assert!(b.get("/propositions").await.body.contains("1 commentaire"));

    // A published comment is withdrawn from the proposal's staff page, with a reason; the
    // moderator lands back there, the public no longer sees it, the journal says so.
    let staff_page = admin.get("/admin/propositions/P-0001").await.body;
    assert!(
        staff_page.contains("Commentaire publié (1)")
            && staff_page.contains(&format!(
                r#"action="/admin/moderation/commentaires/{id}/rejeter""#
            )),
        "{staff_page}"
    );
    // "Autre" without a précision: the same page again, that comment's form open with the
    // message, the comment still public.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "autre"),
                ("note", ""),
                ("retour", "/admin/propositions/P-0001#commentaires"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("P-0001 — À commenter")
            && r.body.contains("Précisez le motif.")
            && r.body.contains("<details class=\"reject\" open"),
        "{}",
        r.body
    );
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("Très bonne idée")
    );
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "injurieux"),
                ("note", ""),
                ("retour", "/admin/propositions/P-0001#commentaires"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/admin/propositions/P-0001#commentaires");
    let page = b.get("/propositions/P-0001").await.body;
    assert!(!page.contains("Très bonne idée"), "still public");
    let staff_page = admin.get("/admin/propositions/P-0001").await.body;
    assert!(!staff_page.contains("Commentaire publié"));
    let journal = admin.get("/admin/journal?action=moderation").await.body;
    assert!(journal.contains("propos injurieux"), "{journal}");
    // An address elsewhere is not followed.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "injurieux"),
                ("note", ""),
                ("retour", "https://ailleurs.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation?fait=commentaires-1");
}

#[actix_web::test]
async fn facilitators_cannot_moderate() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("En attente", "Un problème"),
        30,
    )
    .await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    assert_eq!(
        fac.get("/admin/moderation").await.status,
        StatusCode::FORBIDDEN
    );
    let id = count(&ctx, "SELECT id FROM proposals");
    let r = fac
        .submit(
            "/admin",
            &format!("/admin/moderation/propositions/{id}/approuver"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'"
        ),
        0
    );
}

#[actix_web::test]
async fn staff_shape_consultations_and_the_form_follows() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let themes: Vec<(i64, String)> = ctx
        .state
        .db
        .read(|c| {
            Ok::<_, db::DbError>(
                c.prepare(
                    "SELECT id, code FROM themes WHERE code IN ('sante','education') ORDER BY code",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?,
            )
        })
        .unwrap();
    assert_eq!(themes.len(), 2);
    let today = time::OffsetDateTime::from_unix_timestamp(ctx.state.now())
        .unwrap()
        .date();
    let later = (today + time::Duration::days(30)).to_string();
    let bad = [
        ("title", ""),
        ("description", ""),
        ("opens_on", later.as_str()),
        ("closes_on", "2020-01-01"),
    ];
    let r = admin
        .submit(
            "/admin/consultations/nouvelle",
            "/admin/consultations/nouvelle",
            &bad,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Indiquez un titre") && r.body.contains("La date de fin doit suivre"));
    // A second consultation, open now, asking only about health and education, no optional question.
    let (t1, t2) = (themes[0].0.to_string(), themes[1].0.to_string());
    let today_s = today.to_string();
    let good = [
        ("title", "Commentaires sur les engagements"),
        ("description", "Donnez votre avis sur le projet de plan."),
        ("opens_on", today_s.as_str()),
        ("closes_on", later.as_str()),
        ("themes", t1.as_str()),
        ("themes", t2.as_str()),
    ];
    let r = admin
        .submit(
            "/admin/consultations/nouvelle",
            "/admin/consultations/nouvelle",
            &good,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r
        .location()
        .trim_start_matches("/admin/consultations/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let mut b = browser(&ctx).await;
    let form = b
        .get(&format!("/propositions/nouvelle?consultation={id}"))
        .await
        .body;
    assert!(
        form.contains("name=\"consultation\"") && form.contains("<select id=\"consultation\""),
        "two open: the person chooses"
    );
    assert!(
        form.contains("value=\"sante\"")
            && form.contains("value=\"education\"")
            && !form.contains("value=\"budget\"")
    );
    assert!(!form.contains("name=\"benefit\"") && !form.contains("name=\"ogp_values\""));
    let home = b.get("/").await.body;
    assert!(
        home.contains("Commentaires sur les engagements")
            && home.contains(&format!("/propositions/nouvelle?consultation={id}"))
    );
    // A theme the consultation does not offer is refused.
    let mut fields = proposal_fields("Budget", "Problème");
    for (k, v) in fields.iter_mut() {
        if *k == "theme" {
            *v = "budget";
        }
    }
    fields.push(("consultation", &id));
    let r = propose(&ctx, &mut b, &fields, 30).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &r.body[..300.min(r.body.len())]
    );
    assert!(r.body.contains("Choisissez un thème"));
    // Moved to the future: it says when it opens.
    let next = (today + time::Duration::days(40)).to_string();
    let end = (today + time::Duration::days(80)).to_string();
    let moved = [
        ("title", "Commentaires sur les engagements"),
        ("description", ""),
        ("opens_on", next.as_str()),
        ("closes_on", end.as_str()),
    ];
    admin
        .submit(
            &format!("/admin/consultations/{id}"),
            &format!("/admin/consultations/{id}"),
            &moved,
        )
        .await;
    ctx.state.db.write(|c| Ok::<_, db::DbError>(c.execute("UPDATE consultations SET closes_at = opens_at + 1, opens_at = opens_at - 100 WHERE id = 1", [])?)).unwrap();
    let r = b.get("/propositions/nouvelle").await.body;
    assert!(r.contains("ouvre le"), "{r}");
    // Themes: add one, and it is offered.
    let r = admin
        .submit(
            "/admin/themes",
            "/admin/themes",
            &[("label_fr", "Eau potable"), ("label_en", "Drinking water")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin
        .submit(
            "/admin/themes",
            "/admin/themes",
            &[("label_fr", "Eau potable"), ("label_en", "")],
        )
        .await;
    assert!(r.body.contains("existe déjà"));
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM themes WHERE code = 'eau-potable'"
        ),
        1
    );
}

#[actix_web::test]
async fn sixty_four_people_submitting_at_once_are_all_saved() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let app = std::rc::Rc::new(test::init_service(app(ctx.state.clone())).await);
    let now = ctx.state.now();
    let secret = ctx.state.secret().to_vec();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let app = app.clone();
        let secret = secret.clone();
        tasks.push(async move {
            let cookie = format!("palabre_csrf=csrf-cookie-of-person-{i:04}");
            let req = TestRequest::get()
                .uri("/propositions/nouvelle")
                .insert_header(("cookie", cookie.clone()))
                .to_request();
            let page =
                String::from_utf8_lossy(&test::call_and_read_body(&*app, req).await).into_owned();
            let token = csrf_from(&page);
            let submission = common::hidden_value(&page, "submission").expect("a submission id");
            // Filled in a minute ago, each on their own form.
            let stamp = palabre::security::form_stamp(&secret, now - 60, &submission);
            let title = format!("Proposition numéro {i}");
            let mut fields = proposal_fields(&title, "Un problème partagé");
            fields.push(("consultation", "1"));
            fields.push(("csrf_token", &token));
            fields.push(("form_ts", &stamp));
            fields.push(("submission", &submission));
            let req = TestRequest::with_uri("/propositions/nouvelle")
                .method(Method::POST)
                .peer_addr(format!("192.0.2.{}:5000", 10 + i).parse().unwrap())
                .insert_header(("cookie", cookie))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(serde_urlencoded::to_string(&fields).unwrap())
                .to_request();
            let res = test::call_service(&*app, req).await;
            let status = res.status();
            let body = String::from_utf8_lossy(&test::read_body(res).await).into_owned();
            (status, body)
        });
    }
    let results = futures_util::future::join_all(tasks).await;
    for (status, body) in &results {
        assert_eq!(*status, StatusCode::SEE_OTHER, "{body}");
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 64);
    assert_eq!(
        count(&ctx, "SELECT count(DISTINCT ref_number) FROM proposals"),
        64
    );
    assert_eq!(count(&ctx, "SELECT max(ref_number) FROM proposals"), 64);
    assert_eq!(count(&ctx, "SELECT count(DISTINCT uid) FROM proposals"), 64);
    let instance = ctx.state.instance_id.clone();
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE instance_id = '{instance}' AND channel = 'en_ligne'"
            )
        ),
        64
    );
}

#[actix_web::test]
async fn admins_set_the_upload_cap_and_the_moderation_mode() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "n_importe"),
                ("upload_max_mb", "0"),
                ("report_threshold", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez un mode") && r.body.contains("de 1 à 200"));
    assert!(r.body.contains("value=\"0\""), "typed value kept");
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The cap applies at once.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'x', 1_100_000));
    let r = upload(&mut admin, "plan.pdf", &pdf, "Un peu gros").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("dépasse 1\u{a0}Mo") || r.body.contains("dépasse 1 Mo"),
        "{}",
        r.body
    );
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
                ("licence", "pirate"),
            ],
        )
        .await;
    assert!(r.body.contains("Choisissez une licence"));
    admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
                ("licence", "odbl"),
            ],
        )
        .await;
    assert!(
        admin
            .get("/donnees")
            .await
            .body
            .contains("Open Database License")
    );
    // A posteriori: a new proposal is public at once.
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Publique tout de suite", "Un problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        b.get("/propositions")
            .await
            .body
            .contains("Publique tout de suite")
    );
    // Moderators cannot change settings.
    admin.add_staff("modo", "moderator").await;
    let mut m = browser(&ctx).await;
    m.sign_in("modo").await;
    assert_eq!(m.get("/admin/reglages").await.status, StatusCode::FORBIDDEN);
    assert_eq!(m.get("/admin/moderation").await.status, StatusCode::OK);
}

/// Issue 18: the public pages come from the page cache, yet a write shows to its author at
/// once and to every other visitor within a second — also to readers who arrive while the
/// stale page is being built again (they may get the previous copy, never for longer).
#[actix_web::test]
async fn a_write_shows_to_its_author_at_once_and_to_everyone_within_a_second() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut author = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut author,
        &proposal_fields(
            "Éclairer le marché de Daloa",
            "Le marché est sombre le soir.",
        ),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    approve_all(&ctx, &mut admin).await;
    let app = std::rc::Rc::new(test::init_service(app(ctx.state.clone())).await);
    let read = |path: &'static str| {
        let app = app.clone();
        async move {
            let req = TestRequest::get().uri(path).to_request();
            String::from_utf8_lossy(&test::call_and_read_body(&*app, req).await).into_owned()
        }
    };
    // A reader's list, now kept in the cache.
    assert!(read("/propositions").await.contains("Aucun soutien"));
    assert!(read("/propositions").await.contains("Aucun soutien"));

    let r = author
        .submit("/propositions/P-0001", "/propositions/P-0001/soutenir", &[])
        .await;
    let written = std::time::Instant::now();
    assert_eq!(r.location(), "/propositions/P-0001?soutenu=1#soutien");
    // The author, at once.
    let page = author.get("/propositions/P-0001?soutenu=1").await.body;
    assert!(page.contains("1 soutien"), "{page}");

    // Thirty readers at the same moment: one builds the list again, the others may be given
    // the previous copy meanwhile.
    let pages = futures_util::future::join_all((0..30).map(|_| read("/propositions"))).await;
    assert!(
        pages
            .iter()
            .all(|p| p.contains("1 soutien") || p.contains("Aucun soutien"))
    );
    // The one who built it sees the support.
    assert!(pages.iter().any(|p| p.contains("1 soutien")));
    // Every reader sees the support within a second of it.
    loop {
        if read("/propositions").await.contains("1 soutien") {
            break;
        }
        assert!(
            written.elapsed() < std::time::Duration::from_secs(1),
            "a reader still saw the list without the support a second later"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(written.elapsed() < std::time::Duration::from_secs(1));
}

/// Every way of taking part goes through one posting pipeline (`web::posting`): a proposal,
/// a comment, a support and a paper form typed in, each sent twice with the same form
/// (double tap, Back and send again), each write once; the second answer is the first's.
#[actix_web::test]
async fn every_way_of_taking_part_sent_twice_writes_once() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let twice = |page: &str| {
        let hidden = |name: &str| common::hidden_value(page, name).unwrap_or_default();
        (csrf_from(page), hidden("form_ts"), hidden("submission"))
    };
    // A proposal.
    let page = b.get("/propositions/nouvelle").await.body;
    let (token, stamp, submission) = twice(&page);
    ctx.state.set_now(ctx.state.now() + 30);
    let mut fields = proposal_fields("Un dispensaire à Sakassou", "Trop loin.");
    fields.extend([
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("consultation", "1"),
    ]);
    let first = b.post("/propositions/nouvelle", &fields).await;
    let again = b.post("/propositions/nouvelle", &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), again.location());
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    approve_all(&ctx, &mut admin).await;
    // A comment.
    let page = b.get("/propositions/P-0001").await.body;
    let (token, stamp, submission) = twice(&page);
    ctx.state.set_now(ctx.state.now() + 30);
    let fields = [
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("body", "Il faut aussi une ambulance."),
        ("author_name", "Awa"),
        ("website", ""),
    ];
    let first = b.post("/propositions/P-0001/commentaires", &fields).await;
    let again = b.post("/propositions/P-0001/commentaires", &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), again.location());
    assert_eq!(count(&ctx, "SELECT count(*) FROM comments"), 1);
    // A support.
    let page = b.get("/propositions/P-0001").await.body;
    let token = csrf_from(&page);
    let first = b
        .post(
            "/propositions/P-0001/soutenir",
            &[("csrf_token", token.as_str())],
        )
        .await;
    let again = b
        .post(
            "/propositions/P-0001/soutenir",
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(first.location(), "/propositions/P-0001?soutenu=1#soutien");
    assert_eq!(again.location(), "/propositions/P-0001?deja=1#soutien");
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 1);
    // A paper form typed in at a workshop.
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
    let entry = "/admin/ateliers/1/saisie";
    let page = admin.get(entry).await.body;
    let (token, _, submission) = twice(&page);
    let mut fields = proposal_fields("Fiche 7 : une cantine", "Les enfants ont faim.");
    fields.extend([
        ("csrf_token", token.as_str()),
        ("submission", submission.as_str()),
        ("paper_number", "7"),
    ]);
    let first = admin.post(entry, &fields).await;
    let again = admin.post(entry, &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), again.location());
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE channel = 'papier'"
        ),
        1
    );
}
