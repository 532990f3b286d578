-- The register of reference codes: which workshop laptop (instance) each code belongs to on
-- this site. The first file that brings a code holds it; another laptop's references under
-- the same code are filed under that laptop's own derived code, so that a printed receipt
-- never opens someone else's proposal. Filled from the references imported so far.
CREATE TABLE reference_codes (
    code TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL,
    registered_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO reference_codes(code, instance_id, registered_at)
SELECT substr(reference, 1, instr(reference, '-') - 1), instance_id, created_at
FROM proposals
WHERE bundle_id IS NOT NULL AND original_reference IS NULL AND instr(reference, '-') > 1
ORDER BY id;
