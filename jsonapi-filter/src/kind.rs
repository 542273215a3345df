//! Filter kinds: how a field's Rust type decides its predicates and how its values are parsed.

use crate::predicate::{Predicate, PredicateSet};
use crate::value::FilterValue;

/// The kind of value a field holds, which decides its default predicates, how a filter value is parsed and
/// how it is compared in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Text: `eq, not-eq, cont, start, end, in, not-in, cont-any`.
    String,
    /// A signed 64-bit integer: `eq, not-eq, gt, gteq, lt, lteq, in, not-in`.
    Integer,
    /// An instant (RFC 3339 with `Z` or an offset, or a date alone meaning midnight UTC):
    /// `eq, not-eq, gt, gteq, lt, lteq, in, not-in`.
    DateTime,
    /// One of a closed set of wire values, compared case-sensitively: `eq, not-eq, in, not-in`.
    Enum,
    /// A UUID: `eq, not-eq, in, not-in`.
    Uuid,
    /// `true` or `false`: `eq, not-eq`.
    Boolean,
}

impl ValueKind {
    /// The predicates a field of this kind gets unless its attributes say otherwise.
    ///
    /// ```
    /// use jsonapi_filter::{Predicate, ValueKind};
    /// assert!(ValueKind::String.default_predicates().contains(Predicate::ContAny));
    /// assert!(!ValueKind::Integer.default_predicates().contains(Predicate::Cont));
    /// ```
    pub const fn default_predicates(self) -> PredicateSet {
        use Predicate::*;
        match self {
            ValueKind::String => {
                PredicateSet::of(&[Eq, NotEq, Cont, Start, End, In, NotIn, ContAny])
            }
            ValueKind::Integer | ValueKind::DateTime => {
                PredicateSet::of(&[Eq, NotEq, Gt, Gteq, Lt, Lteq, In, NotIn])
            }
            ValueKind::Enum | ValueKind::Uuid => PredicateSet::of(&[Eq, NotEq, In, NotIn]),
            ValueKind::Boolean => PredicateSet::of(&[Eq, NotEq]),
        }
    }

    /// Every predicate a field of this kind may have: the defaults plus the opt-in `null` and `not-null`.
    pub const fn allowed_predicates(self) -> PredicateSet {
        self.default_predicates()
            .with(Predicate::Null)
            .with(Predicate::NotNull)
    }

    /// The predicates a foreign key gets: identity comparisons only, whatever its type.
    pub const fn foreign_key_predicates(self) -> PredicateSet {
        use Predicate::*;
        PredicateSet::of(&[Eq, NotEq, In, NotIn])
    }

    /// A lower-case name for messages and documentation: `string`, `integer`, `datetime`, ...
    pub const fn name(self) -> &'static str {
        match self {
            ValueKind::String => "string",
            ValueKind::Integer => "integer",
            ValueKind::DateTime => "datetime",
            ValueKind::Enum => "enum",
            ValueKind::Uuid => "uuid",
            ValueKind::Boolean => "boolean",
        }
    }
}

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
filter_type!(DateTime:
    chrono::DateTime<chrono::Utc> => |instant| FilterValue::DateTime(*instant),
    chrono::DateTime<chrono::FixedOffset> => |instant| FilterValue::DateTime(instant.to_utc()),
);
filter_type!(Uuid: uuid::Uuid => |uuid| FilterValue::Uuid(*uuid));
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
    /// The variant's wire value.
    fn wire_value(&self) -> &'static str;
    /// The variant with this wire value, compared case-sensitively.
    fn from_wire_value(value: &str) -> Option<Self>;
}
