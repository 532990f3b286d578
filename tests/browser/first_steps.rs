//! First run, signing in and out, languages, restarting, the library, public pages, the timeline and the forum.

use super::*;

/// The first run as the person in charge does it on a phone: a first try with mistakes,
/// then the right answers, ending on the dashboard with the addresses and their QR codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_setup_on_a_phone() {
    let p = Palabre::start("setup").await;
    let b = &p.browser;
    let setup_url = p.setup_url();

    b.goto(&setup_url).await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.h1().await, "Installer votre consultation");
    b.assert_fits_width().await;
    assert!(
        b.is_checked("language-fr").await,
        "French is the default choice"
    );

    // First try: no organisation, a password far too short.
    b.fill("Nom de la consultation", ANSWERS.site_name).await;
    b.fill("Votre identifiant", ANSWERS.login).await;
    b.fill("Mot de passe", "court").await;
    b.fill("Mot de passe, une seconde fois", "court").await;
    b.click_button("Créer la consultation").await;

    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(
        b.find("#erreurs")
            .await
            .attr("role")
            .await
            .unwrap()
            .as_deref(),
        Some("alert")
    );
    let summary = b.text("#erreurs").await;
    for expected in [
        "Indiquez l'organisation qui consulte.",
        "Le mot de passe doit compter au moins 10 caractères.",
    ] {
        assert!(
            summary.contains(expected),
            "summary lacks {expected:?}:\n{summary}"
        );
    }
    assert_eq!(
        b.error_next_to("Organisation qui consulte")
            .await
            .as_deref(),
        Some("Indiquez l'organisation qui consulte.")
    );
    assert_eq!(
        b.error_next_to("Mot de passe").await.as_deref(),
        Some("Le mot de passe doit compter au moins 10 caractères.")
    );
    assert_eq!(b.error_next_to("Nom de la consultation").await, None);
    assert_eq!(
        b.field("organisation")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    // What was typed is still there, except the passwords.
    assert_eq!(b.value("Nom de la consultation").await, ANSWERS.site_name);
    assert_eq!(b.value("Votre identifiant").await, ANSWERS.login);
    assert_eq!(b.value("Mot de passe").await, "");
    assert_eq!(b.value("Mot de passe, une seconde fois").await, "");
    b.assert_fits_width().await;
    b.screenshot("setup-errors").await;

    // Second try, right answers; the name is already there.
    b.fill("Organisation qui consulte", ANSWERS.organisation)
        .await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.choose("Français").await;
    b.click_button("Créer la consultation").await;

    assert_eq!(b.path().await, "/admin?bienvenue=1");
    assert_eq!(b.h1().await, "Tableau de bord");
    b.assert_sees("Votre consultation est en ligne.").await;
    b.assert_sees("Où trouver le site").await;
    let sign_out = format!("Se déconnecter ({})", ANSWERS.login);
    assert_eq!(b.texts("header button").await, vec![sign_out]);
    assert!(
        b.text("header .site-name")
            .await
            .contains(ANSWERS.site_name)
    );

    // The test server listens on loopback only, so the dashboard says that only this computer
    // reaches it and shows that address, with its QR code drawn inside the phone's width.
    // (Network addresses and their QR codes are checked in tests/http.rs.)
    let port = p.server.port;
    b.assert_sees("Palabre n'est joignable que depuis cet ordinateur")
        .await;
    let address = regex::Regex::new(&format!(r"^http://localhost:{port}/$")).unwrap();
    let links = b.find_all(".addresses a").await;
    assert!(!links.is_empty(), "no address on the dashboard");
    for link in &links {
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        assert!(address.is_match(&href), "odd address {href:?}");
        assert_eq!(
            link.text().await.unwrap(),
            href,
            "the address is written out"
        );
    }
    let qrs = b.find_all("figure.qr svg").await;
    assert!(!qrs.is_empty(), "no QR code on the dashboard");
    for qr in &qrs {
        assert!(qr.is_displayed().await.unwrap(), "a QR code is hidden");
        let (x, _, w, h) = qr.rectangle().await.unwrap();
        assert!(
            w >= 120.0 && (w - h).abs() < 1.0,
            "QR code is {w}×{h} px: too small to scan"
        );
        assert!(
            x >= 0.0 && x + w <= f64::from(VIEWPORT.0),
            "QR code sticks out of the screen: x={x}, w={w}"
        );
    }
    b.assert_fits_width().await;
    let shot = b.screenshot("setup-dashboard").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);

    // The setup address was for one use only.
    b.goto(&setup_url).await;
    assert_eq!(b.h1().await, "Page introuvable");

    p.finish().await;
}

/// Signing out and in again, as staff would on their phone, with one typo on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_then_sign_in() {
    let p = Palabre::start("signin").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;

    b.click_button(&format!("Se déconnecter ({})", ANSWERS.login))
        .await;
    assert_eq!(b.path().await, "/admin/connexion?deconnecte=1");
    assert_eq!(b.h1().await, "Connexion de l'équipe");
    b.assert_sees("Vous êtes déconnecté.").await;
    assert!(
        b.texts("header button").await.is_empty(),
        "still shown as signed in"
    );
    b.assert_fits_width().await;
    b.screenshot("signed-out").await;

    // The dashboard is closed now: it sends to the sign-in page.
    b.goto("/admin").await;
    assert_eq!(b.path().await, "/admin/connexion");

    p.sign_in(ANSWERS.login, "Baobab-Tiassale-43").await;
    assert_eq!(b.h1().await, "Connexion de l'équipe");
    assert_eq!(
        b.text("#erreurs").await,
        "Identifiant ou mot de passe incorrect."
    );
    assert_eq!(
        b.value("Identifiant").await,
        ANSWERS.login,
        "the login is kept"
    );
    assert_eq!(b.value("Mot de passe").await, "");

    b.fill("Mot de passe", PASSWORD).await;
    b.click_button("Se connecter").await;
    assert_eq!(b.path().await, "/admin");
    assert_eq!(b.h1().await, "Tableau de bord");
    assert_eq!(
        b.texts("header button").await,
        vec![format!("Se déconnecter ({})", ANSWERS.login)]
    );

    p.finish().await;
}

/// After five wrong passwords, even the right one is held back for a while.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_wrong_passwords_hold_sign_in_back() {
    let p = Palabre::start("lockout").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.click_button(&format!("Se déconnecter ({})", ANSWERS.login))
        .await;

    for attempt in 1..=5 {
        p.sign_in(ANSWERS.login, &format!("mauvais-mot-de-passe-{attempt}"))
            .await;
        let says = b.text("#erreurs").await;
        if attempt < 5 {
            assert_eq!(
                says, "Identifiant ou mot de passe incorrect.",
                "attempt {attempt}"
            );
        }
    }
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(
        b.path().await,
        "/admin/connexion",
        "signed in despite the lock"
    );
    let says = b.text("#erreurs").await;
    assert!(
        says.starts_with("Trop de tentatives de connexion"),
        "{says}"
    );
    b.assert_fits_width().await;
    b.screenshot("signin-locked").await;

    p.finish().await;
}

/// Switching to English from any page, and staying in English afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_is_remembered() {
    let p = Palabre::start("language").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    assert_eq!(b.lang().await, "fr");

    b.click_link("English").await;
    assert_eq!(b.lang().await, "en");
    assert_eq!(b.h1().await, "Dashboard");
    assert_eq!(
        b.path().await,
        "/admin?bienvenue=1",
        "stays on the same page"
    );
    b.assert_sees("Where to find the site").await;
    assert_eq!(
        b.texts("header button").await,
        vec![format!("Sign out ({})", ANSWERS.login)]
    );

    // The next page is in English too, although the browser asks for French.
    b.click_link("Home").await;
    assert_eq!(b.path().await, "/");
    assert_eq!(b.lang().await, "en");
    assert_eq!(b.h1().await, ANSWERS.site_name);
    assert_eq!(b.text(".card .badge").await, "Open");
    b.assert_sees("Last day to take part:").await;
    b.assert_fits_width().await;
    b.screenshot("home-english").await;

    // And back.
    b.click_link("Français").await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.path().await, "/");
    b.assert_sees("Dernier jour pour participer").await;

    p.finish().await;
}

/// Stopping and starting again keeps the consultation, its name and the staff account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_everything() {
    let mut p = Palabre::start("restart").await;
    p.set_up(&ANSWERS).await;
    let setup_url = p.setup_url();
    let setup_path = setup_url.trim_start_matches(&p.server.base).to_string();

    p.restart();
    assert_eq!(
        p.server.setup_url, None,
        "a setup address was printed again"
    );
    assert!(
        !p.server.printed("/installation/"),
        "the banner mentions setup again:\n{}",
        p.server.banner.join("\n")
    );
    assert!(
        p.server.printed(&regex::escape(ANSWERS.site_name)),
        "the banner does not name the consultation:\n{}",
        p.server.banner.join("\n")
    );

    let b = &p.browser;
    // A new visitor on the home page.
    b.delete_cookies().await;
    b.goto("/").await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.h1().await, ANSWERS.site_name);
    assert_eq!(b.text(".card .badge").await, "Ouverte");
    let state = b.text(".card .state").await;
    assert!(state.contains("Dernier jour pour participer : "), "{state}");
    b.assert_sees(&format!(
        "Organisme responsable de la consultation : {}.",
        ANSWERS.organisation
    ))
    .await;
    b.assert_fits_width().await;
    b.screenshot("home-after-restart").await;

    b.goto(&setup_path).await;
    assert_eq!(b.h1().await, "Page introuvable");

    // The account still signs in, and lands where it was going.
    b.goto("/admin").await;
    assert_eq!(b.path().await, "/admin/connexion");
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.path().await, "/admin");
    assert_eq!(b.h1().await, "Tableau de bord");

    p.finish().await;
}

/// Staff add a PDF to the library from a phone; visitors find it under its category and
/// download exactly that file. A web page disguised as a PDF is refused, and what was typed
/// stays in the form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_upload_on_a_phone() {
    const TITLE: &str = "Plan d'action national 2024-2026";
    const FAKE_TITLE: &str = "Rapport d'autoévaluation 2025";
    let p = Palabre::start("library").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    let files = tempfile::Builder::new()
        .prefix("palabre-library-files-")
        .tempdir()
        .unwrap();
    let pdf = small_pdf(TITLE);
    assert!(pdf.len() > 2048 && pdf.starts_with(b"%PDF-1.4"));
    let pdf_path = files.path().join("plan-action-2024-2026.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();

    b.goto("/admin/documents").await;
    assert_eq!(b.h1().await, "Bibliothèque de documents");
    let form = b.find(UPLOAD_FORM).await;
    assert_eq!(form.attr("method").await.unwrap().as_deref(), Some("post"));
    let action = form.attr("action").await.unwrap().unwrap_or_default();
    assert_eq!(action, "/admin/documents", "no token in the address");
    // The token is the form's first field, before the file (the CSRF check reads it from
    // the start of the body).
    let first = b
        .js(
            "const f = document.querySelector('form[enctype=\"multipart/form-data\"]'); \
             const i = f.querySelector('input'); return [i.name, i.type, i.value.length];",
        )
        .await;
    assert_eq!(first[0], "csrf_token", "{first}");
    assert_eq!(first[1], "hidden", "{first}");
    assert!(first[2].as_u64().unwrap_or(0) >= 16, "{first}");
    b.assert_fits_width().await;

    let upload = b.within(UPLOAD_FORM);
    upload.attach("Fichier", &pdf_path).await;
    upload.fill("Titre", TITLE).await;
    upload.select("Catégorie", "plans-action").await;
    upload.set_date("Date du document", "2024-06-30").await;
    upload.select("Langue du document", "fr").await;
    upload
        .fill(
            "Résumé en une ou deux phrases (facultatif)",
            "Les engagements de la Côte d'Ivoire pour 2024-2026.",
        )
        .await;
    b.click_button("Ajouter le fichier").await;

    let url = b.client().current_url().await.unwrap();
    assert_eq!(url.path(), "/admin/documents");
    let added: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        added,
        vec![("ajoute".to_string(), TITLE.to_string())],
        "not the address after an upload: {url}"
    );
    assert_eq!(
        plain_spaces(&b.text(".notice[role=status]").await),
        format!("Le document « {TITLE} » est publié.")
    );
    b.assert_sees(TITLE).await;
    b.assert_fits_width().await;
    b.screenshot("library-uploaded").await;

    // A visitor finds it under its category, with its format and size, and downloads it.
    b.delete_cookies().await;
    b.goto("/documents").await;
    assert_eq!(b.h1().await, "Documents de référence");
    assert!(b.texts("header button").await.is_empty(), "still signed in");
    assert_eq!(b.text("#cat-plans-action").await, "Plans d'action");
    let section = "section[aria-labelledby='cat-plans-action']";
    let items = b.texts(&format!("{section} li.doc")).await;
    assert_eq!(items.len(), 1, "{items:?}");
    let kb = (pdf.len() as f64 / 1024.0).max(1.0).round();
    let item = plain_spaces(&items[0]);
    assert!(
        item.starts_with(&format!("{TITLE} (PDF, {kb} ko)")),
        "the entry does not give the format and size: {item:?}"
    );
    assert!(item.contains("30 juin 2024 · français"), "{item:?}");
    assert!(
        item.contains("Les engagements de la Côte d'Ivoire pour 2024-2026."),
        "{item:?}"
    );
    b.assert_fits_width().await;
    b.screenshot("library-public").await;

    let href = b
        .find(&format!("{section} li.doc a"))
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(href.starts_with("/documents/"), "{href:?}");
    let saved = b.download_link(TITLE).await;
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        pdf,
        "the browser saved something else than the uploaded file ({})",
        saved.display()
    );
    let answer = reqwest::get(format!("{}{href}", p.server.base))
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment"),
        "not offered as a download: {disposition:?}"
    );
    assert_eq!(
        answer.bytes().await.unwrap().as_ref(),
        pdf.as_slice(),
        "the download differs from the uploaded file"
    );

    // A web page renamed to .pdf is refused, and what was typed is kept.
    let fake_path = files.path().join("faux.pdf");
    std::fs::write(
        &fake_path,
        "<!DOCTYPE html><html><head><title>Faux</title></head>\
         <body><script>alert('piège')</script><p>Ceci n'est pas un PDF.</p></body></html>\n",
    )
    .unwrap();
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.goto("/admin/documents").await;
    let upload = b.within(UPLOAD_FORM);
    upload.attach("Fichier", &fake_path).await;
    upload.fill("Titre", FAKE_TITLE).await;
    upload.select("Catégorie", "rapports").await;
    upload.set_date("Date du document", "2025-03-12").await;
    b.click_button("Ajouter le fichier").await;

    assert_eq!(b.h1().await, "Bibliothèque de documents");
    let said = b.error_next_to("file").await.unwrap_or_default();
    assert!(
        said.starts_with("Ce fichier n'est pas d'un type accepté"),
        "next to the file field: {said:?}"
    );
    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(upload.value("Titre").await, FAKE_TITLE, "the title is lost");
    assert_eq!(upload.value("Catégorie").await, "rapports");
    assert_eq!(upload.value("Date du document").await, "2025-03-12");
    assert!(
        b.find_all(".notice[role=status]").await.is_empty(),
        "a success notice is shown for a refused file"
    );
    b.assert_fits_width().await;
    b.screenshot("library-refused").await;

    b.goto("/documents").await;
    assert_eq!(b.find_all("li.doc").await.len(), 1, "a document was added");
    assert!(!b.page_text().await.contains(FAKE_TITLE));
    assert!(!b.exists("#cat-rapports").await);

    p.finish().await;
}

/// Every public page read on a phone by a visitor: one main heading, French, no sideways
/// scroll, no script, and a way to switch to English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_on_a_phone() {
    let p = Palabre::start("public").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.delete_cookies().await;

    for path in ["/", "/pgo", "/documents", "/calendrier", "/forum", "/guide"] {
        b.goto(path).await;
        assert_eq!(b.path().await, path, "{path} sent elsewhere");
        let h1s = b.texts("h1").await;
        assert_eq!(
            h1s.len(),
            1,
            "{path} has {} main headings: {h1s:?}",
            h1s.len()
        );
        assert_eq!(b.lang().await, "fr", "{path} is not in French");
        b.assert_fits_width().await;
        assert_eq!(
            b.find_all("script").await.len(),
            0,
            "{path} has a <script> element"
        );
        let english = b
            .client()
            .find_all(fantoccini::Locator::XPath(
                "//header//a[normalize-space(.)='English']",
            ))
            .await
            .unwrap();
        assert_eq!(
            english.len(),
            1,
            "{path} has no \"English\" link in its header"
        );
        assert_eq!(
            english[0].attr("lang").await.unwrap().as_deref(),
            Some("en"),
            "the \"English\" link is not marked as English"
        );
        assert!(
            b.texts("header button").await.is_empty(),
            "{path}: shown as signed in"
        );

        match path {
            "/" => {
                assert_eq!(b.h1().await, ANSWERS.site_name);
                let h2s = b.texts("h2").await;
                for heading in ["Comment participer", "Qui contacter"] {
                    assert!(
                        h2s.iter().any(|h| h == heading),
                        "no heading {heading:?} on the home page: {h2s:?}"
                    );
                }
                b.screenshot("public-home").await;
            }
            "/pgo" => {
                assert_eq!(b.h1().await, "Le PGO en Côte d'Ivoire");
                let official = b.find_all("a[href^='https://ogp.gouv.ci']").await;
                assert!(!official.is_empty(), "no link to https://ogp.gouv.ci");
                assert!(official[0].is_displayed().await.unwrap());
                let headings = b.texts("h2, h3").await;
                assert!(
                    headings.iter().any(|h| h == "Petit lexique"),
                    "no heading \"Petit lexique\": {headings:?}"
                );
                b.screenshot("public-pgo").await;
            }
            "/documents" => assert_eq!(b.h1().await, "Documents de référence"),
            "/calendrier" => assert_eq!(b.h1().await, "Calendrier de la co-création"),
            "/forum" => assert_eq!(b.h1().await, "Forum multi-acteurs"),
            _ => {}
        }
    }

    p.finish().await;
}

/// Staff put a regional workshop on the timeline and publish it, record a forum meeting, then
/// delete it; a visitor sees each step on the public pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_and_forum_as_staff_then_public() {
    let p = Palabre::start("timeline").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;

    b.goto("/admin/calendrier").await;
    assert_eq!(b.h1().await, "Calendrier");
    b.select("Type d'étape", "atelier").await;
    b.fill("Titre", "Atelier de Gagnoa").await;
    b.fill("Lieu (facultatif)", "Gagnoa").await;
    b.set_date("Date de début", "2027-02-15").await;
    b.set_date("Date de fin (vide si un seul jour)", "2027-02-16")
        .await;
    b.click_button("Ajouter une étape").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    assert!(
        b.find_all("#erreurs").await.is_empty(),
        "the step was refused"
    );
    let steps = b.texts("li.phase").await;
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(
        plain_spaces(&steps[0]),
        "Atelier de Gagnoa — Atelier régional, du 15 février 2027 au 16 février 2027 (Gagnoa) \
         Modifier « Atelier de Gagnoa » Supprimer « Atelier de Gagnoa »"
    );
    // The workshop moves by a week: the step is corrected, not typed again.
    b.click_link("Modifier « Atelier de Gagnoa »").await;
    assert_eq!(b.value("Titre").await, "Atelier de Gagnoa");
    b.set_date("Date de début", "2027-02-22").await;
    b.set_date("Date de fin (vide si un seul jour)", "2027-02-23")
        .await;
    b.click_button("Enregistrer l'étape").await;
    b.assert_sees("C'est enregistré.").await;
    let steps = b.texts("li.phase").await;
    assert!(
        plain_spaces(&steps[0]).contains("du 22 février 2027 au 23 février 2027"),
        "{steps:?}"
    );
    // A step without a place: the browser lets the optional field stay empty.
    b.select("Type d'étape", "restitution").await;
    b.fill("Titre", "Validation du plan").await;
    b.set_date("Date de début", "2027-04-01").await;
    b.click_button("Ajouter une étape").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    assert_eq!(
        b.texts("li.phase").await.len(),
        2,
        "the step without a place was refused"
    );
    b.click_button("Publier le calendrier").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    b.assert_sees("Calendrier publié le").await;
    assert!(
        !b.texts("button")
            .await
            .iter()
            .any(|t| t == "Publier le calendrier"),
        "the timeline can be published twice"
    );
    b.assert_fits_width().await;
    b.screenshot("timeline-admin").await;

    // Contributions opened at setup, less than two weeks after this publication: the
    // dashboard says so and how to settle it; the reason given replaces the warning.
    b.goto("/admin").await;
    b.assert_sees("moins de 14 jours après la publication du calendrier")
        .await;
    b.click_link("Expliquer le retard").await;
    assert_eq!(
        b.h1().await,
        "Expliquer la publication tardive du calendrier"
    );
    b.click_button("Enregistrer la raison").await;
    assert_eq!(
        b.error_next_to("Raison du retard").await.as_deref(),
        Some("Écrivez la raison du retard.")
    );
    b.fill(
        "Raison du retard",
        "Calendrier validé par le comité de pilotage le 2 mars.",
    )
    .await;
    b.click_button("Enregistrer la raison").await;
    assert_eq!(b.path().await, "/admin?retard=1");
    b.assert_sees("Raison enregistrée. Elle figurera dans la synthèse.")
        .await;
    assert!(
        !b.page_text().await.contains("moins de 14 jours"),
        "the warning stays after its reason was given"
    );

    // A visitor sees the published timeline, and the workshop on the home page.
    b.delete_cookies().await;
    b.goto("/calendrier").await;
    assert_eq!(b.h1().await, "Calendrier de la co-création");
    let published = plain_spaces(&b.text("p.updated").await);
    assert!(
        regex::Regex::new(r"^Calendrier publié le \d{1,2}(er)? \S+ \d{4}\.$")
            .unwrap()
            .is_match(&published),
        "{published:?}"
    );
    let phase = plain_spaces(&b.text("li.phase").await);
    for expected in [
        "Atelier de Gagnoa",
        "Atelier régional",
        "du 22 février 2027 au 23 février 2027",
        "Lieu : Gagnoa",
    ] {
        assert!(
            phase.contains(expected),
            "{expected:?} missing in {phase:?}"
        );
    }
    b.assert_fits_width().await;
    b.screenshot("timeline-public").await;

    b.goto("/").await;
    let how = b
        .client()
        .find(fantoccini::Locator::XPath(
            "//h2[normalize-space(.)='Comment participer']/following-sibling::ul[1]",
        ))
        .await
        .expect("a list under \"Comment participer\"");
    let how = plain_spaces(&how.text().await.unwrap());
    assert!(
        how.contains("Gagnoa — 22 février 2027"),
        "the workshop is not under \"Comment participer\": {how:?}"
    );

    // Staff record a forum meeting.
    p.sign_in(ANSWERS.login, PASSWORD).await;
    b.goto("/admin/forum").await;
    assert_eq!(b.h1().await, "Réunions du forum");
    b.set_date("Date de la réunion", "2026-11-20").await;
    b.fill("Lieu de la réunion", "Abidjan").await;
    b.fill("Administration", "11").await;
    b.fill("Société civile", "8").await;
    b.fill("Secteur privé", "3").await;
    b.click_button("Enregistrer une réunion").await;
    assert_eq!(b.path().await, "/admin/forum");
    assert!(
        b.find_all("#erreurs").await.is_empty(),
        "the meeting was refused"
    );
    b.assert_sees("Abidjan").await;
    b.assert_fits_width().await;

    b.delete_cookies().await;
    b.goto("/forum").await;
    assert_eq!(b.h1().await, "Forum multi-acteurs");
    let meetings = b.texts("section.meeting h2").await;
    assert_eq!(
        meetings.iter().map(|m| plain_spaces(m)).collect::<Vec<_>>(),
        vec!["20 novembre 2026 — Abidjan"]
    );
    // French typography: a no-break space before the colon.
    let counts = b.raw_texts("section.meeting li").await;
    assert_eq!(
        counts,
        vec![
            "Administration\u{a0}: 11",
            "Société civile\u{a0}: 8",
            "Secteur privé\u{a0}: 3"
        ]
    );
    b.assert_fits_width().await;
    b.screenshot("forum-public").await;

    // Deleting asks first.
    p.sign_in(ANSWERS.login, PASSWORD).await;
    b.goto("/admin/forum").await;
    b.click_link("Supprimer « 20 novembre 2026 »").await;
    assert_eq!(b.h1().await, "Confirmer la suppression");
    let asks = plain_spaces(&b.page_text().await);
    assert!(
        asks.contains("Voulez-vous vraiment supprimer « 20 novembre 2026 — Abidjan » ?"),
        "{asks}"
    );
    b.assert_fits_width().await;
    b.screenshot("forum-confirm-delete").await;
    b.click_button("Oui, supprimer").await;
    assert_eq!(b.path().await, "/admin/forum");
    assert!(b.find_all("section.meeting").await.is_empty());

    b.delete_cookies().await;
    b.goto("/forum").await;
    assert!(!b.page_text().await.contains("Abidjan"), "still listed");
    b.assert_sees("Aucune réunion enregistrée pour le moment.")
        .await;

    p.finish().await;
}
