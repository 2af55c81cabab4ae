//! Finding the line of a field in a seed file, so every problem can be reported as
//! `file:line: field: …` and a person can jump straight to it.

use toml_edit::{Document, Item};

/// Maps dotted field paths (`contact.phones[1].number`) to 1-based line numbers.
pub struct FieldLines<'a> {
    text: &'a str,
    document: Option<Document<&'a str>>,
}

impl<'a> FieldLines<'a> {
    /// Parses the file once; a file that does not parse still answers, with line 1.
    pub fn new(text: &'a str) -> FieldLines<'a> {
        // toml_edit 0.23 panics ("all items have spans") on some malformed files the
        // fuzzer found (fuzz/corpus/seed_record/crash-toml-edit-spans); such a file
        // gets line numbers from the TOML error alone rather than taking `check` down.
        let document = std::panic::catch_unwind(|| Document::parse(text).ok())
            .ok()
            .flatten();
        FieldLines { text, document }
    }

    /// The line of the field's value, or of the nearest enclosing table that exists,
    /// or 1 when the file itself does not parse.
    pub fn line_of(&self, path: &str) -> usize {
        let Some(document) = &self.document else {
            return 1;
        };
        let mut item: &Item = document.as_item();
        let mut best = 0;
        for segment in path.split('.') {
            let (key, index) = match segment.split_once('[') {
                Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (segment, None),
            };
            let Some(next) = item.get(key) else { break };
            item = next;
            if let Some(span) = item.span() {
                best = span.start;
            }
            if let Some(i) = index {
                let Some(next) = item.get(i) else { break };
                item = next;
                if let Some(span) = item.span() {
                    best = span.start;
                }
            }
        }
        self.line_at(best)
    }

    /// The 1-based line of a byte offset into the file.
    pub fn line_at(&self, offset: usize) -> usize {
        line_at(self.text, offset)
    }
}

/// The 1-based line of a byte offset. A file that is not TOML gets its line from
/// here and the parser's error span alone, never through `toml_edit`.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::FieldLines;

    #[test]
    fn finds_lines_of_nested_and_array_fields() {
        let text = "id = \"a\"\nname = \"b\"\n\n[contact]\nwebsite = \"x\"\n\n[[contact.phones]]\nnumber = \"1\"\n\n[[contact.phones]]\nnumber = \"2\"\n";
        let lines = FieldLines::new(text);
        assert_eq!(lines.line_of("name"), 2);
        assert_eq!(lines.line_of("contact.website"), 5);
        assert_eq!(lines.line_of("contact.phones[1].number"), 11);
        assert_eq!(lines.line_of("contact.phones[0].number"), 8);
    }
}
