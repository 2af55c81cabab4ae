//! Checking a generation before it is put in service.
//!
//! Opening a tantivy index reads only its headers: a generation with garbled fast
//! fields or a damaged doc store opens fine and then fails (or panics) on the
//! first search that touches the bad bytes. So a generation is accepted only after
//! every segment's fast-field columns and stored documents have been read once and
//! a search has run; a panic anywhere in that is caught and turned into an error,
//! so the caller (the server's watcher, or start-up) keeps what it has.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use tantivy::schema::FieldEntry;
use tantivy::{SegmentReader, TantivyDocument};

use super::catalog::Catalog;
use super::IndexError;

/// Open the generation at `path` and read all of it once; a panic while doing so
/// is an error, never an unwinding thread.
pub fn open_verified(path: &Path) -> Result<Catalog, IndexError> {
    catch_panic(|| {
        let catalog = Catalog::open(path)?;
        verify(&catalog)?;
        Ok(catalog)
    })
}

/// Read every fast-field value and every stored document of every segment, then
/// run the default search, so damage shows now rather than under a person's search.
pub fn verify(catalog: &Catalog) -> Result<(), IndexError> {
    let searcher = catalog.searcher();
    let schema = catalog.index().schema();
    for segment in searcher.segment_readers() {
        for (_, entry) in schema.fields() {
            read_fast_field(segment, entry)?;
        }
        read_stored_documents(segment)?;
    }
    super::search(catalog, &super::SearchRequest::default())?;
    Ok(())
}

fn read_fast_field(segment: &SegmentReader, entry: &FieldEntry) -> Result<(), IndexError> {
    if !entry.is_fast() {
        return Ok(());
    }
    let damaged = |e: &dyn std::fmt::Display| {
        IndexError::Corrupt(format!("fast field {:?}: {e}", entry.name()))
    };
    let handles = segment
        .fast_fields()
        .dynamic_column_handles(entry.name())
        .map_err(|e| damaged(&e))?;
    for handle in handles {
        let Some(column) = handle.open_u64_lenient().map_err(|e| damaged(&e))? else {
            continue;
        };
        for doc in 0..segment.max_doc() {
            column.values_for_doc(doc).for_each(drop);
        }
    }
    Ok(())
}

fn read_stored_documents(segment: &SegmentReader) -> Result<(), IndexError> {
    let store = segment
        .get_store_reader(1)
        .map_err(|e| IndexError::Corrupt(format!("doc store: {e}")))?;
    for document in store.iter::<TantivyDocument>(segment.alive_bitset()) {
        document.map_err(|e| IndexError::Corrupt(format!("doc store: {e}")))?;
    }
    Ok(())
}

/// Run `work`, turning a panic into `IndexError::Corrupt` with its message.
pub fn catch_panic<T>(work: impl FnOnce() -> Result<T, IndexError>) -> Result<T, IndexError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(IndexError::Corrupt(format!(
            "panicked while reading: {message}"
        )))
    })
}
