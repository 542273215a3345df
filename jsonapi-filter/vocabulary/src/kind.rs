//! Kinds of value, and the predicate matrix: which predicates each kind takes.

use crate::predicate::{Predicate, PredicateSet};

/// Declares [`ValueKind`] from one table: each row is a variant with its documentation and its name.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// The kind of value a field holds, which decides its default predicates, how a filter value is parsed
        /// and how it is compared in SQL.
        ///
        /// ```
        /// use jsonapi_filter_vocabulary::ValueKind;
        /// assert_eq!(ValueKind::from_name("datetime"), Some(ValueKind::DateTime));
        /// assert_eq!(ValueKind::DateTime.name(), "datetime");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ValueKind {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ValueKind {
            /// Every kind, in documentation order.
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::ValueKind;
            /// assert!(ValueKind::ALL.contains(&ValueKind::Uuid));
            /// ```
            pub const ALL: [ValueKind; [$($name),+].len()] = [$(ValueKind::$variant),+];

            /// A lower-case name for annotations, messages and documentation: `string`, `integer`, ...
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::ValueKind;
            /// assert_eq!(ValueKind::Boolean.name(), "boolean");
            /// ```
            pub const fn name(self) -> &'static str {
                match self {
                    $(ValueKind::$variant => $name,)+
                }
            }

            /// The Rust name of the variant (`DateTime`), for code that names it, such as the derive's output.
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::ValueKind;
            /// assert_eq!(ValueKind::DateTime.variant_name(), "DateTime");
            /// ```
            pub const fn variant_name(self) -> &'static str {
                match self {
                    $(ValueKind::$variant => stringify!($variant),)+
                }
            }
        }
    };
}

kinds! {
    /// Text: `eq, not-eq, cont, start, end, in, not-in, cont-any`.
    String => "string",
    /// A signed 64-bit integer: `eq, not-eq, gt, gteq, lt, lteq, in, not-in`.
    Integer => "integer",
    /// An exact decimal number (`-1.5`, `0.0123`, `100`), compared by value (`1.50` is `1.5`), with at most 18
    /// digits of which the field's scale are after the point: `eq, not-eq, gt, gteq, lt, lteq, in, not-in`.
    Decimal => "decimal",
    /// An instant (RFC 3339 with `Z` or an offset, or a date alone meaning midnight UTC):
    /// `eq, not-eq, gt, gteq, lt, lteq, in, not-in`.
    DateTime => "datetime",
    /// One of a closed set of wire values, compared case-sensitively: `eq, not-eq, in, not-in`.
    Enum => "enum",
    /// A UUID: `eq, not-eq, in, not-in`.
    Uuid => "uuid",
    /// An IP address, IPv4 or IPv6, without a mask (PostgreSQL `inet`): `eq, not-eq, in, not-in`.
    Inet => "inet",
    /// `true` or `false`: `eq, not-eq`.
    Boolean => "boolean",
}

/// Identity comparisons: what enums, uuids, IP addresses and foreign keys take.
const IDENTITY: PredicateSet = PredicateSet::of(&[
    Predicate::Eq,
    Predicate::NotEq,
    Predicate::In,
    Predicate::NotIn,
]);

/// Identity comparisons and order.
const ORDERED: PredicateSet = IDENTITY.union(PredicateSet::of(&[
    Predicate::Gt,
    Predicate::Gteq,
    Predicate::Lt,
    Predicate::Lteq,
]));

/// Identity comparisons and pattern matches.
const TEXT: PredicateSet = IDENTITY.union(PredicateSet::of(&[
    Predicate::Cont,
    Predicate::Start,
    Predicate::End,
    Predicate::ContAny,
]));

impl ValueKind {
    /// The most digits a decimal holds, before and after the point together: every decimal column is
    /// `DECIMAL(18, scale)`, so that its value times `10^scale` fits a signed 64-bit integer (SQLite's storage).
    /// A field's scale (`#[filterable(scale = 4)]`) is from 0 to this.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::ValueKind;
    /// assert!(10_i64.checked_pow(ValueKind::DECIMAL_PRECISION).is_some());
    /// ```
    pub const DECIMAL_PRECISION: u32 = 18;

    /// The kind named `name` (`"integer"`), as written in `#[filterable(kind = "...")]`.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::ValueKind;
    /// assert_eq!(ValueKind::from_name("uuid"), Some(ValueKind::Uuid));
    /// assert_eq!(ValueKind::from_name("int"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ValueKind> {
        ValueKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The predicates a field of this kind gets unless its attributes say otherwise: the predicate matrix.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, ValueKind};
    /// assert!(ValueKind::String.default_predicates().contains(Predicate::ContAny));
    /// assert!(!ValueKind::Integer.default_predicates().contains(Predicate::Cont));
    /// ```
    pub const fn default_predicates(self) -> PredicateSet {
        match self {
            ValueKind::String => TEXT,
            ValueKind::Integer | ValueKind::Decimal | ValueKind::DateTime => ORDERED,
            ValueKind::Enum | ValueKind::Uuid | ValueKind::Inet => IDENTITY,
            ValueKind::Boolean => PredicateSet::of(&[Predicate::Eq, Predicate::NotEq]),
        }
    }

    /// Every predicate a field of this kind may have: the defaults plus the opt-in ones (`null`, `not-null`).
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, ValueKind};
    /// assert!(ValueKind::Boolean.allowed_predicates().contains(Predicate::Null));
    /// ```
    pub const fn allowed_predicates(self) -> PredicateSet {
        self.default_predicates().union(PredicateSet::OPT_IN)
    }

    /// The predicates a foreign key gets unless `only(...)` lists others: identity comparisons, whatever its
    /// type.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, ValueKind};
    /// assert!(!ValueKind::Integer.foreign_key_predicates().contains(Predicate::Gt));
    /// ```
    pub const fn foreign_key_predicates(self) -> PredicateSet {
        IDENTITY
    }

    /// The predicates a foreign key may be given by `only(...)`: identity comparisons, and order where the
    /// key's kind is ordered (an integer, a decimal or a datetime key, such as a lookup table's integer id
    /// that clients compare with `-gt`). Never text search: a key is compared whole.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, ValueKind};
    /// assert!(ValueKind::Integer.foreign_key_accepted_predicates().contains(Predicate::Gt));
    /// assert!(!ValueKind::String.foreign_key_accepted_predicates().contains(Predicate::Cont));
    /// assert!(!ValueKind::Uuid.foreign_key_accepted_predicates().contains(Predicate::Gt));
    /// ```
    pub const fn foreign_key_accepted_predicates(self) -> PredicateSet {
        match self {
            ValueKind::Integer | ValueKind::Decimal | ValueKind::DateTime => ORDERED,
            _ => IDENTITY,
        }
    }

    /// Whether an annotation can give a field this kind (`#[filterable(kind = "...")]`). An enum cannot: its
    /// wire values come from `#[derive(FilterEnum)]` on its type.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::ValueKind;
    /// assert!(ValueKind::String.settable_by_attribute());
    /// assert!(!ValueKind::Enum.settable_by_attribute());
    /// ```
    pub const fn settable_by_attribute(self) -> bool {
        !matches!(self, ValueKind::Enum)
    }

    /// The kind of a standard Rust type, by the last segment of its path (`i64`, `String`, `DateTime`,
    /// `Decimal` for `rust_decimal::Decimal`), as the
    /// runtime's `FilterType` impls give it; `None` for every other type, whose kind the compiler decides.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::ValueKind;
    /// assert_eq!(ValueKind::of_standard_type("u32"), Some(ValueKind::Integer));
    /// assert_eq!(ValueKind::of_standard_type("Decimal"), Some(ValueKind::Decimal));
    /// assert_eq!(ValueKind::of_standard_type("IpAddr"), Some(ValueKind::Inet));
    /// assert_eq!(ValueKind::of_standard_type("Status"), None);
    /// ```
    pub fn of_standard_type(last_segment: &str) -> Option<ValueKind> {
        match last_segment {
            "String" => Some(ValueKind::String),
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" => Some(ValueKind::Integer),
            "Decimal" => Some(ValueKind::Decimal),
            "DateTime" => Some(ValueKind::DateTime),
            "Uuid" => Some(ValueKind::Uuid),
            // An address of one family is still an `inet` value: its column holds both, so a filter value of
            // the other family is valid and matches no row.
            "IpAddr" | "Ipv4Addr" | "Ipv6Addr" => Some(ValueKind::Inet),
            "bool" => Some(ValueKind::Boolean),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix of the project's specification, written out once more on purpose: a change to the table
    /// above must be a decision, seen here.
    #[test]
    fn the_matrix_is_the_specified_one() {
        let names = |kind: ValueKind| -> Vec<&str> {
            kind.default_predicates()
                .iter()
                .map(Predicate::suffix)
                .collect()
        };
        let text = [
            "eq", "not-eq", "cont", "start", "end", "in", "not-in", "cont-any",
        ];
        let ordered = ["eq", "not-eq", "gt", "gteq", "lt", "lteq", "in", "not-in"];
        let identity = ["eq", "not-eq", "in", "not-in"];
        assert_eq!(names(ValueKind::String), text);
        assert_eq!(names(ValueKind::Integer), ordered);
        assert_eq!(names(ValueKind::Decimal), ordered);
        assert_eq!(names(ValueKind::DateTime), ordered);
        assert_eq!(names(ValueKind::Enum), identity);
        assert_eq!(names(ValueKind::Uuid), identity);
        assert_eq!(names(ValueKind::Inet), identity);
        assert_eq!(names(ValueKind::Boolean), ["eq", "not-eq"]);
        for kind in ValueKind::ALL {
            let foreign_key: Vec<&str> = kind
                .foreign_key_predicates()
                .iter()
                .map(Predicate::suffix)
                .collect();
            assert_eq!(foreign_key, identity);
            assert!(
                kind.default_predicates()
                    .is_subset_of(kind.allowed_predicates())
            );
            assert_eq!(
                kind.allowed_predicates().without(kind.default_predicates()),
                PredicateSet::OPT_IN
            );
            assert_eq!(ValueKind::from_name(kind.name()), Some(kind));
        }
    }
}
