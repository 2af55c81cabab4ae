//! What can go wrong reading or writing HSDS files. Its own module because both
//! directions use it: `import` (reading JSON and packages) and `tabular` (writing
//! and reading a Tabular Data Package) — neither owns the other.

use thiserror::Error;

/// A problem with one HSDS file, naming the file so a person can find it.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file was read but is not HSDS we understand (bad JSON, a broken CSV).
    #[error("{path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// What could not be understood.
        message: String,
    },
    /// The file could not be read or written at all.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}
