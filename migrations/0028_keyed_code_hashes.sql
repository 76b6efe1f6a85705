-- Invitation codes stored as a keyed hash (HMAC-SHA256 under the server secret, which lives in
-- `KAOPING_SECRET` or the data folder's `secret.key`, never in the database): a plain SHA-256
-- of a 45-bit code can be brute-forced from a database dump, an HMAC cannot without the key.
--
-- The codes already issued cannot be re-hashed (only their hashes are stored), so each round
-- records which scheme its first codes used: rounds made before this migration say `sha256`
-- and their codes keep answering under the plain hash until the round ends; codes added to
-- them later, and every new round, use `hmac-sha256`. Portable SQL.
ALTER TABLE survey_rounds ADD COLUMN code_hash_scheme TEXT NOT NULL DEFAULT 'sha256';
