//! Exports and open data, the dashboard and synthesis, workshop files and workshops with paper forms and a kiosk.

use super::*;

#[actix_web::test]
async fn the_dashboard_counts_and_the_synthesis_is_published_into_the_library() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Route de Sakassou", "Pistes de Béoumi"]).await;
    let mut b = browser(&ctx).await;
    propose(&ctx, &mut b, &proposal_fields("En attente", "Problème"), 30).await;
    admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue : priorité du forum."),
                ("commitment", "Engagement 3 : routes rurales"),
            ],
        )
        .await;
    let dash = admin.get("/admin/resultats").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(
        dash.body.contains("<svg role=\"img\""),
        "charts are inline SVG"
    );
    assert!(
        dash.body.contains("Gbêkê") && dash.body.contains("Vallée du Bandama"),
        "zones and their district"
    );
    assert!(
        dash.body.contains("1 contribution attend une relecture")
            && dash
                .body
                .contains("1 proposition publiée attend une réponse"),
        "{}",
        dash.body
    );
    assert!(
        !dash.body.contains("<strong>1</strong> soutiens"),
        "one support, singular"
    );
    // The dashboard says what waits, in figures, each leading to the work.
    let home = admin.get("/admin").await.body;
    let (day, week) = palabre::domain::oversight::day_and_week_start(ctx.state.now());
    let today = count(
        &ctx,
        &format!("SELECT count(*) FROM proposals WHERE created_at >= {day}"),
    );
    let this_week = count(
        &ctx,
        &format!("SELECT count(*) FROM proposals WHERE created_at >= {week}"),
    );
    assert!(this_week >= 3, "three proposals were just sent");
    for (n, text, href) in [
        (1, "contribution à relire", "/admin/moderation"),
        (
            1,
            "proposition publiée attend une réponse",
            "/admin/propositions?statut=recue",
        ),
        (
            today,
            if today == 1 {
                "proposition reçue aujourd'hui"
            } else {
                "propositions reçues aujourd'hui"
            },
            "/admin/propositions",
        ),
        (
            this_week,
            "propositions reçues cette semaine",
            "/admin/propositions",
        ),
    ] {
        let item = format!(
            r#"<a href="{}"><strong>{n}</strong> {}</a>"#,
            href.replace('&', "&amp;"),
            text.replace('\'', "&#39;")
        );
        assert!(
            home.contains(&item) || home.contains(&item.replace("&#39;", "'")),
            "{item} not in:\n{home}"
        );
    }
    assert!(
        dash.body.contains("<table class=\"figures\""),
        "a table behind every chart"
    );
    assert!(!dash.body.contains("<script"));
    let report = admin.get("/admin/synthese").await.body;
    assert!(
        report.contains("Engagement 3\u{a0}: routes rurales")
            || report.contains("Engagement 3 : routes rurales")
    );
    assert!(
        report.contains("Retenue : priorité du forum.")
            || report.contains("Retenue\u{a0}: priorité du forum.")
    );
    assert!(
        !report.contains("En attente"),
        "unpublished proposals stay out of the report"
    );
    let r = admin
        .submit("/admin/synthese", "/admin/synthese/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let docs = b.get("/documents?categorie=syntheses").await.body;
    assert!(
        docs.contains("Synthèse et réponse motivée du") && docs.contains("(PDF,"),
        "{docs}"
    );
    let re = regex::Regex::new(r#"href="(/documents/[^"/]+/synthese-[^"]+)""#).unwrap();
    let href = re
        .captures(&docs)
        .map(|c| c[1].to_string())
        .expect("link to the frozen copy");
    let file = b.send(TestRequest::get().uri(&href)).await;
    assert!(
        file.header("content-disposition").starts_with("attachment"),
        "never rendered in the site"
    );
    assert!(file.header("content-security-policy").contains("sandbox"));
    assert_eq!(file.header("content-type"), "application/pdf");
    let (text, info) = pdf_text(&file.bytes);
    assert!(
        info.contains("Page size:") && info.contains("595.28 x 841.89"),
        "A4: {info}"
    );
    assert!(
        text.contains("routes rurales") && text.contains("Retenue : priorité du forum."),
        "{text}"
    );
    assert!(
        !text.contains("En attente"),
        "unpublished proposals stay out: {text}"
    );
    // Facilitators see none of it.
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    for path in [
        "/admin/resultats",
        "/admin/synthese",
        "/admin/exports",
        "/admin/exports/propositions.csv",
    ] {
        assert_eq!(fac.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[actix_web::test]
async fn csv_exports_open_in_libreoffice_with_accents_and_no_formula_run() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields(
            "=HYPERLINK(\"http://evil.example\";\"cliquez ici\")",
            "Électricité à Bouaké, œuvre d'intérêt général",
        ),
        30,
    )
    .await;
    approve_all(&ctx, &mut admin).await;
    for (path, sep, who) in [
        (
            "/admin/exports/propositions.csv?separateur=pointvirgule",
            59u8,
            "staff",
        ),
        // A French Excel expects semicolons: the plain staff CSV has them.
        ("/admin/exports/propositions.csv", 59, "staff"),
        (
            "/admin/exports/propositions.csv?separateur=virgule",
            44,
            "staff",
        ),
        ("/donnees/propositions.csv", 44, "public"),
    ] {
        let r = if who == "staff" {
            admin.send(TestRequest::get().uri(path)).await
        } else {
            b.send(TestRequest::get().uri(path)).await
        };
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let cells = libreoffice_cells(r.body.as_bytes(), sep);
        assert!(
            cells.contains("Électricité à Bouaké, œuvre d'intérêt général"),
            "{path}: accents lost:\n{cells}"
        );
        assert!(
            cells.contains("=HYPERLINK(\"http://evil.example\";\"cliquez ici\")"),
            "{path}: formula text missing:\n{cells}"
        );
        assert!(
            !cells.lines().any(|l| l.trim() == "cliquez ici"),
            "{path}: the formula ran"
        );
        assert!(
            cells.lines().any(|l| l.trim() == "P-0001"),
            "{path}: columns not split:\n{cells}"
        );
        let has = |cell: &str| cells.lines().any(|l| l.trim() == cell);
        if who == "staff" {
            // Words for people, codes at the end for formulas.
            for cell in [
                "Reçue",
                "En ligne",
                "publiée",
                "statut_code",
                "recue",
                "en_ligne",
            ] {
                assert!(has(cell), "{path}: no cell {cell:?}:\n{cells}");
            }
        } else {
            assert!(
                has("recue") && !has("Reçue") && !has("statut_code"),
                "{path}: open data keeps codes"
            );
        }
    }
}

#[actix_web::test]
async fn admins_download_a_workshop_file_and_upload_it_on_another_site() {
    let a = state();
    let mut admin_a = browser(&a).await;
    do_setup(&a, &mut admin_a).await;
    let mut b = browser(&a).await;
    propose(
        &a,
        &mut b,
        &proposal_fields("Proposition de l'atelier de Gagnoa", "Un problème"),
        30,
    )
    .await;
    let zip = admin_a
        .send(TestRequest::get().uri("/admin/ateliers/fichier/export"))
        .await;
    assert_eq!(zip.status, StatusCode::OK);
    assert!(
        zip.header("content-disposition")
            .contains("palabre-atelier-")
    );
    // `Resp` holds text; the zip is fetched again as bytes.
    let svc = test::init_service(app(a.state.clone())).await;
    let cookies: Vec<String> = admin_a
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let raw = test::call_and_read_body(
        &svc,
        TestRequest::get()
            .uri("/admin/ateliers/fichier/export")
            .insert_header(("cookie", cookies.join("; ")))
            .insert_header(("host", "localhost:8080"))
            .to_request(),
    )
    .await;
    assert!(raw.starts_with(b"PK"));
    // The workshop file holds contacts: its download is in the journal, by its name.
    let journal = admin_a.get("/admin/journal?action=export").await.body;
    assert!(
        journal.contains("Export\u{a0}: palabre-atelier-"),
        "{journal}"
    );

    let n = state();
    let mut admin_n = browser(&n).await;
    do_setup(&n, &mut admin_n).await;
    // A second round opens later on the national site: the import can still go to the
    // first one.
    let first: i64 = n
        .state
        .db
        .read(|c| {
            Ok::<_, palabre::db::DbError>(c.query_row(
                "SELECT min(id) FROM consultations",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    n.state
        .db
        .write(|c| {
            Ok::<_, palabre::db::DbError>(palabre::db::consultations::insert(
                c,
                "second-tour",
                "Second tour : le projet de plan",
                n.state.now() + 30 * 86_400,
                n.state.now() + 60 * 86_400,
                n.state.now(),
            )?)
        })
        .unwrap();
    let upload = |data: Vec<u8>, consultation: Option<&str>| {
        let boundary = "----palabreBundleBoundary";
        let mut body = Vec::new();
        if let Some(id) = consultation {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"consultation\"\r\n\r\n{id}\r\n").as_bytes());
        }
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"atelier.zip\"\r\nContent-Type: application/zip\r\n\r\n").as_bytes());
        body.extend_from_slice(&data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    let page = admin_n.get("/admin/ateliers/fichier").await.body;
    assert!(
        page.contains("Consultation qui reçoit les propositions")
            && page.contains("Second tour : le projet de plan"),
        "{page}"
    );
    // A consultation of another site is refused, and nothing is imported.
    let token = csrf_from(&page);
    let (ct, body) = upload(raw.to_vec(), Some("999"));
    let r = admin_n
        .send(
            TestRequest::with_uri(&format!(
                "/admin/ateliers/fichier/import?csrf_token={token}"
            ))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("choisissez une des consultations"),
        "{}",
        r.body
    );
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 0);
    let first_id = first.to_string();
    for round in 0..2 {
        let page = admin_n.get("/admin/ateliers/fichier").await;
        let token = csrf_from(&page.body);
        let (ct, body) = upload(raw.to_vec(), (round == 0).then_some(first_id.as_str()));
        let r = admin_n
            .send(
                TestRequest::with_uri(&format!(
                    "/admin/ateliers/fichier/import?csrf_token={token}"
                ))
                .method(Method::POST)
                .insert_header(("content-type", ct))
                .insert_header(("origin", "http://localhost:8080"))
                .set_payload(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if round == 0 {
            assert!(
                r.body
                    .contains("Import terminé. Ajoutés\u{a0}: 1 proposition, 0 commentaire"),
                "{}",
                r.body
            );
        } else {
            assert!(
                r.body.contains("\u{a0}: 0 proposition,")
                    && r.body.contains("Déjà présents\u{a0}: 1."),
                "{}",
                r.body
            );
        }
    }
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE bundle_id IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &n,
            "SELECT consultation_id FROM proposals WHERE bundle_id IS NOT NULL"
        ),
        first,
        "not in the consultation chosen"
    );
    let page = admin_n.get("/admin/ateliers/fichier").await;
    let token = csrf_from(&page.body);
    let (ct, body) = upload(b"pas un zip".to_vec(), None);
    let r = admin_n
        .send(
            TestRequest::with_uri(&format!(
                "/admin/ateliers/fichier/import?csrf_token={token}"
            ))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("rien n&#39;a été importé") || r.body.contains("rien n'a été importé"));
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 1);
}

/// A regional workshop on a laptop: the admin creates it and starts it; phones' proposals
/// carry it; a facilitator types in ten paper forms (a paper number only once); a shared
/// kiosk resets after each proposal and cannot reach the admin; the bundle then merges into
/// the national site with the workshop, the paper numbers and who typed them.
#[actix_web::test]
async fn a_workshop_with_paper_forms_and_a_kiosk_merges_into_the_national_site() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    // The laptop gets its own reference code, so that its receipts stay true nationally.
    let settings = |code: &'static str| {
        vec![
            ("moderation_mode", "a_priori"),
            ("upload_max_mb", "10"),
            ("report_threshold", "3"),
            ("reference_code", code),
            ("public_address", ""),
        ]
    };
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &settings("G-1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("de 1 à 5 lettres ou chiffres") && r.body.contains("value=\"G-1\""));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &settings("ggn"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Every reference a participant was handed, with the title it stands for.
    let mut handed: Vec<(String, String)> = Vec::new();
    let find_ref = |text: &str| {
        regex::Regex::new(r"GGN-\d{4}")
            .unwrap()
            .find(text)
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| panic!("no GGN reference in {text}"))
    };
    // Bad input is refused with messages, and what was typed stays.
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier de <Gagnoa>"),
                ("place", "Mairie"),
                ("zone", "atlantide"),
                ("held_on", "3 décembre"),
                ("facilitators", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Atelier de &lt;Gagnoa&gt;") && r.body.contains("Indiquez la date de l")
    );
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier régional de Gagnoa"),
                ("place", "Salle de la mairie"),
                ("zone", "goh"),
                ("held_on", "2026-12-03"),
                ("facilitators", "Awa, Koffi"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = count(
        &ctx,
        "SELECT id FROM workshops WHERE name = 'Atelier régional de Gagnoa'",
    );
    let list = admin.get("/admin/ateliers?cree=1").await;
    assert!(
        list.body.contains("Atelier créé") && list.body.contains("Salle de la mairie, Gôh"),
        "{}",
        list.body
    );
    let r = admin
        .submit(
            "/admin/ateliers",
            &format!("/admin/ateliers/{id}/en-cours"),
            &[("action", "demarrer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get("/admin/ateliers")
            .await
            .body
            .contains("En cours sur cet ordinateur")
    );

    // A phone on the hotspot: its proposal carries the workshop, channel "atelier".
    let mut phone = browser(&ctx).await;
    phone.peer = "192.168.137.23:50000".into();
    let r = propose(
        &ctx,
        &mut phone,
        &proposal_fields("Un forage pour le village", "Pas d'eau potable."),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let receipt = phone.get(r.location()).await;
    handed.push((find_ref(&receipt.body), "Un forage pour le village".into()));
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE channel = 'atelier' AND workshop_id = {id}"
            )
        ),
        1
    );

    // A facilitator types in paper forms.
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.peer = "192.0.2.11:40000".into();
    fac.sign_in("kouassi").await;
    let entry = format!("/admin/ateliers/{id}/saisie");
    let page = fac.get(&entry).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Saisie des fiches papier — Atelier régional de Gagnoa")
    );
    assert!(page.body.contains(r#"name="paper_number""#) && page.body.contains("autofocus"));
    for n in 1..=10 {
        let number = n.to_string();
        let title = format!("Fiche papier n° {n} : une école à Gagnoa");
        let mut fields = proposal_fields(&title, "Les enfants marchent dix kilomètres.");
        fields.push(("paper_number", &number));
        let r = fac.submit(&entry, &entry, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let next = fac.get(r.location()).await;
        assert!(
            next.body
                .contains(&format!("Fiche {n} enregistrée sous la référence GGN-")),
            "{}",
            next.body
        );
        handed.push((find_ref(r.location()), title.clone()));
        // Back after a save shows an empty form, never kept by the browser.
        assert_eq!(
            next.headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        assert!(next.body.contains(r#"autocomplete="off""#));
        // The next form is blank.
        assert!(!next.body.contains("Les enfants marchent"));
    }
    // The same paper number twice: refused, nothing saved, what was typed stays.
    let mut fields = proposal_fields("Doublon de la fiche 4", "Recopiée deux fois.");
    fields.push(("paper_number", "4"));
    let r = fac.submit(&entry, &entry, &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body
            .contains("La fiche 4 a déjà été saisie pour cet atelier")
            && r.body.contains("Doublon de la fiche 4")
    );
    // A missing paper number and a missing title: both said, nothing saved.
    let mut fields = proposal_fields("", "Sans titre.");
    fields.push(("paper_number", ""));
    let r = fac.submit(&entry, &entry, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Indiquez le numéro de la fiche papier") && r.body.contains("Sans titre.")
    );
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE channel = 'papier' AND workshop_id = {id} AND entered_by = 'kouassi' AND paper_number IS NOT NULL"
            )
        ),
        10
    );
    // A moderator or facilitator cannot create workshops.
    let r = fac
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Pirate"),
                ("zone", "goh"),
                ("held_on", "2026-12-03"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The printable pages.
    let blank = fac
        .get(&format!("/admin/ateliers/fiche?atelier={id}"))
        .await;
    assert!(
        blank.body.contains("Fiche de proposition")
            && blank.body.contains("Atelier régional de Gagnoa")
    );
    // The workshop's region is written in; its 35 tick boxes give way to writing space.
    assert!(
        blank
            .body
            .contains(r#"<span class="tick ticked"></span>Gôh"#)
            && !blank.body.contains("Bounkani"),
        "{}",
        blank.body
    );
    // Two lines for the title, five for the problem and for the solution, two for the benefit,
    // three for name, organisation and contact.
    let lines = blank.body.matches(r#"<span class="line"></span>"#).count();
    assert_eq!(lines, 2 + 5 + 5 + 2 + 3, "room to write");
    let poster = fac
        .get("/admin/affiche?adresse=http%3A%2F%2F192.168.137.1%3A8080%2F&wifi=Atelier-Gagnoa")
        .await;
    assert!(
        poster.body.contains("192.168.137.1:8080")
            && poster.body.contains("Atelier-Gagnoa")
            && poster.body.contains("<svg")
    );

    // Kiosk: the device leaves staff mode; each proposal ends on its reference, then a blank form.
    let mut kiosk = browser(&ctx).await;
    kiosk.peer = "192.168.137.2:40000".into();
    kiosk.sign_in("kouassi").await;
    let r = kiosk
        .submit(
            "/admin/kiosque",
            "/admin/kiosque",
            &[("action", "demarrer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/propositions/nouvelle");
    assert_eq!(
        kiosk.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "staff session must be gone"
    );
    let form = kiosk.get("/propositions/nouvelle").await;
    assert!(
        !form.body.contains(r#"href="/pgo""#),
        "no site navigation on a kiosk"
    );
    assert!(form.body.contains("quitter le mode kiosque"));
    assert_eq!(
        form.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert!(form.body.contains(r#"autocomplete="off""#));
    let mut participants = Vec::new();
    for k in 0..2 {
        let title = format!("Proposition au kiosque n° {k}");
        let r = propose(
            &ctx,
            &mut kiosk,
            &proposal_fields(&title, "Écrite sur la borne."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(
            r.location().starts_with("/kiosque/merci?reference=GGN-"),
            "{}",
            r.location()
        );
        handed.push((find_ref(r.location()), title.clone()));
        let thanks = kiosk.get(r.location()).await;
        assert!(thanks.body.contains(r#"class="kiosk-reference""#));
        assert!(
            !thanks.body.contains("/suivi/"),
            "no private link left on a shared device"
        );
        participants.push(kiosk.cookies.get("palabre_participant").cloned());
        let again = kiosk.get("/propositions/nouvelle").await;
        assert!(
            !again.body.contains("Écrite sur la borne"),
            "the form is blank again"
        );
    }
    assert_ne!(
        participants[0], participants[1],
        "each kiosk user is a new participant"
    );
    // Leaving kiosk mode needs a staff sign-in.
    let r = kiosk.get("/admin/kiosque").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/admin/connexion"));
    kiosk.sign_in("kouassi").await;
    let r = kiosk
        .submit("/admin/kiosque", "/admin/kiosque", &[("action", "quitter")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        kiosk
            .get("/propositions/nouvelle")
            .await
            .body
            .contains(r#"href="/pgo""#)
    );

    // The facilitator enters who came; it travels with the workshop.
    let presences = format!("/admin/ateliers/{id}/presences");
    let r = fac
        .submit(
            &presences,
            &presences,
            &[("femmes_citoyen", "4"), ("hommes_citoyen", "3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let marked_here = count(
        &ctx,
        "SELECT count(*) FROM proposals WHERE device IS NOT NULL",
    );
    assert_eq!(
        marked_here,
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE channel <> 'papier'"
        ),
        "every proposal typed on a device has its mark, paper forms none"
    );

    // The bundle carries it all to the national site.
    let national = state();
    let mut nat = browser(&national).await;
    do_setup(&national, &mut nat).await;
    // The national site already has proposals of its own.
    let mut citizen = browser(&national).await;
    for title in ["Une route pour Daloa", "Un lycée à Séguéla"] {
        let r = propose(
            &national,
            &mut citizen,
            &proposal_fields(title, "Depuis des années."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let file = ctx.state.data_dir.join("atelier.zip");
    let s = palabre::bundle::export(
        &ctx.state.db,
        &ctx.state.instance_id,
        &file,
        ctx.state.now(),
    )
    .unwrap();
    assert_eq!((s.proposals, s.workshops), (13, 1));
    let r = palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
    assert_eq!((r.added[0], r.added[3], r.refused.len()), (13, 1, 0));
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM workshops WHERE name = 'Atelier régional de Gagnoa' AND bundle_id IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM proposals p JOIN workshops w ON w.id = p.workshop_id WHERE p.channel = 'papier' AND p.entered_by = 'kouassi' AND p.paper_number IS NOT NULL"
        ),
        10
    );
    let r = palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
    assert_eq!((r.added, r.already[0]), ([0; 4], 13));
    // Device marks and the attendance came along.
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM proposals WHERE device IS NOT NULL AND bundle_id IS NOT NULL"
        ),
        marked_here
    );
    assert!(
        nat.get("/admin/ateliers")
            .await
            .body
            .contains("Présences\u{a0}: 7 (4 femmes, 3 hommes)."),
    );
    // The facilitator corrects the count later: the next bundle brings the new one.
    ctx.state.set_now(ctx.state.now() + 60);
    let r = fac
        .submit(
            &presences,
            &presences,
            &[("femmes_citoyen", "5"), ("hommes_citoyen", "3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let file2 = ctx.state.data_dir.join("atelier-2.zip");
    palabre::bundle::export(
        &ctx.state.db,
        &ctx.state.instance_id,
        &file2,
        ctx.state.now(),
    )
    .unwrap();
    palabre::bundle::import(&national.state.db, &file2, None, national.state.now()).unwrap();
    assert!(
        nat.get("/admin/ateliers")
            .await
            .body
            .contains("Présences\u{a0}: 8 (5 femmes, 3 hommes)."),
    );
    // An older file imported again does not bring the old count back.
    palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
    assert!(
        nat.get("/admin/ateliers")
            .await
            .body
            .contains("Présences\u{a0}: 8 (5 femmes, 3 hommes)."),
    );
    // Every reference handed out at the workshop opens the same proposal nationally, with
    // where it comes from; none is shared.
    assert_eq!(handed.len(), 13);
    for (reference, title) in &handed {
        let page = nat.get(&format!("/admin/propositions/{reference}")).await;
        assert_eq!(page.status, StatusCode::OK, "{reference}");
        assert!(
            page.body.contains(title.as_str()),
            "{reference} is not {title}"
        );
        assert!(
            page.body.contains("Atelier régional de Gagnoa"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("arrivée par un fichier d&#39;atelier")
                || page.body.contains("arrivée par un fichier d'atelier")
        );
        if title.starts_with("Fiche papier") {
            assert!(
                page.body.contains("Fiche papier n°") && page.body.contains("saisie par kouassi")
            );
        }
    }
    assert_eq!(
        count(&national, "SELECT count(DISTINCT reference) FROM proposals"),
        count(&national, "SELECT count(*) FROM proposals")
    );
    assert_eq!(count(&national, "SELECT count(*) FROM proposals"), 15);
    for (own, title) in [
        ("P-0001", "Une route pour Daloa"),
        ("P-0002", "Un lycée à Séguéla"),
    ] {
        assert!(
            nat.get(&format!("/admin/propositions/{own}"))
                .await
                .body
                .contains(title)
        );
    }
    let csv = nat.get("/admin/exports/propositions.csv").await.body;
    let header = csv.lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("atelier")
            && header.contains("fiche_papier")
            && header.contains("reference_origine"),
        "{header}"
    );
    let line = csv
        .lines()
        .find(|l| l.contains(&handed[1].0))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        line.contains("Atelier régional de Gagnoa")
            && line.contains("papier")
            && line.contains("2026-12-03"),
        "{line}"
    );
    // The national list of workshops shows it as received.
    let list = nat.get("/admin/ateliers").await;
    assert!(
        list.body.contains("Reçu d&#39;un autre ordinateur")
            || list.body.contains("Reçu d'un autre ordinateur"),
        "{}",
        list.body
    );
}

/// The privacy notice promises to erase contacts once the consultation is over: an admin does
/// it in one confirmed step; the proposals stay, the journal says who and how many.
#[actix_web::test]
async fn admins_erase_contacts_when_the_consultation_is_over() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut citizen = browser(&ctx).await;
    let mut fields = proposal_fields("Une ligne de bus pour Daloa", "Pas de transport.");
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "+225 07 00 00 00 01"));
    fields.push(("consent_contact", "oui"));
    let r = propose(&ctx, &mut citizen, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = admin.get("/admin/contacts").await;
    assert!(
        page.body.contains("1 contacts sont conservés"),
        "{}",
        page.body
    );
    // Without the confirmation box: refused, nothing erased.
    let r = admin
        .submit("/admin/contacts", "/admin/contacts", &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cochez la case pour confirmer"));
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact IS NOT NULL"
        ),
        1
    );
    let r = admin
        .submit("/admin/contacts", "/admin/contacts", &[("confirm", "oui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get(r.location())
            .await
            .body
            .contains("1 contacts effacés")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact IS NOT NULL OR consent_contact = 1"
        ),
        0
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    let journal = admin.get("/admin/journal?action=contacts").await;
    assert!(
        journal.body.contains("Contacts effacés") && journal.body.contains("awa.kone"),
        "{}",
        journal.body
    );
}

/// An admin downloads the whole database in one click: a real SQLite file with the
/// proposals, named by date, journaled; the copy made for it does not stay in the data
/// folder; a moderator gets none. The page says there is no replication.
#[actix_web::test]
async fn an_admin_downloads_a_backup_of_the_whole_site() {
    let ctx = state();
    let mut admin = browser(&ctx).await;
    do_setup(&ctx, &mut admin).await;
    let mut citizen = browser(&ctx).await;
    propose(
        &ctx,
        &mut citizen,
        &proposal_fields("Des bancs à l'ombre au marché de Yopougon", "Il fait chaud"),
        30,
    )
    .await;
    let page = admin.get("/admin/sauvegarde").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Pas de réplication continue"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"/admin/sauvegarde/fichier\""));
    let r = admin.get("/admin/sauvegarde/fichier").await;
    assert_eq!(r.status, StatusCode::OK);
    let disposition = r.header("content-disposition");
    assert!(
        disposition.contains("palabre-sauvegarde-") && disposition.ends_with(".sqlite3\""),
        "{disposition}"
    );
    assert!(r.bytes.starts_with(b"SQLite format 3\0"));
    let copy = ctx._dir.path().join("copie.sqlite3");
    std::fs::write(&copy, &r.bytes).unwrap();
    let c = rusqlite::Connection::open(&copy).unwrap();
    let title: String = c
        .query_row("SELECT title FROM proposals", [], |row| row.get(0))
        .unwrap();
    assert_eq!(title, "Des bancs à l'ombre au marché de Yopougon");
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // The copy made in the data folder is deleted once sent.
    let cache = ctx.state.data_dir.join("cache");
    let left = || {
        std::fs::read_dir(&cache)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("sauvegarde-"))
                    .count()
            })
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while left() > 0 && std::time::Instant::now() < deadline {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(left(), 0, "the copy stayed in {}", cache.display());
    // Who took it is in the journal.
    let journal = admin.get("/admin/journal?action=export").await.body;
    assert!(
        journal.contains("Export\u{a0}: palabre-sauvegarde-"),
        "{journal}"
    );
    // A moderator sees neither the page nor the file.
    admin.add_staff("koffi.yao", "moderator").await;
    let mut moderator = browser(&ctx).await;
    moderator.sign_in("koffi.yao").await;
    let r = moderator.get("/admin/sauvegarde/fichier").await;
    assert_ne!(r.status, StatusCode::OK);
    assert!(!r.bytes.starts_with(b"SQLite format 3\0"));
    assert_ne!(
        moderator.get("/admin/sauvegarde").await.status,
        StatusCode::OK
    );
}
