## Taking part: form, receipt, list, proposal page

nav-proposals = Proposals
form-optional = (optional)
form-choose = Choose…
form-error-robot = Your form was not accepted: a hidden field was filled in, as robots do. If you are a person, send the form again.
form-error-expired = This form has expired. Check what you wrote, then send it again.
form-error-too-fast = This form was sent very quickly. Take the time to read it again, then send it again: nothing is lost.
form-error-rate = Many forms were just sent from this device or network. Wait a little and try again: what you wrote is kept below.
privacy-link = What we do with your data.
proposal-form-title = Make a proposal
proposal-form-intro = Describe a problem you see and the solution you propose. No account needed. Fields marked “optional” may stay empty.
proposal-consultation = Consultation
proposal-title = Title of your proposal
proposal-title-hint = A short sentence. For example: “Publish the budget of each school”.
proposal-problem = The problem you see
proposal-problem-hint = What is wrong? Who is affected? Where?
proposal-solution = The solution you propose
proposal-solution-hint = What should be done? Who could do it?
proposal-benefit = What it would change
proposal-benefit-hint = For whom, and how life would be better.
proposal-theme = Theme
proposal-zone = Region or district concerned
proposal-contributor_type = You are
proposal-language = Language you wrote in (or spoke, at a workshop)
zone-group-districts = Autonomous districts
zone-group-regions = Regions
zone-group-other = Other
proposal-ogp_values = OGP values concerned
proposal-ogp_values-hint = Tick those that fit your proposal.
ogp-value-help-transparence = make information public and easier to understand.
ogp-value-help-participation = let citizens give their views and weigh on decisions.
ogp-value-help-redevabilite = make those in charge answer for their actions.
ogp-value-help-numerique = use digital tools to serve the three other values.
proposal-about-you = Who are you?
proposal-about-you-hint = You may stay anonymous. If you give them, your name and organisation are published with the proposal.
proposal-author_name = Your name
proposal-author_name-hint = It will be published.
proposal-organisation = Your organisation
proposal-organisation-hint = Association, NGO, company, administration… It will be published.
proposal-contact-legend = Being contacted
proposal-contact = Phone or e-mail
proposal-contact-hint = Only if you agree to be contacted. Never published.
proposal-consent = I agree that the consultation team may contact me about my proposal.
proposal-honeypot = Do not fill in this field
proposal-submit = Send my proposal
proposal-error-title = Give your proposal a title.
proposal-error-problem = Describe the problem you see.
proposal-error-solution = Describe the solution you propose.
proposal-error-theme = Choose a theme from the list.
proposal-error-zone = Choose a region or district from the list.
proposal-error-contributor-type = Tell us who you are (choose from the list).
proposal-error-values = Choose only among the values offered.
proposal-error-consent = You gave a contact: tick the box to agree to be contacted, or remove the contact.
proposal-error-language = Choose a language from the list.
proposal-error-closed-meanwhile = The consultation you chose has just closed. Your text is kept below: you can send it to a consultation that is still open.
proposal-closed-title = Proposals are closed
proposal-opens-on = The consultation “{ $title }” opens on { $date }. Come back then.
proposal-closed-on = The consultation “{ $title }” closed on { $date }. Thank you for your interest.
proposal-see-list = See the proposals received
proposal-status = Where it stands
proposal-date = Received on
proposal-by = Proposed by
status-recue = Received
status-en-analyse = Under review
status-retenue = Retained
status-retenue-en-partie = Partly retained
status-fusionnee = Merged
status-non-retenue = Not retained
status-hors-champ = Out of scope
follow-title = Proposal { $ref }
receipt-thanks = Thank you! Your proposal is saved.
receipt-reference = Its reference:
receipt-keep-title = Keep this link
receipt-keep-text = This link is personal. It lets you follow your proposal and read the administration's answer. Save it or send it to yourself, for example on WhatsApp. Do not publish it.
receipt-link-label = Your follow-up link (select it to copy it)
receipt-share-text = My proposal { $ref } to the consultation: { $link }
receipt-share-whatsapp = Send me the link on WhatsApp
receipt-share-email = Send me the link by e-mail
follow-pending = It will be published after the consultation team has read it.
follow-rejected = It was not published: it did not follow the rules of the consultation.
follow-published = It is published.
follow-public-page = See its public page
list-title = Proposals
list-new = Make a proposal
list-search = Search
list-sort = Sort by
list-sort-recent = most recent
list-sort-supported = most supported
list-apply = Show
list-count = { $n ->
    [0] No proposal matches.
    [one] 1 proposal.
   *[other] { $n } proposals.
}
list-supports = { $n ->
    [0] No support
    [one] 1 support
   *[other] { $n } supports
}
list-comments = { $n ->
    [0] No comment
    [one] 1 comment
   *[other] { $n } comments
}
list-pages = Pages
list-previous = Previous page
list-next = Next page
list-page-of = Page { $page } of { $pages }
support-not-a-vote = Supporting a proposal shows it speaks to you. It is not a vote: the administration studies every proposal.
support-done = You support this proposal.
support-button = I support this proposal
support-thanks = Thank you, your support is counted.
support-already = You already support this proposal: your support counts only once.
support-closed = The consultation is closed: proposals can no longer be supported.
share-title = Share
share-whatsapp = Share on WhatsApp
share-facebook = Share on Facebook
share-link = Link to this page:
comment-anonymous = Anonymous
comment-body = Your comment
comment-submit = Send the comment
comment-pending = Thank you! Your comment will be published after review.
comment-thanks = Thank you for your comment.
comment-closed = The consultation is closed: comments are no longer possible.
comment-error-empty = Write your comment.
privacy-title = Your personal data
privacy-q1 = What we keep
privacy-a1 = The text of your proposal or comment, the theme, the region, your kind of participant and the language. Your name and organisation only if you give them. A contact only if you agree to be contacted.
privacy-q2 = Who sees it
privacy-a2 = Proposals are published after review, with the name and organisation if you gave them. Your contact is never published: only the consultation team sees it.
privacy-q3 = For how long
privacy-a3 = Proposals stay public to account for the consultation. Contacts serve only this consultation and are erased once the feedback phase is over.
privacy-q4 = Where the data is
privacy-a4 = On the computer of the administration running the consultation. No outside service is used: no advertising, no audience measurement, no font or program loaded from elsewhere.
privacy-q5 = The legal framework
privacy-a5 = Law No. 2013-450 of 19 June 2013 on the protection of personal data applies. The supervisory authority is ARTCI. The organisation running the consultation is the data controller.
privacy-q6 = Your rights
privacy-a6 = You may ask to see, correct or delete your data. Write to the point of contact shown on the home page, giving the reference of your proposal.
moderation-title = Contributions to review
moderation-intro = Nothing is published before you agree. Oldest first.
moderation-proposals = Proposals waiting: { $n }
moderation-comments = Comments waiting: { $n }
moderation-comment-on = Comment on { $ref }
moderation-approve = Publish
moderation-reject = Refuse
admin-moderation-link = Contributions to review
