//! The crawler's on-disk page cache, so an unchanged page is not downloaded again:
//! each URL's body with its `ETag` and `Last-Modified`, sent back as
//! `If-None-Match` / `If-Modified-Since`; a 304 answer reuses the stored body.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What the cache keeps about one URL besides its body: the validators to send back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedPage {
    /// The URL as requested; a stored entry for another URL (a key clash) is ignored.
    pub url: String,
    /// The `ETag` header, sent back as `If-None-Match`.
    #[serde(default)]
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    #[serde(default)]
    pub last_modified: Option<String>,
    /// The `Content-Type` header, kept so a 304 answer still knows the character set.
    #[serde(default)]
    pub content_type: Option<String>,
    /// When the body was downloaded (RFC 3339).
    pub fetched_at: String,
}

/// The cache folder: each URL kept as a JSON entry and a body file, named by a hash of the URL.
#[derive(Debug, Clone)]
pub struct PageCache {
    dir: PathBuf,
    /// A dry run reads the cache but never writes it, so the next real crawl still
    /// downloads and reads what changed.
    read_only: bool,
}

impl PageCache {
    /// A cache in `dir` that is read and written; the folder is made on the first write.
    pub fn new(dir: impl Into<PathBuf>) -> PageCache {
        PageCache {
            dir: dir.into(),
            read_only: false,
        }
    }

    /// A cache that is consulted and never written.
    pub fn read_only(dir: impl Into<PathBuf>) -> PageCache {
        PageCache {
            read_only: true,
            ..PageCache::new(dir)
        }
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes()).simple();
        (
            self.dir.join(format!("{key}.json")),
            self.dir.join(format!("{key}.body")),
        )
    }

    /// What is known about a URL, if its body is still on disk.
    pub fn get(&self, url: &str) -> Option<(CachedPage, Vec<u8>)> {
        let (meta, body) = self.paths(url);
        let page: CachedPage = serde_json::from_slice(&std::fs::read(meta).ok()?).ok()?;
        if page.url != url {
            return None;
        }
        Some((page, std::fs::read(body).ok()?))
    }

    /// Keep a page only when it can be revalidated (it has an ETag or a date).
    pub fn put(&self, page: &CachedPage, body: &[u8]) -> std::io::Result<()> {
        if self.read_only || (page.etag.is_none() && page.last_modified.is_none()) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let (meta, body_path) = self.paths(&page.url);
        write_replacing(&body_path, body)?;
        write_replacing(
            &meta,
            &serde_json::to_vec_pretty(page).expect("cache entries serialize"),
        )
    }
}

fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic::write_file(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_revalidatable_pages_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PageCache::new(dir.path());
        let page = |etag: Option<&str>| CachedPage {
            url: "http://127.0.0.1/a".to_string(),
            etag: etag.map(str::to_string),
            last_modified: None,
            content_type: None,
            fetched_at: "2026-11-28T00:00:00Z".to_string(),
        };
        cache.put(&page(None), b"x").unwrap();
        assert!(cache.get("http://127.0.0.1/a").is_none());
        cache.put(&page(Some("\"v1\"")), b"body").unwrap();
        let (got, body) = cache.get("http://127.0.0.1/a").unwrap();
        assert_eq!(
            (got.etag.as_deref(), body.as_slice()),
            (Some("\"v1\""), &b"body"[..])
        );
        assert!(cache.get("http://127.0.0.1/b").is_none());
    }
}
