## Results: exports, open data, dashboard, synthesis

exports-title = Export the data
exports-intro = Download the contributions to analyse them in a spreadsheet. CSV files open directly in Excel or LibreOffice, accents included.
exports-contact-admin = You are an administrator: exports of proposals contain the contacts of people who agreed to be contacted. Do not share them.
exports-contact-none = Exports contain no contact: only administrators can get them.
exports-what = Data
exports-propositions = Proposals
exports-commentaires = Comments
exports-soutiens = Supports (counted per proposal)
exports-historique = History of decisions
exports-semicolon-hint = The CSV for Excel separates columns with commas, as an English Excel expects. Choose “CSV semicolon” if Excel puts everything in one column. Statuses, channels and reasons are written in words; their codes are in the last columns.
opendata-title = Open data
opendata-intro = Published proposals, with their status and the administration's answer, are free to reuse.
opendata-csv = Proposals (CSV)
opendata-xlsx = Proposals (Excel, XLSX)
opendata-json = Proposals (JSON)
opendata-api = Programming interface (OpenAPI description)
opendata-licence = Licence:
opendata-no-personal = These files contain no personal data: no name, no contact.
opendata-columns = Description of the columns
opendata-column = Column
opendata-meaning = Content
licence-licence-ouverte = Licence Ouverte / Open Licence 2.0
licence-odbl = Open Database License (ODbL) 1.0
col-reference = Reference of the proposal (P-0142).
col-consultation = Consultation it answers.
col-titre = Title given by the author.
col-probleme = Problem seen.
col-solution = Solution proposed.
col-benefice = Expected benefit (optional).
col-theme = Code of the theme.
col-theme-libelle = Name of the theme.
col-zone = Code of the region or district concerned.
col-zone-libelle = Name of the region or district.
col-district = District it belongs to.
col-type-contributeur = Kind of contributor (citizen, CSO, private sector…).
col-valeurs-pgo = OGP values ticked, comma-separated.
col-organisation = Organisation, if the author gave it.
col-langue = Language of the contribution (ISO 639 code).
col-canal = Channel: online, workshop, paper form…
col-statut = Status: received, under review, retained, partly retained, merged, not retained, out of scope.
col-reponse = The administration's reasoned answer.
col-engagement = Action plan commitment that came from the proposal.
col-fusionnee-avec = Reference of the proposal it was merged into, if any.
col-soutiens = Number of supports.
col-commentaires = Number of published comments.
col-recue-le = Date and time received (UTC, Côte d'Ivoire time).
col-repondue-le = Date and time of the latest answer.
stats-title = Results
stats-none = Nothing yet.
stats-label = Category
stats-count = Number
stats-proposals = { $n ->
    [one] proposal received
   *[other] proposals received
}
stats-published = published
stats-supports = { $n ->
    [one] support
   *[other] supports
}
stats-comments = { $n ->
    [one] comment
   *[other] comments
}
stats-waiting-moderation = { $n ->
    [0] No contribution waits for review
    [one] { $n } contribution waits for review
   *[other] { $n } contributions wait for review
}
stats-waiting-answer = { $n ->
    [0] No published proposal waits for an answer
    [one] { $n } published proposal waits for an answer
   *[other] { $n } published proposals wait for an answer
}
workload-title = What is waiting
workload-to-review = { $n ->
    [one] contribution to review
   *[other] contributions to review
}
workload-waiting-answer = { $n ->
    [one] published proposal waits for an answer
   *[other] published proposals wait for an answer
}
workload-today = { $n ->
    [one] proposal received today
   *[other] proposals received today
}
workload-this-week = { $n ->
    [one] proposal received this week
   *[other] proposals received this week
}
stats-by-consultation = Proposals per consultation
stats-by-theme = Proposals per theme
stats-by-district = Proposals per district (regions added up)
stats-by-zone = Proposals per region or autonomous district
stats-by-channel = Proposals per channel
stats-by-contributor = Proposals per kind of contributor
stats-by-language = Proposals per language
stats-by-status = Proposals per status
stats-by-week = Proposals received per week (Monday's date)
synthesis-title = Synthesis and reasoned response
synthesis-generated = Document drawn up on { $date }.
synthesis-process = The process
synthesis-figures = The figures
synthesis-commitments = Retained proposals, per commitment
synthesis-no-commitment = No retained proposal is linked to a commitment yet.
synthesis-by-theme = Each proposal and the administration's answer, per theme
synthesis-print-hint = To print it or make a PDF, use the browser's Print command (A4 paper).
synthesis-publish = Publish this synthesis in the library
synthesis-published = The synthesis is published in the document library (category “Syntheses”).
synthesis-doc-title = Synthesis and reasoned response of { $date }
synthesis-doc-summary = Frozen copy of the synthesis: figures of the consultation and the answer to each proposal.
settings-licence = Licence of the open data
settings-error-licence = Choose a licence from the list.

## Reference code and public address
settings-refcode = Reference code of this computer
settings-refcode-hint = "P" for the national site. Each workshop computer has its own code (for example KRH for Korhogo): its references (KRH-0001…) stay the same once imported into the national site. 1 to 5 letters or digits.
refcode-error-empty = Enter a code (P for the national site).
refcode-error-format = The code must be 1 to 5 letters or digits, starting with a letter (for example KRH).
settings-address = Public address of the site
settings-address-hint = The address where everyone reaches the national site, for example https://pgo.gouv.ci. It is used in follow-up and share links. On a workshop computer, put the national site's address: receipts will point there. Leave empty if you have none.
address-error-scheme = The address must start with https:// or http://
address-error-format = This address is not valid: only the site's name, for example https://pgo.gouv.ci
synthesis-workshop-line = Workshop: { $place } — { $date }
stats-week-of = week of { $date }
exports-csv-excel = CSV (Excel)
exports-csv-other = CSV semicolon

## Backup (/admin/sauvegarde)

backup-title = Backup
backup-link = Backup
backup-copy-title = A copy of the whole consultation
backup-copy-intro = One file holds everything: proposals, comments, supports, answers, staff accounts, settings, library and logo. It is made while the site runs, without stopping anything.
backup-copy-button = Download a backup
backup-copy-personal = This file holds the participants' contacts and the staff's encrypted passwords: keep it on a stored-away USB stick or disk, never in an email. Every download is recorded in the journal.
backup-command = On the computer or server running Palabre, the same copy is made on the command line:
backup-data-dir = This site's data folder: { $dir }
backup-replication-title = Continuous replication (Litestream)
backup-replication-off = No continuous replication: no copy is made by itself. Make a backup every evening of the consultation.
backup-replication-how = On a server, Litestream can copy every change, within a second, to another server (SFTP) or S3 storage. Palabre sees it by the folder { $folder }.
backup-replication-guide = Hosting the national site on a server (guide, chapter 13)
backup-replication-following = Continuous replication running: Litestream follows the database; last change taken in hand on { $when }. This page sees Litestream on this server, not the remote copy: every week, also read its log (journalctl -u litestream).
backup-replication-behind = Litestream no longer follows the database: last change taken in hand on { $when }, and the database has changed since. Check that Litestream runs; meanwhile, download a backup. After 10 minutes, Palabre tidies the database's journal itself again.
backup-replication-never = Litestream is set up beside the database but has taken nothing in hand yet. Check that it runs; meanwhile, download a backup.
backup-replication-checkpoints = While Litestream is there, Palabre leaves the tidying of the database's journal (the “checkpoints”) to it, so that the two programs never do it at the same time.
cli-backup-replication-off = Continuous replication: none (no Litestream folder beside the database).
cli-backup-replication-following = Continuous replication (Litestream): follows the database; last change taken in hand on { $when } (the remote copy is checked in Litestream's log).
cli-backup-replication-behind = Warning: Litestream no longer follows the database; last change taken in hand on { $when }, the database has changed since. Check that Litestream runs.
cli-backup-replication-never = Warning: Litestream is set up beside the database but has taken nothing in hand yet. Check that it runs.

## Consultation record (/admin/bilan)

record-title = Consultation record
record-intro = The indicators for the lessons learned and the OGP's review (Independent Reporting Mechanism): each with its count, its base and the requirement it is evidence for. The figures move as long as contributions arrive.
record-scope-label = Consultation
record-scope-all = All consultations
record-scope-button = Show
record-of = { $count } of { $base }
record-small = small numbers
record-none = none
record-days = { $days } d
record-delay = median { $median }, 90% within { $p90 } at most (of { $n })
record-unverified = not verified
record-col-indicator = Indicator
record-col-value = Value
record-col-ogp = OGP requirement:
record-col-what = Category
record-col-count = Count
record-col-district = District
record-col-contributions = Proposals
record-col-population = Inhabitants
record-col-per-100k = Per 100,000 inhabitants
record-inputs-title = Contributions received, published, set aside
record-proposals-received = Proposals received
record-proposals-published = Proposals published
record-proposals-waiting = Proposals waiting for review
record-proposals-withheld = Proposals not published
record-comments-received = Comments received
record-comments-published = Comments published
record-comments-withheld = Comments not published
record-ogp-inputs = all contributions are published, or the reason they are not is given.
record-reach-title = Reach per district
record-ogp-reach = varied stakeholders, across the whole country.
record-reach-apart = Counted apart, left out of the rates: “National” { $national }, “Diaspora” { $diaspora }.
record-populations-link = Correct the populations and their sources
record-coverage-title = Geographic coverage
record-zones-covered = Regions and autonomous districts with at least one proposal
record-outside-abidjan = Located proposals from outside Abidjan
record-mix-title = Channels, participants, languages
record-ogp-channels = several channels, online and in person, and varied stakeholders.
record-by-channel = By channel
record-by-contributor = By type of participant
record-by-language = By language
record-answers-title = Reasoned responses
record-answered = Published proposals with a decision and its reason
record-answer-delay = Time to answer, from filing
record-ogp-answers = a reasoned response to every contribution.
record-funnel-title = From contributions to commitments
record-by-status = Published proposals, by outcome
record-retained = Published proposals retained, wholly or in part
record-commitments = Commitments fed by at least one proposal
record-ogp-commitments = show how contributions became commitments.
record-dialogue-title = Dialogue
record-with-comment = Published proposals with at least one published comment
record-comments-per-proposal = Published comments per published proposal
record-supports-per-proposal = Supports per published proposal
record-ogp-dialogue = a dialogue, not only a collection.

## Record populations (/admin/bilan/populations)

population-title = Record populations
population-intro = The record's reach is drawn on these populations. The figures shipped with Palabre quote RGPH 2021 through secondary sources: replace them with ANSTAT's official figures, with their source, and tick “official figure, checked”.
population-people = Inhabitants
population-people-hint = A whole number, for example 6,321,017.
population-source = Source
population-verified = Official figure, checked
population-save = Save
population-saved = Population saved. The record takes it into account.
population-refused = Nothing was saved: correct the form marked below.
population-updated = Changed on { $when } by { $by }.
population-regions-title = Regions
population-regions-intro = The record gives a region's rate only once its population is entered here.
population-new-region = Enter a region's population
population-region = Region
population-error-area = Choose a district or a region of the list.
population-error-people = Type the number of inhabitants, a whole number between 1 and 100,000,000.
population-error-source = Say where the figure comes from (300 characters at most).

record-reach-how = Proposals received and not set aside, per 100,000 inhabitants (RGPH 2021 population, or the figure entered).
record-regions-title = Regions whose population is entered
record-as-of = Figures as of { $when }: { $scope }.
population-districts-title = Districts
population-save-area = Save the population of { $area }
record-whole-days = { $n ->
    [one] 1 day
   *[other] { $days } days
}
record-whole-days-late = { $n ->
    [one] 1 day after the opening
   *[other] { $days } days after the opening
}
record-verified-count = Verified population figures: { $verified } of { $all }. The others quote the 2021 census (RGPH) through secondary sources.
record-workshops-title = Workshops
record-workshops-held = Workshops held
record-workshop-zones = Regions and autonomous districts where a workshop was held
record-attendance-entered = Workshops whose attendance is entered
record-attendance-total = People present (counted by the facilitators)
record-attendance-women = Women among the people present
record-from-workshops = Proposals made at workshops
record-per-workshop = Proposals per workshop
record-on-paper = Workshop proposals on paper forms
record-workshops-list = Each workshop
record-col-workshop = Workshop
record-col-attendance = Attendance
record-attendance-missing = not entered
record-attendance-cell = { $total } ({ $women } women, { $men } men)
record-paper-cell = of which { $n } on paper
record-attendance-by-category = Attendance by category, all workshops
attendance-women = Women
attendance-men = Men
record-moderation-title = Moderation
record-moderation-delay = Time to review proposals, from filing (or typing in a paper form)
record-comment-moderation-delay = Time to review comments
record-devices-title = Distinct devices
record-devices-how = A device is a phone or a computer recognised by an anonymous cookie, never a person: a shared workshop laptop counts as one, a paper form as none.
record-devices = Distinct devices that took part
record-devices-returning = Devices that came back another day
record-marked = Contributions (proposals, comments, supports) from a recognised device
record-calendar-title = Timeline
record-ogp-calendar = a timeline published at least two weeks before the opening.
record-notice = Notice of the timeline before the opening
record-notice-ok = at least 14 days: compliant
record-notice-short = under 14 days: too short
record-notice-reason = Reason given: { $reason }
record-open-days = Open for
record-forum-title = Forum and library
record-ogp-forum = a forum that meets at least every six months and a library kept up to date.
record-forum-recent = Forum meetings in the last six months
record-forum-ok = compliant
record-forum-short = none: schedule one
record-days-since-forum = Since the last forum meeting
record-days-since-document = Since the last document added to the library
record-print = Print the record
record-open-data = The indicators as open data (CSV)
lessons-title = Lessons learned
lessons-intro = Template for the lessons-learned report. The figures come from the record above; write your observations in the boxes.
lessons-context = Context
lessons-figures = Participation (key figures)
lessons-proposals = { $n } proposals received, { $published } published; { $comments } comments published and { $supports } supports.
lessons-reach = { $zones } of { $all } regions and autonomous districts contributed; { $outside } of the located proposals come from outside Abidjan.
lessons-workshops = { $n } workshops, { $people } people present, { $women } of them women.
lessons-answers = { $rate } of the published proposals have a reasoned answer, in { $median } (median); { $retained } retained wholly or in part, { $commitments } commitments fed.
lessons-devices = { $n } distinct devices (phones, computers) took part.
lessons-worked = What worked
lessons-less = What worked less well
lessons-next = Recommendations for the next cycle
attendance-error-number = Type a whole number of people in each box (or leave it empty).
attendance-error-too-many = A number of people is over 10,000: check the box.
record-notice-none = timeline not published yet
record-doc-title = Record of the consultation on { $date }
record-doc-summary = The record's indicators (participation, reach, answers, outcomes) frozen on the day the synthesis was published: the evidence for the OGP Independent Reporting Mechanism.
opendata-record-title = The consultation's record
opendata-record-intro = The process indicators (participation, reach per district, channels, workshops, time to answer, outcomes), for the OGP review. No personal data: counts of people under 5 are grouped or given as "<5". Add "?consultation=NUMBER" for one consultation.
opendata-record-csv = The record as CSV
opendata-record-json = The record as JSON (also in the API: /api/v1/record)
population-part = Figure for
population-part-hint = These districts are known only together. Once one of them is known, choose it: the row splits in two, and the other keeps the rest of the joint figure, unverified.
population-part-together = Both together
population-part-one = { $district } alone
population-error-part = Choose a district of this row.
population-error-split = One district's figure must be smaller than the joint figure.
record-fewer-than-five = fewer than 5
record-withheld = not published (small number)
record-others = Others (grouped)
lessons-scope = Consultation: { $scope }.
lessons-open = { $n ->
    [one] Open { $days } day.
   *[other] Open { $days } days.
}
lessons-notice = { $n ->
    [one] Timeline published { $days } day before the opening.
   *[other] Timeline published { $days } days before the opening.
}
lessons-notice-late = { $n ->
    [one] Timeline published { $days } day after the opening.
   *[other] Timeline published { $days } days after the opening.
}
lessons-notice-none = Timeline not published yet.
lessons-workshops-uncounted = { $n } workshops; attendance not entered.
population-rest-source = Rest of the joint figure "{ $joint }" ({ $people }, { $source }) minus { $part } ({ $part_people })
population-journal-note = { $area } — source: { $source }
population-journal-verified = { $area } — source: { $source } (verified official figure)
population-journal-part = { $joint } → { $part }
record-attendance-grouped = counted with others
record-attendance-grouped-row = Other workshops, counted together (small numbers)
record-priority-participants = People who gave their priorities
record-priority-counted = (of whom { $n } counted in workshops, ballots or show of hands)
synthesis-priorities = Priorities expressed
synthesis-priorities-how = for "{ $consultation }", online, at kiosks, on workshop laptops, on paper ballots or by show of hands.
record-sms-received = Texts received (all consultations)
record-sms-answers = Reasoned answers delivered by text
