//! Labelled directory pages, like the NEC directory of peer respites:
//!
//! ```text
//! <h4>New Hampshire</h4>
//! <h4>SYNTHETIC PEER RESPITE</h4>
//! <p>Website: https://…<br>Location: Keene, New Hampshire<br>Phone: 603-555-0100<br>
//! Email: …</p>
//! <p>A six-bed house …</p>
//! ```
//!
//! The page is read as lines in document order. A line starting with a configured
//! label is a field (several labels on one line are several fields); the name is the
//! line matching `name_selector`, or else the last unlabelled line before a run of
//! labelled lines; unlabelled lines after the labels are the description, which ends
//! at the next entry or heading. A heading starts a region only when its text names a
//! state or territory, so pages that use one heading level for states and program
//! names (or end with a footer heading) are read right.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};
use url::Url;

use super::location::state_code;
use super::{ExtractedRecord, Extraction};
use crate::crawl::sources::LabelledLayout;

/// One line of the page's text, with the first link on it.
#[derive(Debug, Default, Clone)]
struct Line {
    text: String,
    link: Option<String>,
    heading: bool,
    /// The line is a program's name (it matches `name_selector`).
    name: bool,
}

/// The selectors a layout names, parsed.
struct Selectors {
    heading: Selector,
    name: Option<Selector>,
}

/// Reads a labelled directory page into one record per entry, by the source's layout;
/// `page_url` resolves relative links.
pub fn extract(layout: &LabelledLayout, page_url: &Url, page: &str) -> Extraction {
    let mut extraction = Extraction::default();
    let (page, closed) = close_unterminated_breaks(page);
    if closed > 0 {
        extraction
            .warnings
            .push(format!("{closed} <br tag(s) without \">\" were closed"));
    }
    let html = Html::parse_document(&page);
    let parsed = (
        Selector::parse(&layout.content_selector),
        Selector::parse(&layout.heading_selector),
        layout
            .name_selector
            .as_deref()
            .map(Selector::parse)
            .transpose(),
    );
    let (Ok(content), Ok(heading), Ok(name)) = parsed else {
        extraction
            .warnings
            .push("the layout's selectors do not parse".to_string());
        return extraction;
    };
    let Some(root) = html.select(&content).next() else {
        extraction.warnings.push(format!(
            "no element matches content_selector {:?}",
            layout.content_selector
        ));
        return extraction;
    };
    let selectors = Selectors { heading, name };
    let mut lines = Vec::new();
    let mut current = Line::default();
    collect_lines(*root, &selectors, &mut lines, &mut current);
    push_line(&mut lines, &mut current);
    extraction.records = records_from_lines(layout, page_url, &lines);
    extraction
}

/// `<br` followed by text and no `>` (a hand-edited page) would swallow the rest of
/// the line as attributes: close it. Returns the page and how many were closed.
fn close_unterminated_breaks(page: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let lower = page.to_ascii_lowercase();
    let mut out = String::new();
    let mut last = 0;
    let mut closed = 0;
    for (at, _) in lower.match_indices("<br") {
        let after = at + 3;
        let rest = &lower[after..];
        let next_char = rest.chars().next();
        if next_char.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue; // another tag name, like <break>
        }
        let gt = rest.find('>');
        let lt = rest.find('<');
        let unterminated = match (gt, lt) {
            (None, _) => true,
            (Some(gt), Some(lt)) => lt < gt,
            (Some(_), None) => false,
        };
        if unterminated {
            out.push_str(&page[last..after]);
            out.push('>');
            last = after;
            closed += 1;
        }
    }
    if closed == 0 {
        return (std::borrow::Cow::Borrowed(page), 0);
    }
    out.push_str(&page[last..]);
    (std::borrow::Cow::Owned(out), closed)
}

const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dd",
    "dt",
];

fn collect_lines(
    node: NodeRef<'_, Node>,
    selectors: &Selectors,
    lines: &mut Vec<Line>,
    current: &mut Line,
) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => current.text.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if matches!(name, "script" | "style" | "noscript" | "template") {
                    continue;
                }
                if name == "br" {
                    push_line(lines, current);
                    continue;
                }
                let wrapped = scraper::ElementRef::wrap(child);
                let is_heading = wrapped.is_some_and(|e| selectors.heading.matches(&e));
                let is_name = wrapped
                    .zip(selectors.name.as_ref())
                    .is_some_and(|(e, s)| s.matches(&e));
                let block = is_heading || is_name || BLOCKS.contains(&name);
                if block {
                    push_line(lines, current);
                }
                if name == "a" && current.link.is_none() {
                    current.link = element.attr("href").map(str::to_string);
                }
                collect_lines(child, selectors, lines, current);
                if block {
                    current.heading = is_heading;
                    current.name = is_name;
                    push_line(lines, current);
                }
            }
            _ => {}
        }
    }
}

fn push_line(lines: &mut Vec<Line>, current: &mut Line) {
    let text = current
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !text.is_empty() {
        lines.push(Line {
            text,
            link: current.link.take(),
            heading: current.heading,
            name: current.name,
        });
    }
    *current = Line::default();
}

/// The fields of a line that starts with a label: each label's value runs to the
/// next label on the line ("Phone: 603-555-0100 Email: a@b.org" is two fields).
fn labelled_fields<'a>(layout: &'a LabelledLayout, text: &'a str) -> Vec<(&'a str, &'a str)> {
    // ASCII case folding keeps byte offsets, so positions in `lower` are positions
    // in `text` (labels are compared ignoring ASCII case).
    let lower = text.to_ascii_lowercase();
    let mut starts: Vec<(usize, &str, usize)> = Vec::new();
    for (field, label) in &layout.labels {
        let label_lower = label.to_ascii_lowercase();
        for (at, _) in lower.match_indices(&label_lower) {
            let at_word_start = at == 0 || text[..at].ends_with(char::is_whitespace);
            if at_word_start {
                starts.push((at, field.as_str(), label.len()));
            }
        }
    }
    starts.sort_by_key(|(at, _, _)| *at);
    if starts.first().is_none_or(|(at, _, _)| *at != 0) {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, (at, field, len))| {
            let end = starts.get(i + 1).map_or(text.len(), |(next, _, _)| *next);
            (*field, text[at + len..end].trim())
        })
        .collect()
}

fn records_from_lines(
    layout: &LabelledLayout,
    page_url: &Url,
    lines: &[Line],
) -> Vec<ExtractedRecord> {
    let mut records: Vec<ExtractedRecord> = Vec::new();
    let mut region = String::new();
    // Unlabelled lines not yet known to be a description or the next name.
    let mut pending: Vec<&Line> = Vec::new();
    // The record whose labels are being read (its description comes next).
    let mut in_labels = false;
    for line in lines {
        if line.heading && !line.name {
            settle_description(records.last_mut(), &mut pending);
            in_labels = false;
            if state_code(&line.text).is_some() {
                region = line.text.trim_end_matches(':').to_string();
            } else if layout.name_selector.is_none() {
                pending.push(line); // a program's name, or a footer heading
            }
            continue;
        }
        if line.name {
            settle_description(records.last_mut(), &mut pending);
            records.push(open_record(&line.text, &region));
            in_labels = true;
            continue;
        }
        let fields = labelled_fields(layout, &line.text);
        if fields.is_empty() {
            if layout.name_selector.is_none() {
                in_labels = false;
            }
            pending.push(line);
            continue;
        }
        if !in_labels {
            // Without a name selector, the last unlabelled line names the entry.
            let Some(name) = pending.pop() else {
                continue; // a label with no name before it belongs to nothing
            };
            settle_description(records.last_mut(), &mut pending);
            records.push(open_record(&name.text, &region));
            in_labels = true;
        } else if !pending.is_empty() {
            // Unlabelled lines between labels of one entry (name selector given).
            pending.clear();
        }
        let record = records.last_mut().expect("a record was opened");
        for (field, value) in fields {
            let value = match (field, &line.link) {
                ("website", Some(href)) => page_url
                    .join(href)
                    .map_or_else(|_| value.to_string(), |u| u.to_string()),
                _ => value.to_string(),
            };
            if record.get(field).is_empty() {
                record.set(field, &value);
            }
        }
    }
    settle_description(records.last_mut(), &mut pending);
    records
}

fn open_record(name: &str, region: &str) -> ExtractedRecord {
    let mut record = ExtractedRecord::default();
    record.set("name", name);
    record.set("region", region);
    record
}

/// Unlabelled lines after a record's labels are its description.
fn settle_description(record: Option<&mut ExtractedRecord>, pending: &mut Vec<&Line>) {
    if let Some(record) = record {
        let text: Vec<&str> = pending.iter().map(|l| l.text.as_str()).collect();
        if record.get("description").is_empty() && !text.is_empty() {
            record.set("description", &text.join(" "));
        }
    }
    pending.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> LabelledLayout {
        LabelledLayout {
            name_selector: None,
            content_selector: "main".to_string(),
            heading_selector: "h3".to_string(),
            labels: [
                ("website", "Website:"),
                ("location", "Location:"),
                ("phone", "Phone:"),
            ]
            .into_iter()
            .map(|(f, l)| (f.to_string(), l.to_string()))
            .collect(),
        }
    }

    const PAGE: &str = r#"<html><body><nav><p>Home</p></nav><main>
<h2>Directory of Peer Respites</h2>
<p>Below is a directory compiled by NEC.</p>
<h3>California</h3>
<p><strong>SYNTHETIC RESPITE ONE</strong><br>Website: <a href="/one">one.example</a><br>
Location: Santa Cruz, CA<br>Phone: 831-555-0100</p>
<p>A six-bed house.</p><p>Staffed by peers.</p>
<h3>New York</h3>
<h4>Synthetic Respite Two</h4>
<p>Location: Albany, NY</p><p>Phone: 518-555-0101</p>
</main></body></html>"#;

    #[test]
    fn reads_names_labels_descriptions_and_regions() {
        let url = Url::parse("https://example.org/dir/").unwrap();
        let out = extract(&layout(), &url, PAGE);
        assert_eq!(out.records.len(), 2, "{:?}", out.records);
        let one = &out.records[0];
        assert_eq!(one.get("name"), "Synthetic Respite One");
        assert_eq!(one.get("name_as_published"), "SYNTHETIC RESPITE ONE");
        assert_eq!(one.get("website"), "https://example.org/one");
        assert_eq!((one.get("city"), one.get("state")), ("Santa Cruz", "CA"));
        assert_eq!(one.get("phone"), "831-555-0100");
        assert_eq!(one.get("description"), "A six-bed house. Staffed by peers.");
        assert_eq!(one.get("region"), "California");
        let two = &out.records[1];
        assert_eq!(two.get("name"), "Synthetic Respite Two");
        assert_eq!(two.get("region"), "New York");
        assert_eq!(two.get("phone"), "518-555-0101");
        assert_eq!(two.get("description"), "");
    }

    #[test]
    fn malformed_html_still_yields_what_it_states() {
        let url = Url::parse("https://example.org/").unwrap();
        let broken = "<main><h3>Ohio</h3></td><p><b>Synthetic Place<br>Phone: 614-555-0102</i><div><p>Location: Columbus, OH";
        let out = extract(&layout(), &url, broken);
        assert_eq!(out.records.len(), 1, "{:?}", out.records);
        assert_eq!(out.records[0].get("phone"), "614-555-0102");
        assert_eq!(out.records[0].get("city"), "Columbus");
    }

    #[test]
    fn a_website_that_is_not_one_address_is_not_kept() {
        let url = Url::parse("https://example.org/").unwrap();
        let page = "<main><p>Synthetic A<br>Website: Website: see our page<br>Phone: 614-555-0103</p><p>Synthetic B<br>Website: synthetic.example/b</p></main>";
        let out = extract(&layout(), &url, page);
        assert_eq!(out.records[0].get("website"), "");
        assert_eq!(out.records[0].get("phone"), "614-555-0103");
        assert_eq!(out.records[1].get("website"), "synthetic.example/b");
    }

    #[test]
    fn a_page_without_the_content_element_warns() {
        let url = Url::parse("https://example.org/").unwrap();
        let out = extract(&layout(), &url, "<p>nothing</p>");
        assert!(out.records.is_empty());
        assert_eq!(out.warnings.len(), 1);
    }
}
