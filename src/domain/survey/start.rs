//! The answer page's start token: when the questionnaire was served, signed by the server
//! (HMAC-SHA256 under the server secret) and bound to the code's hash, so the "too fast"
//! rule judges the server's own times, never a time the sender wrote into a hidden field.
//!
//! Form: `<seconds since 1970>.<hex HMAC>`. A token that does not verify, or whose time lies
//! outside the round's window or after now, is not refused: the answer is kept and counted
//! invalid (`unverified_start`), as the issue asks that no response is silently dropped.

use jiff::Timestamp;

use super::code::hmac_hex;

/// The token for a questionnaire of the code hashed `code_hash` served at `served`.
pub fn sign(key: &[u8], code_hash: &str, served: Timestamp) -> String {
    let seconds = served.as_second();
    format!("{seconds}.{}", mac(key, code_hash, seconds))
}

fn mac(key: &[u8], code_hash: &str, seconds: i64) -> String {
    hmac_hex(key, &["survey-start", code_hash, &seconds.to_string()])
}

/// The served time of a `token` made by [`sign`] with `key` for `code_hash`, when it lies in
/// `[opens, latest]`; `None` for a forged, altered, foreign or stale token.
pub fn verify(
    key: &[u8],
    code_hash: &str,
    token: &str,
    opens: Timestamp,
    latest: Timestamp,
) -> Option<Timestamp> {
    let (seconds, given) = token.split_once('.')?;
    let seconds: i64 = seconds.parse().ok()?;
    let expected = mac(key, code_hash, seconds);
    // Compared in constant time: a timing difference would let a sender forge byte by byte.
    let same = expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    let served = Timestamp::from_second(seconds).ok()?;
    (same && served >= opens && served <= latest).then_some(served)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a server secret of thirty-two bytes!";

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_token_verifies_for_its_code_inside_the_window_only() {
        let (opens, served, now) = (
            at("2026-06-15T00:00:00Z"),
            at("2026-06-15T02:00:00Z"),
            at("2026-06-15T02:05:00Z"),
        );
        let t = sign(KEY, "hash-a", served);
        assert_eq!(verify(KEY, "hash-a", &t, opens, now), Some(served));
        assert_eq!(verify(KEY, "hash-b", &t, opens, now), None, "another code");
        assert_eq!(verify(b"another key", "hash-a", &t, opens, now), None);
        assert_eq!(
            verify(
                KEY,
                "hash-a",
                &t,
                served + jiff::SignedDuration::from_secs(1),
                now
            ),
            None
        );
        assert_eq!(
            verify(KEY, "hash-a", &t, opens, at("2026-06-15T01:00:00Z")),
            None
        );
    }

    #[test]
    fn an_altered_time_or_a_made_up_token_is_refused() {
        let (opens, now) = (at("2026-06-15T00:00:00Z"), at("2026-06-15T03:00:00Z"));
        let t = sign(KEY, "h", at("2026-06-15T02:00:00Z"));
        let (_, mac) = t.split_once('.').unwrap();
        let earlier = format!("{}.{mac}", at("2026-06-15T01:00:00Z").as_second());
        assert_eq!(verify(KEY, "h", &earlier, opens, now), None);
        for junk in ["", ".", "2026-06-15T01:00:00Z", "1781488800.00", "x.y"] {
            assert_eq!(verify(KEY, "h", junk, opens, now), None, "{junk}");
        }
    }
}
