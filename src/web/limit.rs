//! Per-address request budgets, held only in memory: addresses are never written
//! anywhere and are forgotten once their budget is full again.
//!
//! Built on `governor` (the generic cell rate algorithm over a sharded `DashMap`):
//! a check costs the same however many addresses are known, with no global lock.
//! The table is bounded: past `MAX_ADDRESSES` (looked at every `SIZE_CHECK_EVERY`
//! checks, so it can pass the bound by that many) it drops every address whose budget
//! is full again, and if a flood of fresh addresses still fills it, the addresses
//! it cannot hold share one budget. IPv6 addresses are grouped by their /64, the
//! block one household or host usually holds, so a single host cannot step around
//! its budget by changing the low bits.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::state::StateStore;
use governor::Quota;

/// Addresses tracked at once (a few MB at most).
const MAX_ADDRESSES: usize = 100_000;
/// How often (in checks) the table's size is looked at.
const SIZE_CHECK_EVERY: u32 = 1024;

/// The key one budget is kept under: an IPv4 address, or an IPv6 /64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AddressGroup(u128);

impl AddressGroup {
    /// The group of `ip`: IPv4 (and IPv4-mapped IPv6) as is, other IPv6 by /64.
    pub fn of(ip: IpAddr) -> AddressGroup {
        match ip {
            IpAddr::V4(v4) => AddressGroup(u32::from(v4) as u128),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => AddressGroup(u32::from(v4) as u128),
                None => AddressGroup(u128::from(v6) & !((1u128 << 64) - 1) | (1 << 127)),
            },
        }
    }

    /// Where addresses go that the full table cannot hold.
    fn overflow() -> AddressGroup {
        AddressGroup(u128::from(Ipv6Addr::UNSPECIFIED) | 1)
    }
}

type Keyed<C> = governor::RateLimiter<
    AddressGroup,
    BoundedStore,
    C,
    governor::middleware::NoOpMiddleware<<C as Clock>::Instant>,
>;

/// `governor`'s `DashMap` store with a bound: once it holds `cap` groups, a group it
/// does not know is measured against the shared overflow budget instead of being added.
/// Known groups keep their own budgets; the size is counted only for unknown ones.
struct BoundedStore {
    inner: DashMapStateStore<AddressGroup>,
    cap: usize,
}

impl StateStore for BoundedStore {
    type Key = AddressGroup;

    fn measure_and_replace<T, F, E>(&self, key: &AddressGroup, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        if !self.inner.contains_key(key) && self.inner.len() >= self.cap {
            return self.inner.measure_and_replace(&AddressGroup::overflow(), f);
        }
        self.inner.measure_and_replace(key, f)
    }
}

impl ShrinkableKeyedStateStore<AddressGroup> for BoundedStore {
    fn retain_recent(&self, drop_below: Nanos) {
        self.inner.retain_recent(drop_below);
    }

    fn shrink_to_fit(&self) {
        self.inner.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.inner.len()
    }

    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

/// `max` requests per `window` for each address group, refilled evenly.
pub struct RateLimiter<C: Clock = DefaultClock> {
    limiter: Keyed<C>,
    checks: AtomicU32,
    max_addresses: usize,
    /// How often (in checks) a full table is swept of groups whose budget is full again.
    sweep_every: u32,
}

impl RateLimiter {
    /// A budget of `max` requests per `window` per address (`max` of 0 is taken as 1).
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter::with_clock(max, window, DefaultClock::default(), MAX_ADDRESSES)
    }
}

impl<C: Clock> RateLimiter<C> {
    /// The same with another clock and table size (tests move a fake clock and use a
    /// small table).
    pub fn with_clock(
        max: usize,
        window: Duration,
        clock: C,
        max_addresses: usize,
    ) -> RateLimiter<C> {
        let burst =
            NonZeroU32::new(u32::try_from(max).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN);
        let period = (window / burst.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(period)
            .expect("a period of at least 1 ns")
            .allow_burst(burst);
        let max_addresses = max_addresses.max(1);
        let tenth = u32::try_from(max_addresses / 10).unwrap_or(u32::MAX);
        RateLimiter {
            limiter: governor::RateLimiter::new(
                quota,
                BoundedStore {
                    inner: DashMapStateStore::default(),
                    cap: max_addresses,
                },
                clock,
            ),
            checks: AtomicU32::new(0),
            max_addresses,
            sweep_every: tenth.clamp(1, SIZE_CHECK_EVERY),
        }
    }

    /// `Ok` if this address may go ahead now; otherwise how many seconds to wait.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let sweep_due = self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(self.sweep_every);
        if sweep_due && self.limiter.len() >= self.max_addresses {
            // Full: forget the groups whose budget is whole again, so new addresses
            // get their own budgets instead of the shared overflow one.
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&AddressGroup::of(ip))
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                wait.as_secs_f64().ceil().max(1.0) as u64
            })
    }

    /// Address groups tracked now.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

/// What a request costs: pages are cheap, API calls more, whole-directory exports
/// most, so each kind has its own budget per address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// HTML pages.
    Pages,
    /// The JSON API and `/hsds/`.
    Api,
    /// Exports (CSV, GeoJSON, vCard), the costliest answers.
    Exports,
}

impl Budget {
    /// The budget a path draws on; `None` for what is never limited (static files,
    /// `/healthz`; report posts have their own limit).
    pub fn of_path(path: &str) -> Option<Budget> {
        if path.starts_with("/static/") || path == "/healthz" {
            None
        } else if path.starts_with("/export.") || path.ends_with(".csv") || path.ends_with(".vcf") {
            Some(Budget::Exports)
        } else if path.starts_with("/api/") || path.starts_with("/hsds") {
            Some(Budget::Api)
        } else {
            Some(Budget::Pages)
        }
    }
}

/// The per-address budgets of one server.
pub struct Budgets {
    pages: RateLimiter,
    api: RateLimiter,
    exports: RateLimiter,
}

/// Pages a person may open for each API call allowed (a person clicks; a scraper calls).
const PAGES_PER_API_CALL: usize = 10;
/// API calls one export costs (an export reads the whole result set).
const API_CALLS_PER_EXPORT: usize = 10;

impl Budgets {
    /// Budgets scaled from `api_per_minute` API calls per minute per address.
    pub fn per_minute(api_per_minute: usize) -> Budgets {
        let minute = Duration::from_secs(60);
        Budgets {
            pages: RateLimiter::new(api_per_minute * PAGES_PER_API_CALL, minute),
            api: RateLimiter::new(api_per_minute, minute),
            exports: RateLimiter::new((api_per_minute / API_CALLS_PER_EXPORT).max(2), minute),
        }
    }

    /// `Ok` if `ip` may make a request of `budget` now; otherwise seconds to wait.
    pub fn check(&self, budget: Budget, ip: IpAddr) -> Result<(), u64> {
        match budget {
            Budget::Pages => self.pages.check(ip),
            Budget::Api => self.api.check(ip),
            Budget::Exports => self.exports.check(ip),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn allows_up_to_max_then_asks_to_wait_until_the_budget_refills() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(2, Duration::from_secs(60), clock.clone(), 100);
        assert!(limiter.check(ip("127.0.0.1")).is_ok());
        assert!(limiter.check(ip("127.0.0.1")).is_ok());
        clock.advance(Duration::from_secs(10));
        assert_eq!(limiter.check(ip("127.0.0.1")), Err(20));
        assert!(
            limiter.check(ip("127.0.0.2")).is_ok(),
            "other addresses are not affected"
        );
        clock.advance(Duration::from_secs(20));
        assert!(limiter.check(ip("127.0.0.1")).is_ok());
    }

    #[test]
    fn ipv6_addresses_of_one_slash_64_share_a_budget() {
        let limiter = RateLimiter::with_clock(
            1,
            Duration::from_secs(60),
            FakeRelativeClock::default(),
            100,
        );
        assert!(limiter.check(ip("2001:db8:1:2::1")).is_ok());
        assert!(
            limiter.check(ip("2001:db8:1:2:ffff::9")).is_err(),
            "same /64"
        );
        assert!(limiter.check(ip("2001:db8:1:3::1")).is_ok(), "another /64");
        assert_eq!(
            AddressGroup::of(ip("::ffff:10.0.0.1")),
            AddressGroup::of(ip("10.0.0.1"))
        );
    }

    #[test]
    fn each_kind_of_request_draws_on_its_own_budget() {
        assert_eq!(Budget::of_path("/search"), Some(Budget::Pages));
        assert_eq!(Budget::of_path("/api/v1/search"), Some(Budget::Api));
        assert_eq!(Budget::of_path("/hsds/services"), Some(Budget::Api));
        assert_eq!(Budget::of_path("/export.csv"), Some(Budget::Exports));
        assert_eq!(Budget::of_path("/counties.csv"), Some(Budget::Exports));
        assert_eq!(Budget::of_path("/static/site.css"), None);
        assert_eq!(Budget::of_path("/healthz"), None);
        let budgets = Budgets::per_minute(20);
        let here = ip("198.51.100.4");
        assert!(budgets.check(Budget::Exports, here).is_ok());
        assert!(budgets.check(Budget::Exports, here).is_ok());
        assert!(
            budgets.check(Budget::Exports, here).is_err(),
            "exports: 2 a minute"
        );
        assert!(
            budgets.check(Budget::Api, here).is_ok(),
            "the API budget is separate"
        );
        assert!(
            budgets.check(Budget::Pages, here).is_ok(),
            "so is the pages budget"
        );
    }

    #[test]
    fn the_table_stays_bounded_under_a_flood_of_addresses() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(5, Duration::from_secs(60), clock.clone(), 100);
        for n in 0..10_000u32 {
            let _ = limiter.check(IpAddr::V4(n.into()));
            // The bound and the shared overflow budget.
            assert!(limiter.tracked() <= 101, "{} tracked", limiter.tracked());
        }
        // Once budgets refill, the flood is forgotten and a new address has its own.
        clock.advance(Duration::from_secs(120));
        for _ in 0..5 {
            assert!(limiter.check(ip("192.0.2.7")).is_ok());
        }
        assert!(limiter.check(ip("192.0.2.7")).is_err());
        assert!(limiter.tracked() <= 101);
    }
}
