## Résultats : exports, données ouvertes, tableau de bord, synthèse

exports-title = Exporter les données
exports-intro = Téléchargez les contributions pour les analyser dans un tableur. Les fichiers CSV s'ouvrent directement dans Excel ou LibreOffice, accents compris.
exports-contact-admin = Vous êtes administratrice ou administrateur : les exports de propositions contiennent les contacts des personnes qui ont accepté d'être recontactées. Ne les diffusez pas.
exports-contact-none = Les exports ne contiennent aucun contact : seuls les administrateurs y ont accès.
exports-what = Données
exports-propositions = Propositions
exports-commentaires = Commentaires
exports-soutiens = Soutiens (comptés par proposition)
exports-historique = Historique des décisions
exports-semicolon-hint = Le CSV pour Excel sépare les colonnes par des points-virgules, comme l'attend Excel en français. Choisissez « CSV virgule » pour un logiciel qui attend des virgules. Les statuts, canaux et motifs sont écrits en toutes lettres ; leurs codes sont dans les dernières colonnes.
opendata-title = Données ouvertes
opendata-intro = Les propositions publiées, avec leur statut et la réponse de l'administration, sont librement réutilisables.
opendata-csv = Propositions (CSV)
opendata-xlsx = Propositions (Excel, XLSX)
opendata-json = Propositions (JSON)
opendata-api = Interface de programmation (description OpenAPI)
opendata-licence = Licence :
opendata-no-personal = Ces fichiers ne contiennent aucune donnée personnelle : ni nom, ni contact.
opendata-columns = Description des colonnes
opendata-column = Colonne
opendata-meaning = Contenu
licence-licence-ouverte = Licence Ouverte / Open Licence 2.0
licence-odbl = Open Database License (ODbL) 1.0
col-reference = Référence de la proposition (P-0142).
col-consultation = Consultation à laquelle elle répond.
col-titre = Titre donné par l'auteur.
col-probleme = Problème constaté.
col-solution = Solution proposée.
col-benefice = Bénéfice attendu (facultatif).
col-theme = Code du thème.
col-theme-libelle = Nom du thème.
col-zone = Code de la région ou du district concerné.
col-zone-libelle = Nom de la région ou du district.
col-district = District de rattachement.
col-type-contributeur = Type de contributeur (citoyen, OSC, secteur privé…).
col-valeurs-pgo = Valeurs du PGO cochées, séparées par des virgules.
col-organisation = Organisation, si l'auteur l'a donnée.
col-langue = Langue de la contribution (code ISO 639).
col-canal = Canal : en ligne, atelier, formulaire papier…
col-statut = Statut : reçue, en analyse, retenue, retenue en partie, fusionnée, non retenue, hors champ.
col-reponse = Réponse motivée de l'administration.
col-engagement = Engagement du plan d'action issu de la proposition.
col-fusionnee-avec = Référence de la proposition qui l'a absorbée, si elle a été fusionnée.
col-soutiens = Nombre de soutiens.
col-commentaires = Nombre de commentaires publiés.
col-recue-le = Date et heure de réception (UTC, heure de Côte d'Ivoire).
col-repondue-le = Date et heure de la dernière réponse.
stats-title = Résultats
stats-none = Rien pour le moment.
stats-label = Catégorie
stats-count = Nombre
stats-proposals = { $n ->
    [one] proposition reçue
   *[other] propositions reçues
}
stats-published = { $n ->
    [one] publiée
   *[other] publiées
}
stats-supports = { $n ->
    [one] soutien
   *[other] soutiens
}
stats-comments = { $n ->
    [one] commentaire
   *[other] commentaires
}
stats-waiting-moderation = { $n ->
    [0] Aucune contribution n'attend de relecture
    [one] { $n } contribution attend une relecture
   *[other] { $n } contributions attendent une relecture
}
stats-waiting-answer = { $n ->
    [0] Aucune proposition publiée n'attend de réponse
    [one] { $n } proposition publiée attend une réponse
   *[other] { $n } propositions publiées attendent une réponse
}
workload-title = Ce qui attend
workload-to-review = { $n ->
    [one] contribution à relire
   *[other] contributions à relire
}
workload-waiting-answer = { $n ->
    [one] proposition publiée attend une réponse
   *[other] propositions publiées attendent une réponse
}
workload-today = { $n ->
    [one] proposition reçue aujourd'hui
   *[other] propositions reçues aujourd'hui
}
workload-this-week = { $n ->
    [one] proposition reçue cette semaine
   *[other] propositions reçues cette semaine
}
stats-by-consultation = Propositions par consultation
stats-by-theme = Propositions par thème
stats-by-district = Propositions par district (régions additionnées)
stats-by-zone = Propositions par région ou district autonome
stats-by-channel = Propositions par canal
stats-by-contributor = Propositions par type de contributeur
stats-by-language = Propositions par langue
stats-by-status = Propositions par statut
stats-by-week = Propositions reçues par semaine (date du lundi)
synthesis-title = Synthèse et réponse motivée
synthesis-generated = Document établi le { $date }.
synthesis-process = Le processus
synthesis-figures = Les chiffres
synthesis-commitments = Propositions retenues, par engagement
synthesis-no-commitment = Aucune proposition retenue n'est encore rattachée à un engagement.
synthesis-by-theme = Chaque proposition et la réponse de l'administration, par thème
synthesis-print-hint = Pour l'imprimer ou en faire un PDF, utilisez la commande Imprimer du navigateur (format A4).
synthesis-publish = Publier cette synthèse dans la bibliothèque
synthesis-published = La synthèse est publiée dans la bibliothèque de documents (catégorie « Synthèses »).
synthesis-doc-title = Synthèse et réponse motivée du { $date }
synthesis-doc-summary = Copie figée de la synthèse : chiffres de la consultation et réponse à chaque proposition.
settings-licence = Licence des données ouvertes
settings-error-licence = Choisissez une licence dans la liste.

## Reference code and public address
settings-refcode = Code des références de cet ordinateur
settings-refcode-hint = « P » pour le site national. Chaque ordinateur d'atelier a son propre code (par exemple KRH pour Korhogo) : ses références (KRH-0001…) restent les mêmes une fois importées sur le site national. De 1 à 5 lettres ou chiffres.
refcode-error-empty = Indiquez un code (P pour le site national).
refcode-error-format = Le code doit faire de 1 à 5 lettres ou chiffres, en commençant par une lettre (par exemple KRH).
settings-address = Adresse publique du site
settings-address-hint = L'adresse où tout le monde joint le site national, par exemple https://pgo.gouv.ci. Elle sert dans les liens de suivi et de partage. Sur un ordinateur d'atelier, mettez l'adresse du site national : les reçus y renverront. Laissez vide si vous n'en avez pas.
address-error-scheme = L'adresse doit commencer par https:// ou http://
address-error-format = Cette adresse n'est pas valable : seulement le nom du site, par exemple https://pgo.gouv.ci
synthesis-workshop-line = Atelier : { $place } — { $date }
stats-week-of = semaine du { $date }
exports-csv-excel = CSV (Excel)
exports-csv-other = CSV virgule

## Sauvegarde (/admin/sauvegarde)

backup-title = Sauvegarde
backup-link = Sauvegarde
backup-copy-title = Copie de toute la consultation
backup-copy-intro = Un seul fichier contient tout : propositions, commentaires, soutiens, réponses, comptes de l'équipe, réglages, bibliothèque et logo. Il est fait pendant que le site tourne, sans rien arrêter.
backup-copy-button = Télécharger une sauvegarde
backup-copy-personal = Ce fichier contient les contacts des participants et les mots de passe chiffrés de l'équipe : gardez-le sur une clé ou un disque rangé, jamais dans un courriel. Chaque téléchargement est noté dans le journal.
backup-command = Sur l'ordinateur ou le serveur de Palabre, la même copie se fait en ligne de commande :
backup-data-dir = Dossier des données de ce site : { $dir }
backup-replication-title = Réplication continue (Litestream)
backup-replication-off = Pas de réplication continue : aucune copie ne se fait toute seule. Faites une sauvegarde chaque soir de consultation.
backup-replication-how = Sur un serveur, Litestream peut copier chaque changement, en une seconde, vers un autre serveur (SFTP) ou un stockage S3. Palabre le voit au dossier { $folder }.
backup-replication-guide = Héberger le site national sur un serveur (guide, chapitre 13)
backup-replication-following = Réplication continue en marche : Litestream suit la base ; dernier changement pris en charge le { $when }. Cette page voit Litestream sur ce serveur, pas la copie distante : chaque semaine, lisez aussi son journal (journalctl -u litestream).
backup-replication-behind = Litestream ne suit plus la base : dernier changement pris en charge le { $when }, et la base a changé depuis. Vérifiez que Litestream tourne ; en attendant, téléchargez une sauvegarde. Au bout de 10 minutes, Palabre reprend lui-même le rangement du journal de la base.
backup-replication-never = Litestream est installé à côté de la base mais n'a encore rien pris en charge. Vérifiez qu'il tourne ; en attendant, téléchargez une sauvegarde.
backup-replication-checkpoints = Tant que Litestream est là, Palabre lui laisse le rangement du journal de la base (les « checkpoints »), pour que les deux programmes ne le fassent jamais en même temps.
cli-backup-replication-off = Réplication continue : aucune (pas de dossier Litestream à côté de la base).
cli-backup-replication-following = Réplication continue (Litestream) : suit la base ; dernier changement pris en charge le { $when } (la copie distante se vérifie dans le journal de Litestream).
cli-backup-replication-behind = Attention : Litestream ne suit plus la base ; dernier changement pris en charge le { $when }, la base a changé depuis. Vérifiez que Litestream tourne.
cli-backup-replication-never = Attention : Litestream est installé à côté de la base mais n'a encore rien pris en charge. Vérifiez qu'il tourne.

## Bilan de la consultation (/admin/bilan)

record-title = Bilan de la consultation
record-intro = Les indicateurs du retour d'expérience et de l'évaluation du PGO (Mécanisme d'évaluation indépendant) : chacun avec son nombre, sa base et l'exigence qu'il documente. Les chiffres bougent tant que des contributions arrivent.
record-scope-label = Consultation
record-scope-all = Toutes les consultations
record-scope-button = Afficher
record-of = { $count } sur { $base }
record-small = petits nombres
record-none = aucun
record-days = { $days } j
record-delay = médiane { $median }, 90 % en { $p90 } au plus (sur { $n })
record-unverified = non vérifié
record-col-indicator = Indicateur
record-col-value = Valeur
record-col-ogp = Exigence du PGO :
record-col-what = Catégorie
record-col-count = Nombre
record-col-district = District
record-col-contributions = Propositions
record-col-population = Habitants
record-col-per-100k = Pour 100 000 habitants
record-inputs-title = Contributions reçues, publiées, écartées
record-proposals-received = Propositions reçues
record-proposals-published = Propositions publiées
record-proposals-waiting = Propositions en attente de relecture
record-proposals-withheld = Propositions non publiées
record-comments-received = Commentaires reçus
record-comments-published = Commentaires publiés
record-comments-withheld = Commentaires non publiés
record-ogp-inputs = toutes les contributions sont publiées, ou la raison de leur non-publication est donnée.
record-reach-title = Portée par district
record-ogp-reach = des parties prenantes variées, sur tout le territoire.
record-reach-apart = Comptées à part, hors des taux : « National » { $national }, « Diaspora » { $diaspora }.
record-populations-link = Corriger les populations et leurs sources
record-coverage-title = Couverture géographique
record-zones-covered = Régions et districts autonomes avec au moins une proposition
record-outside-abidjan = Propositions localisées venues hors d'Abidjan
record-mix-title = Canaux, participants, langues
record-ogp-channels = plusieurs canaux, en ligne et en personne, et des parties prenantes variées.
record-by-channel = Par canal
record-by-contributor = Par type de participant
record-by-language = Par langue
record-answers-title = Réponses motivées
record-answered = Propositions publiées avec une décision et sa raison
record-answer-delay = Délai de réponse, depuis le dépôt
record-ogp-answers = une réponse motivée à chaque contribution.
record-funnel-title = Des contributions aux engagements
record-by-status = Propositions publiées, par suite donnée
record-retained = Propositions publiées retenues, en tout ou en partie
record-commitments = Engagements nourris par au moins une proposition
record-ogp-commitments = montrer comment les contributions sont devenues des engagements.
record-dialogue-title = Dialogue
record-with-comment = Propositions publiées avec au moins un commentaire publié
record-comments-per-proposal = Commentaires publiés par proposition publiée
record-supports-per-proposal = Soutiens par proposition publiée
record-ogp-dialogue = un dialogue, pas seulement une collecte.

## Populations du bilan (/admin/bilan/populations)

population-title = Populations du bilan
population-intro = La portée du bilan se calcule sur ces populations. Les chiffres livrés avec Palabre citent le RGPH 2021 par des sources secondaires : remplacez-les par les chiffres officiels de l'ANSTAT, avec leur source, et cochez « chiffre officiel vérifié ».
population-people = Habitants
population-people-hint = Un nombre entier, par exemple 6 321 017.
population-source = Source
population-verified = Chiffre officiel vérifié
population-save = Enregistrer
population-saved = Population enregistrée. Le bilan en tient compte.
population-refused = Rien n'a été enregistré : corrigez le formulaire signalé plus bas.
population-updated = Modifié le { $when } par { $by }.
population-regions-title = Régions
population-regions-intro = Le bilan donne le taux d'une région seulement quand sa population est saisie ici.
population-new-region = Saisir la population d'une région
population-region = Région
population-error-area = Choisissez un district ou une région de la liste.
population-error-people = Tapez le nombre d'habitants, un nombre entier entre 1 et 100 000 000.
population-error-source = Dites d'où vient le chiffre (300 caractères au plus).

record-reach-how = Propositions reçues et non écartées pour 100 000 habitants (population RGPH 2021, ou le chiffre saisi).
record-regions-title = Régions dont la population est saisie
record-as-of = Chiffres au { $when } : { $scope }.
population-districts-title = Districts
population-save-area = Enregistrer la population de { $area }
record-whole-days = { $n ->
    [0] 0 jour
    [one] 1 jour
   *[other] { $days } jours
}
record-whole-days-late = { $n ->
    [one] 1 jour après l'ouverture
   *[other] { $days } jours après l'ouverture
}
record-verified-count = Chiffres de population vérifiés : { $verified } sur { $all }. Les autres citent le RGPH 2021 par des sources secondaires.
record-workshops-title = Ateliers
record-workshops-held = Ateliers tenus
record-workshop-zones = Régions et districts autonomes où un atelier s'est tenu
record-attendance-entered = Ateliers dont les présences sont saisies
record-attendance-total = Personnes présentes (comptées par les animateurs)
record-attendance-women = Femmes parmi les personnes présentes
record-from-workshops = Propositions faites en atelier
record-per-workshop = Propositions par atelier
record-on-paper = Propositions d'atelier sur fiche papier
record-workshops-list = Chaque atelier
record-col-workshop = Atelier
record-col-attendance = Présences
record-attendance-missing = non saisies
record-attendance-cell = { $total } ({ $women } femmes, { $men } hommes)
record-paper-cell = dont { $n } sur papier
record-attendance-by-category = Présences par catégorie, tous ateliers
attendance-women = Femmes
attendance-men = Hommes
record-moderation-title = Modération
record-moderation-delay = Délai de relecture des propositions, depuis le dépôt (ou la saisie d'une fiche papier)
record-comment-moderation-delay = Délai de relecture des commentaires
record-devices-title = Appareils distincts
record-devices-how = Un appareil est un téléphone ou un ordinateur reconnu par un témoin anonyme, jamais une personne : un ordinateur d'atelier partagé compte pour un, une fiche papier pour aucun.
record-devices = Appareils distincts qui ont participé
record-devices-returning = Appareils revenus un autre jour
record-marked = Contributions (propositions, commentaires, soutiens) venues d'un appareil reconnu
record-calendar-title = Calendrier
record-ogp-calendar = un calendrier publié au moins deux semaines avant l'ouverture.
record-notice = Préavis du calendrier avant l'ouverture
record-notice-ok = au moins 14 jours : conforme
record-notice-short = moins de 14 jours : trop court
record-notice-reason = Raison donnée : { $reason }
record-open-days = Durée d'ouverture
record-forum-title = Forum et bibliothèque
record-ogp-forum = un forum qui se réunit au moins tous les six mois et une bibliothèque tenue à jour.
record-forum-recent = Réunions du forum dans les six derniers mois
record-forum-ok = conforme
record-forum-short = aucune : à programmer
record-days-since-forum = Depuis la dernière réunion du forum
record-days-since-document = Depuis le dernier document ajouté à la bibliothèque
record-print = Imprimer le bilan
record-open-data = Les indicateurs en données ouvertes (CSV)
lessons-title = Retour d'expérience
lessons-intro = Modèle à compléter pour le rapport de retour d'expérience. Les chiffres viennent du bilan ci-dessus ; écrivez vos observations dans les cadres.
lessons-context = Contexte
lessons-figures = Participation (chiffres clés)
lessons-proposals = { $n } propositions reçues, { $published } publiées ; { $comments } commentaires publiés et { $supports } soutiens.
lessons-reach = { $zones } régions et districts autonomes sur { $all } ont contribué ; { $outside } des propositions localisées viennent d'ailleurs qu'Abidjan.
lessons-workshops = { $n } ateliers, { $people } personnes présentes, dont { $women } de femmes.
lessons-answers = { $rate } des propositions publiées ont une réponse motivée, en { $median } (médiane) ; { $retained } retenues en tout ou en partie, { $commitments } engagements nourris.
lessons-devices = { $n } appareils distincts (téléphones, ordinateurs) ont participé.
lessons-worked = Ce qui a marché
lessons-less = Ce qui a moins bien marché
lessons-next = Recommandations pour le prochain cycle
attendance-error-number = Tapez un nombre entier de personnes dans chaque case (ou laissez-la vide).
attendance-error-too-many = Un nombre de personnes dépasse 10 000 : vérifiez la case.
record-notice-none = calendrier pas encore publié
record-doc-title = Bilan de la consultation au { $date }
record-doc-summary = Les indicateurs du bilan (participation, portée, réponses, suites données) figés le jour de la publication de la synthèse : la preuve pour le Mécanisme d'évaluation indépendant du PGO.
opendata-record-title = Le bilan de la consultation
opendata-record-intro = Les indicateurs du processus (participation, portée par district, canaux, ateliers, délais de réponse, suites données), pour l'évaluation du PGO. Aucune donnée personnelle : les nombres de personnes inférieurs à 5 sont regroupés ou donnés comme « <5 ». Ajoutez « ?consultation=NUMÉRO » pour une seule consultation.
opendata-record-csv = Le bilan en CSV
opendata-record-json = Le bilan en JSON (aussi dans l'API : /api/v1/record)
population-part = Chiffre pour
population-part-hint = Ces districts ne sont connus qu'ensemble. Quand le chiffre de l'un est connu, choisissez-le : la ligne se sépare en deux, et l'autre garde le reste du chiffre commun, non vérifié.
population-part-together = Les deux ensemble
population-part-one = { $district } seul
population-error-part = Choisissez un district de cette ligne.
population-error-split = Le chiffre d'un seul district doit être plus petit que le chiffre commun.
record-fewer-than-five = moins de 5
record-withheld = non publié (petit nombre)
record-others = Autres (regroupés)
lessons-scope = Consultation : { $scope }.
lessons-open = { $n ->
    [one] Ouverte { $days } jour.
   *[other] Ouverte { $days } jours.
}
lessons-notice = { $n ->
    [one] Calendrier publié { $days } jour avant l'ouverture.
   *[other] Calendrier publié { $days } jours avant l'ouverture.
}
lessons-notice-late = { $n ->
    [one] Calendrier publié { $days } jour après l'ouverture.
   *[other] Calendrier publié { $days } jours après l'ouverture.
}
lessons-notice-none = Calendrier pas encore publié.
lessons-workshops-uncounted = { $n } ateliers ; présences non saisies.
population-rest-source = Reste du chiffre commun « { $joint } » ({ $people }, { $source }) moins { $part } ({ $part_people })
population-journal-note = { $area } — source : { $source }
population-journal-verified = { $area } — source : { $source } (chiffre officiel vérifié)
population-journal-part = { $joint } → { $part }
record-attendance-grouped = comptés avec d'autres
record-attendance-grouped-row = Autres ateliers, comptés ensemble (petits nombres)
record-priority-participants = Personnes qui ont donné leurs priorités
record-priority-counted = (dont { $n } comptées en atelier, bulletins ou main levée)
synthesis-priorities = Priorités exprimées
synthesis-priorities-how = pour « { $consultation } », en ligne, sur les bornes, sur les ordinateurs d'atelier, sur bulletin papier ou à main levée.
record-sms-received = SMS reçus (toutes consultations)
record-sms-answers = Réponses motivées remises par SMS
