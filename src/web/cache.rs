//! Answers to identical searches, kept for the rest of the minute.
//!
//! A news story or a post naming "988 alternatives" sends thousands of people to the
//! same few searches within seconds. Each answer depends only on its query string,
//! the index generation and the minute (hours are stated to the minute, and each
//! search is answered for the start of its minute), so within one (generation,
//! minute) the same query gets the same bytes. The cache is emptied when either
//! changes, holds at most `capacity` answers, and keeps no address or time of any
//! request — only query strings already being answered.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// The (generation, minute) an answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epoch {
    generation: String,
    minute: DateTime<Utc>,
}

impl Epoch {
    pub fn new(generation: &str, now: DateTime<Utc>) -> Epoch {
        Epoch {
            generation: generation.to_string(),
            minute: minute_of(now),
        }
    }

    /// The moment searches of this epoch are answered for.
    pub fn minute(&self) -> DateTime<Utc> {
        self.minute
    }
}

/// The start of the minute `now` is in.
pub fn minute_of(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now)
}

pub struct ResponseCache {
    capacity: usize,
    inner: Mutex<Option<(Epoch, HashMap<String, Bytes>)>>,
}

impl ResponseCache {
    /// `capacity` answers at most; 0 turns caching off.
    pub fn new(capacity: usize) -> ResponseCache {
        ResponseCache {
            capacity,
            inner: Mutex::new(None),
        }
    }

    pub fn get(&self, epoch: &Epoch, key: &str) -> Option<Bytes> {
        if self.capacity == 0 {
            return None;
        }
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match inner.as_ref() {
            Some((current, answers)) if current == epoch => answers.get(key).cloned(),
            _ => None,
        }
    }

    pub fn put(&self, epoch: &Epoch, key: &str, body: Bytes) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let stale = inner.as_ref().is_none_or(|(current, _)| current != epoch);
        if stale {
            *inner = Some((epoch.clone(), HashMap::new()));
        }
        let (_, answers) = inner.as_mut().expect("just set");
        if answers.len() < self.capacity {
            answers.insert(key.to_string(), body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn answers_last_for_their_generation_and_minute_only() {
        let cache = ResponseCache::new(2);
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 10).unwrap();
        let epoch = Epoch::new("gen-1", t);
        cache.put(&epoch, "q=a", Bytes::from_static(b"A"));
        let later_same_minute = Epoch::new("gen-1", t + TimeDelta::seconds(49));
        assert_eq!(
            cache.get(&later_same_minute, "q=a").as_deref(),
            Some(&b"A"[..])
        );
        assert_eq!(
            later_same_minute.minute(),
            Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
        );
        assert!(cache
            .get(&Epoch::new("gen-1", t + TimeDelta::seconds(50)), "q=a")
            .is_none());
        assert!(cache.get(&Epoch::new("gen-2", t), "q=a").is_none());
        cache.put(&Epoch::new("gen-2", t), "q=b", Bytes::from_static(b"B"));
        assert!(
            cache.get(&epoch, "q=a").is_none(),
            "an answer of a new epoch empties it"
        );
    }

    #[test]
    fn capacity_bounds_it_and_zero_turns_it_off() {
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let epoch = Epoch::new("g", t);
        let cache = ResponseCache::new(1);
        cache.put(&epoch, "a", Bytes::from_static(b"1"));
        cache.put(&epoch, "b", Bytes::from_static(b"2"));
        assert!(cache.get(&epoch, "a").is_some() && cache.get(&epoch, "b").is_none());
        let off = ResponseCache::new(0);
        off.put(&epoch, "a", Bytes::from_static(b"1"));
        assert!(off.get(&epoch, "a").is_none());
    }
}
