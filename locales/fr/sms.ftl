# Texts sent by SMS (folded to plain GSM-7 when sent: accents and no-break spaces go).
sms-receipt = { $site } : merci, votre proposition est enregistree sous la reference { $ref }. Vous recevrez la reponse par SMS. STOP pour ne plus recevoir de SMS.
sms-answer = { $site } : reponse a votre proposition { $ref } : { $status }. { $answer }
sms-priorities = { $site } : merci, vos priorites sont comptees : { $themes }.
sms-help = { $site } : pour faire une proposition, ecrivez-la en un SMS d'au moins 20 caracteres. Pour vos priorites, envoyez PRIO et les numeros des themes, par exemple PRIO 2 5 7. STOP pour arreter.
sms-stopped = { $site } : vous ne recevrez plus de SMS de notre part. Envoyez un nouveau message pour reprendre.
