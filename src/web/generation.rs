//! The index generation in service, with what the web layer works out from it once:
//! state summaries, county coverage, the HSDS directory and the whole-directory
//! counts the home, about, models and states pages show. These depend only on the
//! generation, so they are kept beside it and go when it is replaced — a request
//! holds one `Generation` from start to end and never mixes two.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::coverage::CountyCoverage;
use crate::geo::Geo;
use crate::hsds::Directory;
use crate::index::{self, Catalog, FacetDim, IndexError, SearchRequest};
use crate::model::Program;
use crate::stats::StateSummary;
use crate::store::live::LiveSnapshot;

/// One generation in service and its derived values, each worked out on first use.
pub struct Generation {
    catalog: Arc<Catalog>,
    summaries: Cached<Vec<StateSummary>>,
    coverage: Cached<Vec<CountyCoverage>>,
    directory: Cached<Directory>,
    overview: Cached<Overview>,
    /// The programs and HSDS directory with the latest live listings laid over.
    live: Mutex<Option<Arc<LiveOverlaid>>>,
}

/// One version of the live listings laid over a generation's programs: worked out
/// once per version (the listings change when staff change them, not per request),
/// so HSDS and state pages do not copy every program on every request.
struct LiveOverlaid {
    version: String,
    programs: Arc<Vec<Program>>,
    directory: Cached<Directory>,
}

/// Counts over the whole directory, the same for every request to a generation.
#[derive(Debug)]
pub struct Overview {
    /// Every program in the generation, closed ones included (the data page).
    pub programs: usize,
    /// Programs a search with no words lists (closed ones left out).
    pub listed: usize,
    /// Listed programs by kind slug.
    pub kinds: BTreeMap<String, u64>,
    /// Listed programs by state code (`US` for national lines).
    pub states: BTreeMap<String, u64>,
    /// Listed programs based nowhere but the whole country (national lines).
    pub national_lines: usize,
    /// Every program's name by id (closed ones too), for links on state pages.
    pub names: HashMap<String, String>,
}

impl Generation {
    /// A generation just put in service; nothing is worked out yet.
    pub fn new(catalog: Catalog) -> Generation {
        Generation {
            catalog: Arc::new(catalog),
            summaries: Cached::default(),
            coverage: Cached::default(),
            directory: Cached::default(),
            overview: Cached::default(),
            live: Mutex::new(None),
        }
    }

    /// The opened index.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Every program (closed ones too), in id order, read once per generation.
    pub fn programs(&self) -> Result<Arc<Vec<Program>>, IndexError> {
        self.catalog.all_programs()
    }

    /// Programs by state.
    pub fn state_summaries(&self, geo: &Geo) -> Result<Arc<Vec<StateSummary>>, IndexError> {
        self.summaries.get_or_try(|| {
            let programs = self.programs()?;
            Ok(crate::stats::state_summaries(&programs, &geo.gazetteer))
        })
    }

    /// What serves each county.
    pub fn county_coverage(&self, geo: &Geo) -> Result<Arc<Vec<CountyCoverage>>, IndexError> {
        self.coverage.get_or_try(|| {
            let programs = self.programs()?;
            Ok(crate::coverage::county_coverage(&programs, &geo.counties))
        })
    }

    /// The HSDS API's maps and lists.
    pub fn directory(&self) -> Result<Arc<Directory>, IndexError> {
        self.directory
            .get_or_try(|| Ok(Directory::new(self.programs()?)))
    }

    /// Every program with `live` laid over (status, beds free, confirmed by the
    /// program); the generation's own list when no program has a live listing.
    pub fn programs_live(&self, live: &LiveSnapshot) -> Result<Arc<Vec<Program>>, IndexError> {
        if live.listings.is_empty() {
            return self.programs();
        }
        Ok(Arc::clone(&self.overlaid(live)?.programs))
    }

    /// The HSDS directory with `live` laid over, so HSDS shows what search shows.
    pub fn directory_live(&self, live: &LiveSnapshot) -> Result<Arc<Directory>, IndexError> {
        if live.listings.is_empty() {
            return self.directory();
        }
        let overlaid = self.overlaid(live)?;
        overlaid
            .directory
            .get_or_try(|| Ok(Directory::new(Arc::clone(&overlaid.programs))))
    }

    /// The overlay for `live`'s version, worked out when the version changes.
    fn overlaid(&self, live: &LiveSnapshot) -> Result<Arc<LiveOverlaid>, IndexError> {
        let mut kept = self.live.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(overlaid) = kept.as_ref().filter(|o| o.version == live.version) {
            return Ok(Arc::clone(overlaid));
        }
        let overlaid = Arc::new(LiveOverlaid {
            version: live.version.clone(),
            programs: live.overlay_all(self.programs()?),
            directory: Cached::default(),
        });
        *kept = Some(Arc::clone(&overlaid));
        Ok(overlaid)
    }

    /// The whole-directory counts.
    pub fn overview(&self) -> Result<Arc<Overview>, IndexError> {
        self.overview.get_or_try(|| Overview::of(&self.catalog))
    }
}

impl Overview {
    /// Counted from a search with no words (its kind and state counts do not depend
    /// on the clock) and the stored programs.
    fn of(catalog: &Catalog) -> Result<Overview, IndexError> {
        let everything = index::search(catalog, &SearchRequest::default())?;
        let facet = |dim: FacetDim| everything.facets.get(dim.key()).cloned();
        let programs = catalog.all_programs()?;
        Ok(Overview {
            programs: catalog.program_count()?,
            listed: everything.total,
            kinds: facet(FacetDim::Kind).unwrap_or_default(),
            states: facet(FacetDim::State).unwrap_or_default(),
            national_lines: programs
                .iter()
                .filter(|p| p.address.state == "US" && p.status.listed_by_default())
                .count(),
            names: programs
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
        })
    }
}

/// A value worked out at most once (a failure is not kept: the next request tries
/// again). Requests that arrive while it is being worked out wait for it.
struct Cached<T>(Mutex<Option<Arc<T>>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<T> Cached<T> {
    fn get_or_try<E>(&self, compute: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = kept.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(compute()?);
        *kept = Some(Arc::clone(&value));
        Ok(value)
    }
}
