//! The home page answers the question Peerway exists for: what are the
//! alternatives to hospitalizing people?

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::{layout, parts, PageContext};
use crate::index::SearchParams;
use crate::model::ServiceKind;
use crate::web::i18n::Lang;

/// Each model in a sentence or two of our own (title and text keys), and the
/// kinds it covers.
const MODELS: [(&str, &str, &[ServiceKind]); 6] = [
    (
        "home.respite_title",
        "home.respite_text",
        &[ServiceKind::PeerRespite],
    ),
    (
        "home.warmline_title",
        "home.warmline_text",
        &[ServiceKind::Warmline],
    ),
    (
        "home.mobile_title",
        "home.mobile_text",
        &[ServiceKind::MobileTeam],
    ),
    (
        "home.stabilization_title",
        "home.stabilization_text",
        &[
            ServiceKind::CrisisStabilization,
            ServiceKind::LivingRoom,
            ServiceKind::DropInCenter,
        ],
    ),
    (
        "home.residential_title",
        "home.residential_text",
        &[ServiceKind::SoteriaHouse, ServiceKind::CrisisResidential],
    ),
    (
        "home.lines_title",
        "home.lines_text",
        &[
            ServiceKind::CrisisLine,
            ServiceKind::TextLine,
            ServiceKind::ChatLine,
        ],
    ),
];

/// The home page; `suggest_spanish` when the browser ranks Spanish first (a link
/// to the Spanish site, never a redirect).
pub fn render(
    ctx: &PageContext,
    kind_counts: &BTreeMap<String, u64>,
    suggest_spanish: bool,
) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("home.title"),
        html! {
            @if suggest_spanish && lang == Lang::En {
                p.notice.lang-suggestion lang="es" {
                    a href=(ctx.in_lang(Lang::Es)) hreflang="es" { (Lang::Es.tr("home.in_spanish")) }
                }
            }
            h1 { (lang.tr("home.question")) }
            p { (lang.tr("home.intro")) }
            (parts::search_form(ctx, &SearchParams::default()))
            h2 { (lang.tr("home.alternatives")) }
            ul.models {
                @for (title, text, kinds) in MODELS {
                    @let count: u64 = kinds.iter().map(|k| kind_counts.get(k.slug()).copied().unwrap_or(0)).sum();
                    @let params = SearchParams {
                        facets: kinds.iter().map(|k| ("kind".to_string(), k.slug().to_string())).collect(),
                        ..SearchParams::default()
                    };
                    li {
                        h3 { (lang.tr(title)) }
                        p { (lang.tr(text)) }
                        a href=(crate::web::links::search_url(lang, &params)) { (lang.trf("home.see_listed", &[("count", &count)])) }
                    }
                }
            }
            p { (lang.tr("home.peer_run")) }
        },
    )
}
