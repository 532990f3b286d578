## Installation (premier démarrage)

setup-title = Installer votre consultation
setup-intro = Cinq réponses et votre consultation est en ligne. Vous pourrez tout modifier ensuite.
setup-site-name = Nom de la consultation
setup-site-name-hint = Par exemple : « Plan d'action national PGO 2027-2029 — donnez votre avis ».
setup-organisation = Organisation qui consulte
setup-organisation-hint = Par exemple : le ministère ou le comité technique PGO.
setup-login = Votre identifiant
setup-login-hint = De 3 à 40 caractères : lettres sans accent, chiffres, point, tiret.
setup-password = Mot de passe
setup-password-hint = Au moins 10 caractères. Une phrase facile à retenir convient très bien.
setup-password-confirm = Mot de passe, une seconde fois
setup-language = Langue du site par défaut
setup-submit = Créer la consultation
setup-error-site-name = Indiquez le nom de la consultation.
setup-error-organisation = Indiquez l'organisation qui consulte.
setup-error-language = Choisissez la langue du site.
login-error-empty = Indiquez un identifiant.
login-error-length = L'identifiant doit compter de 3 à 40 caractères.
login-error-characters = L'identifiant ne peut contenir que des lettres sans accent, des chiffres, des points, des tirets et des tirets bas.
password-error-short = Le mot de passe doit compter au moins 10 caractères.
password-error-long = Le mot de passe ne peut pas dépasser 200 caractères.
password-error-mismatch = Les deux mots de passe ne sont pas identiques.
password-error-common = Ce mot de passe est trop courant : il serait deviné en quelques secondes. Choisissez-en un autre.
password-error-login = Le mot de passe ne doit pas contenir l'identifiant.

## Connexion de l'équipe

login-title = Connexion de l'équipe
login-login = Identifiant
login-password = Mot de passe
login-submit = Se connecter
login-wrong = Identifiant ou mot de passe incorrect.
login-locked = Trop de tentatives de connexion. Par sécurité, attendez { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
} avant de réessayer, même avec le bon mot de passe.
login-signed-out = Vous êtes déconnecté.
login-forgotten = Mot de passe oublié ? Sur l'ordinateur de Palabre, une commande le remplace :
login-forgotten-link = retrouver l'accès

## Tableau de bord

admin-dashboard-title = Tableau de bord
admin-welcome = Votre consultation est en ligne. Donnez l'une des adresses ci-dessous aux participantes et participants, ou faites scanner son code QR.
admin-access-title = Où trouver le site
admin-access-intro = Les personnes connectées au même réseau (Wi-Fi du bureau ou point d'accès de l'ordinateur) ouvrent cette adresse, ou scannent le code QR avec leur téléphone :
admin-access-none = Palabre n'est joignable que depuis cet ordinateur (aucun réseau, ou démarré avec --bind 127.0.0.1). Adresse sur cet ordinateur :
admin-access-firewall = Si les téléphones n'arrivent pas à ouvrir l'adresse : sous Windows, acceptez la demande du pare-feu (« Autoriser l'accès ») pour Palabre, sur les réseaux privés.
admin-qr-alt = Code QR de l'adresse { $url }
admin-consultations-title = Consultations en cours
admin-consultation-dates = du { $opens } au { $closes }
admin-team-title = L'équipe
admin-team-link = Gérer les comptes de l'équipe

## Comptes de l'équipe

accounts-title = Comptes de l'équipe
accounts-caption = Personnes qui peuvent se connecter à l'administration
accounts-login = Identifiant
accounts-role = Rôle
accounts-state = État
accounts-action = Action
accounts-active = actif
accounts-disabled = désactivé
accounts-enable = Réactiver
accounts-disable = Désactiver
accounts-new = Ajouter une personne
accounts-create = Créer le compte
accounts-created = Le compte « { $login } » est créé. Donnez-lui son mot de passe en main propre.
accounts-error-role = Choisissez un rôle.
accounts-error-taken = Cet identifiant est déjà pris.

## Guide

guide-title = Guide d'utilisation
guide-intro = Tout ce qu'il faut pour installer et faire vivre une consultation, pas à pas, en quatorze chapitres.
guide-contents = Sommaire
guide-print-link = Tout le guide sur une page, pour l'imprimer ou l'enregistrer en PDF
guide-chapter-number = Chapitre { $n }
guide-pager = Chapitres
nav-guide = Guide
nav-help = Aide
setup-opening = Quand les contributions ouvrent-elles ?
setup-opening-now = Tout de suite
setup-opening-now-hint = Pour un essai, ou si le calendrier est déjà publié depuis deux semaines.
setup-opening-notice = Dans 14 jours, comme le demande le PGO
setup-opening-notice-hint = Publiez le calendrier d'ici là : le PGO demande qu'il soit public deux semaines avant l'ouverture.
setup-error-opening = Choisissez quand les contributions ouvrent.
logo-title = Logo de l'organisation
logo-intro = Le logo apparaît en haut de chaque page, sur la synthèse et sur l'affiche des ateliers.
logo-current = Logo actuel
logo-remove = Retirer le logo
logo-file = Fichier du logo
logo-hint = Image PNG ou JPEG de 300 Ko au plus, de préférence plus large que haute.
logo-submit = Enregistrer le logo
logo-error-none = Choisissez un fichier image.
logo-error-large = Ce fichier est trop lourd : 300 Ko au plus. Réduisez l'image, puis réessayez.
logo-error-format = Ce fichier n'est pas une image PNG ou JPEG.
admin-links-label = Travail de l’équipe

## Own password

password-change-title = Changer mon mot de passe
password-change-intro = Vos autres connexions (sur d'autres navigateurs) seront fermées. Celle-ci reste ouverte.
password-change-current = Mot de passe actuel
password-change-new = Nouveau mot de passe
password-change-again = Nouveau mot de passe, une seconde fois
password-change-submit = Changer le mot de passe
password-change-done = Votre mot de passe est changé. Vos autres connexions sont fermées.
password-change-link = Changer mon mot de passe
password-change-error-current-empty = Tapez votre mot de passe actuel.
password-change-error-current = Ce n'est pas votre mot de passe actuel. Rien n'a été changé.
password-change-error-same = Le nouveau mot de passe doit être différent de l'actuel.
synthesis-merged-into = (avec { $ref })
synthesis-pdf-training = Mode formation — données fictives
admin-contact-one-of = Le courriel, le téléphone, ou les deux : au moins l'un des deux.
sessions-title = Vos sessions ouvertes
sessions-intro = Les navigateurs où vous êtes connecté sous votre nom. Au plus { $max } à la fois : une nouvelle connexion ferme celle qui sert le moins. Si vous n'en reconnaissez pas une, fermez les autres et changez votre mot de passe.
sessions-unknown-browser = Navigateur inconnu
sessions-this-one = Ce navigateur
sessions-close-others = Fermer les autres sessions
sessions-closed = { $count ->
    [0] Aucune autre session n'était ouverte.
    [one] Une autre session a été fermée.
   *[other] { $count } autres sessions ont été fermées.
}
sessions-times = Ouverte le { $opened } · dernière action le { $used }
