//! The habit (issue 14): every page looked at, on a phone and on a laptop, in both languages.

use super::*;

/// Issue 14, "the habit": a consultation with content, and every public and staff page looked
/// at on a phone (360 × 740) and on a laptop (1366 × 768), in French and in English. Each page
/// is saved as a picture in `target/browser-screens/pages/`, and must show no sideways
/// scroll, no tap target under 44 × 44 px on the phone (see [`SMALL_TARGETS_JS`]), no
/// serious or critical axe-core violation, and charts that draw every row of their table.
/// The synthesis is printed on A4 and each page of it saved as a picture too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_seen_at_phone_and_laptop_size() {
    let started = Instant::now();
    let axe = axe_source();
    pages_dir();
    let p = Palabre::start("pages").await;
    let citizen = Browser::open("pages-citizen", &p.server.base).await;
    let follow_up = a_consultation_under_way(&p, &citizen).await;
    citizen.close().await;
    println!("content created in {:?}", started.elapsed());

    // The phone and the laptop look at the same time: the two sessions mostly wait.
    let laptop = Browser::open_at("pages-laptop", &p.server.base, WIDE_LAPTOP).await;
    let (mut found, on_laptop) = tokio::join!(
        look_at_everything(&p.browser, &axe, &follow_up),
        look_at_everything(&laptop, &axe, &follow_up)
    );
    found.extend(on_laptop);
    println!("every page seen at {:?}", started.elapsed());

    // Printed in French, the language of the report.
    sign_in_staff(&laptop).await;
    laptop.click_link("Français").await;
    assert_eq!(laptop.lang().await, "fr");
    let pages = print_synthesis(&laptop).await;
    check_synthesis_pages(pages);
    println!(
        "synthesis: {pages} A4 pages; everything done in {:?}",
        started.elapsed()
    );
    laptop.close().await;

    assert!(
        found.is_empty(),
        "{} problems seen (pictures in {}):\n{}",
        found.len(),
        pages_dir().display(),
        found.join("\n")
    );
    p.finish().await;
}

/// On a phone, the dashboard says in figures what waits and each figure leads to the work;
/// staff find a proposal by its reference; the public list starts with proposals, its filters
/// folded away until asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_what_waits_and_find_a_proposal_on_a_phone() {
    let p = Palabre::start("workload").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("workload-visitor", &p.server.base).await;
    propose_as_new_visitor(&b, ROAD_1, "P-0001").await;
    propose_as_new_visitor(&b, ROAD_2, "P-0002").await;

    staff.goto("/admin").await;
    let counts: Vec<String> = staff
        .texts("ul.workload a")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(
        counts,
        [
            "2\ncontributions à relire",
            "0\nproposition publiée attend une réponse",
            "2\npropositions reçues aujourd'hui",
            "2\npropositions reçues cette semaine",
        ]
    );
    let first_screen = staff
        .js(
            "const r = document.querySelector('ul.workload').getBoundingClientRect(); \
             return r.bottom <= window.innerHeight;",
        )
        .await;
    assert_eq!(
        first_screen,
        serde_json::json!(true),
        "the counts are below the first screen"
    );
    staff.assert_fits_width().await;
    shot(staff, "dashboard-workload").await;
    let hrefs = staff
        .js("return [...document.querySelectorAll('ul.workload a')].map(a => a.getAttribute('href'));")
        .await;
    assert_eq!(
        hrefs,
        serde_json::json!([
            "/admin/moderation",
            "/admin/propositions?statut=recue",
            "/admin/propositions",
            "/admin/propositions"
        ]),
        "each figure leads to the work"
    );

    staff.goto("/admin/propositions").await;
    staff.fill("Rechercher (mots ou référence)", "p-2").await;
    staff.click_button("Afficher").await;
    let rows = staff.texts("tbody tr td a").await;
    assert_eq!(
        rows,
        [format!("P-0002 — {ROAD_2}")],
        "the search by reference"
    );
    assert_eq!(staff.value("Rechercher (mots ou référence)").await, "p-2");

    // The CSV the exports page offers first is the one French Excel splits into columns: `;`
    // between cells, statuses and channels in words.
    staff.goto("/admin/exports").await;
    let link = staff
        .find("a[download][href='/admin/exports/propositions.csv']")
        .await;
    let saved = staff.download(link, "CSV").await;
    let csv = std::fs::read_to_string(&saved).unwrap();
    let mut lines = csv.lines();
    let head = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}');
    assert!(
        head.split(';').count() > 10 && !head.contains(','),
        "French Excel would see one column: {head}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.contains(";En ligne;") && row.contains(";Reçue;"),
        "codes instead of words: {row}"
    );

    b.goto("/propositions").await;
    assert!(
        !b.is_visible("#theme").await,
        "the filters fill the first screen of the list"
    );
    b.find("details.more-filters summary")
        .await
        .click()
        .await
        .unwrap();
    assert!(b.is_visible("#theme").await, "the filters do not unfold");
    b.assert_fits_width().await;
    b.screenshot("list-filters-open").await;

    // English is one of the languages a proposal can be written in.
    b.goto("/propositions/nouvelle").await;
    let languages = b.texts("select[name=language] option").await;
    assert!(
        languages.iter().any(|l| l == "Anglais"),
        "no English among {languages:?}"
    );

    // A link that asks to come back somewhere else never leaves the site, whatever the
    // browser does with tabs and backslashes.
    for retour in [
        "/%09/evil.example/",
        "/%09%5Cevil.example/",
        "/%5Cevil.example",
        "//evil.example",
    ] {
        b.goto(&format!("/langue/fr?retour={retour}")).await;
        let url = b.url().await;
        assert!(url.starts_with(&p.server.base), "{retour} led to {url}");
    }

    b.close().await;
    p.finish().await;
}

/// A common laptop screen, in CSS pixels.
const WIDE_LAPTOP: (u32, u32) = (1366, 768);

/// The public pages of a consultation with content; `{suivi}` is the private follow-up
/// address of P-0001 (its path, `/suivi/<token>`). Screenshot name, then path.
const PUBLIC_PAGES: [(&str, &str); 17] = [
    ("accueil", "/"),
    ("participer", "/participer"),
    ("reference-inconnue", "/propositions/BKE-0042"),
    ("propositions", "/propositions"),
    ("proposition", "/propositions/P-0001"),
    ("nouvelle-proposition", "/propositions/nouvelle"),
    ("recu", "{suivi}?nouveau=1"),
    ("suivi", "{suivi}"),
    ("pgo", "/pgo"),
    ("documents", "/documents"),
    ("calendrier", "/calendrier"),
    ("forum", "/forum"),
    ("guide", "/guide"),
    ("confidentialite", "/confidentialite"),
    ("donnees", "/donnees"),
    ("priorites", "/priorites"),
    ("priorites-resultats", "/priorites/resultats"),
];

/// The staff pages, seen signed in.
const STAFF_PAGES: [(&str, &str); 31] = [
    ("admin", "/admin"),
    ("admin-moderation", "/admin/moderation"),
    ("admin-propositions", "/admin/propositions"),
    ("admin-proposition", "/admin/propositions/P-0001"),
    ("admin-resultats", "/admin/resultats"),
    ("admin-synthese", "/admin/synthese"),
    ("admin-exports", "/admin/exports"),
    ("admin-sauvegarde", "/admin/sauvegarde"),
    ("admin-bilan", "/admin/bilan"),
    ("admin-populations", "/admin/bilan/populations"),
    ("admin-bilan-imprimer", "/admin/bilan/imprimer"),
    ("admin-presences", "/admin/ateliers/1/presences"),
    ("admin-reglages", "/admin/reglages"),
    ("admin-ateliers", "/admin/ateliers"),
    ("admin-journal", "/admin/journal"),
    ("admin-comptes", "/admin/comptes"),
    ("admin-calendrier", "/admin/calendrier"),
    ("admin-documents", "/admin/documents"),
    ("admin-forum", "/admin/forum"),
    ("admin-themes", "/admin/themes"),
    ("admin-consultations", "/admin/consultations"),
    ("admin-pgo", "/admin/pgo"),
    ("admin-logo", "/admin/logo"),
    ("admin-retard", "/admin/calendrier/retard"),
    ("admin-fiche", "/admin/ateliers/fiche"),
    ("admin-affiche", "/admin/affiche"),
    ("admin-mot-de-passe", "/admin/mot-de-passe"),
    ("admin-priorites", "/admin/priorites"),
    ("admin-atelier-priorites", "/admin/ateliers/1/priorites"),
    (
        "admin-bulletin-priorites",
        "/admin/ateliers/bulletin-priorites",
    ),
    ("admin-sms", "/admin/sms"),
];

/// Where the pictures of every page go: `target/browser-screens/pages/`.
fn pages_dir() -> std::path::PathBuf {
    let dir = harness::screens_dir().join("pages");
    std::fs::create_dir_all(&dir).expect("create target/browser-screens/pages");
    dir
}

/// axe-core's script, which `tests/deps.sh` installs from npm into `<target dir>/axe`
/// (`PALABRE_AXE` overrides the path).
fn axe_source() -> String {
    use std::path::PathBuf;
    const IN_TARGET: &str = "axe/node_modules/axe-core/axe.min.js";
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut places: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("PALABRE_AXE") {
        places.push(path.into());
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        places.push(manifest.join(dir).join(IN_TARGET));
    }
    // This test runs as <target dir>/debug/deps/browser-<hash>.
    if let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|p| p.to_path_buf()))
    {
        places.push(target.join(IN_TARGET));
    }
    places.push(manifest.join("target").join(IN_TARGET));
    let found = places.iter().find(|p| p.is_file()).unwrap_or_else(|| {
        panic!(
            "\n\naxe-core is missing: none of {places:?} exists.\nRun `bash tests/deps.sh` \
             (it installs axe-core from npm), then the test again (or set PALABRE_AXE).\n"
        )
    });
    std::fs::read_to_string(found).expect("read axe.min.js")
}

/// A visitor never seen before sends a complete proposal titled `title` about `theme` in
/// `zone`; returns the follow-up link of the receipt.
async fn propose_about(b: &Browser, title: &str, theme: &str, zone: &str) -> String {
    b.goto("/").await;
    b.delete_cookies().await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    b.fill("Titre de votre proposition", title).await;
    fill_proposal(b).await;
    b.select("Thème", theme).await;
    b.select("Région ou district concerné", zone).await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    b.value("lien").await
}

/// Signs in as the administrator of [`ANSWERS`] on any browser, in either language.
async fn sign_in_staff(b: &Browser) {
    b.goto("/admin/connexion").await;
    b.fill("login", ANSWERS.login).await;
    b.fill("password", PASSWORD).await;
    let submit = b.texts("main form button").await;
    assert_eq!(submit.len(), 1, "{submit:?}");
    b.click_button(&submit[0]).await;
    assert_eq!(b.path().await, "/admin", "not signed in");
}

/// Fills a consultation the way its first weeks do: proposals from the public form and from
/// a workshop's paper forms, across themes and zones, most published, one still waiting;
/// answers, supports, a comment, a timeline, a forum meeting and a document. Returns the
/// path of P-0001's private follow-up page.
async fn a_consultation_under_way(p: &Palabre, citizen: &Browser) -> String {
    const COMMENT: &str = "Bonne idée : à Sakassou aussi, le centre de santé n'a pas de \
         courant la nuit.";
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;

    // Four citizens on the public form.
    let mut follow_up = String::new();
    for (i, (title, theme, zone)) in [
        (PROPOSAL_TITLE, "sante", "gbeke"),
        (ROAD_1, "services-publics", "gbeke"),
        (
            "Afficher le budget de chaque commune au marché",
            "budget",
            "abidjan",
        ),
        (
            "Un registre public des terres rurales à la sous-préfecture",
            "foncier",
            "poro",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let link = propose_about(citizen, title, theme, zone).await;
        if i == 0 {
            follow_up = link;
        }
    }
    // Five people of Gbêkê give their priorities: the results draw bars and a district.
    for themes in [
        &["sante", "education"][..],
        &["sante"],
        &["sante", "foncier", "budget"],
        &["education"],
        &["foncier", "sante"],
    ] {
        super::priorities::give_priorities(citizen, themes, "gbeke").await;
    }
    staff.goto("/admin/moderation").await;
    for reference in ["P-0001", "P-0002", "P-0003", "P-0004"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
    }

    // Answers: one retained with its commitment, one refused with its reason, one studied.
    answer(
        staff,
        "P-0001",
        "retenue",
        "Le ministère de la Santé équipera de panneaux solaires les centres de santé ruraux du \
         Gbêkê d'ici 2028 ; la liste des centres équipés sera publiée chaque année.",
        "Engagement 5 : santé rurale",
    )
    .await;
    answer(staff, "P-0003", "non-retenue", JUSTIFIED_NO, "").await;
    answer(staff, "P-0002", "en-analyse", "", "").await;

    // Supports and a comment, published by staff.
    citizen.goto("/").await;
    citizen.delete_cookies().await;
    support(citizen, "P-0001", "1 soutien").await;
    support(citizen, "P-0002", "1 soutien").await;
    citizen.delete_cookies().await;
    support(citizen, "P-0001", "2 soutiens").await;
    let shown = Instant::now();
    citizen.fill("Votre commentaire", COMMENT).await;
    citizen.fill("Votre nom (facultatif)", "Kouadio").await;
    pause_like_a_person(shown).await;
    citizen.click_button("Envoyer le commentaire").await;
    publish_the_one_waiting(staff, COMMENT).await;

    // A workshop in Korhogo and two of its paper forms: one published, one still waiting.
    staff.goto("/admin/ateliers").await;
    staff
        .fill("Nom de l'atelier", "Atelier régional de Korhogo")
        .await;
    staff.fill("Lieu", "Centre culturel").await;
    staff.select("zone", "poro").await;
    staff.set_date("Date", "2026-12-03").await;
    staff.fill("Animateurs et animatrices", "Awa, Koffi").await;
    staff.click_button("Créer l'atelier").await;
    staff.click_link("Saisir des fiches papier").await;
    for n in 1..=2 {
        type_paper_form(
            staff,
            &format!("K-{n}"),
            &format!("Fiche {n} : un forage au village"),
        )
        .await;
    }
    // The facilitator counts who came, from the sign-in sheet.
    staff.goto("/admin/ateliers").await;
    staff.click_link("Saisir les présences").await;
    staff.fill("femmes_citoyen", "12").await;
    staff.fill("hommes_citoyen", "9").await;
    staff.fill("femmes_osc", "3").await;
    staff.click_button("Enregistrer les présences").await;
    staff.assert_sees("Présences enregistrées").await;
    // The page's text, as read: the no-break space before the colon reads as a space.
    staff
        .assert_sees("Déjà compté : 24 (15 femmes, 9 hommes).")
        .await;
    staff.goto("/admin/moderation").await;
    let card = card_of(staff, "P-0005").await;
    staff.within(&card).click_button("Publier").await;

    // The timeline, published, and a forum meeting.
    staff.goto("/admin/calendrier").await;
    staff.select("Type d'étape", "atelier").await;
    staff.fill("Titre", "Atelier de Gagnoa").await;
    staff.fill("Lieu (facultatif)", "Gagnoa").await;
    staff.set_date("Date de début", "2027-02-15").await;
    staff
        .set_date("Date de fin (vide si un seul jour)", "2027-02-16")
        .await;
    staff.click_button("Ajouter une étape").await;
    staff.click_button("Publier le calendrier").await;
    staff.goto("/admin/forum").await;
    staff.set_date("Date de la réunion", "2026-11-20").await;
    staff.fill("Lieu de la réunion", "Abidjan").await;
    staff.fill("Administration", "11").await;
    staff.fill("Société civile", "8").await;
    staff.fill("Secteur privé", "3").await;
    staff.click_button("Enregistrer une réunion").await;

    // A document in the library.
    let files = tempfile::Builder::new()
        .prefix("palabre-pages-files-")
        .tempdir()
        .unwrap();
    let pdf_path = files.path().join("plan-action-2024-2026.pdf");
    std::fs::write(&pdf_path, small_pdf("Plan d'action national 2024-2026")).unwrap();
    staff.goto("/admin/documents").await;
    let upload = staff.within(UPLOAD_FORM);
    upload.attach("Fichier", &pdf_path).await;
    upload
        .fill("Titre", "Plan d'action national 2024-2026")
        .await;
    upload.select("Catégorie", "plans-action").await;
    upload.set_date("Date du document", "2024-06-30").await;
    upload.select("Langue du document", "fr").await;
    staff.click_button("Ajouter le fichier").await;
    staff.assert_sees("Plan d'action national 2024-2026").await;

    let path = follow_up
        .strip_prefix(&citizen.base)
        .unwrap_or_else(|| panic!("not a link to this site: {follow_up}"))
        .to_string();
    assert!(path.starts_with("/suivi/"), "{path}");
    path
}

/// Every interactive control shown that is smaller than 44 × 44 CSS px, described for a
/// person (tag, id, classes, text, size).
///
/// The rule (WCAG 2.5.5, and the "inline" exception of 2.5.5 and 2.5.8):
/// - a link (`a[href]`), `button`, `input`, `select`, `textarea`, `summary`, and a `label`
///   that wraps a checkbox or radio button must measure at least 44 × 44;
/// - a checkbox or radio button is tapped through its label as well: it passes when its own
///   box does, or when one of its labels (wrapping it or pointing at it with `for`) is at
///   least 44 px high;
/// - a link inside running text is exempt: it is laid out inline, and the nearest block
///   around it (a `p`, `li`, `td`, `dd`...) holds words outside any link or button,
///   so its height is the line height of that text. A link alone in its block (a menu item,
///   a table cell with only a link, a heading), or in a row of links separated by " · ", is
///   not in a sentence and must be big enough;
/// - what is not on the page for a person is skipped: no box, `visibility: hidden`, or placed
///   off the page on purpose (the skip link until it has the focus, the honeypot field).
const SMALL_TARGETS_JS: &str = r#"
const MIN = 44 - 0.5;
const big = r => r.width >= MIN && r.height >= MIN;
const shown = el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  if (getComputedStyle(el).visibility === 'hidden') return false;
  return r.right + window.scrollX > 0 && r.bottom + window.scrollY > 0;
};
const inRunningText = el => {
  if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
  let block = el.parentElement;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  if (!block) return false;
  // Words of the block outside any link or button: a row of links separated by " · " is
  // not a sentence.
  const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let words = '';
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.parentElement.closest('a, button')) words += t.textContent;
  }
  return /[\p{L}\p{N}]/u.test(words);
};
const describe = el => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim()) {
    s += '.' + el.className.trim().split(/\s+/).join('.');
  }
  if (el.tagName === 'INPUT') s += '[type=' + el.type + ']';
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
    .replace(/\s+/g, ' ').trim();
  if (text) s += ' "' + (text.length > 40 ? text.slice(0, 40) + '…' : text) + '"';
  const part = el.closest('header, nav, footer, form, table, section, main');
  if (part) s += ' in ' + part.tagName.toLowerCase() + (part.id ? '#' + part.id : '');
  return s;
};
const out = [];
const controls = document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, label');
for (const el of controls) {
  const isChoice = el.matches('input[type=checkbox], input[type=radio]');
  if (el.tagName === 'LABEL' && !el.querySelector('input[type=checkbox], input[type=radio]')) continue;
  if (!shown(el) || inRunningText(el)) continue;
  const r = el.getBoundingClientRect();
  if (big(r)) continue;
  if (isChoice && Array.from(el.labels || []).some(l => shown(l) && l.getBoundingClientRect().height >= MIN)) continue;
  out.push(describe(el) + ': ' + Math.round(r.width) + '×' + Math.round(r.height));
}
return out;
"#;

/// Every chart (`figure.chart`): a bar per row of its table, each drawn, each with its number
/// written beside it. Returns, per chart, its title, its rows and what is wrong.
const CHARTS_JS: &str = r#"
return Array.from(document.querySelectorAll('figure.chart')).map((f, k) => {
  const caption = f.querySelector('figcaption');
  const title = caption ? caption.textContent.trim() : 'chart ' + (k + 1);
  const rows = Array.from(f.querySelectorAll('table.figures tbody tr'))
    .map(tr => [tr.cells[0].textContent.trim(), tr.cells[tr.cells.length - 1].textContent.trim()]);
  const bars = Array.from(f.querySelectorAll('svg rect'));
  const texts = Array.from(f.querySelectorAll('svg text'));
  const problems = [];
  if (bars.length !== rows.length) {
    problems.push(bars.length + ' bars drawn for ' + rows.length + ' rows in its table');
  }
  rows.forEach(([label, n], i) => {
    const bar = bars[i];
    if (!bar) return;
    const r = bar.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) {
      problems.push('the bar of ' + label + ' is ' + r.width + '×' + r.height);
      return;
    }
    const middle = r.top + r.height / 2;
    const beside = texts.some(t => {
      const b = t.getBoundingClientRect();
      return t.textContent.trim() === n && b.width > 0 && b.left >= r.right - 1 &&
        b.left <= r.right + 24 && b.top <= middle && b.bottom >= middle;
    });
    if (!beside) problems.push('no "' + n + '" written beside the bar of ' + label);
  });
  return { title, rows: rows.length, problems };
});
"#;

/// What is wrong with the page the browser is on, as a person would see it, each finding
/// prefixed with `here`; saves its picture as `pages/<shot>.png`.
async fn look_at_page(b: &Browser, axe: &str, here: &str, shot: &str) -> Vec<String> {
    let mut found = Vec::new();
    b.screenshot(&format!("pages/{shot}")).await;

    if let Some(why) = b.sideways_scroll().await {
        found.push(format!("{here}: {why}"));
    }

    if b.is_phone() {
        let small: Vec<String> =
            serde_json::from_value(b.js(SMALL_TARGETS_JS).await).unwrap_or_default();
        for s in small {
            found.push(format!("{here}: tap target under 44×44 px: {s}"));
        }
    }

    // axe-core, injected into the page (the site itself has no script).
    let loaded = b
        .client()
        .execute(&format!("{axe}\nreturn typeof window.axe;"), Vec::new())
        .await
        .expect("inject axe-core");
    assert_eq!(loaded, serde_json::json!("object"), "axe-core did not load");
    let result = b
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations\
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')\
                 .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +\
                   v.nodes.map(n => n.target.join(' ')).join(', '))))\
               .catch(e => done(['axe-core failed: ' + e]));",
            Vec::new(),
        )
        .await
        .expect("run axe-core");
    let violations: Vec<String> = serde_json::from_value(result).unwrap_or_default();
    for v in violations {
        found.push(format!("{here}: axe: {v}"));
    }

    if b.exists("figure.chart").await {
        let charts = b.js(CHARTS_JS).await;
        let charts = charts.as_array().cloned().unwrap_or_default();
        assert!(
            charts.iter().any(|c| c["rows"].as_u64().unwrap_or(0) >= 2),
            "{here}: no chart with two rows or more, the chart check would prove nothing"
        );
        for c in charts {
            for problem in c["problems"].as_array().cloned().unwrap_or_default() {
                found.push(format!(
                    "{here}: chart {:?}: {}",
                    c["title"].as_str().unwrap_or_default(),
                    problem.as_str().unwrap_or_default()
                ));
            }
        }
    }
    found
}

/// Opens each of `pages` (name, path) and looks at it; the page must be the one asked for,
/// in `lang`.
async fn look_at_pages(
    b: &Browser,
    axe: &str,
    lang: &str,
    pages: &[(&str, &str)],
    follow_up: &str,
) -> Vec<String> {
    let size = if b.is_phone() { "phone" } else { "laptop" };
    let mut found = Vec::new();
    for (name, path) in pages {
        let path = path.replace("{suivi}", follow_up);
        b.goto(&path).await;
        let here = format!("{lang} {size} {path}");
        assert_eq!(b.path().await, path, "{here}: sent elsewhere");
        assert_eq!(b.lang().await, lang, "{here}: not in the expected language");
        assert_eq!(b.texts("h1").await.len(), 1, "{here}: not one main heading");
        let seen = look_at_page(b, axe, &here, &format!("{lang}-{size}-{name}")).await;
        if path == "/admin/bilan/imprimer" {
            // The printout is styled (the CSP refused its inline style once): the synthesis's
            // header with its orange rule, the site's fonts, not the browser's Times.
            let look = b
                .js("const h = document.querySelector('.report-head'); \
                     return [getComputedStyle(h).borderBottomStyle, getComputedStyle(document.body).fontFamily];")
                .await;
            assert_eq!(
                look[0], "solid",
                "{here}: the printout has no style: {look}"
            );
            assert!(
                !look[1].as_str().unwrap_or("").contains("Times"),
                "{here}: {look}"
            );
        }
        for f in &seen {
            println!("SEEN {f}");
        }
        found.extend(seen);
    }
    found
}

/// Every page, in French then in English, at the size of `b`: public pages as a visitor,
/// staff pages signed in. Returns what is wrong.
async fn look_at_everything(b: &Browser, axe: &str, follow_up: &str) -> Vec<String> {
    let mut found = Vec::new();
    b.goto("/").await;
    b.delete_cookies().await;
    found.extend(look_at_pages(b, axe, "fr", &PUBLIC_PAGES, follow_up).await);
    sign_in_staff(b).await;
    found.extend(look_at_pages(b, axe, "fr", &STAFF_PAGES, follow_up).await);

    // In English, through the link a person uses.
    b.goto("/admin").await;
    b.click_link("English").await;
    assert_eq!(b.path().await, "/admin");
    found.extend(look_at_pages(b, axe, "en", &STAFF_PAGES, follow_up).await);
    let sign_out = b.texts("header button").await;
    assert_eq!(sign_out.len(), 1, "{sign_out:?}");
    b.click_button(&sign_out[0]).await;
    assert!(b.texts("header button").await.is_empty(), "still signed in");
    found.extend(look_at_pages(b, axe, "en", &PUBLIC_PAGES, follow_up).await);
    found
}

/// The synthesis printed on A4, each page turned into a picture:
/// `pages/synthese-page-N.png`. Returns how many pages it has.
async fn print_synthesis(b: &Browser) -> u32 {
    let dir = pages_dir();
    for old in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = old.file_name().to_string_lossy().into_owned();
        if name.starts_with("synthese-page-") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    b.goto("/admin/synthese").await;
    let pdf = print_a4(b).await;
    let pages = pdf_pages(&pdf, "pages/synthese");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(dir.join("synthese.pdf"))
        .arg(dir.join("synthese-page"))
        .status()
        .expect("pdftoppm is missing: run `bash tests/deps.sh` (package poppler-utils)");
    assert!(status.success(), "pdftoppm failed");
    // pdftoppm pads the page number (-01 from ten pages): name them plainly.
    for png in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = png.file_name().to_string_lossy().into_owned();
        if let Some(n) = name
            .strip_prefix("synthese-page-")
            .and_then(|n| n.strip_suffix(".png"))
            .and_then(|n| n.parse::<u32>().ok())
        {
            std::fs::rename(png.path(), dir.join(format!("synthese-page-{n}.png"))).unwrap();
        }
    }
    for n in 1..=pages {
        assert!(
            dir.join(format!("synthese-page-{n}.png")).is_file(),
            "page {n} of the synthesis was not drawn"
        );
    }
    pages
}

/// What the printed synthesis must be (issue 14): few pages for six proposals, the
/// organisation named, every page numbered, charts on the first page (not a half-empty one),
/// and no theme heading left at the foot of a page without its table.
fn check_synthesis_pages(pages: u32) {
    let pdf = pages_dir().join("synthese.pdf");
    let text_of = |page: u32| -> String {
        let out = std::process::Command::new("pdftotext")
            // Raw order: with -layout, poppler drops the page-number margin box.
            .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext is missing: run `bash tests/deps.sh` (package poppler-utils)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        (1..=3).contains(&pages),
        "{pages} A4 pages for six proposals"
    );
    let first = text_of(1);
    assert!(
        first.contains(ANSWERS.organisation) && first.contains("Synthèse et réponse motivée"),
        "no issuing organisation on page 1:\n{first}"
    );
    assert!(
        first.contains("Propositions par thème"),
        "page 1 holds no chart:\n{first}"
    );
    let heading = regex::Regex::new(r"^\s*\S.* \(\d+\)\s*$").unwrap();
    for n in 1..=pages {
        let text = text_of(n);
        assert!(
            text.contains(&format!("{n} / {pages}")),
            "page {n} has no number:\n{text}"
        );
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for (i, line) in lines.iter().enumerate() {
            if heading.is_match(line) {
                assert!(
                    lines[i + 1..].iter().any(|l| l.contains("Référence")),
                    "page {n}: the heading {line:?} is left without its table"
                );
            }
        }
    }
}
