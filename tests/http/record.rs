//! The consultation's record (`/admin/bilan`) on a consultation with known data: every
//! indicator it shows, and the rates following a population an admin corrects.

use super::*;

/// Files a proposal in `zone` and returns its reference's number in the list.
async fn file_in<S, B>(ctx: &Ctx, title: &str, zone: &str, b: &mut Browser<S>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut fields = proposal_fields(title, "Un problème observé.");
    for f in &mut fields {
        if f.0 == "zone" {
            f.1 = zone;
        }
    }
    let r = propose(ctx, b, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// Comments `body` on `reference` as a new visitor; returns the comment's id.
async fn comment<S, B>(ctx: &Ctx, b: &mut Browser<S>, reference: &str, body: &str) -> i64
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = b.get(&format!("/propositions/{reference}")).await.body;
    let token = csrf_from(&page);
    let stamp = common::hidden_value(&page, "form_ts").unwrap();
    let submission = common::hidden_value(&page, "submission").unwrap();
    ctx.state.set_now(ctx.state.now() + 10);
    let r = b
        .post(
            &format!("/propositions/{reference}/commentaires"),
            &[
                ("csrf_token", token.as_str()),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", body),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    count(ctx, "SELECT max(id) FROM comments")
}

#[actix_web::test]
async fn the_record_shows_each_indicator_of_a_known_consultation() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    // Four published: two from Abidjan, one from Gbêkê, one national.
    for (title, zone) in [
        ("Éclairer les marchés d'Abobo", "abidjan"),
        ("Des bancs à Yopougon", "abidjan"),
        ("Un forage à Bouaké", "gbeke"),
        ("Un budget ouvert pour tous", "national"),
    ] {
        let mut b = browser(&ctx).await;
        file_in(&ctx, title, zone, &mut b).await;
    }
    approve_all(&ctx, &mut admin).await;
    // One withheld (advertising, from Gbêkê), one waiting (Folon).
    let mut b = browser(&ctx).await;
    file_in(&ctx, "Achetez nos panneaux", "gbeke", &mut b).await;
    let id = count(&ctx, "SELECT max(id) FROM proposals");
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut b = browser(&ctx).await;
    file_in(&ctx, "Une piste vers Minignan", "folon", &mut b).await;
    // Two days later, P-0001 is retained, with its reason and a commitment.
    ctx.state.set_now(ctx.state.now() + 2 * 86_400);
    // Staff sessions end after a day without use: the admin signs in again.
    let r = admin
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue : l'éclairage des marchés entre au plan."),
                ("commitment", "Engagement 3 : marchés éclairés"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Two supports for P-0002; on P-0003 one comment published, one set aside, one waiting.
    let mut b = browser(&ctx).await;
    support_as(&mut b, "participant-aaaaaaaaaaaaaaaaaaaa", "P-0002").await;
    support_as(&mut b, "participant-bbbbbbbbbbbbbbbbbbbb", "P-0002").await;
    for (body, action) in [
        ("Oui, et un château d'eau aussi.", Some("approuver")),
        ("Achetez nos pompes !", Some("rejeter")),
        ("Et l'entretien ?", None),
    ] {
        let mut b = browser(&ctx).await;
        let id = comment(&ctx, &mut b, "P-0003", body).await;
        if let Some(action) = action {
            let r = admin
                .submit(
                    "/admin/moderation",
                    &format!("/admin/moderation/commentaires/{id}/{action}"),
                    &[("reason", "publicite"), ("note", "")],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    }

    let page = admin.get("/admin/bilan").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body.replace("&#39;", "'");
    let has = |s: &str| assert!(text.contains(s), "missing «{s}» in:\n{text}");
    // 1. Inputs: 6 received, 4 published, 1 waiting, 1 withheld for advertising.
    has("Propositions reçues</th><td>6</td>");
    has("4 sur 6 (66,7\u{202f}%) <span class=\"small-numbers\">petits nombres</span>");
    has("Propositions en attente de relecture</th><td>1</td>");
    has("publicité ou spam</th><td>1 sur 6 (16,7\u{202f}%)");
    // 2. Reach: Abidjan 2, Vallée du Bandama 2 (Gbêkê), Folon counts for its district.
    has(
        "<th scope=\"row\">Abidjan</th><td>2</td><td>6\u{202f}321\u{202f}017 <span class=\"small-numbers\">non vérifié</span></td><td>0,0</td>",
    );
    // Set aside, the advertisement from Gbêkê counts for no reach.
    has("<th scope=\"row\">Vallée du Bandama</th><td>1</td>");
    has("<th scope=\"row\">Sassandra-Marahoué + Denguélé</th><td>1</td>");
    has("«\u{a0}National\u{a0}» 1, «\u{a0}Diaspora\u{a0}» 0");
    // 3. Coverage: Abidjan, Gbêkê, Folon of 33; 3 of 5 located proposals outside Abidjan.
    has("3 sur 33 (9,1\u{202f}%)");
    has("venues hors d'Abidjan</th><td>2 sur 4 (50,0\u{202f}%)");
    // 7. Answers: 1 of 4, two days after filing.
    has("Propositions publiées avec une décision et sa raison</th><td>1 sur 4 (25,0\u{202f}%)");
    has("médiane 2,0\u{a0}j, 90\u{202f}% en 2,0\u{a0}j au plus (sur 1)");
    // 8. One commitment; 9. two supports over four published proposals.
    has("Engagements nourris par au moins une proposition</th><td>1</td>");
    has("Soutiens par proposition publiée</th><td>0,5</td>");
    has(
        "Propositions publiées avec au moins un commentaire publié</th><td>1 sur 4 (25,0\u{202f}%)",
    );
    has("Commentaires publiés par proposition publiée</th><td>0,3</td>");
    // Comments: 3 received, 1 published, 1 set aside.
    has("Commentaires reçus</th><td>3</td>");
    has("Commentaires publiés</th><td>1 sur 3 (33,3\u{202f}%)");
    has("Commentaires non publiés</th><td>1 sur 3 (33,3\u{202f}%)");
    // 8. Outcomes, and 4. mixes, by their labels.
    has("Retenue</th><td>1 sur 4 (25,0\u{202f}%)");
    has("En ligne</th><td>5 sur 5 (100,0\u{202f}%)");
    has("Citoyenne ou citoyen</th><td>5 sur 5 (100,0\u{202f}%)");
    has("Français</th><td>5 sur 5 (100,0\u{202f}%)");
    // The figures say when they were counted; admins see where to correct populations.
    has("Chiffres au ");
    has("href=\"/admin/bilan/populations\"");

    // The admin enters Abidjan's official figure: its rate follows.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "100 000"),
                ("source", "ANSTAT, essai"),
                ("verified", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = admin.get("/admin/bilan").await.body;
    assert!(
        text.contains(
            "<th scope=\"row\">Abidjan</th><td>2</td><td>100\u{202f}000</td><td>2,0</td>"
        ),
        "{text}"
    );
    // A region's figure entered: its own rate shows.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "gbeke"),
                ("kind", "region"),
                ("people", "1 000 000"),
                ("source", "ANSTAT, essai"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = admin.get("/admin/bilan").await.body;
    assert!(
        text.contains("<th scope=\"row\">Gbêkê</th><td>1</td><td>1\u{202f}000\u{202f}000 <span class=\"small-numbers\">non vérifié</span></td><td>0,1</td>"),
        "{text}"
    );
    // A wrong figure is refused with what was typed, and nothing changes.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "beaucoup"),
                ("source", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"beaucoup\""), "typed value kept");
    assert!(
        r.body.contains("Tapez le nombre d&#39;habitants")
            || r.body.contains("Tapez le nombre d'habitants")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT people FROM populations WHERE area = 'Abidjan'"
        ),
        100_000
    );
    // One consultation's record: the only one here holds everything.
    let scoped = admin.get("/admin/bilan?consultation=1").await;
    assert_eq!(scoped.status, StatusCode::OK);
    assert!(scoped.body.contains("Propositions reçues</th><td>6</td>"));
    // A moderator reads the record but cannot change populations.
    admin.add_staff("koffi.yao", "moderator").await;
    let mut moderator = browser(&ctx).await;
    moderator.sign_in("koffi.yao").await;
    let seen = moderator.get("/admin/bilan").await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("href=\"/admin/bilan/populations\""));
    assert_eq!(
        moderator.get("/admin/bilan/populations").await.status,
        StatusCode::FORBIDDEN
    );
    let r = moderator
        .submit(
            "/admin/bilan",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "1"),
                ("source", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &ctx,
            "SELECT people FROM populations WHERE area = 'Abidjan'"
        ),
        100_000
    );
}
