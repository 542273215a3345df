//! Cursor pagination (the JSON:API "Cursor Pagination" profile's `page[after]` and `page[before]`): a cursor
//! names a row's place in the listing's sort, so that a page starts right after (or ends right before) it
//! whatever rows were inserted or deleted elsewhere, and a deep page costs what the first one does.
//!
//! A cursor is opaque and safe: it holds the sort values of its row (then its id), at most 512 bytes in
//! base64url, signed with the application's [`CursorKey`] and bound to the query's sort and filters. A
//! tampered cursor, one from another sort or other filters, or one signed with another key is refused
//! (400, code 118), never applied to another listing; its values reach SQL as bound parameters.
//!
//! ```
//! use jsonapi_filter::{CursorKey, Filterable, QueryOptions, ResourceQuery};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", default_sort = "-duration")]
//! struct Call { #[filterable(id)] id: i64, duration: Option<i64> }
//!
//! let options = QueryOptions { cursor_key: Some(CursorKey::new(b"the application's own secret")), ..QueryOptions::default() };
//! let first = ResourceQuery::<Call>::parse_with("page[size]=2", &options).unwrap();
//! let calls = [Call { id: 1, duration: Some(90) }, Call { id: 2, duration: None }, Call { id: 3, duration: Some(30) }];
//! let cursor = first.cursor_of(&calls[0]).unwrap();
//!
//! let next = ResourceQuery::<Call>::parse_with(&format!("page[size]=2&page[after]={cursor}"), &options).unwrap();
//! let (page, _) = next.evaluate(&calls);
//! assert_eq!(page.iter().map(|call| call.id).collect::<Vec<_>>(), [3]); // NULLs sort first when descending
//!
//! // Another sort, another key, a changed byte: refused.
//! let errors = ResourceQuery::<Call>::parse_with(&format!("sort=duration&page[after]={cursor}"), &options).unwrap_err();
//! assert_eq!((errors.first().code(), errors.first().parameter()), ("118", Some("page[after]")));
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::group::{Conditions, FilterGroup};
use crate::query::{Filter, RelationshipFilter, ResourceQuery, SortKey};
use crate::value::FilterValue;

/// The longest cursor, in bytes of its base64url text.
pub const MAX_CURSOR_LENGTH: usize = 512;

const VERSION: u8 = 1;
const BINDING_LENGTH: usize = 16;
const MAC_LENGTH: usize = 16;

/// The key that signs and checks cursors, derived from a secret of the application's (which should be at
/// least 32 random bytes and stay the same across the servers of one API). Its `Debug` form hides it.
///
/// ```
/// use jsonapi_filter::CursorKey;
/// let key = CursorKey::new(b"a secret of the application's");
/// assert_eq!(format!("{key:?}"), "CursorKey(..)");
/// ```
#[derive(Clone)]
pub struct CursorKey {
    /// HMAC-SHA-256 keyed with the derived key: each cursor signed or checked starts from a copy of it,
    /// instead of hashing the key's two padded blocks again.
    keyed: Hmac<Sha256>,
}

impl CursorKey {
    /// The key derived from `secret` (HMAC-SHA-256 of a fixed label, so that the secret itself never signs
    /// anything another part of the application also signs).
    ///
    /// # Panics
    /// When `secret` is empty.
    pub fn new(secret: &[u8]) -> CursorKey {
        assert!(!secret.is_empty(), "a cursor key needs a secret");
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(b"jsonapi-filter cursor key v1");
        let key = mac.finalize().into_bytes();
        CursorKey {
            keyed: Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length"),
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        self.keyed.clone()
    }
}

impl fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

/// A row's place in a listing's sort: its value of each sort criterion, then its id (unless the sort names
/// the id), `None` for a NULL.
#[derive(Debug, Clone, PartialEq)]
pub struct SortPosition {
    /// The values, one per criterion of [`ResourceQuery::position_keys`].
    pub values: Vec<Option<FilterValue>>,
}

/// What `page[after]` and `page[before]` ask for: the rows after one position, before one, or between two
/// (a range).
#[derive(Debug, Clone, PartialEq)]
pub struct CursorRange {
    /// `page[after]`: only rows after this position.
    pub after: Option<SortPosition>,
    /// `page[before]`: only rows before this position.
    pub before: Option<SortPosition>,
}

impl CursorRange {
    /// Whether the page is read backwards: `page[before]` alone takes the rows just before the position, so
    /// the statement sorts in reverse and [`ResourceQuery::cursor_window`] puts them back in order.
    pub fn backwards(&self) -> bool {
        self.after.is_none() && self.before.is_some()
    }
}

/// A page of a cursor-paged listing, in the listing's order.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorWindow<T> {
    /// The page's rows.
    pub rows: Vec<T>,
    /// Whether more rows lie beyond the page in the direction read: a next page (`page[after]` alone, or no
    /// cursor), a previous page (`page[before]` alone), or, for a range, the range holds more than a page
    /// (`meta.page.rangeTruncated`).
    pub more: bool,
}

impl<R> ResourceQuery<R> {
    /// The criteria a position holds a value of: the sort, then the id unless the sort names it.
    pub fn position_keys(&self) -> Vec<SortKey>
    where
        R: crate::Resource,
    {
        SortKey::with_tie_breaker(&self.sort, R::SCHEMA.id_field())
    }
}

impl<R> ResourceQuery<R> {
    /// The page of a cursor-paged query from the rows its select returned (one more than the page when more
    /// rows lie beyond it, and in reverse for `page[before]` alone): the page's rows in the listing's order, and
    /// whether more rows lie beyond. An offset-paged query's rows are returned as they are, with `more` false
    /// (its total says what lies beyond).
    ///
    /// ```
    /// use jsonapi_filter::{CursorRange, Filterable, ResourceQuery, SortPosition};
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let mut query = ResourceQuery::<Call>::parse("page[size]=2").unwrap();
    /// query.cursor = Some(CursorRange { after: None, before: Some(SortPosition { values: vec![Some(9_i64.into())] }) });
    /// let window = query.cursor_window(vec![8, 7, 6]); // the select read backwards from the position
    /// assert_eq!((window.rows, window.more), (vec![7, 8], true));
    /// ```
    pub fn cursor_window<T>(&self, mut rows: Vec<T>) -> CursorWindow<T> {
        let Some(cursor) = &self.cursor else {
            return CursorWindow { rows, more: false };
        };
        let size = usize::try_from(self.page.size).unwrap_or(usize::MAX);
        let more = rows.len() > size;
        rows.truncate(size);
        if cursor.backwards() {
            rows.reverse();
        }
        CursorWindow { rows, more }
    }
}

/// The query's sort and conditions as bytes, hashed: what a cursor is bound to. The page size is not part
/// of it (a client may change it while paging), nor the server's scope (applied afresh on every request).
pub(crate) fn binding<R: crate::Resource>(query: &ResourceQuery<R>) -> [u8; BINDING_LENGTH] {
    let mut text = String::new();
    text.push_str(R::SCHEMA.type_name);
    text.push('\u{1e}');
    for key in query.position_keys() {
        text.push_str(&format!("{key:?}\u{1f}"));
    }
    text.push('\u{1e}');
    write_filters(&mut text, &query.filters);
    write_filters(&mut text, query.default_filters());
    write_relationship_filters(&mut text, &query.relationship_filters);
    for group in &query.groups {
        write_group(&mut text, group);
    }
    let digest = Sha256::digest(text.as_bytes());
    let mut binding = [0; BINDING_LENGTH];
    binding.copy_from_slice(&digest[..BINDING_LENGTH]);
    binding
}

fn write_filters(text: &mut String, filters: &[Filter]) {
    for filter in filters {
        text.push_str(&filter.key());
        text.push('=');
        for value in &filter.values {
            text.push_str(&value.to_query_value());
            text.push('\u{1f}');
        }
        text.push('\u{1d}');
    }
}

fn write_relationship_filters(text: &mut String, entries: &[RelationshipFilter]) {
    for entry in entries {
        text.push_str(entry.relationship.name);
        text.push('(');
        write_filters(text, &entry.filters);
        write_relationship_filters(text, &entry.nested);
        text.push(')');
    }
}

fn write_conditions(text: &mut String, conditions: &Conditions) {
    text.push('(');
    write_filters(text, &conditions.filters);
    write_relationship_filters(text, &conditions.relationship_filters);
    for group in &conditions.groups {
        write_group(text, group);
    }
    text.push(')');
}

fn write_group(text: &mut String, group: &FilterGroup) {
    text.push_str(group.operator().name());
    for branch in group.branches() {
        write_conditions(text, branch);
    }
}

/// The cursor of `position` for `query`: `None` when it would be longer than [`MAX_CURSOR_LENGTH`] (sort
/// values of hundreds of bytes).
pub(crate) fn encode<R: crate::Resource>(
    query: &ResourceQuery<R>,
    key: &CursorKey,
    position: &SortPosition,
) -> Option<String> {
    encode_bound(&binding(query), key, position)
}

/// [`encode`] with the query's [`binding`] computed once (for every row of a page).
pub(crate) fn encode_bound(
    binding: &[u8; BINDING_LENGTH],
    key: &CursorKey,
    position: &SortPosition,
) -> Option<String> {
    // Room for the usual values (an instant and a uuid) and the signature: one allocation per cursor.
    let mut payload =
        Vec::with_capacity(1 + BINDING_LENGTH + 40 * position.values.len() + MAC_LENGTH);
    payload.push(VERSION);
    payload.extend_from_slice(binding);
    let mut text = String::new();
    for value in &position.values {
        match value {
            None => payload.push(0),
            Some(value) => {
                text.clear();
                // An instant binds to the microsecond; the cursor holds what the statement compares.
                match value {
                    FilterValue::DateTime(instant) => {
                        use chrono::SubsecRound as _;
                        FilterValue::DateTime(instant.trunc_subsecs(6)).push_query_value(&mut text);
                    }
                    value => value.push_query_value(&mut text),
                }
                let length = u16::try_from(text.len()).ok()?;
                payload.push(1);
                payload.extend_from_slice(&length.to_be_bytes());
                payload.extend_from_slice(text.as_bytes());
            }
        }
    }
    let mut mac = key.mac();
    mac.update(&payload);
    payload.extend_from_slice(&mac.finalize().into_bytes()[..MAC_LENGTH]);
    let cursor = URL_SAFE_NO_PAD.encode(payload);
    (cursor.len() <= MAX_CURSOR_LENGTH).then_some(cursor)
}

/// A cursor of `query` whose value bytes are `values`, signed with `key`: what only a holder of the key could
/// send, for the fuzz targets to reach the decoding of signed values. Not a public API.
#[doc(hidden)]
pub fn signed_cursor<R: crate::Resource>(
    query: &ResourceQuery<R>,
    key: &CursorKey,
    values: &[u8],
) -> String {
    let mut payload = vec![VERSION];
    payload.extend_from_slice(&binding(query));
    payload.extend_from_slice(values);
    let mut mac = key.mac();
    mac.update(&payload);
    payload.extend_from_slice(&mac.finalize().into_bytes()[..MAC_LENGTH]);
    URL_SAFE_NO_PAD.encode(payload)
}

/// Why a cursor is refused: the detail of its 118.
pub(crate) type CursorRejection = &'static str;

/// The position `cursor` names for `query`, checked: signed with `key`, bound to this query's sort and
/// filters, one value of each criterion's kind.
pub(crate) fn decode<R: crate::Resource>(
    query: &ResourceQuery<R>,
    key: &CursorKey,
    cursor: &str,
) -> Result<SortPosition, CursorRejection> {
    const NOT_OURS: &str = "is not a cursor of this listing: it is malformed or was changed";
    if cursor.len() > MAX_CURSOR_LENGTH {
        return Err("is longer than a cursor can be");
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| NOT_OURS)?;
    if bytes.len() < 1 + BINDING_LENGTH + MAC_LENGTH {
        return Err(NOT_OURS);
    }
    let (payload, signature) = bytes.split_at(bytes.len() - MAC_LENGTH);
    let mut mac = key.mac();
    mac.update(payload);
    mac.verify_truncated_left(signature).map_err(|_| NOT_OURS)?;
    if payload[0] != VERSION {
        return Err(NOT_OURS);
    }
    if payload[1..=BINDING_LENGTH] != binding(query) {
        return Err(
            "belongs to another sort or other filters; keep the sort and filters while paging, or start again from the first page",
        );
    }
    let mut rest = &payload[1 + BINDING_LENGTH..];
    let mut values = Vec::new();
    for key in query.position_keys() {
        let (&marker, after) = rest.split_first().ok_or(NOT_OURS)?;
        rest = after;
        if marker == 0 {
            values.push(None);
            continue;
        }
        if rest.len() < 2 {
            return Err(NOT_OURS);
        }
        let length = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        let text = rest.get(2..2 + length).ok_or(NOT_OURS)?;
        rest = &rest[2 + length..];
        let text = std::str::from_utf8(text).map_err(|_| NOT_OURS)?;
        let value = FilterValue::parse_for(key.field, text).map_err(|_| NOT_OURS)?;
        values.push(Some(value));
    }
    if !rest.is_empty() {
        return Err(NOT_OURS);
    }
    Ok(SortPosition { values })
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::{DateTime, SubsecRound, Utc};

    use super::*;

    /// The texts a cursor's payload holds, one per value (`None` for a NULL), after its version and binding.
    fn payload_texts(cursor: &str) -> Vec<Option<String>> {
        let bytes = URL_SAFE_NO_PAD.decode(cursor).expect("base64url");
        let mut rest = &bytes[1 + BINDING_LENGTH..bytes.len() - MAC_LENGTH];
        let mut texts = Vec::new();
        while let Some((&flag, after)) = rest.split_first() {
            if flag == 0 {
                texts.push(None);
                rest = after;
                continue;
            }
            let length = usize::from(u16::from_be_bytes([after[0], after[1]]));
            let text = std::str::from_utf8(&after[2..2 + length]).expect("UTF-8");
            texts.push(Some(text.to_owned()));
            rest = &after[2 + length..];
        }
        texts
    }

    #[test]
    fn a_cursor_holds_each_value_as_its_query_text() {
        let instant: DateTime<Utc> = "2025-12-28T11:45:28.123456789Z"
            .parse()
            .expect("an instant");
        let values = vec![
            Some(FilterValue::String("Europe/Kyiv, ünïcode".to_owned())),
            Some(FilterValue::Integer(-42)),
            Some(FilterValue::Decimal(
                crate::Decimal::from_str("1.500").expect("a decimal"),
            )),
            Some(FilterValue::DateTime(instant)),
            Some(FilterValue::Enum("Completed")),
            Some(FilterValue::Uuid(
                uuid::Uuid::parse_str("9F0C50A6-62E1-457E-BECD-D3511CF23571").expect("a uuid"),
            )),
            Some(FilterValue::Inet(
                "2001:db8::1".parse().expect("an address"),
            )),
            Some(FilterValue::Boolean(true)),
            None,
        ];
        let cursor = encode_bound(
            &[7; BINDING_LENGTH],
            &CursorKey::new(b"cursor tests"),
            &SortPosition {
                values: values.clone(),
            },
        )
        .expect("a short position");
        let expected: Vec<Option<String>> = values
            .iter()
            .map(|value| {
                value.as_ref().map(|value| match value {
                    FilterValue::DateTime(instant) => {
                        FilterValue::DateTime(instant.trunc_subsecs(6)).to_query_value()
                    }
                    value => value.to_query_value(),
                })
            })
            .collect();
        assert_eq!(payload_texts(&cursor), expected);
        assert_eq!(
            expected[5].as_deref(),
            Some("9f0c50a6-62e1-457e-becd-d3511cf23571")
        );
        assert_eq!(expected[3].as_deref(), Some("2025-12-28T11:45:28.123456Z"));
    }
}
