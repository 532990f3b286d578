//! The priority round (issue 32): people pick up to three themes on a phone, the results
//! draw a bar per theme and a tile per district, and the open data count them.

use super::*;

/// Who the seven people are: their themes and the region they give (Poro is in Savanes).
const PEOPLE: [(&[&str], &str); 7] = [
    (&["sante", "education", "vie-chere"], "poro"),
    (&["sante", "education"], "poro"),
    (&["sante", "foncier"], "poro"),
    (&["sante"], "poro"),
    (&["education", "vie-chere"], "poro"),
    (&["sante", "budget"], "abidjan"),
    (&["vie-chere"], ""),
];

/// One person on the shared phone: from the home page's invitation to the receipt.
pub(super) async fn give_priorities(b: &Browser, themes: &[&str], zone: &str) {
    b.delete_cookies().await;
    b.goto("/").await;
    b.click_link("Choisir mes priorités").await;
    let shown = Instant::now();
    assert_eq!(b.h1().await, "Vos priorités");
    for t in themes {
        b.choose(&format!("theme-{t}")).await;
    }
    if !zone.is_empty() {
        b.select("zone", zone).await;
    }
    pause_like_a_person(shown).await;
    b.click_button("Envoyer mes priorités").await;
    b.assert_sees("Merci ! Votre choix est enregistré").await;
}

/// Seven people give their priorities on a phone; one sends the same form again with Back,
/// one ticks a fourth theme and is told, the three others still ticked. The results page
/// draws a bar for each theme and the districts as tiles; the open data count seven people.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seven_people_give_their_priorities_on_a_phone() {
    let p = Palabre::start("priorities").await;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("priorities-people", &p.server.base).await;

    // A fourth theme: refused, the earlier three still ticked, nothing counted.
    b.delete_cookies().await;
    b.goto("/priorites").await;
    let shown = Instant::now();
    for t in ["sante", "education", "budget", "foncier"] {
        b.choose(&format!("theme-{t}")).await;
    }
    pause_like_a_person(shown).await;
    b.click_button("Envoyer mes priorités").await;
    b.assert_sees("Vous pouvez cocher au plus 3 thèmes").await;
    assert!(
        !b.page_text().await.contains("localization"),
        "a message without its words"
    );
    for t in ["sante", "education", "budget", "foncier"] {
        assert!(
            b.is_checked(&format!("theme-{t}")).await,
            "{t} is no longer ticked"
        );
    }
    b.assert_fits_width().await;
    shot(&b, "priorities-too-many").await;

    for (i, (themes, zone)) in PEOPLE.iter().enumerate() {
        give_priorities(&b, themes, zone).await;
        if i == 0 {
            shot(&b, "priorities-receipt").await;
            // Back and send again: the same receipt, counted once.
            b.client().back().await.expect("Back");
            b.click_button("Envoyer mes priorités").await;
            b.assert_sees("Merci ! Votre choix est enregistré").await;
        }
    }

    b.goto("/donnees/priorites.json").await;
    let data: serde_json::Value =
        serde_json::from_str(&b.page_text().await).expect("the open data are JSON");
    assert_eq!(data["participants"], 7, "{data}");
    let count_of = |code: &str| {
        data["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .map(|t| t["count"].as_u64().unwrap())
    };
    assert_eq!(count_of("sante"), Some(5));
    assert_eq!(count_of("education"), Some(3));
    assert_eq!(count_of("vie-chere"), Some(3));
    assert_eq!(count_of("foncier"), Some(1));
    assert_eq!(count_of("budget"), Some(1));
    assert_eq!(data["themes"][0]["name"], "Santé");
    // Savanes has five people: shown with its first theme; Abidjan's one person is grouped.
    let zones = data["zones"].as_array().unwrap();
    assert_eq!(zones[0]["name"], "Savanes");
    assert_eq!(zones[0]["participants"], 5);
    assert_eq!(zones[0]["themes"][0]["code"], "sante");
    assert_eq!(zones[1]["name"], "autres");
    assert_eq!(zones[1]["participants"], 1);
    assert_eq!(zones[1]["themes"], serde_json::json!([]));

    b.goto("/priorites/resultats").await;
    assert_eq!(b.h1().await, "Les priorités exprimées");
    let drawn = b
        .js(
            "return [...document.querySelectorAll('figure.chart svg rect')]\
             .filter(r => r.getBoundingClientRect().width > 2).length;",
        )
        .await;
    assert_eq!(drawn, serde_json::json!(5), "a bar for each theme picked");
    assert_eq!(
        b.find_all("figure.tilemap svg[role=img] rect").await.len(),
        14
    );
    let savanes = b
        .js(
            "return [...document.querySelectorAll('figure.tilemap svg[role=img] g')]\
             .find(g => g.querySelector('title').textContent.startsWith('Savanes'))\
             .querySelector('rect').getAttribute('fill');",
        )
        .await;
    assert_ne!(savanes, serde_json::json!("#ffffff"), "Savanes is shaded");
    b.assert_sees("Autres (moins de 5 personnes chacun)").await;
    b.assert_fits_width().await;
    shot(&b, "priorities-results").await;
    b.click_link("Voir la participation pour 100 000 habitants")
        .await;
    b.assert_sees("pour 100 000 habitants").await;
    shot(&b, "priorities-results-per-people").await;

    let laptop = Browser::open_at("priorities-laptop", &p.server.base, (1366, 768)).await;
    laptop.goto("/priorites/resultats").await;
    laptop.assert_fits_width().await;
    shot(&laptop, "priorities-results").await;
    laptop.goto("/priorites").await;
    shot(&laptop, "priorities-form").await;
    laptop.close().await;
    b.goto("/priorites").await;
    shot(&b, "priorities-form").await;
    b.close().await;
    p.finish().await;
}
