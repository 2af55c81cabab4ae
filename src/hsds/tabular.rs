//! HSDS as a Tabular Data Package: `datapackage.json` and one CSV per table,
//! flattened from the nested services and nested back again on import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::error::ImportError;
use super::taxonomy::{taxonomies, taxonomy_terms};

/// (table, file, where a nested service keeps its rows)
const CHILD_TABLES: [(&str, &str, &str); 6] = [
    ("phones", "phones.csv", "phones"),
    ("schedules", "schedules.csv", "schedules"),
    ("service_areas", "service_areas.csv", "service_areas"),
    ("languages", "languages.csv", "languages"),
    ("attributes", "attributes.csv", "attributes"),
    ("metadata", "metadata.csv", "metadata"),
];

#[derive(Default)]
struct Tables {
    rows: BTreeMap<&'static str, Vec<Map<String, Value>>>,
}

impl Tables {
    fn push(&mut self, table: &'static str, value: &Value) {
        let row: Map<String, Value> = value
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(_, v)| !v.is_array() && !v.is_object())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let rows = self.rows.entry(table).or_default();
        if !rows.iter().any(|r| r.get("id") == row.get("id")) {
            rows.push(row);
        }
    }
}

fn file_of(table: &str) -> String {
    match table {
        "service_at_location" => "service_at_location.csv".to_string(),
        other => format!("{other}.csv"),
    }
}

/// Write `datapackage.json` and the CSVs into `dir`.
pub fn write_package(
    dir: &Path,
    services: &[Value],
    generated: &str,
) -> Result<BTreeMap<String, usize>, ImportError> {
    let mut tables = Tables::default();
    for service in services {
        tables.push("services", service);
        if let Some(organization) = service.get("organization") {
            tables.push("organizations", organization);
        }
        for (table, _, key) in CHILD_TABLES {
            for row in service
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                tables.push(table, row);
            }
        }
        for sal in service
            .get("service_at_locations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            tables.push("service_at_location", sal);
            if let Some(location) = sal.get("location") {
                tables.push("locations", location);
                for address in location
                    .get("addresses")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    tables.push("addresses", address);
                }
            }
        }
    }
    for taxonomy in taxonomies() {
        tables.push("taxonomies", &taxonomy);
    }
    for term in taxonomy_terms() {
        tables.push("taxonomy_terms", &term);
    }
    std::fs::create_dir_all(dir).map_err(|source| ImportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut resources = Vec::new();
    let mut counts = BTreeMap::new();
    for (table, rows) in &tables.rows {
        let columns: Vec<String> = {
            let mut set: BTreeSet<String> = rows.iter().flat_map(|r| r.keys().cloned()).collect();
            set.remove("id");
            std::iter::once("id".to_string()).chain(set).collect()
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&columns).expect("writing to memory");
        for row in rows {
            let cells: Vec<String> = columns
                .iter()
                .map(|c| match row.get(c) {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                })
                .collect();
            writer.write_record(&cells).expect("writing to memory");
        }
        let path = dir.join(file_of(table));
        crate::atomic::write_file(&path, &writer.into_inner().expect("flushing memory")).map_err(
            |source| ImportError::Io {
                path: path.display().to_string(),
                source,
            },
        )?;
        counts.insert(table.to_string(), rows.len());
        resources.push(json!({
            "name": table,
            "path": file_of(table),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": columns.iter().map(|c| json!({"name": c, "type": field_type(c)})).collect::<Vec<_>>()},
        }));
    }
    let package = json!({
        "name": "peerway-hsds",
        "title": "Peerway directory of peer-run crisis alternatives (HSDS 3.0)",
        "profile": "tabular-data-package",
        "created": generated,
        "licenses": [{"name": "CC-BY-4.0", "title": crate::export::DATA_CREDIT}],
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    crate::atomic::write_file(
        &path,
        serde_json::to_string_pretty(&package)
            .expect("JSON")
            .as_bytes(),
    )
    .map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(counts)
}

fn field_type(column: &str) -> &'static str {
    match column {
        "latitude" | "longitude" | "timezone" | "minimum_age" | "maximum_age" | "interval" => {
            "number"
        }
        _ => "string",
    }
}

fn read_table(dir: &Path, file: &str) -> Result<Vec<Map<String, Value>>, ImportError> {
    let path = dir.join(file);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut reader = csv::Reader::from_path(&path).map_err(|e| ImportError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?
        .clone();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::Read {
            path: format!("{}:{}", path.display(), i + 2),
            message: e.to_string(),
        })?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(column, cell)| {
                let value = match field_type(column) {
                    "number" => cell
                        .parse::<f64>()
                        .map(|n| json!(n))
                        .unwrap_or_else(|_| json!(cell)),
                    _ => json!(cell),
                };
                (column.to_string(), value)
            })
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

/// Nest a package's tables back into full services.
pub fn read_package(datapackage: &Path) -> Result<Vec<Value>, ImportError> {
    let dir = datapackage.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(datapackage).map_err(|source| ImportError::Io {
        path: datapackage.display().to_string(),
        source,
    })?;
    // The descriptor only maps tables to files. The specification's own example
    // ships a path stub in its place, so an unreadable one means HSDS's standard
    // file names (services.csv, phones.csv, …) — the CSVs themselves are still checked.
    let package: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let file_for = |table: &str, default: &str| -> String {
        package["resources"]
            .as_array()
            .and_then(|r| {
                r.iter()
                    .find(|r| r["name"] == table || r["name"] == table.trim_end_matches('s'))
            })
            .and_then(|r| r["path"].as_str())
            .unwrap_or(default)
            .to_string()
    };
    let organizations = read_table(dir, &file_for("organizations", "organizations.csv"))?;
    let locations = read_table(dir, &file_for("locations", "locations.csv"))?;
    let addresses = read_table(dir, &file_for("addresses", "addresses.csv"))?;
    let at_locations = read_table(
        dir,
        &file_for("service_at_location", "service_at_location.csv"),
    )?;
    let mut children = Vec::new();
    for (table, file, key) in CHILD_TABLES {
        children.push((key, read_table(dir, &file_for(table, file))?));
    }
    let mut services = Vec::new();
    for row in read_table(dir, &file_for("services", "services.csv"))? {
        let id = row.get("id").cloned().unwrap_or(Value::Null);
        let mut service = row.clone();
        for (key, rows) in &children {
            let link = |r: &Map<String, Value>| {
                r.get("service_id") == Some(&id)
                    || r.get("link_id") == Some(&id)
                    || r.get("resource_id") == Some(&id)
            };
            let mine: Vec<Value> = rows
                .iter()
                .filter(|r| link(r))
                .cloned()
                .map(Value::Object)
                .collect();
            service.insert(key.to_string(), Value::Array(mine));
        }
        if let Some(org) = row
            .get("organization_id")
            .and_then(|oid| organizations.iter().find(|o| o.get("id") == Some(oid)))
        {
            service.insert("organization".into(), Value::Object(org.clone()));
        }
        let nested: Vec<Value> = at_locations
            .iter()
            .filter(|sal| sal.get("service_id") == Some(&id))
            .map(|sal| {
                let mut sal = sal.clone();
                if let Some(location) = sal
                    .get("location_id")
                    .and_then(|lid| locations.iter().find(|l| l.get("id") == Some(lid)))
                {
                    let mut location = location.clone();
                    let lid = location.get("id").cloned();
                    let mine: Vec<Value> = addresses
                        .iter()
                        .filter(|a| a.get("location_id") == lid.as_ref())
                        .cloned()
                        .map(Value::Object)
                        .collect();
                    location.insert("addresses".into(), Value::Array(mine));
                    sal.insert("location".into(), Value::Object(location));
                }
                Value::Object(sal)
            })
            .collect();
        service.insert("service_at_locations".into(), Value::Array(nested));
        services.push(Value::Object(service));
    }
    Ok(services)
}
