//! Taking part without an account: proposals, receipts, Back and resend, supports and comments.

use super::*;

/// On a phone with a slow link, a citizen sends, presses Back and sends the same form again:
/// one proposal, and the same receipt both times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_send_again_files_one_proposal_on_a_phone() {
    let p = Palabre::start("resend").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("resend-citizen", &p.server.base).await;
    let link = propose_from_home(&b).await;
    let reference = b.text("strong.ref").await;
    b.client().back().await.expect("Back");
    assert_eq!(b.h1().await, "Faire une proposition");
    assert_eq!(
        b.value("Titre de votre proposition").await,
        PROPOSAL_TITLE,
        "Back keeps a citizen's own typing"
    );
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    assert_eq!(b.text("strong.ref").await, reference);
    assert_eq!(b.value("lien").await, link, "the first receipt, again");
    b.assert_fits_width().await;
    shot(&b, "receipt-after-resend").await;
    staff.goto("/admin/moderation").await;
    assert_eq!(
        staff.find_all("article.card").await.len(),
        1,
        "one proposal waits"
    );
    b.close().await;
    p.finish().await;
}

/// A citizen without an account makes a proposal from the home page on a phone: a first try
/// without a title and with a contact but no consent is sent back with what was typed; the
/// second try gives a receipt with the reference and a private follow-up link. Nothing is
/// public until staff approve it; then the list finds it by a word typed without accents, and
/// the contact given is never shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_proposes_on_a_phone() {
    let p = Palabre::start("propose").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    // The citizen has a phone of their own: another browser, where nobody signed in.
    let b = Browser::open("propose-citizen", &p.server.base).await;

    b.goto("/").await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    let path = b.path().await;
    assert!(
        regex::Regex::new(r"^/propositions/nouvelle\?consultation=\d+$")
            .unwrap()
            .is_match(&path),
        "the home page's button led to {path}"
    );
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        b.texts("header button").await.is_empty(),
        "the citizen is shown as signed in"
    );
    assert_eq!(b.value("Vous êtes").await, "", "nothing is chosen for them");
    assert_eq!(b.value("language").await, "fr");
    assert!(
        !b.is_checked("consent_contact").await,
        "the consent is ticked in advance"
    );
    // The trap for robots is empty, out of sight and out of the keyboard's way.
    let trap = b
        .js("const el = document.getElementById('website');\
             const r = el.getBoundingClientRect();\
             return [el.value, r.right, el.closest('div.hp') !== null,\
                     el.closest('[aria-hidden=true]') !== null, el.tabIndex];")
        .await;
    assert_eq!(
        trap,
        serde_json::json!(["", trap[1], true, true, -1]),
        "the honeypot field: [value, right edge, in div.hp, aria-hidden, tabindex]"
    );
    assert!(
        trap[1].as_f64().unwrap() <= 0.0,
        "the honeypot field is on screen (right edge {})",
        trap[1]
    );
    b.assert_fits_width().await;

    // First try: no title yet, a phone number but the consent not ticked.
    fill_proposal(&b).await;
    b.fill("Téléphone ou courriel (facultatif)", PROPOSAL_CONTACT)
        .await;
    b.screenshot("propose-form").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    let shown = Instant::now();

    assert_eq!(b.path().await, "/propositions/nouvelle");
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        !b.page_text().await.contains("envoyé très vite"),
        "refused as sent too fast, although the citizen took {:?}",
        harness::PERSON_PACE
    );
    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(
        b.raw_texts("#erreurs li").await,
        vec![
            "Donnez un titre à votre proposition.",
            "Vous avez donné un contact\u{a0}: cochez la case pour accepter d'être recontacté, \
             ou effacez le contact.",
        ]
    );
    assert_eq!(
        b.error_next_to("title").await.as_deref(),
        Some("Donnez un titre à votre proposition.")
    );
    // Everything typed is still there.
    for (field, typed) in [
        ("title", ""),
        ("problem", PROPOSAL_PROBLEM),
        ("solution", PROPOSAL_SOLUTION),
        ("benefit", PROPOSAL_BENEFIT),
        ("theme", "sante"),
        ("zone", "gbeke"),
        ("contributor_type", "citoyen"),
        ("author_name", PROPOSAL_AUTHOR),
        ("organisation", PROPOSAL_ORGANISATION),
        ("contact", PROPOSAL_CONTACT),
        ("language", "fr"),
        ("website", ""),
    ] {
        assert_eq!(b.value(field).await, typed, "{field} was not kept");
    }
    assert!(b.is_checked("valeur-transparence").await, "value unticked");
    assert!(!b.is_checked("valeur-participation").await);
    assert!(!b.is_checked("consent_contact").await);
    b.assert_fits_width().await;
    b.screenshot("propose-errors").await;

    // Second try: the title, and the consent to be called back.
    b.fill("Titre de votre proposition", PROPOSAL_TITLE).await;
    b.choose("consent_contact").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;

    let url = b.client().current_url().await.unwrap();
    let token = url
        .path()
        .strip_prefix("/suivi/")
        .unwrap_or_else(|| panic!("the receipt is not a follow-up page: {url}"))
        .to_string();
    assert!(token.len() >= 20 && !token.contains('/'), "{url}");
    assert_eq!(url.query(), Some("nouveau=1"));
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    let reference = b.text("strong.ref").await;
    assert_eq!(reference, "P-0001");
    assert_eq!(b.h1().await, "Proposition P-0001");
    b.assert_sees("Gardez ce lien").await;
    let link = b.value("lien").await;
    assert_eq!(link, format!("{}/suivi/{token}", p.server.base));
    assert!(
        b.find("#lien")
            .await
            .attr("readonly")
            .await
            .unwrap()
            .is_some(),
        "the link can be changed"
    );
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    b.assert_sees("Elle sera publiée après une relecture par l'équipe de la consultation.")
        .await;
    b.assert_sees(PROPOSAL_TITLE).await;
    b.assert_fits_width().await;
    b.screenshot("propose-receipt").await;

    // The link, opened later, shows where the proposal stands.
    b.goto(&link).await;
    assert_eq!(b.h1().await, "Proposition P-0001");
    assert!(!b.exists(".receipt").await, "the thanks are shown again");
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    b.assert_sees("Elle sera publiée après une relecture par l'équipe de la consultation.")
        .await;

    // Not public before staff read it.
    b.goto("/propositions").await;
    assert_eq!(b.h1().await, "Les propositions");
    assert!(b.find_all("li.card").await.is_empty(), "listed at once");
    b.assert_sees("Aucune proposition ne correspond.").await;
    assert!(!b.page_text().await.contains(PROPOSAL_TITLE));
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, "Proposition P-0001 introuvable");
    b.assert_sees("Une proposition envoyée en ligne est visible ici une fois relue et publiée")
        .await;

    publish_the_one_waiting(staff, &format!("P-0001 — {PROPOSAL_TITLE}")).await;

    // The citizen's link says it is published.
    b.goto(&link).await;
    b.assert_sees("Elle est publiée.").await;
    assert_eq!(
        b.find("a[href='/propositions/P-0001']")
            .await
            .text()
            .await
            .unwrap(),
        "Voir sa page publique"
    );

    // Anyone finds it by a word typed without its accents.
    b.goto("/propositions").await;
    b.fill("Rechercher (mots ou référence)", "electricite")
        .await;
    b.click_button("Afficher").await;
    let url = b.client().current_url().await.unwrap();
    assert_eq!(url.path(), "/propositions");
    assert!(
        url.query_pairs()
            .any(|(k, v)| k == "q" && v == "electricite"),
        "the search is not in the address: {url}"
    );
    assert_eq!(
        b.value("Rechercher (mots ou référence)").await,
        "electricite"
    );
    assert_eq!(b.text("p[role=status]").await, "1 proposition.");
    let items: Vec<String> = b
        .texts("li.card")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(b.text("li.card h2 a").await, PROPOSAL_TITLE);
    assert_eq!(
        items[0],
        format!(
            "{PROPOSAL_TITLE}\nP-0001 · Santé · Gbêkê\nReçue Aucun soutien · Aucun commentaire"
        )
    );
    assert_never_shows(&b, PROPOSAL_CONTACT).await;
    b.assert_fits_width().await;
    b.screenshot("propose-list").await;

    // A word it does not hold finds nothing.
    b.fill("Rechercher (mots ou référence)", "ecole").await;
    b.click_button("Afficher").await;
    assert!(b.find_all("li.card").await.is_empty(), "\"ecole\" found it");
    b.assert_sees("Aucune proposition ne correspond.").await;

    // Its public page, from the list.
    b.fill("Rechercher (mots ou référence)", "electricite")
        .await;
    b.click_button("Afficher").await;
    b.click_link(PROPOSAL_TITLE).await;
    assert_eq!(b.path().await, "/propositions/P-0001");
    assert_eq!(b.h1().await, PROPOSAL_TITLE);
    assert_eq!(b.text("p.meta").await, "P-0001");
    for shown in [
        PROPOSAL_PROBLEM,
        PROPOSAL_SOLUTION,
        PROPOSAL_BENEFIT,
        &format!("{PROPOSAL_AUTHOR}, {PROPOSAL_ORGANISATION}"),
        "Valeurs du PGO concernées Transparence",
    ] {
        b.assert_sees(shown).await;
    }
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    assert_never_shows(&b, PROPOSAL_CONTACT).await;
    b.assert_fits_width().await;
    b.screenshot("propose-page").await;

    b.close().await;
    p.finish().await;
}

/// On a published proposal, visitors on their phones show their support, once each, and
/// comment; the comment waits for staff before it is shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supports_and_comments_on_a_phone() {
    const COMMENT: &str = "Bonne idée : à Sakassou aussi, le centre de santé n'a pas de \
         courant la nuit.";
    let p = Palabre::start("support").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("support-visitor", &p.server.base).await;
    let link = propose_from_home(&b).await;
    assert!(link.contains("/suivi/"), "{link}");
    publish_the_one_waiting(staff, &format!("P-0001 — {PROPOSAL_TITLE}")).await;

    // A first visitor (the proposal's author is one too) supports it.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, PROPOSAL_TITLE);
    assert_eq!(b.text("#soutiens").await, "Aucun soutien");
    b.assert_fits_width().await;
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(b.path().await, "/propositions/P-0001?soutenu=1");
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté."
    );
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    assert_eq!(
        b.text("#soutien p:not(.hint)").await,
        "Vous soutenez cette proposition."
    );
    assert!(
        !b.is_visible("#soutien button").await,
        "the support button is still there"
    );
    b.assert_fits_width().await;
    b.screenshot("support-given").await;

    // Coming back later: still counted once, and no button to support again.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    b.assert_sees("Vous soutenez cette proposition.").await;
    assert!(
        b.find_all("#soutien button").await.is_empty(),
        "the visitor can support twice"
    );
    assert!(!b.exists("p.notice").await, "the thanks are shown again");

    // A second visitor on the same proposal.
    b.delete_cookies().await;
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté."
    );
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    b.assert_sees("Vous soutenez cette proposition.").await;

    // The second visitor comments; the comment waits for staff.
    assert_eq!(b.text("#commentaires-titre").await, "Aucun commentaire");
    let shown = Instant::now();
    b.fill("Votre commentaire", COMMENT).await;
    b.fill("Votre nom (facultatif)", "Kouadio").await;
    assert_eq!(b.value("website").await, "");
    pause_like_a_person(shown).await;
    b.click_button("Envoyer le commentaire").await;
    assert_eq!(b.path().await, "/propositions/P-0001?commentaire=attente");
    assert!(
        !b.page_text().await.contains("envoyé très vite"),
        "refused as sent too fast"
    );
    assert_eq!(
        plain_spaces(&b.text("p.notice[role=status]").await),
        "Merci ! Votre commentaire sera publié après relecture."
    );
    // The thanks is on the screen where the page lands, not 1,300 px above it.
    let in_view = b
        .js(
            "const r = document.querySelector('#commentaire-envoye').getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight;",
        )
        .await;
    assert_eq!(
        in_view,
        serde_json::json!(true),
        "the thanks is out of view"
    );
    assert!(
        b.find_all("article.comment").await.is_empty(),
        "shown at once"
    );
    assert_eq!(b.text("#commentaires-titre").await, "Aucun commentaire");
    assert_eq!(
        b.value("Votre commentaire").await,
        "",
        "the form is not emptied"
    );
    b.assert_fits_width().await;

    publish_the_one_waiting(staff, COMMENT).await;
    staff.goto("/admin/moderation").await;
    staff.assert_sees("Commentaires en attente : 0").await;

    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#commentaires-titre").await, "1 commentaire");
    let comments: Vec<String> = b
        .texts("article.comment")
        .await
        .iter()
        .map(|c| plain_spaces(c))
        .collect();
    assert_eq!(comments.len(), 1, "{comments:?}");
    // Author and date, the comment, and the button to report it to the moderators.
    assert!(
        regex::Regex::new(&format!(
            r"^Kouadio · \d{{1,2}}(er)? \S+ \d{{4}}\n{}\nSignaler ce commentaire$",
            regex::escape(COMMENT)
        ))
        .unwrap()
        .is_match(&comments[0]),
        "{:?}",
        comments[0]
    );
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    b.assert_fits_width().await;
    b.screenshot("support-comment-published").await;

    // The list counts both.
    b.goto("/propositions").await;
    assert_eq!(
        plain_spaces(&b.text("li.card").await),
        format!("{PROPOSAL_TITLE}\nP-0001 · Santé · Gbêkê\nReçue 2 soutiens · 1 commentaire")
    );

    b.close().await;
    p.finish().await;
}
