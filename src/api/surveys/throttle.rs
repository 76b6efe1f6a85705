//! Throttling code guessing per client address (governor's keyed GCRA limiter): every
//! unknown code an address sends uses one cell of its quota; an address that runs out is
//! refused (429) for a minute before its answer is even looked at. Residents typing their own
//! code never come near it; the address is held in memory only, never stored.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Unknown codes an address may send per minute (assumption — for the bureau to confirm).
pub const GUESSES_PER_MINUTE: u32 = 20;

/// How long an address that ran out is refused.
const LOCKOUT: Duration = Duration::from_secs(60);

/// The per-address limiter and the addresses currently refused.
pub struct Throttle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl Default for Throttle {
    fn default() -> Self {
        let per_minute = NonZeroU32::new(GUESSES_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            blocked: Mutex::new(HashMap::new()),
        }
    }
}

impl Throttle {
    /// Whether `addr` is currently refused.
    pub fn is_blocked(&self, addr: IpAddr) -> bool {
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        match blocked.get(&addr) {
            Some(until) if *until > Instant::now() => true,
            Some(_) => {
                blocked.remove(&addr);
                false
            }
            None => false,
        }
    }

    /// Counts one unknown code from `addr`; true when it has now run out.
    pub fn missed(&self, addr: IpAddr) -> bool {
        if self.limiter.check_key(&addr).is_ok() {
            return false;
        }
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        blocked.insert(addr, Instant::now() + LOCKOUT);
        // Forget addresses whose lockout has ended, so the map stays small.
        let now = Instant::now();
        blocked.retain(|_, until| *until > now);
        self.limiter.retain_recent();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_refused_after_its_quota_of_misses() {
        let t = Throttle::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..GUESSES_PER_MINUTE {
            assert!(!t.missed(a));
        }
        assert!(!t.is_blocked(a));
        assert!(t.missed(a));
        assert!(t.is_blocked(a));
        assert!(!t.is_blocked(b));
    }
}
