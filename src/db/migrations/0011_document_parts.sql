-- A library file in pieces of 256 KB. Reading at an offset inside one long BLOB walks its
-- chain of overflow pages from the start, so a 100 MB download read piece by piece took
-- quadratic time; a piece is found by its key and read on its own. An upload is written
-- piece by piece too.
CREATE TABLE document_parts (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (document_id, n)
) STRICT;

WITH RECURSIVE parts(document_id, n) AS (
    SELECT document_id, 0 FROM document_files
    UNION ALL
    SELECT p.document_id, p.n + 1
      FROM parts p JOIN document_files f ON f.document_id = p.document_id
     WHERE (p.n + 1) * 262144 < length(f.data)
)
INSERT INTO document_parts(document_id, n, data)
SELECT p.document_id, p.n, coalesce(substr(f.data, p.n * 262144 + 1, 262144), X'')
  FROM parts p JOIN document_files f ON f.document_id = p.document_id;

DROP TABLE document_files;
