//! CSV files with a column mapping from sources.toml (`columns.phone = "Phone"`).
//! Headers are matched ignoring case and surrounding spaces; a row that does not
//! parse is a warning naming its line, and the other rows are still read.

use super::{ExtractedRecord, Extraction};
use crate::crawl::sources::CsvLayout;

/// Reads every row of a CSV page into a record, through the source's column mapping.
pub fn extract(layout: &CsvLayout, text: &str) -> Extraction {
    let mut extraction = Extraction::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            extraction.warnings.push(format!("no header row: {e}"));
            return extraction;
        }
    };
    let position = |header: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
    };
    let mut columns = Vec::new();
    for (field, header) in &layout.columns {
        match position(header) {
            Some(at) => columns.push((field.as_str(), at)),
            None => extraction
                .warnings
                .push(format!("no column {header:?} for {field}")),
        }
    }
    let keys = column_positions(&layout.key, &position, "key", &mut extraction);
    let filters: Vec<(usize, &Vec<String>)> = layout
        .filter
        .iter()
        .map(|(header, allowed)| match position(header) {
            Some(at) => (at, allowed),
            None => {
                extraction.warnings.push(format!(
                    "no column {header:?} for the row filter: no row kept"
                ));
                // No cell is at this position: every row fails the filter.
                (usize::MAX, allowed)
            }
        })
        .collect();
    let mut filtered = 0;
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                extraction.warnings.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let cell = |at: usize| row.get(at).unwrap_or_default().trim();
        let kept = filters.iter().all(|(at, allowed)| {
            allowed
                .iter()
                .any(|value| value.trim().eq_ignore_ascii_case(cell(*at)))
        });
        if !kept {
            filtered += 1;
            continue;
        }
        let mut record = ExtractedRecord::default();
        for (field, at) in &columns {
            record.set(field, cell(*at));
        }
        if !keys.is_empty() {
            let key: Vec<&str> = keys.iter().map(|at| cell(*at)).collect();
            record.source_key = Some(key.join(" "));
        }
        if !record.get("name").is_empty() {
            extraction.records.push(record);
        }
    }
    if filtered > 0 && extraction.records.is_empty() {
        extraction
            .warnings
            .push(format!("the row filter left none of {filtered} rows"));
    }
    extraction
}

fn column_positions(
    headers: &[String],
    position: &dyn Fn(&str) -> Option<usize>,
    what: &str,
    extraction: &mut Extraction,
) -> Vec<usize> {
    headers
        .iter()
        .filter_map(|header| {
            let found = position(header);
            if found.is_none() {
                extraction
                    .warnings
                    .push(format!("no column {header:?} for the {what}"));
            }
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> CsvLayout {
        CsvLayout {
            key: Vec::new(),
            filter: Default::default(),
            columns: [
                ("name", "Program"),
                ("phone", " PHONE "),
                ("location", "City, State"),
                ("hours", "Hours"),
            ]
            .into_iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect(),
        }
    }

    #[test]
    fn maps_columns_by_header_whatever_their_order() {
        let body =
            "Phone,Program,\"City, State\"\n208-555-0105,Synthetic Warmline,\"Boise, ID\"\n,,\n";
        let out = extract(&layout(), body);
        assert_eq!(out.records.len(), 1);
        let r = &out.records[0];
        assert_eq!(
            (r.get("name"), r.get("phone")),
            ("Synthetic Warmline", "208-555-0105")
        );
        assert_eq!((r.get("city"), r.get("state")), ("Boise", "ID"));
        assert_eq!(out.warnings, ["no column \"Hours\" for hours"]);
    }

    #[test]
    fn key_columns_keep_branches_apart_and_the_filter_drops_other_rows() {
        let mut layout = layout();
        layout.key = vec!["Site ID".to_string()];
        layout.filter = [("Type".to_string(), vec!["Crisis Stabilization".to_string()])]
            .into_iter()
            .collect();
        let body = "Site ID,Program,Type,Phone\n1,Synthetic Center,crisis stabilization,208-555-0106\n2,Synthetic Center,Crisis Stabilization,208-555-0107\n3,Synthetic Clinic,Outpatient,208-555-0108\n";
        let out = extract(&layout, body);
        let keys: Vec<Option<&str>> = out
            .records
            .iter()
            .map(|r| r.source_key.as_deref())
            .collect();
        assert_eq!(keys, [Some("1"), Some("2")]);
        assert!(
            !out.warnings
                .iter()
                .any(|w| w.contains("Site ID") || w.contains("Type")),
            "{:?}",
            out.warnings
        );
        layout.filter = [("Kind".to_string(), vec!["x".to_string()])]
            .into_iter()
            .collect();
        let out = extract(&layout, body);
        assert!(out.records.is_empty());
        assert!(
            out.warnings.iter().any(|w| w.contains("\"Kind\"")),
            "{:?}",
            out.warnings
        );
    }
}
