//! Peerway en español, in process: every page at /es/…, the language switch, the
//! suggestion made to a browser that prefers Spanish, Spanish search and the
//! Spanish-speaking programs put forward.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::common::{call_app, get_page as get, seed_programs, Page};

/// Wednesday 2026-12-02, 10 am in Texas: day programs open, the clock fixed.
fn morning() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-02T16:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

async fn get_at(uri: &str) -> Page {
    let data = tempfile::tempdir().unwrap();
    call_app(TestRequest::get().uri(uri), Some(morning()), data.path()).await
}

fn assert_spanish_page(page: &Page, what: &str) {
    assert!(
        page.body.contains("<html lang=\"es\">"),
        "{what}: not a Spanish page"
    );
    assert!(page.headers.get("set-cookie").is_none(), "{what}: a cookie");
    assert!(
        page.body.contains("En peligro ahora:"),
        "{what}: crisis banner"
    );
    assert!(
        page.body.contains("href=\"tel:911\">llame al 911</a>"),
        "{what}"
    );
    assert!(
        page.body
            .contains("href=\"sms:988\">envíe un texto al 988</a>"),
        "{what}"
    );
    assert!(
        page.body.contains(">Salida rápida</a>"),
        "{what}: Quick exit"
    );
    assert!(
        page.body.contains("hreflang=\"en\"") && page.body.contains("hreflang=\"es\""),
        "{what}: hreflang alternates"
    );
    for english in [
        "Skip to content",
        "In danger now",
        "Quick exit",
        "About the data",
    ] {
        assert!(
            !page.body.contains(english),
            "{what}: English words {english:?}"
        );
    }
}

#[actix_web::test]
async fn every_html_page_has_a_spanish_twin_at_es() {
    let program = &seed_programs()[0].id;
    for path in [
        "/es/".to_string(),
        "/es".to_string(),
        "/es/search".to_string(),
        "/es/search?q=respiro&near=01060".to_string(),
        format!("/es/programs/{program}"),
        format!("/es/referral?ids={program}"),
        "/es/models".to_string(),
        "/es/models/peer_respite".to_string(),
        "/es/states".to_string(),
        "/es/states/TX".to_string(),
        "/es/counties".to_string(),
        "/es/about".to_string(),
        "/es/data".to_string(),
        "/es/api".to_string(),
    ] {
        let page = get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_spanish_page(&page, &path);
    }
    let home = get("/es/").await;
    assert!(home
        .body
        .contains("¿Cuáles son las alternativas a la hospitalización?"));
    assert!(
        home.body.contains("action=\"/es/search\""),
        "the form stays Spanish"
    );
}

#[actix_web::test]
async fn english_and_spanish_pages_name_each_other_and_keep_the_query() {
    let english = get("/search?q=respite&near=01060&kind=peer_respite").await;
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(
        english.body.contains(
            "href=\"/es/search?q=respite&amp;near=01060&amp;kind=peer_respite\" lang=\"es\" hreflang=\"es\">Español</a>"
        ),
        "the switch keeps the words, the place and the filter"
    );
    assert!(english.body.contains(
        "<link rel=\"alternate\" hreflang=\"es\" href=\"http://127.0.0.1:8080/es/search?q=respite&amp;near=01060&amp;kind=peer_respite\">"
    ));
    let spanish = get("/es/search?q=respiro&near=01060&kind=peer_respite").await;
    assert!(spanish.body.contains(
        "href=\"/search?q=respiro&amp;near=01060&amp;kind=peer_respite\" lang=\"en\" hreflang=\"en\">English</a>"
    ));
    assert!(spanish
        .body
        .contains("<strong lang=\"es\" aria-current=\"true\">Español</strong>"));
    // Links within the Spanish page stay Spanish.
    assert!(spanish
        .body
        .contains("href=\"/es/programs/afiya-peer-respite?back="));
    assert!(!spanish.body.contains("href=\"/programs/"));
}

#[actix_web::test]
async fn a_browser_preferring_spanish_is_offered_a_link_never_redirected() {
    let data = tempfile::tempdir().unwrap();
    let spanish = call_app(
        TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "es-MX,es;q=0.9,en;q=0.8")),
        None,
        data.path(),
    )
    .await;
    assert_eq!(spanish.status, StatusCode::OK, "no redirect");
    assert!(spanish.headers.get("location").is_none());
    assert!(spanish.headers.get("set-cookie").is_none());
    assert_eq!(spanish.headers.get("vary").unwrap(), "Accept-Language");
    assert!(spanish.body.contains("<html lang=\"en\">"));
    assert!(spanish.body.contains(
        "<p class=\"notice lang-suggestion\" lang=\"es\"><a href=\"/es/\" hreflang=\"es\">"
    ));
    let english = call_app(
        TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "en-US,en;q=0.9,es;q=0.8")),
        None,
        data.path(),
    )
    .await;
    assert!(!english.body.contains("lang-suggestion"));
    assert_eq!(english.headers.get("vary").unwrap(), "Accept-Language");
}

#[actix_web::test]
async fn talking_to_someone_near_san_antonio_finds_the_bexar_warmline_in_spanish() {
    let page = get_at("/es/search?q=necesito+hablar+con+alguien&near=78201").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_spanish_page(&page, "results");
    let first = page.body.find("<li class=\"hit\">").unwrap();
    let bexar = page.body.find("NAMI Bexar County Warm Line").unwrap();
    assert!(
        bexar > first && bexar < first + 600,
        "the Bexar warmline first"
    );
    assert!(page
        .body
        .contains("<span class=\"badge spanish\">Atienden en español</span>"));
    assert!(
        page.body.contains("Español: no sabemos"),
        "cards say when it is not known"
    );
    // Said once: program details are in English.
    assert_eq!(page.body.matches("están en inglés").count(), 1);
    // Hours in Spanish, from the parsed schedule.
    assert!(page
        .body
        .contains("Abierto ahora · cierra a las 11 p. m. CT"));
    assert!(page
        .body
        .contains("todos los días 8 a. m.–11 p. m. (hora del Centro)"));
    // The language facet, open and labelled as the issue asks.
    assert!(page.body.contains("Atienden en español ("));
    assert!(page.body.contains("<summary>Idiomas</summary>"));
}

#[actix_web::test]
async fn the_spanish_site_puts_spanish_speaking_programs_first_among_equals() {
    // No words and one state: equal matches, ordered by the lift alone.
    let english = get_at("/search?state=TX&kind=warmline").await;
    let spanish = get_at("/es/search?state=TX&kind=warmline").await;
    let first_hit = |page: &Page| {
        let at = page.body.find("<li class=\"hit\">").unwrap();
        page.body[at..at + 400].to_string()
    };
    let spanish_first = first_hit(&spanish);
    let speaks_spanish = seed_programs()
        .iter()
        .filter(|p| {
            p.address.state == "TX" && p.eligibility.languages.iter().any(|l| l == "Spanish")
        })
        .any(|p| spanish_first.contains(&p.name));
    assert!(speaks_spanish, "{spanish_first}");
    assert!(english.body.contains("<html lang=\"en\">"));
}

#[actix_web::test]
async fn atienden_en_espanol_filters_to_programs_that_answer_in_spanish() {
    let page = get("/es/search?languages=spanish&per_page=100").await;
    let hits = page.body.matches("<li class=\"hit\">").count();
    let spanish = seed_programs()
        .iter()
        .filter(|p| p.status.listed_by_default())
        .filter(|p| p.eligibility.languages.iter().any(|l| l == "Spanish"))
        .count();
    assert_eq!(hits, spanish);
    assert_eq!(
        page.body
            .matches("<span class=\"badge spanish\">Atienden en español</span>")
            .count(),
        spanish
    );
    assert!(page.body.contains("Idiomas: Atienden en español ✕"));
}

#[actix_web::test]
async fn no_quiero_ir_al_hospital_answers_with_the_alternatives() {
    let page = get("/es/search?q=no+quiero+ir+al+hospital").await;
    assert!(page.body.contains("Alternativas a la hospitalización"));
    let first = page.body.find("<li class=\"hit\">").unwrap();
    let card = &page.body[first..first + 500];
    assert!(
        card.contains("Casa de respiro entre pares") || card.contains("Sala de calma"),
        "an alternative first, not a hospital: {card}"
    );
}

#[actix_web::test]
async fn errors_are_spanish_pages_under_es() {
    let missing = get("/es/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_spanish_page(&missing, "404");
    assert!(missing
        .body
        .contains("No hay ninguna página en /es/nowhere."));
    assert!(
        missing.body.contains("href=\"/nowhere\" lang=\"en\""),
        "switch to the English address"
    );
    let program = get("/es/programs/no-such-program").await;
    assert_eq!(program.status, StatusCode::NOT_FOUND);
    assert!(program.body.contains("No hay ningún programa"));
    let place = get("/es/search?near=Madisn%2C+WI").await;
    assert_eq!(place.status, StatusCode::BAD_REQUEST);
    assert_spanish_page(&place, "400");
    assert!(place.body.contains("Revise su búsqueda"));
    assert!(place.body.contains("¿quiso decir"));
    assert!(place
        .body
        .contains("href=\"/es/search?near=Madison%2C+WI\""));
    let english = get("/nowhere").await;
    assert!(english.body.contains("There is no page at /nowhere."));
    assert!(english.body.contains("href=\"/es/nowhere\" lang=\"es\""));
}

#[actix_web::test]
async fn a_referral_list_prints_and_copies_in_spanish() {
    let page =
        get_at("/es/referral?ids=nami-bexar-county-warm-line,afiya-peer-respite&near=78201").await;
    assert_spanish_page(&page, "referral");
    assert!(page.body.contains("<h1>Lista de referencias</h1>"));
    assert!(page
        .body
        .contains("En peligro ahora: llame al 911. Consejero de crisis a cualquier hora"));
    assert!(page.body.contains("Llamar al 210-939-9999"));
    assert!(page.body.contains("href=\"/es/referral.vcf?ids="));
    let card = get_at("/es/referral.vcf?ids=nami-bexar-county-warm-line").await;
    assert_eq!(card.status, StatusCode::OK);
    assert!(card.body.contains("NOTE:Línea de apoyo. Comprobado el"));
}

#[actix_web::test]
async fn a_report_sent_from_a_spanish_page_is_thanked_in_spanish() {
    let data = tempfile::tempdir().unwrap();
    let page = call_app(
        TestRequest::post()
            .uri("/es/programs/afiya-peer-respite/report")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload("reason=wrong_hours&note="),
        None,
        data.path(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_spanish_page(&page, "thanks");
    assert!(page.body.contains("<h1>Gracias</h1>"));
    // The switch leads to the program's page, not to the form's address.
    assert!(page
        .body
        .contains("href=\"/programs/afiya-peer-respite\" lang=\"en\""));
}

#[actix_web::test]
async fn the_api_keeps_codes_and_gives_labels_in_both_languages() {
    let page = get("/api/v1/facets").await;
    let facets: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let languages = &facets["facets"]["languages"];
    assert_eq!(languages["labels"]["es"], "Idiomas");
    let spanish = languages["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["value"] == "spanish")
        .unwrap();
    assert_eq!(spanish["label"], "Spanish");
    assert_eq!(spanish["labels"]["en"], "Spanish");
    assert_eq!(spanish["labels"]["es"], "Atienden en español");
    let kind = &facets["facets"]["kind"]["values"][0];
    assert!(kind["labels"]["es"].is_string());
    let states = facets["facets"]["state"]["values"].as_array().unwrap();
    let new_york = states.iter().find(|v| v["value"] == "NY").unwrap();
    assert_eq!(new_york["labels"]["es"], "Nueva York");
    // Search answers are the same whatever language a person reads.
    let api = get("/api/v1/search?q=respiro&near=01060").await;
    assert_eq!(api.status, StatusCode::OK);
    assert!(!api.body.contains("Casa de respiro"));
}
