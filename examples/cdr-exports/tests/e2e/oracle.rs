//! An independent model of what each filter and sort means, written from the reference's documentation
//! (not from the framework): it evaluates a filter over the exports a full listing returned, so the
//! server's answer can be compared with it for every key.

use std::cmp::Ordering;

use serde_json::Value;

/// One attribute value of an export, as the model compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// A number.
    Number(i64),
    /// Text: strings, enums, uuids, and timestamps (fixed-width UTC with milliseconds, so text order is
    /// time order).
    Text(String),
}

/// The value of `key` (`rows-count`, `account-id`, `id`...) in a listed export object (with account
/// linkage); `None` for NULL.
pub fn cell(export: &Value, key: &str) -> Option<Cell> {
    let value = match key {
        "id" => &export["id"],
        "account-id" => &export["relationships"]["account"]["data"]["id"],
        attribute => &export["attributes"][attribute],
    };
    match value {
        Value::Number(number) => number.as_i64().map(Cell::Number),
        Value::String(text) => Some(Cell::Text(text.clone())),
        _ => None,
    }
}

fn parse_like(key: &str, raw: &str) -> Cell {
    if key == "rows-count" {
        Cell::Number(raw.parse().unwrap_or(i64::MIN))
    } else {
        Cell::Text(raw.to_owned())
    }
}

fn folded(cell: &Cell) -> String {
    match cell {
        Cell::Number(number) => number.to_string(),
        Cell::Text(text) => text.to_ascii_lowercase(),
    }
}

/// Whether `export` passes `filter[<field>-<predicate>]=<values>` (`predicate` empty for `filter[id]` and
/// `filter[time-format]`). NULL passes no predicate, as in SQL.
pub fn passes(export: &Value, field: &str, predicate: &str, values: &[&str]) -> bool {
    let Some(actual) = cell(export, field) else {
        return false;
    };
    let given: Vec<Cell> = values.iter().map(|raw| parse_like(field, raw)).collect();
    let first = &given[0];
    let contains = |needle: &Cell| folded(&actual).contains(&folded(needle));
    match predicate {
        "" | "in" => given.contains(&actual),
        "eq" => actual == *first,
        "not-eq" => actual != *first,
        "not-in" => !given.contains(&actual),
        "gt" => actual > *first,
        "gteq" => actual >= *first,
        "lt" => actual < *first,
        "lteq" => actual <= *first,
        "cont" => contains(first),
        "start" => folded(&actual).starts_with(&folded(first)),
        "end" => folded(&actual).ends_with(&folded(first)),
        "cont-any" => given.iter().any(contains),
        other => panic!("the model knows no predicate {other}"),
    }
}

/// The order of `sort=<keys>`: each key ascending or (`-key`) descending, NULLs as the largest value, then
/// the id ascending.
pub fn compare(left: &Value, right: &Value, sort: &[&str]) -> Ordering {
    for key in sort {
        let (field, descending) = match key.strip_prefix('-') {
            Some(field) => (field, true),
            None => (*key, false),
        };
        let ordering = match (cell(left, field), cell(right, field)) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a.cmp(&b),
        };
        let ordering = if descending {
            ordering.reverse()
        } else {
            ordering
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    cell(left, "id").cmp(&cell(right, "id"))
}

/// The ids of the exports, in order.
pub fn ids<'e>(exports: impl IntoIterator<Item = &'e Value>) -> Vec<String> {
    exports
        .into_iter()
        .map(|export| export["id"].as_str().unwrap_or("").to_owned())
        .collect()
}
