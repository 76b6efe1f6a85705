//! Content-addressed file storage for evidence: a file is stored once under its SHA-256,
//! however many times it is attached. One interface; a local folder today, an S3-compatible
//! store when several instances run.

use std::path::PathBuf;

use anyhow::Context;
use sha2::{Digest, Sha256};

/// Where evidence bytes live.
#[derive(Debug, Clone)]
pub enum BlobStore {
    /// A folder on the local disk (`<data_dir>/evidence`).
    Local(PathBuf),
}

/// True for a lowercase SHA-256 hex digest (and so safe to use as a path part).
pub fn is_digest(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl BlobStore {
    /// A local store under `data_dir`.
    pub fn local(data_dir: &std::path::Path) -> Self {
        Self::Local(data_dir.join("evidence"))
    }

    fn path(root: &std::path::Path, digest: &str) -> PathBuf {
        root.join(&digest[..2]).join(digest)
    }

    /// Stores `bytes` (if not already there) and returns their SHA-256 hex digest.
    pub async fn put(&self, bytes: &[u8]) -> anyhow::Result<String> {
        let digest = hex::encode(Sha256::digest(bytes));
        match self {
            Self::Local(root) => {
                let path = Self::path(root, &digest);
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(digest);
                }
                let dir = path.parent().context("evidence path has a folder")?;
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("creating {}", dir.display()))?;
                // Write then rename, so a crash never leaves a half file under the final name.
                let tmp = dir.join(format!(".{digest}.{}", uuid::Uuid::now_v7().simple()));
                tokio::fs::write(&tmp, bytes)
                    .await
                    .with_context(|| format!("writing {}", tmp.display()))?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .with_context(|| format!("storing {}", path.display()))?;
            }
        }
        Ok(digest)
    }

    /// Reads a stored file.
    pub async fn get(&self, digest: &str) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(is_digest(digest), "not a SHA-256 digest");
        match self {
            Self::Local(root) => {
                let path = Self::path(root, digest);
                tokio::fs::read(&path)
                    .await
                    .with_context(|| format!("reading {}", path.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_content_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::local(dir.path());
        let a = store.put(b"%PDF-1.7 one").await.unwrap();
        let b = store.put(b"%PDF-1.7 one").await.unwrap();
        assert_eq!(a, b);
        assert!(is_digest(&a));
        assert_eq!(store.get(&a).await.unwrap(), b"%PDF-1.7 one");
        let files = std::fs::read_dir(dir.path().join("evidence").join(&a[..2]))
            .unwrap()
            .count();
        assert_eq!(files, 1);
        assert!(store.get("../../etc/passwd").await.is_err());
    }
}
