//! Polite HTTP for the crawler: one `reqwest` client with a User-Agent naming
//! Peerway and a contact URL, `robots.txt` obeyed (texting_robots), a per-host
//! rate limit and a global concurrency cap, timeouts, a body-size cap, redirects
//! followed by hand so every hop is checked against the source's hosts, no private
//! or loopback addresses (checked after DNS, so a name cannot point inside), a
//! conditional-GET cache, and retries with backoff on 429/5xx honouring
//! `Retry-After`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
    RETRY_AFTER,
};
use reqwest::StatusCode;
use texting_robots::Robot;
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use super::cache::{CachedPage, PageCache};

/// The token robots.txt files name us by.
pub const ROBOTS_AGENT: &str = "Peerway";

/// How the crawler behaves on the network. `Default` is for real sources; tests
/// shorten the waits and allow loopback.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Where a site owner can read who we are and reach us.
    pub contact_url: String,
    /// The longest wait for a connection to open.
    pub connect_timeout: Duration,
    /// The longest wait between two reads of a response.
    pub read_timeout: Duration,
    /// The longest a whole request may take, body included.
    pub total_timeout: Duration,
    /// A body larger than this many bytes fails the page (`TooLarge`).
    pub max_body_bytes: u64,
    /// The most redirects followed for one page.
    pub max_redirects: usize,
    /// Retries of a request answered 429 or 5xx, after the first try.
    pub max_retries: u32,
    /// The first wait before a retry without `Retry-After`; it doubles each time.
    pub backoff: Duration,
    /// The longest `Retry-After` the crawler waits for; a longer one fails the page.
    pub max_wait: Duration,
    /// Requests in flight across all hosts.
    pub concurrency: usize,
    /// Let the crawler reach private and loopback addresses (tests only).
    pub allow_private: bool,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            contact_url: String::new(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(60),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            max_retries: 3,
            backoff: Duration::from_secs(2),
            max_wait: Duration::from_secs(120),
            concurrency: 4,
            allow_private: false,
        }
    }
}

impl FetchPolicy {
    /// The User-Agent sent with every request: Peerway, its version and `contact_url`.
    pub fn user_agent(&self) -> String {
        format!(
            "Peerway/{} (crisis-alternatives directory crawler; +{})",
            env!("CARGO_PKG_VERSION"),
            self.contact_url
        )
    }
}

/// Why a page was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// The host's robots.txt does not let Peerway read the page.
    RobotsDisallowed,
    /// The host's robots.txt could not be read (5xx, unparsable), so nothing is fetched from it.
    RobotsUnavailable(String),
    /// The page or a redirect is on a host the source does not list.
    HostNotAllowed(String),
    /// The URL's scheme is not http or https.
    NotHttp(String),
    /// The host is or resolves to a private or loopback address.
    PrivateAddress(String),
    /// The host name could not be resolved.
    Dns(String),
    /// The TLS handshake failed.
    Tls(String),
    /// The connection could not be made.
    Connect(String),
    /// The request took longer than the policy allows.
    Timeout,
    /// A redirect led back to a URL already visited.
    RedirectLoop(String),
    /// More redirects than `max_redirects` (the number carried).
    TooManyRedirects(usize),
    /// An HTTP status that is not a page: an error, a redirect without a usable `Location`,
    /// or a 304 with nothing cached.
    Status(u16),
    /// `Retry-After` asked for a longer wait (in seconds) than `max_wait`.
    WaitTooLong(u64),
    /// The body is longer than `max_body_bytes` (the limit carried).
    TooLarge(u64),
    /// The body was cut off while it was read.
    Body(String),
}

impl fmt::Display for FetchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchFailure::RobotsDisallowed => write!(f, "robots.txt disallows it"),
            FetchFailure::RobotsUnavailable(why) => write!(
                f,
                "robots.txt unavailable ({why}), so nothing is fetched from the host"
            ),
            FetchFailure::HostNotAllowed(host) => {
                write!(f, "host {host} is not allowed for this source")
            }
            FetchFailure::NotHttp(scheme) => write!(f, "{scheme}: is not http or https"),
            FetchFailure::PrivateAddress(what) => {
                write!(f, "private or loopback address refused: {what}")
            }
            FetchFailure::Dns(why) => write!(f, "DNS lookup failed: {why}"),
            FetchFailure::Tls(why) => write!(f, "TLS error: {why}"),
            FetchFailure::Connect(why) => write!(f, "connection failed: {why}"),
            FetchFailure::Timeout => write!(f, "timed out"),
            FetchFailure::RedirectLoop(url) => write!(f, "redirect loop back to {url}"),
            FetchFailure::TooManyRedirects(n) => write!(f, "more than {n} redirects"),
            FetchFailure::Status(code) => write!(f, "HTTP {code}"),
            FetchFailure::WaitTooLong(secs) => write!(
                f,
                "asked to wait {secs} s before retrying, longer than we wait"
            ),
            FetchFailure::TooLarge(limit) => write!(f, "body larger than {limit} bytes"),
            FetchFailure::Body(why) => write!(f, "body not read in full: {why}"),
        }
    }
}

/// A page read, or found unchanged since the cached copy.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the page was finally read (after redirects).
    pub url: Url,
    /// The page's bytes, undecoded (the cached copy when `unchanged`).
    pub body: Vec<u8>,
    /// The `Content-Type` header (it may name the character set).
    pub content_type: Option<String>,
    /// The server answered 304 and the body is the cached copy.
    pub unchanged: bool,
}

enum RobotsVerdict {
    Rules(Box<Robot>),
    AllowAll,
    /// The host answered, but not with a robots.txt we can read.
    Unavailable(String),
    /// The host could not be reached at all; the page would fail the same way.
    Unreachable(FetchFailure),
}

#[derive(Default)]
struct HostSlots {
    next: HashMap<String, Instant>,
    crawl_delay: HashMap<String, Duration>,
}

/// The crawler's HTTP client: it follows the `FetchPolicy` and keeps per-host turns and
/// robots.txt verdicts for the whole crawl.
pub struct Fetcher {
    client: reqwest::Client,
    policy: FetchPolicy,
    cache: PageCache,
    slots: Mutex<HostSlots>,
    robots: Mutex<HashMap<String, Arc<OnceCell<RobotsVerdict>>>>,
    permits: Semaphore,
}

impl Fetcher {
    /// A fetcher with `policy`, revalidating pages through `cache`; fails only when the
    /// HTTP client cannot be built.
    pub fn new(policy: FetchPolicy, cache: PageCache) -> Result<Fetcher, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(policy.user_agent())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(policy.connect_timeout)
            .read_timeout(policy.read_timeout)
            .timeout(policy.total_timeout)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: policy.allow_private,
            }))
            .build()?;
        let permits = Semaphore::new(policy.concurrency.max(1));
        Ok(Fetcher {
            client,
            policy,
            cache,
            slots: Mutex::new(HostSlots::default()),
            robots: Mutex::new(HashMap::new()),
            permits,
        })
    }

    /// Fetch `url`, following redirects only to hosts `allowed` accepts, at most
    /// one request per `interval` to a host.
    pub async fn fetch(
        &self,
        url: &Url,
        allowed: &(dyn Fn(&str) -> bool + Sync),
        interval: Duration,
    ) -> Result<Fetched, FetchFailure> {
        let mut current = url.clone();
        let mut visited = HashSet::new();
        for _ in 0..=self.policy.max_redirects {
            self.check_target(&current, allowed)?;
            if !visited.insert(current.to_string()) {
                return Err(FetchFailure::RedirectLoop(current.to_string()));
            }
            self.robots_allow(&current, interval).await?;
            let cached = self.cache.get(current.as_str());
            let response = self
                .send_with_retries(&current, interval, cached.as_ref().map(|(page, _)| page))
                .await?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or(FetchFailure::Status(status.as_u16()))?;
                current = current
                    .join(location)
                    .map_err(|_| FetchFailure::Status(status.as_u16()))?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return match cached {
                    Some((page, body)) => Ok(Fetched {
                        url: current,
                        body,
                        content_type: page.content_type,
                        unchanged: true,
                    }),
                    None => Err(FetchFailure::Status(304)),
                };
            }
            if !status.is_success() {
                return Err(FetchFailure::Status(status.as_u16()));
            }
            let headers = response.headers().clone();
            let body = self.read_body(response).await?;
            let page = CachedPage {
                url: current.to_string(),
                etag: header_text(&headers, ETAG),
                last_modified: header_text(&headers, LAST_MODIFIED),
                content_type: header_text(&headers, CONTENT_TYPE),
                fetched_at: Utc::now().to_rfc3339(),
            };
            // A cache that cannot be written only costs a download next time.
            let _ = self.cache.put(&page, &body);
            return Ok(Fetched {
                url: current,
                body,
                content_type: page.content_type,
                unchanged: false,
            });
        }
        Err(FetchFailure::TooManyRedirects(self.policy.max_redirects))
    }

    fn check_target(
        &self,
        url: &Url,
        allowed: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<(), FetchFailure> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchFailure::NotHttp(url.scheme().to_string()));
        }
        let host = url.host_str().unwrap_or_default();
        if !allowed(host) {
            return Err(FetchFailure::HostNotAllowed(host.to_string()));
        }
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        match literal {
            Some(ip) if !self.policy.allow_private && is_private(ip) => {
                Err(FetchFailure::PrivateAddress(ip.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// Wait for this host's next slot, so requests to it are `interval` apart (or
    /// its robots.txt Crawl-delay, if longer).
    async fn wait_turn(&self, origin: &str, interval: Duration) {
        let wait = {
            let mut slots = self.slots.lock().expect("host slots");
            let interval = slots
                .crawl_delay
                .get(origin)
                .map_or(interval, |delay| interval.max(*delay));
            let now = Instant::now();
            let slot = slots.next.get(origin).copied().unwrap_or(now).max(now);
            slots.next.insert(origin.to_string(), slot + interval);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_with_retries(
        &self,
        url: &Url,
        interval: Duration,
        cached: Option<&CachedPage>,
    ) -> Result<reqwest::Response, FetchFailure> {
        let origin = url.origin().ascii_serialization();
        let mut attempt = 0;
        loop {
            self.wait_turn(&origin, interval).await;
            let response = {
                let _permit = self
                    .permits
                    .acquire()
                    .await
                    .expect("the semaphore stays open");
                let mut request = self.client.get(url.clone());
                if let Some(page) = cached {
                    if let Some(etag) = &page.etag {
                        request = request.header(IF_NONE_MATCH, etag);
                    }
                    if let Some(date) = &page.last_modified {
                        request = request.header(IF_MODIFIED_SINCE, date);
                    }
                }
                request.send().await.map_err(|e| classify(&e))?
            };
            let status = response.status();
            let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if !retryable || attempt >= self.policy.max_retries {
                return Ok(response);
            }
            let wait =
                retry_after(response.headers()).unwrap_or(self.policy.backoff * 2_u32.pow(attempt));
            if wait > self.policy.max_wait {
                return Err(FetchFailure::WaitTooLong(wait.as_secs()));
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, FetchFailure> {
        let limit = self.policy.max_body_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(FetchFailure::TooLarge(limit));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| match classify(&e) {
            FetchFailure::Timeout => FetchFailure::Timeout,
            _ => FetchFailure::Body(error_chain(&e)),
        })? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(FetchFailure::TooLarge(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    async fn robots_allow(&self, url: &Url, interval: Duration) -> Result<(), FetchFailure> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut all = self.robots.lock().expect("robots cells");
            all.entry(origin.clone()).or_default().clone()
        };
        let verdict = cell
            .get_or_init(|| self.read_robots(url, &origin, interval))
            .await;
        match verdict {
            RobotsVerdict::AllowAll => Ok(()),
            RobotsVerdict::Rules(robot) if robot.allowed(url.as_str()) => Ok(()),
            RobotsVerdict::Rules(_) => Err(FetchFailure::RobotsDisallowed),
            RobotsVerdict::Unavailable(why) => Err(FetchFailure::RobotsUnavailable(why.clone())),
            RobotsVerdict::Unreachable(failure) => Err(failure.clone()),
        }
    }

    /// RFC 9309: a robots.txt that is missing (4xx) allows everything; one that
    /// cannot be read (5xx, network) allows nothing.
    async fn read_robots(&self, url: &Url, origin: &str, interval: Duration) -> RobotsVerdict {
        let Ok(robots_url) = url.join("/robots.txt") else {
            return RobotsVerdict::AllowAll;
        };
        let response = match self.send_with_retries(&robots_url, interval, None).await {
            Ok(response) => response,
            Err(failure) => return RobotsVerdict::Unreachable(failure),
        };
        let status = response.status();
        if status.is_client_error() || status.is_redirection() {
            return RobotsVerdict::AllowAll;
        }
        if !status.is_success() {
            return RobotsVerdict::Unavailable(format!("HTTP {}", status.as_u16()));
        }
        let body = match self.read_body(response).await {
            Ok(body) => body,
            Err(failure) => return RobotsVerdict::Unavailable(failure.to_string()),
        };
        match Robot::new(ROBOTS_AGENT, &body) {
            Ok(robot) => {
                if let Some(delay) = robot.delay.filter(|d| d.is_finite() && *d > 0.0) {
                    let delay = Duration::from_secs_f32(delay.min(60.0));
                    self.slots
                        .lock()
                        .expect("host slots")
                        .crawl_delay
                        .insert(origin.to_string(), delay);
                }
                RobotsVerdict::Rules(Box::new(robot))
            }
            Err(e) => RobotsVerdict::Unavailable(format!("unreadable: {e}")),
        }
    }
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = inner.source();
    }
    parts.join(": ")
}

fn classify(error: &reqwest::Error) -> FetchFailure {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(inner) = source {
        if let Some(refused) = inner.downcast_ref::<ResolveRefusal>() {
            return match refused {
                ResolveRefusal::Private(what) => FetchFailure::PrivateAddress(what.clone()),
                ResolveRefusal::Lookup(why) => FetchFailure::Dns(why.clone()),
            };
        }
        source = inner.source();
    }
    let chain = error_chain(error);
    let lower = chain.to_lowercase();
    if error.is_timeout() {
        FetchFailure::Timeout
    } else if [
        "tls",
        "certificate",
        "handshake",
        "corrupt message",
        "invalidcontenttype",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        FetchFailure::Tls(chain)
    } else if error.is_body() || error.is_decode() {
        FetchFailure::Body(chain)
    } else {
        FetchFailure::Connect(chain)
    }
}

/// Whether an address is one the crawler must not reach: loopback, private,
/// link-local, shared, unspecified, multicast or broadcast.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b))
                || a == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

#[derive(Debug)]
enum ResolveRefusal {
    Private(String),
    Lookup(String),
}

impl fmt::Display for ResolveRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveRefusal::Private(what) => {
                write!(f, "{what} resolves to a private or loopback address")
            }
            ResolveRefusal::Lookup(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for ResolveRefusal {}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// DNS through the system resolver, refusing names that lead to private or
/// loopback addresses — checked here, after resolution, so no name can point the
/// crawler inside the network it runs on.
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let refuse = |why: ResolveRefusal| -> BoxError { Box::new(why) };
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| refuse(ResolveRefusal::Lookup(format!("{host}: {e}"))))?
                .collect();
            if addrs.is_empty() {
                return Err(refuse(ResolveRefusal::Lookup(format!(
                    "{host}: no addresses"
                ))));
            }
            if !allow_private && addrs.iter().any(|a| is_private(a.ip())) {
                return Err(refuse(ResolveRefusal::Private(host)));
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "93.184.216.34", "2606:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
