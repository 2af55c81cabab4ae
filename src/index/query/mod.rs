//! What this crate's own tantivy queries share: values kept per segment of one
//! generation, and explaining a match by moving a scorer onto the document.

pub mod area;
pub mod driven;
pub mod exact;
pub mod expand;

use tantivy::index::SegmentId;
use tantivy::query::{Explanation, Scorer};
use tantivy::{DocId, TantivyError};

/// One value per segment of a generation, found by segment id (a generation has
/// a handful of segments, so a list is quicker than a map).
#[derive(Debug)]
pub struct PerSegment<T>(Vec<(SegmentId, T)>);

impl<T> PerSegment<T> {
    pub fn get(&self, segment: SegmentId) -> Option<&T> {
        self.0
            .iter()
            .find(|(id, _)| *id == segment)
            .map(|(_, value)| value)
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, value)| value)
    }
}

impl<T> FromIterator<(SegmentId, T)> for PerSegment<T> {
    fn from_iter<I: IntoIterator<Item = (SegmentId, T)>>(values: I) -> Self {
        PerSegment(values.into_iter().collect())
    }
}

/// The score `scorer` gives `doc`, named `name`; an error when it does not match.
pub fn explain_by_seeking(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    name: &'static str,
) -> tantivy::Result<Explanation> {
    if scorer.doc() <= doc && scorer.seek(doc) == doc {
        Ok(Explanation::new(name, scorer.score()))
    } else {
        Err(TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )))
    }
}
