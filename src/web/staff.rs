//! Program staff at `/operator` (and `/es/operator`): accept an invite, sign in,
//! and keep their own listings current — confirm, status, beds free, proposed
//! corrections, the bed registry's token. The sign-in, session and CSRF machinery
//! here is shared with the curators' pages (`curate.rs`).
//!
//! The rules: a session cookie exists only under its own path (HttpOnly,
//! SameSite=Strict, Secure when the site is served over TLS, 8 hours); a new
//! session id at every sign-in; every form that changes something carries the
//! session's CSRF token, compared in constant time, and a post another site's page
//! makes is refused; an operator reaches only their own programs, whatever id is in
//! the address; wrong passphrases make the next try wait. Public pages never see
//! any of this: they set no cookie.

use std::collections::HashMap;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::web::{self, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};

use super::errors::PageError;
use super::i18n::{self, Lang};
use super::pages::staff::{self as staff_pages, Notice, PanelView};
use super::pages::PageContext;
use super::{headers, AppState};
use crate::model::{LiveStatus, Program, ServiceKind};
use crate::store::accounts::{AccountError, Role, Session, SESSION_LASTS};
use crate::store::corrections::{CORRECTABLE_FIELDS, MAX_CORRECTION_CHARS};
use crate::store::live::AvailabilityInput;
use crate::store::{same_secret, StoreError};

/// Where a kind of account signs in, and the cookie its sessions use.
#[derive(Debug, Clone, Copy)]
pub(super) struct Realm {
    pub role: Role,
    /// `/operator` or `/curate` (also served under `/es`).
    pub base: &'static str,
    pub cookie: &'static str,
}

/// Program staff.
pub(super) const OPERATOR: Realm = Realm {
    role: Role::Operator,
    base: "/operator",
    cookie: "peerway_operator",
};

/// Curators.
pub(super) const CURATOR: Realm = Realm {
    role: Role::Curator,
    base: "/curate",
    cookie: "peerway_curator",
};

impl Realm {
    /// The realm's path in both languages: where its cookies live.
    fn paths(self) -> [String; 2] {
        [
            self.base.to_string(),
            format!("{}{}", i18n::SPANISH_PREFIX, self.base),
        ]
    }

    /// The session cookie on `response` for both languages' paths (`keep` false:
    /// emptied and expired, to remove it).
    fn set_session_cookie(
        self,
        state: &AppState,
        response: &mut HttpResponse,
        value: &str,
        keep: bool,
    ) -> Result<(), PageError> {
        let age = if keep {
            CookieDuration::seconds(SESSION_LASTS.num_seconds())
        } else {
            CookieDuration::ZERO
        };
        self.set_cookie(state, response, self.cookie, value, Some(age))
    }

    /// A cookie on `response` under both languages' paths of the realm: HttpOnly,
    /// SameSite=Strict, Secure when the site is served over TLS; `max_age` `None`
    /// lasts as long as the browser's session.
    fn set_cookie(
        self,
        state: &AppState,
        response: &mut HttpResponse,
        name: &'static str,
        value: &str,
        max_age: Option<CookieDuration>,
    ) -> Result<(), PageError> {
        for path in self.paths() {
            let mut cookie = Cookie::build(name, value.to_string())
                .path(path)
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(state.base_url.starts_with("https://"))
                .finish();
            if let Some(age) = max_age {
                cookie.set_max_age(age);
            }
            response
                .add_cookie(&cookie)
                .map_err(|e| PageError::Internal(e.to_string()))?;
        }
        Ok(())
    }

    /// A sign-in or invite page, its form carrying the browser's form token (a new
    /// one, set as a cookie under the realm's paths, when the browser has none).
    pub(super) fn form_page(
        self,
        state: &AppState,
        req: &HttpRequest,
        status: StatusCode,
        render: impl FnOnce(&str) -> maud::Markup,
    ) -> Result<HttpResponse, PageError> {
        let (token, is_new) = match form_token_of(req) {
            Some(token) => (token, false),
            None => (crate::store::random_hex(32), true),
        };
        let mut response = html(status, render(&token));
        if is_new {
            self.set_cookie(state, &mut response, FORM_COOKIE, &token, None)?;
        }
        Ok(response)
    }

    /// The session the request's cookie names, if it is live and of this realm.
    pub(super) async fn session(
        self,
        state: &AppState,
        req: &HttpRequest,
    ) -> Result<Option<Session>, PageError> {
        let lang = Lang::of_path(req.path());
        let Some(id) = self.session_id(req) else {
            return Ok(None);
        };
        state
            .store
            .session(self.role, &id, state.now())
            .await
            .map_err(|e| store_error(lang, e))
    }

    fn session_id(self, req: &HttpRequest) -> Option<String> {
        secret_cookie(req, self.cookie)
    }

    /// The session of a form post: signed in, same site, and the form's CSRF token
    /// matches the session's. Anything else is refused and nothing is changed.
    pub(super) async fn require(
        self,
        state: &AppState,
        req: &HttpRequest,
        form: &Fields,
    ) -> Result<Session, PageError> {
        let lang = Lang::of_path(req.path());
        refuse_cross_site(req, lang)?;
        let session = self
            .session(state, req)
            .await?
            .ok_or_else(|| PageError::Forbidden(lang.tr("staff.sign_in_first").to_string()))?;
        if !same_secret(&session.csrf, form.get("csrf")) {
            return Err(PageError::Forbidden(
                lang.tr("staff.csrf_refused").to_string(),
            ));
        }
        Ok(session)
    }
}

/// The cookie that ties a sign-in or invite form to the browser that opened it
/// (double submit): those forms come before any session, so there is no session
/// token to carry, and a page on another site can neither read nor set this cookie
/// (SameSite=Strict, HttpOnly, only under the realm's paths).
const FORM_COOKIE: &str = "peerway_form";

/// The browser's form token, when its cookie holds a well-formed one.
fn form_token_of(req: &HttpRequest) -> Option<String> {
    secret_cookie(req, FORM_COOKIE)
}

/// The value of cookie `name` when it has the shape of the server's secrets (64 hex
/// digits, as `random_hex(32)` makes); anything else is as if it were not sent.
fn secret_cookie(req: &HttpRequest, name: &str) -> Option<String> {
    let cookie = req.cookie(name)?;
    let value = cookie.value();
    (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())).then(|| value.to_string())
}

/// A sign-in or invite form is refused unless it is sent from this site and its
/// `form_token` matches the browser's cookie (nothing is read or changed otherwise).
fn require_form_token(req: &HttpRequest, form: &Fields, lang: Lang) -> Result<(), PageError> {
    refuse_cross_site(req, lang)?;
    match form_token_of(req) {
        Some(token) if same_secret(&token, form.get("form_token")) => Ok(()),
        _ => Err(PageError::Forbidden(
            lang.tr("staff.csrf_refused").to_string(),
        )),
    }
}

/// A form another site's page sent is refused before anything is read or changed.
fn refuse_cross_site(req: &HttpRequest, lang: Lang) -> Result<(), PageError> {
    if headers::is_cross_site(req) {
        return Err(PageError::Forbidden(
            lang.tr("staff.cross_site").to_string(),
        ));
    }
    Ok(())
}

/// A form's fields (the first value of each name).
pub(super) struct Fields(HashMap<String, String>);

impl Fields {
    pub(super) fn parse(body: &[u8]) -> Fields {
        let mut fields = HashMap::new();
        for (key, value) in url::form_urlencoded::parse(body) {
            fields
                .entry(key.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        Fields(fields)
    }

    /// The value, or "" when the field was not sent.
    pub(super) fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }
}

/// A store failure as a page: 503 when the store cannot be reached (nothing was
/// changed; the message says to try again), else 500.
pub(super) fn store_error(lang: Lang, e: StoreError) -> PageError {
    if e.is_unavailable() {
        tracing::warn!("store unavailable: {e}");
        PageError::Unavailable(lang.tr("staff.store_unavailable").to_string())
    } else {
        tracing::error!("store error: {e}");
        PageError::Internal(e.to_string())
    }
}

fn bad(message: impl Into<String>) -> PageError {
    PageError::BadRequest {
        message: message.into(),
        suggestions: Vec::new(),
    }
}

pub(super) fn html(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

pub(super) fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

const STAFF_CSS: &str = include_str!("assets/staff.css");

/// What the staff pages need once, at the root: their stylesheet.
pub fn assets(cfg: &mut ServiceConfig) {
    cfg.route(
        staff_pages::STAFF_CSS_PATH,
        web::get().to(|| async {
            HttpResponse::Ok()
                .content_type("text/css; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
                .body(STAFF_CSS)
        }),
    );
}

/// The program staff pages, registered at the root and under `/es` (the curators'
/// are in `curate.rs`).
pub fn configure(cfg: &mut ServiceConfig) {
    // One scope: the router checks one prefix for every other request, not each route.
    cfg.service(
        web::scope(OPERATOR.base)
            .route("", web::get().to(operator_home))
            .route("/sign-in", web::post().to(operator_sign_in))
            .route("/sign-out", web::post().to(operator_sign_out))
            .route("/invite", web::get().to(operator_invite_form))
            .route("/invite", web::post().to(operator_invite))
            .route("/programs/{id}", web::get().to(panel))
            .route("/programs/{id}/{action}", web::post().to(change)),
    );
}

async fn operator_home(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let Some(session) = OPERATOR.session(&state, &req).await? else {
        return OPERATOR.form_page(&state, &req, StatusCode::OK, |token| {
            staff_pages::sign_in(&ctx, OPERATOR.base, false, None, token)
        });
    };
    let live = state.live().await;
    let catalog = state.catalog();
    let mut programs = Vec::new();
    for id in &session.account.programs {
        if let Some(mut program) = catalog.find_program(id)? {
            live.apply(&mut program);
            programs.push(program);
        }
    }
    Ok(html(
        StatusCode::OK,
        staff_pages::dashboard(&ctx, &session, &programs, state.now()),
    ))
}

async fn operator_sign_in(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    sign_in(OPERATOR, &state, &ctx, &req, &body).await
}

async fn operator_sign_out(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    sign_out(OPERATOR, &state, &ctx, &req, &body).await
}

async fn operator_invite_form(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    invite_form(OPERATOR, &state, &ctx, &req).await
}

async fn operator_invite(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    accept_invite(OPERATOR, &state, &ctx, &req, &body).await
}

/// Sign in with a name and passphrase: a fresh session (any session id the browser
/// already had is ended, never adopted), or the form again with why not.
pub(super) async fn sign_in(
    realm: Realm,
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let form = Fields::parse(body);
    require_form_token(req, &form, lang)?;
    let curator = realm.role == Role::Curator;
    if let Some(ip) = state.client_ip(req) {
        if let Err(wait_secs) = state.sign_in_limit.check(ip) {
            return throttled(realm, state, ctx, req, curator, wait_secs);
        }
    }
    match state
        .store
        .sign_in(
            realm.role,
            form.get("login"),
            form.get("passphrase"),
            state.now(),
        )
        .await
    {
        Ok(new) => {
            if let Some(old) = realm.session_id(req) {
                let _ = state.store.end_session(&old).await;
            }
            let mut response = see_other(&ctx.href(realm.base));
            realm.set_session_cookie(state, &mut response, &new.id, true)?;
            Ok(response)
        }
        Err(AccountError::Throttled { wait_secs }) => throttled(
            realm,
            state,
            ctx,
            req,
            curator,
            u64::try_from(wait_secs).unwrap_or(1),
        ),
        Err(AccountError::Store(e)) => Err(store_error(lang, e)),
        Err(_) => realm.form_page(state, req, StatusCode::FORBIDDEN, |token| {
            staff_pages::sign_in(
                ctx,
                realm.base,
                curator,
                Some(lang.tr("staff.wrong_sign_in")),
                token,
            )
        }),
    }
}

fn throttled(
    realm: Realm,
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
    curator: bool,
    wait_secs: u64,
) -> Result<HttpResponse, PageError> {
    let message = ctx.lang.trn("staff.wait", wait_secs, &[]);
    let mut response = realm.form_page(state, req, StatusCode::TOO_MANY_REQUESTS, |token| {
        staff_pages::sign_in(ctx, realm.base, curator, Some(&message), token)
    })?;
    if let Ok(value) = header::HeaderValue::from_str(&wait_secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Ok(response)
}

pub(super) async fn sign_out(
    realm: Realm,
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(body);
    realm.require(state, req, &form).await?;
    if let Some(id) = realm.session_id(req) {
        state
            .store
            .end_session(&id)
            .await
            .map_err(|e| store_error(ctx.lang, e))?;
    }
    let mut response = see_other(&ctx.href(realm.base));
    realm.set_session_cookie(state, &mut response, "", false)?;
    Ok(response)
}

/// The form an invite link opens (`?token=`: a query, so the access log, which
/// records paths only, never holds it).
pub(super) async fn invite_form(
    realm: Realm,
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let token = super::query::query_pairs(req)
        .into_iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let usable = token.len() <= 128
        && state
            .store
            .invite_usable(realm.role, &token, state.now())
            .await
            .map_err(|e| store_error(lang, e))?;
    if !usable {
        return Err(PageError::NotFound(
            lang.tr("staff.invite_unusable").to_string(),
        ));
    }
    realm.form_page(state, req, StatusCode::OK, |form_token| {
        staff_pages::invite(ctx, realm.base, &token, None, form_token)
    })
}

pub(super) async fn accept_invite(
    realm: Realm,
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let form = Fields::parse(body);
    require_form_token(req, &form, lang)?;
    let token = form.get("token");
    let again = |problem: &str| {
        realm.form_page(state, req, StatusCode::BAD_REQUEST, |form_token| {
            staff_pages::invite(ctx, realm.base, token, Some(problem), form_token)
        })
    };
    if form.get("passphrase") != form.get("again") {
        return again(lang.tr("staff.passphrases_differ"));
    }
    let now = state.now();
    match state
        .store
        .redeem_invite(
            realm.role,
            token,
            form.get("login"),
            form.get("passphrase"),
            now,
        )
        .await
    {
        Ok(_) => {}
        Err(AccountError::InviteInvalid) => {
            return Err(PageError::NotFound(
                lang.tr("staff.invite_unusable").to_string(),
            ))
        }
        Err(AccountError::LoginTaken) => return again(lang.tr("staff.login_taken")),
        Err(AccountError::BadLogin) => return again(lang.tr("staff.bad_login")),
        Err(AccountError::WeakPassphrase) => {
            return again(&lang.trf(
                "staff.weak_passphrase",
                &[("min", &crate::store::accounts::MIN_PASSPHRASE_CHARS)],
            ))
        }
        Err(AccountError::Store(e)) => return Err(store_error(lang, e)),
        Err(_) => return again(lang.tr("staff.wrong_sign_in")),
    }
    sign_in(realm, state, ctx, req, body).await
}

/// The program an operator may change: theirs, or refused (the same answer for a
/// program that is not theirs and one that does not exist, so ids cannot be probed).
pub(super) async fn own_program(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: &str,
) -> Result<Program, PageError> {
    let refused = || PageError::Forbidden(lang.tr("staff.not_yours").to_string());
    if !session.account.may_change(id) {
        return Err(refused());
    }
    let mut program = state.catalog().find_program(id)?.ok_or_else(refused)?;
    state.live().await.apply(&mut program);
    Ok(program)
}

/// Kinds that have beds to count.
pub fn has_beds(kind: ServiceKind) -> bool {
    matches!(
        kind,
        ServiceKind::PeerRespite
            | ServiceKind::CrisisStabilization
            | ServiceKind::SoteriaHouse
            | ServiceKind::CrisisResidential
    )
}

async fn panel(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let Some(session) = OPERATOR.session(&state, &req).await? else {
        return Ok(see_other(&ctx.href(OPERATOR.base)));
    };
    let program = own_program(&state, &session, lang, &id).await?;
    let done = super::query::query_pairs(&req)
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v);
    let notice = match done.as_deref() {
        Some("confirm") => Some(lang.tr("staff.done_confirm")),
        Some("status") => Some(lang.tr("staff.done_status")),
        Some("availability") => Some(lang.tr("staff.done_availability")),
        Some("correction") => Some(lang.tr("staff.done_correction")),
        _ => None,
    };
    render_panel(
        &state,
        &ctx,
        &session,
        &program,
        notice.map(Notice::Done),
        None,
        StatusCode::OK,
    )
    .await
}

async fn render_panel(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    program: &Program,
    notice: Option<Notice<'_>>,
    new_token: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let has_beds = has_beds(program.kind);
    let token_made_at = if has_beds {
        state
            .store
            .token_made_at(&program.id)
            .await
            .map_err(|e| store_error(ctx.lang, e))?
    } else {
        None
    };
    Ok(html(
        status,
        staff_pages::program_panel(
            ctx,
            session,
            PanelView {
                program,
                has_beds,
                token_made_at,
                new_token,
                notice,
                now: state.now(),
            },
        ),
    ))
}

/// A whole number of beds or hours from a form field ("" = not given).
fn whole_number(lang: Lang, field: &str, text: &str) -> Result<Option<i64>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| bad(lang.trf("staff.not_a_number", &[("field", &field), ("value", &text)])))
}

/// The availability a form says (hours until it expires → a time).
fn availability_form(
    lang: Lang,
    form: &Fields,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AvailabilityInput, PageError> {
    let hours = whole_number(lang, "expires_hours", form.get("expires_hours"))?;
    let expires_at = match hours {
        Some(h) if h.abs() <= 10_000 => Some(now + chrono::TimeDelta::hours(h)),
        Some(_) => return Err(bad(lang.tr("staff.expiry_range"))),
        None => None,
    };
    Ok(AvailabilityInput {
        beds_free: whole_number(lang, "beds_free", form.get("beds_free"))?,
        beds_total: whole_number(lang, "beds_total", form.get("beds_total"))?,
        accepting_guests: !form.get("accepting_guests").is_empty(),
        waitlist: !form.get("waitlist").is_empty(),
        expires_at,
    })
}

/// Availability refused, in the page's language.
pub(super) fn availability_message(
    lang: Lang,
    e: &crate::store::live::AvailabilityError,
) -> String {
    use crate::store::live::{AvailabilityError as E, MAX_AVAILABILITY_HOURS, MAX_BEDS};
    match e {
        E::Negative => lang.tr("staff.beds_negative").to_string(),
        E::TooMany => lang.trf("staff.beds_too_many", &[("max", &MAX_BEDS)]),
        E::FreeOverTotal { free, total } => {
            lang.trf("staff.beds_over_total", &[("free", free), ("total", total)])
        }
        E::ExpiryPast => lang.tr("staff.expiry_past").to_string(),
        E::ExpiryTooFar => lang.trf("staff.expiry_too_far", &[("max", &MAX_AVAILABILITY_HOURS)]),
    }
}

/// A form on a program's panel: confirm, status, availability, correction, token.
async fn change(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let (id, action) = path.into_inner();
    let form = Fields::parse(&body);
    let session = OPERATOR.require(&state, &req, &form).await?;
    let program = own_program(&state, &session, lang, &id).await?;
    let ctx = ctx.at(&format!("/operator/programs/{}", program.id));
    match apply_change(&state, &ctx, &req, &form, &session, &program, &action).await {
        // Shown once, on this answer only (never in a URL, never stored readable).
        Ok(Some(token)) => {
            render_panel(
                &state,
                &ctx,
                &session,
                &program,
                None,
                Some(&token),
                StatusCode::OK,
            )
            .await
        }
        Ok(None) => {
            state.live.changed();
            Ok(see_other(&format!(
                "{}?done={action}",
                ctx.href(&format!("/operator/programs/{}", program.id))
            )))
        }
        // A form filled in wrong: the panel again, saying what to fix.
        Err(PageError::BadRequest { message, .. }) => {
            render_panel(
                &state,
                &ctx,
                &session,
                &program,
                Some(Notice::Problem(&message)),
                None,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// Carry out one panel form's `action` on `program`: `Some(token)` when a new bed
/// registry token was made, a `BadRequest` that says what to fix when the form is
/// wrong (nothing is then stored).
async fn apply_change(
    state: &AppState,
    ctx: &PageContext,
    req: &HttpRequest,
    form: &Fields,
    session: &Session,
    program: &Program,
    action: &str,
) -> Result<Option<String>, PageError> {
    let lang = ctx.lang;
    let actor = session.account.actor();
    let now = state.now();
    let store = &state.store;
    let fail = |e| store_error(lang, e);
    match action {
        "confirm" => store
            .confirm_listing(&program.id, &actor, now)
            .await
            .map_err(fail)?,
        "status" => {
            let status = LiveStatus::from_slug(form.get("status"))
                .ok_or_else(|| bad(lang.tr("staff.bad_status")))?;
            store
                .set_status(&program.id, status, &actor, now)
                .await
                .map_err(fail)?;
        }
        "availability" => {
            if !has_beds(program.kind) {
                return Err(bad(lang.tr("staff.no_beds_here")));
            }
            let availability = availability_form(lang, form, now)?
                .check(now, "program")
                .map_err(|e| bad(availability_message(lang, &e)))?;
            store
                .set_availability(&program.id, availability, &actor, now)
                .await
                .map_err(fail)?;
        }
        "correction" => {
            let field = form.get("field");
            let value = form.get("value").trim();
            let note = form.get("note").trim();
            if !CORRECTABLE_FIELDS.contains(&field) {
                return Err(bad(lang.tr("staff.bad_field")));
            }
            if value.is_empty()
                || value.chars().count() > MAX_CORRECTION_CHARS
                || note.chars().count() > MAX_CORRECTION_CHARS
            {
                return Err(bad(
                    lang.trf("staff.correction_size", &[("max", &MAX_CORRECTION_CHARS)])
                ));
            }
            store
                .propose_correction(&program.id, &actor, field, value, note, now)
                .await
                .map_err(fail)?;
        }
        "token" => {
            if !has_beds(program.kind) {
                return Err(bad(lang.tr("staff.no_beds_here")));
            }
            let token = store
                .rotate_token(&program.id, &actor, now)
                .await
                .map_err(fail)?;
            return Ok(Some(token));
        }
        _ => {
            return Err(PageError::NotFound(
                lang.trf("error.no_page", &[("path", &req.path())]),
            ))
        }
    }
    Ok(None)
}
