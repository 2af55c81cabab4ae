//! Programs keep their own listings current: invites, sign-in, sessions and CSRF,
//! confirm / status / beds free, the bed registry's API, curators, the audit log,
//! and the live overlay reaching search, pages, the API and HSDS without a rebuild.
//! Everything runs on real listings from seed-data (afiya-peer-respite and
//! hearts-peer-support-agency-respite) with a store in a temporary folder; sign-in
//! names and notes are synthetic.
//!
//! The PostgreSQL tests at the end are `#[ignore]`d: `.ci/run` starts PostgreSQL and
//! runs them with `PEERWAY_DATABASE_URL` set (they fail, not pass, without it).

use crate::common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use chrono::{DateTime, TimeDelta, Utc};

use peerway::store::accounts::Role;
use peerway::store::Store;
use peerway::web::{app, AppState};

const OURS: &str = "afiya-peer-respite";
const THEIRS: &str = "hearts-peer-support-agency-respite";
const PASSPHRASE: &str = "synthetic correct horse battery";

/// A response, read whole.
struct Reply {
    status: StatusCode,
    headers: actix_web::http::header::HeaderMap,
    body: String,
}

impl Reply {
    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    /// The session id of the first Set-Cookie that is not the form cookie.
    fn session_cookie(&self) -> Option<String> {
        self.set_cookies()
            .iter()
            .find(|c| !c.starts_with("peerway_form="))
            .and_then(|c| {
                let value = c.split(';').next()?.split_once('=')?.1;
                (!value.is_empty()).then(|| value.to_string())
            })
    }

    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a CSRF token");
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

async fn reply<B: MessageBody>(response: ServiceResponse<B>) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let body = String::from_utf8(test::read_body(response).await.to_vec()).unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

macro_rules! send {
    ($app:expr, $req:expr) => {
        reply(test::call_service(&$app, $req.to_request()).await).await
    };
}

/// A clock tests can move.
#[derive(Clone)]
struct Clock(Arc<AtomicI64>);

impl Clock {
    fn new() -> Clock {
        Clock(Arc::new(AtomicI64::new(Utc::now().timestamp_millis())))
    }
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.load(Ordering::SeqCst)).unwrap()
    }
    fn advance(&self, by: TimeDelta) {
        self.0.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

/// The app on the real seed-data with a store in `data`.
fn state_in(data: &std::path::Path, clock: &Clock) -> Data<AppState> {
    let (_dir, catalog) = common::fresh_catalog();
    let clock = clock.clone();
    Data::new(
        AppState::new(catalog, common::shared_geo(), data)
            .with_clock(move || clock.now())
            .with_rate_limit(0),
    )
}

/// A SYNTHETIC form token, sent as the `peerway_form` cookie and the `form_token`
/// field by `form` (sign-in and invite forms need both to match).
const FORM_TOKEN: &str = "5a17e7ec5a17e7ec5a17e7ec5a17e7ec5a17e7ec5a17e7ec5a17e7ec5a17e7ec";

/// A form post from this site's own page: the browser's form cookie and the
/// form's `form_token` field match (as after opening the form).
fn form(uri: &str, body: &str) -> TestRequest {
    with_cookie(
        bare_form(uri, &format!("{body}&form_token={FORM_TOKEN}")),
        "peerway_form",
        FORM_TOKEN,
    )
}

/// A form post with neither the form cookie nor a form token.
fn bare_form(uri: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .peer_addr("10.9.8.7:5555".parse().unwrap())
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_string())
}

fn with_cookie(request: TestRequest, name: &str, value: &str) -> TestRequest {
    request.cookie(actix_web::cookie::Cookie::new(
        name.to_string(),
        value.to_string(),
    ))
}

fn op(request: TestRequest, session: &str) -> TestRequest {
    with_cookie(request, "peerway_operator", session)
}

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A one-time invite link's token for program staff of `program`.
async fn invite_token(state: &AppState, program: &str) -> String {
    state
        .store
        .create_invite(Role::Operator, Some(program.to_string()), state.now())
        .await
        .unwrap()
}

/// The invite form as sent: `token`, a sign-in name and the test passphrase twice.
fn invite_body(token: &str, login: &str) -> String {
    format!(
        "token={token}&login={login}&passphrase={}&again={}",
        enc(PASSPHRASE),
        enc(PASSPHRASE)
    )
}

/// Invite someone for `program` and sign them up as `login`; their session id.
macro_rules! sign_up {
    ($app:expr, $state:expr, $program:expr, $login:expr) => {{
        let token = invite_token(&$state, $program).await;
        let page = send!(
            $app,
            TestRequest::get().uri(&format!("/operator/invite?token={token}"))
        );
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let done = send!($app, form("/operator/invite", &invite_body(&token, $login)));
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        done.session_cookie().expect("a session cookie")
    }};
}

/// The CSRF token of a session (from its program panel).
macro_rules! csrf_of {
    ($app:expr, $session:expr, $program:expr) => {{
        let panel = send!(
            $app,
            op(
                TestRequest::get().uri(&format!("/operator/programs/{}", $program)),
                &$session
            )
        );
        assert_eq!(panel.status, StatusCode::OK, "{}", panel.body);
        panel.csrf()
    }};
}

#[actix_web::test]
async fn an_invite_works_once_and_the_session_cookie_stays_under_operator() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let token = invite_token(&state, OURS).await;
    let body = invite_body(&token, "synthetic-staff");
    let done = send!(app, form("/operator/invite", &body));
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let cookies = done.set_cookies();
    assert_eq!(
        cookies.len(),
        2,
        "one cookie per language's /operator path: {cookies:?}"
    );
    for cookie in &cookies {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Max-Age="), "expires: {cookie}");
        assert!(
            cookie.contains("Path=/operator") || cookie.contains("Path=/es/operator"),
            "{cookie}"
        );
        assert!(!cookie.contains("Path=/;"), "{cookie}");
    }
    // Used once: the same link again is refused.
    let again = send!(
        app,
        form(
            "/operator/invite",
            &body.replace("synthetic-staff", "synthetic-other")
        )
    );
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let page = send!(
        app,
        TestRequest::get().uri(&format!("/operator/invite?token={token}"))
    );
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // Signed in, public pages still set no cookie.
    let session = done.session_cookie().unwrap();
    for uri in [
        "/",
        "/search?q=respite",
        &format!("/programs/{OURS}"),
        "/api/v1/search?q=respite",
        "/es/",
    ] {
        let page = send!(app, op(TestRequest::get().uri(uri), &session));
        assert!(page.set_cookies().is_empty(), "{uri} set a cookie");
    }
}

#[actix_web::test]
async fn confirm_status_and_beds_free_reach_pages_search_the_api_and_hsds() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-afiya");
    let csrf = csrf_of!(app, session, OURS);
    let base = format!("/operator/programs/{OURS}");

    let confirmed = send!(
        app,
        op(
            form(&format!("{base}/confirm"), &format!("csrf={csrf}")),
            &session
        )
    );
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let beds = send!(
        app,
        op(
            form(
                &format!("{base}/availability"),
                &format!(
                    "csrf={csrf}&beds_free=2&beds_total=6&accepting_guests=1&expires_hours=24"
                )
            ),
            &session
        )
    );
    assert_eq!(beds.status, StatusCode::SEE_OTHER, "{}", beds.body);

    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(page.body.contains("2 of 6 beds free"), "{}", page.body);
    assert!(page.body.contains("by the program"));
    assert!(
        page.body.contains("confirmed by the program"),
        "verified shows the program's confirmation"
    );
    let spanish = send!(app, TestRequest::get().uri(&format!("/es/programs/{OURS}")));
    assert!(spanish.body.contains("2 de 6 camas libres"));

    // "Beds free now" keeps only programs with beds free.
    let results = send!(app, TestRequest::get().uri("/search?beds=free"));
    assert_eq!(results.status, StatusCode::OK);
    assert!(results.body.contains("Afiya"), "{}", results.body);
    assert!(!results.body.contains("Hearts"));
    let api = send!(app, TestRequest::get().uri("/api/v1/search?beds=free"));
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(
        json["hits"][0]["program"]["live"]["availability"]["beds_free"],
        2
    );
    assert_eq!(
        json["hits"][0]["program"]["verified"]["method"],
        "confirmed_by_program"
    );
    let one = send!(
        app,
        TestRequest::get().uri(&format!("/api/v1/programs/{OURS}"))
    );
    assert!(one.body.contains("\"beds_total\":6"));
    let list = send!(app, TestRequest::get().uri("/hsds/services?search=afiya"));
    let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let service_id = list["contents"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        list["contents"][0]["assured_date"],
        Utc::now().date_naive().to_string()
    );
    let hsds = send!(
        app,
        TestRequest::get().uri(&format!("/hsds/services/{service_id}"))
    );
    let service: serde_json::Value = serde_json::from_str(&hsds.body).unwrap();
    let beds_term =
        peerway::hsds::taxonomy::term_id(peerway::hsds::taxonomy::FIELD_TAXONOMY, "beds_free");
    assert!(
        service["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["taxonomy_term_id"] == beds_term.as_str() && a["value"] == "2"),
        "HSDS carries beds free"
    );
    // Exports carry the live listing and honor "beds free now".
    let export = send!(app, TestRequest::get().uri("/export.json?beds=free"));
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let export: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    let exported = export["programs"].as_array().expect("programs");
    assert_eq!(exported.len(), 1, "{export}");
    assert_eq!(exported[0]["id"], OURS);
    assert_eq!(exported[0]["live"]["availability"]["beds_free"], 2);
    let state_page = send!(app, TestRequest::get().uri("/states/MA"));
    let link = format!("href=\"/programs/{OURS}\"");
    let links_open = state_page.body.matches(&link).count();
    assert!(links_open > 0, "listed on its state's page");

    // Closed by its staff: it leaves search like a closed listing, its page says so.
    let closed = send!(
        app,
        op(
            form(
                &format!("{base}/status"),
                &format!("csrf={csrf}&status=closed")
            ),
            &session
        )
    );
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let search = send!(app, TestRequest::get().uri("/api/v1/search?q=afiya"));
    assert!(
        !search.body.contains(OURS),
        "closed by its staff, it leaves search"
    );
    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(page.body.contains("Closed, says the program"));
    let hsds = send!(app, TestRequest::get().uri("/hsds/services?per_page=500"));
    assert!(hsds.body.contains("defunct"));
    let state_page = send!(app, TestRequest::get().uri("/states/MA"));
    assert!(
        state_page.body.matches(&link).count() < links_open,
        "closed by its staff, it leaves its state's lists"
    );
    let export = send!(app, TestRequest::get().uri("/export.json?q=afiya"));
    assert!(!export.body.contains(OURS), "and exports");
}

#[actix_web::test]
async fn beds_free_are_hidden_once_they_expire() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::new();
    let state = state_in(data.path(), &clock);
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-expiry");
    let csrf = csrf_of!(app, session, OURS);
    let set = send!(
        app,
        op(
            form(
                &format!("/operator/programs/{OURS}/availability"),
                &format!("csrf={csrf}&beds_free=3&expires_hours=1")
            ),
            &session
        )
    );
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(page.body.contains("3 beds free"));
    clock.advance(TimeDelta::hours(2));
    state.live.changed();
    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(
        !page.body.contains("beds free"),
        "an expired count is not shown"
    );
    let free = send!(app, TestRequest::get().uri("/api/v1/search?beds=free"));
    assert!(
        free.body.starts_with("{\"did_you_mean\"") || free.body.contains("\"total\":0"),
        "{}",
        free.body
    );
}

#[actix_web::test]
async fn invalid_availability_is_a_clear_400() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-bad-input");
    let csrf = csrf_of!(app, session, OURS);
    let uri = format!("/operator/programs/{OURS}/availability");
    for (body, says) in [
        ("beds_free=-1", "fewer than 0"),
        (
            "beds_free=5&beds_total=3",
            "cannot be more than beds in all",
        ),
        ("beds_free=1&expires_hours=-2", "already passed"),
        ("beds_free=many", "not a whole number"),
        ("beds_free=1&expires_hours=9999", "at most 168 hours"),
    ] {
        let page = send!(
            app,
            op(form(&uri, &format!("csrf={csrf}&{body}")), &session)
        );
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(page.body.contains(says), "{body}: {}", page.body);
        assert!(
            page.body.contains("role=\"alert\"") && page.body.contains("name=\"beds_free\""),
            "{body}: the panel again, with the problem above its forms"
        );
    }
    let status = send!(
        app,
        op(
            form(
                &format!("/operator/programs/{OURS}/status"),
                &format!("csrf={csrf}&status=sleepy")
            ),
            &session
        )
    );
    assert_eq!(status.status, StatusCode::BAD_REQUEST);
    let live = state.store.live_listing(OURS, state.now()).await.unwrap();
    assert!(live.availability.is_none(), "nothing refused was stored");
}

#[actix_web::test]
async fn another_programs_listing_is_refused_on_every_route() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-idor");
    let csrf = csrf_of!(app, session, OURS);
    let panel = send!(
        app,
        op(
            TestRequest::get().uri(&format!("/operator/programs/{THEIRS}")),
            &session
        )
    );
    assert_eq!(panel.status, StatusCode::FORBIDDEN);
    for (action, body) in [
        ("confirm", String::new()),
        ("status", "&status=closed".to_string()),
        ("availability", "&beds_free=1".to_string()),
        ("correction", "&field=phone&value=555-0100".to_string()),
        ("token", String::new()),
    ] {
        let page = send!(
            app,
            op(
                form(
                    &format!("/operator/programs/{THEIRS}/{action}"),
                    &format!("csrf={csrf}{body}")
                ),
                &session
            )
        );
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{action}");
    }
    // The same answer for a program that does not exist: ids cannot be probed.
    let none = send!(
        app,
        op(
            form(
                "/operator/programs/no-such-program/confirm",
                &format!("csrf={csrf}")
            ),
            &session
        )
    );
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    let theirs = state.store.live_listing(THEIRS, state.now()).await.unwrap();
    assert_eq!(
        theirs,
        Default::default(),
        "nothing changed on their listing"
    );
    assert!(state.store.token_made_at(THEIRS).await.unwrap().is_none());
    assert!(state.store.corrections(false).await.unwrap().is_empty());

    // Our bed registry token is refused on their listing.
    let token = state
        .store
        .rotate_token(OURS, "test", state.now())
        .await
        .unwrap();
    let put = send!(
        app,
        TestRequest::put()
            .uri(&format!("/api/v1/programs/{THEIRS}/availability"))
            .insert_header(("authorization", format!("Bearer {token}")))
            .insert_header(("content-type", "application/json"))
            .set_payload(r#"{"beds_free": 1}"#)
    );
    assert_eq!(put.status, StatusCode::FORBIDDEN);
    // A curator's page refuses an operator's session.
    let curate = send!(
        app,
        with_cookie(
            TestRequest::get().uri("/curate"),
            "peerway_curator",
            &session
        )
    );
    assert!(curate.body.contains("Sign in for curators"));
}

#[actix_web::test]
async fn forms_without_the_sessions_csrf_token_or_from_another_site_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-csrf");
    let other = sign_up!(app, state, OURS, "synthetic-csrf-two");
    let others_csrf = csrf_of!(app, other, OURS);
    let csrf = csrf_of!(app, session, OURS);
    let uri = format!("/operator/programs/{OURS}/status");
    for body in [
        "status=closed".to_string(),
        "csrf=&status=closed".to_string(),
        format!("csrf={}&status=closed", "0".repeat(64)),
        format!("csrf={others_csrf}&status=closed"),
    ] {
        let page = send!(app, op(form(&uri, &body), &session));
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{body}");
    }
    let cross = send!(
        app,
        op(form(&uri, &format!("csrf={csrf}&status=closed")), &session)
            .insert_header(("sec-fetch-site", "cross-site"))
    );
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let no_session = send!(app, form(&uri, &format!("csrf={csrf}&status=closed")));
    assert_eq!(no_session.status, StatusCode::FORBIDDEN);
    assert_eq!(
        state
            .store
            .live_listing(OURS, state.now())
            .await
            .unwrap()
            .status,
        None
    );
}

#[actix_web::test]
async fn a_planted_session_id_is_never_adopted() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let first = sign_up!(app, state, OURS, "synthetic-fixation");
    let planted = "ab".repeat(32);
    let signed_in = send!(
        app,
        op(
            form(
                "/operator/sign-in",
                &format!("login=synthetic-fixation&passphrase={}", enc(PASSPHRASE))
            ),
            &planted
        )
    );
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let new = signed_in.session_cookie().unwrap();
    assert_ne!(new, planted);
    assert_ne!(new, first, "a new id at every sign-in");
    let with_planted = send!(app, op(TestRequest::get().uri("/operator"), &planted));
    assert!(with_planted.body.contains("Sign in for program staff"));
    // Signing in with an old session's cookie ends that session.
    let again = send!(
        app,
        op(
            form(
                "/operator/sign-in",
                &format!("login=synthetic-fixation&passphrase={}", enc(PASSPHRASE))
            ),
            &new
        )
    );
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let old = send!(app, op(TestRequest::get().uri("/operator"), &new));
    assert!(
        old.body.contains("Sign in for program staff"),
        "the replaced session ended"
    );
    let signed_out_csrf = csrf_of!(app, again.session_cookie().unwrap(), OURS);
    let out = send!(
        app,
        op(
            form("/operator/sign-out", &format!("csrf={signed_out_csrf}")),
            &again.session_cookie().unwrap()
        )
    );
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.set_cookies().iter().all(|c| c.contains("Max-Age=0")));
}

#[actix_web::test]
async fn sign_in_and_invite_forms_need_the_browsers_own_form_token() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    sign_up!(app, state, OURS, "synthetic-login-csrf");
    let right = format!("login=synthetic-login-csrf&passphrase={}", enc(PASSPHRASE));
    // The form page hands out a token: a cookie under /operator only, and the
    // same value in the form.
    let page = send!(app, TestRequest::get().uri("/operator"));
    assert_eq!(page.status, StatusCode::OK);
    let cookies = page.set_cookies();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for cookie in &cookies {
        assert!(cookie.starts_with("peerway_form="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assert!(cookie.contains("Path=/operator") || cookie.contains("Path=/es/operator"));
    }
    let issued = cookies[0].split(';').next().unwrap()["peerway_form=".len()..].to_string();
    assert!(page
        .body
        .contains(&format!("name=\"form_token\" value=\"{issued}\"")));
    // A browser that already holds a token keeps it (no new cookie).
    let again = send!(
        app,
        with_cookie(TestRequest::get().uri("/operator"), "peerway_form", &issued)
    );
    assert!(again.set_cookies().is_empty(), "{:?}", again.set_cookies());
    // Refused: no token at all, a token without its cookie, a cookie without the
    // token, and a token that is not this browser's. None signs in.
    let other = "0".repeat(64);
    for (what, request) in [
        ("neither", bare_form("/operator/sign-in", &right)),
        (
            "field only",
            bare_form("/operator/sign-in", &format!("{right}&form_token={issued}")),
        ),
        (
            "cookie only",
            with_cookie(
                bare_form("/operator/sign-in", &right),
                "peerway_form",
                &issued,
            ),
        ),
        (
            "another token",
            with_cookie(
                bare_form("/operator/sign-in", &format!("{right}&form_token={other}")),
                "peerway_form",
                &issued,
            ),
        ),
    ] {
        let refused = send!(app, request);
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{what}");
        assert!(refused.session_cookie().is_none(), "{what}");
    }
    // The page's own token and cookie sign in.
    let signed_in = send!(
        app,
        with_cookie(
            bare_form("/operator/sign-in", &format!("{right}&form_token={issued}")),
            "peerway_form",
            &issued
        )
    );
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert!(signed_in.session_cookie().is_some());
    // The same holds for an invite: without the token nothing is redeemed.
    let token = invite_token(&state, OURS).await;
    let body = invite_body(&token, "synthetic-invite-csrf");
    let refused = send!(app, bare_form("/operator/invite", &body));
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        state
            .store
            .invite_usable(Role::Operator, &token, state.now())
            .await
            .unwrap(),
        "a refused form leaves the invite usable"
    );
    let done = send!(app, form("/operator/invite", &body));
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

#[actix_web::test]
async fn wrong_passphrases_make_the_next_try_wait() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    sign_up!(app, state, OURS, "synthetic-brute");
    for _ in 0..5 {
        let wrong = send!(
            app,
            form(
                "/operator/sign-in",
                "login=synthetic-brute&passphrase=not+the+right+one"
            )
        );
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert!(wrong.session_cookie().is_none());
    }
    let right = send!(
        app,
        form(
            "/operator/sign-in",
            &format!("login=synthetic-brute&passphrase={}", enc(PASSPHRASE))
        )
    );
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right passphrase waits"
    );
    assert!(right.headers.get("retry-after").is_some());
    assert!(right.session_cookie().is_none());
}

#[actix_web::test]
async fn tokens_and_passphrases_are_shown_once_and_never_stored_readable() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-secrets");
    let csrf = csrf_of!(app, session, OURS);
    let made = send!(
        app,
        op(
            form(
                &format!("/operator/programs/{OURS}/token"),
                &format!("csrf={csrf}")
            ),
            &session
        )
    );
    assert_eq!(made.status, StatusCode::OK);
    let at = made.body.find("pwt_").expect("the new token is shown");
    let token: String = made.body[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    assert_eq!(token.len(), 4 + 64);
    let panel = send!(
        app,
        op(
            TestRequest::get().uri(&format!("/operator/programs/{OURS}")),
            &session
        )
    );
    assert!(!panel.body.contains(&token), "shown once only");
    assert!(panel.body.contains("The current token was made on"));
    // Nothing secret is in the database as given (only hashes).
    let mut bytes = std::fs::read(data.path().join("peerway.db")).unwrap();
    for extra in ["peerway.db-wal"] {
        if let Ok(more) = std::fs::read(data.path().join(extra)) {
            bytes.extend(more);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(&token));
    assert!(!text.contains(PASSPHRASE));
    assert!(!text.contains(&session));
    let audit =
        peerway::store::audit::to_json_lines(&state.store.audit_log(usize::MAX).await.unwrap());
    assert!(!audit.contains(&token) && !audit.contains(PASSPHRASE));
    // The rotated-away token stops working.
    let newer = state
        .store
        .rotate_token(OURS, "test", state.now())
        .await
        .unwrap();
    assert!(state.store.token_program(&token).await.unwrap().is_none());
    assert_eq!(
        state.store.token_program(&newer).await.unwrap().as_deref(),
        Some(OURS)
    );
}

fn put_availability(token: Option<&str>, program: &str, body: &str) -> TestRequest {
    let mut request = TestRequest::put()
        .uri(&format!("/api/v1/programs/{program}/availability"))
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_string());
    if let Some(token) = token {
        request = request.insert_header(("authorization", format!("Bearer {token}")));
    }
    request
}

#[actix_web::test]
async fn a_bed_registry_updates_beds_with_its_token_and_bad_input_is_a_clear_400() {
    let data = tempfile::tempdir().unwrap();
    let state = state_in(data.path(), &Clock::new());
    let app = test::init_service(app(state.clone())).await;
    let token = state
        .store
        .rotate_token(OURS, "test", state.now())
        .await
        .unwrap();
    let ok = send!(
        app,
        put_availability(
            Some(&token),
            OURS,
            r#"{"beds_free": 4, "beds_total": 8, "accepting_guests": true}"#
        )
    );
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(page.body.contains("4 of 8 beds free"));
    assert!(page.body.contains("bed registry"));
    let missing = send!(app, put_availability(None, OURS, r#"{"beds_free": 1}"#));
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    let wrong = send!(
        app,
        put_availability(Some("pwt_0000"), OURS, r#"{"beds_free": 1}"#)
    );
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let past = (Utc::now() - TimeDelta::hours(1)).to_rfc3339();
    for (body, says) in [
        (r#"{"beds_free": -1}"#.to_string(), "fewer than 0"),
        (
            r#"{"beds_free": 9, "beds_total": 2}"#.to_string(),
            "cannot be more",
        ),
        (
            format!(r#"{{"beds_free": 1, "expires_at": "{past}"}}"#),
            "in the past",
        ),
        (r#"{"beds_fre": 1}"#.to_string(), "unknown field"),
        ("not json".to_string(), "not availability JSON"),
        ("[null, null]".to_string(), "send an object"),
    ] {
        let refused = send!(app, put_availability(Some(&token), OURS, &body));
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(refused.body.contains(says), "{body}: {}", refused.body);
    }
    let get = send!(
        app,
        TestRequest::get().uri(&format!("/api/v1/programs/{OURS}/availability"))
    );
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    // At most 30 updates a minute per program.
    let mut last = StatusCode::OK;
    for _ in 0..31 {
        last = send!(
            app,
            put_availability(Some(&token), OURS, r#"{"beds_free": 1}"#)
        )
        .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let openapi = send!(app, TestRequest::get().uri("/api/openapi.json"));
    let doc: serde_json::Value = serde_json::from_str(&openapi.body).unwrap();
    assert!(doc["paths"]["/api/v1/programs/{id}/availability"]["put"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[actix_web::test]
async fn every_write_is_in_the_audit_log_with_who_what_before_after_and_when() {
    let data = tempfile::tempdir().unwrap();
    let seed = tempfile::tempdir().unwrap();
    let programs = seed.path().join("programs/ma");
    std::fs::create_dir_all(&programs).unwrap();
    std::fs::copy(
        common::repo_path(&format!("seed-data/programs/ma/{OURS}.toml")),
        programs.join(format!("{OURS}.toml")),
    )
    .unwrap();
    let clock = Clock::new();
    let (_dir, catalog) = common::fresh_catalog();
    let c = clock.clone();
    let state = Data::new(
        AppState::new(catalog, common::shared_geo(), data.path())
            .with_clock(move || c.now())
            .with_rate_limit(0)
            .with_seed_dir(seed.path()),
    );
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-audit");
    let csrf = csrf_of!(app, session, OURS);
    let base = format!("/operator/programs/{OURS}");
    for (action, body) in [
        ("confirm", ""),
        ("status", "&status=temporarily_closed"),
        ("availability", "&beds_free=1&beds_total=4"),
        (
            "correction",
            "&field=phone&value=413-555-0142&note=SYNTHETIC+new+line",
        ),
    ] {
        let done = send!(
            app,
            op(
                form(&format!("{base}/{action}"), &format!("csrf={csrf}{body}")),
                &session
            )
        );
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.body
        );
    }
    send!(
        app,
        op(
            form(&format!("{base}/token"), &format!("csrf={csrf}")),
            &session
        )
    );
    let token = state
        .store
        .rotate_token(OURS, "operator:synthetic-audit", state.now())
        .await
        .unwrap();
    send!(
        app,
        put_availability(Some(&token), OURS, r#"{"beds_free": 2, "beds_total": 4}"#)
    );
    send!(
        app,
        form(
            &format!("/programs/{OURS}/report"),
            "reason=other&note=SYNTHETIC+report"
        )
    );

    // A curator reads the correction beside the listing and accepts it into the seed file.
    let invite = state
        .store
        .create_invite(Role::Curator, None, state.now())
        .await
        .unwrap();
    let signed = send!(
        app,
        form(
            "/curate/invite",
            &format!(
                "token={invite}&login=synthetic-curator&passphrase={}&again={}",
                enc(PASSPHRASE),
                enc(PASSPHRASE)
            )
        )
    );
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let curator = signed.session_cookie().unwrap();
    let queue = send!(
        app,
        with_cookie(
            TestRequest::get().uri("/curate"),
            "peerway_curator",
            &curator
        )
    );
    assert!(
        queue.body.contains("413-555-0142"),
        "the correction is listed"
    );
    assert!(
        queue.body.contains("SYNTHETIC report"),
        "the report is listed"
    );
    let curator_csrf = queue.csrf();
    let correction = state.store.corrections(true).await.unwrap().remove(0);
    let accepted = send!(
        app,
        with_cookie(
            form(
                &format!("/curate/corrections/{}", correction.id),
                &format!("csrf={curator_csrf}&decision=accept")
            ),
            "peerway_curator",
            &curator
        )
    );
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let written = std::fs::read_to_string(programs.join(format!("{OURS}.toml"))).unwrap();
    assert!(written.contains("413-555-0142"));
    assert!(written.contains("confirmed_by_program"));
    let report = state.store.reports(true).await.unwrap().remove(0);
    let rejected = send!(
        app,
        with_cookie(
            form(
                &format!("/curate/reports/{}", report.id),
                &format!("csrf={curator_csrf}&decision=reject")
            ),
            "peerway_curator",
            &curator
        )
    );
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);

    let log = state.store.audit_log(usize::MAX).await.unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    for expected in [
        ("operator:synthetic-audit", "confirm"),
        ("operator:synthetic-audit", "status"),
        ("operator:synthetic-audit", "availability"),
        ("operator:synthetic-audit", "correction_proposed:phone"),
        ("operator:synthetic-audit", "api_token"),
        (&*format!("token:{OURS}"), "availability"),
        ("public", "problem_report"),
        ("curator:synthetic-curator", "seed_file_written:phone"),
        ("curator:synthetic-curator", "correction_accepted"),
        ("curator:synthetic-curator", "report_rejected"),
        ("operator:synthetic-audit", "invite_accepted"),
    ] {
        assert!(
            actions.contains(&expected),
            "{expected:?} missing from {actions:?}"
        );
    }
    let status = log.iter().find(|e| e.action == "status").unwrap();
    assert!(status
        .before
        .as_deref()
        .is_some_and(|b| !b.contains("temporarily_closed")));
    assert!(status
        .after
        .as_deref()
        .is_some_and(|a| a.contains("temporarily_closed")));
    let page = send!(
        app,
        with_cookie(
            TestRequest::get().uri("/curate/audit"),
            "peerway_curator",
            &curator
        )
    );
    assert!(page.body.contains("correction_accepted"));
    let export = send!(
        app,
        with_cookie(
            TestRequest::get().uri("/curate/audit.jsonl"),
            "peerway_curator",
            &curator
        )
    );
    assert_eq!(export.body.lines().count(), log.len());
    let anonymous = send!(app, TestRequest::get().uri("/curate/audit.jsonl"));
    assert_eq!(anonymous.status, StatusCode::FORBIDDEN);
}

/// A store that cannot be reached: a data "folder" that is a file.
fn broken_state(data: &std::path::Path) -> Data<AppState> {
    let blocker = data.join("blocker");
    std::fs::write(&blocker, "not a folder").unwrap();
    let (_dir, catalog) = common::fresh_catalog();
    Data::new(
        AppState::new(catalog, common::shared_geo(), data)
            .with_store(Store::sqlite_in(&blocker.join("data")), data)
            .with_rate_limit(0),
    )
}

#[actix_web::test]
async fn without_the_store_public_pages_serve_and_writes_answer_503() {
    let data = tempfile::tempdir().unwrap();
    let state = broken_state(data.path());
    let app = test::init_service(app(state.clone())).await;
    for uri in [
        "/",
        "/search?q=respite",
        &format!("/programs/{OURS}"),
        "/api/v1/search?q=warmline",
        "/hsds/services",
    ] {
        let page = send!(app, TestRequest::get().uri(uri));
        assert_eq!(page.status, StatusCode::OK, "{uri}");
    }
    let report = send!(
        app,
        form(
            &format!("/programs/{OURS}/report"),
            "reason=other&note=SYNTHETIC"
        )
    );
    assert_eq!(report.status, StatusCode::SERVICE_UNAVAILABLE);
    let sign_in = send!(
        app,
        form(
            "/operator/sign-in",
            "login=synthetic&passphrase=whatever+it+is"
        )
    );
    assert_eq!(sign_in.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(sign_in.body.contains("try again"), "{}", sign_in.body);
    let put = send!(
        app,
        put_availability(
            Some(&format!("pwt_{}", "0".repeat(64))),
            OURS,
            r#"{"beds_free": 1}"#
        )
    );
    assert_eq!(put.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(put.body.contains("nothing was stored"));
}

#[actix_web::test]
async fn old_report_files_are_imported_once_into_the_store() {
    let data = tempfile::tempdir().unwrap();
    let line = r#"{"received_at":"2026-11-01T10:00:00Z","program_id":"afiya-peer-respite","reason":"wrong_phone","note":"SYNTHETIC old"}"#;
    std::fs::write(data.path().join("reports.jsonl"), format!("{line}\n")).unwrap();
    let state = state_in(data.path(), &Clock::new());
    let first = test::init_service(app(state.clone())).await;
    send!(
        first,
        form(
            &format!("/programs/{OURS}/report"),
            "reason=other&note=SYNTHETIC+new"
        )
    );
    let again = state_in(data.path(), &Clock::new());
    let second = test::init_service(app(again.clone())).await;
    send!(
        second,
        form(
            &format!("/programs/{OURS}/report"),
            "reason=closed&note=SYNTHETIC+newer"
        )
    );
    let reports = state.store.reports(false).await.unwrap();
    let notes: Vec<&str> = reports.iter().map(|r| r.report.note.as_str()).collect();
    assert_eq!(notes, ["SYNTHETIC old", "SYNTHETIC new", "SYNTHETIC newer"]);
}

// ---------------------------------------------------------------------------
// Several servers on one database (real processes).

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    Some((status, response))
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(
    index: &std::path::Path,
    data: &std::path::Path,
    database: Option<&str>,
    port: u16,
    log: &std::path::Path,
) -> Server {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_peerway"));
    command
        .args([
            "--index",
            index.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .args(["--seed", common::repo_path("seed-data").to_str().unwrap()])
        .args([
            "--geo",
            common::repo_path("seed-data/geo").to_str().unwrap(),
        ])
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).unwrap());
    command.env_remove(peerway::store::DATABASE_URL_VAR);
    if let Some(url) = database {
        command.env(peerway::store::DATABASE_URL_VAR, url);
    }
    let server = Server(command.spawn().unwrap());
    let started = std::time::Instant::now();
    while http(port, "GET", "/healthz", &[], "").is_none() {
        assert!(
            started.elapsed().as_secs() < 120,
            "server on {port} did not start: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    server
}

/// Two `peerway serve` processes on one database and one index folder: beds free
/// set through one are on the other's pages and API within 5 s; a program closed
/// through the other leaves the first one's search within 5 s. The log holds no
/// token.
fn two_servers_share_updates(database: Option<&str>) {
    let index = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    peerway::index::build_from_seed(
        &common::repo_path("seed-data"),
        common::geo(),
        &peerway::index::IndexStore::new(index.path()),
        &mut |_| Ok(()),
    )
    .unwrap();
    let (port_a, port_b) = (free_port(), free_port());
    let _a = start(
        index.path(),
        data.path(),
        database,
        port_a,
        &logs.path().join("a.log"),
    );
    let _b = start(
        index.path(),
        data.path(),
        database,
        port_b,
        &logs.path().join("b.log"),
    );
    let store = match database {
        Some(url) => Store::connect(url).unwrap(),
        None => Store::sqlite_in(data.path()),
    };
    let token = store
        .wait(store.rotate_token(OURS, "test", Utc::now()))
        .unwrap();
    let beds = 1 + (Utc::now().timestamp_subsec_millis() % 40);
    let body = format!(r#"{{"beds_free": {beds}, "beds_total": 45}}"#);
    let auth = format!("Bearer {token}");
    let (status, answer) = http(
        port_a,
        "PUT",
        &format!("/api/v1/programs/{OURS}/availability"),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .unwrap();
    assert_eq!(status, 200, "{answer}");
    let wanted = format!("{beds} of 45 beds free");
    let started = std::time::Instant::now();
    loop {
        let (_, page) = http(port_b, "GET", &format!("/programs/{OURS}"), &[], "").unwrap();
        if page.contains(&wanted) {
            break;
        }
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "server B did not show the update within 5 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (_, api) = http(port_b, "GET", "/api/v1/search?beds=free", &[], "").unwrap();
    assert!(api.contains(OURS));
    for log in ["a.log", "b.log"] {
        let text = std::fs::read_to_string(logs.path().join(log)).unwrap();
        assert!(!text.contains(&token), "{log} holds the token");
    }
}

#[test]
fn two_servers_on_one_sqlite_file_see_each_others_updates_within_5_s() {
    two_servers_share_updates(None);
}

/// The PostgreSQL URL `.ci/run` sets; a run that asks for these tests without it fails.
fn postgres_url() -> String {
    std::env::var(peerway::store::DATABASE_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{} is not set: the PostgreSQL tests need a running PostgreSQL (bash .ci/run starts one)",
            peerway::store::DATABASE_URL_VAR
        )
    })
}

#[test]
#[ignore = "needs PostgreSQL: run by .ci/run with PEERWAY_DATABASE_URL"]
fn postgres_two_servers_on_one_database_see_each_others_updates_within_5_s() {
    two_servers_share_updates(Some(&postgres_url()));
}

#[actix_web::test]
#[ignore = "needs PostgreSQL: run by .ci/run with PEERWAY_DATABASE_URL"]
async fn postgres_store_keeps_reports_accounts_live_listings_and_the_audit_log() {
    let store = Store::connect(&postgres_url()).unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let (_dir, catalog) = common::fresh_catalog();
    let state = Data::new(
        AppState::new(catalog, common::shared_geo(), data.path())
            .with_store(store.clone(), data.path())
            .with_rate_limit(0),
    );
    let app = test::init_service(app(state.clone())).await;
    let login = format!("synthetic-pg-{}", Utc::now().timestamp_micros());
    let session = sign_up!(app, state, OURS, &login);
    let csrf = csrf_of!(app, session, OURS);
    let done = send!(
        app,
        op(
            form(
                &format!("/operator/programs/{OURS}/availability"),
                &format!("csrf={csrf}&beds_free=3&beds_total=9")
            ),
            &session
        )
    );
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let idor = send!(
        app,
        op(
            form(
                &format!("/operator/programs/{THEIRS}/confirm"),
                &format!("csrf={csrf}")
            ),
            &session
        )
    );
    assert_eq!(idor.status, StatusCode::FORBIDDEN);
    let page = send!(app, TestRequest::get().uri(&format!("/programs/{OURS}")));
    assert!(page.body.contains("3 of 9 beds free"));
    let note = format!("SYNTHETIC pg {login}");
    let report = send!(
        app,
        form(
            &format!("/programs/{OURS}/report"),
            &format!("reason=other&note={}", enc(&note))
        )
    );
    assert_eq!(report.status, StatusCode::OK);
    assert!(store
        .reports(false)
        .await
        .unwrap()
        .iter()
        .any(|r| r.report.note == note));
    let log = store.audit_log(50).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == format!("operator:{login}") && e.action == "availability"));
    for _ in 0..5 {
        send!(
            app,
            form(
                "/operator/sign-in",
                &format!("login={login}&passphrase=wrong+wrong+wrong")
            )
        );
    }
    let throttled = send!(
        app,
        form(
            "/operator/sign-in",
            &format!("login={login}&passphrase={}", enc(PASSPHRASE))
        )
    );
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn a_session_ends_after_eight_hours_and_the_spanish_pages_have_their_own_cookie_path() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::new();
    let state = state_in(data.path(), &clock);
    let app = test::init_service(app(state.clone())).await;
    let session = sign_up!(app, state, OURS, "synthetic-expires");
    let spanish = send!(app, op(TestRequest::get().uri("/es/operator"), &session));
    assert!(spanish.body.contains("Sus programas"), "{}", spanish.body);
    assert!(spanish.body.contains("lang=\"es\""));
    clock.advance(TimeDelta::hours(8) + TimeDelta::minutes(1));
    let later = send!(app, op(TestRequest::get().uri("/operator"), &session));
    assert!(
        later.body.contains("Sign in for program staff"),
        "the session ended"
    );
    let signed_out = send!(app, TestRequest::get().uri("/es/operator"));
    assert!(signed_out
        .body
        .contains("Entrada para el personal de los programas"));
}
