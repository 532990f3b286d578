## Palabre — common texts (English)

app-name = Palabre
site-default-name = Public consultation
lang-name = English
lang-switch = English
skip-link = Skip to content
nav-label = Main navigation
nav-home = Home
nav-admin = Administration
nav-sign-out = Sign out ({ $login })
footer-powered = Site powered by Palabre, the public consultation in one file.
datetime = { $date } at { $time }

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

form-error-summary = There is a problem:
error-too-long = This text is too long.

## Home

home-title = Home
home-led-by = Organisation running the consultation: { $organisation }.
home-intro = You can give your opinion and make proposals. It is free and needs no account.
home-consultations = Consultations
home-no-consultation = No consultation is open at the moment.
home-not-set-up-title = Site being prepared
home-not-set-up-text = This site is not set up yet. On the computer running Palabre, open the setup address shown in the black window.
state-open = Open
state-upcoming = Upcoming
state-closed = Closed
state-open-until = Last day to take part: { $date }.
state-opens-on = Opens on { $date }.
state-closed-on = The last day to take part was { $date }.

## Roles

role-admin = Administrator
role-moderator = Moderator
role-facilitator = Workshop facilitator
role-admin-help = can do everything, including managing the team
role-moderator-help = moderates contributions, answers and exports
role-facilitator-help = enters workshop contributions only

## Errors

error-back-home = Back to the home page
error-400-title = Bad request
error-400-text = This request could not be understood. Go back and try again.
error-403-title = Access denied
error-403-text = Your account cannot open this page.
error-404-title = Page not found
error-404-text = This address does not match any page. Check the link or go back to the home page.
error-413-title = Too large
error-413-text = What you sent is too large. Shorten the text or choose a smaller file.
error-408-title = Sending interrupted
error-408-text = The connection was too slow: what you sent did not arrive in full, and nothing was saved. Go back and send it again, with a better connection if you can.
error-503-title = Site busy
error-503-text = Too many submissions are arriving at once. Nothing was saved: go back and try again in a few seconds.
error-429-title = Too many requests
error-429-text = You made many requests in a short time. Wait a moment and try again.
error-500-title = Something went wrong
error-500-text = The site could not answer. Try again in a moment; if the problem goes on, tell the team running the consultation.
error-csrf-title = Form expired
error-csrf-text = For your safety, this form was not accepted: the page had been open for too long, or your browser blocks cookies. Nothing was saved. Go back to the form, reload the page and send it again.
error-csrf-back = Back to the form
disk-low-banner = Warning: only { $free } left on this computer's disk. When it is full, nobody will be able to send anything (nothing already saved will be lost). Free some space now: empty the recycle bin, move videos or photos to a USB stick.
disk-low-console = WARNING: only { $free } left on the disk ({ $folder }). When it is full, nobody will be able to send anything. Free some space (recycle bin, videos, photos).
error-507-title = The computer's disk is full
error-507-text = Nothing was saved, and nothing saved before is lost. Tell the team running the consultation, then try again later: go back, your text is still there.
form-error-disk-full = The disk of the computer hosting the consultation is full: your text is not lost, it is below. Try again later, or copy it to keep it.

training-banner = Training mode — fictional data
training-banner-hint = Everything entered here is deleted when Palabre closes.
training-banner-link = The exercises
site-description = { $site }: the public consultation on the National Action Plan of the Open Government Partnership (OGP) in Côte d'Ivoire. Give your views and make proposals, free and without an account.
og-home = Give your views and make proposals for the next OGP National Action Plan of Côte d'Ivoire. No account, free, from a phone.
og-list = Proposals from citizens and organisations, with the administration's reasoned answer. Support them, comment on them.
og-form = Make a proposal for the OGP National Action Plan of Côte d'Ivoire: the problem you see and the solution you propose. No account needed.
og-pgo = The Open Government Partnership (OGP) in Côte d'Ivoire: what it is, who leads it, the timeline and the base documents.
nav-how = How to take part
how-title = How to take part
how-intro = Everyone can give their views on the next National Action Plan: it is free, there is no account, and your name is not required.
how-ways-title = Three ways to take part
how-online = On this site, with a phone or a computer, while the consultation is open.
how-workshop = At a regional workshop: you are helped to fill in the form, on the spot.
how-paper = On a paper form, at the workshop: the team types it in for you and gives you your reference.
how-steps-title = Making a proposal, step by step
how-step-1 = Describe the problem you see, in your own words.
how-step-2 = Propose a solution: what the administration could do.
how-step-3 = Choose the theme and the region concerned, then send.
how-step-4 = Keep the reference and the follow-up link that are shown: they are yours alone.
how-step-5 = Later, open this link to read the administration's decision and its reason.
how-rules-title = What is not published
how-rules = Every proposal is read before it is published. Insulting texts, advertising, and texts that give a phone number or another person's name are not published: you see the reason on your follow-up link.
how-others-title = Support and comment
how-others = You can also support other people's proposals and comment on them.
error-host-title = This site does not answer to this name
error-host-text = Open the site by its address, the one on the dashboard, the poster or the QR code (for example http://192.168.1.10:8080).
error-host-admin = If this name is indeed the site's, the administrator enters it as the public address in the settings.
