-- Populations for the consultation record's reach (contributions per 100,000 inhabitants).
-- A district row names a district of the zones list, or two joined by " + " when they are
-- known only together; a region row names a region by its zone slug (none shipped: a
-- region's rate shows only once an admin enters its figure). The shipped figures quote
-- RGPH 2021 from secondary sources and are marked unverified until an admin enters the
-- official ANSTAT figure with its source.
CREATE TABLE populations (
    area       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('district', 'region')),
    people     INTEGER NOT NULL CHECK (people > 0),
    source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    updated_at INTEGER,
    updated_by TEXT
) STRICT;

INSERT INTO populations (area, kind, people, source) VALUES
    ('Abidjan', 'district', 6321017, 'citypopulation.de (RGPH 2021 by commune; 14 communes sum to this)'),
    ('Montagnes', 'district', 3027023, 'fr.wikipedia District des Montagnes (quoting RGPH 2021)'),
    ('Bas-Sassandra', 'district', 2687176, 'copy of Wikipedia quoting RGPH 2021'),
    ('Savanes', 'district', 2159434, 'Agence ivoirienne de presse (aip.ci) quoting RGPH 2021'),
    ('Gôh-Djiboua', 'district', 2088440, 'copy of Wikipedia quoting RGPH 2021'),
    ('Lagunes', 'district', 2042623, 'copy of Wikipedia quoting RGPH 2021'),
    ('Vallée du Bandama', 'district', 1964929, 'copy of Wikipedia quoting RGPH 2021'),
    ('Comoé', 'district', 1501336, 'copy of de.wikipedia quoting RGPH 2021'),
    ('Lacs', 'district', 1488531, 'copy of en.wikipedia quoting RGPH 2021'),
    ('Zanzan', 'district', 1344865, 'de.wikipedia Zanzan (quoting RGPH 2021)'),
    ('Woroba', 'district', 1184813, 'copy of Wikipedia quoting RGPH 2021'),
    ('Yamoussoukro', 'district', 422072, 'copy of de.wikipedia quoting RGPH 2021'),
    ('Sassandra-Marahoué + Denguélé', 'district', 3156891, 'national total 29389150 minus the rows above (split unknown; Haut-Sassandra region alone 1739697 per the ANSTAT monograph)');
