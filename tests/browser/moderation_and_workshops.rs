//! Moderation and the reasoned answer, bulk answers with the keyboard, workshops with paper forms, printouts and a kiosk.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_approves_answers_and_merges_on_a_phone() {
    moderator_approves_answers_and_merges(harness::VIEWPORT, "moderate-phone").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_approves_answers_and_merges_on_a_laptop() {
    moderator_approves_answers_and_merges(harness::LAPTOP, "moderate-laptop").await;
}

/// At a desk, with the keyboard only (Tab, Space, letters, Enter): staff tick two
/// proposals in the list, give them "Non retenue" with one justification, and the public
/// pages of those two show it; the third is untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_answer_with_the_keyboard() {
    use fantoccini::key::Key;
    let p = Palabre::start_at("bulk-keyboard", harness::LAPTOP).await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open_at("bulk-keyboard-visitor", &p.server.base, harness::LAPTOP).await;
    for (title, reference) in [(ROAD_1, "P-0001"), (ROAD_2, "P-0002"), (ROAD_3, "P-0003")] {
        propose_as_new_visitor(&b, title, reference).await;
    }
    staff.goto("/admin/moderation").await;
    for reference in ["P-0001", "P-0002", "P-0003"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
    }

    staff.goto("/admin/propositions").await;
    assert_eq!(staff.h1().await, "Toutes les propositions");
    assert_eq!(staff.focused().await, (String::new(), String::new()));
    let key = |k: Key| char::from(k).to_string();

    // Tick P-0001 and P-0003.
    for reference in ["P-0001", "P-0003"] {
        let name = format!("Choisir {reference}");
        staff.tab_to(&name).await;
        assert!(
            staff.focus_is_visible().await,
            "the focus on {name:?} cannot be seen"
        );
        staff.press(&key(Key::Space)).await;
        assert!(staff.is_checked(&name).await, "Space did not tick {name:?}");
    }
    assert!(!staff.is_checked("Choisir P-0002").await);

    // The status, by typing its first letters in the list.
    let presses = staff.tab_to("bulk-status").await;
    assert!(
        presses <= 2,
        "{presses} presses of Tab from the last row to the status list"
    );
    assert_eq!(staff.focused().await.1, "Statut");
    staff.press("Non").await;
    assert_eq!(staff.value("bulk-status").await, "non-retenue");
    // The justification, then the button.
    staff.tab_to("bulk-answer").await;
    assert_eq!(staff.focused().await.1, "Réponse motivée (publique)");
    staff.press(JUSTIFIED_NO).await;
    assert_eq!(staff.value("bulk-answer").await, JUSTIFIED_NO);
    staff.tab_to("Appliquer aux propositions cochées").await;
    assert!(
        staff.focus_is_visible().await,
        "the focus on the button cannot be seen"
    );
    shot(staff, "bulk-keyboard-form").await;
    staff
        .press_to_new_page(
            &key(Key::Enter),
            "Enter on \"Appliquer aux propositions cochées\"",
        )
        .await;

    assert_eq!(staff.path().await, "/admin/propositions?fait=2");
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "2 propositions mises à jour."
    );
    let rows = table_rows(staff, "table tbody tr").await;
    for (reference, status) in [
        ("P-0001", "Non retenue"),
        ("P-0002", "Reçue"),
        ("P-0003", "Non retenue"),
    ] {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("| {reference} — ")))
            .unwrap_or_else(|| panic!("no row for {reference}: {rows:?}"));
        assert!(row.ends_with(&format!("| {status} | 0")), "{row}");
    }
    fits(staff).await;
    shot(staff, "bulk-keyboard-done").await;

    for (reference, status) in [
        ("P-0001", "Non retenue"),
        ("P-0002", "Reçue"),
        ("P-0003", "Non retenue"),
    ] {
        b.goto(&format!("/propositions/{reference}")).await;
        assert_eq!(b.text(".facts .badge").await, status, "{reference}");
        let answered = b.page_text().await.contains(JUSTIFIED_NO);
        assert_eq!(
            answered,
            status == "Non retenue",
            "the answer on {reference}"
        );
    }
    b.goto("/propositions/P-0003").await;
    assert_eq!(b.text("section.answer .badge").await, "Non retenue");
    shot(&b, "bulk-keyboard-public").await;

    b.close().await;
    p.finish().await;
}

/// A facilitator types paper forms with the keyboard alone: the cursor waits in the form
/// number after each save, a number already typed is refused. The blank paper form and the
/// poster print on one A4 page each. Then the laptop becomes a kiosk: each proposal ends on
/// its reference in large print and a blank form; leaving needs a staff sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_paper_forms_by_keyboard_printouts_and_kiosk() {
    let p = Palabre::start_at("workshop", harness::LAPTOP).await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.click_link("Ateliers régionaux").await;
    assert_eq!(b.h1().await, "Ateliers régionaux");
    b.fill("Nom de l'atelier", "Atelier régional de Korhogo")
        .await;
    b.fill("Lieu", "Centre culturel").await;
    b.select("zone", "poro").await;
    b.set_date("Date", "2026-12-03").await;
    b.fill("Animateurs et animatrices", "Awa, Koffi").await;
    b.click_button("Créer l'atelier").await;
    b.assert_sees("Atelier créé.").await;
    b.click_link("Saisir des fiches papier").await;
    assert_eq!(
        b.h1().await,
        "Saisie des fiches papier — Atelier régional de Korhogo"
    );

    for n in 1..=5 {
        // The cursor is already in the form number.
        assert_eq!(b.focused().await.0, "paper_number", "form {n}");
        type_paper_form(
            b,
            &format!("K-{n}"),
            &format!("Fiche {n} : un forage au village"),
        )
        .await;
        assert_eq!(
            b.text("p.notice[role=status]").await,
            format!(
                "Fiche K-{n} enregistrée sous la référence P-000{n}. Reportez cette référence sur la fiche."
            )
        );
        assert_eq!(b.value("title").await, "", "the next form is blank");
    }
    // Form K-3 again: refused, nothing saved, the typing kept.
    type_paper_form(b, "K-3", "Fiche 3 recopiée").await;
    b.assert_sees("La fiche K-3 a déjà été saisie pour cet atelier (référence P-0003)")
        .await;
    assert_eq!(b.value("title").await, "Fiche 3 recopiée");
    shot(b, "paper-entry").await;

    // The printouts: one A4 page each.
    b.goto("/admin/ateliers").await;
    b.click_link("Imprimer la fiche papier vierge").await;
    assert_eq!(b.h1().await, "Fiche de proposition");
    assert_eq!(
        pdf_pages(&print_a4(b).await, "blank-paper-form"),
        1,
        "the blank paper form"
    );
    b.goto("/admin/ateliers").await;
    b.click_link("Affiche pour la salle").await;
    b.fill("wifi", "Atelier-Korhogo").await;
    b.click_button("Mettre à jour l'affiche").await;
    assert!(
        plain_spaces(&b.text(".poster").await)
            .contains("1. Connectez-vous au Wi-Fi « Atelier-Korhogo »"),
        "{}",
        b.text(".poster").await
    );
    assert_eq!(pdf_pages(&print_a4(b).await, "poster"), 1, "the poster");

    // Kiosk mode.
    b.goto("/admin/kiosque").await;
    b.click_button("Passer cet appareil en mode kiosque").await;
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        b.find_all("nav a[href='/pgo']").await.is_empty(),
        "no site navigation on a kiosk"
    );
    for (k, reference) in [(1, "P-0006"), (2, "P-0007")] {
        let shown = Instant::now();
        assert_eq!(
            b.value("Titre de votre proposition").await,
            "",
            "the form is blank"
        );
        b.fill(
            "Titre de votre proposition",
            &format!("Au kiosque, proposition {k}"),
        )
        .await;
        fill_proposal(b).await;
        pause_like_a_person(shown).await;
        b.click_button("Envoyer ma proposition").await;
        assert_eq!(b.h1().await, "Merci, votre proposition est enregistrée");
        assert_eq!(b.text(".kiosk-reference").await, reference);
        assert!(!b.page_text().await.contains("/suivi/"));
        shot(b, &format!("kiosk-thanks-{k}")).await;
        if k == 1 {
            // The next person presses Back: an empty form, nothing of the last one.
            b.client().back().await.expect("Back");
            assert_eq!(b.path().await, "/propositions/nouvelle");
            assert_eq!(
                b.value("Titre de votre proposition").await,
                "",
                "Back shows an empty form"
            );
            assert_eq!(b.value("Votre nom (facultatif)").await, "");
            assert_never_shows(b, PROPOSAL_AUTHOR).await;
            shot(b, "kiosk-after-back").await;
            b.goto(&format!("/kiosque/merci?reference={reference}"))
                .await;
        }
        b.click_link("Nouvelle proposition").await;
    }
    // Leaving needs a staff sign-in.
    b.click_link("Équipe : quitter le mode kiosque").await;
    assert!(b.path().await.starts_with("/admin/connexion"));
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.h1().await, "Mode kiosque");
    b.click_button("Quitter le mode kiosque").await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.goto("/propositions/nouvelle").await;
    assert!(
        !b.find_all("nav a[href='/pgo']").await.is_empty(),
        "the navigation is back"
    );
    p.finish().await;
}

/// Staff publish two of three proposals about one road and refuse the third as spam (the
/// public sees only how many were refused, and why); visitors support; staff answer the
/// first, are made to justify the final status, then merge the duplicate into it. The public
/// page shows the answer, the commitment, the supports counted once and the history; the
/// duplicate's author is sent to the common proposal.
async fn moderator_approves_answers_and_merges(size: (u32, u32), name: &str) {
    let p = Palabre::start_at(name, size).await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open_at(&format!("{name}-visitor"), &p.server.base, size).await;

    // Three visitors, one after the other on the same device.
    let link_1 = propose_as_new_visitor(&b, ROAD_1, "P-0001").await;
    let link_2 = propose_as_new_visitor(&b, ROAD_2, "P-0002").await;
    let link_3 = propose_as_new_visitor(&b, ROAD_3, "P-0003").await;
    assert!(link_1 != link_2 && link_2 != link_3 && link_1 != link_3);

    // The queue: three cards; two published, one refused as spam.
    staff.goto("/admin/moderation").await;
    assert_eq!(staff.h1().await, "Contributions à relire");
    staff.assert_sees("Propositions en attente : 3").await;
    assert_eq!(staff.find_all("article.card").await.len(), 3);
    fits(staff).await;
    shot(staff, "moderation-queue").await;
    for reference in ["P-0001", "P-0002"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
        assert!(staff.path().await.starts_with("/admin/moderation?fait="));
        assert_eq!(
            staff.text("#decision p").await,
            format!("{reference} publiée.")
        );
    }
    let card = card_of(staff, "P-0003").await;
    assert_eq!(staff.find_all("article.card").await.len(), 1);
    assert!(
        !staff.is_visible(&format!("{card} select")).await,
        "the refusal form is open before \"Refuser\" is pressed"
    );
    let summary = staff.find(&format!("{card} details.reject summary")).await;
    assert_eq!(summary.text().await.unwrap_or_default(), "Refuser");
    summary.click().await.expect("open \"Refuser\"");
    let options = staff.texts(&format!("{card} select option")).await;
    assert_eq!(
        options,
        [
            "— Choisissez un motif —",
            "hors sujet",
            "propos injurieux",
            "données personnelles",
            "doublon",
            "publicité ou spam",
            "autre motif"
        ],
        "the reasons offered"
    );
    assert_eq!(
        staff.text(&format!("{card} select option:checked")).await,
        "— Choisissez un motif —",
        "no reason is chosen for the moderator"
    );
    staff.within(&card).select("Motif", "publicite").await;
    assert_eq!(
        staff.text(&format!("{card} select option:checked")).await,
        "publicité ou spam"
    );
    assert!(
        staff
            .within(&card)
            .field("Précision pour l'auteur, montrée sur sa page de suivi privée (obligatoire pour « autre »)")
            .await
            .is_displayed()
            .await
            .unwrap_or(false),
        "no note field in the refusal form"
    );
    fits(staff).await;
    shot(staff, "moderation-refuse").await;
    staff
        .within(&card)
        .click_button("Refuser avec ce motif")
        .await;
    assert!(
        staff
            .path()
            .await
            .starts_with("/admin/moderation?fait=propositions-")
    );
    let said = staff.text("#decision p").await;
    assert!(said.contains(" refusée ("), "{said}");
    assert!(
        staff.find_all("article.card").await.is_empty(),
        "still waiting: {:?}",
        staff.texts("article.card h3").await
    );
    staff.assert_sees("Propositions en attente : 0").await;

    // The public list: the two published, not the advert, and why one is missing.
    b.goto("/propositions").await;
    let mut listed = b.texts("li.card h2 a").await;
    listed.sort();
    assert_eq!(listed, [ROAD_1, ROAD_2], "the public list");
    assert!(
        !b.page_text().await.contains("ciment pas cher"),
        "the refused proposal is shown"
    );
    let heading = plain_spaces(&b.text("section.transparency h2").await);
    assert_eq!(
        heading,
        format!("Contributions non publiées : {}", ANSWERS.site_name),
        "the transparency section's heading"
    );
    let counts: Vec<String> = b
        .texts("section.transparency li")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(counts, ["publicité ou spam : 1"]);
    fits(&b).await;
    shot(&b, "moderation-public-list").await;
    // Its author learns it was not published; its page does not exist for the public.
    // It reads why, that it is final, and no invitation to send advertising again.
    b.goto(&link_3).await;
    assert_eq!(b.text("#non-publiee-titre").await, "Non publiée");
    assert!(b.is_visible("#non-publiee").await);
    let said = plain_spaces(&b.text("#non-publiee").await);
    assert!(said.contains("Motif : publicité ou spam."), "{said}");
    assert!(said.contains("Cette décision est définitive"), "{said}");
    assert!(!said.contains("Corriger et envoyer"), "{said}");
    assert_eq!(plain_spaces(&b.text(".facts .badge").await), "Non publiée");
    fits(&b).await;
    shot(&b, "moderation-refused-author").await;
    b.goto("/propositions/P-0003").await;
    assert_eq!(b.h1().await, "Proposition P-0003 introuvable");

    // Supports: a first visitor supports both road proposals, a second one the duplicate.
    b.goto("/").await;
    b.delete_cookies().await;
    support(&b, "P-0001", "1 soutien").await;
    support(&b, "P-0002", "1 soutien").await;
    b.delete_cookies().await;
    support(&b, "P-0002", "2 soutiens").await;

    // Staff answer P-0001, from the list of every proposal.
    staff.goto("/admin/propositions").await;
    assert_eq!(staff.h1().await, "Toutes les propositions");
    let rows = table_rows(staff, "table tbody tr").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (reference, title, state, supports) in [
        ("P-0001", ROAD_1, "publiée", "1"),
        ("P-0002", ROAD_2, "publiée", "2"),
        ("P-0003", ROAD_3, "écartée par la modération", "0"),
    ] {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("| {reference} — {title} ")))
            .unwrap_or_else(|| panic!("no row for {reference}: {rows:?}"));
        assert!(
            row.contains(state) && row.ends_with(&format!("| Reçue | {supports}")),
            "{reference}: {row}"
        );
    }
    fits(staff).await;
    shot(staff, "moderation-all-proposals").await;
    staff.click_link(&format!("P-0001 — {ROAD_1}")).await;
    assert_eq!(staff.path().await, "/admin/propositions/P-0001");
    assert_eq!(staff.h1().await, format!("P-0001 — {ROAD_1}"));
    assert_eq!(staff.value("answer-status").await, "recue");
    fits(staff).await;

    // First try: a final status with a one-word answer is refused, what was typed stays.
    staff.select("answer-status", "retenue").await;
    staff.fill("answer-text", SHORT_ANSWER).await;
    staff.click_button("Enregistrer le statut").await;
    const NEEDS_REASON: &str = "Un statut définitif demande une réponse écrite d'au moins 10 \
         caractères : expliquez la décision.";
    assert_eq!(
        staff
            .error_next_to("answer-text")
            .await
            .map(|e| plain_spaces(&e))
            .as_deref(),
        Some(NEEDS_REASON)
    );
    assert!(staff.is_visible("#erreurs").await, "no error summary");
    assert_eq!(staff.value("answer-status").await, "retenue");
    assert_eq!(staff.value("answer-text").await, SHORT_ANSWER);
    assert!(
        !staff.page_text().await.contains("C'est enregistré."),
        "said saved although refused"
    );
    fits(staff).await;
    shot(staff, "moderation-answer-refused").await;

    // Second try: a real answer and the commitment it led to.
    staff.fill("answer-text", ROAD_ANSWER).await;
    staff.fill("answer-commitment", ROAD_COMMITMENT).await;
    staff.click_button("Enregistrer le statut").await;
    assert_eq!(
        staff.path().await,
        "/admin/propositions/P-0001?enregistre=1"
    );
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré."
    );
    assert_eq!(staff.value("answer-status").await, "retenue");
    assert_eq!(staff.value("answer-text").await, ROAD_ANSWER);
    assert_eq!(staff.value("answer-commitment").await, ROAD_COMMITMENT);
    // Its history, oldest first: published, then answered.
    let history = table_rows(staff, "#historique ~ table tbody tr").await;
    assert_eq!(history.len(), 2, "{history:?}");
    let by_admin = "| Administratrice ou administrateur (awa.kone) |";
    assert!(
        history[0].contains(&format!(
            "| Modération : en attente de relecture → publiée | P-0001 {by_admin}"
        )),
        "{history:?}"
    );
    assert!(
        history[1].contains(&format!("| Statut : Reçue → Retenue | P-0001 {by_admin}"))
            && history[1].ends_with(ROAD_ANSWER),
        "{history:?}"
    );

    // Then the duplicate is merged into it.
    staff.fill("Références des doublons", "P-0002").await;
    staff.click_button("Fusionner dans cette proposition").await;
    assert_eq!(
        staff.path().await,
        "/admin/propositions/P-0001?enregistre=1"
    );
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré."
    );
    fits(staff).await;
    shot(staff, "moderation-answered").await;
    staff.goto("/admin/propositions/P-0002").await;
    staff
        .assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    let history = table_rows(staff, "#historique ~ table tbody tr").await;
    assert!(
        history
            .iter()
            .any(|h| h.contains("| Fusion : Reçue → Fusionnée | P-0002 |")),
        "{history:?}"
    );
    fits(staff).await;
    staff.goto("/admin/journal").await;
    assert_eq!(staff.h1().await, "Journal des décisions");
    let journal = table_rows(staff, "table tbody tr").await;
    for done in [
        "| Fusion : Reçue → Fusionnée | P-0002 |",
        "| Statut : Reçue → Retenue | P-0001 |",
        "| Modération : en attente de relecture → écartée par la modération | P-0003 |",
        "| Modération : en attente de relecture → publiée | P-0002 |",
        "| Modération : en attente de relecture → publiée | P-0001 |",
    ] {
        assert!(
            journal.iter().any(|r| r.contains(done)),
            "{done:?} is not in the journal: {journal:?}"
        );
    }
    fits(staff).await;
    shot(staff, "moderation-journal").await;

    // The public page of P-0001: the answer, the commitment, the supports, the history.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, ROAD_1);
    assert_eq!(b.text(".facts .badge").await, "Retenue");
    assert_eq!(
        b.text("section.answer h2").await,
        "La réponse de l'administration"
    );
    assert_eq!(b.text("section.answer .badge").await, "Retenue");
    b.assert_sees(ROAD_ANSWER).await;
    b.assert_sees(&format!("Engagement du plan d'action : {ROAD_COMMITMENT}"))
        .await;
    // The first visitor supported both: counted once.
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    assert_eq!(b.text("#historique").await, "Historique");
    let steps: Vec<String> = b
        .texts("ol.history li")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert!(
        regex::Regex::new(
            r"^\d{1,2}(er)? \S+ \d{4} — Retenue \(Administratrice ou administrateur\)$"
        )
        .unwrap()
        .is_match(&steps[0]),
        "{steps:?}"
    );
    assert!(
        !b.page_text().await.contains("awa.kone"),
        "the public sees the staff login"
    );
    fits(&b).await;
    shot(&b, "moderation-public-answer").await;

    // The duplicate's author, through their link, is sent to the common proposal.
    b.goto(&link_2).await;
    assert_eq!(b.h1().await, "Proposition P-0002");
    b.assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    fits(&b).await;
    shot(&b, "moderation-merged-follow-up").await;
    b.click_link("Voir la proposition commune").await;
    assert_eq!(b.path().await, "/propositions/P-0001");
    assert_eq!(b.h1().await, ROAD_1);
    // Its public page says the same.
    b.goto("/propositions/P-0002").await;
    b.assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    assert_eq!(b.text(".facts .badge").await, "Fusionnée");
    assert_eq!(
        b.text("#soutiens").await,
        "Aucun soutien",
        "its supports did not move to P-0001"
    );

    b.close().await;
    p.finish().await;
}

/// A workshop laptop's file, written the way the laptop writes it: a site with its own data
/// folder and reference code (`None`: left on "P"), one published-ready proposal per title.
fn workshop_file(dir: &std::path::Path, code: Option<&str>, titles: &[&str]) -> std::path::PathBuf {
    use palabre::db::{self, DbError};
    use palabre::domain::contribution::{Channel, Moderation, ProposalFiling, Recorded};
    let data = dir.join(code.unwrap_or("P"));
    std::fs::create_dir_all(&data).unwrap();
    let base = palabre::db::Db::open(&data.join(db::DB_FILE)).unwrap();
    let state =
        palabre::app::AppState::load(base, data.clone(), "127.0.0.1".parse().unwrap(), 8080)
            .unwrap();
    let instance = state.instance_id.clone();
    state
        .db
        .write(|c| {
            db::consultations::insert(c, "c", "Atelier", 0, 9_999_999_999, 0)?;
            if let Some(code) = code {
                db::settings::set(c, db::settings::REFERENCE_CODE, code)?;
            }
            for (k, title) in titles.iter().enumerate() {
                let f = ProposalFiling {
                    uid: format!("{instance}-{k}"),
                    proposal: palabre::domain::proposal::NewProposal {
                        title: title.to_string(),
                        problem: "Les femmes marchent des heures pour l'eau.".into(),
                        solution: "Un forage et un comité de gestion.".into(),
                        benefit: String::new(),
                        theme: "services-publics".into(),
                        zone: "gbeke".into(),
                        contributor_type: "citoyen".into(),
                        ogp_values: vec![],
                        author_name: String::new(),
                        organisation: String::new(),
                        contact: None,
                        language: "fr".into(),
                    },
                    consultation_id: 1,
                    channel: Channel::parse("atelier").unwrap(),
                    workshop_id: None,
                    paper: None,
                    recorded: Recorded::Here,
                    follow_token_hash: palabre::security::sha256(
                        format!("{instance}-{k}").as_bytes(),
                    ),
                    submission: None,
                    moderation: Moderation::Approved,
                    device: None,
                    created_at: 1_796_000_000 + k as i64,
                };
                db::proposals::file_proposal(c, &f, &instance)?;
            }
            Ok::<_, DbError>(())
        })
        .unwrap();
    let file = dir.join(format!("atelier-{}.zip", code.unwrap_or("P")));
    palabre::bundle::export(&state.db, &instance, &file, 1_796_100_000).unwrap();
    file
}

/// On a phone, the national site after three workshop files: two laptops that were both
/// given "BKE", and one left on "P". Each person who types the reference of their receipt
/// reaches their own proposal: Bouaké's directly, Bouaflé's and Man's through the note at
/// the top of the page the reference opens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_workshop_receipt_reaches_its_proposal_on_a_phone() {
    let p = Palabre::start("workshop-receipts").await;
    p.set_up(&ANSWERS).await;
    let files = tempfile::tempdir().unwrap();
    let bouake = workshop_file(
        files.path().join("a").as_path(),
        Some("BKE"),
        &["Un forage à Bouaké"],
    );
    let bouafle = workshop_file(
        files.path().join("b").as_path(),
        Some("BKE"),
        &["Une maternité à Bouaflé"],
    );
    let man = workshop_file(files.path().join("c").as_path(), None, &["Des bancs à Man"]);
    let n = &p.browser;
    for (file, said) in [
        (&bouake, None),
        (
            &bouafle,
            Some("porte un code déjà utilisé par un autre ordinateur d'atelier"),
        ),
        (&man, Some("portait une référence nationale (P-…)")),
    ] {
        n.goto("/admin/ateliers/fichier").await;
        n.attach("Fichier d'atelier (.zip)", file).await;
        n.click_button("Importer").await;
        n.assert_sees("Import terminé.").await;
        if let Some(said) = said {
            n.assert_sees(said).await;
        }
    }
    shot(n, "workshop-receipts-import-report").await;
    fits(n).await;
    n.goto("/admin/moderation").await;
    let waiting = n.find_all("article.card").await.len();
    assert_eq!(waiting, 3);
    for _ in 0..3 {
        n.within("article.card").click_button("Publier").await;
    }
    // Bouaké's receipt: its own proposal, and a note for the one from Bouaflé.
    n.goto("/propositions/BKE-0001").await;
    assert_eq!(n.h1().await, "Un forage à Bouaké");
    let note = plain_spaces(&n.text("#deplacee").await);
    assert!(
        note.starts_with("Une autre proposition d'atelier portait aussi la référence BKE-0001")
            && note.contains("Une maternité à Bouaflé"),
        "{note}"
    );
    fits(n).await;
    shot(n, "workshop-receipts-moved-note").await;
    let link = n.texts("#deplacee a").await.remove(0);
    assert!(link.ends_with(" — Une maternité à Bouaflé"), "{link}");
    n.within("#deplacee").click_link(&link).await;
    assert_eq!(n.h1().await, "Une maternité à Bouaflé");
    // Man's receipt said P-0001: the national site has no P-0001 of its own yet, and the
    // page that helps names where the proposal went.
    n.goto("/propositions/P-0001").await;
    assert_eq!(
        n.h1().await,
        "Référence P-0001 : votre proposition a une autre référence ici"
    );
    let note = plain_spaces(&n.text("#deplacee").await);
    assert!(note.contains("Des bancs à Man"), "{note}");
    fits(n).await;
    shot(n, "workshop-receipts-unknown-reference").await;
    let link = n.texts("#deplacee a").await.remove(0);
    n.within("#deplacee").click_link(&link).await;
    assert_eq!(n.h1().await, "Des bancs à Man");
    p.finish().await;
}
