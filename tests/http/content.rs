//! The presentation page, the document library, the point of contact, the timeline, the forum and the page budget.

use super::*;

#[actix_web::test]
async fn a_fresh_install_has_a_complete_presentation_page() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let r = b.get("/pgo").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<h1>Le PGO en Côte d&#39;Ivoire</h1>")
            || r.body.contains("<h1>Le PGO en Côte d'Ivoire</h1>"),
        "{}",
        &r.body[..2000.min(r.body.len())]
    );
    assert!(r.body.contains("href=\"https://ogp.gouv.ci"));
    assert!(r.body.contains("28 octobre 2015"));
    assert!(r.body.contains("Petit lexique"));
    assert_eq!(r.body.matches("<h1").count(), 1);
    b.accept_language = Some("en".into());
    let r = b.get("/pgo").await;
    assert!(
        r.body.contains("<h1>OGP in Côte d&#39;Ivoire</h1>")
            || r.body.contains("<h1>OGP in Côte d'Ivoire</h1>")
    );
}

#[actix_web::test]
async fn the_presentation_text_is_edited_with_a_preview_and_sanitised() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let page = b.get("/admin/pgo?langue=fr").await;
    assert!(
        page.body.contains("point de départ"),
        "the admin says the default is a starting point"
    );
    let hostile = "# Le PGO\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[clic](javascript:alert(3)) et **gras**";
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", hostile), ("action", "preview")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Aperçu (non enregistré)"));
    assert!(r.body.contains("<strong>gras</strong>"));
    assert!(
        b.get("/pgo").await.body.contains("Petit lexique"),
        "a preview saves nothing"
    );
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", hostile), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = b.get("/pgo").await.body;
    assert!(public.contains("<strong>gras</strong>"));
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!public.contains(bad), "{bad} survived:\n{public}");
    }
    assert!(public.contains("Dernière mise à jour"));
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", "   "), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("ne peut pas être vide"));
}

#[actix_web::test]
async fn an_uploaded_pdf_is_listed_with_its_size_and_downloads_identical() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'x', 1_258_291 - pdf.len()));
    let r = upload(
        &mut b,
        "PAN 2024-2026.pdf",
        &pdf,
        "Plan d'action national 2024-2026",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = b.get("/documents").await.body;
    assert!(list.contains("Plans d&#39;action") || list.contains("Plans d'action"));
    assert!(list.contains("PDF, 1,2\u{a0}Mo"), "{list}");
    let re = regex::Regex::new(r#"href="(/documents/[^"/]+/[^"]+)""#).unwrap();
    let href = re
        .captures(&list)
        .map(|c| c[1].to_string())
        .expect("download link");
    let r = b.send(TestRequest::get().uri(&href)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(r.header("content-disposition").starts_with("attachment"));
    let raw = b.send(TestRequest::get().uri(&href)).await;
    assert_eq!(raw.body.len(), pdf.len());
    assert_eq!(
        raw.body.as_bytes(),
        &pdf[..],
        "download differs from upload"
    );
    // Filtering by another category hides it.
    assert!(
        !b.get("/documents?categorie=rapports")
            .await
            .body
            .contains("2024-2026")
    );
}

#[actix_web::test]
async fn disguised_and_oversized_files_are_refused_and_nothing_is_stored() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "rapport.pdf",
            b"<html><body><script>alert(1)</script></body></html>",
            "type accepté",
        ),
        (
            "logo.png",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "type accepté",
        ),
        (
            "outil.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
            "type accepté",
        ),
    ];
    for (name, data, message) in cases {
        let r = upload(&mut b, name, data, "Essai").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(r.body.contains(message), "{name}: {}", r.body);
        assert!(
            r.body.contains("value=\"Essai\""),
            "the title typed is kept"
        );
    }
    let mut big = b"%PDF-1.4\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 11 * 1024 * 1024));
    let r = upload(&mut b, "gros.pdf", &big, "Trop gros").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("dépasse 10\u{a0}Mo") || r.body.contains("dépasse 10 Mo"),
        "{}",
        r.body
    );
    assert_eq!(document_count(&ctx), 0);
}

#[actix_web::test]
async fn external_links_are_documents_too_and_deleting_asks_for_confirmation() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let fields = [
        ("url", "javascript:alert(1)"),
        ("title", "OGP"),
        ("category", "textes-de-base"),
        ("doc_date", "2021-01-01"),
        ("language", "en"),
        ("summary", ""),
    ];
    let r = b
        .submit("/admin/documents", "/admin/documents/lien", &fields)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("https://"));
    let fields = [
        (
            "url",
            "https://www.opengovpartnership.org/ogp-participation-co-creation-standards/",
        ),
        ("title", "Normes de participation et de co-création"),
        ("category", "textes-de-base"),
        ("doc_date", "2021-11-24"),
        ("language", "en"),
        ("summary", ""),
    ];
    let r = b
        .submit("/admin/documents", "/admin/documents/lien", &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = b.get("/documents").await.body;
    assert!(list.contains(
        "href=\"https://www.opengovpartnership.org/ogp-participation-co-creation-standards/\""
    ));
    assert!(list.contains("lien vers un autre site"));
    let id: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row("SELECT id FROM documents", [], |r| r.get(0))?)
        })
        .unwrap();
    let r = b
        .submit(
            "/admin/documents",
            &format!("/admin/documents/{id}/supprimer"),
            &[],
        )
        .await;
    assert!(
        r.body.contains("Rien n&#39;a été supprimé") || r.body.contains("Rien n'a été supprimé")
    );
    assert_eq!(document_count(&ctx), 1);
    let r = b
        .submit(
            "/admin/documents",
            &format!("/admin/documents/{id}/supprimer"),
            &[("confirm", "oui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(document_count(&ctx), 0);
}

#[actix_web::test]
async fn the_point_of_contact_is_validated_and_shown() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let r = b
        .submit(
            "/admin/contact",
            "/admin/contact",
            &[
                ("contact_name", "Awa Koné"),
                ("contact_role", "Point focal PGO"),
                ("contact_email", "awa@"),
                ("contact_phone", "abc"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("n&#39;est pas valide") || r.body.contains("n'est pas valide"));
    assert!(r.body.contains("value=\"Awa Koné\""));
    let r = b
        .submit(
            "/admin/contact",
            "/admin/contact",
            &[
                ("contact_name", "Awa Koné"),
                ("contact_role", "Point focal PGO"),
                ("contact_email", "pgo@gouv.ci"),
                ("contact_phone", "+225 27 20 00 00 00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let pgo = b.get("/pgo").await.body;
    assert!(
        pgo.contains("Awa Koné")
            && pgo.contains("mailto:pgo@gouv.ci")
            && pgo.contains("Point focal PGO")
    );
}

#[actix_web::test]
async fn facilitators_cannot_edit_public_content() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    for path in ["/admin/pgo", "/admin/contact", "/admin/documents"] {
        assert_eq!(fac.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = fac
        .submit(
            "/admin",
            "/admin/pgo",
            &[("lang", "fr"), ("body", "piraté"), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!fac.get("/pgo").await.body.contains("piraté"));
}

#[actix_web::test]
async fn the_timeline_shows_what_staff_entered_and_warns_on_short_notice() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    // Setup opened the consultation at once: nothing is published yet.
    let dash = b.get("/admin").await.body;
    assert!(
        dash.contains("Le calendrier n&#39;est pas publié")
            || dash.contains("Le calendrier n'est pas publié"),
        "{dash}"
    );
    assert!(
        b.get("/calendrier")
            .await
            .body
            .contains("pas encore publié")
    );

    let bad = [
        ("kind", "atelier"),
        ("title", "Atelier de Gagnoa"),
        ("place", "Gagnoa"),
        ("starts_on", "2027-02-10"),
        ("ends_on", "2027-02-01"),
        ("description", ""),
    ];
    let r = b
        .submit("/admin/calendrier", "/admin/calendrier", &bad)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("La date de fin doit suivre la date de début.")
    );
    assert!(r.body.contains("value=\"Atelier de Gagnoa\""));

    let good = [
        ("kind", "atelier"),
        ("title", "Atelier de Gagnoa"),
        ("place", "Gagnoa"),
        ("starts_on", "2027-02-10"),
        ("ends_on", ""),
        ("description", "Au centre culturel."),
    ];
    assert_eq!(
        b.submit("/admin/calendrier", "/admin/calendrier", &good)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let r = b
        .submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = b.get("/calendrier").await.body;
    assert!(
        public.contains("Atelier de Gagnoa")
            && public.contains("10\u{a0}février\u{a0}2027")
            && public.contains("Calendrier publié le")
    );
    // The home page lists the workshop.
    assert!(b.get("/").await.body.contains("Gagnoa"));
    // The step is corrected, not deleted and typed again: its date moves by a week.
    let admin_page = b.get("/admin/calendrier").await.body;
    let edit = regex::Regex::new(r#"href="(/admin/calendrier/(\d+)/modifier)#nouvelle-phase">Modifier «\u{a0}Atelier de Gagnoa\u{a0}»"#)
        .unwrap()
        .captures(&admin_page)
        .unwrap_or_else(|| panic!("no edit link: {admin_page}"));
    let (edit_path, id) = (edit[1].to_string(), edit[2].to_string());
    let form = b.get(&edit_path).await.body;
    assert!(
        form.contains("Modifier l'étape") && form.contains(r#"value="2027-02-10""#),
        "{form}"
    );
    let moved = [
        ("kind", "atelier"),
        ("title", "Atelier de Gagnoa"),
        ("place", "Gagnoa"),
        ("starts_on", "2027-02-17"),
        ("ends_on", "2027-02-10"),
        ("description", "Au centre culturel."),
    ];
    let r = b.submit(&edit_path, &edit_path, &moved).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the end before the start"
    );
    assert!(
        r.body.contains(r#"value="2027-02-17""#),
        "what was typed is kept"
    );
    let moved = [
        moved[0],
        moved[1],
        moved[2],
        moved[3],
        ("ends_on", ""),
        moved[5],
    ];
    let r = b.submit(&edit_path, &edit_path, &moved).await;
    assert_eq!(r.location(), "/admin/calendrier?enregistre=1#phases");
    let public = b.get("/calendrier").await.body;
    assert!(
        public.contains("17\u{a0}février\u{a0}2027")
            && !public.contains("10\u{a0}février\u{a0}2027")
    );
    let r = b
        .submit(
            "/admin/calendrier",
            "/admin/calendrier/9999/modifier",
            &moved,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM timeline_phases WHERE id = {id} AND starts_on = '2027-02-17'"
            )
        ),
        1
    );
    // Published after contributions opened: the 14-day rule is broken, and the dashboard says so.
    let dash = b.get("/admin").await.body;
    assert!(dash.contains("moins de 14 jours"), "{dash}");

    // A contributions phase three weeks after publication satisfies the rule.
    let published: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(
                c.query_row(
                    "SELECT value FROM settings WHERE key='timeline_published_at'",
                    [],
                    |r| r.get::<_, String>(0),
                )?
                .parse()
                .unwrap(),
            )
        })
        .unwrap();
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE consultations SET opens_at = ?1, closes_at = ?1 + 60*86400",
                [published + 30 * DAY],
            )?)
        })
        .unwrap();
    let day = time::OffsetDateTime::from_unix_timestamp(published + 21 * DAY)
        .unwrap()
        .date()
        .to_string();
    let phase = [
        ("kind", "contributions"),
        ("title", "Propositions en ligne"),
        ("place", ""),
        ("starts_on", day.as_str()),
        ("ends_on", ""),
        ("description", ""),
    ];
    b.submit("/admin/calendrier", "/admin/calendrier", &phase)
        .await;
    let dash = b.get("/admin").await.body;
    assert!(!dash.contains("moins de 14 jours"), "{dash}");
    // Publishing again does not move the recorded date.
    b.submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    let again: String = ctx
        .state
        .db
        .read(|c| {
            Ok::<String, db::DbError>(c.query_row(
                "SELECT value FROM settings WHERE key='timeline_published_at'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(again, published.to_string());
}

#[actix_web::test]
async fn six_months_without_documents_or_forum_meetings_are_flagged() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let dash = b.get("/admin").await.body;
    assert!(
        !dash.contains("bibliothèque depuis"),
        "a new site is not stale"
    );
    ctx.state.set_now(db::now() + 200 * DAY);
    // One clock for everything: 200 days later the session has expired; sign in again.
    let dash = b.get("/admin").await;
    assert_eq!(dash.status, StatusCode::SEE_OTHER);
    b.submit(
        "/admin/connexion",
        "/admin/connexion",
        &[("login", "awa.kone"), ("password", PASSWORD)],
    )
    .await;
    let dash = b.get("/admin").await.body;
    assert!(
        dash.contains("Aucun document n&#39;a été ajouté")
            || dash.contains("Aucun document n'a été ajouté"),
        "{dash}"
    );
    assert!(dash.contains("Aucune réunion du forum"), "{dash}");

    // A meeting recorded (with its participants) clears the forum warning.
    let today = time::OffsetDateTime::from_unix_timestamp(ctx.state.now())
        .unwrap()
        .date()
        .to_string();
    let bad = [
        ("held_on", today.as_str()),
        ("place", ""),
        ("participants_admin", "-3"),
        ("participants_civil", "8"),
        ("participants_private", "3"),
        ("agenda", ""),
        ("minutes_document", ""),
    ];
    let r = b.submit("/admin/forum", "/admin/forum", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Indiquez le lieu") && r.body.contains("nombre entier"));
    let good = [
        ("held_on", today.as_str()),
        ("place", "Abidjan, Plateau"),
        ("participants_admin", "11"),
        ("participants_civil", "8"),
        ("participants_private", "3"),
        ("agenda", "Validation du calendrier"),
        ("minutes_document", ""),
    ];
    assert_eq!(
        b.submit("/admin/forum", "/admin/forum", &good).await.status,
        StatusCode::SEE_OTHER
    );
    let dash = b.get("/admin").await.body;
    assert!(
        !dash.contains("Aucune réunion du forum") && !dash.contains("ne s&#39;est pas réuni"),
        "{dash}"
    );
    let forum = b.get("/forum").await.body;
    assert!(
        forum.contains("Abidjan, Plateau")
            && forum.contains("Société civile\u{a0}: 8")
            && forum.contains("Validation du calendrier"),
        "{forum}"
    );

    // Deleting asks first.
    let id: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row("SELECT id FROM forum_meetings", [], |r| r.get(0))?)
        })
        .unwrap();
    let confirm = b.get(&format!("/admin/forum/{id}/supprimer")).await;
    assert!(confirm.body.contains("Confirmer la suppression"));
    let r = b
        .submit(
            &format!("/admin/forum/{id}/supprimer"),
            &format!("/admin/forum/{id}/supprimer"),
            &[("confirm", "oui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!b.get("/forum").await.body.contains("Abidjan, Plateau"));
    ctx.state.set_now(0);
}

#[actix_web::test]
async fn public_pages_stay_within_the_page_budget() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let mut b2 = browser(&ctx).await;
    for path in [
        "/",
        "/pgo",
        "/documents",
        "/calendrier",
        "/forum",
        "/guide",
        "/admin/connexion",
    ] {
        let r = b2
            .send(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("accept-encoding", "gzip")),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let compressed = r.body.len();
        assert!(
            compressed <= 14 * 1024,
            "{path}: first HTML is {compressed} bytes compressed"
        );
        let plain = b2.get(path).await.body;
        assert!(!plain.contains("<script"), "{path}");
        // HTML plus the stylesheet and favicon, uncompressed, stays under 50 KB.
        let css = b2.get(&palabre::assets::url("style.css")).await.body.len();
        let icon = b2
            .get(&palabre::assets::url("favicon.svg"))
            .await
            .body
            .len();
        assert!(
            plain.len() + css + icon <= 50 * 1024,
            "{path}: {} + {css} + {icon} bytes",
            plain.len()
        );
    }
}
