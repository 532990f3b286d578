//! The training site's library and calendar: base documents, phases, forum meetings.

use super::*;

pub(super) fn library_and_calendar(
    c: &Connection,
    now: i64,
    today: i64,
    closed_at: i64,
    workshop_day: i64,
    summary: &mut Summary,
) -> Result<(), DbError> {
    let forum_day = today - 100 * DAY;
    let notice = "Document fictif, créé pour le mode formation de Palabre : il ne décrit aucun engagement réel.";
    let docs: [(&str, Category, i64, &str, &[&str]); 4] = [
        (
            "Lettre d'intention fictive de rejoindre le Partenariat pour un gouvernement ouvert",
            Category::TextesDeBase,
            today - 400 * DAY,
            "Le texte de base (fictif) par lequel le pays s'engage dans le PGO.",
            &[
                "Le Gouvernement (fictif) confirme sa volonté de rejoindre le Partenariat pour un gouvernement ouvert.",
                "Il s'engage à élaborer avec la société civile un plan d'action national tous les deux ans.",
            ],
        ),
        (
            "Plan d'action national 2023-2025 (exemple fictif)",
            Category::PlansAction,
            today - 320 * DAY,
            "Cinq engagements fictifs : budget citoyen, marchés publics, accès à l'information, participation, données ouvertes.",
            &[
                "Engagement 1 : un budget citoyen publié chaque année.",
                "Engagement 2 : un registre public des marchés.",
                "Engagement 3 : un responsable de l'accès à l'information par administration.",
                "Engagement 4 : des consultations dans les langues locales.",
                "Engagement 5 : des données ouvertes sur l'école et la santé.",
            ],
        ),
        (
            "Compte rendu du forum multi-acteurs (fictif)",
            Category::ComptesRendusForum,
            forum_day,
            "Réunion du forum : calendrier de co-création et règles de la consultation.",
            &[
                "Participants : administration, société civile, secteur privé.",
                "Décisions : calendrier de la consultation adopté ; deux ateliers régionaux, à Bouaké et à Korhogo.",
            ],
        ),
        (
            "Rapport d'auto-évaluation à mi-parcours (exemple fictif)",
            Category::Rapports,
            today - 45 * DAY,
            "Où en sont les engagements du plan précédent, selon le point de contact (fictif).",
            &[
                "Deux engagements achevés, deux en cours, un en retard.",
                "Les retards viennent surtout du financement et de la coordination entre ministères.",
            ],
        ),
    ];
    let mut forum_minutes = None;
    for (title, category, day, summary_text, lines) in docs {
        let title = typo(title);
        let mut paragraphs: Vec<String> = vec![typo(notice)];
        paragraphs.extend(lines.iter().map(|l| typo(l)));
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let data = crate::demo::pdf::one_page(&title, &refs);
        let file_name = format!("{}.pdf", slug(&title));
        let meta = DocumentMeta {
            title: title.clone(),
            category,
            doc_date: date(day),
            language: "fr".into(),
            summary: typo(summary_text),
        };
        let id = documents::insert_file(
            c,
            &crate::security::random_token(12),
            &meta,
            documents::NewFile::from_bytes(&file_name, "PDF", "application/pdf", &data),
            (day + 2 * DAY).min(now - HOUR),
        )?;
        if category == Category::ComptesRendusForum {
            forum_minutes = Some(id);
        }
        summary.documents += 1;
    }

    // The calendar of both rounds, published well before contributions opened (the OGP's
    // two weeks), so that the dashboard has no warning to show.
    let phases: [(&str, &str, &str, &str, i64, i64); 9] = [
        (
            "information",
            "Lancement et information",
            "Présentation de la démarche aux organisations et aux médias.",
            "Abidjan",
            closed_at - 80 * DAY,
            closed_at - 61 * DAY,
        ),
        (
            "contributions",
            "Premier tour : bilan du plan précédent",
            "Avis en ligne et sur papier sur le plan 2023-2025.",
            "",
            closed_at - 60 * DAY,
            closed_at,
        ),
        (
            "synthese",
            "Synthèse du premier tour",
            "Réponses motivées et rapport public.",
            "",
            closed_at + DAY,
            closed_at + 30 * DAY,
        ),
        (
            "information",
            "Annonce du second tour",
            "Calendrier et règles publiés, réunions d'information.",
            "",
            today - 45 * DAY,
            today - 31 * DAY,
        ),
        (
            "contributions",
            "Second tour : appel à propositions",
            "Propositions en ligne, par téléphone et dans les ateliers.",
            "",
            today - 30 * DAY,
            today + 30 * DAY,
        ),
        (
            "atelier",
            "Atelier régional de Bouaké",
            "Fiches papier et propositions sur place.",
            "Bouaké",
            workshop_day,
            workshop_day,
        ),
        (
            "atelier",
            "Atelier régional de Korhogo",
            "Fiches papier et propositions sur place.",
            "Korhogo",
            today,
            today,
        ),
        (
            "synthese",
            "Synthèse et réponses motivées",
            "Chaque proposition reçoit une réponse.",
            "",
            today + 31 * DAY,
            today + 45 * DAY,
        ),
        (
            "restitution",
            "Restitution publique",
            "Présentation du projet de plan d'action.",
            "Abidjan",
            today + 60 * DAY,
            today + 60 * DAY,
        ),
    ];
    let published_at = closed_at - 85 * DAY;
    for (kind, title, description, place, starts, ends) in phases {
        let (title, description) = (typo(title), typo(description));
        timeline::insert_phase(
            c,
            &timeline::NewPhase {
                kind,
                title: &title,
                description: &description,
                place,
                starts_on: &date(starts),
                ends_on: &date(ends),
            },
            published_at - DAY,
        )?;
        summary.phases += 1;
    }
    settings::set(
        c,
        settings::TIMELINE_PUBLISHED_AT,
        &published_at.to_string(),
    )?;

    let meetings = [
        (
            forum_day,
            "Ministère fictif de la Formation, salle du conseil",
            [9, 12, 4],
            "Calendrier de co-création ; règles de la consultation ; choix des lieux des ateliers.",
            forum_minutes,
        ),
        (
            today - 25 * DAY,
            "En ligne et à Bouaké",
            [11, 15, 6],
            "Bilan du premier tour ; préparation du second tour.",
            None,
        ),
    ];
    for (day, place, participants, agenda, minutes) in meetings {
        let agenda = typo(agenda);
        timeline::insert_meeting(
            c,
            &timeline::NewMeeting {
                held_on: &date(day),
                place,
                participants,
                agenda: &agenda,
                minutes_document_id: minutes,
            },
            day + DAY,
        )?;
        summary.meetings += 1;
    }
    Ok(())
}
