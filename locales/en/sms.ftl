# Texts sent by SMS (folded to plain GSM-7 when sent: accents and no-break spaces go).
sms-receipt = { $site }: thank you, your proposal is saved under the reference { $ref }. You will receive the answer by SMS. STOP to receive no more texts.
sms-answer = { $site }: answer to your proposal { $ref }: { $status }. { $answer }
sms-priorities = { $site }: thank you, your priorities are counted: { $themes }.
sms-help = { $site }: to make a proposal, write it in one SMS of at least 20 characters. For your priorities, send PRIO and the theme numbers, for example PRIO 2 5 7. STOP to stop.
sms-stopped = { $site }: you will receive no more texts from us. Send a new message to start again.
