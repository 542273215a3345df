//! How a field's Rust type decides its kind ([`FilterType`]), and enums of wire values ([`FilterEnum`]). The
//! kinds themselves and their predicates are the vocabulary's ([`ValueKind`]).

use crate::value::FilterValue;
use jsonapi_filter_vocabulary::ValueKind;

/// Maps a Rust field type to its filter kind. Implemented for the standard types, for `Option<T>` (which
/// makes the field nullable), and by `#[derive(FilterEnum)]` for enums.
///
/// Implement it for a newtype to make it filterable:
///
/// ```
/// use jsonapi_filter::{FilterType, ValueKind};
/// use jsonapi_filter::FilterValue;
/// struct Msisdn(String);
/// impl FilterType for Msisdn {
///     const KIND: ValueKind = ValueKind::String;
///     fn to_filter_value(&self) -> Option<FilterValue> {
///         Some(FilterValue::String(self.0.clone()))
///     }
/// }
/// assert_eq!(<Option<Msisdn> as FilterType>::KIND, ValueKind::String);
/// assert!(<Option<Msisdn> as FilterType>::NULLABLE);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no filter kind",
    label = "this field type has no filter kind",
    note = "implement `jsonapi_filter::FilterType` for `{Self}`, derive `FilterEnum` on it, set `#[filterable(kind = \"...\")]`, or mark the field `#[filterable(skip)]`"
)]
pub trait FilterType {
    /// The field's kind.
    const KIND: ValueKind;
    /// Whether the column may be NULL (true for `Option<T>`).
    const NULLABLE: bool = false;
    /// For [`ValueKind::Enum`]: the accepted wire values, compared case-sensitively.
    const ALLOWED_VALUES: &'static [&'static str] = &[];
    /// The value as the in-memory evaluator compares it; `None` is NULL.
    ///
    /// ```
    /// use chrono::{DateTime, FixedOffset};
    /// use jsonapi_filter::{FilterType, FilterValue};
    /// assert_eq!(7_u16.to_filter_value(), Some(FilterValue::Integer(7)));
    /// assert_eq!(None::<String>.to_filter_value(), None);
    /// let local: DateTime<FixedOffset> = "2026-01-02T14:00:00+02:00".parse().unwrap();
    /// assert_eq!(local.to_filter_value().unwrap().to_query_value(), "2026-01-02T12:00:00Z"); // in UTC
    /// ```
    fn to_filter_value(&self) -> Option<FilterValue>;
}

impl<T: FilterType> FilterType for Option<T> {
    const KIND: ValueKind = T::KIND;
    const NULLABLE: bool = true;
    const ALLOWED_VALUES: &'static [&'static str] = T::ALLOWED_VALUES;
    fn to_filter_value(&self) -> Option<FilterValue> {
        self.as_ref().and_then(T::to_filter_value)
    }
}

macro_rules! filter_type {
    ($kind:ident: $($ty:ty => |$value:ident| $body:expr),+ $(,)?) => {
        $(impl FilterType for $ty {
            const KIND: ValueKind = ValueKind::$kind;
            fn to_filter_value(&self) -> Option<FilterValue> {
                let $value = self;
                Some($body)
            }
        })+
    };
}

filter_type!(String:
    String => |text| FilterValue::String(text.clone()),
    Box<str> => |text| FilterValue::String(text.to_string()),
    std::borrow::Cow<'static, str> => |text| FilterValue::String(text.to_string()),
);
filter_type!(Integer:
    i8 => |number| FilterValue::Integer(i64::from(*number)),
    i16 => |number| FilterValue::Integer(i64::from(*number)),
    i32 => |number| FilterValue::Integer(i64::from(*number)),
    i64 => |number| FilterValue::Integer(*number),
    u8 => |number| FilterValue::Integer(i64::from(*number)),
    u16 => |number| FilterValue::Integer(i64::from(*number)),
    u32 => |number| FilterValue::Integer(i64::from(*number)),
);
filter_type!(Decimal: rust_decimal::Decimal => |number| FilterValue::Decimal(*number));
filter_type!(DateTime:
    chrono::DateTime<chrono::Utc> => |instant| FilterValue::DateTime(*instant),
    chrono::DateTime<chrono::FixedOffset> => |instant| FilterValue::DateTime(instant.to_utc()),
);
filter_type!(Uuid: uuid::Uuid => |uuid| FilterValue::Uuid(*uuid));
filter_type!(Inet:
    std::net::IpAddr => |address| FilterValue::Inet(*address),
    std::net::Ipv4Addr => |address| FilterValue::Inet((*address).into()),
    std::net::Ipv6Addr => |address| FilterValue::Inet((*address).into()),
);
filter_type!(Boolean: bool => |flag| FilterValue::Boolean(*flag));

/// An enum whose variants have fixed wire values. Derived with `#[derive(FilterEnum)]`:
///
/// ```
/// use jsonapi_filter::{FilterEnum, FilterType, ValueKind};
///
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// #[filterable(rename_all = "snake_case")]
/// enum TimeFormat {
///     WithTimezone,
///     WithoutTimezone,
///     #[filterable(rename = "round_to_seconds")]
///     RoundToSeconds,
/// }
///
/// assert_eq!(TimeFormat::WithTimezone.wire_value(), "with_timezone");
/// assert_eq!(TimeFormat::from_wire_value("round_to_seconds"), Some(TimeFormat::RoundToSeconds));
/// assert_eq!(TimeFormat::from_wire_value("Round_To_Seconds"), None);
/// assert_eq!(<TimeFormat as FilterType>::KIND, ValueKind::Enum);
/// ```
pub trait FilterEnum: Sized + 'static {
    /// Every variant, in declaration order.
    const VARIANTS: &'static [Self];
    /// Every wire value, in declaration order.
    const WIRE_VALUES: &'static [&'static str];
    /// The variant's wire value, as clients write it in a filter.
    ///
    /// ```
    /// use jsonapi_filter::FilterEnum;
    /// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
    /// enum Status { Pending, #[filterable(rename = "done")] Completed }
    /// assert_eq!(Status::Pending.wire_value(), "Pending");
    /// assert_eq!(Status::Completed.wire_value(), "done");
    /// assert_eq!(Status::WIRE_VALUES, ["Pending", "done"]);
    /// ```
    fn wire_value(&self) -> &'static str;
    /// The variant with this wire value, compared case-sensitively.
    ///
    /// ```
    /// use jsonapi_filter::FilterEnum;
    /// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
    /// enum Status { Pending, Completed }
    /// assert_eq!(Status::from_wire_value("Completed"), Some(Status::Completed));
    /// assert_eq!(Status::from_wire_value("completed"), None);
    /// ```
    fn from_wire_value(value: &str) -> Option<Self>;
}
