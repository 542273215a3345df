//! Predicates: the comparison a filter key asks for (`eq`, `not-in`, `cont-any`, ...), and sets of them.

use std::fmt;

use crate::key::keys_match;

/// Declares [`Predicate`] from one table: each row is a variant with its documentation and its dasherized
/// key suffix. The order of the rows is the documentation order.
macro_rules! predicates {
    ($($(#[doc = $doc:literal])+ $variant:ident => $suffix:literal,)+) => {
        /// One comparison of a filter, named by the suffix of its key (`filter[rows-count-gteq]` is
        /// [`Predicate::Gteq`]).
        ///
        /// The declaration order is the order in which a field's keys are listed in documentation, which
        /// matches the reference API: `eq, not-eq, gt, gteq, lt, lteq, cont, start, end, in, not-in,
        /// cont-any, null, not-null`.
        ///
        /// ```
        /// use jsonapi_filter_vocabulary::Predicate;
        /// assert_eq!(Predicate::from_suffix("not_in"), Some(Predicate::NotIn));
        /// assert_eq!(Predicate::NotIn.suffix(), "not-in");
        /// assert!(Predicate::ContAny.takes_list());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Predicate {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Predicate {
            /// Every predicate, in documentation order.
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::Predicate;
            /// assert_eq!(Predicate::ALL.first(), Some(&Predicate::Eq));
            /// ```
            pub const ALL: [Predicate; [$($suffix),+].len()] = [$(Predicate::$variant),+];

            /// The dasherized key suffix: `not-eq`, `cont-any`, ...
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::Predicate;
            /// assert_eq!(Predicate::ContAny.suffix(), "cont-any");
            /// ```
            pub const fn suffix(self) -> &'static str {
                match self {
                    $(Predicate::$variant => $suffix,)+
                }
            }

            /// The Rust name of the variant (`NotEq`), for code that names it, such as the derive's output.
            ///
            /// ```
            /// use jsonapi_filter_vocabulary::Predicate;
            /// assert_eq!(Predicate::NotEq.variant_name(), "NotEq");
            /// ```
            pub const fn variant_name(self) -> &'static str {
                match self {
                    $(Predicate::$variant => stringify!($variant),)+
                }
            }
        }
    };
}

predicates! {
    /// Equal to the one value.
    Eq => "eq",
    /// Not equal to the one value; rows whose column is NULL are not returned.
    NotEq => "not-eq",
    /// Greater than the one value.
    Gt => "gt",
    /// Greater than or equal to the one value.
    Gteq => "gteq",
    /// Less than the one value.
    Lt => "lt",
    /// Less than or equal to the one value.
    Lteq => "lteq",
    /// Contains the one value, case-insensitively (ASCII letters), `%`, `_` and `\` matching literally.
    Cont => "cont",
    /// Starts with the one value, case-insensitively (ASCII letters).
    Start => "start",
    /// Ends with the one value, case-insensitively (ASCII letters).
    End => "end",
    /// Equal to any value of the list.
    In => "in",
    /// Equal to none of the values of the list; rows whose column is NULL are not returned.
    NotIn => "not-in",
    /// Contains any value of the list, case-insensitively (ASCII letters): an OR of [`Predicate::Cont`].
    ContAny => "cont-any",
    /// `true`: the column is NULL; `false`: it is not. Opt-in per field.
    Null => "null",
    /// `true`: the column is not NULL; `false`: it is. Opt-in per field.
    NotNull => "not-null",
}

/// Names that other filter languages (SQL, Django, MongoDB, Ransack's aliases) give a predicate, with the one
/// meant: the derive suggests it when an annotation uses such a name.
const SYNONYMS: &[(&str, Predicate)] = &[
    ("equals", Predicate::Eq),
    ("is", Predicate::Eq),
    ("ne", Predicate::NotEq),
    ("neq", Predicate::NotEq),
    ("not_equal", Predicate::NotEq),
    ("gte", Predicate::Gteq),
    ("ge", Predicate::Gteq),
    ("lte", Predicate::Lteq),
    ("le", Predicate::Lteq),
    ("contains", Predicate::Cont),
    ("icontains", Predicate::Cont),
    ("like", Predicate::Cont),
    ("ilike", Predicate::Cont),
    ("starts_with", Predicate::Start),
    ("startswith", Predicate::Start),
    ("begins_with", Predicate::Start),
    ("ends_with", Predicate::End),
    ("endswith", Predicate::End),
    ("eq_any", Predicate::In),
    ("nin", Predicate::NotIn),
    ("not_eq_all", Predicate::NotIn),
    ("contains_any", Predicate::ContAny),
    ("is_null", Predicate::Null),
    ("isnull", Predicate::Null),
    ("is_not_null", Predicate::NotNull),
];

impl Predicate {
    /// Reads a suffix in its dasherized (`not-in`) or underscored (`not_in`) form.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert_eq!(Predicate::from_suffix("cont_any"), Some(Predicate::ContAny));
    /// assert_eq!(Predicate::from_suffix("contains"), None);
    /// ```
    pub fn from_suffix(suffix: &str) -> Option<Predicate> {
        Predicate::ALL
            .into_iter()
            .find(|predicate| keys_match(predicate.suffix(), suffix))
    }

    /// The name in Rust code: the suffix with underscores (`not_in`), as in `#[filterable(only(not_in))]` and
    /// the typed builder's `rows_count_not_in`.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert_eq!(Predicate::NotIn.rust_name(), "not_in");
    /// ```
    pub fn rust_name(self) -> String {
        self.suffix().replace('-', "_")
    }

    /// The predicate whose Rust name (`not_in`) is `name`; the dasherized form is not a Rust name.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert_eq!(Predicate::from_rust_name("not_in"), Some(Predicate::NotIn));
    /// assert_eq!(Predicate::from_rust_name("not-in"), None);
    /// ```
    pub fn from_rust_name(name: &str) -> Option<Predicate> {
        Predicate::ALL
            .into_iter()
            .find(|predicate| predicate.rust_name() == name)
    }

    /// The predicate another filter language's name stands for: `neq` is [`Predicate::NotEq`], `contains`
    /// is [`Predicate::Cont`].
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert_eq!(Predicate::from_synonym("gte"), Some(Predicate::Gteq));
    /// assert_eq!(Predicate::from_synonym("between"), None);
    /// ```
    pub fn from_synonym(name: &str) -> Option<Predicate> {
        SYNONYMS
            .iter()
            .find(|(synonym, _)| *synonym == name)
            .map(|(_, predicate)| *predicate)
    }

    /// Whether the predicate takes a comma-separated list (`in`, `not-in`, `cont-any`) rather than one value.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert!(Predicate::In.takes_list() && !Predicate::Eq.takes_list());
    /// ```
    pub const fn takes_list(self) -> bool {
        matches!(self, Predicate::In | Predicate::NotIn | Predicate::ContAny)
    }

    /// Whether the predicate's value is a boolean flag (`true`/`false`) rather than a value of the field's
    /// type. Such predicates test for NULL; a field has them only when it opts in (see [`Predicate::is_opt_in`]).
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert!(Predicate::NotNull.takes_flag());
    /// ```
    pub const fn takes_flag(self) -> bool {
        matches!(self, Predicate::Null | Predicate::NotNull)
    }

    /// Whether a field has the predicate only when its annotation asks for it (`#[filterable(null)]`), whatever
    /// its kind. The derive names these opt-in flags after the predicate's [`Predicate::rust_name`].
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// let opt_in: Vec<_> = Predicate::ALL.into_iter().filter(|p| p.is_opt_in()).collect();
    /// assert_eq!(opt_in, [Predicate::Null, Predicate::NotNull]);
    /// ```
    pub const fn is_opt_in(self) -> bool {
        self.takes_flag()
    }

    /// Whether the predicate is a case-insensitive pattern match (`cont`, `start`, `end`, `cont-any`).
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::Predicate;
    /// assert!(Predicate::Start.is_pattern() && !Predicate::Eq.is_pattern());
    /// ```
    pub const fn is_pattern(self) -> bool {
        matches!(
            self,
            Predicate::Cont | Predicate::Start | Predicate::End | Predicate::ContAny
        )
    }

    const fn bit(self) -> u16 {
        1 << (self as u8)
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.suffix())
    }
}

/// A set of predicates, iterated in documentation order. Built in `const` context.
///
/// ```
/// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
/// let set = PredicateSet::EMPTY.with(Predicate::In).with(Predicate::Eq);
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Predicate::Eq, Predicate::In]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PredicateSet(u16);

impl PredicateSet {
    /// No predicate.
    pub const EMPTY: PredicateSet = PredicateSet(0);

    /// Every predicate that a field must opt in to (see [`Predicate::is_opt_in`]).
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// assert!(PredicateSet::OPT_IN.contains(Predicate::Null));
    /// assert!(!PredicateSet::OPT_IN.contains(Predicate::Eq));
    /// ```
    pub const OPT_IN: PredicateSet = {
        let mut set = PredicateSet::EMPTY;
        let mut i = 0;
        while i < Predicate::ALL.len() {
            if Predicate::ALL[i].is_opt_in() {
                set = set.with(Predicate::ALL[i]);
            }
            i += 1;
        }
        set
    };

    /// Builds a set from a list of predicates.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// assert!(PredicateSet::of(&[Predicate::Gt]).contains(Predicate::Gt));
    /// ```
    pub const fn of(predicates: &[Predicate]) -> PredicateSet {
        let mut set = PredicateSet::EMPTY;
        let mut i = 0;
        while i < predicates.len() {
            set = set.with(predicates[i]);
            i += 1;
        }
        set
    }

    /// This set with `predicate` added.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// assert!(PredicateSet::EMPTY.with(Predicate::Lt).contains(Predicate::Lt));
    /// ```
    pub const fn with(self, predicate: Predicate) -> PredicateSet {
        PredicateSet(self.0 | predicate.bit())
    }

    /// Every predicate of either set.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// let both = PredicateSet::of(&[Predicate::Eq]).union(PredicateSet::OPT_IN);
    /// assert_eq!(both.iter().count(), 3);
    /// ```
    pub const fn union(self, other: PredicateSet) -> PredicateSet {
        PredicateSet(self.0 | other.0)
    }

    /// The predicates of `self` that are not in `other`.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet, ValueKind};
    /// let required = ValueKind::Boolean.allowed_predicates().without(PredicateSet::OPT_IN);
    /// assert_eq!(required, ValueKind::Boolean.default_predicates());
    /// ```
    pub const fn without(self, other: PredicateSet) -> PredicateSet {
        PredicateSet(self.0 & !other.0)
    }

    /// Whether `predicate` is in the set.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// assert!(!PredicateSet::EMPTY.contains(Predicate::Eq));
    /// ```
    pub const fn contains(self, predicate: Predicate) -> bool {
        self.0 & predicate.bit() != 0
    }

    /// Whether every predicate of `self` is also in `other`.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// assert!(PredicateSet::of(&[Predicate::Eq]).is_subset_of(PredicateSet::of(&[Predicate::Eq, Predicate::In])));
    /// ```
    pub const fn is_subset_of(self, other: PredicateSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::PredicateSet;
    /// assert!(PredicateSet::EMPTY.is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The predicates of the set, in documentation order.
    ///
    /// ```
    /// use jsonapi_filter_vocabulary::{Predicate, PredicateSet};
    /// let set = PredicateSet::of(&[Predicate::NotIn, Predicate::Eq]);
    /// assert_eq!(set.iter().collect::<Vec<_>>(), [Predicate::Eq, Predicate::NotIn]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Predicate> {
        Predicate::ALL
            .into_iter()
            .filter(move |predicate| self.contains(*predicate))
    }
}

impl FromIterator<Predicate> for PredicateSet {
    fn from_iter<I: IntoIterator<Item = Predicate>>(predicates: I) -> PredicateSet {
        predicates
            .into_iter()
            .fold(PredicateSet::EMPTY, PredicateSet::with)
    }
}

impl fmt::Debug for PredicateSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suffix_reads_back_in_both_spellings() {
        for predicate in Predicate::ALL {
            assert_eq!(Predicate::from_suffix(predicate.suffix()), Some(predicate));
            assert_eq!(
                Predicate::from_suffix(&predicate.rust_name()),
                Some(predicate)
            );
            assert_eq!(
                Predicate::from_rust_name(&predicate.rust_name()),
                Some(predicate)
            );
        }
        assert_eq!(Predicate::from_suffix("contains"), None);
        assert_eq!(Predicate::from_suffix(""), None);
    }

    #[test]
    fn suffixes_are_dasherized_lower_case_words() {
        for predicate in Predicate::ALL {
            assert!(
                crate::key::is_valid_key(predicate.suffix()) && !predicate.suffix().contains('_'),
                "{predicate:?}"
            );
        }
    }

    #[test]
    fn every_synonym_names_a_predicate_and_is_not_one() {
        for (synonym, predicate) in SYNONYMS {
            assert_eq!(
                Predicate::from_suffix(synonym),
                None,
                "{synonym} -> {predicate}"
            );
        }
    }

    #[test]
    fn set_iterates_in_documentation_order() {
        let set = PredicateSet::of(&[Predicate::ContAny, Predicate::Eq, Predicate::Cont]);
        let listed: Vec<_> = set.iter().collect();
        assert_eq!(listed, [Predicate::Eq, Predicate::Cont, Predicate::ContAny]);
        assert!(PredicateSet::of(&[Predicate::Eq]).is_subset_of(set));
        assert!(!PredicateSet::of(&[Predicate::Gt]).is_subset_of(set));
        assert_eq!(listed.into_iter().collect::<PredicateSet>(), set);
    }
}
