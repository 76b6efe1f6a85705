-- One imported workbook of on-site evaluation results (第三方现场测评结果), delivered by the
-- city's third-party firm: the file's hash, how many evaluations it created and how many it
-- found already there unchanged, who imported it and when. The evaluations themselves are
-- ordinary `evaluations` rows (status accepted, accepted on the import day). A file whose every
-- evaluation is already there changes nothing and leaves no record.
CREATE TABLE evaluation_imports (
    id          TEXT PRIMARY KEY,
    file_sha256 TEXT NOT NULL,
    data_rows   BIGINT NOT NULL,
    created     BIGINT NOT NULL,
    unchanged   BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX evaluation_imports_file ON evaluation_imports (file_sha256);
