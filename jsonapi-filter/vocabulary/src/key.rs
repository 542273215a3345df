//! How keys are spelled: a field's key is dasherized (`rows-count`), a filter key is the field's key, a dash
//! and the predicate's suffix (`rows-count-gteq`), and a client may write any dash as an underscore
//! (`rows_count_gteq`).
//!
//! ```
//! use jsonapi_filter_vocabulary::key::{dasherize, filter_key, keys_match};
//! use jsonapi_filter_vocabulary::Predicate;
//!
//! let field_key = dasherize("rows_count");
//! let key = filter_key(&field_key, Some(Predicate::Gteq));
//! assert_eq!(key, "rows-count-gteq");
//! assert!(keys_match(&key, "rows_count_gteq"));
//! assert!(!keys_match(&key, "rows-count-gte"));
//! ```

use crate::predicate::Predicate;

/// The dasherized key of a Rust name: `rows_count` -> `rows-count`. Raw identifiers lose their `r#`; an already
/// dasherized key is unchanged.
///
/// ```
/// use jsonapi_filter_vocabulary::key::dasherize;
/// assert_eq!(dasherize("rows_count"), "rows-count");
/// assert_eq!(dasherize("r#type"), "type");
/// ```
pub fn dasherize(name: &str) -> String {
    name.trim_start_matches("r#").replace('_', "-")
}

/// The filter key of a field's key and predicate: `rows-count` and [`Predicate::Gteq`] give `rows-count-gteq`;
/// no predicate (`filter[id]`, exact filters) gives the field's key alone.
///
/// ```
/// use jsonapi_filter_vocabulary::{Predicate, key::filter_key};
/// assert_eq!(filter_key("rows-count", Some(Predicate::NotIn)), "rows-count-not-in");
/// assert_eq!(filter_key("id", None), "id");
/// ```
pub fn filter_key(field_key: &str, predicate: Option<Predicate>) -> String {
    match predicate {
        Some(predicate) => format!("{field_key}-{}", predicate.suffix()),
        None => field_key.to_owned(),
    }
}

/// Whether two keys are equal once dashes and underscores are treated alike (`rows-count` and `rows_count`).
/// `canonical` is the dasherized spelling; `given` is what the client wrote.
///
/// ```
/// use jsonapi_filter_vocabulary::key::keys_match;
/// assert!(keys_match("rows-count-gteq", "rows_count_gteq"));
/// assert!(!keys_match("rows-count", "rowscount"));
/// ```
pub fn keys_match(canonical: &str, given: &str) -> bool {
    canonical.len() == given.len()
        && canonical
            .bytes()
            .zip(given.bytes())
            .all(|(a, b)| a == b || (a == b'-' && b == b'_'))
}

/// If `given` is the field key `field_key` (in either spelling) followed by a separator, the predicate suffix
/// after it, as written: `rows_count_gteq` under `rows-count` is `gteq`.
///
/// ```
/// use jsonapi_filter_vocabulary::key::suffix_after;
/// assert_eq!(suffix_after("rows_count_not_in", "rows-count"), Some("not_in"));
/// assert_eq!(suffix_after("rows-countgt", "rows-count"), None);
/// ```
pub fn suffix_after<'k>(given: &'k str, field_key: &str) -> Option<&'k str> {
    let head = given.get(..field_key.len())?;
    if !keys_match(field_key, head) {
        return None;
    }
    given[field_key.len()..].strip_prefix(['-', '_'])
}

/// Whether `key` is well formed: lower-case ASCII words of letters and digits, separated by single dashes or
/// underscores, starting with a letter.
///
/// ```
/// use jsonapi_filter_vocabulary::key::is_valid_key;
/// assert!(is_valid_key("rows-count") && is_valid_key("utc2_offset"));
/// assert!(!is_valid_key("Rows") && !is_valid_key("rows--count") && !is_valid_key("2x"));
/// ```
pub fn is_valid_key(key: &str) -> bool {
    let starts_with_letter = key.starts_with(|c: char| c.is_ascii_lowercase());
    let words_ok = key.split(['-', '_']).all(|word| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    starts_with_letter && words_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_key_splits_back_into_its_field_key_and_predicate() {
        for predicate in Predicate::ALL {
            let key = filter_key("time-zone-name", Some(predicate));
            let suffix = suffix_after(&key, "time-zone-name").unwrap();
            assert_eq!(Predicate::from_suffix(suffix), Some(predicate));
            let underscored = key.replace('-', "_");
            let suffix = suffix_after(&underscored, "time-zone-name").unwrap();
            assert_eq!(Predicate::from_suffix(suffix), Some(predicate));
        }
    }

    #[test]
    fn a_dash_given_where_the_key_has_an_underscore_does_not_match() {
        // Canonical keys are dasherized; an underscore in a canonical key is matched by itself only.
        assert!(keys_match("a_b", "a_b"));
        assert!(!keys_match("a_b", "a-b"));
        assert!(!keys_match("rows-count", "rows-counts"));
    }

    #[test]
    fn field_names_dasherize() {
        assert_eq!(dasherize("rows_count"), "rows-count");
        assert_eq!(dasherize("time_zone_name"), "time-zone-name");
        assert_eq!(dasherize("r#type"), "type");
        assert_eq!(dasherize("status"), "status");
    }

    #[test]
    fn keys_are_validated() {
        for good in ["status", "rows-count", "rows_count", "utc2-offset", "a"] {
            assert!(is_valid_key(good), "{good}");
        }
        for bad in [
            "",
            "Rows",
            "rows--count",
            "-rows",
            "rows-",
            "2fa",
            "rows count",
            "rows.count",
            "röws",
        ] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }
}
