## Setup (first start)

setup-title = Set up your consultation
setup-intro = Five answers and your consultation is online. You can change everything later.
setup-site-name = Name of the consultation
setup-site-name-hint = For example: “OGP national action plan 2027-2029 — have your say”.
setup-organisation = Organisation running it
setup-organisation-hint = For example: the ministry or the OGP technical committee.
setup-login = Your login
setup-login-hint = 3 to 40 characters: unaccented letters, digits, dot, dash.
setup-password = Password
setup-password-hint = At least 10 characters. A sentence that is easy to remember works well.
setup-password-confirm = Password, once more
setup-language = Default language of the site
setup-submit = Create the consultation
setup-error-site-name = Enter the name of the consultation.
setup-error-organisation = Enter the organisation running the consultation.
setup-error-language = Choose the language of the site.
login-error-empty = Enter a login.
login-error-length = The login must have 3 to 40 characters.
login-error-characters = The login may only contain unaccented letters, digits, dots, dashes and underscores.
password-error-short = The password must have at least 10 characters.
password-error-long = The password cannot be longer than 200 characters.
password-error-mismatch = The two passwords are not the same.
password-error-common = This password is too common: it would be guessed in seconds. Choose another one.
password-error-login = The password must not contain the login.

## Staff sign-in

login-title = Staff sign-in
login-login = Login
login-password = Password
login-submit = Sign in
login-wrong = Wrong login or password.
login-locked = Too many sign-in attempts. For safety, wait { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
} before trying again, even with the right password.
login-signed-out = You are signed out.
login-forgotten = Forgotten password? On the Palabre computer, one command replaces it:
login-forgotten-link = getting access back

## Dashboard

admin-dashboard-title = Dashboard
admin-welcome = Your consultation is online. Give one of the addresses below to participants, or let them scan its QR code.
admin-access-title = Where to find the site
admin-access-intro = People on the same network (office Wi-Fi or this computer's hotspot) open this address, or scan the QR code with their phone:
admin-access-none = Palabre can only be reached from this computer (no network, or started with --bind 127.0.0.1). Address on this computer:
admin-access-firewall = If phones cannot open the address: on Windows, accept the firewall prompt (“Allow access”) for Palabre, on private networks.
admin-qr-alt = QR code of the address { $url }
admin-consultations-title = Current consultations
admin-consultation-dates = from { $opens } to { $closes }
admin-team-title = The team
admin-team-link = Manage the team's accounts

## Team accounts

accounts-title = Team accounts
accounts-caption = People who can sign in to the administration
accounts-login = Login
accounts-role = Role
accounts-state = State
accounts-action = Action
accounts-active = active
accounts-disabled = disabled
accounts-enable = Enable again
accounts-disable = Disable
accounts-new = Add a person
accounts-create = Create the account
accounts-created = The account “{ $login }” is created. Give its password to the person yourself.
accounts-error-role = Choose a role.
accounts-error-taken = This login is already taken.

## Guide

guide-title = User guide
guide-intro = Everything needed to set up and run a consultation, step by step, in fourteen chapters.
guide-contents = Contents
guide-print-link = The whole guide on one page, to print or save as PDF
guide-chapter-number = Chapter { $n }
guide-pager = Chapters
nav-guide = Guide
nav-help = Help
setup-opening = When do contributions open?
setup-opening-now = Right now
setup-opening-now-hint = For a trial, or if the timeline was published two weeks ago already.
setup-opening-notice = In 14 days, as the OGP asks
setup-opening-notice-hint = Publish the timeline meanwhile: the OGP asks for it to be public two weeks before the opening.
setup-error-opening = Choose when contributions open.
logo-title = Organisation logo
logo-intro = The logo appears at the top of every page, on the synthesis and on the workshop poster.
logo-current = Current logo
logo-remove = Remove the logo
logo-file = Logo file
logo-hint = A PNG or JPEG image of 300 KB at most, preferably wider than high.
logo-submit = Save the logo
logo-error-none = Choose an image file.
logo-error-large = This file is too heavy: 300 KB at most. Make the image smaller, then try again.
logo-error-format = This file is not a PNG or JPEG image.
admin-links-label = Team work

## Own password

password-change-title = Change my password
password-change-intro = Your other sign-ins (on other browsers) will be closed. This one stays open.
password-change-current = Current password
password-change-new = New password
password-change-again = New password, a second time
password-change-submit = Change the password
password-change-done = Your password is changed. Your other sign-ins are closed.
password-change-link = Change my password
password-change-error-current-empty = Type your current password.
password-change-error-current = That is not your current password. Nothing was changed.
password-change-error-same = The new password must differ from the current one.
synthesis-merged-into = (into { $ref })
synthesis-pdf-training = Training mode — fictional data
admin-contact-one-of = The e-mail, the phone, or both: at least one of them.
sessions-title = Your open sessions
sessions-intro = The browsers signed in under your name. At most { $max } at a time: a new sign-in closes the one used least recently. If you do not recognise one, close the others and change your password.
sessions-unknown-browser = Unknown browser
sessions-this-one = This browser
sessions-close-others = Close the other sessions
sessions-closed = { $count ->
    [0] No other session was open.
    [one] One other session was closed.
   *[other] { $count } other sessions were closed.
}
sessions-times = Opened { $opened } · last action { $used }
