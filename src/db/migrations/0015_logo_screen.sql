-- The copy of the logo that pages show: small and light (a 300 KB upload cost every first
-- visit 290 KB), with its size for the img tag. The upload stays in `data` for the printed
-- documents. Logos uploaded before get their copy at the next start.
ALTER TABLE logo ADD COLUMN screen_media_type TEXT;
ALTER TABLE logo ADD COLUMN screen_data BLOB;
ALTER TABLE logo ADD COLUMN screen_width INTEGER;
ALTER TABLE logo ADD COLUMN screen_height INTEGER;
