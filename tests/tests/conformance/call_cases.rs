//! The cases of [`crate::call::Call`]: default filters and filter-only fields, each a query string and the
//! page and total it must give (reasoned by hand from the rows described on [`crate::call::calls`]), or the
//! error codes it must be refused with. Unless a case says otherwise both defaults hold: the leg is the last of
//! its call (not 1, 4, 7, 10) and its route is not `internal` (not 4, 8, 12). The default sort is
//! `-duration`, and durations grow with the id, so pages list ids descending.

/// What a query of `calls` must give.
#[derive(Debug, Clone, Copy)]
pub enum CallExpected {
    /// This page, in order, out of `total` matching rows.
    Rows { page: &'static [i64], total: usize },
    /// Refused with these error codes, in order.
    Refused(&'static [&'static str]),
}

/// One case of `calls`.
#[derive(Debug, Clone, Copy)]
pub struct CallCase {
    pub name: &'static str,
    pub query: &'static str,
    pub expected: CallExpected,
}

const fn rows(name: &'static str, query: &'static str, page: &'static [i64]) -> CallCase {
    CallCase {
        name,
        query,
        expected: CallExpected::Rows {
            page,
            total: page.len(),
        },
    }
}

const fn paged(
    name: &'static str,
    query: &'static str,
    page: &'static [i64],
    total: usize,
) -> CallCase {
    CallCase {
        name,
        query,
        expected: CallExpected::Rows { page, total },
    }
}

const fn refused(
    name: &'static str,
    query: &'static str,
    codes: &'static [&'static str],
) -> CallCase {
    CallCase {
        name,
        query,
        expected: CallExpected::Refused(codes),
    }
}

pub const CALL_CASES: &[CallCase] = &[
    rows(
        "calls_defaults_apply_without_filters",
        "",
        &[11, 9, 6, 5, 3, 2],
    ),
    // `true` is what the default says.
    rows(
        "calls_default_given_explicitly",
        "filter[is-last-cdr]=true",
        &[11, 9, 6, 5, 3, 2],
    ),
    // 1, 4, 7, 10 are not last; 4 is internal, which the route's default still hides.
    rows(
        "calls_default_replaced_by_false",
        "filter[is-last-cdr]=false",
        &[10, 7, 1],
    ),
    rows(
        "calls_default_replaced_by_false_underscored",
        "filter[is_last_cdr]=false",
        &[10, 7, 1],
    ),
    rows(
        "calls_default_replaced_by_both_values",
        "filter[is-last-cdr]=true,false",
        &[11, 10, 9, 7, 6, 5, 3, 2, 1],
    ),
    // Any `filter[route-...]` replaces `route-not-eq=internal`: the internal legs that are last are 8 and 12.
    rows(
        "calls_suffixed_default_replaced_by_another_predicate",
        "filter[route-eq]=internal",
        &[12, 8],
    ),
    rows(
        "calls_suffixed_default_replaced_underscored",
        "filter[route_in]=internal",
        &[12, 8],
    ),
    rows(
        "calls_both_defaults_replaced",
        "filter[route-in]=internal,public&filter[is-last-cdr]=false",
        &[10, 7, 4, 1],
    ),
    // Durations of 50 and more: 5 to 12, of which the defaults keep 5, 6, 9, 11. The count keeps the
    // defaults too, and the second page follows from the same (implied) defaults.
    paged(
        "calls_defaults_with_another_filter_first_page",
        "filter[duration-gteq]=50&page[size]=3",
        &[11, 9, 6],
        4,
    ),
    paged(
        "calls_defaults_with_another_filter_second_page",
        "filter[duration-gteq]=50&page[size]=3&page[number]=2",
        &[5],
        4,
    ),
    rows(
        "calls_defaults_with_a_sort",
        "sort=duration&fields[calls]=duration,route",
        &[2, 3, 5, 6, 9, 11],
    ),
    // Filter-only fields filter like any other: `c2` is the call of legs 3 and 4.
    rows("calls_filter_only_text", "filter[orig-call-id-eq]=c2", &[3]),
    rows(
        "calls_filter_only_with_defaults_replaced",
        "filter[orig_call_id_eq]=c2&filter[is-last-cdr]=false&filter[route-eq]=internal",
        &[4],
    ),
    // Odd ids have no PAI: of 1, 3, 5, 7, 9, 11 the last legs are 3, 5, 9, 11.
    rows(
        "calls_filter_only_null_check_on_another_column",
        "filter[pai-in-null]=true",
        &[11, 9, 5, 3],
    ),
    // `sip:10@pbx` and `sip:12@pbx`, with both defaults replaced.
    rows(
        "calls_filter_only_pattern",
        "filter[pai-in-start]=sip:1&filter[is-last-cdr]=true,false&filter[route-not-eq]=x",
        &[12, 10],
    ),
    refused(
        "calls_sort_by_filter_only_refused",
        "sort=orig-call-id",
        &["114"],
    ),
    refused(
        "calls_sort_by_defaulted_filter_only_refused",
        "sort=-is_last_cdr",
        &["114"],
    ),
    refused(
        "calls_fields_naming_filter_only_refused",
        "fields[calls]=duration,pai-in",
        &["104"],
    ),
    refused(
        "calls_bad_value_for_defaulted_filter",
        "filter[is-last-cdr]=maybe",
        &["107"],
    ),
    // `with_exact`: the suffix-less list key beside the suffixed ones, meaning `IN`.
    rows(
        "calls_with_exact_list",
        "filter[duration]=20,30,40",
        &[3, 2],
    ),
    rows(
        "calls_with_exact_beside_a_suffixed_key",
        "filter[duration]=20,30,50&filter[duration-gt]=25",
        &[5, 3],
    ),
    rows(
        "calls_with_exact_with_defaults_replaced",
        "filter[duration]=40&filter[is-last-cdr]=true,false&filter[route-not-eq]=x",
        &[4],
    ),
    // Odd ids have no PAI: a NULL never matches a list.
    rows(
        "calls_with_exact_on_a_nullable_filter_only_column",
        "filter[pai_in]=sip:2@pbx,sip:3@pbx,sip:6@pbx",
        &[6, 2],
    ),
    // `filter[route]` replaces the route's suffixed default like any `filter[route-...]`.
    rows(
        "calls_with_exact_replaces_a_suffixed_default",
        "filter[route]=internal",
        &[12, 8],
    ),
    rows(
        "calls_with_exact_replaces_a_suffixed_default_with_two_values",
        "filter[route]=internal,public&filter[duration_gt]=70&filter[duration]=40,80,90",
        &[9, 8],
    ),
    refused(
        "calls_with_exact_bad_integer",
        "filter[duration]=20,ten",
        &["107"],
    ),
    refused(
        "calls_with_exact_unknown_suffix_still_unknown",
        "filter[duration-cont]=2&filter[durationx]=2",
        &["102", "102"],
    ),
    refused(
        "calls_with_exact_key_given_twice_in_two_spellings",
        "filter[pai-in]=sip:2@pbx&filter[pai_in]=sip:4@pbx",
        &["105"],
    ),
];
