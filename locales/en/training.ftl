# The training page (palabre demo).
training-title = Training
training-intro = Ten exercises to learn how to run a consultation, on fictional data. Each exercise ticks itself off once you have done it. The guide chapter shown explains every step.
training-score = { $done } of { $total } { $total ->
    [one] exercise
   *[other] exercises
} done.
training-done = Done
training-todo = To do
training-progress = In progress: { $got } of { $needed }
training-chapter-link = Read the guide chapter
training-pgo-title = Publish the "OGP" page
training-pgo-goal = On the dashboard, click the link Edit the “OGP” page, complete the text and click Save.
training-document-title = Add a document to the library
training-document-goal = Add a document (a PDF, for example) with its title, category and date.
training-moderate-title = Review five contributions
training-moderate-goal = In “Contributions to review”, publish or refuse five contributions, with a reason for those you refuse.
training-answer-title = Answer a proposal
training-answer-goal = Give a published proposal a status (retained, not retained…) and a reasoned answer.
training-merge-title = Merge two duplicates
training-merge-goal = Two proposals say the same thing: merge one into the other.
training-paper-title = Type in a paper form
training-paper-goal = In “Regional workshops”, click “Type in paper forms” and type one form.
training-export-title = Export to Excel
training-export-goal = Download the proposals as Excel (XLSX) from the exports page.
training-synthesis-title = Publish the synthesis
training-synthesis-goal = Open the synthesis and publish it to the library.
training-import-title = Import a workshop file
training-import-goal = Import a regional workshop's file (exercise 9 of the guide says how to get one).
training-team-title = Add a team member
training-team-goal = Create a moderator account for a colleague.
training-again-title = Start the training again
training-again-text = Puts the training site back exactly as it started: everything done since is erased and everyone must sign in again.
training-again-confirm = I confirm: erase everything done during this training.
training-again-unconfirmed = Tick the box to confirm: nothing was erased.
training-again-button = Start again
training-again-done = The training site is back to its starting state: every exercise is to be done again. Sign in again with a training account.
