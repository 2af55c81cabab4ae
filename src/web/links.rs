//! Building links from a search, so that every state of the results page — a facet
//! chosen, a filter removed, the next page — is a plain, shareable URL, in the
//! page's language.

use super::i18n::Lang;
use crate::index::SearchParams;

/// `/search?…` (or `/es/search?…`) for these parameters.
pub fn search_url(lang: Lang, params: &SearchParams) -> String {
    with_query(&lang.href("/search"), &params.to_pairs())
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

/// Only a local results URL (in either language) may be used as a "back to
/// results" link.
pub fn safe_back_link(back: Option<&str>) -> Option<String> {
    back.filter(|b| {
        (b.starts_with("/search") || b.starts_with("/es/search"))
            && !b.contains("//")
            && b.len() < 2000
    })
    .map(str::to_string)
}
