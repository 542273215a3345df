//! Predicates: the comparison a filter key asks for (`eq`, `not-in`, `cont-any`, ...).

use std::fmt;

/// One comparison of a filter, named by the suffix of its key (`filter[rows-count-gteq]` is [`Predicate::Gteq`]).
///
/// The declaration order is the order in which a field's keys are listed in documentation, which matches the
/// reference API: `eq, not-eq, gt, gteq, lt, lteq, cont, start, end, in, not-in, cont-any, null, not-null`.
///
/// ```
/// use jsonapi_filter::Predicate;
/// assert_eq!(Predicate::from_suffix("not_in"), Some(Predicate::NotIn));
/// assert_eq!(Predicate::NotIn.suffix(), "not-in");
/// assert!(Predicate::ContAny.takes_list());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Predicate {
    /// Equal to the one value.
    Eq,
    /// Not equal to the one value; rows whose column is NULL are not returned.
    NotEq,
    /// Greater than the one value.
    Gt,
    /// Greater than or equal to the one value.
    Gteq,
    /// Less than the one value.
    Lt,
    /// Less than or equal to the one value.
    Lteq,
    /// Contains the one value, case-insensitively (ASCII letters), `%`, `_` and `\` matching literally.
    Cont,
    /// Starts with the one value, case-insensitively (ASCII letters).
    Start,
    /// Ends with the one value, case-insensitively (ASCII letters).
    End,
    /// Equal to any value of the list.
    In,
    /// Equal to none of the values of the list; rows whose column is NULL are not returned.
    NotIn,
    /// Contains any value of the list, case-insensitively (ASCII letters): an OR of [`Predicate::Cont`].
    ContAny,
    /// `true`: the column is NULL; `false`: it is not. Opt-in per field.
    Null,
    /// `true`: the column is not NULL; `false`: it is. Opt-in per field.
    NotNull,
}

impl Predicate {
    /// Every predicate, in documentation order.
    pub const ALL: [Predicate; 14] = [
        Predicate::Eq,
        Predicate::NotEq,
        Predicate::Gt,
        Predicate::Gteq,
        Predicate::Lt,
        Predicate::Lteq,
        Predicate::Cont,
        Predicate::Start,
        Predicate::End,
        Predicate::In,
        Predicate::NotIn,
        Predicate::ContAny,
        Predicate::Null,
        Predicate::NotNull,
    ];

    /// The dasherized key suffix: `not-eq`, `cont-any`, ...
    pub const fn suffix(self) -> &'static str {
        match self {
            Predicate::Eq => "eq",
            Predicate::NotEq => "not-eq",
            Predicate::Gt => "gt",
            Predicate::Gteq => "gteq",
            Predicate::Lt => "lt",
            Predicate::Lteq => "lteq",
            Predicate::Cont => "cont",
            Predicate::Start => "start",
            Predicate::End => "end",
            Predicate::In => "in",
            Predicate::NotIn => "not-in",
            Predicate::ContAny => "cont-any",
            Predicate::Null => "null",
            Predicate::NotNull => "not-null",
        }
    }

    /// Reads a suffix in its dasherized (`not-in`) or underscored (`not_in`) form.
    pub fn from_suffix(suffix: &str) -> Option<Predicate> {
        Predicate::ALL
            .into_iter()
            .find(|predicate| crate::schema::keys_match(predicate.suffix(), suffix))
    }

    /// Whether the predicate takes a comma-separated list (`in`, `not-in`, `cont-any`) rather than one value.
    pub const fn takes_list(self) -> bool {
        matches!(self, Predicate::In | Predicate::NotIn | Predicate::ContAny)
    }

    /// Whether the predicate's value is a boolean flag rather than a value of the field's type.
    pub const fn takes_flag(self) -> bool {
        matches!(self, Predicate::Null | Predicate::NotNull)
    }

    /// Whether the predicate is a case-insensitive pattern match (`cont`, `start`, `end`, `cont-any`).
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

/// A set of predicates, iterated in documentation order. Built in `const` context by the derive.
///
/// ```
/// use jsonapi_filter::{Predicate, PredicateSet};
/// let set = PredicateSet::EMPTY.with(Predicate::In).with(Predicate::Eq);
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Predicate::Eq, Predicate::In]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PredicateSet(u16);

impl PredicateSet {
    /// No predicate.
    pub const EMPTY: PredicateSet = PredicateSet(0);

    /// Builds a set from a list of predicates.
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
    pub const fn with(self, predicate: Predicate) -> PredicateSet {
        PredicateSet(self.0 | predicate.bit())
    }

    /// Whether `predicate` is in the set.
    pub const fn contains(self, predicate: Predicate) -> bool {
        self.0 & predicate.bit() != 0
    }

    /// Whether every predicate of `self` is also in `other`.
    pub const fn is_subset_of(self, other: PredicateSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The predicates of the set, in documentation order.
    pub fn iter(self) -> impl Iterator<Item = Predicate> {
        Predicate::ALL
            .into_iter()
            .filter(move |predicate| self.contains(*predicate))
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
            let underscored = predicate.suffix().replace('-', "_");
            assert_eq!(Predicate::from_suffix(&underscored), Some(predicate));
        }
        assert_eq!(Predicate::from_suffix("contains"), None);
        assert_eq!(Predicate::from_suffix(""), None);
    }

    #[test]
    fn set_iterates_in_documentation_order() {
        let set = PredicateSet::of(&[Predicate::ContAny, Predicate::Eq, Predicate::Cont]);
        let listed: Vec<_> = set.iter().collect();
        assert_eq!(listed, [Predicate::Eq, Predicate::Cont, Predicate::ContAny]);
        assert!(PredicateSet::of(&[Predicate::Eq]).is_subset_of(set));
        assert!(!PredicateSet::of(&[Predicate::Gt]).is_subset_of(set));
    }
}
