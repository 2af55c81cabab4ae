//! Open Referral HSDS 3.0, both ways: Peerway programs as HSDS services (with a
//! published Peerway taxonomy), bulk exports as canonical JSON or a Tabular Data
//! Package, and import of HSDS data into seed records — the same code path the
//! crawler's HSDS extractor uses.
//!
//! HSDS has no field for some of what Peerway keeps (kind, peer role, sources,
//! confidence, the verification method, the IANA zone). Those travel as
//! `attribute`s whose taxonomy terms are Peerway's own, and the verification method
//! as `metadata`, so an export imports back without loss.

pub mod directory;
mod error;
pub mod import;
pub mod into_seed;
pub mod service;
pub mod tabular;
pub mod taxonomy;

pub use directory::Directory;
use uuid::Uuid;

/// The HSDS version served and exported.
pub const HSDS_VERSION: &str = "3.0";
/// Where HSDS 3.0 is described (the profile of this API is the base specification).
pub const PROFILE_URI: &str = "https://docs.openreferral.org/en/v3.0/";

/// A stable HSDS id (UUID v5) for anything Peerway names by a key.
pub fn stable_id(kind: &str, key: &str) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("peerway:{kind}:{key}").as_bytes(),
    )
    .to_string()
}

/// The canonical nested HSDS export (`peerway export --format hsds-json`): every
/// service in full, with the taxonomy, dated and credited.
pub fn nested_document(
    programs: &[crate::model::Program],
    geo: &crate::geo::Geo,
    now: chrono::DateTime<chrono::Utc>,
) -> serde_json::Value {
    serde_json::json!({
        "hsds_version": HSDS_VERSION,
        "generated_at": now.to_rfc3339(),
        "credit": crate::export::DATA_CREDIT,
        "taxonomies": taxonomy::taxonomies(),
        "taxonomy_terms": taxonomy::taxonomy_terms(),
        "services": programs.iter().map(|p| service::service(p, geo)).collect::<Vec<_>>(),
    })
}
