//! "What to expect when you call", per kind of program, in our own words: who
//! answers, whether emergency services may come, what it costs. General to the
//! kind, never a claim about one program; each program's own facts are on its page.

use crate::model::ServiceKind;
use crate::web::i18n::Lang;

/// One line for a result card.
pub fn short(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::Warmline => "expect.short.warmline",
        ServiceKind::PeerRespite => "expect.short.peer_respite",
        ServiceKind::MobileTeam => "expect.short.mobile_team",
        ServiceKind::CrisisStabilization => "expect.short.crisis_stabilization",
        ServiceKind::LivingRoom => "expect.short.living_room",
        ServiceKind::SoteriaHouse => "expect.short.soteria_house",
        ServiceKind::CrisisResidential => "expect.short.crisis_residential",
        ServiceKind::DropInCenter => "expect.short.drop_in_center",
        ServiceKind::CrisisLine => "expect.short.crisis_line",
        ServiceKind::TextLine => "expect.short.text_line",
        ServiceKind::ChatLine => "expect.short.chat_line",
    })
}

/// A few sentences for the program page.
pub fn full(lang: Lang, kind: ServiceKind) -> &'static str {
    lang.tr(match kind {
        ServiceKind::Warmline => "expect.full.warmline",
        ServiceKind::PeerRespite => "expect.full.peer_respite",
        ServiceKind::MobileTeam => "expect.full.mobile_team",
        ServiceKind::CrisisStabilization => "expect.full.crisis_stabilization",
        ServiceKind::LivingRoom => "expect.full.living_room",
        ServiceKind::SoteriaHouse => "expect.full.soteria_house",
        ServiceKind::CrisisResidential => "expect.full.crisis_residential",
        ServiceKind::DropInCenter => "expect.full.drop_in_center",
        ServiceKind::CrisisLine => "expect.full.crisis_line",
        ServiceKind::TextLine => "expect.full.text_line",
        ServiceKind::ChatLine => "expect.full.chat_line",
    })
}
