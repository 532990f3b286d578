//! The words of the fictional consultation: proposals, comments, answers, people and
//! organisations. Clearly made up (no real person, no real organisation), written the way
//! participants and a ministry write. `{a}` stands for where it happens ("à Korhogo", "dans
//! tout le pays"). French typography (non-breaking spaces) is applied by `typo`.

/// A proposal's words, for one theme.
pub struct Idea {
    pub theme: &'static str,
    pub title: &'static str,
    pub problem: &'static str,
    pub solution: &'static str,
    pub benefit: &'static str,
}

const fn idea(
    theme: &'static str,
    title: &'static str,
    problem: &'static str,
    solution: &'static str,
    benefit: &'static str,
) -> Idea {
    Idea {
        theme,
        title,
        problem,
        solution,
        benefit,
    }
}

/// Ordinary proposals, about every theme of the shipped list.
pub static IDEAS: [Idea; 47] = [
    idea(
        "budget",
        "Afficher le budget de la mairie chaque trimestre",
        "Les habitants {a} ne savent pas combien la mairie reçoit ni comment l'argent est dépensé.",
        "Afficher un résumé du budget et des dépenses chaque trimestre à la mairie, au marché et le lire sur la radio locale.",
        "Les habitants pourront suivre les dépenses et poser leurs questions aux élus.",
    ),
    idea(
        "budget",
        "Un budget citoyen simple, en français et en langues locales",
        "Le budget de l'État est un document très long que presque personne ne lit {a}.",
        "Préparer chaque année un budget citoyen de quelques pages, avec des dessins, traduit en dioula, en baoulé et en sénoufo.",
        "Plus de citoyens comprendront les choix budgétaires.",
    ),
    idea(
        "budget",
        "Des audiences publiques avant le vote du budget régional",
        "Le conseil régional vote son budget sans consulter la population {a}.",
        "Tenir une audience publique ouverte à tous avant le vote, annoncée deux semaines à l'avance.",
        "",
    ),
    idea(
        "gouvernance-locale",
        "Un budget participatif dans les communes",
        "Les quartiers {a} ne sont pas consultés sur le choix des petits travaux : caniveaux, éclairage, latrines.",
        "Réserver une part du budget communal à des projets choisis par les habitants lors d'assemblées de quartier.",
        "Des travaux qui répondent aux vrais besoins des quartiers.",
    ),
    idea(
        "gouvernance-locale",
        "Rendre publics les comptes rendus du conseil municipal",
        "Les décisions du conseil municipal {a} ne sont connues que par le bouche-à-oreille.",
        "Afficher les comptes rendus à la mairie et les partager sur un groupe WhatsApp ouvert aux habitants, dans la semaine qui suit.",
        "",
    ),
    idea(
        "anticorruption",
        "Un numéro vert pour signaler le racket",
        "Des usagers {a} doivent payer de l'argent non prévu aux barrages et dans certains services.",
        "Un numéro vert gratuit et anonyme, avec un bilan des signalements publié chaque mois.",
        "Moins de racket et plus de confiance dans les services publics.",
    ),
    idea(
        "anticorruption",
        "Protéger les personnes qui signalent la corruption",
        "Les personnes qui signalent des abus {a} ont peur de perdre leur emploi.",
        "Adopter une loi de protection des lanceurs d'alerte et ouvrir un guichet confidentiel.",
        "",
    ),
    idea(
        "anticorruption",
        "Publier la liste des marchés publics attribués",
        "On ne sait pas qui a obtenu les marchés de construction d'écoles et de routes {a}.",
        "Publier et afficher en préfecture chaque marché attribué : entreprise, montant, délai.",
        "Les citoyens pourront vérifier que les travaux sont faits.",
    ),
    idea(
        "patrimoine",
        "Publier les déclarations de patrimoine des hauts responsables",
        "Les déclarations de patrimoine existent mais les citoyens ne peuvent pas les consulter.",
        "Publier un résumé des déclarations des ministres et des directeurs généraux, mis à jour chaque année.",
        "",
    ),
    idea(
        "patrimoine",
        "Déclarer les conflits d'intérêts dans les commissions de marchés",
        "Des responsables {a} attribuent des marchés à des entreprises de leurs proches.",
        "Chaque membre d'une commission d'attribution déclare par écrit ses liens avec les entreprises candidates.",
        "Des marchés attribués de façon plus juste.",
    ),
    idea(
        "acces-information",
        "Un responsable de l'accès à l'information dans chaque administration",
        "Quand on demande un document {a}, personne ne sait qui doit répondre.",
        "Nommer dans chaque administration une personne chargée de répondre aux demandes dans un délai d'un mois.",
        "",
    ),
    idea(
        "acces-information",
        "Afficher les tarifs officiels des services publics",
        "Les usagers {a} ne connaissent pas le prix officiel d'un extrait d'acte de naissance ou d'un certificat.",
        "Afficher les tarifs officiels à l'entrée de chaque service et les annoncer à la radio.",
        "Les usagers ne paieront plus de frais inventés.",
    ),
    idea(
        "acces-information",
        "Expliquer les décisions publiques à la radio de proximité",
        "Beaucoup d'habitants {a} n'ont pas Internet et n'apprennent pas les décisions qui les concernent.",
        "Une émission chaque semaine sur les radios de proximité pour expliquer les décisions publiques, avec les questions des auditeurs.",
        "",
    ),
    idea(
        "donnees-ouvertes",
        "Publier les données des écoles en données ouvertes",
        "Les parents {a} ne peuvent pas comparer les écoles : effectifs, enseignants, résultats aux examens.",
        "Publier chaque année un fichier ouvert avec les données de chaque école, téléchargeable gratuitement.",
        "Des choix éclairés pour les parents et les élus.",
    ),
    idea(
        "donnees-ouvertes",
        "Ouvrir les données sur la qualité de l'eau",
        "On ne sait pas si l'eau distribuée {a} est contrôlée régulièrement.",
        "Publier chaque mois les résultats des analyses de l'eau par localité, dans un format ouvert.",
        "",
    ),
    idea(
        "services-publics",
        "Réduire l'attente pour les actes d'état civil",
        "Obtenir un acte de naissance {a} demande plusieurs allers-retours et parfois des semaines.",
        "Un guichet unique avec un délai affiché et un ticket de suivi par SMS.",
        "Moins de journées de travail perdues pour les familles.",
    ),
    idea(
        "services-publics",
        "Recueillir l'avis des usagers après chaque démarche",
        "Les usagers {a} n'ont aucun moyen de dire si le service a été bien rendu.",
        "Une boîte à avis et un numéro court pour noter le service, avec un bilan publié chaque trimestre.",
        "",
    ),
    idea(
        "services-publics",
        "Ouvrir les guichets administratifs le samedi matin",
        "Les personnes qui travaillent {a} ne peuvent pas se rendre dans les services en semaine.",
        "Ouvrir les principaux guichets le samedi matin, à tour de rôle.",
        "",
    ),
    idea(
        "sante",
        "Afficher la liste des soins gratuits dans les centres de santé",
        "Des patients {a} paient des soins et des médicaments qui devraient être gratuits.",
        "Afficher la liste des soins et médicaments gratuits à l'entrée de chaque centre de santé, avec un numéro pour signaler les abus.",
        "Moins de renoncement aux soins.",
    ),
    idea(
        "sante",
        "Publier les stocks de médicaments des pharmacies publiques",
        "Les ruptures de stock {a} obligent les malades à faire de longs trajets.",
        "Publier chaque semaine l'état des stocks des pharmacies publiques, par district sanitaire.",
        "",
    ),
    idea(
        "sante",
        "Réunir les comités de gestion des centres de santé",
        "Les comités de gestion des centres de santé {a} ne se réunissent presque jamais.",
        "Réunir chaque comité tous les trois mois et afficher ses comptes au centre de santé.",
        "",
    ),
    idea(
        "education",
        "Afficher les subventions reçues par chaque école",
        "Les parents d'élèves {a} ne savent pas ce que reçoit l'école ni comment l'argent est utilisé.",
        "Afficher au tableau de l'école les subventions reçues et les dépenses, chaque trimestre.",
        "Plus de confiance entre parents et enseignants.",
    ),
    idea(
        "education",
        "Rendre transparentes les cotisations des COGES",
        "Les cotisations demandées aux parents {a} varient d'une école à l'autre sans explication.",
        "Fixer un plafond national et publier les comptes des comités de gestion des écoles (COGES).",
        "",
    ),
    idea(
        "education",
        "Distribuer les kits scolaires à la rentrée",
        "Les kits scolaires arrivent {a} plusieurs mois après la rentrée.",
        "Publier le calendrier de distribution des kits et permettre aux parents de signaler les retards.",
        "",
    ),
    idea(
        "vie-chere",
        "Publier chaque semaine les prix des produits de première nécessité",
        "Les prix du riz, de l'huile et du sucre {a} changent d'un commerçant à l'autre.",
        "Afficher chaque semaine les prix de référence dans les marchés et les envoyer par SMS.",
        "Les ménages pourront mieux défendre leur budget.",
    ),
    idea(
        "vie-chere",
        "Plus de contrôles des prix sur les marchés",
        "Les prix plafonnés ne sont pas respectés {a}.",
        "Plus de contrôleurs sur les marchés et un numéro pour signaler les abus, avec les résultats publiés.",
        "",
    ),
    idea(
        "foncier",
        "Rendre public le registre des terrains",
        "Les conflits fonciers {a} viennent souvent de terrains vendus deux fois.",
        "Un registre public des terrains et des titres, consultable à la mairie et en ligne.",
        "Moins de conflits et de procès.",
    ),
    idea(
        "foncier",
        "Simplifier l'obtention du certificat foncier",
        "Obtenir un certificat foncier {a} coûte cher et prend des années.",
        "Publier les étapes, les coûts et les délais officiels, et suivre chaque dossier par un numéro.",
        "",
    ),
    idea(
        "foncier",
        "Afficher les permis de construire accordés",
        "Des constructions {a} bouchent les caniveaux et on ne sait pas si elles sont autorisées.",
        "Afficher la liste des permis de construire accordés, avec l'adresse et la date.",
        "",
    ),
    idea(
        "environnement",
        "Publier l'usage des taxes sur les ordures",
        "On paie une taxe sur les ordures {a} mais elles ne sont pas ramassées.",
        "Publier les recettes de cette taxe et les contrats de ramassage, avec le calendrier de passage par quartier.",
        "Des quartiers plus propres.",
    ),
    idea(
        "environnement",
        "Informer les riverains des coupes dans les forêts classées",
        "Les forêts classées disparaissent sans que les villages voisins soient informés des autorisations données.",
        "Publier chaque autorisation d'exploitation et réunir les villages voisins avant toute coupe.",
        "",
    ),
    idea(
        "environnement",
        "Un budget vert contre les inondations",
        "Les inondations {a} reviennent chaque saison des pluies.",
        "Repérer dans le budget les dépenses liées au climat et publier leur suivi chaque année.",
        "",
    ),
    idea(
        "ressources-naturelles",
        "Publier les contrats miniers et leurs revenus",
        "Les villages proches des mines ne savent pas ce que l'État reçoit des sociétés minières.",
        "Publier tous les contrats miniers et les paiements reçus, région par région.",
        "",
    ),
    idea(
        "ressources-naturelles",
        "Rendre compte du fonds de développement local minier",
        "Le fonds de développement local {a} existe mais personne ne sait comment il est dépensé.",
        "Publier les comptes du fonds et associer les chefs de village, les femmes et les jeunes à son comité.",
        "",
    ),
    idea(
        "justice",
        "Publier les décisions de justice",
        "Les citoyens {a} ne peuvent pas consulter les décisions des tribunaux.",
        "Publier les décisions, sans le nom des personnes, sur un site public.",
        "",
    ),
    idea(
        "justice",
        "Afficher les frais de justice officiels",
        "Les justiciables {a} ne connaissent pas les frais officiels et paient parfois des intermédiaires.",
        "Afficher les frais officiels dans chaque tribunal et ouvrir un bureau d'accueil gratuit.",
        "",
    ),
    idea(
        "espace-civique",
        "Simplifier la déclaration des associations",
        "Déclarer une association {a} prend plusieurs mois.",
        "Un délai d'un mois au plus et un récépissé remis dès le dépôt du dossier.",
        "",
    ),
    idea(
        "espace-civique",
        "Protéger les journalistes des radios de proximité",
        "Les journalistes des radios locales {a} subissent des pressions quand ils parlent des affaires publiques.",
        "Un mécanisme d'alerte et de protection, avec un rapport annuel public.",
        "",
    ),
    idea(
        "participation",
        "Consulter les jeunes avant les décisions qui les concernent",
        "Les jeunes {a} ne sont presque jamais consultés.",
        "Un conseil consultatif des jeunes dans chaque région, réuni deux fois par an.",
        "Des politiques mieux adaptées aux jeunes.",
    ),
    idea(
        "participation",
        "Des consultations dans les langues locales",
        "Beaucoup de personnes {a} ne lisent pas le français et ne participent pas aux consultations.",
        "Prévoir des animateurs qui traduisent et des fiches papier illustrées.",
        "",
    ),
    idea(
        "participation",
        "Dire ce que deviennent les idées des participants",
        "Après les consultations, les participants {a} ne savent jamais ce que sont devenues leurs idées.",
        "Publier une réponse motivée pour chaque proposition reçue.",
        "",
    ),
    idea(
        "numerique",
        "Des points d'accès numériques dans les mairies",
        "Les habitants {a} sans smartphone ne peuvent pas faire les démarches en ligne.",
        "Un ordinateur et un agent pour aider aux démarches en ligne dans chaque mairie.",
        "",
    ),
    idea(
        "numerique",
        "Suivre sa demande administrative par SMS",
        "Les usagers {a} doivent revenir plusieurs fois pour savoir où en est leur dossier.",
        "Envoyer un SMS à chaque étape du traitement du dossier.",
        "Moins de déplacements inutiles.",
    ),
    idea(
        "genre-inclusion",
        "Plus de femmes dans les comités de gestion locaux",
        "Les femmes {a} sont peu présentes dans les comités de gestion des écoles et des centres de santé.",
        "Réserver au moins un tiers des places aux femmes et publier la composition des comités.",
        "",
    ),
    idea(
        "genre-inclusion",
        "Des services publics accessibles aux personnes handicapées",
        "Les bâtiments publics {a} n'ont souvent ni rampe ni accueil adapté.",
        "Un plan de mise en accessibilité publié avec son calendrier.",
        "",
    ),
    idea(
        "genre-inclusion",
        "Publier les dépenses pour l'emploi des jeunes",
        "Les programmes pour l'emploi des jeunes {a} sont nombreux mais leurs résultats ne sont pas connus.",
        "Publier chaque année le nombre de bénéficiaires et les dépenses, par région.",
        "",
    ),
    idea(
        "autre",
        "Un prix de la commune la plus transparente",
        "Les communes {a} n'ont aucune raison de faire mieux que les autres.",
        "Un classement annuel des communes selon les informations qu'elles publient.",
        "",
    ),
];

/// Look-alike proposals sent by different people: the merging exercise. The last group is
/// merged already (in the closed consultation), to show what a merge looks like.
pub static DUPLICATES: [&[Idea]; 4] = [
    &[
        idea(
            "budget",
            "Partager le budget de la commune sur WhatsApp",
            "Personne ne voit le budget de la commune {a}, alors que tout le monde a WhatsApp.",
            "Envoyer le budget de la commune et ses mises à jour sur un groupe WhatsApp ouvert à tous.",
            "",
        ),
        idea(
            "budget",
            "Envoyer le budget communal sur les groupes WhatsApp",
            "Le budget communal {a} est affiché dans un bureau où personne ne va.",
            "La mairie peut envoyer le budget en photo et en message vocal sur les groupes WhatsApp des quartiers.",
            "",
        ),
        idea(
            "budget",
            "Budget de la mairie : le publier sur WhatsApp",
            "On ne sait pas comment la mairie dépense l'argent {a}.",
            "Publier le budget de la mairie sur WhatsApp, avec un message vocal en langue locale.",
            "",
        ),
    ],
    &[
        idea(
            "anticorruption",
            "Un numéro vert contre la corruption",
            "Il n'existe pas de moyen simple de signaler un agent qui demande de l'argent {a}.",
            "Un numéro vert gratuit pour signaler la corruption, avec un suivi des plaintes.",
            "",
        ),
        idea(
            "anticorruption",
            "Numéro gratuit pour dénoncer la corruption",
            "Les victimes de corruption {a} ne savent pas à qui s'adresser.",
            "Créer un numéro gratuit et anonyme pour dénoncer les faits de corruption.",
            "",
        ),
    ],
    &[
        idea(
            "services-publics",
            "Délais trop longs pour la carte nationale d'identité",
            "Il faut attendre des mois pour avoir sa carte nationale d'identité {a}.",
            "Afficher un délai maximum et envoyer un SMS quand la carte est prête.",
            "",
        ),
        idea(
            "services-publics",
            "Réduire les délais de délivrance de la CNI",
            "Les délais pour obtenir la CNI {a} empêchent des jeunes de passer leurs examens.",
            "Un délai maximum de deux mois, affiché dans chaque centre d'enrôlement.",
            "",
        ),
    ],
    &[
        idea(
            "acces-information",
            "Publier les rapports de contrôle des finances publiques",
            "Les rapports de contrôle des finances publiques ne sont pas connus {a}.",
            "Publier chaque rapport de contrôle en entier, avec un résumé simple.",
            "",
        ),
        idea(
            "acces-information",
            "Rendre publics les rapports de contrôle",
            "Les citoyens {a} n'ont pas accès aux rapports des organes de contrôle.",
            "Mettre tous les rapports de contrôle en ligne dans le mois qui suit leur remise.",
            "",
        ),
    ],
];

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
