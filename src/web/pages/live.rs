//! What a program's staff said lately, on the public pages: "2 beds free · updated
//! 3 h ago by the program", "Temporarily closed, says the program". Nothing is
//! shown once a count has expired (the store leaves it out).

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use crate::model::{Availability, LiveStatus, Program};
use crate::web::i18n::Lang;

/// The live line of a card or a program page; empty when the program said nothing.
pub fn live_line(lang: Lang, program: &Program, now: DateTime<Utc>) -> Markup {
    let Some(live) = &program.live else {
        return html! {};
    };
    html! {
        @match live.status {
            Some(LiveStatus::TemporarilyClosed) => p.live.live-closed { strong { (lang.tr("live.temporarily_closed")) } },
            Some(LiveStatus::Closed) => p.live.live-closed { strong { (lang.tr("live.closed")) } },
            _ => {}
        }
        @if let Some(availability) = &live.availability {
            @if live.status != Some(LiveStatus::Closed) {
                p.live { strong { (availability_text(lang, availability, now)) } }
            }
        }
    }
}

/// "2 of 6 beds free · accepting guests now · updated 3 h ago by the program".
pub fn availability_text(lang: Lang, availability: &Availability, now: DateTime<Utc>) -> String {
    let mut parts = Vec::new();
    match (availability.beds_free, availability.beds_total) {
        (Some(0), _) => parts.push(lang.tr("live.no_beds").to_string()),
        (Some(free), Some(total)) => {
            parts.push(lang.trf("live.beds_free_of", &[("free", &free), ("total", &total)]))
        }
        (Some(free), None) => parts.push(lang.trn("live.beds_free", u64::from(free), &[])),
        (None, _) => {}
    }
    if availability.accepting_guests {
        parts.push(lang.tr("live.accepting").to_string());
    }
    if availability.waitlist {
        parts.push(lang.tr("live.waitlist").to_string());
    }
    let who = if availability.updated_by == "bed_registry" {
        lang.tr("live.who_registry")
    } else {
        lang.tr("live.who_program")
    };
    let minutes = (now - availability.updated_at).num_minutes().max(0);
    let minutes = u64::try_from(minutes).unwrap_or(0);
    parts.push(if minutes == 0 {
        lang.trf("live.updated_now", &[("who", &who)])
    } else if minutes < 60 {
        lang.trn("live.updated_minutes", minutes, &[("who", &who)])
    } else {
        lang.trn("live.updated_hours", minutes / 60, &[("who", &who)])
    });
    parts.join(" · ")
}
