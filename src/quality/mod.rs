//! Data quality over the loaded programs: the rules that catch dangerous or weak data
//! (`rules`) and the figures the data campaign reports (`figures`). Both read validated
//! `Program`s only; `peerway check` prints them, `build` refuses data with errors.

pub mod figures;
pub mod rules;

pub use figures::{figures, Figures};
pub use rules::{check_programs, RuleFinding, Severity};
