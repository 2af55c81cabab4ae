//! CSV files with a column mapping from sources.toml (`columns.phone = "Phone"`).
//! Headers are matched ignoring case and surrounding spaces; a row that does not
//! parse is a warning naming its line, and the other rows are still read.

use super::{ExtractedRecord, Extraction};
use crate::crawl::sources::CsvLayout;

pub fn extract(layout: &CsvLayout, body: &[u8]) -> Extraction {
    let mut extraction = Extraction::default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            extraction.warnings.push(format!("no header row: {e}"));
            return extraction;
        }
    };
    let mut columns = Vec::new();
    for (field, header) in &layout.columns {
        match headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
        {
            Some(at) => columns.push((field.as_str(), at)),
            None => extraction
                .warnings
                .push(format!("no column {header:?} for {field}")),
        }
    }
    for row in reader.records() {
        match row {
            Ok(row) => {
                let mut record = ExtractedRecord::default();
                for (field, at) in &columns {
                    record.set(field, row.get(*at).unwrap_or_default());
                }
                if !record.get("name").is_empty() {
                    extraction.records.push(record);
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                extraction.warnings.push(format!("line {line}: {e}"));
            }
        }
    }
    extraction
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> CsvLayout {
        CsvLayout {
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
        let out = extract(&layout(), body.as_bytes());
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
    fn a_bad_row_is_a_warning_with_its_line() {
        let body = b"Program,Phone\nSynthetic A,208-555-0106\nSynthetic \xff,1\nSynthetic B,208-555-0107\n";
        let out = extract(&layout(), body);
        let names: Vec<&str> = out.records.iter().map(|r| r.get("name")).collect();
        assert_eq!(names, ["Synthetic A", "Synthetic B"]);
        assert!(
            out.warnings.iter().any(|w| w.starts_with("line 3:")),
            "{:?}",
            out.warnings
        );
    }
}
