## Moderation and reasoned response

role-system = automatic
moderation-state-pending = waiting for review
moderation-state-approved = published
moderation-state-rejected = withheld by moderation
moderation-reject-confirm = Refuse with this reason
moderation-reported = Hidden after { $n } reports from the public: check it.
withhold-reason = Reason
withhold-note = Details (required for “other”)
withhold-error-reason = Choose a reason from the list.
withhold-error-note = Give details about the reason.
reason-hors-sujet = off topic
reason-injurieux = abusive language
reason-donnees-personnelles = personal data
reason-doublon = duplicate
reason-publicite = advertising or spam
reason-autre = other reason
report-proposal = Report this proposal (shocking content, personal data…)
report-comment = Report this comment
report-thanks = Thank you, your report was sent to the moderation team.
transparency-title = Contributions not published: { $title }
transparency-intro = So that moderation is transparent, here is how many contributions were not published, and why. Their content is not shown.
admin-proposals-title = All proposals
answer-title = Status and answer
answer-public-title = The administration's answer
answer-on = on { $date }
answer-status = Status
answer-text = Reasoned answer (public)
answer-text-hint = Explain what was decided and why. Required for final statuses: retained, partly retained, not retained, out of scope.
answer-commitment = Action plan commitment:
answer-commitment-hint = For a retained proposal: the commitment it led to.
answer-save = Save the status
answer-error-status = Choose a status from the list.
answer-error-justification = A final status needs a written answer of at least 10 characters: explain the decision.
answer-error-commitment = Only a retained (or partly retained) proposal can name a commitment.
merge-title = Merge duplicates
merge-intro = The proposals given will become “merged” with { $ref }. Their supports join this one, never counting the same person twice. Their authors keep their follow-up link.
merge-refs = References of the duplicates
merge-refs-hint = For example: P-0003, P-0007
merge-submit = Merge into this proposal
merge-error-refs = Give valid references, separated by commas (example: P-0003, P-0007).
merge-error-self = Give proposals other than this one.
merge-error-unknown = One of the references does not exist.
merged-into = This proposal was merged with { $ref }.
merged-see = See the joint proposal
hide-title = Remove from publication
hide-submit = Remove with this reason
history-title = History
bulk-select = Select
bulk-select-one = Select { $ref }
support-short = Supports
bulk-title = Apply to the selection
bulk-apply = Apply to the ticked proposals
bulk-done = { $n ->
    [one] 1 proposal updated.
   *[other] { $n } proposals updated.
}
bulk-error-none = Tick at least one proposal.
journal-title = Decision log
journal-intro = Every moderation decision, status change, merge, erasing of contacts and data export, with the date, the role and the account. This log cannot be changed.
journal-when = Date
journal-what = Action
journal-item = Reference
journal-who = Account
journal-note = Note
journal-comment = comment No. { $id }
journal-action-moderation = Moderation: { $from } → { $to }
journal-action-status = Status: { $from } → { $to }
journal-action-merge = Merge: { $from } → { $to }
journal-kind-moderation = Moderation
journal-kind-status = Status change
journal-kind-merge = Merge
settings-reports = Reports before automatic hiding
settings-reports-hint = Number of reports from the public that remove a published contribution until you review it (1 to 100).
settings-error-reports = Enter a whole number from 1 to 100.

contacts-link = Participants' contacts: erase them at the end of the consultation
contacts-title = Participants' contacts
contacts-intro = Participants who agreed left a contact (phone or e-mail) to be contacted again. The page “Your personal data” promises to erase them once the feedback is over. The proposals stay; only the contacts go, for good.
contacts-kept = { $count } contacts are kept.
contacts-confirm = I confirm that the { $count } contacts are erased for good.
contacts-confirm-missing = Tick the box to confirm: erasing cannot be undone.
contacts-erase = Erase the contacts
contacts-erased = { $count } contacts erased.
journal-action-contacts = Contacts erased: { $to }
journal-action-export = Export: { $to }
journal-kind-contacts = Erasing contacts
journal-kind-export = Data export
withhold-reason-choose = — Choose a reason —
admin-search = Search (words or reference)
staff-comments-title = { $n ->
    [one] Published comment (1)
   *[other] Published comments ({ $n })
}
staff-comment-withdraw = Remove this comment
journal-action-population = Population: { $from } → { $to }
journal-kind-population = Record population
