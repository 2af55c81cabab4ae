//! Building links from a search, so that every state of the results page — a facet
//! chosen, a filter removed, the next page — is a plain, shareable URL.

use crate::index::SearchParams;

/// `/search?…` for these parameters.
pub fn search_url(params: &SearchParams) -> String {
    with_query("/search", &params.to_pairs())
}

pub fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter())
        .finish();
    format!("{path}?{query}")
}

/// Only a local results URL may be used as a "back to results" link.
pub fn safe_back_link(back: Option<&str>) -> Option<String> {
    back.filter(|b| b.starts_with("/search") && !b.contains("//") && b.len() < 2000)
        .map(str::to_string)
}
