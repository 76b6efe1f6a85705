//! The service's clock: every "now" — deadlines, notice windows, "today" for ledger metrics,
//! stored timestamps, audit entries — is read from here, so tests can set the time and the
//! calendar day is Beijing's wherever the server runs.

use std::sync::{Arc, RwLock};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::domain::period::beijing;

/// Where the time comes from: the system clock in production, a settable instant in tests.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<RwLock<Timestamp>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock standing at `at` until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn settable(at: Timestamp) -> Self {
        Self {
            fixed: Some(Arc::new(RwLock::new(at))),
        }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        match &self.fixed {
            // A poisoned lock still holds a valid instant: read it anyway.
            Some(at) => *at.read().unwrap_or_else(|p| p.into_inner()),
            None => Timestamp::now(),
        }
    }

    /// Today's date in Beijing (Asia/Shanghai), the service's calendar day.
    pub fn today(&self) -> Date {
        self.now().to_zoned(beijing()).date()
    }

    /// The current instant as stored (see [`crate::store::ts`]).
    pub fn stamp(&self) -> String {
        crate::store::ts(self.now())
    }

    /// Moves a settable clock to `at`; returns false (and does nothing) on the system clock.
    pub fn set(&self, at: Timestamp) -> bool {
        match &self.fixed {
            Some(cell) => {
                *cell.write().unwrap_or_else(|p| p.into_inner()) = at;
                true
            }
            None => false,
        }
    }

    /// Moves a settable clock forward by `span` (calendar units are taken in Beijing time).
    pub fn advance(&self, span: jiff::Span) -> bool {
        let Ok(next) = self.now().to_zoned(beijing()).checked_add(span) else {
            return false;
        };
        self.set(next.timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settable_clock_moves_only_when_told() {
        let at: Timestamp = "2023-06-30T15:59:59Z".parse().unwrap();
        let clock = Clock::settable(at);
        assert_eq!(clock.now(), at);
        // 23:59:59 in Beijing is still June 30 there.
        assert_eq!(clock.today(), jiff::civil::date(2023, 6, 30));
        assert!(clock.advance(jiff::Span::new().seconds(1)));
        assert_eq!(clock.today(), jiff::civil::date(2023, 7, 1));
        assert!(!Clock::system().set(at));
    }
}
