//! A per-IP rate limit held only in memory: the addresses are never written
//! anywhere, and are forgotten when their window passes.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    max: usize,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` if this address may go ahead now; otherwise how many seconds to wait.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        // Forget everyone whose window has passed, so memory stays bounded.
        seen.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= self.window)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let times = seen.entry(ip).or_default();
        if times.len() >= self.max {
            let oldest = *times.front().expect("at least max > 0 entries");
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_up_to_max_then_asks_to_wait_until_the_window_passes() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let start = Instant::now();
        assert!(limiter.check(ip, start).is_ok());
        assert!(limiter.check(ip, start).is_ok());
        assert_eq!(limiter.check(ip, start + Duration::from_secs(10)), Err(50));
        assert!(
            limiter.check("127.0.0.2".parse().unwrap(), start).is_ok(),
            "other addresses are not affected"
        );
        assert!(limiter.check(ip, start + Duration::from_secs(61)).is_ok());
    }
}
