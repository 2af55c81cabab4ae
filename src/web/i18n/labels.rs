//! The words for the directory's codes (kinds, peer roles, facet values, statuses,
//! kinds of source…) in each language. The codes themselves stay the same in URLs,
//! the API and exports; only what a person reads changes.

use super::Lang;
use crate::coverage::CountyShade;
use crate::evidence::{EvidenceAge, ProgramStatus, SourceKind};
use crate::index::FacetDim;
use crate::model::{Confidence, PeerRole, ServiceKind, VerificationMethod};
use crate::reports::ReportReason;

/// "Peer respite" / "Casa de respiro entre pares".
pub fn kind(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::PeerRespite => "kind.peer_respite",
        ServiceKind::Warmline => "kind.warmline",
        ServiceKind::MobileTeam => "kind.mobile_team",
        ServiceKind::CrisisStabilization => "kind.crisis_stabilization",
        ServiceKind::LivingRoom => "kind.living_room",
        ServiceKind::SoteriaHouse => "kind.soteria_house",
        ServiceKind::CrisisResidential => "kind.crisis_residential",
        ServiceKind::DropInCenter => "kind.drop_in_center",
        ServiceKind::CrisisLine => "kind.crisis_line",
        ServiceKind::TextLine => "kind.text_line",
        ServiceKind::ChatLine => "kind.chat_line",
    })
}

/// The kind in the plural, lower-case, for sentences ("peer respites").
pub fn kind_plural(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::PeerRespite => "kind_plural.peer_respite",
        ServiceKind::Warmline => "kind_plural.warmline",
        ServiceKind::MobileTeam => "kind_plural.mobile_team",
        ServiceKind::CrisisStabilization => "kind_plural.crisis_stabilization",
        ServiceKind::LivingRoom => "kind_plural.living_room",
        ServiceKind::SoteriaHouse => "kind_plural.soteria_house",
        ServiceKind::CrisisResidential => "kind_plural.crisis_residential",
        ServiceKind::DropInCenter => "kind_plural.drop_in_center",
        ServiceKind::CrisisLine => "kind_plural.crisis_line",
        ServiceKind::TextLine => "kind_plural.text_line",
        ServiceKind::ChatLine => "kind_plural.chat_line",
    })
}

/// The kind with an article, lower-case, for "a program names the county …" ("a
/// mobile crisis team" / "un equipo móvil de crisis").
pub fn kind_with_article(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::PeerRespite => "kind_one.peer_respite",
        ServiceKind::Warmline => "kind_one.warmline",
        ServiceKind::MobileTeam => "kind_one.mobile_team",
        ServiceKind::CrisisStabilization => "kind_one.crisis_stabilization",
        ServiceKind::LivingRoom => "kind_one.living_room",
        ServiceKind::SoteriaHouse => "kind_one.soteria_house",
        ServiceKind::CrisisResidential => "kind_one.crisis_residential",
        ServiceKind::DropInCenter => "kind_one.drop_in_center",
        ServiceKind::CrisisLine => "kind_one.crisis_line",
        ServiceKind::TextLine => "kind_one.text_line",
        ServiceKind::ChatLine => "kind_one.chat_line",
    })
}

/// "No peer respite listed in this state."
pub fn kind_none_listed(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::PeerRespite => "kind_none.peer_respite",
        ServiceKind::Warmline => "kind_none.warmline",
        ServiceKind::MobileTeam => "kind_none.mobile_team",
        ServiceKind::CrisisStabilization => "kind_none.crisis_stabilization",
        ServiceKind::LivingRoom => "kind_none.living_room",
        ServiceKind::SoteriaHouse => "kind_none.soteria_house",
        ServiceKind::CrisisResidential => "kind_none.crisis_residential",
        ServiceKind::DropInCenter => "kind_none.drop_in_center",
        ServiceKind::CrisisLine => "kind_none.crisis_line",
        ServiceKind::TextLine => "kind_none.text_line",
        ServiceKind::ChatLine => "kind_none.chat_line",
    })
}

/// A peer role in words.
pub fn peer_role(lang: Lang, role: PeerRole) -> &'static str {
    lang.tr(match role {
        PeerRole::PeerRun => "peer_role.peer_run",
        PeerRole::PeerInvolved => "peer_role.peer_involved",
        PeerRole::NotPeer => "peer_role.not_peer",
        PeerRole::Unknown => "peer_role.unknown",
    })
}

/// The name of a facet: "Kind", "Who it is for" / "Tipo", "Para quién es".
pub fn facet(lang: Lang, dim: FacetDim) -> &'static str {
    lang.tr(match dim {
        FacetDim::Kind => "facet.kind",
        FacetDim::State => "facet.state",
        FacetDim::PeerRole => "facet.peer_role",
        FacetDim::Open => "facet.open",
        FacetDim::Cost => "facet.cost",
        FacetDim::Ages => "facet.ages",
        FacetDim::Populations => "facet.populations",
        FacetDim::Languages => "facet.languages",
        FacetDim::Access => "facet.access",
        FacetDim::Status => "facet.status",
        FacetDim::Evidence => "facet.evidence",
    })
}

/// One value of a facet as a person reads it; a value without words of its own
/// (a state code) is shown as it is.
pub fn facet_value(lang: Lang, dim: FacetDim, value: &str) -> String {
    let key = match dim {
        FacetDim::Kind => {
            return ServiceKind::from_slug(value)
                .map_or(value.to_string(), |k| kind(lang, k).to_string())
        }
        FacetDim::PeerRole => {
            return PeerRole::from_slug(value)
                .map_or(value.to_string(), |r| peer_role(lang, r).to_string())
        }
        FacetDim::Status => {
            return ProgramStatus::from_slug(value)
                .map_or(value.to_string(), |s| status(lang, s).to_string())
        }
        FacetDim::Evidence => {
            return EvidenceAge::ALL
                .into_iter()
                .find(|e| e.slug() == value)
                .map_or(value.to_string(), |e| evidence_age(lang, e).to_string())
        }
        FacetDim::State if value == "US" => "value.state.national",
        FacetDim::State => return value.to_string(),
        FacetDim::Open => match value {
            "24_7" => "value.open.24_7",
            "now" => "value.open.now",
            _ => return value.to_string(),
        },
        FacetDim::Cost => match value {
            "free" => "value.cost.free",
            "regardless_of_ability_to_pay" => "value.cost.regardless_of_ability_to_pay",
            _ => return value.to_string(),
        },
        FacetDim::Ages => match value {
            "youth" => "value.ages.youth",
            "adults" => "value.ages.adults",
            "older_adults" => "value.ages.older_adults",
            "all_ages" => "value.ages.all_ages",
            _ => return value.to_string(),
        },
        FacetDim::Populations => match value {
            "veterans" => "value.populations.veterans",
            "lgbtq" => "value.populations.lgbtq",
            "youth" => "value.populations.youth",
            "older_adults" => "value.populations.older_adults",
            "postpartum" => "value.populations.postpartum",
            "deaf" => "value.populations.deaf",
            "native" => "value.populations.native",
            "substance_use" => "value.populations.substance_use",
            _ => return value.to_string(),
        },
        FacetDim::Languages => match value {
            "spanish" => "value.languages.spanish",
            "vietnamese" => "value.languages.vietnamese",
            "mandarin" => "value.languages.mandarin",
            "cantonese" => "value.languages.cantonese",
            "chinese" => "value.languages.chinese",
            "korean" => "value.languages.korean",
            "tagalog" => "value.languages.tagalog",
            "russian" => "value.languages.russian",
            "arabic" => "value.languages.arabic",
            "somali" => "value.languages.somali",
            "hmong" => "value.languages.hmong",
            "haitian_creole" => "value.languages.haitian_creole",
            "portuguese" => "value.languages.portuguese",
            "american_sign_language" => "value.languages.american_sign_language",
            _ => return value.to_string(),
        },
        FacetDim::Access => match value {
            "walk_in" => "value.access.walk_in",
            "call_first" => "value.access.call_first",
            "self_referral" => "value.access.self_referral",
            "referral" => "value.access.referral",
            "dispatch" => "value.access.dispatch",
            _ => return value.to_string(),
        },
    };
    lang.tr(key).to_string()
}

/// A program status in words.
pub fn status(lang: Lang, status: ProgramStatus) -> &'static str {
    lang.tr(match status {
        ProgramStatus::Active => "status.active",
        ProgramStatus::Uncertain => "status.uncertain",
        ProgramStatus::Closed => "status.closed",
    })
}

/// How old the evidence is, in words.
pub fn evidence_age(lang: Lang, age: EvidenceAge) -> &'static str {
    lang.tr(match age {
        EvidenceAge::Recent => "evidence_age.recent",
        EvidenceAge::Old => "evidence_age.old",
        EvidenceAge::Undated => "evidence_age.undated",
    })
}

/// "the program's own page" / "la página del propio programa".
pub fn source_kind(lang: Lang, kind: SourceKind) -> &'static str {
    lang.tr(match kind {
        SourceKind::Program => "source_kind.program",
        SourceKind::Operator => "source_kind.operator",
        SourceKind::Government => "source_kind.government",
        SourceKind::Directory => "source_kind.directory",
        SourceKind::News => "source_kind.news",
        SourceKind::Report => "source_kind.report",
        SourceKind::Copy => "source_kind.copy",
    })
}

/// How a listing was checked, in words.
pub fn verification(lang: Lang, method: VerificationMethod) -> &'static str {
    lang.tr(match method {
        VerificationMethod::DeskReview => "verification.desk_review",
        VerificationMethod::Phone => "verification.phone",
        VerificationMethod::ConfirmedByProgram => "verification.confirmed_by_program",
        VerificationMethod::OfficialDirectory => "verification.official_directory",
        VerificationMethod::Crawl => "verification.crawl",
    })
}

/// How sure the listing is, in words.
pub fn confidence(lang: Lang, confidence: Confidence) -> &'static str {
    lang.tr(match confidence {
        Confidence::High => "confidence.high",
        Confidence::Medium => "confidence.medium",
        Confidence::Low => "confidence.low",
    })
}

/// Why a problem was reported, in words.
pub fn report_reason(lang: Lang, reason: ReportReason) -> &'static str {
    lang.tr(match reason {
        ReportReason::WrongPhone => "report_reason.wrong_phone",
        ReportReason::WrongHours => "report_reason.wrong_hours",
        ReportReason::Closed => "report_reason.closed",
        ReportReason::Other => "report_reason.other",
    })
}

/// What a county's shade on the map means, in words.
pub fn county_shade(lang: Lang, shade: CountyShade) -> &'static str {
    lang.tr(match shade {
        CountyShade::MobileTeam => "county_shade.mobile",
        CountyShade::PeerRun => "county_shade.peer",
        CountyShade::Other => "county_shade.other",
        CountyShade::Nothing => "county_shade.none",
    })
}

/// A state's name: the gazetteer's in English, the usual Spanish name in Spanish
/// ("Nueva York", "Carolina del Norte"); "US" is the whole country.
pub fn state_name(lang: Lang, code: &str, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Es => {
            crate::geo::spanish_state_name(code).map_or(english.to_string(), str::to_string)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English labels on pages are the ones the API, CLI and exports use.
    #[test]
    fn english_labels_are_the_models_own() {
        for k in ServiceKind::ALL {
            assert_eq!(kind(Lang::En, k), k.label());
        }
        for r in PeerRole::ALL {
            assert_eq!(peer_role(Lang::En, r), r.label());
        }
        for dim in FacetDim::ALL {
            assert_eq!(facet(Lang::En, dim), dim.label(), "{dim:?}");
            for value in dim.known_values() {
                assert_eq!(
                    facet_value(Lang::En, dim, value),
                    dim.value_label(value),
                    "{dim:?} {value}"
                );
            }
        }
        for s in ProgramStatus::ALL {
            assert_eq!(status(Lang::En, s), s.label());
        }
        for e in EvidenceAge::ALL {
            assert_eq!(evidence_age(Lang::En, e), e.label());
        }
        for s in SourceKind::ALL {
            assert_eq!(source_kind(Lang::En, s), s.label());
        }
        for m in VerificationMethod::ALL {
            assert_eq!(verification(Lang::En, m), m.label());
        }
        for r in ReportReason::ALL {
            assert_eq!(report_reason(Lang::En, r), r.label());
        }
        for s in CountyShade::ALL {
            assert_eq!(county_shade(Lang::En, s), s.label());
        }
    }

    /// Every code has Spanish words (not the code, not the English label).
    #[test]
    fn every_value_has_its_own_spanish_label() {
        for dim in FacetDim::ALL {
            assert_ne!(facet(Lang::Es, dim), facet(Lang::En, dim), "{dim:?}");
            for value in dim.known_values() {
                let spanish = facet_value(Lang::Es, dim, value);
                assert_ne!(spanish, value, "{dim:?} {value}");
            }
        }
    }
}
