//! The audit chain's rules: what an entry's hash covers and how a chain is verified.
//!
//! Each entry's hash is SHA-256 over a canonical JSON of its content and the previous entry's
//! hash, so editing or deleting any entry breaks every later link.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash every chain starts from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hashed content of one audit entry. Field order is the canonical order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EntryContent<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_name: &'a str,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub prev_hash: &'a str,
}

impl EntryContent<'_> {
    /// The entry's hash, lowercase hex.
    pub fn hash(&self) -> String {
        // serde_json writes struct fields in declaration order: the encoding is canonical.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(bytes))
    }
}

/// Where a chain first fails to verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// A sequence number is missing (an entry was deleted) or repeated.
    #[error("审计记录序号不连续：期望 {expected}，实际 {found} (entry missing)")]
    Gap { expected: i64, found: i64 },
    /// An entry's `prev_hash` is not the previous entry's hash.
    #[error("审计记录 {seq} 的前序哈希不匹配 (chain link broken)")]
    Link { seq: i64 },
    /// An entry's content no longer matches its hash (it was edited).
    #[error("审计记录 {seq} 的内容与哈希不符 (entry edited)")]
    Content { seq: i64 },
    /// The head says there are more (or other) entries than found (entries deleted at the end).
    #[error("审计链头为 {head_seq}，但最后一条记录为 {last_seq} (entries missing at the end)")]
    Head { head_seq: i64, last_seq: i64 },
}

/// Incremental verifier: feed entries in order, then [`ChainVerifier::finish`] with the head.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    /// Checks the next entry given its content and stored hash.
    pub fn push(
        &mut self,
        content: &EntryContent<'_>,
        stored_hash: &str,
    ) -> Result<(), ChainBreak> {
        let expected = self.last_seq + 1;
        if content.seq != expected {
            return Err(ChainBreak::Gap {
                expected,
                found: content.seq,
            });
        }
        if content.prev_hash != self.last_hash {
            return Err(ChainBreak::Link { seq: content.seq });
        }
        if content.hash() != stored_hash {
            return Err(ChainBreak::Content { seq: content.seq });
        }
        self.last_seq = content.seq;
        self.last_hash = stored_hash.to_owned();
        Ok(())
    }

    /// Checks the chain ends where the head says; returns the number of entries verified.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        if head_seq != self.last_seq || head_hash != self.last_hash {
            return Err(ChainBreak::Head {
                head_seq,
                last_seq: self.last_seq,
            });
        }
        Ok(self.last_seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, prev: &str, action: &'static str) -> (EntryContent<'static>, String) {
        let prev: &'static str = Box::leak(prev.to_owned().into_boxed_str());
        let content = EntryContent {
            seq,
            at: "2026-01-01T00:00:00.000000Z",
            actor_id: None,
            actor_name: "cli",
            actor_role: "admin",
            action,
            subject_type: "token",
            subject_id: "x",
            before: None,
            after: Some("{}"),
            reason: None,
            prev_hash: prev,
        };
        let hash = content.hash();
        (content, hash)
    }

    #[test]
    fn intact_chain_verifies() {
        let (a, ha) = entry(1, GENESIS_HASH, "create");
        let (b, hb) = entry(2, &ha, "revoke");
        let mut v = ChainVerifier::default();
        v.push(&a, &ha).unwrap();
        v.push(&b, &hb).unwrap();
        assert_eq!(v.finish(2, &hb), Ok(2));
    }

    #[test]
    fn edited_entry_is_detected() {
        let (mut a, ha) = entry(1, GENESIS_HASH, "create");
        a.action = "delete";
        assert_eq!(
            ChainVerifier::default().push(&a, &ha),
            Err(ChainBreak::Content { seq: 1 })
        );
    }

    #[test]
    fn deleted_entries_are_detected() {
        let (a, ha) = entry(1, GENESIS_HASH, "create");
        let (b, hb) = entry(2, &ha, "revoke");
        let (c, hc) = entry(3, &hb, "revoke");
        let mut v = ChainVerifier::default();
        v.push(&a, &ha).unwrap();
        assert!(matches!(v.push(&c, &hc), Err(ChainBreak::Gap { .. })));
        let mut v = ChainVerifier::default();
        v.push(&a, &ha).unwrap();
        v.push(&b, &hb).unwrap();
        assert!(matches!(v.finish(3, &hc), Err(ChainBreak::Head { .. })));
    }
}
