## Fenêtre de Palabre (console) et ligne de commande

banner-title = Palabre : la consultation « { $name } » est en ligne.
banner-title-new = Palabre est démarré. Il reste à l'installer (5 questions).
banner-port-changed = Le port { $wanted } est déjà utilisé sur cet ordinateur : Palabre utilise le port { $port }.
banner-local = Sur cet ordinateur, ouvrez :
banner-network = Sur les téléphones et ordinateurs du même réseau (Wi-Fi), ouvrez :
banner-no-network = Aucun réseau détecté : seul cet ordinateur peut ouvrir le site pour l'instant.
banner-data = Les données sont enregistrées dans : { $dir }
banner-setup = Première utilisation : ouvrez cette adresse pour installer la consultation (elle ne sert qu'une fois) :
banner-close-stops = Fermer cette fenêtre arrête la consultation. Laissez-la ouverte tant que le site doit rester accessible.

start-no-data-dir = Impossible de trouver un dossier pour les données. Indiquez-en un avec --data-dir DOSSIER.
start-data-dir-unwritable = Palabre ne peut pas écrire dans le dossier de données « { $dir } » ({ $error }). Choisissez un dossier où vous avez le droit d'écrire, avec --data-dir DOSSIER.
start-no-free-port = Aucun port libre à partir de { $port } ({ $error }). Fermez l'autre programme qui utilise ce port, ou choisissez-en un autre avec --port N.
start-port-taken = Le port { $port } est déjà utilisé sur cet ordinateur ({ $error }). Palabre ne prend pas un autre port quand --port ou PALABRE_PORT en nomme un : fermez l'autre programme qui utilise ce port, choisissez-en un autre avec --port N, ou retirez --port pour que Palabre en trouve un libre.
start-server-failed = Le serveur n'a pas pu démarrer : { $error }
db-not-sqlite = Le fichier « { $file } » n'est pas une base de données Palabre. Il n'a pas été modifié. Déplacez-le ailleurs, ou choisissez un autre dossier de données avec --data-dir DOSSIER.
db-foreign = Le fichier « { $file } » est une base de données d'un autre programme. Il n'a pas été modifié. Déplacez-le ailleurs, ou choisissez un autre dossier de données avec --data-dir DOSSIER.
db-open-failed = Impossible d'ouvrir la base de données « { $file } » : { $error }
db-migrate-failed = Impossible de mettre à jour la base de données « { $file } » : { $error }. Le fichier n'a pas été modifié ; faites-en une copie et contactez l'assistance.
db-error = Erreur de la base de données : { $error }
db-error-disk-full = Le disque de l'ordinateur est plein : rien n'a été enregistré. Libérez de la place (au moins 100 Mo), puis réessayez.

cli-bad-role = Rôle inconnu : choisissez admin, moderator ou facilitator.
cli-password-prompt = Tapez le mot de passe puis Entrée (il ne s'affiche pas) :
cli-password-again = Tapez-le une seconde fois puis Entrée :
cli-password-read = Impossible de lire le mot de passe
cli-account-created = Compte « { $login } » créé ({ $role }). Il peut se connecter dès le prochain démarrage.
cli-account-updated = Compte « { $login } » mis à jour ({ $role }) : nouveau mot de passe, blocages levés, anciennes sessions fermées.
cli-backup-exists = Le fichier « { $file } » existe déjà : choisissez un autre nom, rien n'a été écrit.
cli-backup-failed = La sauvegarde dans « { $file } » a échoué : { $error }
cli-backup-done = Sauvegarde terminée : { $file }

## Aide de la ligne de commande

cli-help-about = Palabre — la consultation publique en un seul fichier. Sans commande : démarre la consultation.
cli-help-data-dir = Dossier des données (base, journaux, documents). Par défaut : « palabre-data » à côté du programme s'il existe, sinon le dossier des applications du système.
cli-help-port = Port d'écoute (8080 par défaut, ou le suivant s'il est occupé).
cli-help-bind = Adresse d'écoute (toutes les interfaces par défaut).
cli-help-no-browser = Ne pas ouvrir le navigateur au démarrage.
cli-help-serve = Démarre la consultation (commande par défaut).
cli-help-admin = Comptes de l'équipe (à utiliser quand Palabre est arrêté).
cli-help-admin-add = Crée un compte, ou remplace son mot de passe et son rôle (pour retrouver l'accès).
cli-help-login = Identifiant du compte.
cli-help-role = Rôle : admin, moderator ou facilitator.
cli-help-password-stdin = Lit le mot de passe sur l'entrée standard (une ligne).
cli-help-backup = Copie cohérente de la base dans FICHIER, même pendant que Palabre tourne.
cli-help-backup-file = Fichier de sauvegarde à créer (il ne doit pas exister).
cli-help-bundle = Fichiers d'atelier : exporter les contributions, ou les importer sur le site national.
cli-help-bundle-export = Écrit dans FICHIER toutes les contributions recueillies sur cet ordinateur.
cli-help-bundle-import = Importe un fichier d'atelier ; l'importer deux fois ne change rien.
cli-help-bundle-file = Fichier d'atelier (.zip).
cli-help-bundle-consultation = Consultation qui reçoit les propositions (la plus récente par défaut).
cli-bundle-exported = Fichier d'atelier écrit : { $file } ({ $proposals }, { $comments }, { $supports }, { $workshops }).
cli-bundle-imported = { $file } : { $summary }
cli-bundle-partial = Certains éléments n'ont pas été importés :
cli-bundle-refused = Le fichier « { $file } » est refusé, rien n'a été importé : { $reason }
bundle-error-io = lecture impossible ({ $error }).
bundle-error-zip = ce n'est pas un fichier d'atelier valide, ou il est abîmé ({ $error }).
bundle-error-file = il contient un fichier inattendu « { $name } ».
bundle-error-large = le fichier « { $name } » est anormalement gros.
bundle-error-manifest = le sommaire du fichier est illisible ({ $error }).
bundle-error-version = il vient d'une version de Palabre que celle-ci ne connaît pas (format { $version }) : mettez Palabre à jour.
bundle-error-hash = le contenu de « { $name } » a été modifié depuis l'export.
bundle-error-record = l'enregistrement { $line } de « { $file } » est incorrect ({ $reason }).
bundle-error-reference = une contribution renvoie à une proposition ou à un atelier absent du fichier comme du site ({ $uid }).
bundle-error-training = Ce fichier vient du mode formation (palabre demo) : ses propositions sont fictives. Il n'a pas été importé sur ce site réel, rien n'a été changé. Importez le fichier de l'ordinateur de l'atelier qui a servi à la vraie consultation.
bundle-title = Fichier d'atelier
bundle-refused = Le fichier est refusé, rien n'a été importé :
bundle-export-title = Sur l'ordinateur de l'atelier
bundle-export-text = À la fin de l'atelier, téléchargez le fichier qui contient toutes les contributions recueillies sur cet ordinateur, puis envoyez-le à l'équipe nationale (clé USB, courriel).
bundle-export-button = Télécharger le fichier d'atelier
bundle-import-title = Sur le site national
bundle-import-text = Importez ici un fichier d'atelier. L'importer deux fois ne crée aucun doublon. Les propositions importées attendent votre relecture.
bundle-file = Fichier d'atelier (.zip)
bundle-consultation = Consultation qui reçoit les propositions
bundle-consultation-hint = Par défaut, la plus récente.
bundle-error-consultation = choisissez une des consultations de la liste.
bundle-import-button = Importer
bundle-imported = Import terminé. Ajoutés : { $proposals }, { $comments }, { $supports }, { $workshops }. Déjà présents : { $already }. Écartés : { $refused }.
bundle-renumbered = { $count ->
    [one] Une référence était déjà prise ici : elle a reçu une nouvelle référence ({ $list }). L'ordinateur d'atelier doit avoir son propre code de références (Réglages).
   *[other] { $count } références étaient déjà prises ici : elles ont reçu une nouvelle référence ({ $list }). L'ordinateur d'atelier doit avoir son propre code de références (Réglages).
}
bundle-partial = Ces éléments ont été écartés, le reste est importé :
bundle-refused-paper = { $uid } : la fiche papier { $detail } a déjà été saisie pour cet atelier, sous un autre identifiant.
bundle-refused-parent = { $uid } : sa proposition ({ $detail }) a été écartée.
bundle-error-upload-large = le fichier dépasse 64 Mo.
bundle-error-upload-none = choisissez un fichier.
banner-setup-done = Installation terminée. L'adresse d'installation ne sert plus. L'administration est ici :
cli-help-usage = Utilisation :
cli-help-commands = Commandes 
cli-help-arguments = Arguments 
cli-help-options = Options 
cli-help-help = Affiche cette aide.
cli-help-version = Affiche la version.
cli-help-env = (Variable d'environnement : { $var }.)
count-proposals = { $n ->
    [one] { $n } proposition
   *[other] { $n } propositions
}
count-comments = { $n ->
    [one] { $n } commentaire
   *[other] { $n } commentaires
}
count-supports = { $n ->
    [one] { $n } soutien
   *[other] { $n } soutiens
}
count-workshops = { $n ->
    [one] { $n } atelier
   *[other] { $n } ateliers
}
start-already-running = Palabre est déjà ouvert pour ce dossier de données, à l'adresse { $address }. Votre navigateur s'ouvre sur cette adresse ; ce second lancement s'arrête là (la consultation continue dans la première fenêtre).
start-already-running-no-browser = Palabre est déjà ouvert pour ce dossier de données, à l'adresse { $address }. Ce second lancement s'arrête là (la consultation continue dans la première fenêtre).
start-already-starting = Palabre est déjà en train de démarrer pour ce dossier de données, dans une autre fenêtre. Attendez qu'elle affiche l'adresse du site.
cli-running-admin = Palabre est ouvert pour ce dossier de données ({ $address }). Fermez sa fenêtre, puis relancez cette commande.
cli-running-bundle = Palabre est ouvert pour ce dossier de données ({ $address }) : importez le fichier depuis l'administration (Ateliers régionaux, puis Fichier d'atelier), ou fermez Palabre et relancez cette commande.

## Mode formation (palabre demo)

cli-help-demo = Mode formation : démarre Palabre sur des données fictives, dans un dossier temporaire effacé à la fermeture. Les vraies données ne sont ni ouvertes ni modifiées.
banner-training = Mode formation : données fictives, effacées à la fermeture. Les vraies données ne sont pas utilisées.
banner-training-accounts = Comptes de l'équipe pour s'exercer (identifiant / mot de passe) :
banner-training-account = { $role } : { $login } / { $password }
banner-training-sign-in = Connexion de l'équipe :
banner-training-data = Dossier temporaire de la formation (effacé à la fermeture) : { $dir }
banner-training-close = Fermer cette fenêtre arrête la formation et efface toutes ses données.
demo-cleanup-failed = Le dossier temporaire de la formation n'a pas pu être effacé : { $dir } ({ $error }). Vous pouvez le supprimer vous-même ; le prochain « palabre demo » essaiera aussi.

## Hébergement sur un serveur (relais inverse, adresse publique)

cli-help-trusted-proxy = Relais inverses (nginx, Caddy, IIS) dont les en-têtes X-Forwarded-For, X-Forwarded-Proto et Forwarded sont crus : adresses ou réseaux (CIDR), séparés par des virgules. Personne d'autre n'est cru.
cli-help-public-url = Adresse où le public ouvre le site (par exemple https://consultation.gouv.ci) : elle sert dans les liens, avant celle des réglages.
cli-bad-trusted-proxy = Valeur de --trusted-proxy non comprise : « { $value } ». Donnez des adresses IP ou des réseaux, séparés par des virgules, par exemple 127.0.0.1,10.0.0.0/8.
cli-bad-public-url = Valeur de --public-url non comprise : « { $value } ». Donnez une adresse complète, par exemple https://consultation.gouv.ci.
banner-proxies = Relais inverses de confiance : { $list }
banner-public-url = Adresse publique des liens : { $url }
cli-bundle-new-code = Cet ordinateur donnait encore les références du site national (P-…). Il reçoit son propre code, { $code } : ses prochaines propositions seront numérotées { $code }-…, et le site national classera les précédentes sous { $code }, au même numéro.
bundle-moved-national = { $count ->
    [one] Une proposition portait une référence nationale (P-…) donnée par l'ordinateur d'atelier : elle est classée sous le code de cet ordinateur
   *[other] { $count } propositions portaient une référence nationale (P-…) donnée par l'ordinateur d'atelier : elles sont classées sous le code de cet ordinateur
}, au même numéro ({ $list }). La page de l'ancienne référence dit où les trouver.
bundle-moved-code = { $count ->
    [one] Une proposition porte un code déjà utilisé par un autre ordinateur d'atelier : elle est classée sous le code propre à cet ordinateur
   *[other] { $count } propositions portent un code déjà utilisé par un autre ordinateur d'atelier : elles sont classées sous le code propre à cet ordinateur
}, au même numéro ({ $list }). La page de l'ancienne référence dit où les trouver.
bundle-refused-source = { $uid } : cet enregistrement vient d'un autre ordinateur ({ $detail }) que le fichier ; il n'a pas été importé.
bundle-refused-field = { $uid } : { $field } vide, trop long ({ $detail } caractères) ou illisible ; non importé.
bundle-refused-unknown = { $uid } : { $field } inconnu ou mal écrit (« { $detail } ») ; non importé.
bundle-refused-time = { $uid } : daté du { $detail }, après aujourd'hui. L'horloge de l'ordinateur d'atelier est-elle juste ? Non importé.
bundle-refused-attendance = { $uid } : la présence de l'atelier est datée du { $detail }, après aujourd'hui ; l'atelier est importé sans elle.
bundle-refused-foreign = { $uid } : vise la proposition { $detail }, qui ne vient pas de cet ordinateur d'atelier ; un fichier n'apporte des soutiens et des commentaires qu'à ses propres propositions. Non importé.
bundle-refused-foreign-workshop = { $uid } : l'atelier { $detail } est celui d'un autre ordinateur ; ce fichier ne peut pas le changer ni y ajouter. Non importé.
bundle-refused-workshop-parent = { $uid } : son atelier ({ $detail }) a été écarté.
bundle-refused-token = { $uid } : son lien de suivi est déjà celui d'une autre proposition ; l'une des deux n'est pas ce qu'elle dit. Non importée.
bundle-refused-code = { $uid } : sa référence { $detail } n'est pas l'un des codes de cet ordinateur d'atelier ; non importée.
bundle-field-uid = l'identifiant
bundle-field-instance = l'identifiant de l'ordinateur
bundle-field-proposal = la proposition visée
bundle-field-participant = le participant
bundle-field-title = le titre
bundle-field-problem = le problème
bundle-field-solution = la solution
bundle-field-benefit = le bénéfice attendu
bundle-field-theme = le thème
bundle-field-type = le type de contributeur
bundle-field-values = les valeurs du PGO
bundle-field-author = le nom
bundle-field-organisation = l'organisation
bundle-field-contact = le contact
bundle-field-language = la langue
bundle-field-workshop = l'atelier
bundle-field-entered-by = la personne qui a saisi la fiche
bundle-field-channel = le canal
bundle-field-zone = la région ou le district
bundle-field-token = le lien de suivi
bundle-field-paper = le numéro de fiche papier
bundle-field-reference = la référence
bundle-field-body = le texte du commentaire
bundle-field-workshop-name = le nom de l'atelier
bundle-field-place = le lieu
bundle-field-facilitators = les animateurs
bundle-field-attendance = la présence
bundle-field-held-on = la date de l'atelier
bundle-refused-more = … et { $count } autres écartés pour la même raison.
bundle-imported-priorities = Priorités : { $ballots } choix de personnes et { $tallies ->
    [one] { $tallies } décompte d'atelier ajoutés
   *[other] { $tallies } décomptes d'atelier ajoutés
}, { $already } déjà présents.
bundle-refused-tally = { $uid } : décompte de priorités illisible ou incohérent ({ $detail } personnes) ; non importé.
bundle-field-sex = le sexe
bundle-field-age = la tranche d'âge
cli-help-sms-gateway = Le téléphone Android qui envoie et reçoit les SMS (application SMS Gateway for Android, mode serveur local) : http://LOGIN:MOT-DE-PASSE@ADRESSE:PORT.
cli-bad-sms-gateway = Valeur de --sms-gateway non comprise : « { $value } ». Donnez l'adresse du téléphone, par exemple http://sms:motdepasse@192.168.1.20:8080.
