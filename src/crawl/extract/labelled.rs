//! Labelled directory pages, like the NEC directory of peer respites:
//!
//! ```text
//! <h3>California</h3>
//! <p><strong>2nd STORY PEER RESPITE HOUSE</strong><br>
//! Website: https://…<br>Location: Santa Cruz, CA<br>Phone: 831-688-0967</p>
//! <p>Second Story is a six-bed house …</p>
//! ```
//!
//! The page is read as lines in document order. A line starting with a configured
//! label is a field; the last unlabelled line before a run of labelled lines is the
//! program's name; unlabelled lines after it are its description; a heading starts
//! a region (a state). No selector names a program, so the same reader works whether
//! names are bold text, headings or plain lines.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};
use url::Url;

use super::{ExtractedRecord, Extraction};
use crate::crawl::sources::LabelledLayout;

/// One line of the page's text, with the first link on it.
#[derive(Debug, Default, Clone)]
struct Line {
    text: String,
    link: Option<String>,
    heading: bool,
}

pub fn extract(layout: &LabelledLayout, page_url: &Url, body: &[u8]) -> Extraction {
    let mut extraction = Extraction::default();
    let html = Html::parse_document(&String::from_utf8_lossy(body));
    let (Ok(content), Ok(heading)) = (
        Selector::parse(&layout.content_selector),
        Selector::parse(&layout.heading_selector),
    ) else {
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
    let mut lines = Vec::new();
    let mut current = Line::default();
    collect_lines(*root, &heading, &mut lines, &mut current);
    push_line(&mut lines, &mut current);
    extraction.records = records_from_lines(layout, page_url, &lines);
    extraction
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
    heading: &Selector,
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
                let is_heading =
                    scraper::ElementRef::wrap(child).is_some_and(|e| heading.matches(&e));
                let block = is_heading || BLOCKS.contains(&name);
                if block {
                    push_line(lines, current);
                }
                if name == "a" && current.link.is_none() {
                    current.link = element.attr("href").map(str::to_string);
                }
                collect_lines(child, heading, lines, current);
                if block {
                    current.heading = is_heading;
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
        });
    }
    *current = Line::default();
}

/// The field a line is labelled with, and the rest of the line.
fn labelled<'a>(layout: &'a LabelledLayout, text: &'a str) -> Option<(&'a str, &'a str)> {
    layout.labels.iter().find_map(|(field, label)| {
        let head = text.get(..label.len())?;
        head.eq_ignore_ascii_case(label)
            .then(|| (field.as_str(), text[label.len()..].trim()))
    })
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
    let mut in_labels = false;
    for line in lines {
        if line.heading {
            settle_description(records.last_mut(), &mut pending);
            region = line.text.clone();
            in_labels = false;
            continue;
        }
        match labelled(layout, &line.text) {
            Some((field, value)) => {
                if !in_labels {
                    let Some(name) = pending.pop() else {
                        continue; // a label with no name before it belongs to nothing
                    };
                    settle_description(records.last_mut(), &mut pending);
                    let mut record = ExtractedRecord::default();
                    record.set("name", &name.text);
                    record.set("region", &region);
                    records.push(record);
                    in_labels = true;
                }
                let record = records.last_mut().expect("a record was opened");
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
            None => {
                in_labels = false;
                pending.push(line);
            }
        }
    }
    settle_description(records.last_mut(), &mut pending);
    records
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
        let out = extract(&layout(), &url, PAGE.as_bytes());
        assert_eq!(out.records.len(), 2, "{:?}", out.records);
        let one = &out.records[0];
        assert_eq!(one.get("name"), "SYNTHETIC RESPITE ONE");
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
        let out = extract(&layout(), &url, broken.as_bytes());
        assert_eq!(out.records.len(), 1, "{:?}", out.records);
        assert_eq!(out.records[0].get("phone"), "614-555-0102");
        assert_eq!(out.records[0].get("city"), "Columbus");
    }

    #[test]
    fn a_website_that_is_not_one_address_is_not_kept() {
        let url = Url::parse("https://example.org/").unwrap();
        let page = "<main><p>Synthetic A<br>Website: Website: see our page<br>Phone: 614-555-0103</p><p>Synthetic B<br>Website: synthetic.example/b</p></main>";
        let out = extract(&layout(), &url, page.as_bytes());
        assert_eq!(out.records[0].get("website"), "");
        assert_eq!(out.records[0].get("phone"), "614-555-0103");
        assert_eq!(out.records[1].get("website"), "synthetic.example/b");
    }

    #[test]
    fn a_page_without_the_content_element_warns() {
        let url = Url::parse("https://example.org/").unwrap();
        let out = extract(&layout(), &url, b"<p>nothing</p>");
        assert!(out.records.is_empty());
        assert_eq!(out.warnings.len(), 1);
    }
}
