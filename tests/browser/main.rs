//! End-to-end tests in a real browser: headless Chromium at phone size (360×740), or at
//! laptop size (1280×800) for staff working at a desk, driven through chromedriver
//! (WebDriver) against the real `palabre` executable. Each test does what a person does —
//! reads the page, fills fields by their label, presses buttons by their text, or uses the
//! keyboard alone — and checks what that person sees.
//!
//! Chromium and chromedriver are required (`bash tests/deps.sh` installs them): without them
//! these tests fail, they never skip. `PALABRE_CHROMIUM` and `PALABRE_CHROMEDRIVER` override
//! where they are looked for.
//!
//! Screenshots for humans are written to `target/browser-screens/`; when a test fails, the
//! page it was on is saved there as `FAILED-<test>.png` and `FAILED-<test>.html`, and the
//! server's console is printed.
//!
//! The harness comes first and is meant to be reused: `Palabre::start("name")` gives a fresh
//! data folder, the server running on it and a browser session at phone size
//! (`Palabre::start_at("name", LAPTOP)` for a laptop). Everything is torn down by `Drop`
//! guards, also when an assertion fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod every_page;
mod first_steps;
mod guide_pictures;
mod guide_walk;
mod harness;
mod moderation_and_workshops;
mod participation;
mod priorities;

use harness::{ANSWERS, Browser, PASSWORD, Palabre, VIEWPORT, pause_like_a_person, plain_spaces};
use std::time::Instant;

/// A small but valid one-page PDF (a few kilobytes), whose cross-reference table points at
/// the right bytes.
fn small_pdf(title: &str) -> Vec<u8> {
    let mut content = format!("BT /F1 18 Tf 40 790 Td ({title}) Tj ET\n");
    for i in 1..=60 {
        content.push_str(&format!(
            "BT /F1 11 Tf 40 {} Td (Engagement {i} : transparence, participation, redevabilite.) Tj ET\n",
            770 - i * 12
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        table.push_str(&format!("{o:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

/// The upload form of the library (the page also has a form to add a link, with the same
/// labels).
const UPLOAD_FORM: &str = "form[enctype='multipart/form-data']";

/// What the citizen of the tests below writes. The title has accents, the search below
/// types none.
const PROPOSAL_TITLE: &str = "Électricité dans les centres de santé ruraux";

const PROPOSAL_PROBLEM: &str = "Dans beaucoup de centres de santé ruraux du Gbêkê, il n'y a pas \
     de courant la nuit : les sages-femmes font les accouchements à la lampe torche.";

const PROPOSAL_SOLUTION: &str = "Équiper chaque centre de santé rural de panneaux solaires et \
     publier chaque année la liste des centres équipés.";

const PROPOSAL_BENEFIT: &str = "Des soins de nuit plus sûrs pour les mères et les nouveau-nés.";

const PROPOSAL_AUTHOR: &str = "Adjoua Konan";

const PROPOSAL_ORGANISATION: &str = "Association des femmes de Sakassou";

/// Given to be called back: it must never be shown to the public.
const PROPOSAL_CONTACT: &str = "+225 07 58 41 22 90";

/// Fills the proposal form as the citizen does, except the title and the contact.
async fn fill_proposal(b: &Browser) {
    b.fill("Le problème que vous constatez", PROPOSAL_PROBLEM)
        .await;
    b.fill("La solution que vous proposez", PROPOSAL_SOLUTION)
        .await;
    b.fill("Ce que cela changerait (facultatif)", PROPOSAL_BENEFIT)
        .await;
    b.select("Thème", "sante").await;
    b.select("Région ou district concerné", "gbeke").await;
    b.select("Vous êtes", "citoyen").await;
    b.choose("valeur-transparence").await;
    b.fill("Votre nom (facultatif)", PROPOSAL_AUTHOR).await;
    b.fill("Votre organisation (facultatif)", PROPOSAL_ORGANISATION)
        .await;
}

/// A citizen sends a complete proposal (no contact) from the home page; returns the
/// follow-up link shown on the receipt.
async fn propose_from_home(b: &Browser) -> String {
    b.goto("/").await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    assert_eq!(b.h1().await, "Faire une proposition");
    b.fill("Titre de votre proposition", PROPOSAL_TITLE).await;
    fill_proposal(b).await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    b.value("lien").await
}

/// Staff publish the one contribution waiting on the moderation page, after checking it is
/// the one that reads `what`.
async fn publish_the_one_waiting(staff: &Browser, what: &str) {
    staff.goto("/admin/moderation").await;
    assert_eq!(staff.h1().await, "Contributions à relire");
    let cards: Vec<String> = staff
        .texts("article.card")
        .await
        .iter()
        .map(|c| plain_spaces(c))
        .collect();
    assert_eq!(cards.len(), 1, "one contribution should wait: {cards:?}");
    assert!(
        cards[0].contains(what),
        "the contribution waiting is not {what:?}: {cards:?}"
    );
    staff.assert_fits_width().await;
    staff.within("article.card").click_button("Publier").await;
    assert!(staff.path().await.starts_with("/admin/moderation?fait="));
    // What was done is said, with a way back for a minute.
    let said = staff.text("#decision p").await;
    assert!(said.ends_with(" publiée."), "{said}");
    assert!(
        staff.is_visible("#decision button").await,
        "no Annuler button"
    );
    assert!(
        staff.find_all("article.card").await.is_empty(),
        "still waiting after \"Publier\": {:?}",
        staff.texts("article.card").await
    );
}

/// Panics if `secret` is anywhere in the page, read on screen or in its HTML.
async fn assert_never_shows(b: &Browser, secret: &str) {
    let page = b.page_text().await;
    assert!(
        !page.contains(secret),
        "{} shows {secret:?}:\n{page}",
        b.path().await
    );
    let html = b.client().source().await.expect("read the page's HTML");
    assert!(
        !html.contains(secret),
        "{secret:?} is in the HTML of {}",
        b.path().await
    );
}

/// Three proposals about the same road: two say the same thing, the third is an advert.
const ROAD_1: &str = "Goudronner la route Sakassou–Bouaké";

const ROAD_2: &str = "Réparer la route entre Sakassou et Bouaké";

const ROAD_3: &str = "Route de Sakassou : ciment pas cher, livraison rapide";

const ROAD_PROBLEM: &str = "La route entre Sakassou et Bouaké est en terre : à la saison des \
     pluies, les taxis-brousse restent bloqués et les malades n'arrivent pas à l'hôpital.";

const ROAD_SOLUTION: &str = "Goudronner les 40 km de la route et publier le calendrier des \
     travaux.";

const ROAD_BENEFIT: &str = "Aller à l'hôpital et au marché de Bouaké toute l'année.";

/// Too short to explain a final decision.
const SHORT_ANSWER: &str = "Oui.";

const ROAD_ANSWER: &str = "Le bitumage de la route Sakassou–Bouaké entre dans le plan \
     d'action : les travaux seront suivis et leur avancement publié chaque trimestre.";

const ROAD_COMMITMENT: &str = "Engagement 3 : routes rurales";

const JUSTIFIED_NO: &str = "Ces demandes relèvent du budget des collectivités, pas du plan \
     d'action national : elles leur sont transmises.";

/// A visitor who was never on the site before (cookies forgotten) sends a proposal titled
/// `title` from the home page; checks the receipt names `reference` and returns the
/// follow-up link it gives.
async fn propose_as_new_visitor(b: &Browser, title: &str, reference: &str) -> String {
    b.goto("/").await;
    b.delete_cookies().await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    assert_eq!(b.h1().await, "Faire une proposition");
    b.fill("Titre de votre proposition", title).await;
    fill_proposal(b).await;
    b.fill("Le problème que vous constatez", ROAD_PROBLEM).await;
    b.fill("La solution que vous proposez", ROAD_SOLUTION).await;
    b.fill("Ce que cela changerait (facultatif)", ROAD_BENEFIT)
        .await;
    b.select("Thème", "services-publics").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    assert_eq!(b.text("strong.ref").await, reference, "for {title:?}");
    let link = b.value("lien").await;
    assert!(
        link.starts_with(&format!("{}/suivi/", b.base)),
        "not a follow-up link: {link}"
    );
    link
}

/// The CSS selector of the card of `reference` on the moderation page (`article.card`
/// elements are siblings there).
async fn card_of(staff: &Browser, reference: &str) -> String {
    let heads = staff.texts("article.card h3").await;
    let start = format!("{reference} — ");
    let i = heads
        .iter()
        .position(|h| h.starts_with(&start))
        .unwrap_or_else(|| panic!("no card for {reference} on the moderation page: {heads:?}"));
    let scope = format!("article.card:nth-of-type({})", i + 1);
    let head = staff.text(&format!("{scope} h3")).await;
    assert!(head.starts_with(&start), "{scope} is {head:?}");
    scope
}

/// A visitor presses "Je soutiens cette proposition" on the page of `reference` and then
/// reads `count` (e.g. "2 soutiens").
async fn support(b: &Browser, reference: &str, count: &str) {
    b.goto(&format!("/propositions/{reference}")).await;
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté.",
        "supporting {reference}"
    );
    assert_eq!(b.text("#soutiens").await, count, "supports of {reference}");
}

/// The rows matching `css`, each cell's text joined by " | " (an empty first cell leaves
/// the row starting with "| "), spaces made plain.
async fn table_rows(b: &Browser, css: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll({})).map(r => \
           Array.from(r.cells).map(c => c.innerText.replace(/\\s+/g, ' ').trim()).join(' | ').trim());",
        serde_json::json!(css)
    );
    let rows: Vec<String> = serde_json::from_value(b.js(&script).await).unwrap_or_default();
    rows.iter().map(|r| plain_spaces(r)).collect()
}

/// Panics if the page scrolls sideways: on a phone, a page wider than the screen is shown
/// zoomed out, and a person (or WebDriver) then presses beside the buttons.
async fn fits(b: &Browser) {
    b.assert_fits_width().await;
}

/// Screenshot named after the screen: `<name>-phone` or `<name>-laptop`.
async fn shot(b: &Browser, name: &str) {
    let kind = if b.is_phone() { "phone" } else { "laptop" };
    b.screenshot(&format!("{name}-{kind}")).await;
}

/// Pages of `pdf` (a PDF file's bytes), read by poppler's `pdfinfo`.
fn pdf_pages(pdf: &[u8], name: &str) -> u32 {
    let path = harness::screens_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo is missing: run `bash tests/deps.sh` (package poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let size = text
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_string();
    assert!(size.contains("(A4)"), "{name} is not A4: {size}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo could not read {name}: {text}"))
}

/// Types one paper form with the keyboard alone, from the form number (which has the focus)
/// to Enter on the save button.
async fn type_paper_form(b: &Browser, number: &str, title: &str) {
    use fantoccini::key::Key;
    let key = |k: Key| char::from(k).to_string();
    b.press(number).await;
    b.tab_to("title").await;
    b.press(title).await;
    b.tab_to("problem").await;
    b.press("Les femmes marchent deux heures pour l'eau.").await;
    b.tab_to("solution").await;
    b.press("Un forage par village, suivi par le comité.").await;
    b.tab_to("theme").await;
    b.press("Santé").await;
    assert_eq!(b.value("theme").await, "sante");
    b.tab_to("zone").await;
    b.press("Poro").await;
    assert_eq!(b.value("zone").await, "poro");
    b.tab_to("contributor_type").await;
    b.press("Citoyenne").await;
    assert_eq!(b.value("contributor_type").await, "citoyen");
    b.tab_to("valeur-participation").await;
    b.press(&key(Key::Space)).await;
    b.tab_to("Enregistrer et saisir la suivante").await;
    assert!(
        b.focus_is_visible().await,
        "the focus on the button cannot be seen"
    );
    b.press_to_new_page(&key(Key::Enter), "Enter on the save button")
        .await;
}

/// The page printed to PDF on A4 paper, as a person does with Ctrl + P.
async fn print_a4(b: &Browser) -> Vec<u8> {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .shrink_to_fit(false)
        .build()
        .expect("an A4 print configuration");
    b.client().print(config).await.expect("print to PDF")
}

/// Staff answer `reference` with `status`, its public reason and maybe a commitment.
async fn answer(staff: &Browser, reference: &str, status: &str, text: &str, commitment: &str) {
    staff
        .goto(&format!("/admin/propositions/{reference}"))
        .await;
    staff.select("answer-status", status).await;
    staff.fill("answer-text", text).await;
    if !commitment.is_empty() {
        staff.fill("answer-commitment", commitment).await;
    }
    staff.click_button("Enregistrer le statut").await;
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré.",
        "answering {reference}"
    );
}
