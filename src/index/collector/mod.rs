//! One pass over the documents the words match: the geo filter, every facet filter,
//! the best hits and every disjunctive facet count are all decided per document
//! from fast fields, so the text query runs once however many facets there are.
//!
//! Disjunctive rule: a document's values of facet X are counted when it passes
//! every filter except possibly X's own; it is a hit when it passes them all.

pub mod geo;
mod heap;
pub mod open_now;
pub mod rank;

use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::document::facets::{FacetDim, OPEN_NOW};
use geo::{GeoColumns, GeoFilter, SegmentGeo};
use heap::{keep, TopHits};
use open_now::OpenTable;
use rank::{RankOrder, Ranked, RawHit};

/// The filters of a search, by facet, as sets of values.
#[derive(Debug, Clone)]
pub struct FacetFilters {
    /// Per dimension (in `FacetDim::ALL` order): the chosen values, empty = no filter.
    pub chosen: Vec<Vec<String>>,
    /// Whether "open now" is among the chosen `open` values.
    pub open_now: bool,
    /// Per `hours_code`: open at the search's moment.
    pub open_table: OpenTable,
    /// The searcher's language (a `languages` value): programs answering in it
    /// are marked for a small lift in the ranking.
    pub language: Option<String>,
}

fn dim_index(dim: FacetDim) -> usize {
    FacetDim::ALL
        .iter()
        .position(|d| *d == dim)
        .expect("every dim is in ALL")
}

/// A segment's columns and what its facet ordinals mean, worked out once per index
/// generation: decoding every ordinal's path on every search cost a fifth of a
/// search's time, and opening the columns another twentieth.
pub struct SegmentTable {
    /// Per facet ordinal of the segment: (dimension, value index) or none.
    ord_dim: Vec<Option<(usize, usize)>>,
    /// Per facet ordinal: its dimension's bit (`1 << dim`), 0 for none.
    ord_bits: Vec<u32>,
    /// Per dimension: the segment's values, in ordinal order.
    values: Vec<Vec<String>>,
    /// Every document's facet ordinals, one after another: reading them from the
    /// facet column per matching document was the largest cost of a full scan.
    doc_ords: Vec<u32>,
    /// Where each document's ordinals start in `doc_ords` (one more than documents).
    doc_starts: Vec<u32>,
    geo: GeoColumns,
    /// Per document: peer-run, and its schedule's `hours_code` (read from their
    /// columns once, like the ordinals).
    peer_run: Vec<bool>,
    hours_code: Vec<u32>,
    /// The bits of the dimensions every document of the segment has a value of: a
    /// filter choosing all of such a dimension's values here passes every document
    /// (the default status filter, in a segment with no closed program).
    dims_on_every_doc: u32,
}

impl SegmentTable {
    pub fn read(reader: &SegmentReader) -> tantivy::Result<SegmentTable> {
        let facets = reader.facet_reader("facet")?;
        let mut values: Vec<Vec<String>> = vec![Vec::new(); FacetDim::ALL.len()];
        let mut ord_dim = Vec::with_capacity(facets.num_facets());
        let mut facet = Facet::root();
        for ord in 0..facets.num_facets() as u64 {
            facets.facet_from_ord(ord, &mut facet)?;
            let path = facet.to_path();
            let found = match path.as_slice() {
                [dim, value] => FacetDim::from_key(dim).map(|d| (dim_index(d), value.to_string())),
                _ => None,
            };
            ord_dim.push(found.map(|(dim, value)| {
                values[dim].push(value);
                (dim, values[dim].len() - 1)
            }));
        }
        let ord_bits: Vec<u32> = ord_dim
            .iter()
            .map(|found| found.map_or(0, |(dim, _)| 1u32 << dim))
            .collect();
        let (doc_ords, doc_starts) = document_ordinals(reader, &facets)?;
        let dims_on_every_doc = dims_on_every_doc(&ord_bits, &doc_ords, &doc_starts);
        let fast = reader.fast_fields();
        let peer_run = per_document(reader, &fast.u64("peer_run")?, |v| v == 1)?;
        let hours_code = per_document(reader, &fast.u64("hours_code")?, |v| {
            u32::try_from(v).unwrap_or(0)
        })?;
        Ok(SegmentTable {
            ord_dim,
            ord_bits,
            values,
            doc_ords,
            doc_starts,
            geo: GeoColumns::read(reader)?,
            peer_run,
            hours_code,
            dims_on_every_doc,
        })
    }

    /// The filtered dimensions that can fail a document of this segment: a filter
    /// that chose every value the segment has, of a dimension every document has,
    /// passes them all and need not be tested per document.
    fn effective_filters(&self, filters: &FacetFilters) -> u32 {
        filters
            .chosen
            .iter()
            .enumerate()
            .filter(|(_, chosen)| !chosen.is_empty())
            .filter(|(dim, chosen)| {
                let on_every_doc = self.dims_on_every_doc & (1 << dim) != 0;
                let all_chosen = self.values[*dim].iter().all(|v| chosen.contains(v));
                !(on_every_doc && all_chosen)
            })
            .fold(0u32, |bits, (dim, _)| bits | (1 << dim))
    }

    /// The ordinal of one value of a dimension in this segment.
    fn ordinal_of(&self, dim: FacetDim, value: &str) -> Option<u32> {
        let dim = dim_index(dim);
        self.ord_dim
            .iter()
            .position(|found| found.is_some_and(|(d, v)| d == dim && self.values[dim][v] == value))
            .and_then(|ord| u32::try_from(ord).ok())
    }

    /// Per ordinal: its dimension's bit when its value is one the filter chose, else 0.
    fn chosen_bits(&self, filters: &FacetFilters) -> Vec<u32> {
        self.ord_dim
            .iter()
            .map(|found| match found {
                Some((dim, value)) if filters.chosen[*dim].contains(&self.values[*dim][*value]) => {
                    1u32 << dim
                }
                _ => 0,
            })
            .collect()
    }
}

/// A column's first value for every document (0 where it has none), converted.
fn per_document<T>(
    reader: &SegmentReader,
    column: &Column<u64>,
    convert: impl Fn(u64) -> T,
) -> tantivy::Result<Vec<T>> {
    Ok((0..reader.max_doc())
        .map(|doc| convert(column.first(doc).unwrap_or(0)))
        .collect())
}

/// The bits of the dimensions of which every document has at least one value.
fn dims_on_every_doc(ord_bits: &[u32], doc_ords: &[u32], doc_starts: &[u32]) -> u32 {
    doc_starts.windows(2).fold(u32::MAX, |every, range| {
        let ords = &doc_ords[range[0] as usize..range[1] as usize];
        every
            & ords
                .iter()
                .fold(0, |bits, &ord| bits | ord_bits[ord as usize])
    })
}

/// Every document's facet ordinals, flattened, with where each starts.
fn document_ordinals(
    reader: &SegmentReader,
    facets: &FacetReader,
) -> tantivy::Result<(Vec<u32>, Vec<u32>)> {
    let too_many = || tantivy::TantivyError::InternalError("over 4 billion facet values".into());
    let mut ords = Vec::new();
    let mut starts = Vec::with_capacity(reader.max_doc() as usize + 1);
    for doc in 0..reader.max_doc() {
        starts.push(u32::try_from(ords.len()).map_err(|_| too_many())?);
        for ord in facets.facet_ords(doc) {
            ords.push(u32::try_from(ord).map_err(|_| too_many())?);
        }
    }
    starts.push(u32::try_from(ords.len()).map_err(|_| too_many())?);
    Ok((ords, starts))
}

/// The tables of one generation's segments, by segment id.
pub type SegmentTables = std::collections::HashMap<SegmentId, Arc<SegmentTable>>;

/// Each segment's table, read once when a generation is opened.
pub fn read_segment_tables(searcher: &tantivy::Searcher) -> tantivy::Result<SegmentTables> {
    searcher
        .segment_readers()
        .iter()
        .map(|reader| Ok((reader.segment_id(), Arc::new(SegmentTable::read(reader)?))))
        .collect()
}

pub struct FacetedCollector<'a> {
    pub geo: GeoFilter,
    pub filters: FacetFilters,
    pub order: RankOrder,
    pub limit: usize,
    pub tables: &'a SegmentTables,
}

pub struct FacetedFruit {
    pub top: TopHits,
    pub counts: BTreeMap<&'static str, BTreeMap<String, u64>>,
}

pub struct FacetedSegment {
    segment: SegmentOrdinal,
    geo: SegmentGeo,
    table: Arc<SegmentTable>,
    /// Per ordinal: its dimension's bit when it satisfies that dimension's filter.
    ord_chosen: Vec<u32>,
    /// The ordinal of the searcher's language in this segment, if any document has it.
    language_ord: Option<u32>,
    /// The bits of the dimensions with a filter.
    active: u32,
    open_dim: usize,
    filters: FacetFilters,
    order: RankOrder,
    limit: usize,
    total: usize,
    best: BinaryHeap<Ranked>,
    /// Per facet ordinal: the documents counted for its value.
    counts: Vec<u64>,
    open_now_count: u64,
}

impl Collector for FacetedCollector<'_> {
    type Fruit = FacetedFruit;
    type Child = FacetedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetedSegment> {
        let table = match self.tables.get(&reader.segment_id()) {
            Some(table) => table.clone(),
            None => Arc::new(SegmentTable::read(reader)?),
        };
        let active = table.effective_filters(&self.filters);
        let counts = vec![0; table.ord_dim.len()];
        let language_ord = self
            .filters
            .language
            .as_deref()
            .and_then(|language| table.ordinal_of(FacetDim::Languages, language));
        Ok(FacetedSegment {
            segment,
            geo: self.geo.for_segment(&table.geo),
            ord_chosen: table.chosen_bits(&self.filters),
            language_ord,
            table,
            active,
            open_dim: dim_index(FacetDim::Open),
            filters: self.filters.clone(),
            order: self.order,
            limit: self.limit,
            total: 0,
            best: BinaryHeap::new(),
            counts,
            open_now_count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<FacetedFruit> {
        let mut best = BinaryHeap::new();
        let mut total = 0;
        let mut counts: BTreeMap<&'static str, BTreeMap<String, u64>> = FacetDim::ALL
            .iter()
            .map(|d| (d.key(), BTreeMap::new()))
            .collect();
        for fruit in fruits {
            total += fruit.total;
            for ranked in fruit.best {
                keep(&mut best, self.limit, ranked);
            }
            for (found, &count) in fruit.table.ord_dim.iter().zip(&fruit.counts) {
                let Some((dim, value)) = found else { continue };
                if count == 0 {
                    continue;
                }
                let value = &fruit.table.values[*dim][*value];
                let into = counts.entry(FacetDim::ALL[*dim].key()).or_default();
                match into.get_mut(value.as_str()) {
                    Some(sum) => *sum += count,
                    None => {
                        into.insert(value.clone(), count);
                    }
                }
            }
            if fruit.open_now_count > 0 {
                let open = counts.entry(FacetDim::Open.key()).or_default();
                *open.entry(OPEN_NOW.to_string()).or_default() += fruit.open_now_count;
            }
        }
        let mut sorted = best.into_vec();
        sorted.sort();
        Ok(FacetedFruit {
            top: TopHits {
                total,
                hits: sorted.into_iter().map(|r| r.hit).collect(),
            },
            counts,
        })
    }
}

/// A segment's matches: its counts stay per value index of its table until the
/// segments are merged, so each value's name is copied once per search.
pub struct SegmentFruit {
    total: usize,
    best: Vec<Ranked>,
    table: Arc<SegmentTable>,
    counts: Vec<u64>,
    open_now_count: u64,
}

impl FacetedSegment {
    /// Bitmask of the active dimensions whose filter this document fails.
    fn failed(&self, is_open_now: bool, ords: &[u32]) -> u32 {
        if self.active == 0 {
            return 0;
        }
        let mut satisfied = ords
            .iter()
            .fold(0u32, |bits, &ord| bits | self.ord_chosen[ord as usize]);
        if self.filters.open_now && is_open_now {
            satisfied |= 1 << self.open_dim;
        }
        self.active & !satisfied
    }
}

impl SegmentCollector for FacetedSegment {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(geo) = self.geo.test(doc) else {
            return;
        };
        let code = self.table.hours_code[doc as usize] as usize;
        let is_open_now = self.filters.open_table.get(code).copied().unwrap_or(false);
        let (start, end) = (
            self.table.doc_starts[doc as usize] as usize,
            self.table.doc_starts[doc as usize + 1] as usize,
        );
        let ords = &self.table.doc_ords[start..end];
        let failed = self.failed(is_open_now, ords);
        if failed == 0 {
            self.total += 1;
            let hit = RawHit {
                address: DocAddress::new(self.segment, doc),
                text_score: score,
                geo,
                peer_run: self.table.peer_run[doc as usize],
                open_now: is_open_now,
                speaks_language: self.language_ord.is_some_and(|ord| ords.contains(&ord)),
            };
            keep(&mut self.best, self.limit, Ranked::new(hit, self.order));
        }
        // Count this document's values of each dimension X when it fails no filter
        // but X's (ordinals of no dimension are counted too, and never read). An
        // ordinal belongs to one dimension, so a document failing two filters counts
        // nothing and one failing none counts everything.
        if failed == 0 {
            for &ord in ords {
                self.counts[ord as usize] += 1;
            }
        } else if failed.is_power_of_two() {
            for &ord in ords {
                if self.table.ord_bits[ord as usize] == failed {
                    self.counts[ord as usize] += 1;
                }
            }
        }
        if is_open_now && failed & !(1u32 << self.open_dim) == 0 {
            self.open_now_count += 1;
        }
    }

    fn harvest(self) -> SegmentFruit {
        SegmentFruit {
            total: self.total,
            best: self.best.into_vec(),
            table: self.table,
            counts: self.counts,
            open_now_count: self.open_now_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::dims_on_every_doc;

    #[test]
    fn a_dimension_is_on_every_doc_only_when_no_document_lacks_it() {
        // Ordinals 0 and 1 belong to dimension 0, ordinal 2 to dimension 1.
        let ord_bits = [0b01, 0b01, 0b10];
        // Document 0: ords 0 and 2; document 1: ord 1 only.
        let (doc_ords, doc_starts) = ([0, 2, 1], [0, 2, 3]);
        assert_eq!(dims_on_every_doc(&ord_bits, &doc_ords, &doc_starts), 0b01);
        let (doc_ords, doc_starts) = ([0, 2, 1, 2], [0, 2, 4]);
        assert_eq!(dims_on_every_doc(&ord_bits, &doc_ords, &doc_starts), 0b11);
    }
}
