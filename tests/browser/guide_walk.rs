//! The French guide, followed step by step on fresh data folders, as an agent who has never
//! run a website would: chapters 2 to 8, in their order, on one national site and one
//! workshop laptop. Each step does what its numbered line says (the link or button it
//! names, the field it names) and checks the result the guide promises, in the words the
//! guide uses. When the program and the guide part ways, this test says where.
//!
//! What a browser cannot do is done as the guide says, with the real executable: the
//! console lines, `palabre backup`, a second start, restoring a copy. The public link's
//! connection itself needs a relay: `tests/tunnel.rs` runs it against a real OpenSSH
//! server; here the page and its warnings are followed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::harness::{self, ANSWERS, Browser, LAPTOP, PASSWORD, Palabre, VIEWPORT, plain_spaces};
use super::{UPLOAD_FORM, card_of, fill_proposal, pdf_pages, print_a4, small_pdf, type_paper_form};

/// A theme the national team adds (chapter 3) and the workshop laptop adds too, with
/// exactly the same French name (chapter 5).
const NEW_THEME_FR: &str = "Numérique et services en ligne";
const NEW_THEME_EN: &str = "Digital and online services";
const PUBLIC_ADDRESS: &str = "https://pgo.gouv.ci";
const LATE_REASON: &str = "Calendrier validé par le comité de pilotage le 2 mars seulement.";
const FORUM_RULES: &str = "Règles de participation du forum";
const WORKSHOP: &str = "Atelier régional de Gagnoa";
const FACILITATOR: &str = "k.yao";
const MODERATOR: &str = "m.diallo";
const MODERATOR_NEW_PASSWORD: &str = "Fromager-Korhogo-77";

fn today() -> String {
    // The server's "today" is the machine's: Côte d'Ivoire is on UTC all year.
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs the executable as the guide's command lines do; returns (success, stdout, stderr).
fn palabre(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args(args)
        .env("LANG", "fr_FR.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("run palabre");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the executable, killing it if it has not stopped within `within`.
fn palabre_within(args: &[&str], within: Duration) -> (Option<bool>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run palabre");
    let deadline = Instant::now() + within;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break Some(s.success());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (status, text)
}

/// The whole guide, chapters 2 to 8, on a fresh national site and a fresh workshop laptop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_french_guide_followed_step_by_step() {
    let mut national = Palabre::start_at("guide-walk", LAPTOP).await;
    let files = tempfile::tempdir().unwrap();
    chapter_2_first_start(&mut national).await;
    chapter_3_prepare(&national, files.path()).await;
    let references = chapter_4_take_part(&national).await;
    chapter_5_workshops(&national, files.path()).await;
    chapter_6_moderate_and_answer(&national, &references).await;
    chapter_7_results_and_synthesis(&national).await;
    chapter_8_backup_and_restore(&mut national, files.path()).await;
    national.finish().await;
}

/// Premier démarrage.
async fn chapter_2_first_start(p: &mut Palabre) {
    let b = &p.browser;
    // Step 4: the black window says what it is and where the data goes.
    assert!(
        banner_says(
            p,
            "Palabre est démarré. Il reste à l'installer (5 questions)."
        ),
        "{}",
        p.server.banner.join("\n")
    );
    let data = p.data_dir().display().to_string();
    assert!(
        banner_says(p, "Les données sont enregistrées dans")
            && p.server.banner.join("\n").contains(&data),
        "{}",
        p.server.banner.join("\n")
    );
    // Step 6: the line that gives the setup address.
    assert!(banner_says(
        p,
        "Première utilisation : ouvrez cette adresse pour installer la consultation"
    ));

    // "Si un téléphone affiche « Site en préparation »".
    let phone = Browser::open_at("guide-walk-phone", &p.server.base, VIEWPORT).await;
    phone.goto("/").await;
    assert_eq!(phone.h1().await, "Site en préparation");

    // The setup page and its questions.
    b.goto(&p.setup_url()).await;
    assert_eq!(b.h1().await, "Installer votre consultation");
    b.fill("Nom de la consultation", ANSWERS.site_name).await;
    b.fill("Votre identifiant", ANSWERS.login).await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.choose("Français").await;
    b.choose("opening-notice").await;
    // Step 7: something missing — a message at the top, what was typed kept, passwords not.
    b.click_button("Créer la consultation").await;
    assert!(b.exists("#erreurs").await, "no message at the top");
    b.assert_sees("Indiquez l'organisation qui consulte.").await;
    assert_eq!(b.value("Nom de la consultation").await, ANSWERS.site_name);
    assert_eq!(b.value("Votre identifiant").await, ANSWERS.login);
    assert_eq!(b.value("Mot de passe").await, "");
    assert!(b.is_checked("opening-notice").await);
    b.fill("Organisation qui consulte", ANSWERS.organisation)
        .await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.click_button("Créer la consultation").await;
    // Step 8: the dashboard with its welcome, and the console line.
    assert_eq!(b.h1().await, "Tableau de bord");
    b.assert_sees("Votre consultation est en ligne.").await;
    assert!(
        wait_for(|| p.server.console().contains("Installation terminée")).await,
        "{}",
        p.server.console()
    );
    phone.goto("/").await;
    assert_eq!(
        phone.text("header .site-name").await,
        ANSWERS.site_name,
        "the phone still sees the site in preparation"
    );

    // "Les fois suivantes", step 2: a second start sends to the running one and stops.
    let port = p.server.port.to_string();
    let dir = p.data_dir().display().to_string();
    let (stopped, said) = palabre_within(
        &[
            "serve",
            "--data-dir",
            &dir,
            "--port",
            &port,
            "--bind",
            "127.0.0.1",
            "--no-browser",
        ],
        Duration::from_secs(20),
    );
    assert!(stopped.is_some(), "the second start did not stop: {said}");
    assert!(
        said.contains("Palabre est déjà ouvert pour ce dossier de données"),
        "{said}"
    );
    // Step 1: started again, the site comes back with its data and asks nothing.
    p.restart();
    let b = &p.browser;
    assert!(p.server.setup_url.is_none(), "setup asked again");
    assert!(
        banner_says(
            p,
            &format!("la consultation « {} » est en ligne", ANSWERS.site_name)
        ),
        "{}",
        p.server.banner.join("\n")
    );
    // Step 3: /admin leads to "Connexion de l'équipe"; the Aide link opens its chapter.
    b.delete_cookies().await;
    b.goto("/admin").await;
    assert_eq!(b.h1().await, "Connexion de l'équipe");
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.click_link("Aide").await;
    assert!(b.path().await.starts_with("/guide/"), "{}", b.path().await);
    b.goto("/admin").await;

    // Step 4: five wrong passwords hold this account back on another browser, even with
    // the right one; the browser where it signed in before still gets in.
    phone.goto("/admin/connexion").await;
    for _ in 0..5 {
        phone.fill("Identifiant", ANSWERS.login).await;
        phone.fill("Mot de passe", "pas-le-bon-mot-de-passe").await;
        phone.click_button("Se connecter").await;
    }
    phone.fill("Identifiant", ANSWERS.login).await;
    phone.fill("Mot de passe", PASSWORD).await;
    phone.click_button("Se connecter").await;
    phone.assert_sees("Trop de tentatives de connexion").await;
    b.click_button(&format!("Se déconnecter ({})", ANSWERS.login))
        .await;
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(
        b.h1().await,
        "Tableau de bord",
        "the known browser is locked out too"
    );
    phone.close().await;
}

/// Whether a line of the console's banner reads `text` (no-break spaces as spaces).
fn banner_says(p: &Palabre, text: &str) -> bool {
    p.server
        .banner
        .iter()
        .any(|l| plain_spaces(l).contains(text))
}

/// Polls `f` for up to ten seconds.
async fn wait_for(f: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Préparer la consultation.
async fn chapter_3_prepare(p: &Palabre, files: &Path) {
    let b = &p.browser;
    let visitor = Browser::open_at("guide-walk-visitor", &p.server.base, VIEWPORT).await;
    // The reminders of the dashboard: the timeline is not published yet.
    b.goto("/admin").await;
    b.assert_sees("À faire pour respecter les règles du PGO")
        .await;

    // The consultation, its dates and themes (the opening moved to today: contributions
    // are taken from now on).
    b.within("main").click_link("Consultations").await;
    b.within("main").click_link(ANSWERS.site_name).await;
    assert_eq!(b.h1().await, "Modifier la consultation");
    assert_eq!(b.value("Titre").await, ANSWERS.site_name);
    b.fill(
        "description",
        "Vos propositions pour le plan d'action national 2027-2029.",
    )
    .await;
    b.set_date("Date d'ouverture", &today()).await;
    // Both optional questions are asked unless unticked.
    assert!(b.is_checked("q-benefit").await && b.is_checked("q-ogp_values").await);
    b.click_button("Enregistrer").await;
    b.assert_sees("C'est enregistré.").await;
    visitor.goto("/").await;
    visitor
        .assert_sees("Vos propositions pour le plan d'action national 2027-2029.")
        .await;
    // Step 8: a new theme.
    b.goto("/admin/consultations").await;
    b.within("main").click_link("Thèmes").await;
    let new_theme = b.within("form[action='/admin/themes']");
    new_theme.fill("Nom en français", NEW_THEME_FR).await;
    new_theme.fill("Nom en anglais", NEW_THEME_EN).await;
    new_theme.click_button("Ajouter le thème").await;
    b.assert_sees(NEW_THEME_FR).await;
    b.goto("/admin/consultations").await;
    b.assert_sees("Nouvelle consultation").await;
    visitor.goto("/propositions/nouvelle").await;
    let themes = visitor.texts("#theme option").await;
    assert!(themes.iter().any(|t| t == NEW_THEME_FR), "{themes:?}");
    visitor.field("Ce que cela changerait (facultatif)").await;

    // The "Le PGO" page: default text, preview, save, English.
    b.goto("/admin").await;
    b.within("main")
        .click_link("Modifier la page « Le PGO »")
        .await;
    b.assert_sees("Ce texte est proposé par défaut").await;
    let body = b.value("Texte de la page").await;
    let edited =
        format!("{body}\n\n## {FORUM_RULES}\n\n- Chaque membre du forum s'exprime librement.\n");
    b.fill("Texte de la page", &edited).await;
    b.click_button("Aperçu").await;
    b.assert_sees("Aperçu (non enregistré)").await;
    visitor.goto("/pgo").await;
    assert!(
        !visitor.page_text().await.contains(FORUM_RULES),
        "the preview was published"
    );
    b.click_button("Enregistrer").await;
    b.assert_sees("C'est enregistré.").await;
    visitor.goto("/pgo").await;
    visitor.assert_sees(FORUM_RULES).await;
    b.within("main").click_link("English").await;
    let english = b.value("Texte de la page").await;
    b.fill(
        "Texte de la page",
        &format!("{english}\n\n## Forum participation rules\n"),
    )
    .await;
    b.click_button("Enregistrer").await;
    b.assert_sees("C'est enregistré.").await;

    // The point of contact, public on the home page and on "Le PGO".
    b.goto("/admin").await;
    b.within("main").click_link("Point de contact").await;
    b.fill("Nom", "Awa Koné").await;
    b.fill("Fonction", "Point de contact PGO").await;
    b.fill("Courriel", "pgo@communication.gouv.ci").await;
    b.click_button("Enregistrer").await;
    b.assert_sees("C'est enregistré.").await;
    for page in ["/", "/pgo"] {
        visitor.goto(page).await;
        visitor.assert_sees("Awa Koné").await;
    }

    // The library: a file, a link, deleting.
    let minutes = files.join("compte-rendu-forum.pdf");
    std::fs::write(&minutes, small_pdf("Compte rendu du forum")).unwrap();
    b.goto("/admin").await;
    b.within("main")
        .click_link("Bibliothèque de documents")
        .await;
    let upload = b.within(UPLOAD_FORM);
    upload.attach("Fichier", &minutes).await;
    upload
        .fill("Titre", "Compte rendu du forum du 20 novembre")
        .await;
    upload.select("Catégorie", "comptes-rendus-forum").await;
    upload.set_date("Date du document", &today()).await;
    upload.select("Langue du document", "fr").await;
    b.click_button("Ajouter le fichier").await;
    b.assert_sees("Le document « Compte rendu du forum du 20 novembre » est publié.")
        .await;
    let link_form = "form[action='/admin/documents/lien']";
    let link = b.within(link_form);
    link.fill(
        "Adresse du lien (https://…)",
        "https://www.opengovpartnership.org/",
    )
    .await;
    link.fill("Titre", "Site officiel du PGO").await;
    link.select("Catégorie", "autres").await;
    link.set_date("Date du document", &today()).await;
    link.select("Langue du document", "en").await;
    b.click_button("Ajouter le lien").await;
    b.assert_sees("Le document « Site officiel du PGO » est publié.")
        .await;
    visitor.goto("/documents").await;
    visitor
        .assert_sees("Compte rendu du forum du 20 novembre (PDF,")
        .await;
    visitor.assert_sees("Site officiel du PGO").await;
    let mut delete = None;
    for form in b.find_all("form[action$='/supprimer']").await {
        let text = plain_spaces(&form.text().await.unwrap_or_default());
        if text.contains("Oui, supprimer « Site officiel du PGO » définitivement") {
            delete = form.attr("action").await.unwrap();
        }
    }
    let delete = format!(
        "form[action='{}']",
        delete.expect("a delete form for the link")
    );
    b.find(&format!("{delete} input[name=confirm]"))
        .await
        .click()
        .await
        .unwrap();
    b.within(&delete).click_button("Supprimer").await;
    b.assert_sees("Le document est supprimé.").await;
    visitor.goto("/documents").await;
    assert!(!visitor.page_text().await.contains("Site officiel du PGO"));

    // The timeline: not published yet, steps, publishing, the 14-day rule.
    visitor.goto("/calendrier").await;
    visitor
        .assert_sees("Le calendrier n'est pas encore publié.")
        .await;
    b.goto("/admin").await;
    b.within("main").click_link("Calendrier").await;
    b.select("Type d'étape", "contributions").await;
    b.fill("Titre", "Contributions en ligne et en atelier")
        .await;
    b.set_date("Date de début", &today()).await;
    b.click_button("Ajouter une étape").await;
    b.select("Type d'étape", "atelier").await;
    b.fill("Titre", WORKSHOP).await;
    b.fill("Lieu (facultatif)", "Gagnoa").await;
    b.set_date("Date de début", "2027-02-15").await;
    b.click_button("Ajouter une étape").await;
    assert_eq!(b.texts("li.phase").await.len(), 2);
    b.click_button("Publier le calendrier").await;
    b.assert_sees("Calendrier publié le").await;
    visitor.goto("/calendrier").await;
    visitor.assert_sees(WORKSHOP).await;
    visitor.goto("/").await;
    visitor.assert_sees("Gagnoa").await;
    // Less than 14 days between publication and opening: the dashboard says it, with two
    // ways out; the reason given takes the reminder away.
    b.goto("/admin").await;
    b.assert_sees("moins de 14 jours").await;
    b.assert_sees("Reporter l'ouverture").await;
    b.within("main").click_link("Expliquer le retard").await;
    assert_eq!(
        b.h1().await,
        "Expliquer la publication tardive du calendrier"
    );
    b.fill("Raison du retard", LATE_REASON).await;
    b.click_button("Enregistrer la raison").await;
    assert!(!b.page_text().await.contains("moins de 14 jours"));

    // A forum meeting with its minutes.
    b.within("main").click_link("Réunions du forum").await;
    b.set_date("Date de la réunion", "2026-11-20").await;
    b.fill("Lieu de la réunion", "Abidjan, Plateau").await;
    b.fill("Administration", "11").await;
    b.fill("Société civile", "8").await;
    b.fill("Secteur privé", "3").await;
    b.fill("agenda", "Adoption du calendrier de la co-création.")
        .await;
    let minutes_value = b
        .js("return Array.from(document.querySelectorAll('#minutes_document option')).find(o => o.text.includes('Compte rendu du forum')).value;")
        .await;
    b.select(
        "minutes_document",
        minutes_value.as_str().unwrap_or_default(),
    )
    .await;
    b.click_button("Enregistrer une réunion").await;
    assert!(!b.exists("#erreurs").await, "the meeting was refused");
    visitor.goto("/").await;
    visitor.click_link("Forum multi-acteurs").await;
    visitor
        .assert_sees("20 novembre 2026 — Abidjan, Plateau")
        .await;
    visitor
        .assert_sees("Compte rendu du forum du 20 novembre")
        .await;

    // The logo, shown at the top of each page.
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/images/03-logo.png");
    b.goto("/admin").await;
    b.within("main").click_link("Réglages").await;
    b.within("main").click_link("Logo de l'organisation").await;
    b.attach("Fichier du logo", &logo).await;
    b.click_button("Enregistrer le logo").await;
    assert!(!b.exists("#erreurs").await, "the logo was refused");
    visitor.goto("/").await;
    assert!(visitor.exists("header img.site-logo").await, "no logo");
    visitor.close().await;
}

/// Faire participer. Returns the references of the proposals sent.
async fn chapter_4_take_part(p: &Palabre) -> Vec<String> {
    let b = &p.browser;
    // "Où trouver le site": test servers listen on this computer only, and the dashboard
    // says so; the poster is the page behind "Imprimer une affiche avec cette adresse".
    b.goto("/admin").await;
    b.assert_sees("Où trouver le site").await;
    b.goto(&format!(
        "/admin/affiche?adresse={}",
        palabre::domain::links::urlencode(&format!("{}/", p.server.base))
    ))
    .await;
    b.fill("Nom du réseau Wi-Fi (facultatif)", "PGO-Plateau")
        .await;
    b.click_button("Mettre à jour l'affiche").await;
    b.assert_sees("Donnez votre avis sur le plan d'action")
        .await;
    b.assert_sees("Connectez-vous au Wi-Fi « PGO-Plateau »")
        .await;
    assert!(b.exists("svg").await, "no QR code on the poster");
    assert_eq!(pdf_pages(&print_a4(b).await, "guide-walk-poster"), 1);

    // "Diffuser sur WhatsApp": the public address in the settings, then a citizen sends a
    // proposal; the receipt and the published page share it.
    b.goto("/admin").await;
    b.within("main").click_link("Réglages").await;
    b.fill("Adresse publique du site", PUBLIC_ADDRESS).await;
    b.click_button("Enregistrer").await;
    assert!(!b.exists("#erreurs").await, "the settings were refused");
    let citizen = Browser::open_at("guide-walk-citizen", &p.server.base, VIEWPORT).await;
    let mut references = Vec::new();
    for (title, theme, zone) in [
        ("Publier les budgets des mairies", "budget", "goh"),
        ("Publier les budgets des communes", "budget", "goh"),
        (
            "Des guichets numériques dans les sous-préfectures",
            "services-publics",
            "poro",
        ),
        ("Vendez mes chaussures", "sante", "abidjan"),
    ] {
        citizen.goto("/").await;
        citizen.delete_cookies().await;
        citizen.click_link("Faire une proposition").await;
        let shown = Instant::now();
        citizen.fill("Titre de votre proposition", title).await;
        fill_proposal(&citizen).await;
        citizen.select("Thème", theme).await;
        citizen.select("Région ou district concerné", zone).await;
        harness::pause_like_a_person(shown).await;
        citizen.click_button("Envoyer ma proposition").await;
        citizen
            .assert_sees("Merci ! Votre proposition est bien enregistrée.")
            .await;
        let link = citizen.value("lien").await;
        assert!(
            link.starts_with(&format!("{PUBLIC_ADDRESS}/suivi/")),
            "the follow-up link does not use the public address: {link}"
        );
        citizen.find("a[href^='https://wa.me/']").await;
        citizen.assert_sees("M'envoyer le lien sur WhatsApp").await;
        references.push(citizen.text("strong.ref").await);
    }
    // Published (chapter 6 explains it), its page has the two share buttons.
    b.goto("/admin/moderation").await;
    let card = card_of(b, &references[0]).await;
    b.within(&card).click_button("Publier").await;
    citizen
        .goto(&format!("/propositions/{}", references[0]))
        .await;
    citizen.assert_sees("Partager sur WhatsApp").await;
    citizen.assert_sees("Partager sur Facebook").await;
    let share = citizen
        .find("a[href*='wa.me']")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(share.contains("pgo.gouv.ci"), "{share}");
    citizen.close().await;

    // The public link page: the relays, and in "Tout de suite" mode the reminder with its
    // link to the settings.
    b.goto("/admin").await;
    b.within("main").click_link("Publier sur Internet").await;
    b.assert_sees("localhost.run (gratuit, sans compte)").await;
    b.assert_sees("Un serveur SSH du ministère").await;
    b.assert_sees("Enregistrer et démarrer le lien").await;
    set_mode(b, "a_posteriori").await;
    // The review page speaks of the mode chosen.
    b.goto("/admin/moderation").await;
    b.assert_sees("Les contributions sont publiées dès leur envoi")
        .await;
    b.goto("/admin/internet").await;
    b.assert_sees("recommandons de publier « Après relecture »")
        .await;
    b.screenshot("guide-walk-public-link-at-once").await;
    b.within("main")
        .click_link("Changer le mode de modération")
        .await;
    assert_eq!(b.path().await, "/admin/reglages");
    set_mode(b, "a_priori").await;
    references
}

/// Chooses the publication mode in Réglages and saves.
async fn set_mode(b: &Browser, mode: &str) {
    b.goto("/admin/reglages").await;
    b.choose(&format!("mode-{mode}")).await;
    b.click_button("Enregistrer").await;
    assert!(!b.exists("#erreurs").await, "the settings were refused");
}

/// Ateliers régionaux sans Internet: a workshop laptop of its own, then the import.
async fn chapter_5_workshops(national: &Palabre, files: &Path) {
    let w = Palabre::start_at("guide-walk-workshop", LAPTOP).await;
    let b = &w.browser;
    // Preparing: setup with "Tout de suite", its own reference code, the national public
    // address, the same new theme, a facilitator account.
    b.goto(&w.setup_url()).await;
    b.fill("Nom de la consultation", ANSWERS.site_name).await;
    b.fill("Organisation qui consulte", ANSWERS.organisation)
        .await;
    b.fill("Votre identifiant", ANSWERS.login).await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.choose("opening-now").await;
    b.click_button("Créer la consultation").await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.within("main").click_link("Réglages").await;
    b.fill("Code des références de cet ordinateur", "GGN").await;
    b.fill("Adresse publique du site", PUBLIC_ADDRESS).await;
    b.click_button("Enregistrer").await;
    assert!(!b.exists("#erreurs").await, "the settings were refused");
    b.goto("/admin/consultations").await;
    b.within("main").click_link("Thèmes").await;
    let new_theme = b.within("form[action='/admin/themes']");
    new_theme.fill("Nom en français", NEW_THEME_FR).await;
    new_theme.fill("Nom en anglais", NEW_THEME_EN).await;
    new_theme.click_button("Ajouter le thème").await;
    b.goto("/admin").await;
    b.within("main")
        .click_link("Gérer les comptes de l'équipe")
        .await;
    b.fill("Identifiant", FACILITATOR).await;
    b.choose("role-facilitator").await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.click_button("Créer le compte").await;
    b.assert_sees(&format!("Le compte « {FACILITATOR} » est créé."))
        .await;

    // Creating the workshop; the blank form and the poster print on one A4 page each.
    b.goto("/admin").await;
    b.within("main").click_link("Ateliers régionaux").await;
    b.fill("Nom de l'atelier", WORKSHOP).await;
    b.fill("Lieu", "Gagnoa, salle de la mairie").await;
    b.select("Région ou district concerné", "goh").await;
    b.set_date("Date", &today()).await;
    b.fill("Animateurs et animatrices", "Kouadio Yao").await;
    b.click_button("Créer l'atelier").await;
    b.assert_sees("Atelier créé.").await;
    b.within("main").click_link("Fiche vierge").await;
    b.assert_sees(WORKSHOP).await;
    assert!(
        b.exists("span.tick.ticked").await,
        "the region is not ticked"
    );
    b.assert_sees("Gôh").await;
    assert_eq!(pdf_pages(&print_a4(b).await, "guide-walk-blank-form"), 1);

    // During: started here; a phone's proposal carries the workshop, with a GGN reference.
    b.goto("/admin/ateliers").await;
    b.click_button("Commencer l'atelier ici").await;
    b.assert_sees("En cours sur cet ordinateur").await;
    let phone = Browser::open_at("guide-walk-workshop-phone", &w.server.base, VIEWPORT).await;
    phone.goto("/").await;
    phone.click_link("Faire une proposition").await;
    let shown = Instant::now();
    phone
        .fill(
            "Titre de votre proposition",
            "Un site pour les actes d'état civil",
        )
        .await;
    fill_proposal(&phone).await;
    let theme_id = phone
        .js(&format!(
            "return Array.from(document.querySelectorAll('#theme option')).find(o => o.text === {}).value;",
            serde_json::json!(NEW_THEME_FR)
        ))
        .await;
    phone
        .select("Thème", theme_id.as_str().unwrap_or_default())
        .await;
    harness::pause_like_a_person(shown).await;
    phone.click_button("Envoyer ma proposition").await;
    let phone_ref = phone.text("strong.ref").await;
    assert_eq!(phone_ref, "GGN-0001");

    // Paper forms, typed by the facilitator, whose dashboard offers the workshops only.
    let f = Browser::open_at("guide-walk-facilitator", &w.server.base, LAPTOP).await;
    f.sign_in_as(FACILITATOR, PASSWORD).await;
    assert_eq!(f.h1().await, "Tableau de bord");
    for refused in [
        "Résultats",
        "Exporter les données",
        "Contributions à relire",
    ] {
        assert!(
            f.find_all(&format!(
                "main a[href='/admin/{}']",
                match refused {
                    "Résultats" => "resultats",
                    "Exporter les données" => "exports",
                    _ => "moderation",
                }
            ))
            .await
            .is_empty(),
            "a facilitator is offered {refused:?}"
        );
    }
    f.screenshot("guide-walk-facilitator-dashboard").await;
    f.within("main").click_link("Ateliers régionaux").await;
    f.within("main")
        .click_link("Saisir des fiches papier")
        .await;
    assert_eq!(
        f.focused().await.1,
        "Numéro de la fiche",
        "the cursor is not in the number"
    );
    type_paper_form(&f, "12", "Un forage par village").await;
    f.assert_sees("Fiche 12 enregistrée sous la référence GGN-0002.")
        .await;
    type_paper_form(&f, "12", "Un forage par village").await;
    f.assert_sees("Cette fiche a déjà été saisie pour cet atelier.")
        .await;

    // The kiosk: a shared device where the facilitator signs in, then hands it over.
    f.goto("/admin/ateliers").await;
    f.within("main").click_link("Mode kiosque").await;
    f.click_button("Passer cet appareil en mode kiosque").await;
    f.goto("/propositions/nouvelle").await;
    let shown = Instant::now();
    f.fill(
        "Titre de votre proposition",
        "Des lampadaires solaires au marché",
    )
    .await;
    fill_proposal(&f).await;
    harness::pause_like_a_person(shown).await;
    f.click_button("Envoyer ma proposition").await;
    f.assert_sees("Merci, votre proposition est enregistrée")
        .await;
    f.assert_sees("GGN-0003").await;
    f.within("main").click_link("Nouvelle proposition").await;
    assert_eq!(f.value("Titre de votre proposition").await, "");
    f.goto("/admin").await;
    assert_ne!(f.h1().await, "Tableau de bord", "the kiosk opens the admin");
    f.goto("/").await;
    f.click_link("Équipe : quitter le mode kiosque").await;
    f.fill("Identifiant", FACILITATOR).await;
    f.fill("Mot de passe", PASSWORD).await;
    f.click_button("Se connecter").await;
    f.goto("/admin/kiosque").await;
    f.click_button("Quitter le mode kiosque").await;
    f.close().await;
    phone.close().await;

    // After: finished, the workshop file downloaded.
    b.goto("/admin/ateliers").await;
    b.click_button("Terminer l'atelier").await;
    b.within("main").click_link("Fichier d'atelier").await;
    let bundle = b.download_link("Télécharger le fichier d'atelier").await;
    let kept = files.join("atelier-gagnoa.zip");
    std::fs::copy(&bundle, &kept).unwrap();
    w.finish().await;

    // On the national site: imported once, then again with no duplicate.
    let n = &national.browser;
    n.goto("/admin").await;
    n.within("main").click_link("Fichier d'atelier").await;
    n.attach("Fichier d'atelier (.zip)", &kept).await;
    n.click_button("Importer").await;
    n.assert_sees("Import terminé.").await;
    let first = plain_spaces(&n.text("main").await);
    assert!(first.contains("3 propositions"), "{first}");
    n.goto("/admin/ateliers/fichier").await;
    n.attach("Fichier d'atelier (.zip)", &kept).await;
    n.click_button("Importer").await;
    let again = plain_spaces(&n.text("main").await);
    assert!(
        again.contains("Ajoutés : 0 proposition") || again.contains("Ajoutés : aucune"),
        "{again}"
    );
    // The imported proposals wait for review, under their own references, the new theme
    // matched by its French name.
    n.goto("/admin/moderation").await;
    for r in ["GGN-0001", "GGN-0002", "GGN-0003"] {
        card_of(n, r).await;
    }
    let card = card_of(n, "GGN-0001").await;
    let text = plain_spaces(&n.text(&card).await);
    assert!(text.contains(NEW_THEME_FR), "{text}");
    assert!(text.contains(WORKSHOP), "{text}");
    for r in ["GGN-0001", "GGN-0002", "GGN-0003"] {
        let card = card_of(n, r).await;
        n.within(&card).click_button("Publier").await;
    }
    // A person finds their proposal by its reference in the search of Propositions.
    let visitor = Browser::open_at("guide-walk-search", &national.server.base, VIEWPORT).await;
    visitor.goto("/propositions").await;
    visitor
        .fill("Rechercher (mots ou référence)", "GGN-0002")
        .await;
    visitor.click_button("Afficher").await;
    visitor.assert_sees("Un forage par village").await;
    visitor.assert_fits_width().await;
    visitor.screenshot("guide-walk-search-by-reference").await;
    visitor.close().await;
}

/// Modérer et répondre.
async fn chapter_6_moderate_and_answer(p: &Palabre, refs: &[String]) {
    let b = &p.browser;
    // The mode and the report threshold (a priori is the default).
    b.goto("/admin").await;
    b.within("main").click_link("Réglages").await;
    assert!(b.is_checked("mode-a_priori").await);
    b.fill("Signalements avant masquage automatique", "3").await;
    b.click_button("Enregistrer").await;
    assert!(!b.exists("#erreurs").await);

    // Reviewing: publish two, refuse the advert with a reason.
    b.goto("/admin").await;
    b.within("main").click_link("Contributions à relire").await;
    b.assert_sees("Rien n'est publié avant votre accord.").await;
    b.screenshot("guide-walk-moderation").await;
    for r in &refs[1..3] {
        let card = card_of(b, r).await;
        b.within(&card).click_button("Publier").await;
    }
    let card = card_of(b, &refs[3]).await;
    // "Refuser" opens the form with the reasons.
    b.find(&format!("{card} details.reject summary"))
        .await
        .click()
        .await
        .unwrap();
    b.within(&card).select("Motif", "hors-sujet").await;
    b.within(&card).click_button("Refuser avec ce motif").await;
    let visitor = Browser::open_at("guide-walk-public", &p.server.base, VIEWPORT).await;
    visitor.goto("/propositions").await;
    assert!(!visitor.page_text().await.contains("Vendez mes chaussures"));
    visitor.assert_sees("hors sujet : 1").await;

    // A status and a reasoned answer; the public reads it with the history.
    b.goto("/admin").await;
    b.within("main").click_link("Toutes les propositions").await;
    b.fill("Rechercher (mots ou référence)", &refs[2]).await;
    b.click_button("Afficher").await;
    b.within("main")
        .click_link(&format!(
            "{} — Des guichets numériques dans les sous-préfectures",
            refs[2]
        ))
        .await;
    b.select("Statut", "retenue").await;
    b.fill(
        "Réponse motivée (publique)",
        "Retenue : les guichets seront ouverts dans dix sous-préfectures en 2027.",
    )
    .await;
    b.fill(
        "Engagement du plan d'action :",
        "Engagement 3 : services publics en ligne",
    )
    .await;
    b.click_button("Enregistrer le statut").await;
    b.assert_sees("C'est enregistré.").await;
    visitor.goto(&format!("/propositions/{}", refs[2])).await;
    visitor.assert_sees("La réponse de l'administration").await;
    visitor
        .assert_sees("les guichets seront ouverts dans dix sous-préfectures")
        .await;
    visitor.assert_sees("Historique").await;

    // Several at once.
    b.goto("/admin/propositions").await;
    b.choose("Choisir GGN-0002").await;
    b.choose("Choisir GGN-0003").await;
    b.select("bulk-status", "en-analyse").await;
    b.click_button("Appliquer aux propositions cochées").await;
    b.assert_sees("2 propositions mises à jour.").await;

    // Merging a duplicate into the one kept.
    b.goto(&format!("/admin/propositions/{}", refs[0])).await;
    b.fill("Références des doublons", &refs[1]).await;
    b.click_button("Fusionner dans cette proposition").await;
    visitor.goto(&format!("/propositions/{}", refs[1])).await;
    visitor
        .assert_sees(&format!(
            "Cette proposition a été fusionnée avec {}.",
            refs[0]
        ))
        .await;

    // Withdrawing a published comment, from the page of the proposal it comments on.
    visitor.goto(&format!("/propositions/{}", refs[0])).await;
    let shown = Instant::now();
    visitor
        .fill("Votre commentaire", "Achetez mes chaussures sur ce site !")
        .await;
    harness::pause_like_a_person(shown).await;
    visitor.click_button("Envoyer le commentaire").await;
    b.goto("/admin/moderation").await;
    b.within("main article.card").click_button("Publier").await;
    visitor.goto(&format!("/propositions/{}", refs[0])).await;
    visitor.assert_sees("Achetez mes chaussures").await;
    b.goto(&format!("/admin/propositions/{}", refs[0])).await;
    b.assert_sees("Commentaire publié (1)").await;
    b.find("#commentaires ~ article details.reject summary")
        .await
        .click()
        .await
        .unwrap();
    b.within("#commentaires ~ article")
        .select("Motif", "publicite")
        .await;
    b.screenshot("guide-walk-comment-withdraw").await;
    b.within("#commentaires ~ article")
        .click_button("Retirer avec ce motif")
        .await;
    assert_eq!(b.path().await, format!("/admin/propositions/{}", refs[0]));
    visitor.goto(&format!("/propositions/{}", refs[0])).await;
    assert!(!visitor.page_text().await.contains("Achetez mes chaussures"));

    // Withdrawing a published proposal.
    b.goto("/admin/propositions/GGN-0003").await;
    b.select("hide-reason", "doublon").await;
    b.click_button("Retirer avec ce motif").await;
    visitor.goto("/propositions").await;
    assert!(!visitor.page_text().await.contains("lampadaires solaires"));

    // The journal, filtered by action.
    b.goto("/admin").await;
    b.within("main").click_link("Journal des décisions").await;
    b.select("Action", "merge").await;
    b.click_button("Afficher").await;
    let rows = super::table_rows(b, "table tbody tr").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Fusion"), "{rows:?}");

    // The team: a moderator, disabled then enabled again.
    b.goto("/admin").await;
    b.within("main")
        .click_link("Gérer les comptes de l'équipe")
        .await;
    b.fill("Identifiant", MODERATOR).await;
    b.choose("role-moderator").await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.click_button("Créer le compte").await;
    b.assert_sees(&format!("Le compte « {MODERATOR} » est créé."))
        .await;
    let row = account_row(b, MODERATOR).await;
    b.within(&row).click_button("Désactiver").await;
    assert!(plain_spaces(&b.text(&account_row(b, MODERATOR).await).await).contains("désactivé"));
    let row = account_row(b, MODERATOR).await;
    b.within(&row).click_button("Réactiver").await;
    assert!(plain_spaces(&b.text(&account_row(b, MODERATOR).await).await).contains("actif"));
    // Step 4: changing one's own password, from the foot of the dashboard.
    let m = Browser::open_at("guide-walk-own-password", &p.server.base, LAPTOP).await;
    m.sign_in_as(MODERATOR, PASSWORD).await;
    m.within("main")
        .click_link("Changer mon mot de passe")
        .await;
    m.fill("Mot de passe actuel", PASSWORD).await;
    m.fill("Nouveau mot de passe", MODERATOR_NEW_PASSWORD).await;
    m.fill(
        "Nouveau mot de passe, une seconde fois",
        MODERATOR_NEW_PASSWORD,
    )
    .await;
    m.click_button("Changer le mot de passe").await;
    m.assert_sees("Votre mot de passe est changé. Vos autres connexions sont fermées.")
        .await;
    m.close().await;
    visitor.close().await;
}

/// The CSS selector of the row of `login` in the accounts table.
async fn account_row(b: &Browser, login: &str) -> String {
    let rows = b.texts("table tbody tr").await;
    let i = rows
        .iter()
        .position(|r| r.starts_with(login))
        .unwrap_or_else(|| panic!("no row for {login}: {rows:?}"));
    format!("table tbody tr:nth-of-type({})", i + 1)
}

/// Résultats et synthèse.
async fn chapter_7_results_and_synthesis(p: &Palabre) {
    let b = &p.browser;
    b.goto("/admin").await;
    for link in [
        "Contributions à relire",
        "Toutes les propositions",
        "Résultats",
        "Synthèse et réponse motivée",
        "Exporter les données",
        "Journal des décisions",
        "Ateliers régionaux",
    ] {
        assert!(
            b.texts("nav ul.admin-links a")
                .await
                .iter()
                .any(|t| t == link),
            "no {link:?} on the dashboard"
        );
    }
    // Results: the four numbers, then bar charts with their tables.
    b.within("main").click_link("Résultats").await;
    b.assert_sees("Propositions par thème").await;
    b.assert_sees("Propositions par canal").await;
    let bars = b.find_all("svg rect, .bar").await.len();
    assert!(bars >= 4, "only {bars} bars on the results page");

    // Exports: XLSX on the Propositions row, recorded in the journal.
    b.goto("/admin").await;
    b.within("main").click_link("Exporter les données").await;
    let mut xlsx = None;
    for a in b.find_all("table tbody tr:first-of-type a").await {
        if a.text().await.unwrap_or_default() == "XLSX" {
            xlsx = Some(a);
            break;
        }
    }
    let saved = b
        .download(xlsx.expect("an XLSX link on the Propositions row"), "XLSX")
        .await;
    let name = saved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        regex::Regex::new(r"^palabre-propositions-\d{4}-\d{2}-\d{2}\.xlsx$")
            .unwrap()
            .is_match(&name),
        "{name}"
    );
    assert!(std::fs::read(&saved).unwrap().starts_with(b"PK"));
    b.goto("/admin/journal").await;
    b.select("Action", "export").await;
    b.click_button("Afficher").await;
    let rows = super::table_rows(b, "table tbody tr").await;
    assert!(
        rows.iter().any(|r| r.contains(&format!("Export : {name}"))),
        "{rows:?}"
    );

    // Open data, from the link at the foot of every page.
    let visitor = Browser::open_at("guide-walk-open-data", &p.server.base, VIEWPORT).await;
    visitor.goto("/").await;
    visitor.click_link("Données ouvertes").await;
    for file in [
        "Propositions (CSV)",
        "Propositions (Excel, XLSX)",
        "Propositions (JSON)",
        "Interface de programmation (description OpenAPI)",
    ] {
        visitor.assert_sees(file).await;
    }
    b.goto("/admin/reglages").await;
    b.choose("licence-odbl").await;
    b.click_button("Enregistrer").await;
    visitor.goto("/donnees").await;
    visitor
        .assert_sees("Open Database License (ODbL) 1.0")
        .await;

    // The synthesis: the late-timeline reason in it; a moderator reads it without the
    // publish button; the administrator publishes it into the library.
    let m = Browser::open_at("guide-walk-moderator", &p.server.base, LAPTOP).await;
    m.sign_in_as(MODERATOR, MODERATOR_NEW_PASSWORD).await;
    m.goto("/admin/synthese").await;
    m.assert_sees("Le processus").await;
    assert!(
        !m.page_text().await.contains("Publier cette synthèse"),
        "a moderator is offered the publish button"
    );
    m.close().await;
    b.goto("/admin").await;
    b.within("main")
        .click_link("Synthèse et réponse motivée")
        .await;
    b.assert_sees(LATE_REASON).await;
    b.assert_sees("les guichets seront ouverts dans dix sous-préfectures")
        .await;
    let pages = pdf_pages(&print_a4(b).await, "guide-walk-synthese");
    assert!((1..=4).contains(&pages), "{pages} pages");
    b.click_button("Publier cette synthèse dans la bibliothèque")
        .await;
    b.assert_sees("La synthèse est publiée dans la bibliothèque de documents")
        .await;
    visitor.goto("/documents").await;
    visitor.assert_sees("Synthèses").await;
    visitor.assert_sees("Synthèse et réponse motivée du").await;
    visitor.close().await;
}

/// Sauvegarder, déplacer, restaurer.
async fn chapter_8_backup_and_restore(p: &mut Palabre, files: &Path) {
    let data = p.data_dir().to_path_buf();
    let dir = data.display().to_string();
    // A backup while Palabre runs, and the refusal to overwrite it.
    let copy = files.join("palabre-sauvegarde.sqlite3");
    let copy_s = copy.display().to_string();
    let (ok, out, err) = palabre(&["backup", &copy_s, "--data-dir", &dir]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Sauvegarde terminée : {copy_s}"))
            || plain_spaces(&out).contains(&format!("Sauvegarde terminée : {copy_s}")),
        "{out}"
    );
    let (ok, _, err) = palabre(&["backup", &copy_s, "--data-dir", &dir]);
    assert!(!ok);
    assert!(
        plain_spaces(&err).contains("existe déjà : choisissez un autre nom"),
        "{err}"
    );

    // Something happens after the backup, then the computer "breaks down".
    let b = &p.browser;
    b.goto("/admin/propositions/GGN-0002").await;
    b.select("Statut", "non-retenue").await;
    b.fill(
        "Réponse motivée (publique)",
        "Non retenue : hors du champ du plan.",
    )
    .await;
    b.click_button("Enregistrer le statut").await;
    b.assert_sees("C'est enregistré.").await;
    p.server.stop();

    // Restoring, step by step: the old files aside, the copy renamed palabre.sqlite3.
    let aside = data.join("avant-restauration");
    std::fs::create_dir_all(&aside).unwrap();
    for name in [
        "palabre.sqlite3",
        "palabre.sqlite3-wal",
        "palabre.sqlite3-shm",
    ] {
        if data.join(name).exists() {
            std::fs::rename(data.join(name), aside.join(name)).unwrap();
        }
    }
    std::fs::copy(&copy, data.join("palabre.sqlite3")).unwrap();
    p.restart();
    assert!(
        banner_says(
            p,
            &format!("la consultation « {} » est en ligne", ANSWERS.site_name)
        ),
        "{}",
        p.server.banner.join("\n")
    );
    let b = &p.browser;
    b.delete_cookies().await;
    p.sign_in(ANSWERS.login, PASSWORD).await;
    b.within("main").click_link("Toutes les propositions").await;
    b.assert_sees("Un forage par village").await;
    b.goto("/admin/journal").await;
    let rows = super::table_rows(b, "table tbody tr").await;
    assert!(
        !rows.iter().any(|r| r.contains("Non retenue")),
        "the decision made after the backup is there: {rows:?}"
    );
    assert!(rows.iter().any(|r| r.contains("Fusion")), "{rows:?}");

    // The wrong file in place of the database: refused, and left as it was.
    let wrong = tempfile::tempdir().unwrap();
    let export = files.join("pas-une-base.sqlite3");
    std::fs::write(&export, b"PK\x03\x04 not a database").unwrap();
    std::fs::copy(&export, wrong.path().join("palabre.sqlite3")).unwrap();
    let wrong_dir = wrong.path().display().to_string();
    let (stopped, said) = palabre_within(
        &[
            "serve",
            "--data-dir",
            &wrong_dir,
            "--port",
            &harness::free_port().to_string(),
            "--bind",
            "127.0.0.1",
            "--no-browser",
        ],
        Duration::from_secs(20),
    );
    assert_eq!(stopped, Some(false), "{said}");
    assert!(
        plain_spaces(&said)
            .contains("n'est pas une base de données Palabre. Il n'a pas été modifié."),
        "{said}"
    );
    assert_eq!(
        std::fs::read(wrong.path().join("palabre.sqlite3")).unwrap(),
        std::fs::read(&export).unwrap()
    );
}
