-- Photos (现场照片) taken as evidence during an on-site evaluation: stored once by SHA-256 in
-- the blob store (the same `evidence_files` as assessment evidence), each linked to the
-- evaluation and the rubric item it documents; a finding on a sheet names its photos by id.
-- Photos are never deleted: a photo no finding names any more stays, with its audit entry.
CREATE TABLE evaluation_photos (
    id            TEXT PRIMARY KEY,
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    item_code     TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES evidence_files (sha256),
    file_name     TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size          BIGINT NOT NULL,
    uploaded_by   TEXT,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX evaluation_photos_evaluation ON evaluation_photos (evaluation_id);
