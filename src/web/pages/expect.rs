//! "What to expect when you call", per kind of program, in our own words: who
//! answers, whether emergency services may come, what it costs. General to the
//! kind, never a claim about one program; each program's own facts are on its page.

use crate::model::ServiceKind;

/// One line for a result card.
pub fn short(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Warmline => "Someone who has been through hard times themselves usually answers; for talking, not emergencies.",
        ServiceKind::PeerRespite => "A house to stay a few nights, by choice; call first — most talk with you before a stay.",
        ServiceKind::MobileTeam => "A team comes to you; ask whether police come along.",
        ServiceKind::CrisisStabilization => "Usually walk in, or be brought by first responders; stays last hours, up to a day or so.",
        ServiceKind::LivingRoom => "A calm room to walk into, with peer staff; no appointment.",
        ServiceKind::SoteriaHouse => "A home for a first episode of psychosis; call to ask how to be referred.",
        ServiceKind::CrisisResidential => "A short stay outside a hospital, usually by referral.",
        ServiceKind::DropInCenter => "Come in during the day for company and support; no appointment.",
        ServiceKind::CrisisLine => "A trained counselor answers; in immediate danger they may call emergency services.",
        ServiceKind::TextLine => "A trained counselor texts back; in immediate danger they may call emergency services.",
        ServiceKind::ChatLine => "A trained counselor chats online; in immediate danger they may call emergency services.",
    }
}

/// A few sentences for the program page.
pub fn full(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Warmline => "Warmlines are for talking things through before they become a crisis. Most are answered by peers — people with their own experience of mental health struggles — who listen rather than assess. Calls are free. Warmlines rarely involve emergency services, but ask about their confidentiality if that matters to you. Many keep limited hours.",
        ServiceKind::PeerRespite => "A peer respite is a house where you can stay, usually a few nights, with staff who have been through crises themselves. Stays are voluntary and free or low cost in most places. Call first: most ask for a phone conversation before a stay, beds are few, and some serve only their area. It is not a hospital and does not hold anyone against their will.",
        ServiceKind::MobileTeam => "A mobile crisis team comes to where you are — home, street, school — and helps on the spot or connects you to care. Some teams are reached by their own number, others through 988, 911 or a county line. Some come with police and some never do: ask when you call. Most are free.",
        ServiceKind::CrisisStabilization => "A crisis stabilization or receiving center takes people who walk in or are brought by family, friends or first responders, usually at any hour. Staff are mostly clinicians, sometimes with peers. Stays last hours up to a day or so, then you are helped to the next step. Most do not charge at the door.",
        ServiceKind::LivingRoom => "A living room is a calm, home-like space to walk into during a crisis, staffed largely by peers, often with a clinician on hand. No appointment is needed; you stay as long as you need that day.",
        ServiceKind::SoteriaHouse => "A Soteria house is a home where people going through a first episode of psychosis can stay, with a small staff who stay with them through it and use little or no medication. Stays last weeks or months, and places are few: call to ask how referrals work.",
        ServiceKind::CrisisResidential => "Crisis residential programs offer a short stay — days to a few weeks — in a home-like setting instead of a hospital, usually after a referral from a clinician or crisis team. Ask how to be referred and what it costs.",
        ServiceKind::DropInCenter => "A peer drop-in center is a daytime place run by people with their own experience of mental health struggles, for company, support groups and practical help. Come in without an appointment during its hours.",
        ServiceKind::CrisisLine => "A crisis line is answered by trained counselors, usually around the clock. They talk with you about what is happening and what could help. If someone is in immediate danger they may call emergency services; ask about their policy if that worries you. Calls are free.",
        ServiceKind::TextLine => "A crisis text line is answered by trained counselors by text message. If someone is in immediate danger they may contact emergency services. Texts are free; standard message rates may apply on some plans.",
        ServiceKind::ChatLine => "A crisis chat is answered by trained counselors online. If someone is in immediate danger they may contact emergency services.",
    }
}
