//! What each model is, in our own words: how it differs from an emergency room or
//! an inpatient stay, who runs it, and what "peer-run" means here.

use maud::{html, Markup};

use super::{layout, PageContext};
use crate::model::ServiceKind;
use crate::web::i18n::{labels, Lang};

/// (what it is, how it differs from the ER or a ward, who runs it)
fn description(lang: Lang, kind: ServiceKind) -> (&'static str, &'static str, &'static str) {
    let (what, differs, who) = match kind {
        ServiceKind::PeerRespite => (
            "models.peer_respite.what",
            "models.peer_respite.differs",
            "models.peer_respite.who",
        ),
        ServiceKind::Warmline => (
            "models.warmline.what",
            "models.warmline.differs",
            "models.warmline.who",
        ),
        ServiceKind::MobileTeam => (
            "models.mobile_team.what",
            "models.mobile_team.differs",
            "models.mobile_team.who",
        ),
        ServiceKind::CrisisStabilization => (
            "models.crisis_stabilization.what",
            "models.crisis_stabilization.differs",
            "models.crisis_stabilization.who",
        ),
        ServiceKind::LivingRoom => (
            "models.living_room.what",
            "models.living_room.differs",
            "models.living_room.who",
        ),
        ServiceKind::SoteriaHouse => (
            "models.soteria_house.what",
            "models.soteria_house.differs",
            "models.soteria_house.who",
        ),
        ServiceKind::CrisisResidential => (
            "models.crisis_residential.what",
            "models.crisis_residential.differs",
            "models.crisis_residential.who",
        ),
        ServiceKind::DropInCenter => (
            "models.drop_in_center.what",
            "models.drop_in_center.differs",
            "models.drop_in_center.who",
        ),
        ServiceKind::CrisisLine => (
            "models.crisis_line.what",
            "models.crisis_line.differs",
            "models.crisis_line.who",
        ),
        ServiceKind::TextLine => (
            "models.text_line.what",
            "models.text_line.differs",
            "models.text_line.who",
        ),
        ServiceKind::ChatLine => (
            "models.chat_line.what",
            "models.chat_line.differs",
            "models.chat_line.who",
        ),
    };
    (lang.tr(what), lang.tr(differs), lang.tr(who))
}

/// Reports the pages draw on: (title key, address). The titles are English
/// publications; the Spanish page says so.
const REPORTS: [(&str, &str); 2] = [
    (
        "models.report_bazelon",
        "https://power2u.org/bazelon-centers-report-on-the-benefits-of-peer-supports-in-crisis-services/",
    ),
    (
        "models.report_pref",
        "https://www.peerrespite.net/pref",
    ),
];

pub fn render_all(ctx: &PageContext, counts: &std::collections::BTreeMap<String, u64>) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("models.title"),
        html! {
            h1 { (lang.tr("models.heading")) }
            p { (lang.tr("models.peer_run_definition")) }
            ul.models {
                @for kind in ServiceKind::ALL {
                    @let (what, _, _) = description(lang, kind);
                    li {
                        h2 { a href=(ctx.href(&format!("/models/{}", kind.slug()))) { (labels::kind(lang, kind)) } }
                        p { (what) }
                        a href={ (ctx.href("/search")) "?kind=" (kind.slug()) } { (lang.trf("models.listed", &[("count", &counts.get(kind.slug()).copied().unwrap_or(0))])) }
                    }
                }
            }
            (reports(lang))
        },
    )
}

pub fn render_one(ctx: &PageContext, kind: ServiceKind, count: u64) -> Markup {
    let lang = ctx.lang;
    let (what, differs, who) = description(lang, kind);
    layout(
        ctx,
        labels::kind(lang, kind),
        html! {
            p { a href=(ctx.href("/models")) { (lang.tr("models.all")) } }
            h1 { (labels::kind(lang, kind)) }
            h2 { (lang.tr("models.what_it_is")) } p { (what) }
            h2 { (lang.tr("models.how_it_differs")) } p { (differs) }
            h2 { (lang.tr("models.who_runs_it")) } p { (who) }
            h2 { (lang.tr("models.peer_run_heading")) } p { (lang.tr("models.peer_run_definition")) }
            p {
                a href={ (ctx.href("/search")) "?kind=" (kind.slug()) } { (lang.trf("home.see_listed", &[("count", &count)])) }
                " · "
                a href={ (ctx.href("/states")) "?kind=" (kind.slug()) } { (lang.tr("models.map_by_state")) }
            }
            (reports(lang))
        },
    )
}

fn reports(lang: Lang) -> Markup {
    html! {
        h2 { (lang.tr("models.further_reading")) }
        @if lang == Lang::Es { p.meta { (lang.tr("models.reading_in_english")) } }
        ul { @for (title, url) in REPORTS { li { a href=(url) rel="noreferrer" hreflang="en" { (lang.tr(title)) } } } }
    }
}
