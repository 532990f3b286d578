//! Everything written around the proposals: the ones withheld and why, comments, names,
//! organisations, answers and commitments; and `typo`, the French typography.

/// What moderators withhold, with the reason (and note for "autre") a moderator gives.
pub struct Withheld {
    pub title: &'static str,
    pub problem: &'static str,
    pub solution: &'static str,
    pub reason: &'static str,
    pub note: &'static str,
}

const fn withheld(
    title: &'static str,
    problem: &'static str,
    solution: &'static str,
    reason: &'static str,
    note: &'static str,
) -> Withheld {
    Withheld {
        title,
        problem,
        solution,
        reason,
        note,
    }
}

pub static WITHHELD: [Withheld; 11] = [
    withheld(
        "Parcelles à vendre, prix imbattables",
        "Parcelles disponibles tout de suite, papiers en règle.",
        "Contactez notre agence pour visiter, paiement en plusieurs fois possible.",
        "publicite",
        "",
    ),
    withheld(
        "Tous des incapables",
        "Les responsables sont tous des incapables et des voleurs.",
        "Il faut tous les chasser.",
        "injurieux",
        "",
    ),
    withheld(
        "Le gestionnaire du marché détourne les taxes",
        "Le gestionnaire du marché, M. Exemple Fictif, qui habite derrière la pharmacie, garde les taxes pour lui. Son numéro : 00 00 00 00 00.",
        "Qu'on le renvoie.",
        "donnees-personnelles",
        "",
    ),
    withheld(
        "Résultats du championnat de football",
        "Notre équipe de quartier a été mal arbitrée dimanche dernier.",
        "Changer d'arbitre pour le match retour.",
        "hors-sujet",
        "",
    ),
    withheld(
        "Réduire les délais de délivrance de la CNI",
        "Les délais pour obtenir la CNI sont trop longs.",
        "Un délai maximum de deux mois.",
        "doublon",
        "",
    ),
    withheld(
        "test",
        "test test",
        "essai",
        "autre",
        "Message d'essai envoyé par erreur pendant la démonstration.",
    ),
    withheld(
        "Crédit téléphonique moins cher",
        "Rechargez votre crédit avec 20 % de bonus.",
        "Envoyez un message pour recevoir l'offre.",
        "publicite",
        "",
    ),
    withheld(
        "Ma voisine fait trop de bruit",
        "Ma voisine, Mme Exemple, met la musique trop fort tous les soirs.",
        "Que la police passe chez elle.",
        "hors-sujet",
        "",
    ),
    withheld(
        "Vous êtes nuls",
        "Cette consultation ne sert à rien, vous êtes nuls.",
        "Rien.",
        "injurieux",
        "",
    ),
    withheld(
        "Numéro vert contre la corruption",
        "Il faut un numéro vert.",
        "Un numéro vert.",
        "doublon",
        "",
    ),
    withheld(
        "Liste des enseignants absents",
        "Voici les noms et numéros des enseignants absents de notre école : M. Fictif A., Mme Fictive B.",
        "Les sanctionner.",
        "donnees-personnelles",
        "",
    ),
];

/// Waiting for moderation, and easy to judge: the moderation exercise has something to
/// withhold as well as things to publish.
pub static PENDING_TO_WITHHOLD: [Withheld; 2] = [
    withheld(
        "Vente de groupes électrogènes",
        "Groupes électrogènes neufs et d'occasion, livraison dans toute la région.",
        "Passez à notre boutique, prix de gros pour les mairies.",
        "publicite",
        "",
    ),
    withheld(
        "Le chef de service demande de l'argent",
        "Le chef du service des impôts, M. Exemple Inventé, joignable au 00 00 00 00 01, demande 5 000 francs pour chaque dossier.",
        "Qu'il soit sanctionné.",
        "donnees-personnelles",
        "",
    ),
];

pub static COMMENTS: [&str; 22] = [
    "Très bonne idée, il faut commencer par les petites communes.",
    "Je soutiens. Chez nous c'est exactement la même chose.",
    "Il faudrait aussi penser aux personnes qui ne savent pas lire.",
    "Qui va financer cela ?",
    "La radio locale peut aider à faire connaître cette mesure.",
    "C'est déjà prévu par les textes, il faut surtout les appliquer.",
    "Bonne proposition, mais il faut un calendrier précis.",
    "Les femmes du marché sont d'accord avec cette idée.",
    "Il faut associer les chefs de village dès le début.",
    "Attention au coût pour les usagers les plus pauvres.",
    "Notre association l'a essayé dans deux quartiers, cela marche bien.",
    "Pourquoi pas, mais qui va contrôler ?",
    "Il faut que les résultats soient publiés chaque année.",
    "Proposition utile pour les jeunes de notre région.",
    "Le même problème existe dans notre sous-préfecture.",
    "Il faudrait un exemple pilote dans une région avant de généraliser.",
    "Merci pour cette proposition claire.",
    "Les élèves et les parents seraient les premiers à en profiter.",
    "Il faut aussi former les agents qui vont l'appliquer.",
    "D'accord, à condition que ce soit gratuit pour les usagers.",
    "Les personnes âgées ont besoin d'aide pour ce genre de démarche.",
    "Ce serait un vrai progrès pour la transparence.",
];

/// Comments waiting for moderation; the last one carries personal data.
pub static PENDING_COMMENTS: [&str; 4] = [
    "Je ne suis pas d'accord, cela coûtera trop cher.",
    "Voir aussi la proposition sur le budget citoyen, c'est lié.",
    "Bravo, enfin quelqu'un qui en parle !",
    "Appelez-moi au 00 00 00 00 02 pour en parler, je connais bien le dossier.",
];

pub static WITHHELD_COMMENT: (&str, &str) = (
    "Achetez vos pagnes en gros, livraison rapide, écrivez-nous.",
    "publicite",
);

/// First names and initials: nobody real.
pub static NAMES: [(&str, &str); 24] = [
    ("Aya K.", "aya.k"),
    ("Koffi B.", "koffi.b"),
    ("Mariam T.", "mariam.t"),
    ("Yao N.", "yao.n"),
    ("Adjoua S.", "adjoua.s"),
    ("Seydou C.", "seydou.c"),
    ("Fatou D.", "fatou.d"),
    ("Kouamé A.", "kouame.a"),
    ("Awa O.", "awa.o"),
    ("Ibrahim S.", "ibrahim.s"),
    ("Affoué G.", "affoue.g"),
    ("Drissa K.", "drissa.k"),
    ("Bintou F.", "bintou.f"),
    ("Serge Y.", "serge.y"),
    ("Nadège Z.", "nadege.z"),
    ("Moussa T.", "moussa.t"),
    ("Akissi L.", "akissi.l"),
    ("Jean-Marc E.", "jeanmarc.e"),
    ("Salimata B.", "salimata.b"),
    ("Hervé K.", "herve.k"),
    ("Rokia D.", "rokia.d"),
    ("Edwige A.", "edwige.a"),
    ("Lassina O.", "lassina.o"),
    ("Prisca M.", "prisca.m"),
];

/// Made-up organisations by contributor type; `{v}` is a town.
pub fn organisation(contributor_type: &str) -> &'static [&'static str] {
    match contributor_type {
        "osc" => &[
            "Association des femmes commerçantes de {v}",
            "Collectif des jeunes pour la transparence de {v}",
            "ONG Lumière du savoir (fictive)",
            "Ligue fictive des consommateurs",
        ],
        "secteur-prive" => &[
            "Groupement des transporteurs de {v}",
            "Coopérative agricole de {v}",
        ],
        "administration" => &["Direction régionale fictive de {v}"],
        "collectivite" => &["Mairie fictive de {v}", "Conseil régional (exemple)"],
        "universite" => &["Laboratoire fictif de sciences sociales"],
        "media" => &["Radio de proximité de {v}"],
        "partenaire" => &["Programme fictif d'appui à la gouvernance"],
        _ => &[],
    }
}

/// The commitments of the draft action plan that retained proposals point to.
pub fn commitment(theme: &str) -> &'static str {
    match theme {
        "budget" | "gouvernance-locale" => "Engagement 1 — Un budget citoyen dans chaque région",
        "anticorruption" | "patrimoine" | "justice" => {
            "Engagement 2 — Un registre public des marchés et des déclarations"
        }
        "acces-information" | "espace-civique" | "numerique" => {
            "Engagement 3 — Un responsable de l'accès à l'information par administration"
        }
        "participation" | "genre-inclusion" => {
            "Engagement 4 — Des consultations dans les langues locales"
        }
        _ => "Engagement 5 — Des données ouvertes sur l'école, la santé et l'eau",
    }
}

/// The written answer for a status (`{c}`: the commitment).
pub fn answer(status: &str, variant: usize) -> &'static str {
    match status {
        "retenue" => {
            "Proposition retenue : elle est reprise dans le projet d'engagement « {c} ». Le groupe de travail précisera le calendrier avec les organisations qui l'ont portée."
        }
        "retenue-en-partie" => {
            "Retenue en partie : l'idée est reprise dans l'engagement « {c} », mais pas la partie qui demande une nouvelle loi, qui dépasse la durée de ce plan d'action."
        }
        "non-retenue" if variant.is_multiple_of(2) => {
            "Non retenue : cette mesure existe déjà dans les textes ; le problème signalé vient de son application, que le ministère suivra avec les services concernés."
        }
        "non-retenue" => {
            "Non retenue pour ce plan d'action : son coût ne peut pas être financé sur la période. Elle sera examinée de nouveau lors du prochain plan."
        }
        "hors-champ" => {
            "Hors du champ du plan d'action : cette demande relève de la gestion courante de la collectivité. Elle a été transmise au service concerné."
        }
        "en-analyse" if variant.is_multiple_of(3) => {
            "En cours d'examen par le groupe de travail thématique."
        }
        _ => "",
    }
}

/// French typography: a non-breaking space before `: ; ! ?` and inside « ».
pub fn typo(s: &str) -> String {
    s.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{a0};")
        .replace(" !", "\u{a0}!")
        .replace(" ?", "\u{a0}?")
        .replace("« ", "«\u{a0}")
        .replace(" »", "\u{a0}»")
        .replace(" %", "\u{a0}%")
}
