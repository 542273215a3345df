//! Typed filter values: a raw string checked and converted for a field's kind.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::FieldSchema;

use jsonapi_filter_vocabulary::ValueKind;

/// A filter value after validation, ready to be bound as an SQL parameter.
///
/// ```
/// use jsonapi_filter::{FilterEnum, Filterable, FilterValue, ResourceQuery};
/// use uuid::Uuid;
///
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// enum Status { Pending, Failed }
///
/// #[derive(Filterable)]
/// #[filterable(type = "cdr-exports", table = "cdr_exports")]
/// struct CdrExport {
///     #[filterable(id)]
///     id: Uuid,
///     status: Status,
///     created_at: chrono::DateTime<chrono::Utc>,
/// }
///
/// let query = ResourceQuery::<CdrExport>::parse(
///     "filter[status-in]=Pending,Failed&filter[created-at-gteq]=2026-01-02&filter[id]=00000000-0000-0000-0000-000000000007",
/// ).unwrap();
/// assert_eq!(query.filters[0].values, [FilterValue::Enum("Pending"), FilterValue::Enum("Failed")]);
/// let midnight = "2026-01-02T00:00:00Z".parse().unwrap(); // a date alone is midnight UTC
/// assert_eq!(query.filters[1].values, [FilterValue::DateTime(midnight)]);
/// assert_eq!(query.filters[2].values, [FilterValue::Uuid(Uuid::from_u128(7))]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FilterValue {
    /// Text, compared as given.
    String(String),
    /// A signed 64-bit integer.
    Integer(i64),
    /// An exact decimal number; equal values are equal whatever their scale (`1.50` is `1.5`). A value the
    /// parser reads for a field carries the field's scale (see [`FilterValue::parse_for`]).
    Decimal(Decimal),
    /// An instant, normalised to UTC.
    DateTime(DateTime<Utc>),
    /// One of the field's allowed wire values.
    Enum(&'static str),
    /// A UUID.
    Uuid(Uuid),
    /// An IP address, IPv4 or IPv6 (see [`crate::inet`]).
    Inet(IpAddr),
    /// A boolean; also the flag of the `null` and `not-null` predicates.
    Boolean(bool),
}

/// Why a raw value does not fit a kind; the text completes "`value` is not a valid value for `key`: ...".
///
/// ```
/// use jsonapi_filter::{FilterValue, ValueKind, ValueRejection};
/// let rejection = FilterValue::parse(ValueKind::Uuid, "7", &[]).unwrap_err();
/// assert_eq!(rejection, ValueRejection { expected: "expected a UUID".into() });
/// let rejection = FilterValue::parse(ValueKind::Enum, "pending", &["Pending", "Failed"]).unwrap_err();
/// assert_eq!(rejection.expected, "expected one of Pending, Failed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRejection {
    /// What the value should have been, for a person to act on.
    pub expected: String,
}

impl FilterValue {
    /// Parses `raw` as a value of `kind`. `allowed` lists an enum's wire values. A decimal is checked against
    /// the kind's bound only (18 digits in all); [`FilterValue::parse_for`] checks it against a field's scale,
    /// as the query parser does.
    ///
    /// ```
    /// use jsonapi_filter::{Decimal, FilterValue, ValueKind};
    /// assert_eq!(FilterValue::parse(ValueKind::Integer, "-42", &[]), Ok(FilterValue::Integer(-42)));
    /// assert_eq!(FilterValue::parse(ValueKind::Decimal, "-1.50", &[]), Ok(FilterValue::Decimal(Decimal::new(-15, 1))));
    /// assert!(FilterValue::parse(ValueKind::Decimal, "1e3", &[]).is_err());
    /// assert!(FilterValue::parse(ValueKind::Integer, "abc", &[]).is_err());
    /// assert!(FilterValue::parse(ValueKind::Integer, "1.5", &[]).is_err());
    /// assert!(FilterValue::parse(ValueKind::Enum, "pending", &["Pending"]).is_err());
    /// ```
    pub fn parse(
        kind: ValueKind,
        raw: &str,
        allowed: &'static [&'static str],
    ) -> Result<FilterValue, ValueRejection> {
        let reject = |expected: String| Err(ValueRejection { expected });
        match kind {
            ValueKind::String => Ok(FilterValue::String(raw.to_owned())),
            ValueKind::Integer => match parse_integer(raw) {
                Some(number) => Ok(FilterValue::Integer(number)),
                None => reject(format!(
                    "expected an integer from {} to {}",
                    i64::MIN,
                    i64::MAX
                )),
            },
            ValueKind::Decimal => parse_decimal(raw, None).map(FilterValue::Decimal),
            ValueKind::DateTime => match parse_datetime(raw) {
                Some(instant) => Ok(FilterValue::DateTime(instant)),
                None => reject(
                    "expected an RFC 3339 datetime with `Z` or an offset (2026-01-02T12:46:13.410Z) \
                     or a date (2026-01-02), from year 1 to 9999, to the microsecond at most"
                        .to_owned(),
                ),
            },
            ValueKind::Enum => match allowed.iter().find(|candidate| **candidate == raw) {
                Some(value) => Ok(FilterValue::Enum(value)),
                None => reject(format!("expected one of {}", allowed.join(", "))),
            },
            ValueKind::Uuid => match Uuid::try_parse(raw) {
                Ok(uuid) => Ok(FilterValue::Uuid(uuid)),
                Err(_) => reject("expected a UUID".to_owned()),
            },
            ValueKind::Inet => match crate::inet::parse_address(raw) {
                Ok(address) => Ok(FilterValue::Inet(address)),
                Err(expected) => reject(expected),
            },
            ValueKind::Boolean => parse_boolean(raw)
                .map(FilterValue::Boolean)
                .ok_or_else(|| ValueRejection {
                    expected: "expected true or false".to_owned(),
                }),
        }
    }

    /// Parses `raw` as a value of `field`: as [`FilterValue::parse`] does for the field's kind, and for a
    /// decimal within the field's column, `DECIMAL(18, scale)`: at most `scale` digits after the point and
    /// `18 - scale` before it, leading zeros and trailing fractional zeros aside. The decimal it gives carries
    /// the field's scale, so its mantissa is the integer SQLite stores.
    ///
    /// ```
    /// use jsonapi_filter::{FieldSchema, FilterStyle, FilterValue, ValueKind};
    /// use rust_decimal::Decimal;
    /// let rate = FieldSchema {
    ///     name: "rate", key: "rate", column: "rate", kind: ValueKind::Decimal, scale: 4,
    ///     nullable: false, allowed_values: &[], filter: FilterStyle::None, sortable: true, default_filter: None,
    /// };
    /// let parsed = FilterValue::parse_for(&rate, "0.0120").unwrap();
    /// assert_eq!(parsed, FilterValue::Decimal(Decimal::new(120, 4)));
    /// assert_eq!(parsed, FilterValue::Decimal("0.012".parse().unwrap())); // compared by value
    /// assert!(FilterValue::parse_for(&rate, "0.00001").is_err()); // a fifth fractional digit
    /// assert!(FilterValue::parse_for(&rate, "100000000000000").is_err()); // a fifteenth integer digit
    /// ```
    pub fn parse_for(field: &FieldSchema, raw: &str) -> Result<FilterValue, ValueRejection> {
        match field.kind {
            ValueKind::Decimal => parse_decimal(raw, Some(field.scale)).map(FilterValue::Decimal),
            kind => FilterValue::parse(kind, raw, field.allowed_values),
        }
    }

    /// The value as it is written in a query string (the inverse of [`FilterValue::parse`]).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: Option<String>,
    /// #     #[filterable(foreign_key)]
    /// #     account_id: i64,
    /// # }
    /// let instant = "2026-01-02T14:46:13.41+02:00".parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    /// assert_eq!(FilterValue::DateTime(instant).to_query_value(), "2026-01-02T12:46:13.410Z");
    /// assert_eq!(FilterValue::Integer(-4).to_query_value(), "-4");
    /// ```
    pub fn to_query_value(&self) -> String {
        let mut text = String::new();
        self.push_query_value(&mut text);
        text
    }

    /// Appends [`FilterValue::to_query_value`] to `text`, without a string of its own.
    pub(crate) fn push_query_value(&self, text: &mut String) {
        use std::fmt::Write as _;
        match self {
            FilterValue::String(value) => text.push_str(value),
            FilterValue::Integer(number) => {
                let _ = write!(text, "{number}");
            }
            FilterValue::Decimal(number) => {
                let _ = write!(text, "{}", number.normalize());
            }
            FilterValue::DateTime(instant) => {
                text.push_str(&instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
            }
            FilterValue::Enum(value) => text.push_str(value),
            FilterValue::Uuid(uuid) => {
                text.push_str(uuid.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
            }
            FilterValue::Inet(address) => {
                let _ = write!(text, "{address}");
            }
            FilterValue::Boolean(flag) => text.push_str(if *flag { "true" } else { "false" }),
        }
    }

    /// The kind of the value.
    ///
    /// ```
    /// use jsonapi_filter::{FilterValue, ValueKind};
    /// assert_eq!(FilterValue::from(42_i64).kind(), ValueKind::Integer);
    /// assert_eq!(FilterValue::from("Europe/Berlin").kind(), ValueKind::String);
    /// ```
    pub fn kind(&self) -> ValueKind {
        match self {
            FilterValue::String(_) => ValueKind::String,
            FilterValue::Integer(_) => ValueKind::Integer,
            FilterValue::Decimal(_) => ValueKind::Decimal,
            FilterValue::DateTime(_) => ValueKind::DateTime,
            FilterValue::Enum(_) => ValueKind::Enum,
            FilterValue::Uuid(_) => ValueKind::Uuid,
            FilterValue::Inet(_) => ValueKind::Inet,
            FilterValue::Boolean(_) => ValueKind::Boolean,
        }
    }
}

macro_rules! filter_value_from {
    ($($source:ty => |$value:ident| $made:expr;)+) => {$(
        impl From<$source> for FilterValue {
            fn from($value: $source) -> FilterValue {
                $made
            }
        }
    )+};
}

filter_value_from! {
    String => |text| FilterValue::String(text);
    &str => |text| FilterValue::String(text.to_owned());
    i64 => |number| FilterValue::Integer(number);
    i32 => |number| FilterValue::Integer(number.into());
    Decimal => |number| FilterValue::Decimal(number);
    DateTime<Utc> => |instant| FilterValue::DateTime(instant);
    Uuid => |uuid| FilterValue::Uuid(uuid);
    IpAddr => |address| FilterValue::Inet(address);
    Ipv4Addr => |address| FilterValue::Inet(address.into());
    Ipv6Addr => |address| FilterValue::Inet(address.into());
    bool => |flag| FilterValue::Boolean(flag);
}

/// `true` or `false`, nothing else.
pub(crate) fn parse_boolean(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Decimal digits with an optional leading `-`: no `+`, no spaces, no fraction, no exponent, no overflow.
fn parse_integer(raw: &str) -> Option<i64> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// Reads a list of integers without quotes (`1,2,3`) in one pass over its bytes: each value between commas as
/// [`parse_integer`] reads it, when every value has at most 18 digits and at most `max_length` bytes. `None` when
/// any value is not such an integer (empty, not digits, longer), or the list does not hold `count` values: the
/// caller then reads the values one by one, which says what is wrong with each.
pub(crate) fn parse_integer_list(
    raw: &str,
    count: usize,
    max_length: usize,
) -> Option<Vec<FilterValue>> {
    let mut values = Vec::with_capacity(count);
    // The value being read: its digits so far, its length in bytes (sign included), its sign.
    let mut number: i64 = 0;
    let mut length = 0;
    let mut negative = false;
    let finish = |number: i64, length: usize, negative: bool| {
        let read = length > usize::from(negative) && length <= max_length;
        read.then_some(FilterValue::Integer(if negative {
            -number
        } else {
            number
        }))
    };
    for &byte in raw.as_bytes() {
        if byte == b',' {
            values.push(finish(number, length, negative)?);
            (number, length, negative) = (0, 0, false);
            continue;
        }
        if byte == b'-' && length == 0 {
            (length, negative) = (1, true);
            continue;
        }
        let digit = byte.wrapping_sub(b'0');
        // Eighteen digits cannot overflow; a nineteenth is left to the value-by-value reading.
        if digit > 9 || length - usize::from(negative) == 18 {
            return None;
        }
        number = number * 10 + i64::from(digit);
        length += 1;
    }
    values.push(finish(number, length, negative)?);
    (values.len() == count).then_some(values)
}

/// A decimal in the form `jsonapi_filter_vocabulary::decimal::parse_decimal_digits` reads (the derive checks a
/// decimal default with the same function), with the field's scale; refused with the form it expected.
fn parse_decimal(raw: &str, scale: Option<u32>) -> Result<Decimal, ValueRejection> {
    // The derive never gives a larger scale; a schema written by hand is read as if it said 18.
    let expected = || ValueRejection {
        expected: format!(
            "expected a decimal number such as -1.5 (digits, an optional `.` and digits, no exponent) with {}",
            jsonapi_filter_vocabulary::decimal::digit_bound(scale)
        ),
    };
    let (mantissa, scale) = jsonapi_filter_vocabulary::decimal::parse_decimal_digits(raw, scale)
        .ok_or_else(expected)?;
    Ok(Decimal::new(mantissa, scale))
}

/// RFC 3339 with a `Z` or an offset, or a date alone (midnight UTC), within years 1..=9999, the range all
/// three backends store.
fn parse_datetime(raw: &str) -> Option<DateTime<Utc>> {
    let instant = if raw.len() == 10 {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
    } else {
        DateTime::parse_from_rfc3339(raw).ok()?.with_timezone(&Utc)
    };
    // Every backend stores microseconds; a finer instant would compare differently on each, so it is refused.
    let microsecond_precise = instant.timestamp_subsec_nanos() % 1_000 == 0;
    ((1..=9999).contains(&instant.year()) && microsecond_precise).then_some(instant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the value-by-value reading gives for a list without quotes: every value, or `None` at the first it
    /// refuses; and whether some value has more than 18 digits (which the one-pass reading leaves to it).
    fn value_by_value(raw: &str, max_length: usize) -> (Option<Vec<FilterValue>>, bool) {
        let values = raw
            .split(',')
            .map(|item| {
                (item.len() <= max_length)
                    .then(|| parse_integer(item))
                    .flatten()
                    .map(FilterValue::Integer)
            })
            .collect();
        let long = raw
            .split(',')
            .any(|item| item.trim_start_matches('-').len() > 18);
        (values, long)
    }

    fn agree(raw: &str, max_length: usize) -> Result<(), TestCaseError> {
        let count = raw.split(',').count();
        let one_pass = parse_integer_list(raw, count, max_length);
        match value_by_value(raw, max_length) {
            (Some(values), false) => prop_assert_eq!(one_pass, Some(values), "{:?}", raw),
            (Some(values), true) => {
                prop_assert!(one_pass.is_none() || one_pass == Some(values), "{:?}", raw)
            }
            (None, _) => prop_assert_eq!(one_pass, None, "{:?}", raw),
        }
        // A count that does not match is never accepted.
        prop_assert_eq!(parse_integer_list(raw, count + 1, max_length), None);
        Ok(())
    }

    #[test]
    fn integer_lists_at_the_edges() {
        for raw in [
            "-9223372036854775808",
            "9223372036854775807,1",
            "99999999999999999999",
            "999999999999999999,-999999999999999999",
            "-",
            "1,-",
            ",1",
            "1,,2",
            "--1",
            "0",
            "",
        ] {
            agree(raw, 1024).unwrap();
        }
        assert_eq!(
            parse_integer_list("7,-8,90", 3, 2),
            Some(vec![7.into(), (-8).into(), 90.into()])
        );
        assert_eq!(parse_integer_list("7,-80", 2, 2), None); // `-80` is three bytes
    }

    proptest! {
        #[test]
        fn an_integer_list_reads_in_one_pass_as_value_by_value(
            values in prop::collection::vec(any::<i64>(), 1..12),
            small in prop::collection::vec(-1000_i64..1000, 1..12),
            max_length in 1_usize..24,
        ) {
            for list in [&values, &small] {
                let raw = list.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                agree(&raw, max_length)?;
                agree(&raw, 1024)?;
            }
        }

        #[test]
        fn a_malformed_integer_list_is_left_to_the_value_by_value_reading(
            raw in "[-0-9,x+ ]{0,48}",
            signs_and_digits in "[-0-9,]{0,24}",
            max_length in 1_usize..24,
        ) {
            for raw in [&raw, &signs_and_digits] {
                agree(raw, max_length)?;
                agree(raw, 1024)?;
            }
        }
    }

    #[test]
    fn integers_are_strict() {
        for bad in [
            "",
            "-",
            "+1",
            " 1",
            "1 ",
            "1.5",
            "1e3",
            "abc",
            "0x10",
            "9223372036854775808",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad:?}");
        }
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("007"), Some(7));
    }

    #[test]
    fn decimals_are_plain_digits_within_their_column() {
        let at = |raw: &str, scale: u32| parse_decimal(raw, Some(scale)).ok();
        assert_eq!(at("1.50", 2), Some(Decimal::new(150, 2)));
        assert_eq!(at("1.5", 4), Some(Decimal::new(15_000, 4)));
        assert_eq!(at("-0", 4), Some(Decimal::new(0, 4)));
        assert!(!at("-0.0000", 4).unwrap().is_sign_negative());
        assert_eq!(at("0012.3400", 2), Some(Decimal::new(1234, 2)));
        assert_eq!(
            at("999999999999999999", 0),
            Some(Decimal::new(999_999_999_999_999_999, 0))
        );
        assert_eq!(
            at("-0.999999999999999999", 18),
            Some(Decimal::new(-999_999_999_999_999_999, 18))
        );
        assert_eq!(at("0.1", 0), None);
        assert_eq!(at("1.0", 0), Some(Decimal::new(1, 0)));
        assert_eq!(at("1", 18), None);
        assert_eq!(at("0.0000000000000000001", 18), None);
        assert_eq!(
            at("0", 40),
            Some(Decimal::new(0, 18)),
            "a scale beyond 18 is read as 18"
        );
        for bad in [
            "", "-", ".", "-.5", ".5", "5.", "+1", "1e3", " 1", "1 ", "1.5.0", "--1", "0x1", "١",
        ] {
            assert_eq!(at(bad, 4), None, "{bad:?}");
            assert_eq!(parse_decimal(bad, None).ok(), None, "{bad:?}");
        }
        // Without a field, 18 digits split in any way, at the value's own scale.
        assert_eq!(parse_decimal("1.50", None).ok(), Some(Decimal::new(15, 1)));
        assert_eq!(
            parse_decimal("0.000000000000000001", None).ok(),
            Some(Decimal::new(1, 18))
        );
        assert_eq!(parse_decimal("1.000000000000000001", None).ok(), None);
    }

    #[test]
    fn datetimes_need_an_offset_or_are_dates() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            parse_datetime("2026-01-02"),
            Some(utc("2026-01-02T00:00:00Z"))
        );
        assert_eq!(
            parse_datetime("2026-01-02T14:46:13.410+02:00"),
            Some(utc("2026-01-02T12:46:13.410Z"))
        );
        assert_eq!(
            parse_datetime("2026-01-02T12:46:13Z"),
            Some(utc("2026-01-02T12:46:13Z"))
        );
        for bad in [
            "2026-01-02T12:46:13",
            "2026-13-01",
            "yesterday",
            "2026-1-2",
            "",
            "10000-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_datetime("0000-12-31T23:00:00-02:00").map(|d| d.year()),
            Some(1)
        );
    }

    #[test]
    fn enums_are_case_sensitive() {
        const ALLOWED: &[&str] = &["Pending", "Completed"];
        assert_eq!(
            FilterValue::parse(ValueKind::Enum, "Pending", ALLOWED),
            Ok(FilterValue::Enum("Pending"))
        );
        let rejection = FilterValue::parse(ValueKind::Enum, "pending", ALLOWED).unwrap_err();
        assert_eq!(rejection.expected, "expected one of Pending, Completed");
    }

    #[test]
    fn query_values_read_back() {
        let values = [
            FilterValue::Integer(i64::MIN),
            FilterValue::Decimal(Decimal::new(-15, 1)),
            FilterValue::DateTime(parse_datetime("2026-01-02T12:46:13.410Z").unwrap()),
            FilterValue::Uuid(Uuid::nil()),
            FilterValue::Inet("::ffff:1.2.3.4".parse().unwrap()),
            FilterValue::Inet("2001:db8::1".parse().unwrap()),
            FilterValue::Boolean(false),
        ];
        let kinds = [
            ValueKind::Integer,
            ValueKind::Decimal,
            ValueKind::DateTime,
            ValueKind::Uuid,
            ValueKind::Inet,
            ValueKind::Inet,
            ValueKind::Boolean,
        ];
        for (value, kind) in values.iter().zip(kinds) {
            assert_eq!(
                FilterValue::parse(kind, &value.to_query_value(), &[]).as_ref(),
                Ok(value)
            );
        }
    }
}
