//! One page of a listing, from the rows its select returned to the parts of its document: the page's rows in
//! order, each with its cursor, the top-level `meta` and the pagination `links`, the same for an offset-paged
//! request (`page[number]`) and a cursor-paged one (`page[after]`, `page[before]`).
//!
//! A handler runs the select of [`ResourceQuery::select_statement`] (or the statement cache's), hands its
//! rows to [`ResourceQuery::listing_page`], and writes the document from the page:
//!
//! ```
//! use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ListingDocument};
//! use jsonapi_filter::{CursorKey, Filterable, QueryOptions, RelatedRecords, ResourceQuery, TotalCount};
//! use serde::ser::SerializeMap;
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", default_sort = "-duration")]
//! struct Call { #[filterable(id)] id: i64, duration: i64 }
//!
//! impl JsonApiResource for Call {
//!     const TYPE: &'static str = "calls";
//!     const ATTRIBUTES: &'static [&'static str] = &["duration"];
//!     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
//!     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
//!         out.attribute("duration", &self.duration);
//!     }
//! }
//!
//! let options = QueryOptions { cursor_key: Some(CursorKey::new(b"the application's secret")), ..QueryOptions::default() };
//! let query = ResourceQuery::<Call>::parse_with("page[size]=2", &options).unwrap();
//! // What the select returned (for an offset page, exactly the page).
//! let rows = vec![Call { id: 1, duration: 90 }, Call { id: 2, duration: 60 }];
//! let page = query.listing_page(rows, &RelatedRecords::new());
//! let total = TotalCount::Exact(3);
//! let document = ListingDocument {
//!     data: page.objects(Fields::of(&query), None, &[]),
//!     included: None::<Vec<()>>,
//!     meta: page.meta(total),
//!     links: page.links("http://example.org/calls", "page[size]=2", total),
//! };
//! let json = serde_json::to_value(&document).unwrap();
//! let cursor = json["data"][1]["meta"]["page"]["cursor"].as_str().unwrap();
//! assert_eq!(json["links"]["profile"][0], "http://jsonapi.org/profiles/ethanresnick/cursor-pagination/");
//!
//! // A client switches to cursors from any object's cursor; the next page is cursor-paged.
//! let next = ResourceQuery::<Call>::parse_with(&format!("page[size]=2&page[after]={cursor}"), &options).unwrap();
//! let page = next.listing_page(vec![Call { id: 3, duration: 30 }], &RelatedRecords::new());
//! let links = page.links("http://example.org/calls", "", total);
//! assert!(links.next.is_none()); // no row beyond this one
//! assert!(links.prev.unwrap().contains("page%5Bbefore%5D="));
//! ```

use serde::Serialize;

use crate::document::{Fields, JsonApiResource, ResourceObject};
use crate::eval::{FilterRecord, RelatedRecords};
use crate::links::PageLinks;
use crate::query::ResourceQuery;
use crate::total::TotalCount;

/// One page of a listing: its rows in the listing's order, each row's cursor, and what the select said lies
/// beyond it. Made by [`ResourceQuery::listing_page`].
pub struct ListingPage<'q, R> {
    query: &'q ResourceQuery<R>,
    /// The page's rows, in the listing's order.
    pub rows: Vec<R>,
    /// For a cursor-paged page, whether more rows lie beyond it in the direction read (for a range: whether
    /// the range holds more than the page). False for an offset page (its total says what lies beyond).
    pub more: bool,
    /// Each row's cursor, in order: `None` throughout when the query has no cursor key, and for a row whose
    /// sort values are too long for a cursor.
    pub cursors: Vec<Option<String>>,
}

/// A listing's top-level `meta`: its total (`total-count`, or `total-count-at-least` under a count bound),
/// and, for a range of cursors (`page[after]` with `page[before]`), `page.rangeTruncated`.
///
/// ```
/// use jsonapi_filter::{ListingMeta, TotalCount};
/// let meta = ListingMeta::from(TotalCount::Exact(7));
/// assert_eq!(serde_json::to_string(&meta).unwrap(), r#"{"total-count":7}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ListingMeta {
    /// The listing's total, counted whatever the cursors.
    #[serde(flatten)]
    pub total: TotalCount,
    /// `{"rangeTruncated": true}` when a range holds more rows than the page; `None` unless the request
    /// gave both cursors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<RangeMeta>,
}

/// `meta.page` of a range request (`page[after]` with `page[before]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RangeMeta {
    /// Whether the range holds more rows than the page: the page is its first rows.
    #[serde(rename = "rangeTruncated")]
    pub range_truncated: bool,
}

impl From<TotalCount> for ListingMeta {
    fn from(total: TotalCount) -> ListingMeta {
        ListingMeta { total, page: None }
    }
}

impl<R: FilterRecord> ResourceQuery<R> {
    /// The page of this query from the rows its select returned: for a cursor-paged query, the window of
    /// [`ResourceQuery::cursor_window`] (the select reads one row more, and `page[before]` alone reads in
    /// reverse); for an offset-paged one, the rows as they are. Each row gets its cursor when the query was
    /// parsed with a [`CursorKey`](crate::CursorKey); a sort through a relationship reads its values from
    /// `related` (the related rows of the page's rows, within the related resource's scope: see
    /// [`ResourceQuery::sort_relationships`]). See the [module documentation](self).
    pub fn listing_page(&self, rows: Vec<R>, related: &RelatedRecords<'_>) -> ListingPage<'_, R> {
        let window = self.cursor_window(rows);
        let cursors = match &self.cursor_key {
            Some(key) => {
                let binding = crate::cursor::binding(self);
                let keys = self.position_keys();
                window
                    .rows
                    .iter()
                    .map(|row| {
                        crate::cursor::encode_bound(
                            &binding,
                            key,
                            &self.position_at(&keys, row, related),
                        )
                    })
                    .collect()
            }
            None => vec![None; window.rows.len()],
        };
        ListingPage {
            query: self,
            rows: window.rows,
            more: window.more,
            cursors,
        }
    }
}

impl<R> ResourceQuery<R> {
    /// The to-one relationships the sort reads a field through (`account` for `sort=account.name`), each
    /// once: a handler loads the page's related rows of these (in their scope) for
    /// [`ResourceQuery::listing_page`] to write the rows' cursors.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, ResourceQuery};
    /// #[derive(Filterable)]
    /// #[filterable(type = "accounts", table = "accounts")]
    /// struct Account { #[filterable(id)] id: i64, name: String }
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls", table = "calls")]
    /// struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    ///
    /// assert_eq!(ResourceQuery::<Call>::parse("sort=account.name,-account.id").unwrap().sort_relationships(), ["account"]);
    /// assert!(ResourceQuery::<Call>::parse("sort=-id").unwrap().sort_relationships().is_empty());
    /// ```
    pub fn sort_relationships(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for through in self.sort.iter().filter_map(|key| key.through) {
            if !names.contains(&through.relationship.name) {
                names.push(through.relationship.name);
            }
        }
        names
    }
}

impl<'q, R: JsonApiResource> ListingPage<'q, R> {
    /// The page's resource objects, in order, each with its cursor (`meta.page.cursor`) when it has one:
    /// [`ResourceObject::each`] with [`ResourceObject::with_cursor`].
    pub fn objects<'a>(
        &'a self,
        fields: Fields<'a>,
        collection_url: Option<&'a str>,
        linkage: &'a [&'a str],
    ) -> Vec<ResourceObject<'a, R>> {
        self.rows
            .iter()
            .zip(&self.cursors)
            .map(|(row, cursor)| {
                ResourceObject::new(row, fields, collection_url, linkage)
                    .with_cursor(cursor.as_deref())
            })
            .collect()
    }
}

impl<R> ListingPage<'_, R> {
    /// The document's top-level `meta`: `total`, and `page.rangeTruncated` for a range of cursors.
    pub fn meta(&self, total: TotalCount) -> ListingMeta {
        let range = self
            .query
            .cursor
            .as_ref()
            .is_some_and(|cursor| cursor.after.is_some() && cursor.before.is_some());
        ListingMeta {
            total,
            page: range.then_some(RangeMeta {
                range_truncated: self.more,
            }),
        }
    }

    /// The document's pagination links, at `collection_url` (absolute, without a query) for a request with
    /// `raw_query` (without the `?`). An offset-paged page has the `page[number]` links of
    /// [`PageLinks::for_total`]. A cursor-paged page has `first` and cursors in `prev` (`page[before]` its
    /// first row) and `next` (`page[after]` its last row), `null` where there is no such page: no `next` when
    /// nothing lies after a page read forwards, no `prev` when nothing lies before a page read backwards,
    /// neither from an empty page. Both have `links.profile` when the rows carry cursors.
    pub fn links(&self, collection_url: &str, raw_query: &str, total: TotalCount) -> PageLinks {
        let mut links = match &self.query.cursor {
            None => PageLinks::for_total(collection_url, raw_query, self.query.page, total),
            Some(cursor) => {
                let first = self.cursors.first().and_then(Option::as_deref);
                let last = self.cursors.last().and_then(Option::as_deref);
                let backwards = cursor.backwards();
                // Read forwards, what lies after the page is what the select found beyond it; a range's
                // `page[before]` row, or a page read backwards, has rows after it (its cursor's row at least).
                let after = if backwards || cursor.before.is_some() {
                    last
                } else {
                    last.filter(|_| self.more)
                };
                let before = if backwards {
                    first.filter(|_| self.more)
                } else {
                    first
                };
                PageLinks::for_cursors(
                    collection_url,
                    raw_query,
                    self.query.page.size,
                    before,
                    after,
                )
            }
        };
        if self.query.cursor_key.is_some() {
            links.profile = vec![crate::links::CURSOR_PAGINATION_PROFILE];
        } else {
            links.profile.clear();
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CursorKey, Filterable, QueryOptions};

    #[derive(Filterable)]
    #[filterable(type = "calls", default_sort = "duration")]
    struct Call {
        #[filterable(id)]
        id: i64,
        duration: i64,
    }

    fn options() -> QueryOptions {
        QueryOptions {
            cursor_key: Some(CursorKey::new(b"listing tests")),
            ..QueryOptions::default()
        }
    }

    fn calls(ids: std::ops::RangeInclusive<i64>) -> Vec<Call> {
        ids.map(|id| Call {
            id,
            duration: id * 10,
        })
        .collect()
    }

    /// The page of `query_text` given the rows its select would return, as `(ids, prev, next, meta)`.
    fn page_of(query_text: &str, rows: Vec<Call>) -> (Vec<i64>, bool, bool, serde_json::Value) {
        let query = ResourceQuery::<Call>::parse_with(query_text, &options()).unwrap();
        let page = query.listing_page(rows, &RelatedRecords::new());
        let links = page.links("http://h/calls", query_text, TotalCount::Exact(9));
        let meta = serde_json::to_value(page.meta(TotalCount::Exact(9))).unwrap();
        assert_eq!(links.profile, [crate::CURSOR_PAGINATION_PROFILE]);
        (
            page.rows.iter().map(|call| call.id).collect(),
            links.prev.is_some(),
            links.next.is_some(),
            meta,
        )
    }

    fn cursor_of(id: i64) -> String {
        let query = ResourceQuery::<Call>::parse_with("", &options()).unwrap();
        query
            .cursor_of(&Call {
                id,
                duration: id * 10,
            })
            .unwrap()
    }

    #[test]
    fn a_page_read_forwards_has_a_next_only_when_the_select_found_more() {
        let after = format!("page[size]=2&page[after]={}", cursor_of(2));
        let (ids, prev, next, _) = page_of(&after, calls(3..=5));
        assert_eq!((ids, prev, next), (vec![3, 4], true, true));
        let (ids, prev, next, _) = page_of(&after, calls(3..=4));
        assert_eq!((ids, prev, next), (vec![3, 4], true, false));
        // An empty page after the last row: neither link.
        let (ids, prev, next, _) = page_of(&after, Vec::new());
        assert_eq!((ids, prev, next), (vec![], false, false));
    }

    #[test]
    fn a_page_read_backwards_has_a_prev_only_when_the_select_found_more() {
        let before = format!("page[size]=2&page[before]={}", cursor_of(5));
        // The select reads backwards: 4, 3, then 2 beyond the page.
        let (ids, prev, next, _) = page_of(&before, calls(2..=4).into_iter().rev().collect());
        assert_eq!((ids, prev, next), (vec![3, 4], true, true));
        let (ids, prev, next, _) = page_of(&before, calls(1..=2).into_iter().rev().collect());
        assert_eq!((ids, prev, next), (vec![1, 2], false, true));
    }

    #[test]
    fn a_range_says_whether_it_was_truncated() {
        let range = format!(
            "page[size]=2&page[after]={}&page[before]={}",
            cursor_of(1),
            cursor_of(9)
        );
        let (ids, prev, next, meta) = page_of(&range, calls(2..=4));
        assert_eq!((ids, prev, next), (vec![2, 3], true, true));
        assert_eq!(
            meta,
            serde_json::json!({ "total-count": 9, "page": { "rangeTruncated": true } })
        );
        let (_, _, _, meta) = page_of(&range, calls(2..=3));
        assert_eq!(meta["page"]["rangeTruncated"], false);
        // One-sided and offset pages have no meta.page.
        let (_, _, _, meta) = page_of("page[size]=2", calls(1..=2));
        assert_eq!(meta, serde_json::json!({ "total-count": 9 }));
    }

    #[test]
    fn without_a_key_there_are_no_cursors_and_no_profile() {
        let query = ResourceQuery::<Call>::parse("page[size]=2").unwrap();
        let page = query.listing_page(calls(1..=2), &RelatedRecords::new());
        assert_eq!(page.cursors, [None, None]);
        let links = page.links("http://h/calls", "", TotalCount::Exact(2));
        assert!(links.profile.is_empty());
        let json = serde_json::to_value(&links).unwrap();
        assert!(json.get("profile").is_none() && json.get("prev").is_none());
    }
}
