//! The server secret: the key of every keyed hash the service makes (invitation codes' stored
//! hashes, the answer page's signed start time). It is never stored in the database, so a
//! dump of the database alone cannot be used to brute-force the 45-bit codes.
//!
//! Where it comes from, first match wins:
//! 1. `KAOPING_SECRET` (at least 32 visible ASCII characters) — for several instances on one
//!    PostgreSQL database, which must all share it;
//! 2. `{data_dir}/secret.key` (64 hex digits), made on first start with permissions 0600 and
//!    refused later if anyone but its owner may read it.
//!
//! Losing it makes every issued invitation code unanswerable (their hashes can no longer be
//! matched); back it up with the data folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::Rng;

/// The environment variable that carries the secret.
pub const ENV: &str = "KAOPING_SECRET";
/// The secret's file name inside the data folder.
pub const FILE: &str = "secret.key";
/// Shortest accepted secret, in bytes.
const MIN_LEN: usize = 32;

/// The key bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct ServerSecret(Vec<u8>);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(…)")
    }
}

impl ServerSecret {
    /// The key for HMAC.
    pub fn key(&self) -> &[u8] {
        &self.0
    }

    /// A secret from given bytes (tests and the benchmarks).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// The secret from `KAOPING_SECRET`, else from `data_dir`'s file, which is made now when
    /// missing (the data folder must exist).
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(s) = from_env()? {
            return Ok(s);
        }
        let path = data_dir.join(FILE);
        match read_file(&path)? {
            Some(s) => Ok(s),
            None => create(&path),
        }
    }

    /// The secret when one is set or saved; a check that never hashes a code (`survey verify`)
    /// and writes nothing gets a throwaway one when there is none.
    pub fn load_or_throwaway(data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(s) = from_env()? {
            return Ok(s);
        }
        Ok(read_file(&data_dir.join(FILE))?.unwrap_or_else(|| Self(random_key().to_vec())))
    }
}

fn from_env() -> anyhow::Result<Option<ServerSecret>> {
    let Ok(text) = std::env::var(ENV) else {
        return Ok(None);
    };
    if text.len() < MIN_LEN || !text.bytes().all(|b| b.is_ascii_graphic()) {
        anyhow::bail!(
            "配置错误 (configuration error): {ENV} must be at least {MIN_LEN} visible ASCII \
             characters (e.g. `openssl rand -hex 32`)"
        );
    }
    Ok(Some(ServerSecret(text.into_bytes())))
}

fn random_key() -> [u8; 32] {
    rand::rng().random()
}

/// The saved secret, or none when the file does not exist.
fn read_file(path: &Path) -> anyhow::Result<Option<ServerSecret>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    private(path)?;
    let key = hex::decode(text.trim()).ok().filter(|k| k.len() >= MIN_LEN);
    let key = key.with_context(|| {
        format!(
            "{} must hold at least {MIN_LEN} bytes as hex digits; restore it from the backup \
             (a new one makes every issued invitation code unanswerable)",
            path.display()
        )
    })?;
    Ok(Some(ServerSecret(key)))
}

/// Refuses a secret file that others may read.
#[cfg(unix)]
fn private(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        anyhow::bail!(
            "{} may be read by others (mode {:o}); run `chmod 600 {}` (服务器密钥文件权限过宽)",
            path.display(),
            mode & 0o777,
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// Writes a new secret readable by its owner only; when another instance made one first, reads
/// that one.
fn create(path: &PathBuf) -> anyhow::Result<ServerSecret> {
    let key = random_key();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut f) => {
            writeln!(f, "{}", hex::encode(key))
                .and_then(|()| f.sync_all())
                .with_context(|| format!("writing {}", path.display()))?;
            tracing::info!(path = %path.display(), "made the server secret; back it up with the data folder");
            Ok(ServerSecret(key.to_vec()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_file(path)?
            .with_context(|| format!("{} vanished while being read", path.display())),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_new_secret_is_private_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let made = create(&path).unwrap();
        let again = read_file(&path).unwrap().unwrap();
        assert_eq!(made.key(), again.key());
        assert_eq!(made.key().len(), 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = read_file(&path).unwrap_err().to_string();
            assert!(e.contains("chmod 600"), "{e}");
        }
    }

    #[test]
    fn a_damaged_secret_file_stops_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        create(&path).unwrap();
        std::fs::write(&path, "not hex").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(
            read_file(&path)
                .unwrap_err()
                .to_string()
                .contains("restore")
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let s = ServerSecret::from_bytes(b"0123456789abcdef0123456789abcdef");
        assert_eq!(format!("{s:?}"), "ServerSecret(…)");
    }
}
