//! The tantivy schema in one place: which program fields are searchable text,
//! which are facets, and which are fast fields read during geo filtering.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer,
};
use tantivy::Index;

use super::stem::RememberingStemmer;

/// The analyzer for searchable text: ASCII-folded, lower-cased, English stop words
/// removed and stemmed, so "respites" finds "respite" and "Línea" finds "linea".
pub const TEXT_ANALYZER: &str = "peerway_en";

/// Bit of the `serves_mask` fast field that stands for the whole country.
pub const NATIONAL_BIT: u32 = 63;

/// The fields of a program's document, looked up once per generation.
#[derive(Clone, Copy)]
pub struct Fields {
    /// The program's id, one untokenized term (look-ups by id).
    pub id: Field,
    /// Its name and former names: searchable text, boosted over the body.
    pub name: Field,
    /// Everything else a person might search it by (`document::searchable_body`).
    pub body: Field,
    /// `/kind/…`, `/state/…` and the other facets, derived from the sources' words.
    pub facet: Field,
    /// Latitude of its point (fast field), when located.
    pub lat: Field,
    /// Longitude of its point (fast field), when located.
    pub lon: Field,
    /// For statewide and national programs, a bit per served state (see `state_bit`).
    pub serves_mask: Field,
    /// The bit of the program's own address state.
    pub home_state: Field,
    /// The FIPS code of each county the program serves (none when not known).
    pub serves_county: Field,
    /// `Precision` as a number: 0 address, 1 zip, 2 city, 3 state.
    pub precision: Field,
    /// 1 for a peer-run program (ranked up), else 0.
    pub peer_run: Field,
    /// Where a program is and what it serves, as terms for a cheap prefilter:
    /// `serves:OR`, `serves:US`, `home:OR`, `county:25015` per served county, and
    /// `statepoint:OR` for a program known only to the state level.
    pub area: Field,
    /// 0 hours unknown, 1 open 24/7, 2+ = 2 + index into `BuildMeta::schedules`;
    /// "open now" is decided once per distinct schedule, then read per document.
    pub hours_code: Field,
    /// The whole `Program` as JSON, returned with every hit.
    pub program: Field,
}

/// Words are indexed with frequencies but no positions: no search uses phrases,
/// and positions cost build time and index size.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING),
        name: builder.add_text_field("name", text.clone()),
        body: builder.add_text_field("body", text),
        facet: builder.add_facet_field("facet", FacetOptions::default()),
        lat: builder.add_f64_field("lat", FAST),
        lon: builder.add_f64_field("lon", FAST),
        serves_mask: builder.add_u64_field("serves_mask", FAST),
        home_state: builder.add_u64_field("home_state", FAST),
        serves_county: builder.add_u64_field("serves_county", FAST),
        precision: builder.add_u64_field("precision", FAST),
        peer_run: builder.add_u64_field("peer_run", FAST),
        hours_code: builder.add_u64_field("hours_code", FAST),
        area: builder.add_text_field("area", STRING),
        program: builder.add_text_field("program", STORED),
    };
    (builder.build(), fields)
}

/// Look the fields up by name in an opened index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: field("id")?,
        name: field("name")?,
        body: field("body")?,
        facet: field("facet")?,
        lat: field("lat")?,
        lon: field("lon")?,
        serves_mask: field("serves_mask")?,
        home_state: field("home_state")?,
        serves_county: field("serves_county")?,
        precision: field("precision")?,
        peer_run: field("peer_run")?,
        hours_code: field("hours_code")?,
        area: field("area")?,
        program: field("program")?,
    })
}

/// Tokenizers are not stored in the index, so every opened index needs this.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// The analyzer behind `TEXT_ANALYZER`, also used to analyze what people type.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::new(Language::English).expect("tantivy ships English stop words"))
        .filter(RememberingStemmer)
        .build()
}

/// The bit for a state in the `serves_mask` / `home_state` fast fields: states are
/// numbered by their place in the gazetteer's sorted list (52 of them, so 64 bits hold
/// them all), and "US" gets `NATIONAL_BIT`.
pub fn state_bit(codes: &[String], code: &str) -> Option<u32> {
    if code == "US" {
        return Some(NATIONAL_BIT);
    }
    codes.iter().position(|c| c == code).map(|i| i as u32)
}
