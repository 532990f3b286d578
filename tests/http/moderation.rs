//! Moderation, answers with reasons, merges, the journal, bulk answers and what withheld content leaves.

use super::*;

#[actix_web::test]
async fn a_final_status_needs_a_written_reason_and_the_answer_is_public() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let links = published_proposals(&ctx, &mut admin, &["Réparer la route de Sakassou"]).await;
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "non-retenue"),
                ("answer", "Non."),
                ("commitment", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Un statut définitif demande une réponse écrite")
    );
    assert!(r.body.contains(">Non.</textarea>"), "typed answer kept");
    assert!(r.body.contains("<option value=\"non-retenue\" selected"));
    let answer = "Les routes relèvent du ministère de l'Équipement, hors du champ du plan.";
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "hors-champ"),
                ("answer", answer),
                ("commitment", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut b = browser(&ctx).await;
    let page = b.get("/propositions/P-0001").await.body;
    assert!(
        page.contains("La réponse de l&#39;administration")
            || page.contains("La réponse de l'administration")
    );
    assert!(page.contains("hors du champ du plan") && page.contains("Hors champ"));
    assert!(
        page.contains("Historique")
            && !page.contains("Modératrice ou modérateur")
            && page.contains("Administratrice ou administrateur"),
        "history shows the role"
    );
    assert!(
        !page.contains("awa.kone"),
        "the public history never names the person"
    );
    let follow = b.get(&links[0]).await.body;
    assert!(
        follow.contains("hors du champ du plan"),
        "the author reads the answer on the follow-up link"
    );
    // A retained proposal names its commitment; other statuses cannot.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue après le forum de juin."),
                ("commitment", "Engagement 4 : routes rurales"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("Engagement 4")
    );
}

#[actix_web::test]
async fn merging_three_duplicates_counts_each_supporter_once_and_keeps_every_link() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let links = published_proposals(
        &ctx,
        &mut admin,
        &[
            "Routes de Bouaké",
            "Route Bouaké–Sakassou",
            "Goudronner la route de Sakassou",
        ],
    )
    .await;
    let mut b = browser(&ctx).await;
    // Supporters overlap: A supports all three, B supports 1 and 2, C only 3, D only 1.
    for (who, refs) in [
        (
            "participant-A-aaaaaaaaaaaaaaaa",
            vec!["P-0001", "P-0002", "P-0003"],
        ),
        ("participant-B-bbbbbbbbbbbbbbbb", vec!["P-0001", "P-0002"]),
        ("participant-C-cccccccccccccccc", vec!["P-0003"]),
        ("participant-D-dddddddddddddddd", vec!["P-0001"]),
    ] {
        for r in refs {
            support_as(&mut b, who, r).await;
        }
    }
    assert_eq!(count(&ctx, "SELECT sum(support_count) FROM proposals"), 7);
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/fusion",
            &[("duplicates", "P-0002, nimporte")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("références valides") && r.body.contains("value=\"P-0002, nimporte\""));
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/fusion",
            &[("duplicates", "P-0002, P-0003")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        count(
            &ctx,
            "SELECT support_count FROM proposals WHERE ref_number = 1"
        ),
        4,
        "A, B, C, D once each"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 4);
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE status = 'fusionnee' AND merged_into = (SELECT id FROM proposals WHERE ref_number = 1)"
        ),
        2
    );
    for (i, link) in links.iter().enumerate() {
        let page = b.get(link).await;
        assert_eq!(page.status, StatusCode::OK, "follow-up link {i} broken");
        if i > 0 {
            assert!(page.body.contains("fusionnée avec P-0001"), "{}", page.body);
        }
    }
    let page = b.get("/propositions/P-0002").await.body;
    assert!(
        page.contains("fusionnée avec P-0001") && page.contains("href=\"/propositions/P-0001\"")
    );
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("4 soutiens")
    );
    // A merged proposal takes no more supports or comments: its forms are gone, a post is
    // refused with a message that says where to go, and nothing is written.
    assert!(
        !page.contains("/propositions/P-0002/soutenir")
            && !page.contains("/propositions/P-0002/commentaires")
    );
    let fresh = "participant-E-eeeeeeeeeeeeeeee";
    b.be_participant(fresh);
    let token = csrf_from(&page);
    let r = b
        .post("/propositions/P-0002/soutenir", &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("soutiens et commentaires vont désormais sur la proposition commune"),
        "{}",
        r.body
    );
    let r = b
        .post(
            "/propositions/P-0002/commentaires",
            &[
                ("csrf_token", &token),
                ("body", "Je soutiens !"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Je soutiens !"), "what was typed stays");
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 4);
    assert_eq!(count(&ctx, "SELECT count(*) FROM comments"), 0);
}

#[actix_web::test]
async fn the_audit_trail_records_every_change_in_order_and_cannot_be_edited() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Un registre des marchés publics"]).await;
    for (status, answer) in [
        ("en-analyse", ""),
        (
            "retenue-en-partie",
            "Retenue pour les marchés de plus de 100 millions.",
        ),
    ] {
        let r = admin
            .submit(
                "/admin/propositions/P-0001",
                "/admin/propositions/P-0001/reponse",
                &[("status", status), ("answer", answer), ("commitment", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let journal = admin.get("/admin/journal?ref=P-0001").await.body;
    let a = journal
        .find("Statut : En analyse → Retenue en partie")
        .or_else(|| journal.find("Statut\u{a0}: En analyse → Retenue en partie"))
        .expect("second change");
    let b = journal
        .find("Statut : Reçue → En analyse")
        .or_else(|| journal.find("Statut\u{a0}: Reçue → En analyse"))
        .expect("first change");
    let c = journal
        .find("en attente de relecture → publiée")
        .expect("approval");
    assert!(a < b && b < c, "newest first");
    assert!(journal.contains("awa.kone"));
    assert_eq!(count(&ctx, "SELECT count(*) FROM audit_log"), 3);
    // Not even SQL can rewrite it, and no route exists to try.
    let err = ctx
        .state
        .db
        .write(|c| Ok::<_, db::DbError>(c.execute("UPDATE audit_log SET note = 'effacé'", [])?));
    assert!(err.is_err());
    let err = ctx
        .state
        .db
        .write(|c| Ok::<_, db::DbError>(c.execute("DELETE FROM audit_log", [])?));
    assert!(err.is_err());
    assert_eq!(
        admin
            .submit("/admin/journal", "/admin/journal", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let public = admin.get("/propositions/P-0001").await.body;
    let first = public.find("En analyse (").unwrap_or(usize::MAX);
    let second = public.find("Retenue en partie (").unwrap_or(0);
    assert!(first < second, "public history oldest first");
}

#[actix_web::test]
async fn hidden_and_withheld_contributions_leave_every_public_place() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "10"),
                ("report_threshold", "2"),
            ],
        )
        .await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("Électrification immédiate", "Un problème"),
        30,
    )
    .await;
    assert!(
        b.get("/propositions?q=electrification")
            .await
            .body
            .contains("Électrification immédiate"),
        "a posteriori: public at once"
    );
    // Two reports from two people hide it everywhere, at once.
    for who in [
        "reporter-one-aaaaaaaaaaaaaaa",
        "reporter-two-bbbbbbbbbbbbbbb",
    ] {
        b.be_participant(who);
        let r = b
            .submit("/propositions/P-0001", "/propositions/P-0001/signaler", &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert!(
        !b.get("/propositions")
            .await
            .body
            .contains("Électrification")
    );
    assert!(
        !b.get("/propositions?q=electrification")
            .await
            .body
            .contains("Électrification")
    );
    assert_eq!(
        b.get("/propositions/P-0001").await.status,
        StatusCode::NOT_FOUND
    );
    let queue = admin.get("/admin/moderation").await.body;
    assert!(queue.contains("Masquée après 2 signalements"));
    // The moderator withholds it for a reason; the public sees the count per reason only.
    let id = count(&ctx, "SELECT id FROM proposals");
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "autre"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Précisez le motif"));
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = b.get("/propositions").await.body;
    assert!(
        list.contains("Contributions non publiées") && list.contains("publicité ou spam\u{a0}: 1"),
        "{list}"
    );
    assert!(!list.contains("Électrification"));
    // The journal names the reason as people read it, not by its code.
    let journal = admin.get("/admin/journal").await.body;
    assert!(
        journal.contains("<td>publicité ou spam</td>") && !journal.contains(">publicite<"),
        "{journal}"
    );
    // A withheld item's state is not mistaken for the answer "Retenue".
    assert!(
        journal.contains("écartée par la modération")
            && !journal.contains("retenue par la modération")
    );
}

/// Optional fields are optional for the browser too; dates read as dates; English is one of
/// the contribution languages.
#[actix_web::test]
async fn forms_and_lists_read_as_people_expect() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let place_input = regex::Regex::new(r#"<input[^>]*name="place"[^>]*>"#).unwrap();
    for page in ["/admin/calendrier", "/admin/ateliers"] {
        let html = admin.get(page).await.body;
        let inputs: Vec<&str> = place_input.find_iter(&html).map(|m| m.as_str()).collect();
        assert!(!inputs.is_empty(), "no place field on {page}");
        for input in inputs {
            assert!(!input.contains("required"), "{page}: {input}");
        }
    }
    // A forum meeting is listed by its place: the field is asked for, and says so.
    let forum = admin.get("/admin/forum").await.body;
    let input = place_input.find(&forum).map(|m| m.as_str()).unwrap_or("");
    assert!(input.contains("required"), "{input}");
    assert!(forum.contains(">Lieu de la réunion<") && !forum.contains("Lieu (facultatif)"));
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier de Korhogo"),
                ("place", ""),
                ("zone", "poro"),
                ("held_on", "10/12/2026"),
                ("facilitators", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin
        .get("/admin/ateliers")
        .await
        .body
        .replace('\u{a0}', " ");
    assert!(
        list.contains("<td>10 décembre 2026</td>") && !list.contains("2026-12-10"),
        "{list}"
    );
    let form = admin.get("/propositions/nouvelle").await.body;
    assert!(
        form.contains(r#"<option value="en">Anglais</option>"#),
        "{form}"
    );
    let docs = admin.get("/admin/documents").await.body;
    assert!(docs.contains("jour/mois/année") && !docs.contains("année-mois-jour"));
}

#[actix_web::test]
async fn bulk_answers_apply_one_status_to_several_proposals() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Un", "Deux", "Trois"]).await;
    let ids: Vec<String> = (1..=2)
        .map(|n| {
            count(
                &ctx,
                &format!("SELECT id FROM proposals WHERE ref_number = {n}"),
            )
            .to_string()
        })
        .collect();
    let r = admin
        .submit(
            "/admin/propositions",
            "/admin/propositions/lot",
            &[
                ("ids", &ids[0]),
                ("ids", &ids[1]),
                ("status", "non-retenue"),
                ("answer", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Un statut définitif demande"));
    let r = admin
        .submit(
            "/admin/propositions",
            "/admin/propositions/lot",
            &[
                ("ids", &ids[0]),
                ("ids", &ids[1]),
                ("status", "non-retenue"),
                ("answer", "Déjà couvert par le plan en cours."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get(r.location())
            .await
            .body
            .contains("2 propositions mises à jour.")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE status = 'non-retenue' AND answer = 'Déjà couvert par le plan en cours.'"
        ),
        2
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT status = 'recue' FROM proposals WHERE ref_number = 3"
        ),
        1
    );
    let filtered = admin
        .get("/admin/propositions?statut=non-retenue")
        .await
        .body;
    assert!(filtered.contains("P-0001") && !filtered.contains("P-0003 —"));
}

#[actix_web::test]
async fn facilitators_and_visitors_replaying_moderation_requests_change_nothing() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Cible", "Doublon"]).await;
    let mut b = browser(&ctx).await;
    propose(&ctx, &mut b, &proposal_fields("En attente", "Problème"), 30).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    let mut visitor = browser(&ctx).await;
    let pending = count(
        &ctx,
        "SELECT id FROM proposals WHERE moderation = 'pending'",
    )
    .to_string();
    let p1 = count(&ctx, "SELECT id FROM proposals WHERE ref_number = 1").to_string();
    let before = count(&ctx, "SELECT count(*) FROM audit_log");
    let snapshot = |ctx: &Ctx| {
        count(
            ctx,
            "SELECT sum(length(status) + length(moderation) + length(answer) + support_count + coalesce(merged_into, 0)) FROM proposals",
        )
    };
    let state_before = snapshot(&ctx);
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/admin/moderation/propositions/{pending}/approuver"),
            vec![],
        ),
        (
            format!("/admin/moderation/propositions/{p1}/rejeter"),
            vec![("reason", "injurieux"), ("note", "")],
        ),
        (
            "/admin/propositions/P-0001/reponse".into(),
            vec![
                ("status", "retenue"),
                ("answer", "Une réponse assez longue."),
                ("commitment", ""),
            ],
        ),
        (
            "/admin/propositions/P-0001/fusion".into(),
            vec![("duplicates", "P-0002")],
        ),
        (
            "/admin/propositions/lot".into(),
            vec![
                ("ids", p1.as_str()),
                ("status", "en-analyse"),
                ("answer", ""),
            ],
        ),
    ];
    let gets = [
        "/admin/moderation",
        "/admin/propositions",
        "/admin/propositions/P-0001",
        "/admin/journal",
    ];
    for path in gets {
        assert_eq!(
            fac.get(path).await.status,
            StatusCode::FORBIDDEN,
            "facilitator GET {path}"
        );
        let r = visitor.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "visitor GET {path}");
        assert!(r.location().starts_with("/admin/connexion"));
    }
    for (path, fields) in &posts {
        assert_eq!(
            fac.submit("/admin", path, fields).await.status,
            StatusCode::FORBIDDEN,
            "facilitator POST {path}"
        );
        let r = visitor.submit("/admin/connexion", path, fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "visitor POST {path}");
        assert!(
            r.location().starts_with("/admin/connexion"),
            "visitor POST {path}"
        );
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM audit_log"), before);
    assert_eq!(snapshot(&ctx), state_before);
}

#[actix_web::test]
async fn exports_and_open_data_hold_what_they_should_and_nothing_more() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let mut fields = proposal_fields(
        "=HYPERLINK(\"http://evil\";\"clic\")",
        "Électricité à Bouaké",
    );
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "awa.secret@example.ci"));
    fields.push(("consent_contact", "oui"));
    propose(&ctx, &mut b, &fields, 30).await;
    approve_all(&ctx, &mut admin).await;
    let mut b2 = browser(&ctx).await;
    let mut phone = proposal_fields("Pas encore publiée", "Un problème secret");
    phone.retain(|(k, _)| *k != "contact");
    phone.extend([
        ("contact", "+225 07 08 09 10 11"),
        ("consent_contact", "oui"),
    ]);
    let r = propose(&ctx, &mut b2, &phone, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Staff export (admin): everything, contact included, formulas neutralised, BOM for Excel.
    let r = admin
        .send(TestRequest::get().uri("/admin/exports/propositions.csv?separateur=pointvirgule"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-disposition").starts_with("attachment"));
    assert!(r.body.starts_with('\u{feff}'), "BOM");
    assert!(r.body.contains("reference;consultation;titre"));
    assert!(r.body.contains("'=HYPERLINK"), "formula neutralised");
    assert!(r.body.contains("awa.secret@example.ci") && r.body.contains("Pas encore publiée"));
    assert!(r.body.contains("Électricité à Bouaké"));
    let x = admin
        .send(TestRequest::get().uri("/admin/exports/propositions.xlsx"))
        .await;
    assert_eq!(x.status, StatusCode::OK);
    let sheet = xlsx_sheet(&x.bytes);
    assert!(sheet.contains("Électricité à Bouaké") && sheet.contains("awa.secret@example.ci"));
    assert!(
        sheet.contains("HYPERLINK") && !sheet.contains("<f>"),
        "text, never a formula"
    );
    assert!(
        sheet.contains(">+225 07 08 09 10 11<") && !sheet.contains("'+225"),
        "a phone number stays a phone number in XLSX"
    );
    let j = admin.get("/admin/exports/historique.json").await;
    let v: serde_json::Value = serde_json::from_str(&j.body).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
    // The history in a spreadsheet reads in words, its codes in columns of their own.
    let h = admin.get("/admin/exports/historique.csv").await.body;
    let header = h
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}');
    assert!(
        header.ends_with("action_code;avant_code;apres_code;role_code"),
        "{header}"
    );
    let moderation = h
        .lines()
        .find(|l| l.contains(";moderation;"))
        .unwrap_or_else(|| panic!("{h}"));
    assert!(
        moderation.contains(";Modération;") && moderation.contains(";approved;"),
        "{moderation}"
    );

    // A moderator's export has no contact, and says so on the page.
    admin.add_staff("modo", "moderator").await;
    let mut m = browser(&ctx).await;
    m.sign_in("modo").await;
    assert!(m.get("/admin/exports").await.body.contains("aucun contact"));
    let r = m.get("/admin/exports/propositions.csv").await;
    assert!(!r.body.contains("awa.secret@example.ci") && !r.body.contains(",contact,"));

    // Open data: published only, no personal data.
    for path in [
        "/donnees/propositions.csv",
        "/donnees/propositions.json",
        "/donnees/propositions.xlsx",
    ] {
        let r = b.send(TestRequest::get().uri(path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            !r.body.contains("awa.secret")
                && !r.body.contains("Pas encore publiée")
                && !r.body.contains("Koffi"),
            "{path}"
        );
    }
    let csv = b.get("/donnees/propositions.csv").await.body;
    assert!(csv.contains("P-0001") && csv.contains("'=HYPERLINK"));
    let page = b.get("/donnees").await.body;
    assert!(page.contains("Licence Ouverte") && page.contains("fusionnee_avec"));
    // Facilitators and visitors get no staff export.
    assert_eq!(
        b.get("/admin/exports/propositions.csv").await.status,
        StatusCode::SEE_OTHER
    );
}
