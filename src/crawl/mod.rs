//! The crawler-and-loader: re-read the places that publish listings, politely, and
//! keep what they say beside the curated records with its provenance.
//!
//! `crawl` fetches every source in `seed-data/sources.toml` (`fetch`), reads the
//! pages (`extract`), and merges the records into `seed-data/crawled/<source>.toml`
//! (`merge`); `accept` applies changes a person has approved to curated records.
//! A source none of whose pages could be read leaves its file as it was.

pub mod accept;
pub mod cache;
pub mod extract;
pub mod fetch;
pub mod merge;
pub mod review;
pub mod sources;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use thiserror::Error;
use url::Url;

use crate::geo::Geo;
use crate::hsds::import::write_atomically;
use crate::seed::crawled::{crawled_path, read_crawled, CrawledFile};
pub use fetch::{FetchFailure, FetchPolicy, Fetcher};
use merge::{Curated, MergeCounts, ReadRecord};
use sources::Source;

/// Why a crawl could not run or could not write what it read.
#[derive(Debug, Error)]
pub enum CrawlError {
    /// sources.toml could not be read or is invalid.
    #[error(transparent)]
    Sources(#[from] sources::SourcesError),
    /// `--source` named an id that sources.toml does not have.
    #[error("no source has the id {0:?}")]
    UnknownSource(String),
    /// The HTTP client could not be built.
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
    /// The async runtime could not be started.
    #[error("cannot start the async runtime: {0}")]
    Runtime(String),
    /// An existing crawled file could not be read; it is left as it is, never overwritten.
    #[error("{0}")]
    Crawled(String),
    /// A crawled file could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The crawled file.
        path: String,
        /// Why it could not be written.
        message: String,
    },
}

/// What a crawl reads and where it writes.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// The seed-data folder: curated records are read from it, `crawled/` files written in it.
    pub seed_dir: PathBuf,
    /// The sources file to crawl (normally `seed-data/sources.toml`).
    pub sources_path: PathBuf,
    /// Where fetched pages are cached between crawls, for conditional requests.
    pub cache_dir: PathBuf,
    /// Crawl only this source.
    pub only_source: Option<String>,
    /// Fetch and report, but write nothing to seed-data.
    pub dry_run: bool,
    /// How politely and how far to fetch.
    pub policy: FetchPolicy,
    /// Draw a progress bar on a terminal.
    pub progress: bool,
}

/// What happened to one source.
#[derive(Debug, Clone, Default)]
pub struct SourceReport {
    /// The source's id.
    pub source: String,
    /// Pages fetched with a new body.
    pub fetched: usize,
    /// Pages the server said had not changed since the last crawl (304).
    pub unchanged: usize,
    /// (URL, why) for every page not read.
    pub failed: Vec<(String, FetchFailure)>,
    /// Parts of pages that could not be read, with their URL.
    pub warnings: Vec<String>,
    /// What merging did to the source's records.
    pub counts: MergeCounts,
    /// The crawled file written, if any.
    pub written: Option<PathBuf>,
    /// Why the pages read were not trusted (a directory page that yielded nothing,
    /// a record count that fell too far): nothing was written for the source.
    pub extraction_failed: Option<String>,
}

/// What a crawl did, one report per source crawled.
#[derive(Debug, Clone, Default)]
pub struct CrawlReport {
    /// One report per source, in the order they were crawled.
    pub sources: Vec<SourceReport>,
}

impl CrawlReport {
    /// How many pages could not be read, over all sources.
    pub fn failed_pages(&self) -> usize {
        self.sources.iter().map(|s| s.failed.len()).sum()
    }

    /// Sources whose extraction was not trusted.
    pub fn failed_extractions(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| s.extraction_failed.is_some())
            .count()
    }
}

/// Whether what a source's pages yielded is too little to trust: a directory page
/// read that yields no record (a redesign, a maintenance page), or a source whose
/// count of records fell by more than `max_record_drop` since the last crawl. Either
/// would otherwise mark every program it listed as stale.
fn failed_extraction(
    source: &Source,
    old: Option<&CrawledFile>,
    read: &SourceRead,
) -> Option<String> {
    if read.pages_read.is_empty() {
        return None;
    }
    if !source.urls_from_program_websites {
        let mut empty: Vec<&String> = read
            .pages_read
            .iter()
            .filter(|page| !read.pages_productive.contains(*page))
            .collect();
        empty.sort();
        if let Some(page) = empty.first() {
            return Some(format!(
                "{page} was read but yielded no record (a changed layout?); nothing was marked stale or written"
            ));
        }
    }
    // Only pages read this time count: a page that failed to load keeps its records.
    let before = old.map_or(0, |f| {
        f.records
            .iter()
            .filter(|r| r.status == crate::seed::crawled::RecordStatus::Current)
            .filter(|r| read.pages_read.contains(&r.page))
            .count()
    });
    let now: HashSet<(&str, Option<&str>)> = read
        .records
        .iter()
        .map(|r| {
            (
                r.page.as_str(),
                r.record.fields.get("name").map(String::as_str),
            )
        })
        .collect();
    let floor = before as f64 * (1.0 - source.max_record_drop());
    if before > 0 && (now.len() as f64) < floor {
        return Some(format!(
            "{} record(s) read where the last crawl had {before} (more than {:.0}% fewer); nothing was marked stale or written",
            now.len(),
            source.max_record_drop() * 100.0
        ));
    }
    None
}

/// Crawl every source (or one) and merge what was read.
pub fn crawl(options: &CrawlOptions, geo: &Geo) -> Result<CrawlReport, CrawlError> {
    let all = sources::read_sources(&options.sources_path)?;
    let chosen: Vec<&Source> = match &options.only_source {
        Some(id) => vec![all
            .iter()
            .find(|s| &s.id == id)
            .ok_or_else(|| CrawlError::UnknownSource(id.clone()))?],
        None => all.iter().collect(),
    };
    let page_cache = match options.dry_run {
        true => cache::PageCache::read_only(&options.cache_dir),
        false => cache::PageCache::new(&options.cache_dir),
    };
    let fetcher = Fetcher::new(options.policy.clone(), page_cache)
        .map_err(|e| CrawlError::Client(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CrawlError::Runtime(e.to_string()))?;
    let curated = merge::curated_records(&options.seed_dir);
    let mut report = CrawlReport::default();
    for source in chosen {
        let path = crawled_path(&options.seed_dir, &source.id);
        // A crawled file that cannot be read is never overwritten: it may hold
        // accepted history a person needs.
        let old = match path.exists() {
            true => Some(read_crawled(&path).map_err(|p| CrawlError::Crawled(p.to_string()))?),
            false => None,
        };
        let mut read = runtime.block_on(read_source(&fetcher, source, &curated, options.progress));
        let mut source_report = std::mem::take(&mut read.report);
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let (file, counts) = merge::merge(
            source,
            old.as_ref(),
            &read.records,
            &read.pages_read,
            &curated,
            geo,
            &now,
        );
        source_report
            .warnings
            .extend(counts.duplicates.iter().cloned());
        source_report.counts = counts;
        source_report.extraction_failed = failed_extraction(source, old.as_ref(), &read);
        if source_report.extraction_failed.is_some() {
            report.sources.push(source_report);
            continue;
        }
        if !options.dry_run && !read.pages_read.is_empty() {
            write_crawled(&path, &file)?;
            source_report.written = Some(path);
        }
        report.sources.push(source_report);
    }
    Ok(report)
}

fn write_crawled(path: &Path, file: &CrawledFile) -> Result<(), CrawlError> {
    let body = toml::to_string(file).map_err(|e| CrawlError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let text = format!(
        "# Written by `peerway crawl` from the source {:?}; changes wait for `peerway crawl --accept`.\n{body}",
        file.source
    );
    write_atomically(path, &text).map_err(|e| CrawlError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

struct SourceRead {
    report: SourceReport,
    records: Vec<ReadRecord>,
    pages_read: HashSet<String>,
    /// Pages read that yielded records or further pages to read.
    pages_productive: HashSet<String>,
}

/// The pages a source starts from, each with the programs it is the website of: a
/// website several programs share is fetched once and read for each of them.
fn start_pages(source: &Source, curated: &[Curated]) -> Vec<(Url, Vec<String>)> {
    if source.urls_from_program_websites {
        let mut pages: Vec<(Url, Vec<String>)> = Vec::new();
        for c in curated {
            let Ok(url) = Url::parse(c.record.contact.website.trim()) else {
                continue;
            };
            match pages.iter_mut().find(|(u, _)| *u == url) {
                Some((_, programs)) => programs.push(c.record.id.clone()),
                None => pages.push((url, vec![c.record.id.clone()])),
            }
        }
        return pages;
    }
    source
        .start_urls
        .iter()
        .filter_map(|u| Url::parse(u).ok())
        .map(|u| (u, Vec::new()))
        .collect()
}

async fn read_source(
    fetcher: &Fetcher,
    source: &Source,
    curated: &[Curated],
    progress: bool,
) -> SourceRead {
    let mut read = SourceRead {
        report: SourceReport {
            source: source.id.clone(),
            ..SourceReport::default()
        },
        records: Vec::new(),
        pages_read: HashSet::new(),
        pages_productive: HashSet::new(),
    };
    let interval = Duration::from_secs_f64(1.0 / source.rate());
    let mut level = start_pages(source, curated);
    let mut visited: HashSet<String> = level.iter().map(|(u, _)| u.to_string()).collect();
    let bar = progress_bar(progress, &source.id, level.len());
    let mut budget = source.max_pages;
    while !level.is_empty() && budget > 0 {
        level.truncate(budget);
        budget -= level.len();
        let fetches = level.iter().map(|(url, programs)| async move {
            let own_host = url
                .host_str()
                .unwrap_or_default()
                .trim_start_matches("www.")
                .to_string();
            let allowed = move |host: &str| {
                if !programs.is_empty() {
                    host.trim_start_matches("www.")
                        .eq_ignore_ascii_case(&own_host)
                } else {
                    source.allows_host(host)
                }
            };
            let result = fetcher.fetch(url, &allowed, interval).await;
            (url, programs, result)
        });
        let results = futures_util::future::join_all(fetches).await;
        let mut next = Vec::new();
        for (url, programs, result) in results {
            bar.inc(1);
            match result {
                Ok(page) => {
                    if page.unchanged {
                        read.report.unchanged += 1;
                    } else {
                        read.report.fetched += 1;
                    }
                    read.pages_read.insert(url.to_string());
                    let extraction = extract::extract(
                        source,
                        &page.url,
                        &page.body,
                        page.content_type.as_deref(),
                    );
                    read.report.warnings.extend(
                        extraction
                            .warnings
                            .iter()
                            .map(|w| format!("{}: {w}", page.url)),
                    );
                    let fetched = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
                    if !extraction.records.is_empty() || !extraction.follow.is_empty() {
                        read.pages_productive.insert(url.to_string());
                    }
                    let hints: Vec<Option<String>> = match programs.is_empty() {
                        true => vec![None],
                        false => programs.iter().cloned().map(Some).collect(),
                    };
                    for hint in hints {
                        read.records
                            .extend(extraction.records.iter().map(|record| ReadRecord {
                                record: record.clone(),
                                page: url.to_string(),
                                url: page.url.to_string(),
                                fetched: fetched.clone(),
                                program_hint: hint.clone(),
                            }));
                    }
                    for follow in extraction.follow {
                        if visited.insert(follow.to_string()) {
                            next.push((follow, Vec::new()));
                        }
                    }
                }
                Err(failure) => read.report.failed.push((url.to_string(), failure)),
            }
        }
        bar.inc_length(next.len() as u64);
        level = next;
    }
    bar.finish_and_clear();
    read
}

fn progress_bar(show: bool, source: &str, pages: usize) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(pages as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>24} [{bar:30}] {pos}/{len} pages {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(source.to_string());
    bar
}

impl SourceReport {
    /// The summary lines `peerway crawl` prints for this source.
    pub fn summary(&self) -> Vec<String> {
        let c = &self.counts;
        let mut lines = vec![
            format!(
                "{}: pages fetched {}, unchanged {}, failed {}; records new {}, changed {}, unchanged {}, not seen {} (stale after a second read: {}); changes waiting {}",
                self.source,
                self.fetched,
                self.unchanged,
                self.failed.len(),
                c.new,
                c.changed,
                c.unchanged,
                c.missing_once,
                c.missing,
                c.pending_changes
            ),
        ];
        if let Some(why) = &self.extraction_failed {
            lines.push(format!("  extraction failed: {why}"));
        }
        lines.extend(
            self.failed
                .iter()
                .map(|(url, why)| format!("  failed {url}: {why}")),
        );
        lines.extend(self.warnings.iter().map(|w| format!("  warning {w}")));
        match &self.written {
            Some(path) => lines.push(format!("  wrote {}", path.display())),
            None => lines.push("  seed-data not changed".to_string()),
        }
        lines
    }
}
