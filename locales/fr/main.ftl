## Palabre — textes communs (français, langue de référence)

app-name = Palabre
site-default-name = Consultation publique
lang-name = Français
lang-switch = Français
skip-link = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-admin = Administration
nav-sign-out = Se déconnecter ({ $login })
footer-powered = Site propulsé par Palabre, la consultation publique en un seul fichier.
datetime = { $date } à { $time }

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

form-error-summary = Il y a un problème :
error-too-long = Ce texte est trop long.

## Accueil

home-title = Accueil
home-led-by = Organisme responsable de la consultation : { $organisation }.
home-intro = Vous pouvez donner votre avis et faire des propositions. C'est gratuit et sans compte.
home-consultations = Les consultations
home-no-consultation = Aucune consultation n'est ouverte pour le moment.
home-not-set-up-title = Site en préparation
home-not-set-up-text = Ce site n'est pas encore configuré. Sur l'ordinateur qui fait tourner Palabre, ouvrez l'adresse d'installation affichée dans la fenêtre noire.
state-open = Ouverte
state-upcoming = À venir
state-closed = Close
state-open-until = Dernier jour pour participer : { $date }.
state-opens-on = Ouvre le { $date }.
state-closed-on = Le dernier jour pour participer était le { $date }.

## Langues de l'interface et rôles

role-admin = Administratrice ou administrateur
role-moderator = Modératrice ou modérateur
role-facilitator = Animatrice ou animateur d'atelier
role-admin-help = peut tout faire, y compris gérer l'équipe
role-moderator-help = modère les contributions, répond et exporte
role-facilitator-help = saisit les contributions des ateliers seulement

## Erreurs

error-back-home = Retour à l'accueil
error-400-title = Demande incorrecte
error-400-text = Cette demande n'a pas pu être comprise. Revenez en arrière et réessayez.
error-403-title = Accès refusé
error-403-text = Votre compte ne permet pas d'ouvrir cette page.
error-404-title = Page introuvable
error-404-text = Cette adresse ne correspond à aucune page. Vérifiez le lien ou revenez à l'accueil.
error-413-title = Envoi trop volumineux
error-413-text = Ce que vous avez envoyé est trop gros. Raccourcissez le texte ou choisissez un fichier plus petit.
error-408-title = Envoi interrompu
error-408-text = La connexion était trop lente : ce que vous avez envoyé n'est pas arrivé en entier, et rien n'a été enregistré. Revenez en arrière et envoyez à nouveau, si possible avec une meilleure connexion.
error-503-title = Site occupé
error-503-text = Trop d'envois arrivent en même temps. Rien n'a été enregistré : revenez en arrière et réessayez dans quelques secondes.
error-429-title = Trop de demandes
error-429-text = Vous avez fait beaucoup de demandes en peu de temps. Patientez un moment puis réessayez.
error-500-title = Une erreur est survenue
error-500-text = Le site n'a pas pu répondre. Réessayez dans un instant ; si le problème continue, prévenez l'équipe qui organise la consultation.
error-csrf-title = Formulaire expiré
error-csrf-text = Pour votre sécurité, ce formulaire n'a pas été accepté : la page était ouverte depuis trop longtemps, ou votre navigateur bloque les cookies. Rien n'a été enregistré. Revenez au formulaire, rechargez la page et envoyez-le à nouveau.
error-csrf-back = Revenir au formulaire
disk-low-banner = Attention : il ne reste que { $free } libres sur le disque de cet ordinateur. Quand il sera plein, plus personne ne pourra rien envoyer (rien de ce qui est déjà enregistré ne sera perdu). Libérez de la place dès maintenant : videz la corbeille, déplacez des vidéos ou des photos sur une clé USB.
disk-low-console = ATTENTION : il ne reste que { $free } libres sur le disque ({ $folder }). Quand il sera plein, plus personne ne pourra rien envoyer. Libérez de la place (corbeille, vidéos, photos).
error-507-title = Le disque de l'ordinateur est plein
error-507-text = Rien n'a été enregistré, et rien de ce qui l'était déjà n'est perdu. Prévenez l'équipe qui organise la consultation, puis réessayez plus tard : revenez en arrière, votre texte y est encore.
form-error-disk-full = Le disque de l'ordinateur qui héberge la consultation est plein : votre texte n'est pas perdu, il est ci-dessous. Réessayez plus tard, ou copiez-le pour le garder.

training-banner = Mode formation — données fictives
training-banner-hint = Tout ce qui est saisi ici est effacé à la fermeture de Palabre.
training-banner-link = Les exercices
site-description = { $site } : la consultation publique du Plan d'action national du Partenariat pour un gouvernement ouvert (PGO) en Côte d'Ivoire. Donnez votre avis et faites vos propositions, sans compte et gratuitement.
og-home = Donnez votre avis et faites vos propositions pour le prochain Plan d'action national du PGO en Côte d'Ivoire. Sans compte, gratuit, depuis un téléphone.
og-list = Les propositions des citoyennes, des citoyens et des organisations, avec la réponse motivée de l'administration. Soutenez-les, commentez-les.
og-form = Faites une proposition pour le Plan d'action national du PGO en Côte d'Ivoire : le problème que vous constatez et la solution que vous proposez. Sans compte.
og-pgo = Le Partenariat pour un gouvernement ouvert (PGO) en Côte d'Ivoire : ce qu'il est, qui le porte, le calendrier et les documents de référence.
nav-how = Comment participer
how-title = Comment participer
how-intro = Tout le monde peut donner son avis sur le prochain Plan d'action national : c'est gratuit, sans compte, et votre nom n'est pas obligatoire.
how-ways-title = Trois façons de participer
how-online = Sur ce site, avec un téléphone ou un ordinateur, pendant que la consultation est ouverte.
how-workshop = Lors d'un atelier régional : on vous aide à remplir le formulaire, sur place.
how-paper = Sur une fiche papier, à l'atelier : l'équipe la saisit pour vous et vous donne votre référence.
how-steps-title = Faire une proposition, pas à pas
how-step-1 = Décrivez le problème que vous constatez, avec vos mots.
how-step-2 = Proposez une solution : ce que l'administration pourrait faire.
how-step-3 = Choisissez le thème et la région concernés, puis envoyez.
how-step-4 = Gardez la référence et le lien de suivi qui s'affichent : ils sont à vous seul.
how-step-5 = Plus tard, ouvrez ce lien pour lire la décision de l'administration et sa raison.
how-rules-title = Ce qui n'est pas publié
how-rules = Chaque proposition est relue avant d'être publiée. Les textes injurieux, les publicités, ceux qui donnent un numéro de téléphone ou le nom d'une autre personne ne sont pas publiés : vous en voyez la raison sur votre lien de suivi.
how-others-title = Soutenir et commenter
how-others = Vous pouvez aussi soutenir les propositions des autres et les commenter.
error-host-title = Ce site ne répond pas à ce nom
error-host-text = Ouvrez le site par son adresse, celle du tableau de bord, de l'affiche ou du code QR (par exemple http://192.168.1.10:8080).
error-host-admin = Si ce nom est bien celui du site, l'administrateur l'indique comme adresse publique dans les réglages.
