//! Answers to identical searches, kept for the rest of the minute.
//!
//! A news story or a post naming "988 alternatives" sends thousands of people to the
//! same few searches within seconds. Each answer depends only on its query string,
//! the index generation and the minute (hours are stated to the minute, and each
//! search is answered for the start of its minute), so within one (generation,
//! minute) the same query gets the same bytes. The cache is emptied when either
//! changes, holds at most `capacity` bytes (answers and their keys: a flood of
//! distinct large answers cannot grow memory past it), and keeps no address or
//! time of any request — only query strings already being answered. Keys are
//! normalised (parameters in name order), so `a=1&b=2` and `b=2&a=1` share one.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// The (generation, live listings, minute) an answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epoch {
    generation: String,
    /// A hash of the live listings' version (0: none given).
    live: u64,
    minute: DateTime<Utc>,
}

impl Epoch {
    /// The epoch of a search made at `now` on `generation`.
    pub fn new(generation: &str, now: DateTime<Utc>) -> Epoch {
        Epoch {
            generation: generation.to_string(),
            live: 0,
            minute: minute_of(now),
        }
    }

    /// The same epoch for one version of the live listings: answers made with other
    /// listings are not served. Hashed, so no string is built per request.
    pub fn with_live(mut self, version: &str) -> Epoch {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        version.hash(&mut hasher);
        self.live = hasher.finish();
        self
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

/// One epoch's answers and the bytes they hold.
struct Answers {
    epoch: Epoch,
    by_key: HashMap<String, Bytes>,
    bytes: usize,
}

/// Answers to identical searches, bounded in bytes, dropped when the epoch changes.
pub struct ResponseCache {
    capacity: usize,
    inner: Mutex<Option<Answers>>,
}

/// The cache key of a request: its kind (`page`, `api`) and its query string with
/// the parameters in name order (values of one name keep their order).
pub fn key(kind: &str, query: &str) -> String {
    fn name(pair: &str) -> &str {
        pair.split('=').next().unwrap_or("")
    }
    let in_order = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(name)
        .is_sorted();
    if in_order && !query.contains("&&") && !query.ends_with('&') && !query.starts_with('&') {
        // The usual case (the site's own links): no allocation beyond the key itself.
        return format!("{kind}?{query}");
    }
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_by_key(|pair| name(pair));
    format!("{kind}?{}", pairs.join("&"))
}

impl ResponseCache {
    /// `capacity` bytes at most; 0 turns caching off.
    pub fn new(capacity: usize) -> ResponseCache {
        ResponseCache {
            capacity,
            inner: Mutex::new(None),
        }
    }

    /// Bytes held now (answers and keys).
    pub fn bytes(&self) -> usize {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.as_ref().map_or(0, |answers| answers.bytes)
    }

    /// The most bytes it may hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The answer kept for `key` in this epoch.
    pub fn get(&self, epoch: &Epoch, key: &str) -> Option<Bytes> {
        if self.capacity == 0 {
            return None;
        }
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match inner.as_ref() {
            Some(answers) if &answers.epoch == epoch => answers.by_key.get(key).cloned(),
            _ => None,
        }
    }

    /// Keep `body` as the answer for `key` in this epoch (a new epoch starts empty).
    pub fn put(&self, epoch: &Epoch, key: &str, body: Bytes) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let stale = inner.as_ref().is_none_or(|answers| &answers.epoch != epoch);
        if stale {
            *inner = Some(Answers {
                epoch: epoch.clone(),
                by_key: HashMap::new(),
                bytes: 0,
            });
        }
        let answers = inner.as_mut().expect("just set");
        let size = key.len() + body.len();
        if answers.bytes + size <= self.capacity && !answers.by_key.contains_key(key) {
            answers.bytes += size;
            answers.by_key.insert(key.to_string(), body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn keys_do_not_depend_on_parameter_order() {
        assert_eq!(
            key("page", "q=respite&state=MA"),
            key("page", "state=MA&q=respite")
        );
        assert_eq!(key("api", "kind=a&q=x&kind=b"), "api?kind=a&kind=b&q=x");
        assert_ne!(key("api", "kind=a&kind=b"), key("api", "kind=b&kind=a"));
        assert_ne!(key("page", "q=x"), key("api", "q=x"));
    }

    #[test]
    fn answers_last_for_their_generation_and_minute_only() {
        let cache = ResponseCache::new(1024);
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
    fn capacity_in_bytes_bounds_it_and_zero_turns_it_off() {
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let epoch = Epoch::new("g", t);
        let cache = ResponseCache::new(1000);
        let big = Bytes::from(vec![b'x'; 600]);
        cache.put(&epoch, "a", big.clone());
        cache.put(&epoch, "b", big.clone());
        assert!(cache.get(&epoch, "a").is_some() && cache.get(&epoch, "b").is_none());
        assert_eq!(cache.bytes(), 601);
        for n in 0..4096 {
            cache.put(&epoch, &format!("q={n}"), big.clone());
        }
        assert!(cache.bytes() <= 1000, "{} bytes held", cache.bytes());
        let off = ResponseCache::new(0);
        off.put(&epoch, "a", Bytes::from_static(b"1"));
        assert!(off.get(&epoch, "a").is_none());
    }
}
