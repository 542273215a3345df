//! Pagination links: `first`, `last`, `prev` and `next` of a paged listing, keeping the request's other
//! parameters (filters, sort, sparse fieldsets, include) as the client wrote them.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::query::Page;
use crate::query_string::decode_query_string;
use crate::total::TotalCount;

/// The `links` object of a paged listing. `prev` exists when the page is not the first, and `next` when it
/// is before the last; `last` is page 1 when there are no records, and absent when the total is only known
/// as a lower bound ([`TotalCount::AtLeast`]). A page past the end has a `prev` (the last page) and no
/// `next`.
///
/// ```
/// use jsonapi_filter::{Page, PageLinks};
/// let links = PageLinks::new(
///     "http://example.org/cdr-exports",
///     "filter[status-eq]=Pending&page[number]=2&page[size]=10",
///     Page { number: 2, size: 10 },
///     25,
/// );
/// assert_eq!(links.first, "http://example.org/cdr-exports?filter[status-eq]=Pending&page%5Bnumber%5D=1&page%5Bsize%5D=10");
/// assert_eq!(links.last.as_deref(), Some("http://example.org/cdr-exports?filter[status-eq]=Pending&page%5Bnumber%5D=3&page%5Bsize%5D=10"));
/// assert_eq!(links.prev.as_deref(), Some("http://example.org/cdr-exports?filter[status-eq]=Pending&page%5Bnumber%5D=1&page%5Bsize%5D=10"));
/// assert!(links.next.is_some());
/// ```
///
/// A cursor-paged page ([`PageLinks::for_cursors`]) has no `last`, and writes `prev` and `next` as `null`
/// where there is no such page, as the JSON:API Cursor Pagination profile does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    /// Page 1 (for a cursor-paged page: the first page, without a cursor).
    pub first: String,
    /// The last page (page 1 when there are no records); `None` when the total is a lower bound, and for a
    /// cursor-paged page.
    pub last: Option<String>,
    /// The page before, when the page is not the first (the last page, for a page past the end).
    pub prev: Option<String>,
    /// The page after, when the page is before the last.
    pub next: Option<String>,
    /// The profiles the document applies, written as `links.profile` when there is one: the Cursor
    /// Pagination profile ([`CURSOR_PAGINATION_PROFILE`]) when the listing's objects carry cursors.
    pub profile: Vec<&'static str>,
    /// Whether the page was asked for by cursor (`page[after]`, `page[before]`): then `prev` and `next` are
    /// written `null` when absent.
    pub cursor_paged: bool,
}

/// The URI of the JSON:API "Cursor Pagination" profile, as its specification gives it: the value of
/// `links.profile` in a listing whose objects carry cursors.
pub const CURSOR_PAGINATION_PROFILE: &str =
    "http://jsonapi.org/profiles/ethanresnick/cursor-pagination/";

impl Serialize for PageLinks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut links = serializer.serialize_map(None)?;
        links.serialize_entry("first", &self.first)?;
        if let Some(last) = &self.last {
            links.serialize_entry("last", last)?;
        }
        for (name, link) in [("prev", &self.prev), ("next", &self.next)] {
            if link.is_some() || self.cursor_paged {
                links.serialize_entry(name, link)?;
            }
        }
        if !self.profile.is_empty() {
            links.serialize_entry("profile", &self.profile)?;
        }
        links.end()
    }
}

impl PageLinks {
    /// The links for `page` of a listing of `total` records at `base_url` (absolute, without a query),
    /// requested with `raw_query` (without the `?`). The query's `page[...]` parameters are replaced; every
    /// other parameter is kept verbatim, in order.
    ///
    /// ```
    /// use jsonapi_filter::{Page, PageLinks};
    /// // No records: page 1 is also the last, and there is nothing before or after it.
    /// let links = PageLinks::new("http://example.org/calls", "sort=-duration", Page { number: 1, size: 50 }, 0);
    /// assert_eq!(links.first, "http://example.org/calls?sort=-duration&page%5Bnumber%5D=1&page%5Bsize%5D=50");
    /// assert_eq!(links.last.as_ref(), Some(&links.first));
    /// assert_eq!((links.prev, links.next), (None, None));
    ///
    /// // A page past the end points back to the last page.
    /// let links = PageLinks::new("http://example.org/calls", "page[number]=9&page[size]=10", Page { number: 9, size: 10 }, 25);
    /// assert_eq!(links.prev.as_deref(), Some("http://example.org/calls?page%5Bnumber%5D=3&page%5Bsize%5D=10"));
    /// assert_eq!(links.next, None);
    /// ```
    pub fn new(base_url: &str, raw_query: &str, page: Page, total: u64) -> PageLinks {
        PageLinks::for_total(base_url, raw_query, page, TotalCount::Exact(total))
    }

    /// The links for `page` of a listing whose total was counted under a [`crate::CountPolicy`]. With
    /// [`TotalCount::AtLeast`] there is no `last`, and `next` exists when the bound lies past the page.
    ///
    /// ```
    /// use jsonapi_filter::{Page, PageLinks, TotalCount};
    /// let page = Page { number: 2, size: 10 };
    /// let links = PageLinks::for_total("http://example.org/calls", "", page, TotalCount::AtLeast(1001));
    /// assert_eq!(links.last, None);
    /// assert_eq!(links.next.as_deref(), Some("http://example.org/calls?page%5Bnumber%5D=3&page%5Bsize%5D=10"));
    /// ```
    pub fn for_total(base_url: &str, raw_query: &str, page: Page, total: TotalCount) -> PageLinks {
        let prefix = link_prefix(base_url, raw_query);
        let link = |number: u64| {
            format!(
                "{prefix}page%5Bnumber%5D={number}&page%5Bsize%5D={}",
                page.size
            )
        };
        match total {
            TotalCount::Exact(total) => {
                let last = page.last_number(total);
                PageLinks {
                    first: link(1),
                    last: Some(link(last)),
                    prev: (page.number > 1).then(|| link((page.number - 1).min(last))),
                    next: (page.number < last).then(|| link(page.number + 1)),
                    profile: Vec::new(),
                    cursor_paged: false,
                }
            }
            TotalCount::AtLeast(at_least) => PageLinks {
                first: link(1),
                last: None,
                prev: (page.number > 1).then(|| link(page.number - 1)),
                next: (page.offset().saturating_add(page.size) < at_least)
                    .then(|| link(page.number + 1)),
                profile: Vec::new(),
                cursor_paged: false,
            },
        }
    }

    /// The links of a cursor-paged page of `size` rows: `first` without a cursor, `prev` as `page[before]` the
    /// page's first cursor and `next` as `page[after]` its last one, each given only when the caller knows
    /// there may be such a page (`None` otherwise, written `null`). Every other parameter of `raw_query` is
    /// kept verbatim, in order; its `page[...]` parameters are replaced.
    ///
    /// ```
    /// use jsonapi_filter::PageLinks;
    /// let links = PageLinks::for_cursors("http://example.org/calls", "sort=-duration&page[after]=AAA", 10, Some("BBB"), None);
    /// assert_eq!(links.first, "http://example.org/calls?sort=-duration&page%5Bsize%5D=10");
    /// assert_eq!(links.prev.as_deref(), Some("http://example.org/calls?sort=-duration&page%5Bsize%5D=10&page%5Bbefore%5D=BBB"));
    /// assert_eq!(serde_json::to_value(&links).unwrap()["next"], serde_json::Value::Null);
    /// ```
    pub fn for_cursors(
        base_url: &str,
        raw_query: &str,
        size: u64,
        before: Option<&str>,
        after: Option<&str>,
    ) -> PageLinks {
        let first = format!("{}page%5Bsize%5D={size}", link_prefix(base_url, raw_query));
        PageLinks {
            prev: before.map(|cursor| format!("{first}&page%5Bbefore%5D={cursor}")),
            next: after.map(|cursor| format!("{first}&page%5Bafter%5D={cursor}")),
            first,
            last: None,
            profile: vec![CURSOR_PAGINATION_PROFILE],
            cursor_paged: true,
        }
    }
}

/// `base_url?` followed by the parameters of `raw_query` other than `page[...]`, each followed by `&`.
fn link_prefix(base_url: &str, raw_query: &str) -> String {
    let kept: Vec<&str> = raw_query
        .split('&')
        .filter(|segment| !segment.is_empty() && !names_page_parameter(segment))
        .collect();
    if kept.is_empty() {
        format!("{base_url}?")
    } else {
        format!("{base_url}?{}&", kept.join("&"))
    }
}

/// Whether a raw `name=value` segment is a `page[...]` parameter, in any percent-encoding.
fn names_page_parameter(segment: &str) -> bool {
    let name = segment.split_once('=').map_or(segment, |(name, _)| name);
    decode_query_string(name)
        .ok()
        .and_then(|parameters| parameters.into_iter().next())
        .is_some_and(|parameter| parameter.name.starts_with("page["))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_listing_has_page_one_as_last_and_no_prev_or_next() {
        let links = PageLinks::new(
            "http://h/x",
            "",
            Page {
                number: 1,
                size: 50,
            },
            0,
        );
        assert_eq!(
            links.first,
            "http://h/x?page%5Bnumber%5D=1&page%5Bsize%5D=50"
        );
        assert_eq!(links.last.as_ref(), Some(&links.first));
        assert_eq!((links.prev, links.next), (None, None));
    }

    #[test]
    fn encoded_page_parameters_are_replaced_and_others_kept() {
        let links = PageLinks::new(
            "http://h/x",
            "page%5Bsize%5D=2&sort=-created-at&page%5bnumber%5d=9&fields%5Bx%5D=a",
            Page { number: 9, size: 2 },
            5,
        );
        let expected = |n: u64| {
            format!(
                "http://h/x?sort=-created-at&fields%5Bx%5D=a&page%5Bnumber%5D={n}&page%5Bsize%5D=2"
            )
        };
        assert_eq!(links.last, Some(expected(3)));
        assert_eq!(links.prev, Some(expected(3)));
        assert_eq!(links.next, None);
    }
}
