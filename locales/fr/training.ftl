# The training page (palabre demo).
training-title = Formation
training-intro = Dix exercices pour apprendre à faire vivre une consultation, sur des données fictives. Chaque exercice se coche tout seul quand vous l'avez fait. Le chapitre du guide indiqué explique chaque étape.
training-score = { $done ->
    [one] { $done } exercice fait
   *[other] { $done } exercices faits
} sur { $total }.
training-done = Fait
training-todo = À faire
training-progress = En cours : { $got } sur { $needed }
training-chapter-link = Lire le chapitre du guide
training-pgo-title = Publier la page « Le PGO »
training-pgo-goal = Dans le tableau de bord, cliquez sur « Modifier la page « Le PGO » », complétez le texte et cliquez sur « Enregistrer ».
training-document-title = Ajouter un document à la bibliothèque
training-document-goal = Ajoutez un document (un PDF, par exemple) avec son titre, sa catégorie et sa date.
training-moderate-title = Relire cinq contributions
training-moderate-goal = Dans « Contributions à relire », publiez ou refusez cinq contributions, avec un motif pour celles que vous refusez.
training-answer-title = Répondre à une proposition
training-answer-goal = Donnez à une proposition publiée un statut (retenue, non retenue…) et une réponse motivée.
training-merge-title = Fusionner deux doublons
training-merge-goal = Deux propositions disent la même chose : fusionnez l'une dans l'autre.
training-paper-title = Saisir une fiche papier
training-paper-goal = Dans « Ateliers régionaux », cliquez sur « Saisir des fiches papier » et tapez une fiche.
training-export-title = Exporter vers Excel
training-export-goal = Téléchargez les propositions au format Excel (XLSX) depuis la page des exports.
training-synthesis-title = Publier la synthèse
training-synthesis-goal = Ouvrez la synthèse et publiez-la dans la bibliothèque.
training-import-title = Importer un fichier d'atelier
training-import-goal = Importez le fichier d'un atelier régional (voir l'exercice 9 du guide pour l'obtenir).
training-team-title = Ajouter un membre de l'équipe
training-team-goal = Créez un compte de modérateur pour un collègue.
training-again-title = Recommencer la formation
training-again-text = Remet le site de formation exactement comme au démarrage : tout ce qui a été fait depuis est effacé et chacun doit se reconnecter.
training-again-confirm = Je confirme : effacer tout ce qui a été fait pendant cette formation.
training-again-unconfirmed = Cochez la case pour confirmer : rien n'a été effacé.
training-again-button = Recommencer
training-again-done = Le site de formation est revenu à son état de départ : tous les exercices sont à refaire. Reconnectez-vous avec un compte de formation.
