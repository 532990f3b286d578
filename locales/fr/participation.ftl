## Participer : formulaire, reçu, liste, page d'une proposition

nav-proposals = Propositions
form-optional = (facultatif)
form-choose = Choisissez…
form-error-robot = Votre envoi n'a pas été accepté : un champ caché a été rempli, comme le font les robots. Si vous êtes une personne, envoyez à nouveau le formulaire.
form-error-expired = Ce formulaire a expiré. Vérifiez ce que vous avez écrit puis envoyez-le à nouveau.
form-error-too-fast = Ce formulaire a été envoyé très vite. Prenez le temps de relire, puis envoyez-le à nouveau : rien n'est perdu.
form-error-rate = Beaucoup d'envois viennent d'être faits depuis cet appareil ou ce réseau. Patientez un peu puis réessayez : ce que vous avez écrit est conservé ci-dessous.
privacy-link = Ce que nous faisons de vos données.
proposal-form-title = Faire une proposition
proposal-form-intro = Décrivez un problème que vous constatez et la solution que vous proposez. Pas besoin de compte. Les champs marqués « facultatif » peuvent rester vides.
proposal-consultation = Consultation
proposal-title = Titre de votre proposition
proposal-title-hint = Une phrase courte. Par exemple : « Publier le budget de chaque école ».
proposal-problem = Le problème que vous constatez
proposal-problem-hint = Qu'est-ce qui ne va pas ? Qui est concerné ? Où ?
proposal-solution = La solution que vous proposez
proposal-solution-hint = Que faudrait-il faire ? Qui pourrait le faire ?
proposal-benefit = Ce que cela changerait
proposal-benefit-hint = Pour qui, et comment la vie serait meilleure.
proposal-theme = Thème
proposal-zone = Région ou district concerné
proposal-contributor_type = Vous êtes
proposal-language = Langue dans laquelle vous avez écrit (ou parlé, en atelier)
zone-group-districts = Districts autonomes
zone-group-regions = Régions
zone-group-other = Autres
proposal-ogp_values = Valeurs du PGO concernées
proposal-ogp_values-hint = Cochez celles qui correspondent à votre proposition.
ogp-value-help-transparence = rendre l'information publique et plus facile à comprendre.
ogp-value-help-participation = permettre aux citoyens de donner leur avis et de peser sur les décisions.
ogp-value-help-redevabilite = obliger les responsables à rendre des comptes.
ogp-value-help-numerique = utiliser le numérique au service des trois valeurs précédentes.
proposal-about-you = Qui êtes-vous ?
proposal-about-you-hint = Vous pouvez rester anonyme. Si vous les donnez, votre nom et votre organisation sont publiés avec la proposition.
proposal-author_name = Votre nom
proposal-author_name-hint = Il sera publié.
proposal-organisation = Votre organisation
proposal-organisation-hint = Association, ONG, entreprise, administration… Elle sera publiée.
proposal-contact-legend = Être recontacté
proposal-contact = Téléphone ou courriel
proposal-contact-hint = Seulement si vous acceptez d'être recontacté. Jamais publié.
proposal-consent = J'accepte que l'équipe de la consultation me recontacte au sujet de ma proposition.
proposal-honeypot = Ne remplissez pas ce champ
proposal-submit = Envoyer ma proposition
proposal-error-title = Donnez un titre à votre proposition.
proposal-error-problem = Décrivez le problème que vous constatez.
proposal-error-solution = Décrivez la solution que vous proposez.
proposal-error-theme = Choisissez un thème dans la liste.
proposal-error-zone = Choisissez une région ou un district dans la liste.
proposal-error-contributor-type = Dites-nous qui vous êtes (choisissez dans la liste).
proposal-error-values = Choisissez seulement parmi les valeurs proposées.
proposal-error-consent = Vous avez donné un contact : cochez la case pour accepter d'être recontacté, ou effacez le contact.
proposal-error-language = Choisissez une langue dans la liste.
proposal-error-closed-meanwhile = La consultation choisie vient de fermer. Votre texte est conservé ci-dessous : vous pouvez l'envoyer à une consultation encore ouverte.
proposal-closed-title = Les propositions sont fermées
proposal-opens-on = La consultation « { $title } » ouvre le { $date }. Revenez à cette date.
proposal-closed-on = La consultation « { $title } » est close depuis le { $date }. Merci pour votre intérêt.
proposal-see-list = Voir les propositions reçues
proposal-status = Où en est-elle
proposal-date = Reçue le
proposal-by = Proposée par
status-recue = Reçue
status-en-analyse = En analyse
status-retenue = Retenue
status-retenue-en-partie = Retenue en partie
status-fusionnee = Fusionnée
status-non-retenue = Non retenue
status-hors-champ = Hors champ
follow-title = Proposition { $ref }
receipt-thanks = Merci ! Votre proposition est bien enregistrée.
receipt-reference = Sa référence :
receipt-keep-title = Gardez ce lien
receipt-keep-text = Ce lien est personnel. Il vous permet de suivre votre proposition et de lire la réponse de l'administration. Enregistrez-le ou envoyez-le vous-même, par exemple sur WhatsApp. Ne le publiez pas.
receipt-link-label = Votre lien de suivi (sélectionnez-le pour le copier)
receipt-share-text = Ma proposition { $ref } à la consultation : { $link }
receipt-share-whatsapp = M'envoyer le lien sur WhatsApp
receipt-share-email = M'envoyer le lien par courriel
follow-pending = Elle sera publiée après une relecture par l'équipe de la consultation.
follow-rejected = Elle n'a pas été publiée : elle ne respectait pas les règles de la consultation.
follow-published = Elle est publiée.
follow-public-page = Voir sa page publique
list-title = Les propositions
list-new = Faire une proposition
list-search = Rechercher
list-sort = Trier par
list-sort-recent = les plus récentes
list-sort-supported = les plus soutenues
list-apply = Afficher
list-count = { $n ->
    [0] Aucune proposition ne correspond.
    [one] 1 proposition.
   *[other] { $n } propositions.
}
list-supports = { $n ->
    [0] Aucun soutien
    [one] 1 soutien
   *[other] { $n } soutiens
}
list-comments = { $n ->
    [0] Aucun commentaire
    [one] 1 commentaire
   *[other] { $n } commentaires
}
list-pages = Pages
list-previous = Page précédente
list-next = Page suivante
list-page-of = Page { $page } sur { $pages }
support-not-a-vote = Soutenir une proposition montre qu'elle vous parle. Ce n'est pas un vote : l'administration étudie toutes les propositions.
support-done = Vous soutenez cette proposition.
support-button = Je soutiens cette proposition
support-thanks = Merci, votre soutien est compté.
support-already = Vous soutenez déjà cette proposition : votre soutien n'est compté qu'une fois.
support-closed = La consultation est close : on ne peut plus soutenir de proposition.
share-title = Partager
share-whatsapp = Partager sur WhatsApp
share-facebook = Partager sur Facebook
share-link = Lien de cette page :
comment-anonymous = Anonyme
comment-body = Votre commentaire
comment-submit = Envoyer le commentaire
comment-pending = Merci ! Votre commentaire sera publié après relecture.
comment-thanks = Merci pour votre commentaire.
comment-closed = La consultation est close : on ne peut plus commenter.
comment-error-empty = Écrivez votre commentaire.
privacy-title = Vos données personnelles
privacy-q1 = Ce que nous gardons
privacy-a1 = Le texte de votre proposition ou de votre commentaire, le thème, la région, votre type de participant et la langue. Votre nom et votre organisation seulement si vous les donnez. Un contact seulement si vous acceptez d'être recontacté.
privacy-q2 = Qui le voit
privacy-a2 = Les propositions sont publiées après relecture, avec le nom et l'organisation si vous les avez donnés. Votre contact n'est jamais publié : seule l'équipe de la consultation le voit.
privacy-q3 = Combien de temps
privacy-a3 = Les propositions restent publiques pour rendre compte de la consultation. Les contacts ne servent qu'à cette consultation et sont effacés une fois la restitution terminée.
privacy-q4 = Où sont les données
privacy-a4 = Sur l'ordinateur de l'administration qui organise la consultation. Aucun service extérieur n'est utilisé : pas de publicité, pas de mesure d'audience, pas de police de caractères ni de programme chargé d'ailleurs.
privacy-q5 = Le cadre légal
privacy-a5 = La loi n° 2013-450 du 19 juin 2013 sur la protection des données à caractère personnel s'applique. L'autorité de contrôle est l'ARTCI. L'organisation qui mène la consultation est responsable du traitement.
privacy-q6 = Vos droits
privacy-a6 = Vous pouvez demander à voir, corriger ou supprimer vos données. Écrivez au point de contact indiqué sur la page d'accueil, en donnant la référence de votre proposition.
moderation-title = Contributions à relire
moderation-intro = Rien n'est publié avant votre accord. Les plus anciennes d'abord.
moderation-proposals = Propositions en attente : { $n }
moderation-comments = Commentaires en attente : { $n }
moderation-comment-on = Commentaire sur { $ref }
moderation-approve = Publier
moderation-reject = Refuser
admin-moderation-link = Contributions à relire
