//! Curators at `/curate`: problem reports, corrections program staff proposed and
//! the crawler's proposals, each beside the listing as it is now. Accepting a
//! correction or a proposal writes the seed file as `peerway crawl --accept` does
//! (in place, re-checked, a temporary file then a rename); every decision records
//! who and when, and the audit log of every change is here to read and download.

use actix_web::http::{header, StatusCode};
use actix_web::web::{self, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};

use super::errors::PageError;
use super::pages::staff::{self as staff_pages, Notice, ProposalView, QueueView};
use super::pages::PageContext;
use super::staff::{html, see_other, store_error, Fields, CURATOR};
use super::AppState;
use crate::store::audit::{self, AuditEntry};
use crate::store::corrections::{Decision, ReviewKind};
use crate::store::live::LiveSnapshot;

/// The audit entries shown on the page (the download has them all).
const AUDIT_SHOWN: usize = 500;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    // One scope: the router checks one prefix for every other request, not each route.
    cfg.service(
        web::scope(CURATOR.base)
            .route("", web::get().to(home))
            .route("/sign-in", web::post().to(sign_in))
            .route("/sign-out", web::post().to(sign_out))
            .route("/invite", web::get().to(invite_form))
            .route("/invite", web::post().to(invite))
            .route("/audit", web::get().to(audit_page))
            .route("/audit.jsonl", web::get().to(audit_export))
            .route("/{kind}/{id}", web::post().to(decide)),
    );
}

async fn sign_in(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    super::staff::sign_in(CURATOR, &state, &ctx, &req, &body).await
}

async fn sign_out(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    super::staff::sign_out(CURATOR, &state, &ctx, &req, &body).await
}

async fn invite_form(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    super::staff::invite_form(CURATOR, &state, &ctx, &req).await
}

async fn invite(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    super::staff::accept_invite(CURATOR, &state, &ctx, &req, &body).await
}

/// The crawler's pending proposals, read from seed-data's crawled files, each beside
/// its listing with `live` laid over.
fn proposals(state: &AppState, live: &LiveSnapshot) -> Vec<ProposalView> {
    let Some(seed_dir) = &state.seed_dir else {
        return Vec::new();
    };
    let (files, _) = crate::seed::crawled::read_crawled_dir(seed_dir);
    let catalog = state.catalog();
    files
        .iter()
        .flat_map(|(_, file)| {
            file.changes
                .iter()
                .filter(|c| c.status == crate::seed::crawled::ChangeStatus::Pending)
                .map(move |change| (file, change))
        })
        .map(|(file, change)| {
            let program = catalog
                .find_program(&change.program)
                .ok()
                .flatten()
                .map(|mut p| {
                    live.apply(&mut p);
                    p
                });
            let text = match change.field.as_str() {
                "new_program" => format!(
                    "{} [{}] new program\n{}",
                    change.id, file.source, change.why
                ),
                field => format!(
                    "{} [{}] {field}: {:?} → {:?}\n{}",
                    change.id, file.source, change.curated, change.crawled, change.why
                ),
            };
            ProposalView {
                id: change.id.clone(),
                program,
                text,
            }
        })
        .collect()
}

async fn home(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let Some(session) = CURATOR.session(&state, &req).await? else {
        return CURATOR.form_page(&state, &req, StatusCode::OK, |token| {
            staff_pages::sign_in(&ctx, CURATOR.base, true, None, token)
        });
    };
    let fail = |e| store_error(lang, e);
    let catalog = state.catalog();
    let live = state.live().await;
    let program = |id: &str| {
        catalog.find_program(id).ok().flatten().map(|mut p| {
            live.apply(&mut p);
            p
        })
    };
    let reports: Vec<_> = state
        .store
        .reports(true)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|r| {
            let p = program(&r.report.program_id);
            (r, p)
        })
        .collect();
    let corrections: Vec<_> = state
        .store
        .corrections(true)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|c| {
            let p = program(&c.program_id);
            (c, p)
        })
        .collect();
    let proposals = proposals(&state, &live);
    let done = super::query::query_pairs(&req)
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v);
    let notice = match done.as_deref() {
        Some("written") => Some(Notice::Done(lang.tr("curate.done_written"))),
        Some("recorded") => Some(Notice::Done(lang.tr("curate.done_recorded"))),
        _ => None,
    };
    Ok(html(
        StatusCode::OK,
        staff_pages::queue(
            &ctx,
            &session,
            QueueView {
                reports: &reports,
                corrections: &corrections,
                proposals: &proposals,
                notice,
                now: state.now(),
            },
        ),
    ))
}

/// Accept or reject one item: `reports/{id}`, `corrections/{id}`, `proposals/{id}`.
async fn decide(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let (kind, id) = path.into_inner();
    let form = Fields::parse(&body);
    let session = CURATOR.require(&state, &req, &form).await?;
    let decision = match form.get("decision") {
        "accept" => Decision::Accepted,
        "reject" => Decision::Rejected,
        _ => return Err(bad(lang.tr("curate.bad_decision"))),
    };
    let actor = session.account.actor();
    let now = state.now();
    let fail = |e| store_error(lang, e);
    let gone = || PageError::NotFound(lang.tr("curate.already_decided").to_string());
    let mut written = false;
    match kind.as_str() {
        "reports" => {
            let report = state
                .store
                .reports(true)
                .await
                .map_err(fail)?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(gone)?;
            state
                .store
                .decide(
                    ReviewKind::Report,
                    &id,
                    decision,
                    &actor,
                    &report.report.program_id,
                    now,
                )
                .await
                .map_err(fail)?;
        }
        "corrections" => {
            let correction = state
                .store
                .corrections(true)
                .await
                .map_err(fail)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(gone)?;
            if decision == Decision::Accepted
                && matches!(correction.field.as_str(), "phone" | "website" | "hours")
            {
                let seed_dir = state
                    .seed_dir
                    .clone()
                    .ok_or_else(|| bad(lang.tr("curate.no_seed")))?;
                let geo = state.geo.clone();
                let c = correction.clone();
                let who = actor.clone();
                let today = now.date_naive();
                let result = web::block(move || {
                    crate::crawl::accept::accept_correction(
                        &seed_dir,
                        &geo,
                        &c.program_id,
                        &c.field,
                        &c.value,
                        &c.proposed_by,
                        &who,
                        today,
                    )
                })
                .await
                .map_err(|e| PageError::Internal(e.to_string()))?;
                let path =
                    result.map_err(|why| bad(lang.trf("curate.refused", &[("why", &why)])))?;
                written = true;
                state
                    .store
                    .record_change(AuditEntry {
                        at: now,
                        actor: actor.clone(),
                        action: format!("seed_file_written:{}", correction.field),
                        program_id: Some(correction.program_id.clone()),
                        before: None,
                        after: Some(format!(
                            "{} = {:?} ({})",
                            correction.field,
                            correction.value,
                            path.display()
                        )),
                    })
                    .await
                    .map_err(fail)?;
            }
            let decided = state
                .store
                .decide(
                    ReviewKind::Correction,
                    &id,
                    decision,
                    &actor,
                    &correction.program_id,
                    now,
                )
                .await
                .map_err(fail)?;
            if !decided {
                return Err(gone());
            }
        }
        "proposals" => {
            let seed_dir = state
                .seed_dir
                .clone()
                .ok_or_else(|| bad(lang.tr("curate.no_seed")))?;
            let geo = state.geo.clone();
            let change_id = id.clone();
            let accept = decision == Decision::Accepted;
            let outcome = web::block(move || {
                if accept {
                    let sources =
                        crate::crawl::sources::read_sources(&seed_dir.join("sources.toml"))
                            .map_err(|e| e.to_string())?;
                    let report = crate::crawl::accept::accept(
                        &seed_dir,
                        &geo,
                        &sources,
                        &[change_id],
                        None,
                        chrono::Utc::now().date_naive(),
                    )
                    .map_err(|e| e.to_string())?;
                    match (report.applied.first(), report.refused.first()) {
                        (Some((_, path)), _) => Ok(Some(path.display().to_string())),
                        (None, Some((_, why))) => Err(why.clone()),
                        (None, None) => Err("nothing was applied".to_string()),
                    }
                } else {
                    crate::crawl::accept::reject(&seed_dir, &change_id).map(|()| None)
                }
            })
            .await
            .map_err(|e| PageError::Internal(e.to_string()))?
            .map_err(|why| bad(lang.trf("curate.refused", &[("why", &why)])))?;
            written = outcome.is_some();
            state
                .store
                .record_change(AuditEntry {
                    at: now,
                    actor,
                    action: format!(
                        "crawl_proposal_{}",
                        if accept { "accepted" } else { "rejected" }
                    ),
                    program_id: None,
                    before: Some(id.clone()),
                    after: outcome,
                })
                .await
                .map_err(fail)?;
        }
        _ => {
            return Err(PageError::NotFound(
                lang.trf("error.no_page", &[("path", &req.path())]),
            ))
        }
    }
    let done = if written { "written" } else { "recorded" };
    Ok(see_other(&format!(
        "{}?done={done}",
        ctx.href(CURATOR.base)
    )))
}

fn bad(message: impl Into<String>) -> PageError {
    PageError::BadRequest {
        message: message.into(),
        suggestions: Vec::new(),
    }
}

async fn audit_page(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let Some(session) = CURATOR.session(&state, &req).await? else {
        return Ok(see_other(&ctx.href(CURATOR.base)));
    };
    let entries = state
        .store
        .audit_log(AUDIT_SHOWN)
        .await
        .map_err(|e| store_error(ctx.lang, e))?;
    Ok(html(
        StatusCode::OK,
        staff_pages::audit(&ctx, &session, &entries),
    ))
}

async fn audit_export(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    if CURATOR.session(&state, &req).await?.is_none() {
        return Err(PageError::Forbidden(
            ctx.lang.tr("staff.sign_in_first").to_string(),
        ));
    }
    let entries = state
        .store
        .audit_log(usize::MAX)
        .await
        .map_err(|e| store_error(ctx.lang, e))?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"peerway-audit.jsonl\"",
        ))
        .body(audit::to_json_lines(&entries)))
}
