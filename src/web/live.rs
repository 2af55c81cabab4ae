//! The live overlay in service: the store's live listings (status, "confirmed by
//! the program", beds free now), read at most once a second per server and laid
//! over what the index returns — so a change made through any server reaches
//! search, pages, the API and HSDS within about a second, without a rebuild.
//!
//! Each handler takes its snapshot once, with `state.live().await` (one atomic load
//! and a clock read while the snapshot is fresh), and passes it down; there is no
//! middleware for it, since one on every request cost 3% of the static floor.
//!
//! Public pages never wait long on the store: a read that fails or takes more than
//! `READ_TIMEOUT` keeps the last snapshot (the index's listings alone, at worst).

use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;

use super::AppState;
use crate::index::{Hit, SearchRequest};
use crate::model::Program;
use crate::store::live::LiveSnapshot;

/// How long a snapshot is used before the store is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// The longest a request waits for the store before using the last snapshot.
const READ_TIMEOUT: Duration = Duration::from_millis(800);
/// After a failed read, how long the last snapshot is used before trying again
/// (a store that is down must not slow every page).
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// The snapshot in service and when it was read.
pub struct LiveCache {
    current: ArcSwap<Cached>,
    reading: tokio::sync::Mutex<()>,
}

struct Cached {
    snapshot: Arc<LiveSnapshot>,
    /// Until when the snapshot is used without reading the store.
    fresh_until: Option<Instant>,
}

impl Default for LiveCache {
    fn default() -> Self {
        LiveCache {
            current: ArcSwap::from_pointee(Cached {
                snapshot: Arc::new(LiveSnapshot::default()),
                fresh_until: None,
            }),
            reading: tokio::sync::Mutex::new(()),
        }
    }
}

impl LiveCache {
    /// The snapshot in service now, without reading the store. Private: handlers
    /// take theirs from `AppState::live`, which reads the store when it is stale.
    fn current(&self) -> Arc<LiveSnapshot> {
        self.current.load().snapshot.clone()
    }

    /// Read the store again on the next request (after a write through this server).
    pub fn changed(&self) {
        let snapshot = self.current();
        self.current.store(Arc::new(Cached {
            snapshot,
            fresh_until: None,
        }));
    }

    fn fresh(&self) -> bool {
        self.current
            .load()
            .fresh_until
            .is_some_and(|until| Instant::now() < until)
    }
}

impl AppState {
    /// The live listings for this request: read from the store when the last read
    /// is older than `FRESH_FOR` (one reader at a time; the others wait for it).
    pub async fn live(&self) -> Arc<LiveSnapshot> {
        if self.live.fresh() {
            return self.live.current();
        }
        let _reading = self.live.reading.lock().await;
        if self.live.fresh() {
            return self.live.current();
        }
        let (snapshot, fresh_for) = if self.store.may_hold_data() {
            match tokio::time::timeout(READ_TIMEOUT, self.store.live_snapshot(self.now())).await {
                Ok(Ok(snapshot)) => (Arc::new(snapshot), FRESH_FOR),
                Ok(Err(e)) => {
                    tracing::warn!("live listings not read; serving the last ones: {e}");
                    (self.live.current(), RETRY_AFTER_FAILURE)
                }
                Err(_) => {
                    tracing::warn!(
                        "live listings not read within {READ_TIMEOUT:?}; serving the last ones"
                    );
                    (self.live.current(), RETRY_AFTER_FAILURE)
                }
            }
        } else {
            (Arc::new(LiveSnapshot::default()), FRESH_FOR)
        };
        self.live.current.store(Arc::new(Cached {
            snapshot: snapshot.clone(),
            fresh_until: Some(Instant::now() + fresh_for),
        }));
        snapshot
    }
}

/// Limit a search by the live listings: `beds=free` keeps only programs with beds
/// free now; programs their staff marked closed leave a search that asks for no
/// status (as closed listings do).
pub fn narrow(live: &LiveSnapshot, request: &mut SearchRequest) {
    if request.beds_free_now {
        request.only_ids = Some(live.with_beds_free());
    }
    if !request
        .filters
        .contains_key(&crate::index::FacetDim::Status)
    {
        request.left_out_ids = live.closed();
    }
}

/// Lay the live listings over a page of hits.
pub fn overlay_hits(live: &LiveSnapshot, hits: &mut [Hit]) {
    for hit in hits {
        if live.listings.contains_key(&hit.id) {
            let mut program: Program = (*hit.program).clone();
            if live.apply(&mut program) {
                if let Ok(decoded) = crate::index::DecodedProgram::with_program(program) {
                    hit.program = decoded;
                }
            }
        }
    }
}
