## Palabre window (console) and command line

banner-title = Palabre: the consultation “{ $name }” is online.
banner-title-new = Palabre has started. It still needs setting up (5 questions).
banner-port-changed = Port { $wanted } is already in use on this computer: Palabre uses port { $port }.
banner-local = On this computer, open:
banner-network = On phones and computers of the same network (Wi-Fi), open:
banner-no-network = No network found: only this computer can open the site for now.
banner-data = Data is saved in: { $dir }
banner-setup = First use: open this address to set up the consultation (it works only once):
banner-close-stops = Closing this window stops the consultation. Leave it open as long as the site must stay reachable.

start-no-data-dir = No folder could be found for the data. Give one with --data-dir FOLDER.
start-data-dir-unwritable = Palabre cannot write in the data folder “{ $dir }” ({ $error }). Choose a folder you may write in, with --data-dir FOLDER.
start-no-free-port = No free port from { $port } on ({ $error }). Close the other program using this port, or choose another one with --port N.
start-port-taken = Port { $port } is already in use on this computer ({ $error }). Palabre does not take another port when --port or PALABRE_PORT names one: close the other program using this port, choose another one with --port N, or leave --port out so that Palabre finds a free one.
start-server-failed = The server could not start: { $error }
db-not-sqlite = The file “{ $file }” is not a Palabre database. It was not changed. Move it elsewhere, or choose another data folder with --data-dir FOLDER.
db-foreign = The file “{ $file }” is another program's database. It was not changed. Move it elsewhere, or choose another data folder with --data-dir FOLDER.
db-open-failed = Cannot open the database “{ $file }”: { $error }
db-migrate-failed = Cannot update the database “{ $file }”: { $error }. The file was not changed; make a copy of it and contact support.
db-error = Database error: { $error }
db-error-disk-full = The computer's disk is full: nothing was saved. Free some space (at least 100 MB), then try again.

cli-bad-role = Unknown role: choose admin, moderator or facilitator.
cli-password-prompt = Type the password then Enter (it is not shown):
cli-password-again = Type it a second time then Enter:
cli-password-read = Cannot read the password
cli-account-created = Account “{ $login }” created ({ $role }). It can sign in from the next start.
cli-account-updated = Account “{ $login }” updated ({ $role }): new password, locks lifted, old sessions closed.
cli-backup-exists = The file “{ $file }” already exists: choose another name, nothing was written.
cli-backup-failed = Backup into “{ $file }” failed: { $error }
cli-backup-done = Backup finished: { $file }

## Command-line help

cli-help-about = Palabre — the public consultation in one file. Without a command: starts the consultation.
cli-help-data-dir = Data folder (database, logs, documents). Default: "palabre-data" beside the program if it exists, else the system's application data folder.
cli-help-port = Port to listen on (8080 by default, or the next free one).
cli-help-bind = Address to listen on (all interfaces by default).
cli-help-no-browser = Do not open the browser at start.
cli-help-serve = Starts the consultation (the default command).
cli-help-admin = Team accounts (use while Palabre is stopped).
cli-help-admin-add = Creates an account, or replaces its password and role (to get access back).
cli-help-login = Login of the account.
cli-help-role = Role: admin, moderator or facilitator.
cli-help-password-stdin = Reads the password from standard input (one line).
cli-help-backup = Consistent copy of the database into FILE, even while Palabre runs.
cli-help-backup-file = Backup file to create (it must not exist).
cli-help-bundle = Workshop files: export contributions, or import them on the national site.
cli-help-bundle-export = Writes into FILE every contribution gathered on this computer.
cli-help-bundle-import = Imports a workshop file; importing it twice changes nothing.
cli-help-bundle-file = Workshop file (.zip).
cli-help-bundle-consultation = Consultation that receives the proposals (the most recent by default).
cli-bundle-exported = Workshop file written: { $file } ({ $proposals }, { $comments }, { $supports }, { $workshops }).
cli-bundle-imported = { $file }: { $summary }
cli-bundle-partial = Some records were not imported:
cli-bundle-refused = The file “{ $file }” is refused, nothing was imported: { $reason }
bundle-error-io = cannot read it ({ $error }).
bundle-error-zip = it is not a valid workshop file, or it is damaged ({ $error }).
bundle-error-file = it contains an unexpected file “{ $name }”.
bundle-error-large = the file “{ $name }” is abnormally large.
bundle-error-manifest = its table of contents cannot be read ({ $error }).
bundle-error-version = it comes from a version of Palabre this one does not know (format { $version }): update Palabre.
bundle-error-hash = the content of “{ $name }” was changed after export.
bundle-error-record = record { $line } of “{ $file }” is wrong ({ $reason }).
bundle-error-reference = a contribution refers to a proposal or a workshop that is neither in the file nor on the site ({ $uid }).
bundle-error-training = This file comes from the training mode (palabre demo): its proposals are fictional. It was not imported into this real site; nothing was changed. Import the file of the workshop computer used for the real consultation.
bundle-title = Workshop file
bundle-refused = The file is refused, nothing was imported:
bundle-export-title = On the workshop computer
bundle-export-text = At the end of the workshop, download the file that holds every contribution gathered on this computer, then send it to the national team (USB stick, e-mail).
bundle-export-button = Download the workshop file
bundle-import-title = On the national site
bundle-import-text = Import a workshop file here. Importing it twice creates no duplicate. Imported proposals wait for your review.
bundle-file = Workshop file (.zip)
bundle-consultation = Consultation that receives the proposals
bundle-consultation-hint = By default, the most recent one.
bundle-error-consultation = choose one of the consultations in the list.
bundle-import-button = Import
bundle-imported = Import finished. Added: { $proposals }, { $comments }, { $supports }, { $workshops }. Already there: { $already }. Left out: { $refused }.
bundle-renumbered = { $count ->
    [one] One reference was already taken here: it got a new one ({ $list }). The workshop computer needs its own reference code (Settings).
   *[other] { $count } references were already taken here: they got new ones ({ $list }). The workshop computer needs its own reference code (Settings).
}
bundle-partial = These records were left out, the rest is imported:
bundle-refused-paper = { $uid }: paper form { $detail } was already typed in for this workshop, under another id.
bundle-refused-parent = { $uid }: its proposal ({ $detail }) was left out.
bundle-error-upload-large = the file is larger than 64 MB.
bundle-error-upload-none = choose a file.
banner-setup-done = Setup is complete. The setup address no longer works. The administration is here:
cli-help-usage = Usage:
cli-help-commands = Commands
cli-help-arguments = Arguments
cli-help-options = Options
cli-help-help = Shows this help.
cli-help-version = Shows the version.
cli-help-env = (Environment variable: { $var }.)
count-proposals = { $n ->
    [one] { $n } proposal
   *[other] { $n } proposals
}
count-comments = { $n ->
    [one] { $n } comment
   *[other] { $n } comments
}
count-supports = { $n ->
    [one] { $n } support
   *[other] { $n } supports
}
count-workshops = { $n ->
    [one] { $n } workshop
   *[other] { $n } workshops
}
start-already-running = Palabre is already open for this data folder, at { $address }. Your browser opens on that address; this second start stops here (the consultation goes on in the first window).
start-already-running-no-browser = Palabre is already open for this data folder, at { $address }. This second start stops here (the consultation goes on in the first window).
start-already-starting = Palabre is already starting for this data folder, in another window. Wait until it shows the site's address.
cli-running-admin = Palabre is open for this data folder ({ $address }). Close its window, then run this command again.
cli-running-bundle = Palabre is open for this data folder ({ $address }): import the file from the administration (Regional workshops, then Workshop file), or close Palabre and run this command again.

## Training mode (palabre demo)

cli-help-demo = Training mode: starts Palabre on fictional data, in a temporary folder deleted when it closes. The real data is neither opened nor changed.
banner-training = Training mode: fictional data, deleted when Palabre closes. The real data is not used.
banner-training-accounts = Staff accounts to practise with (login / password):
banner-training-account = { $role }: { $login } / { $password }
banner-training-sign-in = Staff sign-in:
banner-training-data = Temporary training folder (deleted when Palabre closes): { $dir }
banner-training-close = Closing this window ends the training session and deletes all its data.
demo-cleanup-failed = The temporary training folder could not be deleted: { $dir } ({ $error }). You can delete it yourself; the next "palabre demo" will try too.

## Hosting on a server (reverse proxy, public address)

cli-help-trusted-proxy = Reverse proxies (nginx, Caddy, IIS) whose X-Forwarded-For, X-Forwarded-Proto and Forwarded headers are believed: addresses or networks (CIDR), comma-separated. Nobody else is believed.
cli-help-public-url = The address where the public opens the site (for example https://consultation.gouv.ci): used in links, before the one in the settings.
cli-bad-trusted-proxy = --trusted-proxy value not understood: “{ $value }”. Give IP addresses or networks, comma-separated, for example 127.0.0.1,10.0.0.0/8.
cli-bad-public-url = --public-url value not understood: “{ $value }”. Give a full address, for example https://consultation.gouv.ci.
banner-proxies = Trusted reverse proxies: { $list }
banner-public-url = Public address for links: { $url }
cli-bundle-new-code = This computer was still handing out the national site's references (P-…). It now has its own code, { $code }: its next proposals will be numbered { $code }-…, and the national site will file the earlier ones under { $code }, with the same number.
bundle-moved-national = { $count ->
    [one] One proposal carried a national reference (P-…) given by the workshop laptop: it is filed under that laptop's own code
   *[other] { $count } proposals carried a national reference (P-…) given by the workshop laptop: they are filed under that laptop's own code
}, same number ({ $list }). The page of the old reference says where to find them.
bundle-moved-code = { $count ->
    [one] One proposal carries a code already used by another workshop laptop: it is filed under this laptop's own code
   *[other] { $count } proposals carry a code already used by another workshop laptop: they are filed under this laptop's own code
}, same number ({ $list }). The page of the old reference says where to find them.
bundle-refused-source = { $uid }: this record comes from another computer ({ $detail }) than the file; it was not imported.
bundle-refused-field = { $uid }: { $field } empty, too long ({ $detail } characters) or unreadable; not imported.
bundle-refused-unknown = { $uid }: { $field } unknown or badly written (“{ $detail }”); not imported.
bundle-refused-time = { $uid }: dated { $detail }, after today. Is the workshop laptop's clock right? Not imported.
bundle-refused-attendance = { $uid }: the workshop's attendance is dated { $detail }, after today; the workshop is imported without it.
bundle-refused-foreign = { $uid }: targets proposal { $detail }, which does not come from this workshop laptop; a file brings supports and comments only to its own proposals. Not imported.
bundle-refused-foreign-workshop = { $uid }: workshop { $detail } belongs to another computer; this file cannot change it or add to it. Not imported.
bundle-refused-workshop-parent = { $uid }: its workshop ({ $detail }) was left out.
bundle-refused-token = { $uid }: its follow-up link already belongs to another proposal; one of the two is not what it claims. Not imported.
bundle-refused-code = { $uid }: its reference { $detail } is not one of this workshop laptop's codes; not imported.
bundle-field-uid = the identifier
bundle-field-instance = the computer's identifier
bundle-field-proposal = the proposal it targets
bundle-field-participant = the participant
bundle-field-title = the title
bundle-field-problem = the problem
bundle-field-solution = the solution
bundle-field-benefit = the expected benefit
bundle-field-theme = the theme
bundle-field-type = the contributor type
bundle-field-values = the OGP values
bundle-field-author = the name
bundle-field-organisation = the organisation
bundle-field-contact = the contact
bundle-field-language = the language
bundle-field-workshop = the workshop
bundle-field-entered-by = the person who typed the form
bundle-field-channel = the channel
bundle-field-zone = the region or district
bundle-field-token = the follow-up link
bundle-field-paper = the paper form number
bundle-field-reference = the reference
bundle-field-body = the comment's text
bundle-field-workshop-name = the workshop's name
bundle-field-place = the place
bundle-field-facilitators = the facilitators
bundle-field-attendance = the attendance
bundle-field-held-on = the workshop's date
bundle-refused-more = … and { $count } more left out for the same reason.
bundle-imported-priorities = Priorities: { $ballots } people's choices and { $tallies ->
    [one] { $tallies } workshop count added
   *[other] { $tallies } workshop counts added
}, { $already } already here.
bundle-refused-tally = { $uid }: priority count unreadable or inconsistent ({ $detail } people); not imported.
bundle-field-sex = the sex
bundle-field-age = the age band
cli-help-sms-gateway = The Android phone that sends and receives texts (SMS Gateway for Android, local server mode): http://LOGIN:PASSWORD@ADDRESS:PORT.
cli-bad-sms-gateway = --sms-gateway value not understood: “{ $value }”. Give the phone's address, for example http://sms:password@192.168.1.20:8080.
