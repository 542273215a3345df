//! The cases, as data: a query string and the row ids it must return, reasoned by hand from the table in
//! `dataset.rs` (never copied from a run). Filter cases without a sort expect ids ascending (the id
//! tie-breaker is the whole sort); sort cases expect the exact order.

use self::Expected::{AllExcept, Concat, Ids, Union};

/// The rows a query must return.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// Exactly these ids, in this order.
    Ids(&'static [i64]),
    /// The rows of any of these sets, ascending (an unsorted query is sorted by id).
    Union(&'static [&'static [i64]]),
    /// Every row but those of these sets, ascending.
    AllExcept(&'static [&'static [i64]]),
    /// These groups one after the other, each already in order: the shape of a sort.
    Concat(&'static [&'static [i64]]),
}

impl Expected {
    /// The expected ids, in order.
    pub fn ids(self, row_count: i64) -> Vec<i64> {
        let union = |sets: &[&[i64]]| {
            let mut ids: Vec<i64> = sets.iter().flat_map(|set| set.iter().copied()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        match self {
            Ids(ids) => ids.to_vec(),
            Union(sets) => union(sets),
            AllExcept(sets) => {
                let excluded = union(sets);
                (1..=row_count)
                    .filter(|id| !excluded.contains(id))
                    .collect()
            }
            Concat(groups) => groups
                .iter()
                .flat_map(|group| group.iter().copied())
                .collect(),
        }
    }
}

/// One query and its rows; `count_statement` must give their number.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The trial name after the backend: `string::cont::percent_matches_literally`.
    pub name: &'static str,
    /// The raw query string.
    pub query: &'static str,
    /// Its rows.
    pub expected: Expected,
}

/// One page of a query, and the total `count_statement` gives.
#[derive(Debug, Clone, Copy)]
pub struct PageCase {
    /// The trial name after the backend.
    pub name: &'static str,
    /// The raw query string, with its `page[...]`.
    pub query: &'static str,
    /// The rows of that page, in order.
    pub page: &'static [i64],
    /// The rows of all pages.
    pub total: i64,
}

/// Every page of a sort walked in turn: together they must be the full order, with no row repeated or
/// skipped, each page full but the last, and the page after the last empty.
#[derive(Debug, Clone, Copy)]
pub struct WalkCase {
    /// The trial name after the backend.
    pub name: &'static str,
    /// The query without `page[...]`.
    pub query: &'static str,
    /// `page[size]`.
    pub size: u64,
    /// The full order.
    pub order: Expected,
}

/// A filter value the parser must refuse with one error 107 on its parameter, whose detail says what is wrong.
#[derive(Debug, Clone, Copy)]
pub struct RefusedCase {
    /// The trial name.
    pub name: &'static str,
    /// The raw query string.
    pub query: &'static str,
    /// The parameter the error points at.
    pub parameter: &'static str,
    /// A part of the error's detail.
    pub detail: &'static str,
    /// The error's code.
    pub code: &'static str,
}

const fn case(name: &'static str, query: &'static str, expected: Expected) -> Case {
    Case {
        name,
        query,
        expected,
    }
}

// Sets of rows by a column's value, written from the dataset's patterns and table.
const ODD: &[i64] = &[
    1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35,
];
const EVEN: &[i64] = &[
    2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36,
];
const ODD_DESCENDING: &[i64] = &[
    35, 33, 31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1,
];
const EVEN_DESCENDING: &[i64] = &[
    36, 34, 32, 30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2,
];
const ALL_ASCENDING: &[i64] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
];
const ALL_DESCENDING: &[i64] = &[
    36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13,
    12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
];
const NOTHING: &[i64] = &[];

const DRAFT: &[i64] = &[1, 5, 9, 13, 17, 21, 25, 29, 33];
const IN_REVIEW: &[i64] = &[2, 6, 10, 14, 18, 22, 26, 30, 34];
const PUBLISHED: &[i64] = &[3, 7, 11, 15, 19, 23, 27, 31, 35];
const ARCHIVED: &[i64] = &[4, 8, 12, 16, 20, 24, 28, 32, 36];

const ACCOUNT_A: &[i64] = &[1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34];
const ACCOUNT_B: &[i64] = &[2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35];
const ACCOUNT_C: &[i64] = &[6, 18];
const ACCOUNT_NULL: &[i64] = &[3, 9, 12, 15, 21, 24, 27, 30, 33, 36];

const VERIFIED_TRUE: &[i64] = &[1, 2, 6, 7, 11, 12, 16, 17, 21, 22, 26, 27, 31, 32, 36];
const VERIFIED_FALSE: &[i64] = &[3, 4, 8, 9, 13, 14, 18, 19, 23, 24, 28, 29, 33, 34];
const VERIFIED_NULL: &[i64] = &[5, 10, 15, 20, 25, 30, 35];

const REGION_EU: &[i64] = &[1, 7, 13, 19, 25, 31];
const REGION_EU_UPPER: &[i64] = &[2, 8, 14, 20, 26, 32];
const REGION_US: &[i64] = &[3, 9, 15, 21, 27, 33];
const REGION_NORTH_EAST: &[i64] = &[4, 10, 16, 22, 28, 34];
const REGION_EU_SPACE: &[i64] = &[5, 11, 17, 23, 29, 35];
const REGION_QUOTE: &[i64] = &[6, 12, 18, 24, 30, 36];

const NOTE_NULL: &[i64] = &[
    3, 6, 8, 13, 17, 21, 24, 25, 27, 28, 30, 31, 32, 33, 34, 35, 36,
];
const NOTE_NOT_NULL: &[i64] = &[
    1, 2, 4, 5, 7, 9, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 26, 29,
];
const SCORE_NULL: &[i64] = &[
    2, 5, 10, 13, 16, 18, 20, 22, 24, 25, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
];
const SCORE_NOT_NULL: &[i64] = &[1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15, 17, 19, 21, 23, 26];
/// Rows with a `rate` (see `RATES` in `dataset.rs`): ids 1 to 16.
const RATE_NOT_NULL: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const RATE_NULL: &[i64] = &[
    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
];
const REVIEWED: &[i64] = &[2, 4, 5, 7, 9, 11, 13, 20, 30];
const NOT_REVIEWED: &[i64] = &[
    1, 3, 6, 8, 10, 12, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34,
    35, 36,
];

// `created_at`, by instant, ascending.
const AT_1970: &[i64] = &[11, 24];
const AT_1999: &[i64] = &[13, 30];
const AT_2025_LAST_MICROSECOND: &[i64] = &[9, 19, 35];
const AT_JAN_1_MIDNIGHT: &[i64] = &[6, 15, 20, 28, 33];
const AT_JAN_1_NOON: &[i64] = &[1, 2, 3, 14, 21, 25, 32];
const AT_JAN_1_NOON_1US: &[i64] = &[5, 27];
const AT_JAN_1_NOON_500MS: &[i64] = &[4, 26];
const AT_JAN_2_MIDNIGHT: &[i64] = &[7, 16, 22, 31];
const AT_JAN_2_0130: &[i64] = &[8, 23, 34];
const AT_FEB_28: &[i64] = &[10, 17, 18, 36];
const AT_9999: &[i64] = &[12, 29];

// `origin`, by address (see `ORIGINS` in `dataset.rs`).
const ORIGIN_NULL: &[i64] = &[4, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36];
/// IPv4 first, then by number; 1 and 15, 7 and 20 hold one address each.
const ORIGIN_ASCENDING: &[i64] = &[
    11, 5, 2, 14, 3, 1, 15, 8, 18, 17, 10, 12, 13, 19, 6, 7, 20, 16, 9, 22, 21,
];
/// The reverse of [`ORIGIN_ASCENDING`], but equal addresses still by id.
const ORIGIN_DESCENDING: &[i64] = &[
    21, 22, 9, 16, 7, 20, 6, 19, 13, 12, 10, 17, 18, 8, 1, 15, 3, 14, 2, 5, 11,
];

/// Labels containing `alpha` in any ASCII case.
const LABEL_CONT_ALPHA: &[i64] = &[1, 2, 3, 4, 5, 6, 32, 33];

/// Predicates on every kind, singly and combined.
#[rustfmt::skip]
pub const FILTER_CASES: &[Case] = &[
    // Text, never NULL (`label`, in column `label_text`; PostgreSQL collation ICU, MariaDB utf8mb4_general_ci).
    case("string::eq::is_case_sensitive", "filter[label-eq]=alpha", Ids(&[1, 32])),
    case("string::eq::upper_case_matches_only_upper_case", "filter[label-eq]=ALPHA", Ids(&[3])),
    case("string::eq::trailing_space_is_significant", "filter[label-eq]=alpha%20", Ids(&[4])),
    case("string::eq::leading_space_is_significant", "filter[label-eq]=%20alpha", Ids(&[5])),
    case("string::eq::accent_is_significant", "filter[label-eq]=café", Ids(&[20])),
    case("string::eq::upper_case_accent_matches_only_itself", "filter[label-eq]=CAFÉ", Ids(&[21])),
    case("string::eq::combining_accent_is_not_precomposed", "filter[label-eq]=cafe%CC%81", Ids(&[22])),
    case("string::eq::sharp_s_is_not_ss", "filter[label-eq]=Straße", Ids(&[25])),
    case("string::eq::ss_is_not_sharp_s", "filter[label-eq]=STRASSE", Ids(&[26])),
    case("string::eq::non_ascii_case_is_significant", "filter[label-eq]=ärger", Ids(&[24])),
    case("string::eq::quoted_empty_string_matches_empty", "filter[label-eq]=\"\"", Ids(&[7])),
    case("string::eq::single_quote", "filter[label-eq]=it's", Ids(&[17])),
    case("string::eq::doubled_quotes_in_quoted_value", "filter[label-eq]=\"say%20\"\"hi\"\"\"", Ids(&[16])),
    case("string::eq::quote_inside_unquoted_value_is_literal", "filter[label-eq]=say%20\"hi\"", Ids(&[16])),
    case("string::eq::quoted_comma", "filter[label-eq]=\"Smith,%20John\"", Ids(&[18])),
    case("string::eq::prefix_is_not_equal", "filter[label-eq]=Smith", Ids(&[19])),
    case("string::eq::backslashes", "filter[label-eq]=C:\\temp\\new", Ids(&[12])),
    case("string::eq::backslash_then_percent", "filter[label-eq]=50%5C%25", Ids(&[31])),
    case("string::eq::emoji", "filter[label-eq]=🙂%20smile", Ids(&[27])),
    case("string::eq::no_match", "filter[label-eq]=alphas", Ids(NOTHING)),
    case("string::eq::percent_encoded_brackets", "filter%5Blabel-eq%5D=Zebra", Ids(&[28])),
    case("string::eq::underscored_key", "filter[label_eq]=zebra", Ids(&[29])),
    case("string::not_eq::is_case_sensitive", "filter[label-not-eq]=alpha", AllExcept(&[&[1, 32]])),
    case("string::not_eq::trailing_space_is_significant", "filter[label-not-eq]=alpha%20", AllExcept(&[&[4]])),
    case("string::not_eq::empty_string", "filter[label-not-eq]=\"\"", AllExcept(&[&[7]])),
    case("string::not_eq::combining_accent", "filter[label-not-eq]=cafe%CC%81", AllExcept(&[&[22]])),
    case("string::not_eq::ss_is_not_sharp_s", "filter[label-not-eq]=STRASSE", AllExcept(&[&[26]])),
    case("string::in::is_case_sensitive", "filter[label-in]=alpha,Zebra", Ids(&[1, 28, 32])),
    case("string::in::every_case_listed", "filter[label-in]=ALPHA,alpha,Alpha", Ids(&[1, 2, 3, 32])),
    case("string::in::quoted_comma_and_plain_value", "filter[label-in]=\"Smith,%20John\",Smith", Ids(&[18, 19])),
    case("string::in::spaces_are_significant", "filter[label-in]=alpha%20,%20alpha", Ids(&[4, 5])),
    case("string::in::accents_are_significant", "filter[label-in]=CAFÉ,Straße,ärger", Ids(&[21, 24, 25])),
    case("string::in::empty_string_and_single_quote", "filter[label-in]=\"\",it's", Ids(&[7, 17])),
    case("string::in::doubled_quotes", "filter[label-in]=\"say%20\"\"hi\"\"\",zebra", Ids(&[16, 29])),
    case("string::in::no_match", "filter[label-in]=ALPHA%20BETA,smith", Ids(NOTHING)),
    case("string::not_in::is_case_sensitive", "filter[label-not-in]=alpha,Alpha,ALPHA", AllExcept(&[&[1, 2, 3, 32]])),
    case("string::not_in::quoted_comma", "filter[label-not-in]=\"Smith,%20John\",zebra", AllExcept(&[&[18, 29]])),
    case("string::not_in::accents_are_significant", "filter[label-not-in]=café,Ärger", AllExcept(&[&[20, 23]])),
    case("string::cont::ignores_ascii_case", "filter[label-cont]=alpha", Ids(LABEL_CONT_ALPHA)),
    case("string::cont::upper_case_value_ignores_case", "filter[label-cont]=ALPHA", Ids(LABEL_CONT_ALPHA)),
    case("string::cont::mixed_case_value", "filter[label-cont]=mIxEd%20CaSe", Ids(&[34, 35])),
    case("string::cont::percent_matches_literally", "filter[label-cont]=%25", Ids(&[8, 30, 31])),
    case("string::cont::underscore_matches_literally", "filter[label-cont]=_", Ids(&[10, 30])),
    case("string::cont::backslash_matches_literally", "filter[label-cont]=%5C", Ids(&[12, 31])),
    case("string::cont::exclamation_mark_matches_literally", "filter[label-cont]=!", Ids(&[14, 30])),
    // `500 off` and `50\%` would match if `%` were a wildcard.
    case("string::cont::percent_after_digits", "filter[label-cont]=50%25", Ids(&[8])),
    // `snakeXcase` would match if `_` were a wildcard.
    case("string::cont::underscore_between_letters", "filter[label-cont]=e_c", Ids(&[10])),
    // `C:temp` would match if `\` escaped the `t`.
    case("string::cont::backslash_is_not_an_escape", "filter[label-cont]=C:%5Ct", Ids(&[12])),
    case("string::cont::backslash_before_percent", "filter[label-cont]=%5C%25", Ids(&[31])),
    case("string::cont::percent_before_underscore", "filter[label-cont]=%25_", Ids(&[30])),
    // No label holds `!%`; an unescaped `!` would make it `%`, matching 8, 30 and 31.
    case("string::cont::escape_character_before_percent", "filter[label-cont]=!%25", Ids(NOTHING)),
    case("string::cont::lower_case_accent_matches_only_itself", "filter[label-cont]=é", Ids(&[20])),
    case("string::cont::upper_case_accent_matches_only_itself", "filter[label-cont]=É", Ids(&[21, 36])),
    case("string::cont::lower_case_umlaut_matches_only_itself", "filter[label-cont]=ä", Ids(&[24])),
    case("string::cont::upper_case_umlaut_matches_only_itself", "filter[label-cont]=Ä", Ids(&[23])),
    case("string::cont::sharp_s_matches_only_itself", "filter[label-cont]=ß", Ids(&[25])),
    case("string::cont::ss_does_not_match_sharp_s", "filter[label-cont]=ss", Ids(&[26])),
    case("string::cont::unaccented_does_not_match_accented", "filter[label-cont]=cafe", Ids(&[22])),
    case("string::cont::emoji", "filter[label-cont]=🙂", Ids(&[27])),
    case("string::cont::double_quote", "filter[label-cont]=\"\"\"\"", Ids(&[16])),
    case("string::cont::single_quote", "filter[label-cont]='", Ids(&[17])),
    case("string::cont::quoted_comma", "filter[label-cont]=\",\"", Ids(&[18])),
    case("string::cont::empty_string_matches_every_row", "filter[label-cont]=\"\"", AllExcept(&[])),
    case("string::cont::space", "filter[label-cont]=%20", Ids(&[4, 5, 8, 9, 16, 18, 27, 33, 34, 35])),
    case("string::cont::letter_in_both_cases", "filter[label-cont]=x", Ids(&[11, 34, 35])),
    case("string::cont::no_match", "filter[label-cont]=zzz", Ids(NOTHING)),
    case("string::start::ignores_ascii_case", "filter[label-start]=ALPHA", Ids(&[1, 2, 3, 4, 6, 32, 33])),
    case("string::start::leading_space_is_significant", "filter[label-start]=%20", Ids(&[5])),
    case("string::start::percent_matches_literally", "filter[label-start]=%25", Ids(NOTHING)),
    case("string::start::underscore_matches_literally", "filter[label-start]=_", Ids(NOTHING)),
    case("string::start::digits_then_percent", "filter[label-start]=50%25", Ids(&[8])),
    case("string::start::digits", "filter[label-start]=50", Ids(&[8, 9, 31])),
    case("string::start::backslash", "filter[label-start]=c:%5C", Ids(&[12])),
    case("string::start::lower_case_accent_does_not_match_upper_case", "filter[label-start]=é", Ids(NOTHING)),
    case("string::start::upper_case_accent", "filter[label-start]=É", Ids(&[36])),
    case("string::start::one_letter_in_both_cases", "filter[label-start]=s", Ids(&[10, 11, 16, 18, 19, 25, 26])),
    case("string::start::emoji", "filter[label-start]=🙂", Ids(&[27])),
    case("string::start::whole_value", "filter[label-start]=hello!", Ids(&[14])),
    case("string::end::ignores_ascii_case", "filter[label-end]=ALPHA", Ids(&[1, 2, 3, 5, 32])),
    case("string::end::exclamation_mark", "filter[label-end]=!", Ids(&[14, 30])),
    case("string::end::percent_matches_literally", "filter[label-end]=%25", Ids(&[31])),
    case("string::end::underscore_matches_literally", "filter[label-end]=_", Ids(NOTHING)),
    case("string::end::trailing_space_is_significant", "filter[label-end]=%20", Ids(&[4])),
    // `café`, `CAFÉ` and `cafe\u{301}` end with other characters than `e`.
    case("string::end::one_letter_in_both_cases", "filter[label-end]=E", Ids(&[10, 11, 25, 26, 27, 34, 35])),
    case("string::end::backslash_path", "filter[label-end]=%5Cnew", Ids(&[12])),
    case("string::end::after_non_ascii_letter", "filter[label-end]=RGER", Ids(&[23, 24])),
    case("string::end::upper_case_accent", "filter[label-end]=É", Ids(&[21])),
    case("string::end::combining_accent", "filter[label-end]=e%CC%81", Ids(&[22])),
    case("string::cont_any::ors_its_values", "filter[label-cont-any]=zebra,hello", Ids(&[14, 15, 28, 29])),
    case("string::cont_any::wildcards_match_literally", "filter[label-cont-any]=%25,_", Ids(&[8, 10, 30, 31])),
    case("string::cont_any::quoted_comma_and_backslash", "filter[label-cont-any]=\",\",%5C", Ids(&[12, 18, 31])),
    case("string::cont_any::non_ascii_letters", "filter[label-cont-any]=ß,ä", Ids(&[24, 25])),
    case("string::cont_any::no_match", "filter[label-cont-any]=nomatch,alsonot", Ids(NOTHING)),
    case("string::cont_any::ignores_ascii_case", "filter[label-cont-any]=STRASSE,smith", Ids(&[18, 19, 26])),
    case("string::cont_any::one_value", "filter[label-cont-any]=beta", Ids(&[33])),
    case("string::cont_any::empty_value_matches_every_row", "filter[label-cont-any]=\"\",zzz", AllExcept(&[])),
    // Nullable text (`note`; MariaDB collation utf8mb4_unicode_ci, where `ß` = `ss` and `ä` = `a`).
    case("string_nullable::eq::is_case_sensitive", "filter[note-eq]=x", Ids(&[1, 9, 26])),
    case("string_nullable::eq::upper_case", "filter[note-eq]=X", Ids(&[2])),
    case("string_nullable::eq::trailing_space_is_significant", "filter[note-eq]=x%20", Ids(&[4])),
    case("string_nullable::eq::ss_is_not_sharp_s", "filter[note-eq]=ss", Ids(&[11])),
    case("string_nullable::eq::sharp_s_is_not_ss", "filter[note-eq]=ß", Ids(&[10])),
    case("string_nullable::eq::plain_letter_is_not_umlaut", "filter[note-eq]=a", Ids(&[16])),
    case("string_nullable::eq::umlaut", "filter[note-eq]=ä", Ids(&[15])),
    case("string_nullable::eq::empty_string_is_not_null", "filter[note-eq]=\"\"", Ids(&[5])),
    case("string_nullable::eq::backslash", "filter[note-eq]=%5C", Ids(&[22])),
    case("string_nullable::not_eq::does_not_return_nulls", "filter[note-not-eq]=x", Ids(&[2, 4, 5, 7, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 29])),
    case("string_nullable::not_eq::empty_string_does_not_return_nulls", "filter[note-not-eq]=\"\"", Ids(&[1, 2, 4, 7, 9, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 26, 29])),
    case("string_nullable::not_eq::no_equal_row", "filter[note-not-eq]=zzz", Ids(NOTE_NOT_NULL)),
    case("string_nullable::in::values", "filter[note-in]=x,ß", Ids(&[1, 9, 10, 26])),
    case("string_nullable::in::quoted_comma_and_percent", "filter[note-in]=\"a,b\",%25", Ids(&[18, 19])),
    case("string_nullable::in::upper_case_values", "filter[note-in]=Ä,SS", Ids(&[12, 14])),
    case("string_nullable::not_in::does_not_return_nulls", "filter[note-not-in]=x,X,x%20", Ids(&[5, 7, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 29])),
    case("string_nullable::not_in::no_value_present", "filter[note-not-in]=nothing", Ids(NOTE_NOT_NULL)),
    case("string_nullable::cont::ignores_ascii_case", "filter[note-cont]=x", Ids(&[1, 2, 4, 9, 26])),
    case("string_nullable::cont::percent_matches_literally", "filter[note-cont]=%25", Ids(&[19])),
    case("string_nullable::cont::underscore_matches_literally", "filter[note-cont]=_", Ids(&[20])),
    case("string_nullable::cont::backslash_matches_literally", "filter[note-cont]=%5C", Ids(&[22])),
    case("string_nullable::cont::exclamation_mark_matches_literally", "filter[note-cont]=!", Ids(&[23])),
    case("string_nullable::cont::empty_string_matches_every_non_null", "filter[note-cont]=\"\"", Ids(NOTE_NOT_NULL)),
    case("string_nullable::cont::s_does_not_match_sharp_s", "filter[note-cont]=s", Ids(&[11, 12])),
    case("string_nullable::cont::umlaut_case_is_significant", "filter[note-cont]=ä", Ids(&[15])),
    case("string_nullable::cont::plain_letter_does_not_match_umlaut", "filter[note-cont]=a", Ids(&[16, 18])),
    case("string_nullable::start::ignores_ascii_case", "filter[note-start]=A", Ids(&[16, 18])),
    case("string_nullable::end::ignores_ascii_case", "filter[note-end]=B", Ids(&[18])),
    case("string_nullable::end::trailing_space_is_significant", "filter[note-end]=X", Ids(&[1, 2, 9, 26])),
    case("string_nullable::cont_any::emoji_and_sharp_s", "filter[note-cont-any]=🙂,ß", Ids(&[10, 29])),
    case("string_nullable::null::true_selects_nulls", "filter[note-null]=true", Ids(NOTE_NULL)),
    case("string_nullable::null::false_selects_values", "filter[note-null]=false", Ids(NOTE_NOT_NULL)),
    case("string_nullable::not_null::true_selects_values", "filter[note-not-null]=true", Ids(NOTE_NOT_NULL)),
    case("string_nullable::not_null::false_selects_nulls", "filter[note-not-null]=false", Ids(NOTE_NULL)),
    // Integers, never NULL (`amount`).
    case("integer::eq::value", "filter[amount-eq]=10", Ids(&[4, 5, 6])),
    case("integer::eq::max", "filter[amount-eq]=9223372036854775807", Ids(&[9])),
    case("integer::eq::min", "filter[amount-eq]=-9223372036854775808", Ids(&[10])),
    case("integer::eq::zero", "filter[amount-eq]=0", Ids(&[1, 19])),
    case("integer::eq::negative_zero", "filter[amount-eq]=-0", Ids(&[1, 19])),
    case("integer::eq::leading_zeros", "filter[amount-eq]=007", Ids(&[15])),
    case("integer::eq::negative", "filter[amount-eq]=-100", Ids(&[8])),
    case("integer::not_eq::value", "filter[amount-not-eq]=10", AllExcept(&[&[4, 5, 6]])),
    case("integer::not_eq::min", "filter[amount-not-eq]=-9223372036854775808", AllExcept(&[&[10]])),
    case("integer::gt::value", "filter[amount-gt]=100", Ids(&[9, 11, 17, 18])),
    case("integer::gt::one_below_max", "filter[amount-gt]=9223372036854775806", Ids(&[9])),
    case("integer::gt::max_matches_nothing", "filter[amount-gt]=9223372036854775807", Ids(NOTHING)),
    case("integer::gt::min_matches_all_but_min", "filter[amount-gt]=-9223372036854775808", AllExcept(&[&[10]])),
    case("integer::gteq::one_below_max", "filter[amount-gteq]=9223372036854775806", Ids(&[9, 11])),
    case("integer::gteq::value", "filter[amount-gteq]=90", Ids(&[7, 9, 11, 17, 18, 31])),
    case("integer::gteq::min_matches_every_row", "filter[amount-gteq]=-9223372036854775808", AllExcept(&[])),
    case("integer::lt::one_above_min", "filter[amount-lt]=-9223372036854775807", Ids(&[10])),
    case("integer::lt::min_matches_nothing", "filter[amount-lt]=-9223372036854775808", Ids(NOTHING)),
    case("integer::lt::zero", "filter[amount-lt]=0", Ids(&[3, 8, 10, 12, 16])),
    case("integer::lteq::one_above_min", "filter[amount-lteq]=-9223372036854775807", Ids(&[10, 12])),
    case("integer::lteq::zero", "filter[amount-lteq]=0", Ids(&[1, 3, 8, 10, 12, 16, 19])),
    case("integer::lteq::max_matches_every_row", "filter[amount-lteq]=9223372036854775807", AllExcept(&[])),
    case("integer::in::extremes", "filter[amount-in]=-9223372036854775808,9223372036854775807,42", Ids(&[9, 10, 13, 14])),
    case("integer::in::one_value", "filter[amount-in]=3", Ids(&[21, 22, 23])),
    case("integer::not_in::values", "filter[amount-not-in]=10,3,0", AllExcept(&[&[1, 4, 5, 6, 19, 21, 22, 23]])),
    // Nullable integers (`score`).
    case("integer_nullable::eq::value", "filter[score-eq]=5", Ids(&[1, 3, 7, 21])),
    case("integer_nullable::eq::max", "filter[score-eq]=9223372036854775807", Ids(&[9])),
    case("integer_nullable::not_eq::does_not_return_nulls", "filter[score-not-eq]=5", Ids(&[4, 6, 8, 9, 11, 12, 14, 15, 17, 19, 23, 26])),
    case("integer_nullable::gt::value", "filter[score-gt]=3", Ids(&[1, 3, 7, 9, 17, 21, 26])),
    case("integer_nullable::gteq::value", "filter[score-gteq]=3", Ids(&[1, 3, 7, 9, 14, 15, 17, 21, 26])),
    case("integer_nullable::gteq::min_matches_every_non_null", "filter[score-gteq]=-9223372036854775808", Ids(SCORE_NOT_NULL)),
    case("integer_nullable::lt::zero", "filter[score-lt]=0", Ids(&[4, 8, 19])),
    case("integer_nullable::lt::one_above_min", "filter[score-lt]=-9223372036854775807", Ids(&[8])),
    case("integer_nullable::lteq::zero", "filter[score-lteq]=0", Ids(&[4, 6, 8, 19, 23])),
    case("integer_nullable::in::values", "filter[score-in]=0,1,2", Ids(&[6, 11, 12, 23])),
    case("integer_nullable::not_in::does_not_return_nulls", "filter[score-not-in]=5,0", Ids(&[4, 8, 9, 11, 12, 14, 15, 17, 19, 26])),
    case("integer_nullable::null::true_selects_nulls", "filter[score-null]=true", Ids(SCORE_NULL)),
    case("integer_nullable::null::false_selects_values", "filter[score-null]=false", Ids(SCORE_NOT_NULL)),
    // Nullable decimals of scale 4 (`rate`): rows 1..=16 hold, by id, 0.3, 0.1, 0.2, 1.5, 1.50, -1.5, 0,
    // -0.0001, 99999999999999.9999, -99999999999999.9999, 0.0123, 0.0124, 99999999999999.9998, 100, -100, 0.0001.
    case("decimal::eq::point_three_is_exact", "filter[rate-eq]=0.3", Ids(&[1])),
    case("decimal::eq::trailing_zeros_are_the_same_value", "filter[rate-eq]=0.3000", Ids(&[1])),
    case("decimal::eq::point_one", "filter[rate-eq]=0.1", Ids(&[2])),
    case("decimal::eq::one_and_a_half_written_either_way", "filter[rate-eq]=1.50", Ids(&[4, 5])),
    case("decimal::eq::one_and_a_half_without_zero", "filter[rate-eq]=1.5", Ids(&[4, 5])),
    case("decimal::eq::leading_zeros_are_ignored", "filter[rate-eq]=001.5", Ids(&[4, 5])),
    case("decimal::eq::negative", "filter[rate-eq]=-1.5", Ids(&[6])),
    case("decimal::eq::zero", "filter[rate-eq]=0", Ids(&[7])),
    case("decimal::eq::minus_zero_is_zero", "filter[rate-eq]=-0", Ids(&[7])),
    case("decimal::eq::zero_with_fraction_digits", "filter[rate-eq]=-000.0000", Ids(&[7])),
    case("decimal::eq::smallest_negative_step", "filter[rate-eq]=-0.0001", Ids(&[8])),
    case("decimal::eq::smallest_positive_step_with_trailing_zero", "filter[rate-eq]=0.00010", Ids(&[16])),
    case("decimal::eq::largest", "filter[rate-eq]=99999999999999.9999", Ids(&[9])),
    case("decimal::eq::one_step_below_largest", "filter[rate-eq]=99999999999999.9998", Ids(&[13])),
    case("decimal::eq::smallest", "filter[rate-eq]=-99999999999999.9999", Ids(&[10])),
    case("decimal::eq::fourth_fractional_digit", "filter[rate-eq]=0.0124", Ids(&[12])),
    case("decimal::not_eq::does_not_return_nulls", "filter[rate-not-eq]=1.5", Ids(&[1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])),
    case("decimal::gt::fourth_fractional_digit", "filter[rate-gt]=0.0123", Ids(&[1, 2, 3, 4, 5, 9, 12, 13, 14])),
    case("decimal::gt::one_step_below_largest", "filter[rate-gt]=99999999999999.9998", Ids(&[9])),
    case("decimal::gt::largest_matches_nothing", "filter[rate-gt]=99999999999999.9999", Ids(NOTHING)),
    case("decimal::gt::minus_one_step", "filter[rate-gt]=-0.0001", Ids(&[1, 2, 3, 4, 5, 7, 9, 11, 12, 13, 14, 16])),
    case("decimal::gteq::fourth_fractional_digit", "filter[rate-gteq]=0.0123", Ids(&[1, 2, 3, 4, 5, 9, 11, 12, 13, 14])),
    case("decimal::gteq::one_step_below_largest", "filter[rate-gteq]=99999999999999.9998", Ids(&[9, 13])),
    case("decimal::gteq::smallest_matches_every_non_null", "filter[rate-gteq]=-99999999999999.9999", Ids(RATE_NOT_NULL)),
    case("decimal::lt::zero", "filter[rate-lt]=0", Ids(&[6, 8, 10, 15])),
    case("decimal::lt::one_step", "filter[rate-lt]=0.0001", Ids(&[6, 7, 8, 10, 15])),
    case("decimal::lt::smallest_matches_nothing", "filter[rate-lt]=-99999999999999.9999", Ids(NOTHING)),
    case("decimal::lteq::zero", "filter[rate-lteq]=0", Ids(&[6, 7, 8, 10, 15])),
    case("decimal::lteq::one_step", "filter[rate-lteq]=0.0001", Ids(&[6, 7, 8, 10, 15, 16])),
    case("decimal::lteq::smallest", "filter[rate-lteq]=-99999999999999.9999", Ids(&[10])),
    case("decimal::range::nothing_between_point_two_and_point_three", "filter[rate-gt]=0.2&filter[rate-lt]=0.3", Ids(NOTHING)),
    case("decimal::range::point_two_to_point_three", "filter[rate-gteq]=0.2&filter[rate-lteq]=0.3", Ids(&[1, 3])),
    case("decimal::in::point_one_and_point_two", "filter[rate-in]=0.1,0.2", Ids(&[2, 3])),
    case("decimal::in::mixed_spellings", "filter[rate-in]=1.50,-1.5,100.0", Ids(&[4, 5, 6, 14])),
    case("decimal::in::extremes", "filter[rate-in]=99999999999999.9999,-99999999999999.9999", Ids(&[9, 10])),
    case("decimal::not_in::does_not_return_nulls", "filter[rate-not-in]=0.1,0.2,0.3", Ids(&[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])),
    case("decimal::null::true_selects_nulls", "filter[rate-null]=true", Ids(RATE_NULL)),
    case("decimal::null::false_selects_values", "filter[rate-null]=false", Ids(RATE_NOT_NULL)),
    // Instants, never NULL (`created_at`; some stored from values with offsets).
    case("datetime::eq::utc", "filter[created-at-eq]=2026-01-01T12:00:00Z", Ids(AT_JAN_1_NOON)),
    case("datetime::eq::positive_offset", "filter[created-at-eq]=2026-01-01T14:00:00%2B02:00", Ids(AT_JAN_1_NOON)),
    case("datetime::eq::negative_offset", "filter[created-at-eq]=2026-01-01T07:00:00-05:00", Ids(AT_JAN_1_NOON)),
    case("datetime::eq::zero_fraction", "filter[created-at-eq]=2026-01-01T12:00:00.000Z", Ids(AT_JAN_1_NOON)),
    case("datetime::eq::half_second", "filter[created-at-eq]=2026-01-01T12:00:00.5Z", Ids(AT_JAN_1_NOON_500MS)),
    case("datetime::eq::one_microsecond", "filter[created-at-eq]=2026-01-01T12:00:00.000001Z", Ids(AT_JAN_1_NOON_1US)),
    case("datetime::eq::date_is_midnight_utc", "filter[created-at-eq]=2026-01-01", Ids(AT_JAN_1_MIDNIGHT)),
    case("datetime::eq::date_matches_value_stored_with_negative_offset", "filter[created-at-eq]=2026-01-02", Ids(AT_JAN_2_MIDNIGHT)),
    case("datetime::eq::value_stored_with_positive_offset", "filter[created-at-eq]=2026-01-02T01:30:00Z", Ids(AT_JAN_2_0130)),
    case("datetime::eq::value_stored_with_half_hour_offset", "filter[created-at-eq]=1999-12-31T23:59:59Z", Ids(AT_1999)),
    case("datetime::eq::half_hour_offset", "filter[created-at-eq]=2000-01-01T05:29:59%2B05:30", Ids(AT_1999)),
    case("datetime::eq::epoch", "filter[created-at-eq]=1970-01-01T00:00:00Z", Ids(AT_1970)),
    case("datetime::eq::last_microsecond_of_9999", "filter[created-at-eq]=9999-12-31T23:59:59.999999Z", Ids(AT_9999)),
    // Every backend stores microseconds; the parser refuses a value with digits beyond them (see the
    // query-parsing suite), so no backend ever compares one.
    case("datetime::not_eq::instant", "filter[created-at-not-eq]=2026-01-01T12:00:00Z", AllExcept(&[AT_JAN_1_NOON])),
    case("datetime::not_eq::date", "filter[created-at-not-eq]=2026-01-01", AllExcept(&[AT_JAN_1_MIDNIGHT])),
    case("datetime::gt::excludes_equal_instants", "filter[created-at-gt]=2026-01-01T12:00:00Z", Union(&[AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999])),
    case("datetime::gt::one_microsecond_later", "filter[created-at-gt]=2026-01-01T12:00:00.000001Z", Union(&[AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999])),
    case("datetime::gt::one_microsecond_earlier", "filter[created-at-gt]=2025-12-31T23:59:59.999998Z", AllExcept(&[AT_1970, AT_1999])),
    case("datetime::gt::offset_value", "filter[created-at-gt]=2026-01-02T03:30:00%2B02:00", Union(&[AT_FEB_28, AT_9999])),
    case("datetime::gteq::includes_equal_instants", "filter[created-at-gteq]=2026-01-01T12:00:00Z", Union(&[AT_JAN_1_NOON, AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999])),
    case("datetime::gteq::one_microsecond", "filter[created-at-gteq]=2026-01-01T12:00:00.000001Z", Union(&[AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999])),
    case("datetime::gteq::last_instant", "filter[created-at-gteq]=9999-12-31T23:59:59.999999Z", Ids(AT_9999)),
    case("datetime::lt::date", "filter[created-at-lt]=2026-01-01", Union(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND])),
    case("datetime::lt::last_microsecond_of_2025", "filter[created-at-lt]=2025-12-31T23:59:59.999999Z", Union(&[AT_1970, AT_1999])),
    case("datetime::lt::half_second", "filter[created-at-lt]=2026-01-01T12:00:00.5Z", Union(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND, AT_JAN_1_MIDNIGHT, AT_JAN_1_NOON, AT_JAN_1_NOON_1US])),
    case("datetime::lt::one_microsecond_after_epoch", "filter[created-at-lt]=1970-01-01T00:00:00.000001Z", Ids(AT_1970)),
    case("datetime::lteq::date", "filter[created-at-lteq]=2026-01-01", Union(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND, AT_JAN_1_MIDNIGHT])),
    case("datetime::lteq::negative_offset", "filter[created-at-lteq]=2025-12-31T18:59:59.999999-05:00", Union(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND])),
    case("datetime::in::offset_and_date", "filter[created-at-in]=2026-01-02T03:30:00%2B02:00,1970-01-01", Union(&[AT_JAN_2_0130, AT_1970])),
    case("datetime::in::one_instant_written_twice", "filter[created-at-in]=2026-01-01T12:00:00Z,2026-01-01T13:00:00%2B01:00", Ids(AT_JAN_1_NOON)),
    case("datetime::not_in::dates", "filter[created-at-not-in]=2026-01-01,2026-01-02", AllExcept(&[AT_JAN_1_MIDNIGHT, AT_JAN_2_MIDNIGHT])),
    // Nullable instants (`reviewed_at`).
    case("datetime_nullable::eq::instant", "filter[reviewed-at-eq]=2026-01-01T12:00:00Z", Ids(&[2, 11])),
    case("datetime_nullable::not_eq::does_not_return_nulls", "filter[reviewed-at-not-eq]=2026-01-01T12:00:00Z", Ids(&[4, 5, 7, 9, 13, 20, 30])),
    case("datetime_nullable::gt::instant", "filter[reviewed-at-gt]=2026-01-01T12:00:00Z", Ids(&[4, 7, 13, 20])),
    case("datetime_nullable::gteq::date", "filter[reviewed-at-gteq]=2026-01-02", Ids(&[4, 13, 20])),
    case("datetime_nullable::lt::date", "filter[reviewed-at-lt]=2026-01-02", Ids(&[2, 5, 7, 9, 11, 30])),
    case("datetime_nullable::lteq::date", "filter[reviewed-at-lteq]=2026-01-01", Ids(&[5, 9, 30])),
    case("datetime_nullable::in::dates", "filter[reviewed-at-in]=2026-01-02,2026-01-01", Ids(&[4, 5])),
    case("datetime_nullable::not_in::does_not_return_nulls", "filter[reviewed-at-not-in]=2026-01-02", Ids(&[2, 5, 7, 9, 11, 13, 20, 30])),
    case("datetime_nullable::not_null::true_selects_values", "filter[reviewed-at-not-null]=true", Ids(REVIEWED)),
    case("datetime_nullable::not_null::false_selects_nulls", "filter[reviewed-at-not-null]=false", Ids(NOT_REVIEWED)),
    // Enums (`stage`).
    case("enum::eq::value", "filter[stage-eq]=draft", Ids(DRAFT)),
    case("enum::eq::renamed_variant", "filter[stage-eq]=in_review", Ids(IN_REVIEW)),
    case("enum::not_eq::value", "filter[stage-not-eq]=archived", AllExcept(&[ARCHIVED])),
    case("enum::in::values", "filter[stage-in]=published,archived", Union(&[PUBLISHED, ARCHIVED])),
    case("enum::in::one_value", "filter[stage-in]=draft", Ids(DRAFT)),
    case("enum::not_in::values", "filter[stage-not-in]=draft,in_review,published", Ids(ARCHIVED)),
    case("enum::not_in::every_value", "filter[stage-not-in]=draft,in_review,published,archived", Ids(NOTHING)),
    // Uuids, never NULL (`token`).
    case("uuid::eq::value", "filter[token-eq]=07000000-0000-4000-8000-000000000001", Ids(&[1])),
    case("uuid::eq::upper_case_value", "filter[token-eq]=0A000000-0000-4000-8000-000000000012", Ids(&[12])),
    case("uuid::eq::simple_form", "filter[token-eq]=0a000000000040008000000000000012", Ids(&[12])),
    case("uuid::eq::no_match", "filter[token-eq]=00000000-0000-0000-0000-000000000000", Ids(NOTHING)),
    case("uuid::not_eq::value", "filter[token-not-eq]=07000000-0000-4000-8000-000000000001", AllExcept(&[&[1]])),
    case("uuid::in::values", "filter[token-in]=01000000-0000-4000-8000-000000000016,1E000000-0000-4000-8000-000000000036", Ids(&[16, 36])),
    case("uuid::not_in::values", "filter[token-not-in]=01000000-0000-4000-8000-000000000016,02000000-0000-4000-8000-000000000032,03000000-0000-4000-8000-000000000011", AllExcept(&[&[11, 16, 32]])),
    // IP addresses, nullable (`origin`): spellings of one address are one value, an IPv4-mapped IPv6 address
    // is not its IPv4 address, NULLs match no comparison.
    case("inet::eq::ipv4", "filter[origin-eq]=10.0.0.1", Ids(&[1, 15])),
    case("inet::eq::ipv4_last_byte", "filter[origin-eq]=10.0.0.2", Ids(&[8])),
    case("inet::eq::ipv4_no_match_one_byte_off", "filter[origin-eq]=10.0.0.3", Ids(NOTHING)),
    case("inet::eq::ipv6_upper_case", "filter[origin-eq]=2001:DB8::1", Ids(&[7, 20])),
    case("inet::eq::ipv6_uncompressed", "filter[origin-eq]=2001:db8:0:0:0:0:0:1", Ids(&[7, 20])),
    case("inet::eq::ipv6_leading_zeros_in_groups", "filter[origin-eq]=2001:0db8:0000:0000:0000:0000:0000:0001", Ids(&[7, 20])),
    case("inet::eq::stored_spelling_does_not_matter", "filter[origin-eq]=2001:db8::10", Ids(&[9])),
    case("inet::eq::mapped_is_not_its_ipv4_address", "filter[origin-eq]=::ffff:1.2.3.4", Ids(&[6])),
    case("inet::eq::ipv4_is_not_its_mapped_address", "filter[origin-eq]=1.2.3.4", Ids(&[5])),
    case("inet::eq::mapped_written_in_hex", "filter[origin-eq]=::FFFF:102:304", Ids(&[6])),
    case("inet::eq::compatible_is_its_own_address", "filter[origin-eq]=::1.2.3.4", Ids(&[19])),
    case("inet::eq::unspecified_ipv4", "filter[origin-eq]=0.0.0.0", Ids(&[11])),
    case("inet::eq::unspecified_ipv6", "filter[origin-eq]=::", Ids(&[12])),
    case("inet::eq::last_address", "filter[origin-eq]=FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", Ids(&[21])),
    case("inet::not_eq::does_not_return_nulls", "filter[origin-not-eq]=10.0.0.1", AllExcept(&[ORIGIN_NULL, &[1, 15]])),
    case("inet::not_eq::mapped_keeps_its_ipv4_address", "filter[origin-not-eq]=::ffff:1.2.3.4", AllExcept(&[ORIGIN_NULL, &[6]])),
    case("inet::not_eq::another_spelling", "filter[origin-not-eq]=2001:db8:0:0:0:0:0:1", AllExcept(&[ORIGIN_NULL, &[7, 20]])),
    case("inet::in::mixing_families", "filter[origin-in]=1.2.3.4,::ffff:1.2.3.4,2001:db8::9", Ids(&[5, 6, 16])),
    case("inet::in::one_address_spelled_twice", "filter[origin-in]=2001:db8::1,2001:DB8:0:0:0:0:0:1", Ids(&[7, 20])),
    case("inet::in::no_match", "filter[origin-in]=10.0.0.3,::2,::ffff:10.0.0.1", Ids(NOTHING)),
    case("inet::not_in::mixing_families_does_not_return_nulls", "filter[origin-not-in]=10.0.0.1,::1,fe80::1", AllExcept(&[ORIGIN_NULL, &[1, 13, 15, 22]])),
    case("inet::not_in::mapped_and_compatible", "filter[origin-not-in]=::ffff:1.2.3.4,::1.2.3.4", AllExcept(&[ORIGIN_NULL, &[6, 19]])),
    case("inet::null::true_selects_nulls", "filter[origin-null]=true", Ids(ORIGIN_NULL)),
    case("inet::null::false_selects_addresses", "filter[origin-null]=false", AllExcept(&[ORIGIN_NULL])),
    case("inet::not_null::true_selects_addresses", "filter[origin-not-null]=true", AllExcept(&[ORIGIN_NULL])),
    case("inet::combined::in_and_boolean", "filter[origin-in]=10.0.0.1,2001:db8::1&filter[active-eq]=true", Ids(&[1, 7, 15])),
    // A nullable foreign key (`account_id`).
    case("foreign_key::eq::value", "filter[account-id-eq]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", Ids(ACCOUNT_A)),
    case("foreign_key::eq::upper_case_value", "filter[account-id-eq]=AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA", Ids(ACCOUNT_A)),
    case("foreign_key::eq::underscored_key", "filter[account_id_eq]=0ccccccc-cccc-4ccc-8ccc-cccccccccccc", Ids(ACCOUNT_C)),
    case("foreign_key::not_eq::does_not_return_nulls", "filter[account-id-not-eq]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", Union(&[ACCOUNT_B, ACCOUNT_C])),
    case("foreign_key::in::values", "filter[account-id-in]=0ccccccc-cccc-4ccc-8ccc-cccccccccccc,bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", Union(&[ACCOUNT_B, ACCOUNT_C])),
    case("foreign_key::not_in::does_not_return_nulls", "filter[account-id-not-in]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa,bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", Ids(ACCOUNT_C)),
    case("foreign_key::null::true_selects_nulls", "filter[account-id-null]=true", Ids(ACCOUNT_NULL)),
    case("foreign_key::null::false_selects_values", "filter[account-id-null]=false", AllExcept(&[ACCOUNT_NULL])),
    // Booleans (`active`, never NULL; `verified`, nullable).
    case("boolean::eq::true", "filter[active-eq]=true", Ids(ODD)),
    case("boolean::eq::false", "filter[active-eq]=false", Ids(EVEN)),
    case("boolean::not_eq::true", "filter[active-not-eq]=true", Ids(EVEN)),
    case("boolean::not_eq::false", "filter[active-not-eq]=false", Ids(ODD)),
    case("boolean_nullable::eq::true", "filter[verified-eq]=true", Ids(VERIFIED_TRUE)),
    case("boolean_nullable::eq::false", "filter[verified-eq]=false", Ids(VERIFIED_FALSE)),
    case("boolean_nullable::not_eq::true_does_not_return_nulls", "filter[verified-not-eq]=true", Ids(VERIFIED_FALSE)),
    case("boolean_nullable::not_eq::false_does_not_return_nulls", "filter[verified-not-eq]=false", Ids(VERIFIED_TRUE)),
    // An exact filter (`filter[region]`, text).
    case("exact::one_value_is_case_sensitive", "filter[region]=eu", Ids(REGION_EU)),
    case("exact::upper_case_value", "filter[region]=EU", Ids(REGION_EU_UPPER)),
    case("exact::trailing_space_is_significant", "filter[region]=eu%20", Ids(REGION_EU_SPACE)),
    case("exact::quoted_value_with_comma", "filter[region]=\"north,%20east\"", Ids(REGION_NORTH_EAST)),
    case("exact::list_with_quoted_comma", "filter[region]=\"north,%20east\",us", Union(&[REGION_NORTH_EAST, REGION_US])),
    case("exact::quote_inside_unquoted_value", "filter[region]=a\"b", Ids(REGION_QUOTE)),
    case("exact::doubled_quote_in_quoted_value", "filter[region]=\"a\"\"b\",eu", Union(&[REGION_QUOTE, REGION_EU])),
    case("exact::part_of_a_value_does_not_match", "filter[region]=north", Ids(NOTHING)),
    case("exact::unquoted_comma_splits_the_value", "filter[region]=north,%20east", Ids(NOTHING)),
    case("exact::every_case_and_spacing", "filter[region]=eu,EU,eu%20", Union(&[REGION_EU, REGION_EU_UPPER, REGION_EU_SPACE])),
    // The id filter.
    case("id::one_value", "filter[id]=1", Ids(&[1])),
    case("id::list_in_any_order", "filter[id]=36,1,18", Ids(&[1, 18, 36])),
    case("id::unknown_id", "filter[id]=99", Ids(NOTHING)),
    case("id::repeated_value", "filter[id]=7,7", Ids(&[7])),
    case("id::extremes", "filter[id]=-9223372036854775808,9223372036854775807,36", Ids(&[36])),
    // Several filters: all must hold.
    case("combined::cont_and_boolean", "filter[label-cont]=alpha&filter[active-eq]=true", Ids(&[1, 3, 5, 33])),
    case("combined::enum_and_nullable_not_eq", "filter[stage-eq]=draft&filter[score-not-eq]=5", Ids(&[9, 17])),
    case("combined::datetime_range_on_one_field", "filter[created-at-gteq]=2026-01-01&filter[created-at-lt]=2026-01-02", Union(&[AT_JAN_1_MIDNIGHT, AT_JAN_1_NOON, AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS])),
    case("combined::null_flag_and_not_in", "filter[note-null]=false&filter[note-not-in]=x", Ids(&[2, 4, 5, 7, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 29])),
    case("combined::exact_and_nullable_boolean", "filter[region]=eu,EU&filter[verified-eq]=true", Ids(&[1, 2, 7, 26, 31, 32])),
    case("combined::id_and_integer", "filter[id]=1,2,3,4,5&filter[amount-gt]=0", Ids(&[2, 4, 5])),
    case("combined::foreign_key_and_boolean", "filter[account-id-not-eq]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa&filter[active-eq]=false", Ids(&[2, 6, 8, 14, 18, 20, 26, 32])),
    case("combined::cont_any_and_lt", "filter[label-cont-any]=smith,zebra&filter[amount-lt]=500", Ids(&[19, 28, 29])),
    case("combined::uuid_and_enum", "filter[token-in]=07000000-0000-4000-8000-000000000001,0e000000-0000-4000-8000-000000000002&filter[stage-not-eq]=draft", Ids(&[2])),
    case("combined::contradiction", "filter[amount-gt]=10&filter[amount-lt]=10", Ids(NOTHING)),
    case("combined::six_kinds", "filter[label-start]=a&filter[note-null]=false&filter[amount-lteq]=10&filter[created-at-lt]=2026-01-02&filter[stage-in]=draft,in_review,archived&filter[active-eq]=false", Ids(&[2, 4])),
    // Groups (`filter[or][i]`, `filter[and][i]`, `filter[not]`), with SQL's three-valued logic over NULLs.
    case("group::or::two_branches", "filter[or][0][stage-eq]=draft&filter[or][1][stage-eq]=archived", Union(&[DRAFT, ARCHIVED])),
    case("group::or::gaps_and_order_do_not_matter", "filter[or][9][stage-eq]=archived&filter[or][2][stage-eq]=draft", Union(&[DRAFT, ARCHIVED])),
    case("group::or::branch_is_an_and", "filter[or][0][stage-eq]=draft&filter[or][0][verified-eq]=true&filter[or][1][region]=us", Union(&[&[1, 17, 21], REGION_US])),
    case("group::or::with_top_level_filter", "filter[active-eq]=true&filter[or][0][region]=eu&filter[or][1][region]=EU", Ids(REGION_EU)),
    // A NULL `verified` is unknown in the first branch; the second decides (15 is in `us`).
    case("group::or::unknown_or_true_is_true", "filter[or][0][verified-eq]=true&filter[or][1][region]=us", Union(&[VERIFIED_TRUE, REGION_US])),
    // NOT of a comparison with a NULL is still unknown: neither `verified = true` nor its negation holds.
    case("group::not::over_nulls_is_unknown", "filter[not][verified-eq]=true", Ids(VERIFIED_FALSE)),
    case("group::not::not_twice", "filter[not][not][verified-eq]=true", Ids(VERIFIED_TRUE)),
    // NOT (true OR x) is false and NOT (unknown OR unknown) unknown: no row at all.
    case("group::not::of_or_over_nulls", "filter[not][or][0][verified-eq]=true&filter[not][or][1][verified-eq]=false", Ids(NOTHING)),
    // Saying what NULLs should do: not account A, or no account at all.
    case("group::not::with_null_said_explicitly", "filter[or][0][not][account-id-eq]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa&filter[or][1][account-id-null]=true", AllExcept(&[ACCOUNT_A])),
    // The keys under one `not` are one negated AND: only rows matching both are excluded.
    case("group::not::negates_the_and", "filter[not][stage-eq]=draft&filter[not][region]=eu", AllExcept(&[&[1, 13, 25]])),
    case("group::and::explicit_nesting", "filter[and][0][stage-eq]=draft&filter[and][1][or][0][region]=eu&filter[and][1][or][1][region]=us", Ids(&[1, 9, 13, 21, 25, 33])),
    case("group::same_key_in_two_groups", "filter[stage-eq]=draft&filter[or][0][stage-eq]=draft&filter[or][1][id]=2", Ids(DRAFT)),
    // NOT (true AND unknown) is unknown: a row in those regions whose `verified` is NULL is excluded too.
    case("group::not::unknown_in_the_and_excludes", "filter[not][region]=eu,EU,us&filter[not][verified-eq]=false", AllExcept(&[&[3, 8, 9, 13, 14, 15, 19, 20, 25, 33]])),
];

/// Sorts: every sortable kind both ways, NULLs as the largest value, ties broken by id.
#[rustfmt::skip]
pub const SORT_CASES: &[Case] = &[
    case("sort::default_is_the_id", "", Ids(ALL_ASCENDING)),
    case("sort::id::ascending", "sort=id", Ids(ALL_ASCENDING)),
    case("sort::id::descending", "sort=-id", Ids(ALL_DESCENDING)),
    // By code point: `""` < ` ` < digits < upper case < lower case < `Ä` < `É` < `ä` < emoji.
    case("sort::string::ascending_by_code_point", "sort=label", Ids(&[7, 5, 30, 8, 9, 31, 3, 33, 2, 12, 13, 21, 15, 14, 35, 26, 19, 18, 25, 28, 1, 32, 4, 6, 22, 20, 17, 34, 16, 11, 10, 29, 23, 36, 24, 27])),
    case("sort::string::descending_ties_by_id", "sort=-label", Ids(&[27, 24, 36, 23, 29, 10, 11, 16, 34, 17, 20, 22, 6, 4, 1, 32, 28, 25, 18, 19, 26, 35, 14, 15, 21, 13, 12, 2, 33, 3, 31, 9, 8, 30, 5, 7])),
    case("sort::string_nullable::ascending_nulls_last", "sort=note", Concat(&[&[5, 23, 19, 12, 2, 22, 20, 16, 18, 11, 1, 9, 26, 4, 7, 14, 10, 15, 29], NOTE_NULL])),
    case("sort::string_nullable::descending_nulls_first", "sort=-note", Concat(&[NOTE_NULL, &[29, 15, 10, 14, 7, 4, 1, 9, 26, 11, 18, 16, 20, 22, 2, 12, 19, 23, 5]])),
    case("sort::integer::ascending", "sort=amount", Ids(&[10, 12, 8, 16, 3, 1, 19, 2, 32, 21, 22, 23, 33, 20, 34, 15, 35, 36, 4, 5, 6, 24, 25, 26, 13, 14, 27, 28, 29, 30, 31, 7, 18, 17, 11, 9])),
    case("sort::integer::descending", "sort=-amount", Ids(&[9, 11, 17, 18, 7, 31, 30, 29, 28, 27, 13, 14, 26, 25, 24, 4, 5, 6, 36, 35, 15, 34, 20, 33, 21, 22, 23, 32, 2, 1, 19, 3, 16, 8, 12, 10])),
    case("sort::integer_nullable::ascending_nulls_last", "sort=score", Concat(&[&[8, 4, 19, 6, 23, 11, 12, 14, 15, 1, 3, 7, 21, 26, 17, 9], SCORE_NULL])),
    case("sort::integer_nullable::descending_nulls_first", "sort=-score", Concat(&[SCORE_NULL, &[9, 17, 26, 1, 3, 7, 21, 14, 15, 12, 11, 6, 23, 19, 4, 8]])),
    // By value: -99999999999999.9999 < -100 < -1.5 < -0.0001 < 0 < 0.0001 < 0.0123 < 0.0124 < 0.1 < 0.2 < 0.3
    // < 1.5 = 1.50 < 100 < 99999999999999.9998 < 99999999999999.9999; text order would differ everywhere.
    case("sort::decimal_nullable::ascending_nulls_last", "sort=rate", Concat(&[&[10, 15, 6, 8, 7, 16, 11, 12, 2, 3, 1, 4, 5, 14, 13, 9], RATE_NULL])),
    case("sort::decimal_nullable::descending_nulls_first", "sort=-rate", Concat(&[RATE_NULL, &[9, 13, 14, 4, 5, 1, 3, 2, 12, 11, 16, 7, 8, 6, 15, 10]])),
    case("sort::datetime::ascending", "sort=created-at", Concat(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND, AT_JAN_1_MIDNIGHT, AT_JAN_1_NOON, AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999])),
    case("sort::datetime::descending", "sort=-created-at", Concat(&[AT_9999, AT_FEB_28, AT_JAN_2_0130, AT_JAN_2_MIDNIGHT, AT_JAN_1_NOON_500MS, AT_JAN_1_NOON_1US, AT_JAN_1_NOON, AT_JAN_1_MIDNIGHT, AT_2025_LAST_MICROSECOND, AT_1999, AT_1970])),
    case("sort::datetime_nullable::ascending_nulls_last", "sort=reviewed-at", Concat(&[&[30, 9, 5, 2, 11, 7, 4, 13, 20], NOT_REVIEWED])),
    case("sort::datetime_nullable::descending_nulls_first", "sort=-reviewed-at", Concat(&[NOT_REVIEWED, &[20, 13, 4, 7, 2, 11, 5, 9, 30]])),
    case("sort::enum::ascending_by_wire_value", "sort=stage", Concat(&[ARCHIVED, DRAFT, IN_REVIEW, PUBLISHED])),
    case("sort::enum::descending_by_wire_value", "sort=-stage", Concat(&[PUBLISHED, IN_REVIEW, DRAFT, ARCHIVED])),
    // Tokens sort by their first byte, key = 7 * id mod 37.
    case("sort::uuid::ascending", "sort=token", Ids(&[16, 32, 11, 27, 6, 22, 1, 17, 33, 12, 28, 7, 23, 2, 18, 34, 13, 29, 8, 24, 3, 19, 35, 14, 30, 9, 25, 4, 20, 36, 15, 31, 10, 26, 5, 21])),
    case("sort::uuid::descending", "sort=-token", Ids(&[21, 5, 26, 10, 31, 15, 36, 20, 4, 25, 9, 30, 14, 35, 19, 3, 24, 8, 29, 13, 34, 18, 2, 23, 7, 28, 12, 33, 17, 1, 22, 6, 27, 11, 32, 16])),
    // Addresses: IPv4 before IPv6, each by number (`9.0.0.0` < `10.0.0.0`), NULLs as the largest value.
    case("sort::inet::ascending_ipv4_first_by_number_nulls_last", "sort=origin", Concat(&[ORIGIN_ASCENDING, ORIGIN_NULL])),
    case("sort::inet::descending_nulls_first", "sort=-origin", Concat(&[ORIGIN_NULL, ORIGIN_DESCENDING])),
    case("sort::filtered::inet_filter_then_inet_descending", "filter[origin-in]=10.0.0.0,10.0.0.1,10.0.0.2,9.0.0.0&sort=-origin", Ids(&[8, 1, 15, 3, 2])),
    case("sort::foreign_key::ascending_nulls_last", "sort=account-id", Concat(&[ACCOUNT_C, ACCOUNT_A, ACCOUNT_B, ACCOUNT_NULL])),
    case("sort::foreign_key::descending_nulls_first", "sort=-account-id", Concat(&[ACCOUNT_NULL, ACCOUNT_B, ACCOUNT_A, ACCOUNT_C])),
    case("sort::boolean::ascending_false_first", "sort=active", Concat(&[EVEN, ODD])),
    case("sort::boolean::descending_true_first", "sort=-active", Concat(&[ODD, EVEN])),
    case("sort::boolean_nullable::ascending_nulls_last", "sort=verified", Concat(&[VERIFIED_FALSE, VERIFIED_TRUE, VERIFIED_NULL])),
    case("sort::boolean_nullable::descending_nulls_first", "sort=-verified", Concat(&[VERIFIED_NULL, VERIFIED_TRUE, VERIFIED_FALSE])),
    // `EU` < `a"b` < `eu` < `eu ` < `north, east` < `us`.
    case("sort::exact::ascending", "sort=region", Concat(&[REGION_EU_UPPER, REGION_QUOTE, REGION_EU, REGION_EU_SPACE, REGION_NORTH_EAST, REGION_US])),
    case("sort::exact::descending", "sort=-region", Concat(&[REGION_US, REGION_NORTH_EAST, REGION_EU_SPACE, REGION_EU, REGION_QUOTE, REGION_EU_UPPER])),
    case("sort::several_keys::enum_then_integer_descending", "sort=stage,-amount", Concat(&[&[28, 24, 4, 36, 20, 32, 16, 8, 12], &[9, 17, 29, 13, 25, 5, 33, 21, 1], &[18, 30, 14, 26, 6, 34, 22, 2, 10], &[11, 7, 31, 27, 35, 15, 23, 19, 3]])),
    case("sort::several_keys::boolean_then_nullable_integer", "sort=-active,score", Concat(&[&[19, 23, 11, 15, 1, 3, 7, 21, 17, 9, 5, 13, 25, 27, 29, 31, 33, 35], &[8, 4, 6, 12, 14, 26, 2, 10, 16, 18, 20, 22, 24, 28, 30, 32, 34, 36]])),
    case("sort::several_keys::boolean_then_id_descending", "sort=active,-id", Concat(&[EVEN_DESCENDING, ODD_DESCENDING])),
    case("sort::several_keys::datetime_then_string_descending", "sort=created-at,-label", Ids(&[24, 11, 13, 30, 19, 35, 9, 20, 6, 28, 15, 33, 1, 32, 25, 14, 21, 2, 3, 27, 5, 4, 26, 16, 22, 31, 7, 23, 34, 8, 36, 10, 17, 18, 29, 12])),
    case("sort::filtered::enum_filter_then_integer_descending", "filter[stage-eq]=draft&sort=-amount", Ids(&[9, 17, 29, 13, 25, 5, 33, 21, 1])),
    case("sort::filtered::text_filter_then_text", "filter[label-cont]=alpha&sort=label", Ids(&[5, 3, 33, 2, 1, 32, 4, 6])),
];

/// Single pages and their totals.
#[rustfmt::skip]
pub const PAGE_CASES: &[PageCase] = &[
    PageCase { name: "page::second_page_of_a_filter", query: "filter[active-eq]=true&page[size]=4&page[number]=2", page: &[9, 11, 13, 15], total: 18 },
    PageCase { name: "page::last_partial_page", query: "sort=stage&page[size]=10&page[number]=4", page: &[15, 19, 23, 27, 31, 35], total: 36 },
    PageCase { name: "page::beyond_the_last_page_is_empty", query: "page[number]=2", page: &[], total: 36 },
    PageCase { name: "page::total_ignores_the_page", query: "filter[note-null]=true&page[size]=5&page[number]=3", page: &[30, 31, 32, 33, 34], total: 17 },
    PageCase { name: "page::empty_result", query: "filter[label-eq]=nothing&page[size]=10", page: &[], total: 0 },
    PageCase { name: "page::nulls_then_values_across_pages", query: "sort=-reviewed-at&page[size]=25&page[number]=2", page: &[35, 36, 20, 13, 4, 7, 2, 11, 5, 9, 30], total: 36 },
    PageCase { name: "page::first_page_of_a_tie", query: "sort=created-at&page[size]=3&page[number]=1", page: &[11, 24, 13], total: 36 },
    PageCase { name: "page::one_row_page", query: "sort=-amount&page[size]=1&page[number]=36", page: &[10], total: 36 },
];

/// Whole sorts walked page by page.
#[rustfmt::skip]
pub const WALK_CASES: &[WalkCase] = &[
    WalkCase { name: "page::walk::boolean_in_pages_of_5", query: "sort=active", size: 5, order: Concat(&[EVEN, ODD]) },
    WalkCase { name: "page::walk::nullable_boolean_descending_in_pages_of_4", query: "sort=-verified", size: 4, order: Concat(&[VERIFIED_NULL, VERIFIED_TRUE, VERIFIED_FALSE]) },
    WalkCase { name: "page::walk::datetime_in_pages_of_3", query: "sort=created-at", size: 3, order: Concat(&[AT_1970, AT_1999, AT_2025_LAST_MICROSECOND, AT_JAN_1_MIDNIGHT, AT_JAN_1_NOON, AT_JAN_1_NOON_1US, AT_JAN_1_NOON_500MS, AT_JAN_2_MIDNIGHT, AT_JAN_2_0130, AT_FEB_28, AT_9999]) },
    WalkCase { name: "page::walk::enum_descending_in_pages_of_7", query: "sort=-stage", size: 7, order: Concat(&[PUBLISHED, IN_REVIEW, DRAFT, ARCHIVED]) },
    WalkCase { name: "page::walk::nullable_integer_in_pages_of_6", query: "sort=score", size: 6, order: Concat(&[&[8, 4, 19, 6, 23, 11, 12, 14, 15, 1, 3, 7, 21, 26, 17, 9], SCORE_NULL]) },
    WalkCase { name: "page::walk::nullable_foreign_key_descending_in_pages_of_5", query: "sort=-account-id", size: 5, order: Concat(&[ACCOUNT_NULL, ACCOUNT_B, ACCOUNT_A, ACCOUNT_C]) },
    WalkCase { name: "page::walk::exact_text_in_pages_of_8", query: "sort=region", size: 8, order: Concat(&[REGION_EU_UPPER, REGION_QUOTE, REGION_EU, REGION_EU_SPACE, REGION_NORTH_EAST, REGION_US]) },
    WalkCase { name: "page::walk::filtered_text_in_pages_of_2", query: "filter[label-cont]=alpha&sort=label", size: 2, order: Ids(&[5, 3, 33, 2, 1, 32, 4, 6]) },
    WalkCase { name: "page::walk::nullable_inet_descending_in_pages_of_7", query: "sort=-origin", size: 7, order: Concat(&[ORIGIN_NULL, ORIGIN_DESCENDING]) },
    WalkCase { name: "page::walk::default_sort_in_pages_of_1", query: "", size: 1, order: Ids(ALL_ASCENDING) },
    // Mixed directions (the orders of the `sort::several_keys` cases): the cursor walks expand a keyset
    // condition over every criterion.
    WalkCase { name: "page::walk::enum_then_integer_descending_in_pages_of_5", query: "sort=stage,-amount", size: 5, order: Concat(&[&[28, 24, 4, 36, 20, 32, 16, 8, 12], &[9, 17, 29, 13, 25, 5, 33, 21, 1], &[18, 30, 14, 26, 6, 34, 22, 2, 10], &[11, 7, 31, 27, 35, 15, 23, 19, 3]]) },
    WalkCase { name: "page::walk::boolean_descending_then_nullable_integer_in_pages_of_4", query: "sort=-active,score", size: 4, order: Concat(&[&[19, 23, 11, 15, 1, 3, 7, 21, 17, 9, 5, 13, 25, 27, 29, 31, 33, 35], &[8, 4, 6, 12, 14, 26, 2, 10, 16, 18, 20, 22, 24, 28, 30, 32, 34, 36]]) },
    WalkCase { name: "page::walk::boolean_then_id_descending_in_pages_of_7", query: "sort=active,-id", size: 7, order: Concat(&[EVEN_DESCENDING, ODD_DESCENDING]) },
    WalkCase { name: "page::walk::datetime_then_text_descending_in_pages_of_6", query: "sort=created-at,-label", size: 6, order: Ids(&[24, 11, 13, 30, 19, 35, 9, 20, 6, 28, 15, 33, 1, 32, 25, 14, 21, 2, 3, 27, 5, 4, 26, 16, 22, 31, 7, 23, 34, 8, 36, 10, 17, 18, 29, 12]) },
];

/// What `rate` (a decimal of scale 4) says it accepts.
const RATE_BOUND: &str = "expected a decimal number such as -1.5 (digits, an optional `.` and digits, no exponent) with at most 14 digits before the point and 4 after it";

const fn refused(
    name: &'static str,
    query: &'static str,
    parameter: &'static str,
    detail: &'static str,
) -> RefusedCase {
    RefusedCase {
        name,
        query,
        parameter,
        detail,
        code: "107",
    }
}

const fn refused_with(
    code: &'static str,
    name: &'static str,
    query: &'static str,
    parameter: &'static str,
    detail: &'static str,
) -> RefusedCase {
    RefusedCase {
        name,
        query,
        parameter,
        detail,
        code,
    }
}

/// Values the parser refuses before any engine sees them. Decimals just outside what `DECIMAL(18, 4)` holds,
/// and spellings that are not decimals; an address is one address, as the standard library writes it, and
/// nothing else.
#[rustfmt::skip]
pub const REFUSED_CASES: &[RefusedCase] = &[
    refused("refused::decimal::sum_of_point_one_and_point_two_as_a_double", "filter[rate-eq]=0.30000000000000004", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::fifth_fractional_digit", "filter[rate-eq]=0.00001", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::fifth_fractional_digit_in_a_list", "filter[rate-in]=0.1,0.12345", "filter[rate-in]", RATE_BOUND),
    refused("refused::decimal::fifteenth_integer_digit", "filter[rate-gt]=100000000000000", "filter[rate-gt]", RATE_BOUND),
    refused("refused::decimal::fifteenth_integer_digit_negative", "filter[rate-lt]=-100000000000000", "filter[rate-lt]", RATE_BOUND),
    refused("refused::decimal::one_step_above_largest", "filter[rate-eq]=100000000000000.0000", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::exponent", "filter[rate-eq]=1e3", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::plus_sign", "filter[rate-eq]=%2B1", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::leading_point", "filter[rate-eq]=.5", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::trailing_point", "filter[rate-eq]=5.", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::space", "filter[rate-eq]=1%205", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::two_points", "filter[rate-eq]=1.5.0", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::minus_alone", "filter[rate-eq]=-", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::not_a_number", "filter[rate-eq]=NaN", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::infinity", "filter[rate-eq]=inf", "filter[rate-eq]", RATE_BOUND),
    refused("refused::decimal::hexadecimal", "filter[rate-eq]=0x10", "filter[rate-eq]", RATE_BOUND),
    refused("refused::inet::ipv4_mask", "filter[origin-eq]=10.0.0.1/32", "filter[origin-eq]", "without a mask"),
    refused("refused::inet::ipv6_mask", "filter[origin-eq]=2001:db8::/32", "filter[origin-eq]", "without a mask"),
    refused("refused::inet::zone", "filter[origin-eq]=fe80::1%25eth0", "filter[origin-eq]", "without a zone"),
    refused("refused::inet::leading_zero_octet", "filter[origin-eq]=010.0.0.1", "filter[origin-eq]", "without leading zeros"),
    refused("refused::inet::octet_too_large", "filter[origin-eq]=256.0.0.1", "filter[origin-eq]", "from 0 to 255"),
    refused("refused::inet::three_octets", "filter[origin-eq]=10.0.0", "filter[origin-eq]", "four numbers"),
    refused("refused::inet::brackets", "filter[origin-eq]=[::1]", "filter[origin-eq]", "without brackets"),
    refused("refused::inet::leading_space", "filter[origin-eq]=%2010.0.0.1", "filter[origin-eq]", "without spaces"),
    refused("refused::inet::trailing_space", "filter[origin-eq]=::1%20", "filter[origin-eq]", "without spaces"),
    refused("refused::inet::two_compressions", "filter[origin-eq]=2001:db8::1::2", "filter[origin-eq]", "an IPv6 address (2001:db8::1)"),
    refused("refused::inet::group_too_long", "filter[origin-eq]=12345::", "filter[origin-eq]", "an IPv6 address (2001:db8::1)"),
    refused("refused::inet::host_name", "filter[origin-eq]=localhost", "filter[origin-eq]", "expected an IPv4 address (192.0.2.1) or an IPv6 address"),
    refused("refused::inet::empty", "filter[origin-eq]=\"\"", "filter[origin-eq]", "expected an IPv4 address (192.0.2.1) or an IPv6 address"),
    // Groups: every error names the whole parameter.
    refused_with("120", "refused::group::index_not_a_number", "filter[or][x][stage-eq]=draft", "filter[or][x][stage-eq]", "x is not a group index of filter[or]"),
    refused_with("120", "refused::group::negative_index", "filter[or][-1][stage-eq]=draft", "filter[or][-1][stage-eq]", "is not a group index"),
    refused_with("120", "refused::group::no_index", "filter[or]=1", "filter[or]", "filter[or] needs a group index and a filter key"),
    refused_with("120", "refused::group::no_key", "filter[or][0]=1", "filter[or][0]", "filter[or][0] holds no filter key"),
    refused_with("120", "refused::group::not_without_key", "filter[not]=1", "filter[not]", "filter[not] holds no filter key"),
    refused_with("120", "refused::group::index_under_not", "filter[not][0][amount-gt]=1", "filter[not][0][amount-gt]", "filter[not] takes no index"),
    refused_with("120", "refused::group::key_then_more", "filter[or][0][amount-gt][x]=1", "filter[or][0][amount-gt][x]", "a filter key ends the parameter"),
    refused_with("120", "refused::group::too_deep", "filter[not][or][0][not][and][0][amount-gt]=1", "filter[not][or][0][not][and][0][amount-gt]", "nested in 4 groups; at most 3 are allowed"),
    refused_with("102", "refused::group::unknown_key", "filter[or][1][colour-eq]=red", "filter[or][1][colour-eq]", "colour-eq is not allowed."),
    refused("refused::group::bad_value", "filter[or][1][amount-gt]=lots", "filter[or][1][amount-gt]", "lots"),
    refused_with("105", "refused::group::same_key_two_spellings", "filter[or][0][amount-gt]=1&filter[or][0][amount_gt]=2", "filter[or][0][amount_gt]", "is given more than once"),
];
