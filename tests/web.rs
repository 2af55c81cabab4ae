//! The web front end, in process: every route, status codes, key content and headers.

use crate::common;

use actix_web::http::StatusCode;

use crate::common::{get_page as get, listed_programs, seed_programs, Page};

/// Every resource a page loads (not links it offers) comes from this site.
fn assert_no_third_party_resources(body: &str) {
    for attribute in ["src=\"", "<link rel=\"stylesheet\" href=\""] {
        for (i, _) in body.match_indices(attribute) {
            let value = &body[i + attribute.len()..];
            assert!(
                value.starts_with('/') && !value.starts_with("//"),
                "third-party resource: {}",
                &value[..40.min(value.len())]
            );
        }
    }
    assert!(!body.contains("@import"));
}

fn assert_safe_headers(page: &Page) {
    let csp = page
        .headers
        .get("content-security-policy")
        .expect("CSP")
        .to_str()
        .unwrap();
    assert!(csp.starts_with("default-src 'self'"));
    assert_eq!(page.headers.get("referrer-policy").unwrap(), "no-referrer");
    assert!(page.headers.get("set-cookie").is_none(), "no cookies");
}

fn assert_crisis_banner_and_quick_exit(body: &str) {
    assert!(body.contains("href=\"tel:911\""));
    assert!(body.contains("href=\"tel:988\""));
    assert!(body.contains("href=\"sms:988\""));
    assert!(body.contains("class=\"quick-exit\" href=\"https://www.weather.gov/\""));
}

#[actix_web::test]
async fn home_answers_the_question_with_models_and_counts() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_safe_headers(&page);
    assert_crisis_banner_and_quick_exit(&page.body);
    assert_no_third_party_resources(&page.body);
    assert!(page
        .body
        .contains("What are the alternatives to hospitalizing people?"));
    let listed = |kind: peerway::model::ServiceKind| {
        listed_programs().iter().filter(|p| p.kind == kind).count()
    };
    assert!(page.body.contains(&format!(
        "href=\"/search?kind=peer_respite\">See the {} listed",
        listed(peerway::model::ServiceKind::PeerRespite)
    )));
    assert!(page.body.contains(&format!(
        "href=\"/search?kind=warmline\">See the {} listed",
        listed(peerway::model::ServiceKind::Warmline)
    )));
    assert!(
        page.body
            .contains("id=\"use-location\" type=\"button\" hidden"),
        "location is JS-only"
    );
}

#[actix_web::test]
async fn results_near_northampton_list_afiya_first_with_one_tap_contacts() {
    let page = get("/search?q=respite&near=01060").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_safe_headers(&page);
    assert_crisis_banner_and_quick_exit(&page.body);
    assert_no_third_party_resources(&page.body);
    let afiya = page.body.find("Afiya Peer Respite").expect("Afiya listed");
    let karaya = page
        .body
        .find("Karaya Peer-Run Respite")
        .expect("Karaya listed");
    assert!(afiya < karaya);
    assert!(page
        .body
        .contains("href=\"tel:+14135702990\">Call 413-570-2990"));
    assert!(page
        .body
        .contains("Peer-run</span> <span class=\"meta\">run by people with lived experience"));
    assert!(page.body.contains("Evidence: "));
    assert!(page.body.contains("by desk review of "));
    assert!(page.body.contains("1 mi away"));
    // A facet link keeps the query and adds the filter.
    assert!(page
        .body
        .contains("href=\"/search?q=respite&amp;near=01060&amp;kind=peer_respite\""));
}

#[actix_web::test]
async fn active_filter_is_shown_and_removable() {
    let page = get("/search?near=97401&kind=warmline").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("aria-label=\"Remove filter Kind: Warmline\""));
    assert!(
        page.body.contains("href=\"/search?near=97401\""),
        "removing the filter keeps the place"
    );
    assert!(page.body.contains("David Romprey Oregon Warmline"));
    assert!(page.body.contains("Serves all of Oregon"));
    assert!(page.body.contains("Serves the whole US"));
}

#[actix_web::test]
async fn dispatch_only_team_says_call_911_and_ask() {
    let page = get("/search?q=cahoots").await;
    assert!(page
        .body
        .contains("href=\"tel:911\">Call 911 and ask for CAHOOTS"));
}

#[actix_web::test]
async fn no_results_offers_wider_radius_dropped_filters_and_serving_lines() {
    let page = get("/search?q=zzzqqqxx&near=97401&radius=25mi&kind=peer_respite").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No programs match this search."));
    assert!(page.body.contains("Search twice as far (50 miles)"));
    assert!(page.body.contains("Drop the filter “Peer respite”"));
    assert!(page.body.contains("Nothing matched your words"));
    assert!(page.body.contains("David Romprey Oregon Warmline"));
    let fallback = page
        .body
        .split("Nothing matched your words")
        .nth(1)
        .unwrap();
    assert!(
        fallback.contains("Peer respite ·"),
        "the nearest peer respite is offered"
    );
    assert!(
        fallback.contains("Mobile crisis team ·"),
        "and the nearest mobile team"
    );
}

#[actix_web::test]
async fn pagination_links_move_between_pages() {
    let first = get("/search").await;
    assert!(first.body.contains("rel=\"next\""));
    assert!(first.body.contains("href=\"/search?page=2\""));
    let second = get("/search?page=2").await;
    assert!(second.body.contains("rel=\"prev\""));
}

/// The budget holds at every hour of the week: which programs are open changes the
/// order and the cards' hours lines, so a page measured at one moment proves little
/// (the same page weighed 50.5 KB at noon and 51.5 KB at 2 am).
#[actix_web::test]
async fn results_page_with_20_results_weighs_under_50_kb_with_its_css_at_any_hour() {
    use chrono::{Duration, TimeZone, Utc};
    let css = get("/static/site.css").await;
    assert_eq!(
        css.headers.get("content-type").unwrap(),
        "text/css; charset=utf-8"
    );
    let data = tempfile::tempdir().unwrap();
    // Monday 2026-06-01 00:00 UTC, then every 3 hours for a week.
    let monday = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    let mut heaviest = (0, monday);
    for step in 0..56 {
        let now = monday + Duration::hours(3 * step);
        let request = actix_web::test::TestRequest::get().uri("/search?per_page=20");
        let page = common::call_app(request, Some(now), data.path()).await;
        assert_eq!(page.body.matches("<li class=\"hit\">").count(), 20);
        heaviest = heaviest.max((page.body.len() + css.body.len(), now));
    }
    let (weight, at) = heaviest;
    println!("heaviest 20-result page with its CSS: {weight} bytes, at {at}");
    assert!(weight < 50 * 1024, "{weight} bytes at {at}");
}

#[actix_web::test]
async fn program_page_has_every_field_sources_and_json_ld() {
    let page = get("/programs/afiya-peer-respite?back=%2Fsearch%3Fq%3Drespite").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_crisis_banner_and_quick_exit(&page.body);
    for text in [
        "Afiya Peer Respite",
        "Wildflower Alliance",
        "Up to 7 nights",
        "Free; no insurance required",
        "18+",
        "https://wildfloweralliance.org/afiya/",
        "Evidence: ",
        "Checked ",
    ] {
        assert!(page.body.contains(text), "program page lacks {text}");
    }
    assert!(page
        .body
        .contains("href=\"/search?q=respite\">← Back to results"));
    let start = page
        .body
        .find("<script type=\"application/ld+json\">")
        .unwrap()
        + 35;
    let end = start + page.body[start..].find("</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(&page.body[start..end]).unwrap();
    assert_eq!(json["@type"], "Organization");
    assert_eq!(json["telephone"], "413-570-2990");
    assert_eq!(json["address"]["addressLocality"], "Northampton");
}

#[actix_web::test]
async fn back_link_never_leaves_the_site() {
    let page = get("/programs/afiya-peer-respite?back=https%3A%2F%2Fevil.example").await;
    assert!(page.body.contains("href=\"/search\">← Back to results"));
}

#[actix_web::test]
async fn bad_input_gets_a_400_page_that_says_what_to_fix() {
    let long_query = format!("/search?q={}", "a".repeat(10_000));
    let cases = [
        ("/search?near=Nothampton+MA", "did you mean"),
        (
            "/search?radius=abc",
            "radius &#39;abc&#39; is not a distance",
        ),
        (
            "/search?page=-1",
            "page &#39;-1&#39; must be a whole number",
        ),
        (long_query.as_str(), "keep it under 200"),
        ("/search?kind=hospital", "is not a known kind"),
        ("/search?color=blue", "unknown parameter"),
        ("/search?sort=distance", "needs a place"),
    ];
    for (uri, message) in cases {
        let page = get(uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        let body = page.body.replace("'", "&#39;");
        assert!(
            body.contains(message),
            "{uri}: {}",
            &page.body[..page.body.len().min(3000)]
        );
        assert_crisis_banner_and_quick_exit(&page.body);
    }
}

#[actix_web::test]
async fn misspelled_place_links_to_the_suggestion() {
    let page = get("/search?q=respite&near=Nothampton+MA").await;
    assert!(page
        .body
        .contains("href=\"/search?q=respite&amp;near=Northampton%2C+MA\">Northampton, MA</a>"));
}

#[actix_web::test]
async fn unknown_program_and_unknown_page_are_404_pages() {
    let program = get("/programs/no-such-program").await;
    assert_eq!(program.status, StatusCode::NOT_FOUND);
    assert!(
        program
            .body
            .contains("No program with the id &#39;no-such-program&#39;")
            || program
                .body
                .contains("No program with the id 'no-such-program'")
    );
    let page = get("/nowhere").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_crisis_banner_and_quick_exit(&page.body);
}

#[actix_web::test]
async fn api_search_has_the_cli_shape() {
    let page = get(
        "/api/v1/search?q=peer+respite&near=01060&radius=100mi&kind=peer_respite&kind=warmline",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_safe_headers(&page);
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(json["hits"][0]["id"], "afiya-peer-respite");
    for key in common::HIT_KEYS {
        assert!(json["hits"][0].get(key).is_some(), "{key}");
    }
    assert!(json["facets"]["kind"]["warmline"].as_u64().is_some());
    assert!(json["total"].as_u64().unwrap() >= 3);
}

#[actix_web::test]
async fn api_errors_are_json_with_400_and_404() {
    let bad = get("/api/v1/search?radius=abc").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert!(json["error"].as_str().unwrap().contains("radius"));
    let missing = get("/api/v1/programs/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(serde_json::from_str::<serde_json::Value>(&missing.body).unwrap()["error"].is_string());
    let nowhere = get("/api/v1/nowhere").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn api_program_and_facets_and_healthz() {
    let program = get("/api/v1/programs/afiya-peer-respite").await;
    let json: serde_json::Value = serde_json::from_str(&program.body).unwrap();
    assert_eq!(json["contact"]["phones"][0]["digits"], "4135702990");
    assert_eq!(json["verified"]["method"], "desk_review");
    let facets = get("/api/v1/facets").await;
    let json: serde_json::Value = serde_json::from_str(&facets.body).unwrap();
    assert_eq!(json["total"], listed_programs().len());
    assert_eq!(json["facets"]["kind"]["label"], "Kind");
    let health = get("/healthz").await;
    let json: serde_json::Value = serde_json::from_str(&health.body).unwrap();
    assert_eq!(json["programs"], seed_programs().len());
}

#[actix_web::test]
async fn about_page_credits_geonames() {
    let page = get("/about").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("GeoNames (geonames.org), CC BY 4.0"));
    assert!(page.body.contains("not confirmed by phone"));
}

#[actix_web::test]
async fn static_script_is_served_from_this_site() {
    let js = get("/static/site.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("Escape"));
}

#[actix_web::test]
async fn the_question_gets_an_answer_block_on_the_page() {
    let page = get("/search?q=what+are+the+alternatives+to+hospitalizing+people&near=01060").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(
        "id=\"answer-heading\">Alternatives to hospitalization near Northampton MA (01060)"
    ));
    assert!(page.body.contains(
        "nearest: <a href=\"/programs/afiya-peer-respite\">Afiya Peer Respite</a> (1 mi)"
    ));
}

#[actix_web::test]
async fn place_read_from_the_words_is_said_and_misspelled_one_suggested() {
    let page = get("/search?q=respite+charlotte").await;
    assert!(page
        .body
        .contains("Showing programs near <strong>Charlotte, NC</strong>"));
    assert!(page.body.contains("Retreat @ The Plaza"));
    let page = get("/search?q=respite+near+madisn+wi").await;
    assert!(page
        .body
        .contains("We could not find that place. Did you mean"));
    assert!(page
        .body
        .contains("href=\"/search?q=respite&amp;near=Madison%2C+WI\">Madison, WI</a>"));
}

#[actix_web::test]
async fn a_closed_program_leaves_search_maps_and_counts_but_keeps_its_page() {
    let closed: Vec<_> = seed_programs()
        .iter()
        .filter(|p| p.status == peerway::model::ProgramStatus::Closed)
        .collect();
    assert!(!closed.is_empty(), "seed-data records closures");
    let riverwalk = closed
        .iter()
        .find(|p| p.id == "riverwalk-crisis-center")
        .expect("Riverwalk is recorded as closed");
    let page = get("/programs/riverwalk-crisis-center").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("<strong>Closed</strong> since January 2025"));
    let near = get("/search?q=crisis&near=Missoula%2C+MT").await;
    assert!(
        !near.body.contains(&riverwalk.name),
        "closed program in results"
    );
    let asked = get("/search?q=crisis&near=Missoula%2C+MT&status=closed").await;
    assert!(
        asked.body.contains(&riverwalk.name),
        "status=closed finds it"
    );
    let montana = get("/states/MT").await;
    assert!(!montana.body.contains("/programs/riverwalk-crisis-center\""));
    let api = get("/api/v1/search?status=closed&per_page=50").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["total"], closed.len());
    let all = get("/api/v1/search?per_page=1").await;
    let json: serde_json::Value = serde_json::from_str(&all.body).unwrap();
    assert_eq!(json["total"], listed_programs().len());
}

#[actix_web::test]
async fn pages_show_the_evidence_line_and_warn_of_old_information() {
    let today = chrono::Utc::now().date_naive();
    let old = listed_programs()
        .into_iter()
        .find(|p| p.evidence_age(today) == peerway::model::EvidenceAge::Old)
        .expect("some listing rests on old evidence");
    let page = get(&format!("/programs/{}", old.id)).await;
    assert!(page.body.contains("Old information — call before going"));
    assert!(page.body.contains("Evidence: "));
    let recent = listed_programs()
        .into_iter()
        .find(|p| p.evidence_age(today) == peerway::model::EvidenceAge::Recent)
        .unwrap();
    let page = get(&format!("/programs/{}", recent.id)).await;
    assert!(!page.body.contains("Old information — call before going"));
    // Search can leave old information out.
    let api = get("/api/v1/search?evidence=recent&per_page=1").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let recent_count = listed_programs()
        .iter()
        .filter(|p| p.evidence_age(today) == peerway::model::EvidenceAge::Recent)
        .count();
    assert_eq!(json["total"], recent_count);
}

#[actix_web::test]
async fn a_listing_nobody_can_reach_says_so_and_links_the_report_form() {
    let unreachable = listed_programs()
        .into_iter()
        .find(|p| !p.is_reachable())
        .expect("some listing still has no way to reach it");
    let page = get(&format!("/programs/{}", unreachable.id)).await;
    assert!(page.body.contains("No public contact found"));
    assert!(page.body.contains("tell us if you know one"));
}

/// The results for a person in Columbus at 2:30 am: the first result answers now,
/// the distress phrasings all find something, and the page title says nothing of
/// what was searched (it shows in history and tab lists).
#[actix_web::test]
async fn at_half_past_two_in_the_morning_what_answers_now_comes_first() {
    use chrono::TimeZone;
    let half_past_two_et = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 7, 30, 0).unwrap();
    let data = tempfile::tempdir().unwrap();
    let page = common::call_app(
        actix_web::test::TestRequest::get()
            .uri("/search?q=I+need+someone+to+talk+to&near=Columbus%2C+OH"),
        Some(half_past_two_et),
        data.path(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let first_hit = page
        .body
        .split("<li class=\"hit\">")
        .nth(1)
        .expect("at least one result");
    let first_hit = first_hit.split("</article>").next().unwrap();
    assert!(
        first_hit.contains("● Open"),
        "the first result at 2:30 am is open now: {first_hit}"
    );
    assert!(page
        .body
        .contains("<title>Search results · Peerway</title>"));
    assert!(!page.body.contains("<title>“I need"));
    for words in [
        "somewhere to stay tonight",
        "im not ok",
        "I can't do this anymore",
        "need to get out of the house",
    ] {
        let uri = format!(
            "/search?q={}&near=Columbus%2C+OH",
            url::form_urlencoded::byte_serialize(words.as_bytes()).collect::<String>()
        );
        let page = common::call_app(
            actix_web::test::TestRequest::get().uri(&uri),
            Some(half_past_two_et),
            data.path(),
        )
        .await;
        assert!(
            page.body.contains("<li class=\"hit\">"),
            "“{words}” finds programs"
        );
        assert!(!page.body.contains("No programs match"), "“{words}”");
    }
}
