//! What people type, as the index understands it: the phrases of
//! `seed-data/synonyms.toml` (`synonyms`) and the words the directory uses, for
//! "did you mean" (`vocabulary`).

pub mod synonyms;
pub mod vocabulary;
