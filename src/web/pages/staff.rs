//! Pages for program staff (`/operator`) and curators (`/curate`): signing in,
//! accepting an invite, a program's panel (confirm, status, beds free, corrections,
//! the bed registry's token), the curators' queue and the audit log. Every form
//! that changes something carries the session's CSRF token.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::{layout_with_css, PageContext};
use crate::model::{LiveStatus, Program};
use crate::store::accounts::{Session, MIN_PASSPHRASE_CHARS};
use crate::store::audit::AuditEntry;
use crate::store::corrections::{Correction, CORRECTABLE_FIELDS};
use crate::store::reports::StoredReport;
use crate::web::i18n::Lang;

/// A message shown at the top of a page after a form was sent.
pub enum Notice<'a> {
    /// It worked.
    Done(&'a str),
    /// It did not; says what to fix.
    Problem(&'a str),
}

/// Every staff page: the site's layout with the staff stylesheet.
fn layout(ctx: &PageContext, title: &str, body: Markup) -> Markup {
    layout_with_css(ctx, title, body, Some(STAFF_CSS_PATH))
}

/// Where the staff pages' stylesheet is served.
pub const STAFF_CSS_PATH: &str = "/static/staff.css";

fn notice(notice: Option<Notice>) -> Markup {
    html! {
        @match notice {
            Some(Notice::Done(text)) => p.notice role="status" { (text) },
            Some(Notice::Problem(text)) => div.error role="alert" { p { (text) } },
            None => {}
        }
    }
}

fn csrf_field(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

/// The hidden field that pairs a sign-in or invite form with the browser's form
/// cookie (those forms come before any session).
fn form_token_field(form_token: &str) -> Markup {
    html! { input type="hidden" name="form_token" value=(form_token); }
}

/// The sign-in form of `/operator` or `/curate` (`base` is the realm's path).
pub fn sign_in(
    ctx: &PageContext,
    base: &str,
    curator: bool,
    problem: Option<&str>,
    form_token: &str,
) -> Markup {
    let lang = ctx.lang;
    let title = if curator {
        lang.tr("staff.curator_sign_in_title")
    } else {
        lang.tr("staff.sign_in_title")
    };
    layout(
        ctx,
        title,
        html! {
            h1 { (title) }
            (notice(problem.map(Notice::Problem)))
            p { (lang.tr("staff.sign_in_intro")) }
            form.staff method="post" action=(ctx.href(&format!("{base}/sign-in"))) {
                (form_token_field(form_token))
                p {
                    label for="login" { (lang.tr("staff.login")) }
                    input #login type="text" name="login" autocomplete="username" required maxlength="40";
                }
                p {
                    label for="passphrase" { (lang.tr("staff.passphrase")) }
                    input #passphrase type="password" name="passphrase" autocomplete="current-password" required maxlength="256";
                }
                p { button type="submit" { (lang.tr("staff.sign_in")) } }
            }
        },
    )
}

/// Choosing a sign-in name and passphrase from an invite link.
pub fn invite(
    ctx: &PageContext,
    base: &str,
    token: &str,
    problem: Option<&str>,
    form_token: &str,
) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("staff.invite_title"),
        html! {
            h1 { (lang.tr("staff.invite_title")) }
            (notice(problem.map(Notice::Problem)))
            p { (lang.trf("staff.invite_intro", &[("min", &MIN_PASSPHRASE_CHARS)])) }
            form.staff method="post" action=(ctx.href(&format!("{base}/invite"))) {
                (form_token_field(form_token))
                input type="hidden" name="token" value=(token);
                p {
                    label for="login" { (lang.tr("staff.login")) }
                    input #login type="text" name="login" autocomplete="username" required minlength="3" maxlength="40";
                }
                p {
                    label for="passphrase" { (lang.tr("staff.new_passphrase")) }
                    input #passphrase type="password" name="passphrase" autocomplete="new-password" required minlength=(MIN_PASSPHRASE_CHARS) maxlength="256";
                }
                p {
                    label for="again" { (lang.tr("staff.passphrase_again")) }
                    input #again type="password" name="again" autocomplete="new-password" required minlength=(MIN_PASSPHRASE_CHARS) maxlength="256";
                }
                p { button type="submit" { (lang.tr("staff.invite_submit")) } }
            }
        },
    )
}

fn sign_out(ctx: &PageContext, base: &str, session: &Session) -> Markup {
    let lang = ctx.lang;
    html! {
        form.inline method="post" action=(ctx.href(&format!("{base}/sign-out"))) {
            (csrf_field(session))
            p {
                (lang.trf("staff.signed_in_as", &[("login", &session.account.login)])) " "
                button type="submit" { (lang.tr("staff.sign_out")) }
            }
        }
    }
}

/// An operator's programs.
pub fn dashboard(
    ctx: &PageContext,
    session: &Session,
    programs: &[Program],
    now: DateTime<Utc>,
) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("staff.dashboard_title"),
        html! {
            h1 { (lang.tr("staff.dashboard_title")) }
            (sign_out(ctx, "/operator", session))
            @if programs.is_empty() {
                p { (lang.tr("staff.no_programs")) }
            } @else {
                ul.staff-programs {
                    @for program in programs {
                        li {
                            a href=(ctx.href(&format!("/operator/programs/{}", program.id))) { (program.name) }
                            " — " (program.place_label())
                            (super::live::live_line(lang, program, now))
                        }
                    }
                }
            }
        },
    )
}

/// The listing as it is now, beside a form or a proposal.
pub fn listing_summary(ctx: &PageContext, program: &Program, now: DateTime<Utc>) -> Markup {
    let lang = ctx.lang;
    html! {
        dl.listing {
            dt { (lang.tr("staff.field_name")) }
            dd { a href=(ctx.href(&format!("/programs/{}", program.id))) { (program.name) } }
            dt { (lang.tr("staff.field_phone")) }
            dd {
                @for (i, phone) in program.contact.phones.iter().enumerate() {
                    @if i > 0 { ", " }
                    (phone.display)
                }
            }
            dt { (lang.tr("staff.field_website")) }
            dd { (program.contact.website.as_deref().unwrap_or("—")) }
            dt { (lang.tr("staff.field_hours")) }
            dd lang="en" { (program.hours.text()) }
            dt { (lang.tr("staff.field_address")) }
            dd { (program.address.street) " " (program.place_label()) " " (program.address.zip) }
            dt { (lang.tr("staff.field_verified")) }
            dd { (program.verified.date) " · " (crate::web::i18n::labels::verification(lang, program.verified.method)) }
        }
        (super::live::live_line(lang, program, now))
    }
}

/// What a program panel shows besides the forms.
pub struct PanelView<'a> {
    /// The program.
    pub program: &'a Program,
    /// Whether it has beds (respites, stabilization centres).
    pub has_beds: bool,
    /// When its bed registry token was made, if it has one.
    pub token_made_at: Option<DateTime<Utc>>,
    /// A token just made: shown this once.
    pub new_token: Option<&'a str>,
    /// After a form.
    pub notice: Option<Notice<'a>>,
    /// The moment shown.
    pub now: DateTime<Utc>,
}

/// One program's panel for its staff.
pub fn program_panel(ctx: &PageContext, session: &Session, view: PanelView) -> Markup {
    let lang = ctx.lang;
    let program = view.program;
    let base = format!("/operator/programs/{}", program.id);
    let action = |what: &str| ctx.href(&format!("{base}/{what}"));
    let current_status = program
        .live
        .as_ref()
        .and_then(|l| l.status)
        .unwrap_or(LiveStatus::Open);
    let availability = program.live.as_ref().and_then(|l| l.availability.as_ref());
    layout(
        ctx,
        &program.name,
        html! {
            h1 { (program.name) }
            (sign_out(ctx, "/operator", session))
            p { a href=(ctx.href("/operator")) { (lang.tr("staff.back_to_programs")) } }
            (notice(view.notice))
            @if let Some(token) = view.new_token {
                div.notice role="status" {
                    p { (lang.tr("staff.token_once")) }
                    p { code.token { (token) } }
                }
            }
            h2 { (lang.tr("staff.listing_now")) }
            (listing_summary(ctx, program, view.now))
            h2 { (lang.tr("staff.confirm_title")) }
            form.staff method="post" action=(action("confirm")) {
                (csrf_field(session))
                p { (lang.tr("staff.confirm_intro")) }
                p { button type="submit" { (lang.tr("staff.confirm_button")) } }
            }
            h2 { (lang.tr("staff.status_title")) }
            form.staff method="post" action=(action("status")) {
                (csrf_field(session))
                fieldset {
                    legend { (lang.tr("staff.status_legend")) }
                    @for status in LiveStatus::ALL {
                        p {
                            input type="radio" name="status" id=(format!("status-{}", status.slug())) value=(status.slug()) checked[status == current_status];
                            " "
                            label for=(format!("status-{}", status.slug())) { (status_label(lang, status)) }
                        }
                    }
                }
                p { button type="submit" { (lang.tr("staff.save_status")) } }
            }
            @if view.has_beds {
                h2 { (lang.tr("staff.beds_title")) }
                form.staff method="post" action=(action("availability")) {
                    (csrf_field(session))
                    p {
                        label for="beds_free" { (lang.tr("staff.beds_free")) }
                        input #beds_free type="number" name="beds_free" min="0" max="500" inputmode="numeric"
                            value=[availability.and_then(|a| a.beds_free)];
                    }
                    p {
                        label for="beds_total" { (lang.tr("staff.beds_total")) }
                        input #beds_total type="number" name="beds_total" min="0" max="500" inputmode="numeric"
                            value=[availability.and_then(|a| a.beds_total)];
                    }
                    p {
                        input #accepting type="checkbox" name="accepting_guests" value="1" checked[availability.is_some_and(|a| a.accepting_guests)];
                        " "
                        label for="accepting" { (lang.tr("staff.accepting")) }
                    }
                    p {
                        input #waitlist type="checkbox" name="waitlist" value="1" checked[availability.is_some_and(|a| a.waitlist)];
                        " "
                        label for="waitlist" { (lang.tr("staff.waitlist")) }
                    }
                    p {
                        label for="expires_hours" { (lang.tr("staff.expires_hours")) }
                        input #expires_hours type="number" name="expires_hours" min="1" max="168" value="24" inputmode="numeric";
                    }
                    p { button type="submit" { (lang.tr("staff.save_beds")) } }
                }
            }
            h2 { (lang.tr("staff.correction_title")) }
            form.staff method="post" action=(action("correction")) {
                (csrf_field(session))
                p { (lang.tr("staff.correction_intro")) }
                p {
                    label for="field" { (lang.tr("staff.correction_field")) }
                    select #field name="field" {
                        @for field in CORRECTABLE_FIELDS {
                            option value=(field) { (field_label(lang, field)) }
                        }
                    }
                }
                p {
                    label for="value" { (lang.tr("staff.correction_value")) }
                    input #value type="text" name="value" maxlength="1000" required;
                }
                p {
                    label for="note" { (lang.tr("staff.correction_note")) }
                    textarea #note name="note" maxlength="1000" rows="3" {}
                }
                p { button type="submit" { (lang.tr("staff.correction_submit")) } }
            }
            @if view.has_beds {
                h2 { (lang.tr("staff.token_title")) }
                form.staff method="post" action=(action("token")) {
                    (csrf_field(session))
                    p { (lang.tr("staff.token_intro")) }
                    @if let Some(made) = view.token_made_at {
                        p { (lang.trf("staff.token_exists", &[("date", &made.format("%Y-%m-%d %H:%M UTC"))])) }
                    }
                    p { button type="submit" { (lang.tr("staff.token_button")) } }
                }
            }
        },
    )
}

/// A status in words.
pub fn status_label(lang: Lang, status: LiveStatus) -> &'static str {
    match status {
        LiveStatus::Open => lang.tr("staff.status_open"),
        LiveStatus::TemporarilyClosed => lang.tr("staff.status_temporarily_closed"),
        LiveStatus::Closed => lang.tr("staff.status_closed"),
    }
}

/// A correctable field in words.
pub fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "phone" => lang.tr("staff.field_phone"),
        "website" => lang.tr("staff.field_website"),
        "hours" => lang.tr("staff.field_hours"),
        "address" => lang.tr("staff.field_address"),
        _ => lang.tr("staff.field_other"),
    }
}

/// A crawl proposal as a curator reads it.
pub struct ProposalView {
    /// Its id, as `crawl --accept` takes it.
    pub id: String,
    /// The program it is for, if it is a change to one.
    pub program: Option<Program>,
    /// What it proposes, in words.
    pub text: String,
}

/// Everything waiting for a curator.
pub struct QueueView<'a> {
    /// Open problem reports, each with its program.
    pub reports: &'a [(StoredReport, Option<Program>)],
    /// Open corrections, each with its program.
    pub corrections: &'a [(Correction, Option<Program>)],
    /// Crawl proposals.
    pub proposals: &'a [ProposalView],
    /// After a decision.
    pub notice: Option<Notice<'a>>,
    /// The moment shown.
    pub now: DateTime<Utc>,
}

fn decide_buttons(ctx: &PageContext, session: &Session, action: &str, accept: bool) -> Markup {
    let lang = ctx.lang;
    html! {
        form.inline method="post" action=(ctx.href(action)) {
            (csrf_field(session))
            @if accept {
                button type="submit" name="decision" value="accept" { (lang.tr("curate.accept")) }
                " "
            }
            @if accept {
                button type="submit" name="decision" value="reject" { (lang.tr("curate.reject")) }
            } @else {
                // Nothing to write: "handled" records that a curator acted on it.
                button type="submit" name="decision" value="accept" { (lang.tr("curate.done")) }
            }
        }
    }
}

/// The curators' queue.
pub fn queue(ctx: &PageContext, session: &Session, view: QueueView) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("curate.title"),
        html! {
            h1 { (lang.tr("curate.title")) }
            (sign_out(ctx, "/curate", session))
            p { a href=(ctx.href("/curate/audit")) { (lang.tr("curate.audit_link")) } }
            (notice(view.notice))
            h2 { (lang.trn("curate.reports_title", view.reports.len() as u64, &[])) }
            @for (stored, program) in view.reports {
                section.review aria-label=(lang.trf("curate.report_label", &[("id", &stored.id)])) {
                    h3 { (crate::web::i18n::labels::report_reason(lang, stored.report.reason)) " · " (stored.report.received_at.format("%Y-%m-%d")) }
                    @if !stored.report.note.is_empty() { blockquote { (stored.report.note) } }
                    @match program {
                        Some(program) => (listing_summary(ctx, program, view.now)),
                        None => p { (lang.trf("curate.gone", &[("id", &stored.report.program_id)])) },
                    }
                    (decide_buttons(ctx, session, &format!("/curate/reports/{}", stored.id), false))
                }
            }
            h2 { (lang.trn("curate.corrections_title", view.corrections.len() as u64, &[])) }
            @for (correction, program) in view.corrections {
                section.review aria-label=(lang.trf("curate.correction_label", &[("id", &correction.id)])) {
                    h3 { (field_label(lang, &correction.field)) ": " (correction.value) }
                    p { (lang.trf("curate.proposed_by", &[("who", &correction.proposed_by), ("date", &correction.created_at.format("%Y-%m-%d"))])) }
                    @if !correction.note.is_empty() { blockquote { (correction.note) } }
                    @match program {
                        Some(program) => (listing_summary(ctx, program, view.now)),
                        None => p { (lang.trf("curate.gone", &[("id", &correction.program_id)])) },
                    }
                    (decide_buttons(ctx, session, &format!("/curate/corrections/{}", correction.id), correction.field == "phone" || correction.field == "website"))
                }
            }
            h2 { (lang.trn("curate.proposals_title", view.proposals.len() as u64, &[])) }
            @for proposal in view.proposals {
                section.review aria-label=(lang.trf("curate.proposal_label", &[("id", &proposal.id)])) {
                    pre.proposal lang="en" { (proposal.text) }
                    @if let Some(program) = &proposal.program {
                        (listing_summary(ctx, program, view.now))
                    }
                    (decide_buttons(ctx, session, &format!("/curate/proposals/{}", proposal.id), true))
                }
            }
        },
    )
}

/// The audit log, newest first.
pub fn audit(ctx: &PageContext, session: &Session, entries: &[AuditEntry]) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("curate.audit_title"),
        html! {
            h1 { (lang.tr("curate.audit_title")) }
            (sign_out(ctx, "/curate", session))
            p {
                a href=(ctx.href("/curate")) { (lang.tr("curate.back")) } " · "
                a href="/curate/audit.jsonl" download { (lang.tr("curate.audit_export")) }
            }
            div.table-wrap tabindex="0" role="region" aria-label=(lang.tr("curate.audit_caption")) {
                table {
                    caption { (lang.tr("curate.audit_caption")) }
                    thead { tr {
                        th scope="col" { (lang.tr("curate.col_when")) }
                        th scope="col" { (lang.tr("curate.col_who")) }
                        th scope="col" { (lang.tr("curate.col_what")) }
                        th scope="col" { (lang.tr("curate.col_program")) }
                        th scope="col" { (lang.tr("curate.col_before")) }
                        th scope="col" { (lang.tr("curate.col_after")) }
                    } }
                    tbody {
                        @for entry in entries {
                            tr {
                                td { (entry.at.format("%Y-%m-%d %H:%M:%S")) }
                                td { (entry.actor) }
                                td { (entry.action) }
                                td { (entry.program_id.as_deref().unwrap_or("")) }
                                td { code { (entry.before.as_deref().unwrap_or("")) } }
                                td { code { (entry.after.as_deref().unwrap_or("")) } }
                            }
                        }
                    }
                }
            }
        },
    )
}
