//! Test fixture: a small in-RAM index of synthetic texts, one segment per batch,
//! for the query types that keep per-segment state.

use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::schema::{Field, Schema, TextOptions};
use tantivy::{doc, DocAddress, Index, IndexWriter, Searcher};

/// An index with one text field `name` (indexed with `options`), each batch of
/// texts committed as its own segment; its searcher is checked to see them all.
pub fn segmented_index<S: AsRef<str>>(
    name: &str,
    options: TextOptions,
    batches: &[Vec<S>],
) -> (Searcher, Field) {
    let mut schema = Schema::builder();
    let field = schema.add_text_field(name, options);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for batch in batches {
        for text in batch {
            writer.add_document(doc!(field => text.as_ref())).unwrap();
        }
        writer.commit().unwrap();
    }
    let searcher = index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), batches.len());
    (searcher, field)
}

/// Every document `query` matches, in address order.
pub fn matched_documents(searcher: &Searcher, query: &dyn Query) -> Vec<DocAddress> {
    let mut docs: Vec<DocAddress> = searcher
        .search(query, &DocSetCollector)
        .unwrap()
        .into_iter()
        .collect();
    docs.sort();
    docs
}
