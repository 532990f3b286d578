## Modération et réponse motivée

role-system = automatique
moderation-state-pending = en attente de relecture
moderation-state-approved = publiée
moderation-state-rejected = écartée par la modération
moderation-reject-confirm = Refuser avec ce motif
moderation-reported = Masquée après { $n } signalements du public : vérifiez-la.
withhold-reason = Motif
withhold-note = Précision (obligatoire pour « autre »)
withhold-error-reason = Choisissez un motif dans la liste.
withhold-error-note = Précisez le motif.
reason-hors-sujet = hors sujet
reason-injurieux = propos injurieux
reason-donnees-personnelles = données personnelles
reason-doublon = doublon
reason-publicite = publicité ou spam
reason-autre = autre motif
report-proposal = Signaler cette proposition (contenu choquant, données personnelles…)
report-comment = Signaler ce commentaire
report-thanks = Merci, votre signalement a été transmis à l'équipe de modération.
transparency-title = Contributions non publiées : { $title }
transparency-intro = Pour que la modération soit transparente, voici combien de contributions n'ont pas été publiées, et pourquoi. Leur contenu n'est pas montré.
admin-proposals-title = Toutes les propositions
answer-title = Statut et réponse
answer-public-title = La réponse de l'administration
answer-on = le { $date }
answer-status = Statut
answer-text = Réponse motivée (publique)
answer-text-hint = Expliquez ce qui a été décidé et pourquoi. Obligatoire pour les statuts définitifs : retenue, retenue en partie, non retenue, hors champ.
answer-commitment = Engagement du plan d'action :
answer-commitment-hint = Pour une proposition retenue : l'engagement auquel elle a conduit.
answer-save = Enregistrer le statut
answer-error-status = Choisissez un statut dans la liste.
answer-error-justification = Un statut définitif demande une réponse écrite d'au moins 10 caractères : expliquez la décision.
answer-error-commitment = Seule une proposition retenue (ou retenue en partie) peut nommer un engagement.
merge-title = Fusionner des doublons
merge-intro = Les propositions indiquées deviendront « fusionnées » avec { $ref }. Leurs soutiens rejoignent celle-ci, sans compter deux fois la même personne. Leurs auteurs gardent leur lien de suivi.
merge-refs = Références des doublons
merge-refs-hint = Par exemple : P-0003, P-0007
merge-submit = Fusionner dans cette proposition
merge-error-refs = Indiquez des références valides, séparées par des virgules (exemple : P-0003, P-0007).
merge-error-self = Indiquez d'autres propositions que celle-ci.
merge-error-unknown = Une des références n'existe pas.
merged-into = Cette proposition a été fusionnée avec { $ref }.
merged-see = Voir la proposition commune
hide-title = Retirer de la publication
hide-submit = Retirer avec ce motif
history-title = Historique
bulk-select = Choisir
bulk-select-one = Choisir { $ref }
support-short = Soutiens
bulk-title = Appliquer à la sélection
bulk-apply = Appliquer aux propositions cochées
bulk-done = { $n ->
    [one] 1 proposition mise à jour.
   *[other] { $n } propositions mises à jour.
}
bulk-error-none = Cochez au moins une proposition.
journal-title = Journal des décisions
journal-intro = Chaque décision de modération, changement de statut, fusion, effacement de contacts et export de données, avec la date, le rôle et le compte. Ce journal ne peut pas être modifié.
journal-when = Date
journal-what = Action
journal-item = Référence
journal-who = Compte
journal-note = Note
journal-comment = commentaire n° { $id }
journal-action-moderation = Modération : { $from } → { $to }
journal-action-status = Statut : { $from } → { $to }
journal-action-merge = Fusion : { $from } → { $to }
journal-kind-moderation = Modération
journal-kind-status = Changement de statut
journal-kind-merge = Fusion
settings-reports = Signalements avant masquage automatique
settings-reports-hint = Nombre de signalements du public qui retirent une contribution publiée en attendant votre relecture (1 à 100).
settings-error-reports = Indiquez un nombre entier de 1 à 100.

contacts-link = Contacts des participants : les effacer à la fin de la consultation
contacts-title = Contacts des participants
contacts-intro = Les participants qui l'ont accepté ont laissé un contact (téléphone ou courriel) pour être recontactés. La page « Vos données personnelles » promet de les effacer une fois la restitution terminée. Les propositions restent ; seuls les contacts disparaissent, sans retour possible.
contacts-kept = { $count } contacts sont conservés.
contacts-confirm = Je confirme l'effacement définitif des { $count } contacts.
contacts-confirm-missing = Cochez la case pour confirmer : l'effacement est définitif.
contacts-erase = Effacer les contacts
contacts-erased = { $count } contacts effacés.
journal-action-contacts = Contacts effacés : { $to }
journal-action-export = Export : { $to }
journal-kind-contacts = Effacement des contacts
journal-kind-export = Export de données
withhold-reason-choose = — Choisissez un motif —
admin-search = Rechercher (mots ou référence)
staff-comments-title = { $n ->
    [one] Commentaire publié (1)
   *[other] Commentaires publiés ({ $n })
}
staff-comment-withdraw = Retirer ce commentaire
journal-action-population = Population : { $from } → { $to }
journal-kind-population = Population du bilan
