//! Typed filter values: a raw string checked and converted for a field's kind.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

use jsonapi_filter_vocabulary::ValueKind;

/// A filter value after validation, ready to be bound as an SQL parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FilterValue {
    /// Text, compared as given.
    String(String),
    /// A signed 64-bit integer.
    Integer(i64),
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRejection {
    /// What the value should have been, for a person to act on.
    pub expected: String,
}

impl FilterValue {
    /// Parses `raw` as a value of `kind`. `allowed` lists an enum's wire values.
    ///
    /// ```
    /// use jsonapi_filter::{FilterValue, ValueKind};
    /// assert_eq!(FilterValue::parse(ValueKind::Integer, "-42", &[]), Ok(FilterValue::Integer(-42)));
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
        match self {
            FilterValue::String(text) => text.clone(),
            FilterValue::Integer(number) => number.to_string(),
            FilterValue::DateTime(instant) => {
                instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            }
            FilterValue::Enum(value) => (*value).to_owned(),
            FilterValue::Uuid(uuid) => uuid.hyphenated().to_string(),
            FilterValue::Inet(address) => address.to_string(),
            FilterValue::Boolean(flag) => flag.to_string(),
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
            FilterValue::DateTime(parse_datetime("2026-01-02T12:46:13.410Z").unwrap()),
            FilterValue::Uuid(Uuid::nil()),
            FilterValue::Inet("::ffff:1.2.3.4".parse().unwrap()),
            FilterValue::Inet("2001:db8::1".parse().unwrap()),
            FilterValue::Boolean(false),
        ];
        let kinds = [
            ValueKind::Integer,
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
