//! The `peerway` command line: parse arguments, call the library, print.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use peerway::crawl::{self, CrawlOptions, CrawlReport, FetchPolicy};
use peerway::geo::Geo;
use peerway::index::{self, IndexError, IndexStore, SearchParams};
use peerway::web::{self, AppState};
use peerway::{hsds, seed};

#[derive(Parser)]
#[command(
    name = "peerway",
    version,
    about = "A directory and search engine of peer-run crisis alternatives in the US."
)]
#[command(
    long_about = "A directory and search engine of peer-run crisis alternatives in the US: \
peer respites, warmlines, mobile crisis teams, crisis stabilization and living-room centers.\n\n\
With no command, builds the index from seed-data if it is missing, then serves the site."
)]
struct Cli {
    #[command(flatten)]
    paths: Paths,
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Clone)]
struct Paths {
    /// Folder of curated program records (programs/<state>/<id>.toml).
    #[arg(long, global = true, env = "PEERWAY_SEED", default_value = "seed-data")]
    seed: PathBuf,
    /// Folder of the offline gazetteer.
    #[arg(
        long,
        global = true,
        env = "PEERWAY_GEO",
        default_value = "seed-data/geo"
    )]
    geo: PathBuf,
    /// Folder where index generations are built and served from.
    #[arg(long, global = true, env = "PEERWAY_INDEX", default_value = "index")]
    index: PathBuf,
    /// Folder for what the site receives: the embedded database (problem reports,
    /// staff, live listings, audit log) unless PEERWAY_DATABASE_URL names PostgreSQL.
    #[arg(long, global = true, env = "PEERWAY_DATA", default_value = "data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum OperatorsCommand {
    /// Print a one-time link (valid 7 days) with which a person chooses a sign-in
    /// name and passphrase and then keeps this program's listing current at
    /// /operator. Nothing is e-mailed: send the link yourself.
    Invite {
        /// The program's id (as in seed-data and /programs/{id}).
        #[arg(long)]
        program: String,
    },
    /// Print a new API token for the program's bed registry
    /// (`PUT /api/v1/programs/{id}/availability`); any earlier token stops working.
    /// Shown once: only its hash is kept. Staff can also make one at /operator.
    Token {
        /// The program's id.
        #[arg(long)]
        program: String,
    },
}

#[derive(Subcommand)]
enum CuratorsCommand {
    /// Print a one-time link (valid 7 days) for a new curator (/curate).
    Add,
}

#[derive(Subcommand)]
enum Command {
    /// Check every seed record and the data rules; print `file:line: field: problem`;
    /// exit 1 on any error (warnings are listed with counts).
    Check {
        /// Print the data campaign's figures (kinds, peer roles, status, reach,
        /// evidence age, sources by kind, states with a peer-run program).
        #[arg(long)]
        stats: bool,
        /// With --stats: the figures as JSON.
        #[arg(long, requires = "stats")]
        json: bool,
        /// List every warning, not only the counts per rule.
        #[arg(long)]
        warnings: bool,
    },
    /// Build a new index from seed-data and swap it in (the old one keeps serving if this fails).
    Build,
    /// Crawl the sources, check seed-data, then build and swap in a new index; a
    /// running server picks it up within seconds. A failed check or build leaves
    /// the index in service as it was.
    Refresh {
        /// Skip the crawl (check and build only).
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        crawl: CrawlArgs,
    },
    /// Re-read the sources in seed-data/sources.toml into seed-data/crawled/, or
    /// accept changes they propose to curated records.
    Crawl {
        /// Fetch and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Accept pending changes by id (or `all`) instead of crawling.
        #[arg(long, num_args = 1..)]
        accept: Vec<String>,
        /// List every pending change (what was read, the program it matched and why)
        /// instead of crawling.
        #[arg(long, conflicts_with_all = ["accept", "dry_run"])]
        review: bool,
        #[command(flatten)]
        crawl: CrawlArgs,
    },
    /// Search the index.
    Search(Box<SearchArgs>),
    /// Serve the site and the API (builds the index first if there is none).
    Serve,
    /// List the problem reports people sent from program pages.
    Reports,
    /// Program staff: invite someone to keep a program's listing current.
    Operators {
        #[command(subcommand)]
        command: OperatorsCommand,
    },
    /// Curators: invite someone to review reports, corrections and crawl proposals.
    Curators {
        #[command(subcommand)]
        command: CuratorsCommand,
    },
    /// Print the audit log (every change made through the site, the API and the
    /// command line) as JSON lines, oldest first.
    Audit {
        /// Write it to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write N synthetic programs (benchmarks only; marked, never served by default).
    Synth {
        /// How many programs.
        #[arg(long)]
        programs: usize,
        /// The folder to write (a seed folder with a SYNTHETIC marker).
        #[arg(long)]
        out: PathBuf,
        /// Random seed, so the same command writes the same programs.
        #[arg(long = "random-seed", default_value_t = 1)]
        random_seed: u64,
    },
    /// Export the directory, or what a search matches, as CSV, GeoJSON, JSON or HSDS.
    Export(Box<ExportArgs>),
    /// Import HSDS JSON or a Tabular Data Package into seed records for review.
    Import {
        /// An HSDS JSON file (a service, a list, an API page, a bulk export) or a
        /// Tabular Data Package (its folder or datapackage.json).
        #[arg(long)]
        hsds: PathBuf,
        /// Where the data was published, recorded as the source of services that name none.
        #[arg(long, default_value = "https://openreferral.org/")]
        source: String,
        /// Replace seed files that already exist (curated data is kept otherwise).
        #[arg(long)]
        force: bool,
    },
    /// Measure search quality on a file of queries (see tests/eval/queries.tsv).
    Eval {
        /// Tab-separated queries with expected programs.
        file: PathBuf,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
        /// Search as a site in this language does: programs answering in it (a
        /// `languages` value, e.g. spanish) rank first among equals.
        #[arg(long = "prefer-language")]
        prefer_language: Option<String>,
    },
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(
        long,
        global = true,
        env = "PEERWAY_ADDR",
        default_value = "127.0.0.1:8080"
    )]
    addr: std::net::SocketAddr,
    /// Serve an index built from synthetic programs (benchmarks only).
    #[arg(long, global = true)]
    allow_synthetic: bool,
    /// API requests per minute per address (held in memory only); 0 turns it off.
    #[arg(long, global = true, env = "PEERWAY_RATE_LIMIT", default_value_t = web::DEFAULT_API_PER_MINUTE)]
    rate_limit: usize,
    /// Megabytes of search answers kept per index generation and minute (identical
    /// searches in a spike are answered once); 0 turns it off.
    #[arg(long, global = true, env = "PEERWAY_RESPONSE_CACHE", default_value_t = web::DEFAULT_RESPONSE_CACHE_MB)]
    response_cache: usize,
    /// The site's public address for absolute links (`/data`, `/hsds/`), e.g.
    /// https://peerway.example; default http://<addr>. Request headers (`Host`,
    /// `X-Forwarded-*`) are never used for links.
    #[arg(long, global = true, env = "PEERWAY_BASE_URL")]
    base_url: Option<String>,
    /// Seconds the server may keep serving an older generation than `CURRENT` names
    /// (because the newer one was refused) before `/healthz` answers 503.
    #[arg(long, global = true, env = "PEERWAY_STALE_AFTER", default_value_t = web::watch::DEFAULT_STALE_AFTER.as_secs())]
    stale_after: u64,
    /// The address of a reverse proxy in front of the server (repeatable): for its
    /// requests, per-address limits count the client named last in `X-Forwarded-For`,
    /// and its connections are not capped. Never used for links.
    #[arg(
        long = "trusted-proxy",
        global = true,
        env = "PEERWAY_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Args, Clone)]
struct CrawlArgs {
    /// Only this source (its id in sources.toml).
    #[arg(long)]
    source: Option<String>,
    /// The sources file (default: <seed>/sources.toml).
    #[arg(long)]
    sources: Option<PathBuf>,
    /// Seconds before a page is given up.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Largest page body read, in bytes.
    #[arg(long, default_value_t = 5 * 1024 * 1024)]
    max_body: u64,
    /// Requests in flight across all hosts.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Let the crawler reach private and loopback addresses (for tests against
    /// local servers only).
    #[arg(long, hide = true)]
    allow_private: bool,
    /// First wait before retrying a 429/5xx without Retry-After, in milliseconds.
    #[arg(long, hide = true, default_value_t = 2000)]
    backoff_ms: u64,
}

#[derive(Args)]
struct ExportArgs {
    /// csv, geojson, json, hsds-json (nested HSDS 3.0) or hsds-csv (an HSDS Tabular Data Package).
    #[arg(long, value_parser = ["csv", "geojson", "json", "hsds-json", "hsds-csv"])]
    format: String,
    /// Write to this file (a folder for hsds-csv) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    search: SearchArgs,
}

#[derive(Args)]
struct SearchArgs {
    /// What to look for (may be empty).
    #[arg(default_value = "")]
    text: String,
    /// Where: a ZIP, "City, ST", a state, or "lat,lon".
    #[arg(long)]
    near: Option<String>,
    /// How far from --near: 100mi, 160km (a bare number is miles). Default 100mi.
    #[arg(long)]
    radius: Option<String>,
    /// Kind(s): peer_respite, warmline, mobile_team, crisis_stabilization, living_room, …
    #[arg(long)]
    kind: Vec<String>,
    /// State code(s), or US for national lines.
    #[arg(long)]
    state: Vec<String>,
    /// peer_run, peer_involved, not_peer or unknown.
    #[arg(long = "peer-role")]
    peer_role: Vec<String>,
    /// active, uncertain or closed (closed programs are left out unless asked for).
    #[arg(long)]
    status: Vec<String>,
    /// recent, old or undated: how old the newest evidence is.
    #[arg(long)]
    evidence: Vec<String>,
    /// 24_7 for programs open around the clock.
    #[arg(long)]
    open: Vec<String>,
    /// free or regardless_of_ability_to_pay.
    #[arg(long)]
    cost: Vec<String>,
    /// youth, adults, older_adults, all_ages.
    #[arg(long)]
    ages: Vec<String>,
    /// veterans, lgbtq, youth, older_adults, postpartum, deaf, native, substance_use.
    #[arg(long)]
    populations: Vec<String>,
    /// spanish, …
    #[arg(long)]
    languages: Vec<String>,
    /// walk_in, call_first, self_referral, referral, dispatch.
    #[arg(long)]
    access: Vec<String>,
    /// relevance or distance.
    #[arg(long)]
    sort: Option<String>,
    #[arg(long)]
    page: Option<String>,
    #[arg(long = "per-page")]
    per_page: Option<String>,
    /// Print the results as JSON (the same shape as the HTTP API).
    #[arg(long)]
    json: bool,
    /// Rank programs answering in this language (a `languages` value, e.g.
    /// spanish) first among equals, as the Spanish site does.
    #[arg(long = "prefer-language")]
    prefer_language: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check {
            stats,
            json,
            warnings,
        }) => check_command(&cli.paths, stats, json, warnings),
        Some(Command::Build) => build(&cli.paths).map(|()| ExitCode::SUCCESS),
        Some(Command::Refresh { offline, crawl }) => refresh(&cli.paths, offline, &crawl),
        Some(Command::Crawl {
            dry_run,
            accept,
            review,
            crawl,
        }) => match (review, accept.is_empty()) {
            (true, _) => review_changes(&cli.paths, &crawl),
            (false, true) => run_crawl(&cli.paths, &crawl, dry_run).map(|(code, _)| code),
            (false, false) => accept_changes(&cli.paths, &crawl, &accept),
        },
        Some(Command::Search(args)) => run_search(&cli.paths, *args).map(|()| ExitCode::SUCCESS),
        Some(Command::Eval {
            file,
            json,
            prefer_language,
        }) => evaluate(&cli.paths, &file, json, prefer_language.as_deref()),
        Some(Command::Reports) => list_reports(&cli.paths).map(|()| ExitCode::SUCCESS),
        Some(Command::Operators {
            command: OperatorsCommand::Invite { program },
        }) => invite(&cli.paths, &cli.serve, Some(program)).map(|()| ExitCode::SUCCESS),
        Some(Command::Operators {
            command: OperatorsCommand::Token { program },
        }) => api_token(&cli.paths, &program).map(|()| ExitCode::SUCCESS),
        Some(Command::Curators {
            command: CuratorsCommand::Add,
        }) => invite(&cli.paths, &cli.serve, None).map(|()| ExitCode::SUCCESS),
        Some(Command::Audit { out }) => {
            audit(&cli.paths, out.as_deref()).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Synth {
            programs,
            out,
            random_seed,
        }) => synth(&cli.paths, programs, &out, random_seed).map(|()| ExitCode::SUCCESS),
        Some(Command::Export(args)) => export(&cli.paths, &args).map(|()| ExitCode::SUCCESS),
        Some(Command::Import {
            hsds,
            source,
            force,
        }) => import_hsds(&cli.paths, &hsds, &source, force),
        Some(Command::Serve) | None => serve(&cli.paths, &cli.serve).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_geo(paths: &Paths) -> Result<Geo> {
    Geo::load(&paths.geo)
        .with_context(|| format!("loading the gazetteer from {}", paths.geo.display()))
}

/// `peerway check`: problems, warnings by rule, and (`--stats`) the campaign figures.
fn check_command(paths: &Paths, stats: bool, json: bool, all_warnings: bool) -> Result<ExitCode> {
    if stats {
        let geo = load_geo(paths)?;
        let load = seed::load_programs(&paths.seed, &geo)?;
        let figures = peerway::quality::figures(&load.programs, chrono::Utc::now().date_naive());
        if json {
            println!("{}", serde_json::to_string_pretty(&figures)?);
        } else {
            print!("{}", figures.to_text());
        }
        return Ok(if load.problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    check_with(paths, all_warnings)
}

fn check(paths: &Paths) -> Result<ExitCode> {
    check_with(paths, false)
}

fn check_with(paths: &Paths, all_warnings: bool) -> Result<ExitCode> {
    let geo = load_geo(paths)?;
    let load = seed::load_programs(&paths.seed, &geo)?;
    for problem in &load.problems {
        println!("{problem}");
    }
    print!(
        "{}",
        seed::summary::CheckSummary::of(&load, &paths.seed).to_text(all_warnings)
    );
    Ok(if load.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn crawl_options(paths: &Paths, args: &CrawlArgs, dry_run: bool) -> Result<CrawlOptions> {
    let sources_path = args
        .sources
        .clone()
        .unwrap_or_else(|| paths.seed.join("sources.toml"));
    let contact_url = crawl::sources::contact_url(&sources_path)?;
    Ok(CrawlOptions {
        seed_dir: paths.seed.clone(),
        sources_path,
        cache_dir: paths.data.join("crawl-cache"),
        only_source: args.source.clone(),
        dry_run,
        policy: FetchPolicy {
            contact_url,
            total_timeout: Duration::from_secs(args.timeout.max(1)),
            read_timeout: Duration::from_secs(args.timeout.clamp(1, 20)),
            connect_timeout: Duration::from_secs(args.timeout.clamp(1, 10)),
            max_body_bytes: args.max_body,
            concurrency: args.concurrency.max(1),
            allow_private: args.allow_private,
            backoff: Duration::from_millis(args.backoff_ms),
            ..FetchPolicy::default()
        },
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
    })
}

/// Crawl and print the summary; the exit code says whether every page was read.
fn run_crawl(paths: &Paths, args: &CrawlArgs, dry_run: bool) -> Result<(ExitCode, CrawlReport)> {
    let geo = load_geo(paths)?;
    let options = crawl_options(paths, args, dry_run)?;
    let report = crawl::crawl(&options, &geo)?;
    for source in &report.sources {
        for line in source.summary() {
            println!("{line}");
        }
    }
    let failed = report.failed_pages();
    if failed > 0 {
        println!("{failed} page(s) not read; what they listed is kept as it was");
    }
    let untrusted = report.failed_extractions();
    if untrusted > 0 {
        println!(
            "{untrusted} source(s) yielded too little to trust; their files are kept as they were"
        );
    }
    let code = match (failed, untrusted) {
        (0, 0) => ExitCode::SUCCESS,
        (_, 0) => ExitCode::from(2),
        _ => ExitCode::from(3),
    };
    Ok((code, report))
}

fn review_changes(paths: &Paths, args: &CrawlArgs) -> Result<ExitCode> {
    let lines = crawl::review::review_lines(&paths.seed, args.source.as_deref())
        .map_err(anyhow::Error::msg)?;
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn accept_changes(paths: &Paths, args: &CrawlArgs, which: &[String]) -> Result<ExitCode> {
    let geo = load_geo(paths)?;
    let sources_path = args
        .sources
        .clone()
        .unwrap_or_else(|| paths.seed.join("sources.toml"));
    let sources = crawl::sources::read_sources(&sources_path)?;
    let today = chrono::Utc::now().date_naive();
    let report = crawl::accept::accept(
        &paths.seed,
        &geo,
        &sources,
        which,
        args.source.as_deref(),
        today,
    )?;
    for (id, path) in &report.applied {
        println!("accepted {id}: wrote {}", path.display());
    }
    for (id, why) in &report.refused {
        println!("not accepted {id}: {why}");
    }
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Crawl → check → build. Pages that could not be read do not stop the refresh
/// (what they listed is kept as it was); a failed check or build does, and the
/// index in service stays.
fn refresh(paths: &Paths, offline: bool, args: &CrawlArgs) -> Result<ExitCode> {
    if !offline {
        run_crawl(paths, args, false)?;
    }
    if check(paths)? != ExitCode::SUCCESS {
        eprintln!("seed-data has problems; the index in service is unchanged");
        return Ok(ExitCode::FAILURE);
    }
    build(paths)?;
    Ok(ExitCode::SUCCESS)
}

fn build(paths: &Paths) -> Result<()> {
    let geo = load_geo(paths)?;
    build_with(paths, &geo)
}

fn build_with(paths: &Paths, geo: &Geo) -> Result<()> {
    let store = IndexStore::new(&paths.index);
    let bar = progress_bar();
    let result = index::build_from_seed(&paths.seed, geo, &store, &mut |n| {
        bar.set_position(n as u64);
        Ok(())
    });
    bar.finish_and_clear();
    let meta = result.map_err(build_failure)?;
    print_built(&meta, &store);
    Ok(())
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} indexing {pos} programs {elapsed}")
            .expect("valid template"),
    );
    bar
}

fn print_built(meta: &index::BuildMeta, store: &IndexStore) {
    let per_second = meta.program_count as f64 * 1000.0 / meta.build_millis.max(1) as f64;
    println!(
        "built {} with {} programs in {} ms ({per_second:.0} programs/s, {})",
        meta.generation,
        meta.program_count,
        meta.build_millis,
        store.root().join(&meta.generation).display()
    );
}

/// A failed build, with each seed problem printed (file, line, field).
fn build_failure(error: IndexError) -> anyhow::Error {
    if let IndexError::SeedProblems(problems) = &error {
        for problem in problems {
            eprintln!("{problem}");
        }
    }
    error.into()
}

/// The CLI's search flags as the parameters the web and API take.
fn search_params(args: &SearchArgs) -> SearchParams {
    let mut facets = Vec::new();
    for (key, values) in [
        ("kind", &args.kind),
        ("state", &args.state),
        ("peer_role", &args.peer_role),
        ("open", &args.open),
        ("cost", &args.cost),
        ("ages", &args.ages),
        ("populations", &args.populations),
        ("languages", &args.languages),
        ("access", &args.access),
        ("status", &args.status),
        ("evidence", &args.evidence),
    ] {
        facets.extend(values.iter().map(|v| (key.to_string(), v.clone())));
    }
    SearchParams {
        q: Some(args.text.clone()),
        near: args.near.clone(),
        radius: args.radius.clone(),
        sort: args.sort.clone(),
        page: args.page.clone(),
        per_page: args.per_page.clone(),
        facets,
        ..SearchParams::default()
    }
}

fn run_search(paths: &Paths, args: SearchArgs) -> Result<()> {
    let geo = load_geo(paths)?;
    let store = IndexStore::new(&paths.index);
    let catalog = store.open_current()?;
    let params = search_params(&args);
    let mut request = index::parse_request(&params, &geo)?;
    request.language = args.prefer_language.clone();
    let results = index::search(&catalog, &request)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(());
    }
    println!(
        "{} programs{}",
        results.total,
        results
            .place
            .as_ref()
            .map(|p| format!(" near {}", p.label))
            .unwrap_or_default()
    );
    for hit in &results.hits {
        let where_ = match (hit.distance_km, hit.serves_your_area) {
            (Some(km), _) => format!("{km:.0} km"),
            (None, true) => "serves your area".to_string(),
            (None, false) => hit.program.place_label(),
        };
        let phone = hit
            .program
            .contact
            .phones
            .first()
            .map(|p| p.display.clone())
            .unwrap_or_default();
        println!(
            "  {:<50} {:<22} {:<18} {}",
            hit.name,
            hit.program.kind.label(),
            where_,
            phone
        );
    }
    Ok(())
}

fn export(paths: &Paths, args: &ExportArgs) -> Result<()> {
    let geo = load_geo(paths)?;
    let catalog = IndexStore::new(&paths.index).open_current()?;
    let request = index::parse_request(&search_params(&args.search), &geo)?;
    let programs = index::search_programs(&catalog, &request)?;
    let now = chrono::Utc::now();
    if args.format == "hsds-csv" {
        let dir = args
            .out
            .as_ref()
            .context("--out names the folder for the HSDS package")?;
        let services: Vec<serde_json::Value> = programs
            .iter()
            .map(|p| hsds::service::service(p, &geo))
            .collect();
        let counts = hsds::tabular::write_package(dir, &services, &now.to_rfc3339())?;
        for (table, rows) in counts {
            eprintln!("{table}: {rows} rows");
        }
        return Ok(());
    }
    let text = match args.format.as_str() {
        "hsds-json" => serde_json::to_string_pretty(&hsds::nested_document(&programs, &geo, now))?,
        "csv" => peerway::export::programs_csv(&programs, now),
        "geojson" => {
            serde_json::to_string_pretty(&peerway::export::programs_geojson(&programs, now))?
        }
        _ => serde_json::to_string_pretty(&peerway::export::programs_json(&programs, now))?,
    };
    match &args.out {
        Some(path) => {
            peerway::atomic::write_file(path, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {} programs to {}", programs.len(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn import_hsds(
    paths: &Paths,
    file: &std::path::Path,
    source: &str,
    force: bool,
) -> Result<ExitCode> {
    let geo = load_geo(paths)?;
    let today = chrono::Utc::now().date_naive();
    let outcome = hsds::into_seed::import_into_seed(file, &paths.seed, source, force, &geo, today)?;
    for line in &outcome.lines {
        println!("{line}");
    }
    println!(
        "{} services read, {} written, {} kept, {} need a person to finish them (see above)",
        outcome.read, outcome.written, outcome.kept, outcome.flagged
    );
    Ok(ExitCode::SUCCESS)
}

fn synth(paths: &Paths, count: usize, out: &std::path::Path, seed: u64) -> Result<()> {
    let geo = load_geo(paths)?;
    let started = std::time::Instant::now();
    let records = peerway::synth::synthetic_records(count, &geo, seed);
    peerway::synth::write_seed_folder(out, &records)?;
    println!(
        "wrote {count} SYNTHETIC programs to {} in {:.1} s (never served unless --allow-synthetic)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The store: PostgreSQL when `PEERWAY_DATABASE_URL` is set, else the SQLite file
/// in the data folder.
fn open_store(paths: &Paths) -> Result<peerway::store::Store> {
    peerway::store::Store::from_env(&paths.data).context("opening the database")
}

fn list_reports(paths: &Paths) -> Result<()> {
    let store = peerway::reports::ReportStore::on(open_store(paths)?, &paths.data);
    let log = store.read().context("reading the problem reports")?;
    for report in &log.reports {
        println!(
            "{}  {:<45} {:<12} {}",
            report.received_at.format("%Y-%m-%d %H:%M"),
            report.program_id,
            report.reason.slug(),
            report.note.replace('\n', " ")
        );
    }
    println!("{} report(s)", log.reports.len());
    if !log.damaged_lines.is_empty() {
        println!(
            "note: lines {:?} of the old report files are damaged (a write cut short) and were skipped",
            log.damaged_lines
        );
    }
    Ok(())
}

/// `operators invite --program ID` and `curators add`: a one-time link, printed
/// once (only its hash is kept).
fn invite(paths: &Paths, serve: &ServeArgs, program: Option<String>) -> Result<()> {
    use peerway::store::accounts::Role;
    let role = if program.is_some() {
        Role::Operator
    } else {
        Role::Curator
    };
    if let Some(id) = &program {
        check_program(paths, id)?;
    }
    let store = open_store(paths)?;
    let token = store
        .wait(store.create_invite(role, program.clone(), chrono::Utc::now()))
        .context("making the invite")?;
    let base = serve
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", serve.addr));
    let path = match role {
        Role::Operator => "/operator/invite",
        Role::Curator => "/curate/invite",
    };
    println!("{}{path}?token={token}", base.trim_end_matches('/'));
    eprintln!(
        "This link works once, for 7 days, and is not shown again. Send it to the person yourself (Peerway sends no e-mail){}.",
        program.map(|p| format!("; it lets them keep {p} current")).unwrap_or_default()
    );
    Ok(())
}

/// The program must be in the index in service.
fn check_program(paths: &Paths, id: &str) -> Result<()> {
    let catalog = IndexStore::new(&paths.index)
        .open_current()
        .with_context(|| {
            format!(
                "opening the index in {} to check the program",
                paths.index.display()
            )
        })?;
    if catalog.find_program(id)?.is_none() {
        anyhow::bail!("no program with id {id:?} in the index (see `peerway search`)");
    }
    Ok(())
}

fn api_token(paths: &Paths, program: &str) -> Result<()> {
    check_program(paths, program)?;
    let store = open_store(paths)?;
    let token = store
        .wait(store.rotate_token(program, "cli", chrono::Utc::now()))
        .context("making the token")?;
    println!("{token}");
    eprintln!("Shown once; any earlier token of {program} stops working now.");
    Ok(())
}

fn audit(paths: &Paths, out: Option<&std::path::Path>) -> Result<()> {
    let store = open_store(paths)?;
    let entries = store
        .wait(store.audit_log(usize::MAX))
        .context("reading the audit log")?;
    let text = peerway::store::audit::to_json_lines(&entries);
    match out {
        Some(path) => peerway::atomic::write_file(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(())
}

fn evaluate(
    paths: &Paths,
    file: &std::path::Path,
    json: bool,
    prefer_language: Option<&str>,
) -> Result<ExitCode> {
    let geo = load_geo(paths)?;
    let catalog = IndexStore::new(&paths.index).open_current()?;
    let queries = peerway::eval::read_queries(file)?;
    let report = peerway::eval::run_preferring(&catalog, &geo, &queries, prefer_language)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} queries: success@1 {:.3}  success@3 {:.3}  MRR {:.3}  nDCG@10 {:.3}  passed {}/{}",
        report.queries,
        report.success_at_1,
        report.success_at_3,
        report.mrr,
        report.ndcg_at_10,
        report.passed,
        report.queries
    );
    for outcome in report.failing() {
        println!(
            "FAIL {} (rank {}, needs ≤ {}): {}\n     top: {}",
            outcome.id,
            outcome.rank.map_or("-".to_string(), |r| r.to_string()),
            outcome.k,
            outcome.query,
            outcome.top.join("; ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `peerway serve`, and `cargo run --release` with no command: make sure there is
/// an index (built from seed-data if missing), then serve until stopped.
fn serve(paths: &Paths, args: &ServeArgs) -> Result<()> {
    init_logging();
    let geo = load_geo(paths)?;
    let store = IndexStore::new(&paths.index);
    let bar = progress_bar();
    let serving = index::open_for_serving(&store, &paths.seed, &geo, &mut |n| {
        bar.set_position(n as u64);
        Ok(())
    });
    bar.finish_and_clear();
    let index::Serving {
        catalog,
        refused,
        built,
    } = serving.map_err(build_failure)?;
    if let Some(meta) = built {
        print_built(&meta, &store);
    }
    if catalog.meta().synthetic && !args.allow_synthetic {
        anyhow::bail!(
            "the index in {} was built from SYNTHETIC programs; it is for benchmarks only (pass --allow-synthetic to serve it anyway)",
            paths.index.display()
        );
    }
    tracing::info!(
        "serving index {} ({} programs)",
        catalog.meta().generation,
        catalog.meta().program_count
    );
    let catalog_generation = catalog.meta().generation.clone();
    let db = open_store(paths)?;
    match (db.wait(db.migrate()), db.backend()) {
        (Ok(()), backend) => tracing::info!("database ready ({backend:?})"),
        // The embedded file must be usable: a folder the server cannot write is
        // an error at start, not a failure on every report.
        (Err(e), peerway::store::Backend::Sqlite) => anyhow::bail!(
            "the database in {} cannot be used ({e}); give a writable folder with --data",
            paths.data.display()
        ),
        // A shared database may come back: serve the site now, answer writes with 503.
        (Err(e), peerway::store::Backend::Postgres) => {
            tracing::warn!("the database cannot be reached ({e}); serving the site, writes will answer 503 until it is back")
        }
    }
    let addr = args.addr;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let state = AppState::new(catalog, Arc::new(geo), &paths.data)
        .with_store(db, &paths.data)
        .with_seed_dir(&paths.seed)
        .with_rate_limit(args.rate_limit)
        .with_response_cache(args.response_cache)
        .with_base_url(&base_url)
        .map_err(|e| anyhow::anyhow!("--base-url {base_url:?}: {e}"))?
        .with_stale_after(std::time::Duration::from_secs(args.stale_after))
        .with_trusted_proxies(args.trusted_proxies.clone());
    // The refusal of `CURRENT` (first in the list) is the one left pending.
    for (generation, reason) in refused.into_iter().rev() {
        state.generations.refuse(
            &generation,
            format!("{reason}; serving {} instead", catalog_generation),
            chrono::Utc::now(),
        );
    }
    actix_web::rt::System::new()
        .block_on(web::serve(state, addr, Some(store)))
        .with_context(|| format!("serving on {addr}"))
}

/// Crates whose debug output can hold what people type (actix logs error bodies,
/// which name the place searched for): kept at `info` whatever `RUST_LOG` says.
const QUIET_CRATES: [&str; 5] = [
    "actix_web",
    "actix_http",
    "actix_server",
    "actix_router",
    "h2",
];

/// Logs go to stderr; `RUST_LOG` overrides the default level, except that no
/// level lets a search's words or place into the log (`QUIET_CRATES`).
fn init_logging() {
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    for quiet in QUIET_CRATES {
        if let Ok(directive) = format!("{quiet}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
