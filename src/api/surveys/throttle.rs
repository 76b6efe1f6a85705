//! Throttling code guessing per client (governor's keyed GCRA limiter): every unknown code a
//! client sends uses one cell of its quota; a client that runs out is refused (429, with
//! `Retry-After`) for a minute before its answer is even looked at. Residents typing their own
//! code never come near it; addresses are held in memory only, never stored.
//!
//! Who "the client" is: the socket's peer, unless the peer is one of the `trusted_proxies`
//! (the bureau's reverse proxy); then the right-most address in `X-Forwarded-For` that is not
//! a trusted proxy (addresses to its left were written by the client and prove nothing). An
//! IPv6 client is counted by its /64: a home network hands out a whole /64 and a phone picks a
//! new address in it at will.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;
use poem::http::HeaderMap;

/// Unknown codes a client may send per minute (assumption — for the bureau to confirm).
pub const GUESSES_PER_MINUTE: u32 = 20;

/// How long a client that ran out is refused, in seconds (sent as `Retry-After`).
pub const LOCKOUT_SECONDS: u64 = 60;

/// The per-client limiter, the clients currently refused and the proxies trusted to name the
/// client.
pub struct Throttle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
    trusted: Vec<IpNet>,
}

impl Default for Throttle {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Throttle {
    /// A throttle believing `X-Forwarded-For` only from `trusted` proxies.
    pub fn new(trusted: Vec<IpNet>) -> Self {
        let per_minute = NonZeroU32::new(GUESSES_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            blocked: Mutex::new(HashMap::new()),
            trusted,
        }
    }

    /// The key a request is counted under (see the module docs); none without a peer address.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?;
        if !self.is_trusted(peer) {
            return Some(key_of(peer));
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A trusted proxy writes addresses; anything else was not written by one.
            let Some(ip) = address(hop) else { break };
            client = ip;
            if !self.is_trusted(ip) {
                break;
            }
        }
        Some(key_of(client))
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.trusted.iter().any(|net| net.contains(&ip))
    }

    /// Whether `client` is currently refused.
    pub fn is_blocked(&self, client: IpAddr) -> bool {
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        match blocked.get(&client) {
            Some(until) if *until > Instant::now() => true,
            Some(_) => {
                blocked.remove(&client);
                false
            }
            None => false,
        }
    }

    /// Counts one unknown code from `client`; true when it has now run out.
    pub fn missed(&self, client: IpAddr) -> bool {
        if self.limiter.check_key(&client).is_ok() {
            return false;
        }
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        blocked.insert(client, now + Duration::from_secs(LOCKOUT_SECONDS));
        // Forget clients whose lockout has ended, so the map stays small.
        blocked.retain(|_, until| *until > now);
        self.limiter.retain_recent();
        true
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`).
fn address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key of a client address: IPv4 as is, IPv6 by its /64.
fn key_of(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        v4 => v4,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn an_address_is_refused_after_its_quota_of_misses() {
        let t = Throttle::default();
        let (a, b) = (ip("10.0.0.1"), ip("10.0.0.2"));
        for _ in 0..GUESSES_PER_MINUTE {
            assert!(!t.missed(a));
        }
        assert!(!t.is_blocked(a));
        assert!(t.missed(a));
        assert!(t.is_blocked(a));
        assert!(!t.is_blocked(b));
    }

    #[test]
    fn forwarded_for_is_read_from_trusted_proxies_only_right_to_left() {
        let t = Throttle::new(vec![
            "10.0.0.0/8".parse().unwrap(),
            "192.0.2.1/32".parse().unwrap(),
        ]);
        let h = forwarded(&["6.6.6.6, 203.0.113.7", "10.1.1.1"]);
        // From the proxy: the right-most untrusted hop, not the client's own claim on the left.
        assert_eq!(t.client(Some(ip("192.0.2.1")), &h), Some(ip("203.0.113.7")));
        // From anyone else the header proves nothing.
        assert_eq!(
            t.client(Some(ip("198.51.100.9")), &h),
            Some(ip("198.51.100.9"))
        );
        // No header, or only proxies in it: the left-most proxy.
        let peer = Some(ip("10.0.0.5"));
        assert_eq!(t.client(peer, &HeaderMap::new()), Some(ip("10.0.0.5")));
        assert_eq!(
            t.client(peer, &forwarded(&["10.2.2.2"])),
            Some(ip("10.2.2.2"))
        );
        // Ports and IPv4 written as IPv6 are understood; garbage stops the walk.
        let h = forwarded(&["[2001:db8::1]:443, ::ffff:203.0.113.9"]);
        assert_eq!(t.client(peer, &h), Some(ip("203.0.113.9")));
        assert_eq!(
            t.client(peer, &forwarded(&["unknown"])),
            Some(ip("10.0.0.5"))
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let t = Throttle::default();
        let h = HeaderMap::new();
        let a = t.client(Some(ip("2001:db8:1:2::1")), &h);
        let b = t.client(Some(ip("2001:db8:1:2:ffff::9")), &h);
        let other = t.client(Some(ip("2001:db8:1:3::1")), &h);
        assert_eq!(a, b);
        assert_eq!(a, Some(ip("2001:db8:1:2::")));
        assert_ne!(a, other);
    }
}
