//! The site's two languages: English at `/…`, Spanish at `/es/…`. Every word a page
//! shows comes from a message catalogue (`en.toml`, `es.toml`, compiled in), looked up
//! by a stable key; the Spanish was written for this site, never translated at run
//! time. Program data is never translated: it stays in its source's language.
//!
//! Catalogues are parsed once, on first use, into templates split at their
//! placeholders, so a look-up is a hash probe and rendering copies the pieces.
//!
//! - `lang.tr("key")`: plain text;
//! - `lang.trf("key", &[("name", &value)])`: text with `{name}` placeholders;
//! - `lang.trn("key", n, &[…])`: a plural (`one` / `other`), `{n}` filled in;
//! - `lang.trm("key", &[("name", markup)])`: HTML, the template escaped and the
//!   arguments (links, `<strong>`) inserted as they are.
//!
//! A test (below) fails when a key is in one catalogue and not the other, when the
//! code asks for a key no catalogue has, and when a catalogue key is used nowhere.

mod format;
pub mod labels;
pub mod messages;

use std::collections::HashMap;
use std::fmt::{Display, Write};
use std::sync::LazyLock;

use maud::{Markup, PreEscaped};

pub use format::{accept_prefers_spanish, at_clock, clock, date, day_name, month_name, month_year};

/// A language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, at the site's root.
    En,
    /// Spanish, under `/es/`.
    Es,
}

/// The path prefix of the Spanish site.
pub const SPANISH_PREFIX: &str = "/es";

impl Lang {
    /// Every language, English (the default) first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 code: the `lang` attribute and `hreflang` value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The language a request path is in: `/es` and `/es/…` are Spanish.
    pub fn of_path(path: &str) -> Lang {
        match path.strip_prefix(SPANISH_PREFIX) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Lang::Es,
            _ => Lang::En,
        }
    }

    /// A path without its language: `/es/search` → `/search`, `/es` → `/`.
    pub fn neutral_path(path: &str) -> &str {
        match Lang::of_path(path) {
            Lang::En => path,
            Lang::Es => match &path[SPANISH_PREFIX.len()..] {
                "" => "/",
                rest => rest,
            },
        }
    }

    /// A site path (`/search`, `/programs/x?list=…`) in this language.
    pub fn href(self, path: &str) -> String {
        match self {
            Lang::En => path.to_string(),
            Lang::Es if path == "/" => format!("{SPANISH_PREFIX}/"),
            Lang::Es => format!("{SPANISH_PREFIX}{path}"),
        }
    }

    /// The text of a message; the key itself if the catalogue lacks it (the tests
    /// make sure none does).
    pub fn tr(self, key: &'static str) -> &'static str {
        match catalogue(self).get(key) {
            Some(Message::Text(template)) => template.plain(),
            Some(Message::Plural { other, .. }) => other.plain(),
            None => key,
        }
    }

    /// A message with its `{name}` placeholders filled in.
    pub fn trf(self, key: &'static str, args: &[(&str, &dyn Display)]) -> String {
        match catalogue(self).get(key) {
            Some(Message::Text(template)) => template.render(args, None),
            Some(Message::Plural { other, .. }) => other.render(args, None),
            None => key.to_string(),
        }
    }

    /// A message whose form depends on a count (`one` for 1, `other` otherwise, in
    /// both languages); `{n}` is the count.
    pub fn trn(self, key: &'static str, n: u64, args: &[(&str, &dyn Display)]) -> String {
        match catalogue(self).get(key) {
            Some(Message::Plural { one, other }) => {
                let template = if n == 1 { one } else { other };
                template.render(args, Some(n))
            }
            Some(Message::Text(template)) => template.render(args, Some(n)),
            None => key.to_string(),
        }
    }

    /// A message as HTML: its own text escaped, the arguments inserted as markup.
    pub fn trm(self, key: &'static str, args: &[(&str, Markup)]) -> Markup {
        let Some(Message::Text(template)) = catalogue(self).get(key) else {
            return PreEscaped(key.to_string());
        };
        let mut out = String::with_capacity(template.len + 64);
        for part in &template.parts {
            match part {
                Part::Literal(text) => escape_into(&mut out, text),
                Part::Placeholder(name) => {
                    if let Some((_, markup)) = args.iter().find(|(n, _)| n == name) {
                        out.push_str(&markup.0);
                    }
                }
            }
        }
        PreEscaped(out)
    }
}

/// One catalogue entry.
#[derive(Debug)]
enum Message {
    Text(Template),
    Plural { one: Template, other: Template },
}

/// A message split at its `{name}` placeholders.
#[derive(Debug)]
struct Template {
    source: String,
    parts: Vec<Part>,
    /// Bytes of literal text, to size the output.
    len: usize,
}

#[derive(Debug)]
enum Part {
    Literal(String),
    Placeholder(String),
}

impl Template {
    fn parse(source: &str) -> Template {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let name = &rest[open + 1..close];
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                // Not a placeholder ("{" in prose): kept as text.
                parts.push(Part::Literal(rest[..=open].to_string()));
                rest = &rest[open + 1..];
                continue;
            }
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            parts.push(Part::Placeholder(name.to_string()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        let len = parts
            .iter()
            .map(|p| match p {
                Part::Literal(text) => text.len(),
                Part::Placeholder(_) => 0,
            })
            .sum();
        Template {
            source: source.to_string(),
            parts,
            len,
        }
    }

    /// The text as written (for messages without placeholders).
    fn plain(&self) -> &str {
        &self.source
    }

    /// The names of its placeholders (the catalogues' test compares them).
    #[cfg(test)]
    fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Placeholder(name) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    fn render(&self, args: &[(&str, &dyn Display)], n: Option<u64>) -> String {
        let mut out = String::with_capacity(self.len + 32);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Placeholder(name) => {
                    if let Some((_, value)) = args.iter().find(|(n, _)| n == name) {
                        let _ = write!(out, "{value}");
                    } else if let (Some(n), "n") = (n, name.as_str()) {
                        let _ = write!(out, "{n}");
                    }
                }
            }
        }
        out
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
}

type Catalogue = HashMap<String, Message>;

const ENGLISH: &str = include_str!("en.toml");
const SPANISH: &str = include_str!("es.toml");

static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| {
    [
        parse_catalogue(ENGLISH).unwrap_or_else(|e| panic!("en.toml: {e}")),
        parse_catalogue(SPANISH).unwrap_or_else(|e| panic!("es.toml: {e}")),
    ]
});

fn catalogue(lang: Lang) -> &'static Catalogue {
    &CATALOGUES[match lang {
        Lang::En => 0,
        Lang::Es => 1,
    }]
}

/// A catalogue: TOML tables give the key's prefix (`[results]` + `summary` =
/// `results.summary`); a value is a string, or a table `{ one = …, other = … }`.
fn parse_catalogue(text: &str) -> Result<Catalogue, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Catalogue::new();
    flatten("", &table, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalogue) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(key, Message::Text(Template::parse(text)));
            }
            toml::Value::Table(inner) if is_plural(inner) => {
                let form = |name: &str| -> Result<Template, String> {
                    inner
                        .get(name)
                        .and_then(toml::Value::as_str)
                        .map(Template::parse)
                        .ok_or_else(|| format!("{key}: a plural needs '{name}' as text"))
                };
                out.insert(
                    key.clone(),
                    Message::Plural {
                        one: form("one")?,
                        other: form("other")?,
                    },
                );
            }
            toml::Value::Table(inner) => flatten(&key, inner, out)?,
            other => return Err(format!("{key}: {} is not text", other.type_str())),
        }
    }
    Ok(())
}

fn is_plural(table: &toml::Table) -> bool {
    table.contains_key("one") && table.contains_key("other") && table.len() == 2
}

#[cfg(test)]
mod tests;
