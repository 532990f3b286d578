-- One rule for the end of a consultation: midnight after its last day (Africa/Abidjan is UTC
-- all year). Consultations created before the rule ended at the minute of setup plus 60
-- days; they now end at the midnight after that day, so nobody finds the form closed on the
-- afternoon of the day every page names as the last one.
UPDATE consultations
   SET closes_at = (closes_at / 86400) * 86400 + 86400
 WHERE closes_at % 86400 != 0 AND closes_at > 0;
