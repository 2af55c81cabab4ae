//! The HSDS API's view of one index generation: every program with its HSDS ids,
//! the taxonomy terms its service carries, its organization and its place, worked
//! out once — so a request looks an id up in a map instead of scanning every
//! program, filters on plain data, and turns into JSON only the page it returns.
//!
//! The site's search engine lives in `index`, which this module does not reach
//! into: a listing's `search` arrives as the ids the engine matched, best first.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::{service, taxonomy};
use crate::geo::Geo;
use crate::model::{Precision, Program};

/// One page of a listing: 1-based `page` of `per_page` items (both checked by the
/// caller), so the directory renders only what it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: usize,
    /// Items on a page.
    pub per_page: usize,
}

/// How much of each service a `/services` listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceDetail {
    /// `minimal=true`: the id and when it last changed, for syncing.
    Minimal,
    /// The default: the service without its nested tables.
    Summary,
    /// `full=true`: the fully nested service.
    Full,
}

/// Which services a listing keeps; every field left `None` keeps everything.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Peerway ids the site's search matched, best first (`search`); `None` lists
    /// every program in id order.
    pub matching: Option<Vec<String>>,
    /// Services carrying this term (a kind, a peer role or a Peerway field).
    pub taxonomy_term_id: Option<String>,
    /// Services carrying any term of this taxonomy.
    pub taxonomy_id: Option<String>,
    /// Services of this organization.
    pub organization_id: Option<String>,
    /// Services verified on or after this day.
    pub modified_after: Option<NaiveDate>,
}

/// `postcode` + `proximity`: locations within `metres` of a point, nearest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proximity {
    /// Latitude of the postcode's centre.
    pub lat: f64,
    /// Longitude of the postcode's centre.
    pub lon: f64,
    /// How far from it a location may be.
    pub metres: f64,
}

/// How an organization carries its services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// No `services` array (a plain organization listing).
    Bare,
    /// `services` as summaries (`full=true`, or one organization by id).
    Summaries,
    /// `services` fully nested (`full_service=true`).
    Full,
}

/// Which taxonomy terms a listing keeps.
#[derive(Debug, Clone, Default)]
pub struct TermFilter {
    /// Words in the term's name, code or description (case-insensitive).
    pub search: Option<String>,
    /// Terms of this taxonomy.
    pub taxonomy_id: Option<String>,
    /// Only terms with no parent.
    pub top_only: bool,
    /// Only the children of this term.
    pub parent_id: Option<String>,
}

/// An organization: a program's operator, with the programs it runs (in id order).
struct Organization {
    /// Its HSDS id (from the operator's name).
    id: String,
    /// The name folded to lower case, for `search`.
    folded_name: String,
    /// Positions of its programs in `Directory::programs`.
    programs: Vec<usize>,
}

/// What the HSDS API serves for one index generation, with its look-ups.
pub struct Directory {
    /// Every program (closed ones too), in id order.
    programs: Arc<Vec<Program>>,
    /// Each program's HSDS service id, by position.
    service_ids: Vec<String>,
    /// HSDS service id or Peerway id → position.
    by_service_id: HashMap<String, usize>,
    /// Peerway id → position (what the search engine returns).
    by_program_id: HashMap<String, usize>,
    /// The term ids each program's service carries, by position.
    terms_of: Vec<HashSet<String>>,
    /// The taxonomy ids of those terms, by position.
    taxonomies_of: Vec<HashSet<String>>,
    /// Each program's organization (index into `organizations`), by position.
    organization_of: Vec<Option<usize>>,
    /// Whether the program has a place of its own (a service_at_location).
    located: Vec<bool>,
    /// service_at_location id → position.
    by_location_id: HashMap<String, usize>,
    /// Organizations in the order their first program comes.
    organizations: Vec<Organization>,
    /// Organization id → index into `organizations`.
    by_organization_id: HashMap<String, usize>,
    /// Peerway's taxonomies, as served.
    taxonomies: Vec<Value>,
    /// Every taxonomy term, as served.
    terms: Vec<Value>,
}

impl Directory {
    /// Work out every id, term, organization and place of `programs` (a
    /// generation's programs, in id order): done once per generation.
    pub fn new(programs: Arc<Vec<Program>>) -> Directory {
        let mut directory = Directory {
            service_ids: Vec::with_capacity(programs.len()),
            by_service_id: HashMap::with_capacity(programs.len() * 2),
            by_program_id: HashMap::with_capacity(programs.len()),
            terms_of: Vec::with_capacity(programs.len()),
            taxonomies_of: Vec::with_capacity(programs.len()),
            organization_of: Vec::with_capacity(programs.len()),
            located: Vec::with_capacity(programs.len()),
            by_location_id: HashMap::new(),
            organizations: Vec::new(),
            by_organization_id: HashMap::new(),
            taxonomies: taxonomy::taxonomies(),
            terms: taxonomy::taxonomy_terms(),
            programs: Arc::clone(&programs),
        };
        let mut term_ids = TermIds::default();
        for (position, program) in programs.iter().enumerate() {
            directory.add(position, program, &mut term_ids);
        }
        directory
    }

    /// Index one program at `position`.
    fn add(&mut self, position: usize, program: &Program, term_ids: &mut TermIds) {
        let service_id = service::service_id(program);
        self.by_program_id.insert(program.id.clone(), position);
        self.by_service_id
            .entry(program.id.clone())
            .or_insert(position);
        self.by_service_id
            .entry(service_id.clone())
            .or_insert(position);
        self.service_ids.push(service_id);
        let (terms, taxonomies) = term_ids.of(program);
        self.terms_of.push(terms);
        self.taxonomies_of.push(taxonomies);
        let organization = self.organization_for(position, program);
        self.organization_of.push(organization);
        let location = service::service_at_location(program);
        if let Some(id) = location.as_ref().and_then(|l| l["id"].as_str()) {
            self.by_location_id.insert(id.to_string(), position);
        }
        self.located.push(location.is_some());
    }

    /// The organization of a program, added when it is the operator's first.
    fn organization_for(&mut self, position: usize, program: &Program) -> Option<usize> {
        if program.operator.is_empty() {
            return None;
        }
        let id = service::organization_id(&program.operator);
        let index = *self
            .by_organization_id
            .entry(id.clone())
            .or_insert_with(|| {
                self.organizations.push(Organization {
                    id,
                    folded_name: program.operator.to_lowercase(),
                    programs: Vec::new(),
                });
                self.organizations.len() - 1
            });
        self.organizations[index].programs.push(position);
        Some(index)
    }

    /// How many programs the directory holds (closed ones included).
    pub fn len(&self) -> usize {
        self.programs.len()
    }

    /// Whether the directory holds no program at all.
    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }

    /// `/services`: one page of the services the filter keeps.
    pub fn services(
        &self,
        filter: &ServiceFilter,
        detail: ServiceDetail,
        paging: Paging,
        geo: &Geo,
    ) -> Value {
        let selected = self.select(filter);
        page_of(&selected, paging, |&position| {
            self.render_service(position, detail, geo)
        })
    }

    /// `/services?format=ndjson`: every service the filter keeps, fully nested, one
    /// per line, unpaged (a bulk download: call it off the async workers).
    pub fn services_ndjson(&self, filter: &ServiceFilter, geo: &Geo) -> String {
        let mut body = String::new();
        for position in self.select(filter) {
            body.push_str(&service::service(&self.programs[position], geo).to_string());
            body.push('\n');
        }
        body
    }

    /// `/services/{id}`: one service, fully nested, by its HSDS id or Peerway id.
    pub fn service(&self, id: &str, geo: &Geo) -> Option<Value> {
        let position = *self.by_service_id.get(id)?;
        Some(service::service(&self.programs[position], geo))
    }

    /// `/service_at_locations`: one page of the located services the filter keeps;
    /// with `near`, only those within its distance, nearest first, each saying how
    /// far it is; with `full`, each carries its full service.
    pub fn service_at_locations(
        &self,
        filter: &ServiceFilter,
        near: Option<Proximity>,
        full: bool,
        paging: Paging,
        geo: &Geo,
    ) -> Value {
        let located = self
            .select(filter)
            .into_iter()
            .filter(|&position| self.located[position]);
        let selected: Vec<(usize, Option<f64>)> = match near {
            None => located.map(|position| (position, None)).collect(),
            Some(near) => self.within(located, near),
        };
        page_of(&selected, paging, |&(position, metres)| {
            self.render_location(position, metres, full, geo)
        })
    }

    /// Located programs within `near`'s distance (points known better than their
    /// state only), nearest first; equal distances keep their order.
    fn within(
        &self,
        positions: impl Iterator<Item = usize>,
        near: Proximity,
    ) -> Vec<(usize, Option<f64>)> {
        let mut kept: Vec<(usize, Option<f64>)> = positions
            .filter_map(|position| {
                let point = self.programs[position]
                    .location
                    .filter(|l| l.precision != Precision::State)?;
                let metres =
                    crate::geo::distance_km(near.lat, near.lon, point.lat, point.lon) * 1000.0;
                (metres <= near.metres).then_some((position, Some(metres)))
            })
            .collect();
        kept.sort_by(|a, b| a.1.unwrap_or(0.0).total_cmp(&b.1.unwrap_or(0.0)));
        kept
    }

    /// `/service_at_locations/{id}`.
    pub fn service_at_location(&self, id: &str) -> Option<Value> {
        let position = *self.by_location_id.get(id)?;
        service::service_at_location(&self.programs[position])
    }

    /// `/organizations`: one page of the organizations whose name contains `search`
    /// (case-insensitive), each with its services as `nesting` says.
    pub fn organizations(
        &self,
        search: Option<&str>,
        nesting: Nesting,
        paging: Paging,
        geo: &Geo,
    ) -> Value {
        let search = search.map(str::to_lowercase);
        let selected: Vec<usize> = (0..self.organizations.len())
            .filter(|&index| {
                search
                    .as_deref()
                    .is_none_or(|words| self.organizations[index].folded_name.contains(words))
            })
            .collect();
        page_of(&selected, paging, |&index| {
            self.render_organization(index, nesting, geo)
        })
    }

    /// `/organizations/{id}`: the organization with its services, as summaries or
    /// (`full_service`) fully nested.
    pub fn organization(&self, id: &str, full_service: bool, geo: &Geo) -> Option<Value> {
        let index = *self.by_organization_id.get(id)?;
        let nesting = if full_service {
            Nesting::Full
        } else {
            Nesting::Summaries
        };
        Some(self.render_organization(index, nesting, geo))
    }

    /// `/taxonomies`: one page of the taxonomies whose name or description contains
    /// `search` (case-insensitive).
    pub fn taxonomies(&self, search: Option<&str>, paging: Paging) -> Value {
        let search = search.map(str::to_lowercase);
        let selected: Vec<&Value> = self
            .taxonomies
            .iter()
            .filter(|t| {
                search
                    .as_deref()
                    .is_none_or(|words| mentions(t, &["name", "description"], words))
            })
            .collect();
        page_of(&selected, paging, |t| (*t).clone())
    }

    /// `/taxonomies/{id}`.
    pub fn taxonomy(&self, id: &str) -> Option<Value> {
        self.taxonomies.iter().find(|t| t["id"] == id).cloned()
    }

    /// `/taxonomy_terms`: one page of the terms the filter keeps.
    pub fn taxonomy_terms(&self, filter: &TermFilter, paging: Paging) -> Value {
        let filter = TermFilter {
            search: filter.search.as_deref().map(str::to_lowercase),
            ..filter.clone()
        };
        let selected: Vec<&Value> = self
            .terms
            .iter()
            .filter(|term| term_kept(term, &filter))
            .collect();
        page_of(&selected, paging, |t| (*t).clone())
    }

    /// `/taxonomy_terms/{id}`.
    pub fn taxonomy_term(&self, id: &str) -> Option<Value> {
        self.terms.iter().find(|t| t["id"] == id).cloned()
    }

    /// Positions of the services a filter keeps, in listing order.
    fn select(&self, filter: &ServiceFilter) -> Vec<usize> {
        let keep = |position: &usize| self.keeps(*position, filter);
        match &filter.matching {
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.by_program_id.get(id).copied())
                .filter(keep)
                .collect(),
            None => (0..self.programs.len()).filter(keep).collect(),
        }
    }

    /// Whether the program at `position` passes every filter given.
    fn keeps(&self, position: usize, filter: &ServiceFilter) -> bool {
        let term = filter.taxonomy_term_id.as_ref();
        let taxonomy = filter.taxonomy_id.as_ref();
        let organization = filter.organization_id.as_deref();
        term.is_none_or(|t| self.terms_of[position].contains(t))
            && taxonomy.is_none_or(|t| self.taxonomies_of[position].contains(t))
            && organization.is_none_or(|o| {
                self.organization_of[position].is_some_and(|i| self.organizations[i].id == o)
            })
            && filter
                .modified_after
                .is_none_or(|after| self.programs[position].verified.date >= after)
    }

    fn render_service(&self, position: usize, detail: ServiceDetail, geo: &Geo) -> Value {
        let program = &self.programs[position];
        match detail {
            ServiceDetail::Minimal => json!({
                "id": self.service_ids[position],
                "last_modified": format!("{}T00:00:00Z", program.verified.date),
            }),
            ServiceDetail::Summary => service::service_summary(program),
            ServiceDetail::Full => service::service(program, geo),
        }
    }

    fn render_location(
        &self,
        position: usize,
        metres: Option<f64>,
        full: bool,
        geo: &Geo,
    ) -> Value {
        let program = &self.programs[position];
        let mut item = service::service_at_location(program).unwrap_or(Value::Null);
        if let Some(object) = item.as_object_mut() {
            if full {
                object.insert("service".into(), service::service(program, geo));
            }
            if let Some(metres) = metres {
                object.insert(
                    "description".into(),
                    json!(format!("{metres:.0} m from the postcode")),
                );
            }
        }
        item
    }

    fn render_organization(&self, index: usize, nesting: Nesting, geo: &Geo) -> Value {
        let organization = &self.organizations[index];
        let first = organization.programs[0];
        let mut value = service::organization(&self.programs[first]).unwrap_or(Value::Null);
        let detail = match nesting {
            Nesting::Bare => return value,
            Nesting::Summaries => ServiceDetail::Summary,
            Nesting::Full => ServiceDetail::Full,
        };
        let services: Vec<Value> = organization
            .programs
            .iter()
            .map(|&position| self.render_service(position, detail, geo))
            .collect();
        value["services"] = json!(services);
        value
    }
}

/// Term and taxonomy ids by (taxonomy, code), each worked out once while a
/// directory is built (they are UUID v5 hashes).
#[derive(Default)]
struct TermIds {
    known: HashMap<(&'static str, &'static str), (String, String)>,
}

impl TermIds {
    /// The term ids and taxonomy ids a program's service carries.
    fn of(&mut self, program: &Program) -> (HashSet<String>, HashSet<String>) {
        let mut terms = HashSet::new();
        let mut taxonomies = HashSet::new();
        for (taxonomy_key, code) in service::attribute_terms(program) {
            let (term, taxonomy) = self.known.entry((taxonomy_key, code)).or_insert_with(|| {
                (
                    taxonomy::term_id(taxonomy_key, code),
                    taxonomy::taxonomy_id(taxonomy_key),
                )
            });
            terms.insert(term.clone());
            taxonomies.insert(taxonomy.clone());
        }
        (terms, taxonomies)
    }
}

/// Whether a taxonomy term passes a filter whose `search` is already lower case.
fn term_kept(term: &Value, filter: &TermFilter) -> bool {
    let parent = term
        .get("parent_id")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty());
    filter
        .taxonomy_id
        .as_deref()
        .is_none_or(|t| term["taxonomy_id"] == t)
        && (!filter.top_only || parent.is_none())
        && filter
            .parent_id
            .as_deref()
            .is_none_or(|wanted| parent == Some(wanted))
        && filter
            .search
            .as_deref()
            .is_none_or(|words| mentions(term, &["name", "code", "description"], words))
}

/// Whether any of `keys` of `item` contains `words` (already lower case).
fn mentions(item: &Value, keys: &[&str], words: &str) -> bool {
    keys.iter().any(|key| {
        item[*key]
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains(words))
    })
}

/// The HSDS `Page` wrapper around one page of `selected`, rendering only the
/// page's items.
pub fn page_of<T>(selected: &[T], paging: Paging, render: impl FnMut(&T) -> Value) -> Value {
    let total_items = selected.len();
    let total_pages = total_items.div_ceil(paging.per_page).max(1);
    let start = (paging.page - 1).saturating_mul(paging.per_page);
    let contents: Vec<Value> = selected
        .iter()
        .skip(start)
        .take(paging.per_page)
        .map(render)
        .collect();
    json!({
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": paging.per_page,
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SYNTHETIC term list with one child term, as a taxonomy with a hierarchy
    /// would have (Peerway's own terms are all top-level).
    fn terms() -> Vec<Value> {
        vec![
            json!({"id": "t-parent", "code": "crisis", "name": "Crisis", "description": "All crisis help", "taxonomy_id": "tax-a"}),
            json!({"id": "t-child", "code": "respite", "name": "Respite", "description": "A stay", "taxonomy_id": "tax-a", "parent_id": "t-parent"}),
            json!({"id": "t-other", "code": "line", "name": "Line", "description": "By phone", "taxonomy_id": "tax-b", "parent_id": ""}),
        ]
    }

    fn kept(filter: &TermFilter) -> Vec<String> {
        terms()
            .iter()
            .filter(|t| term_kept(t, filter))
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn top_only_leaves_out_terms_with_a_parent() {
        assert_eq!(kept(&TermFilter::default()).len(), 3);
        let top = TermFilter {
            top_only: true,
            ..TermFilter::default()
        };
        assert_eq!(kept(&top), ["t-parent", "t-other"]);
    }

    #[test]
    fn parent_id_keeps_only_that_terms_children() {
        let children = TermFilter {
            parent_id: Some("t-parent".into()),
            ..TermFilter::default()
        };
        assert_eq!(kept(&children), ["t-child"]);
    }

    #[test]
    fn term_search_reads_name_code_and_description() {
        let by_description = TermFilter {
            search: Some("by phone".into()),
            ..TermFilter::default()
        };
        assert_eq!(kept(&by_description), ["t-other"]);
        let by_code = TermFilter {
            search: Some("respite".into()),
            taxonomy_id: Some("tax-a".into()),
            ..TermFilter::default()
        };
        assert_eq!(kept(&by_code), ["t-child"]);
    }

    #[test]
    fn a_page_renders_only_its_own_items() {
        let mut rendered = Vec::new();
        let page = page_of(
            &[1, 2, 3, 4, 5],
            Paging {
                page: 2,
                per_page: 2,
            },
            |n| {
                rendered.push(*n);
                json!(n)
            },
        );
        assert_eq!(rendered, [3, 4]);
        assert_eq!(page["total_items"], 5);
        assert_eq!(page["total_pages"], 3);
        assert_eq!(page["last_page"], false);
        assert_eq!(page["contents"], json!([3, 4]));
    }
}
