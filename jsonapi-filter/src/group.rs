//! Boolean groups of filters: `filter[or][0][...]`, `filter[and][0][...]` and `filter[not][...]`.
//!
//! The grammar of a filter parameter's brackets (every spelling of a key as at the top level):
//!
//! ```text
//! filter-param = "filter" path "=" value
//! path         = "[" filter-key "]"
//!              | "[or]"  "[" index "]" path
//!              | "[and]" "[" index "]" path
//!              | "[not]" path
//! ```
//!
//! Parameters that share a prefix up to an index (`filter[or][0]`) form one branch, whose conditions are
//! ANDed; the branches of one `[or]` are ORed. All parameters under one `[not]` at the same place form one
//! negated AND: `filter[not][a]=1&filter[not][b]=2` is `NOT (a AND b)`. Top-level keys and groups are ANDed,
//! as ever. Indexes are non-negative integers; gaps are allowed and their order does not matter.
//!
//! **NULLs** follow SQL's three-valued logic, on every engine and in the evaluator: a comparison with a NULL
//! is *unknown*, and `NOT unknown` is unknown, so `filter[not][rows-count-gt]=5` does not return the rows
//! whose `rows-count` is NULL (as `filter[rows-count-lteq]=5` does not). Say what NULLs should do with a
//! `null`/`not-null` filter where the field has one: `filter[or][0][not][rows-count-gt]=5&filter[or][1][rows-count-null]=true`.
//! A condition through a relationship is never unknown: it holds when a related row matches, so under `not`
//! it holds when **no** related row matches (`NOT EXISTS`), including for a row without a related row.
//!
//! ```
//! use jsonapi_filter::{Backend, Filterable, FilterGroup, ResourceQuery};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls")]
//! struct Call { #[filterable(id)] id: i64, status: String, duration: Option<i64> }
//!
//! let query = ResourceQuery::<Call>::parse(
//!     "filter[or][0][status-eq]=failed&filter[or][1][duration-gt]=60&filter[or][1][not][status-eq]=ok",
//! )
//! .unwrap();
//! let FilterGroup::Or(branches) = &query.groups[0] else { panic!() };
//! assert_eq!(branches.len(), 2);
//! assert_eq!(branches[&1].filters[0].key(), "duration-gt");
//! assert!(matches!(branches[&1].groups[0], FilterGroup::Not(_)));
//!
//! let calls = [
//!     Call { id: 1, status: "failed".into(), duration: Some(5) },
//!     Call { id: 2, status: "busy".into(), duration: Some(90) },
//!     Call { id: 3, status: "ok".into(), duration: Some(90) },
//!     Call { id: 4, status: "busy".into(), duration: None },
//! ];
//! let ids: Vec<i64> = calls.iter().filter(|call| query.matches(call)).map(|call| call.id).collect();
//! assert_eq!(ids, [1, 2]);
//!
//! // NOT over a NULL is unknown: call 4's duration is NULL, so it is neither > 60 nor NOT > 60.
//! let query = ResourceQuery::<Call>::parse("filter[not][duration-gt]=60").unwrap();
//! let ids: Vec<i64> = calls.iter().filter(|call| query.matches(call)).map(|call| call.id).collect();
//! assert_eq!(ids, [1]);
//!
//! // In SQL: each group in parentheses, every value bound.
//! let query = ResourceQuery::<Call>::parse(
//!     "filter[status-not-eq]=busy&filter[or][0][status-eq]=failed&filter[or][1][duration-gt]=60&filter[or][1][not][status-eq]=ok&filter[not][id]=7",
//! )
//! .unwrap();
//! let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
//! assert_eq!(
//!     sql,
//!     r#"SELECT "calls".* FROM "calls" WHERE "calls"."status" <> ? AND ("calls"."status" = ? OR ("calls"."duration" > ? AND (NOT "calls"."status" = ?))) AND (NOT "calls"."id" IN (?)) ORDER BY "calls"."id" ASC LIMIT ? OFFSET ?"#
//! );
//! assert_eq!(values.0.len(), 7);
//!
//! // A `not` of several conditions negates their AND: it excludes only the rows matching all of them.
//! let query = ResourceQuery::<Call>::parse("filter[not][status-eq]=ok&filter[not][duration-lt]=10").unwrap();
//! let (sql, _) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
//! assert!(sql.contains(r#"WHERE NOT ("calls"."status" = ? AND "calls"."duration" < ?)"#), "{sql}");
//! ```

use std::collections::BTreeMap;

use crate::query::{Filter, RelationshipFilter};

/// A boolean group of filters at one place of the query: all `filter[or][i]...` parameters there form one
/// [`FilterGroup::Or`], all `filter[and][i]...` one [`FilterGroup::And`], all `filter[not]...` one
/// [`FilterGroup::Not`].
#[derive(Debug, Clone, PartialEq)]
pub enum FilterGroup {
    /// `filter[or][i][...]`: at least one branch holds. The branches by index, in index order.
    Or(BTreeMap<u32, Conditions>),
    /// `filter[and][i][...]`: every branch holds (explicit nesting). The branches by index, in index order.
    And(BTreeMap<u32, Conditions>),
    /// `filter[not][...]`: the conditions do not all hold.
    Not(Box<Conditions>),
}

/// The operator of a group, as the query string writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupOperator {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `not`.
    Not,
}

impl GroupOperator {
    /// The operator a bracket segment names: `or`, `and` or `not`; these three names are reserved, and no
    /// field or relationship may be named so.
    ///
    /// ```
    /// use jsonapi_filter::GroupOperator;
    /// assert_eq!(GroupOperator::named("or"), Some(GroupOperator::Or));
    /// assert_eq!(GroupOperator::named("status-eq"), None);
    /// ```
    pub fn named(segment: &str) -> Option<GroupOperator> {
        match segment {
            "or" => Some(GroupOperator::Or),
            "and" => Some(GroupOperator::And),
            "not" => Some(GroupOperator::Not),
            _ => None,
        }
    }

    /// The operator's name in the query string.
    ///
    /// ```
    /// # use jsonapi_filter::GroupOperator;
    /// assert_eq!(GroupOperator::Not.name(), "not");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            GroupOperator::Or => "or",
            GroupOperator::And => "and",
            GroupOperator::Not => "not",
        }
    }
}

/// Conditions that must all hold: one branch of a group, or what a `not` negates. The same three lists as at
/// the top of a [`ResourceQuery`](crate::ResourceQuery), with the same meaning (the conditions of one
/// [`RelationshipFilter`] hold for one and the same related row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    /// Filters on the resource's own fields.
    pub filters: Vec<Filter>,
    /// Filters through relationships.
    pub relationship_filters: Vec<RelationshipFilter>,
    /// Groups nested here.
    pub groups: Vec<FilterGroup>,
}

impl Conditions {
    /// Whether some filter on the resource's own field `name` is anywhere in these conditions or below them.
    pub(crate) fn filters_field(&self, name: &str) -> bool {
        self.filters.iter().any(|filter| filter.field.name == name)
            || self.groups.iter().any(|group| group.filters_field(name))
    }

    /// The conditions at `steps` below these, made when missing.
    pub(crate) fn at(&mut self, steps: &[GroupStep]) -> &mut Conditions {
        let Some((first, rest)) = steps.split_first() else {
            return self;
        };
        let operator = first.operator;
        let position = self
            .groups
            .iter()
            .position(|group| group.operator() == operator);
        let index = position.unwrap_or_else(|| {
            self.groups.push(match operator {
                GroupOperator::Or => FilterGroup::Or(BTreeMap::new()),
                GroupOperator::And => FilterGroup::And(BTreeMap::new()),
                GroupOperator::Not => FilterGroup::Not(Box::default()),
            });
            self.groups.len() - 1
        });
        let branch = match &mut self.groups[index] {
            FilterGroup::Or(branches) | FilterGroup::And(branches) => {
                branches.entry(first.index.unwrap_or_default()).or_default()
            }
            FilterGroup::Not(negated) => negated,
        };
        branch.at(rest)
    }
}

impl FilterGroup {
    /// The group's operator.
    ///
    /// ```
    /// # use jsonapi_filter::{Conditions, FilterGroup, GroupOperator};
    /// assert_eq!(FilterGroup::Not(Box::new(Conditions::default())).operator(), GroupOperator::Not);
    /// ```
    pub fn operator(&self) -> GroupOperator {
        match self {
            FilterGroup::Or(_) => GroupOperator::Or,
            FilterGroup::And(_) => GroupOperator::And,
            FilterGroup::Not(_) => GroupOperator::Not,
        }
    }

    /// The group's conditions: every branch of `or` and `and`, the one negated set of `not`.
    pub fn branches(&self) -> Box<dyn Iterator<Item = &Conditions> + '_> {
        match self {
            FilterGroup::Or(branches) | FilterGroup::And(branches) => Box::new(branches.values()),
            FilterGroup::Not(negated) => Box::new(std::iter::once(&**negated)),
        }
    }

    /// [`FilterGroup::branches`], to change.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let mut query = ResourceQuery::<Call>::parse("filter[or][0][duration-gt]=60&filter[or][1][id]=7").unwrap();
    /// for branch in query.groups[0].branches_mut() {
    ///     branch.filters.clear();
    /// }
    /// assert!(query.groups[0].branches().all(|branch| branch.filters.is_empty()));
    /// ```
    pub fn branches_mut(&mut self) -> Box<dyn Iterator<Item = &mut Conditions> + '_> {
        match self {
            FilterGroup::Or(branches) | FilterGroup::And(branches) => {
                Box::new(branches.values_mut())
            }
            FilterGroup::Not(negated) => Box::new(std::iter::once(&mut **negated)),
        }
    }

    pub(crate) fn filters_field(&self, name: &str) -> bool {
        self.branches().any(|branch| branch.filters_field(name))
    }
}

/// One step of a grouped parameter's path: `[or][2]`, `[and][0]` or `[not]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupStep {
    pub(crate) operator: GroupOperator,
    /// The branch index of `or` and `and`; `None` for `not`.
    pub(crate) index: Option<u32>,
}

/// A filter parameter's name read by the grammar: the groups it is in, then its key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FilterPath<'p> {
    pub(crate) steps: Vec<GroupStep>,
    pub(crate) key: &'p str,
}

/// Why a grouped filter parameter does not follow the grammar: the reason for a 120.
pub(crate) type GroupSyntaxError = String;

/// Reads `filter[or][0][not][status-eq]` by the grammar. `Ok(None)` for a name that is not `filter` followed
/// by brackets (the caller's own error); `Err` with the reason for a malformed group.
pub(crate) fn parse_filter_path(name: &str) -> Result<Option<FilterPath<'_>>, GroupSyntaxError> {
    let Some(mut rest) = name.strip_prefix("filter") else {
        return Ok(None);
    };
    // Most names are `filter[<key>]`, outside any group: read without collecting segments.
    if let Some(key) = rest
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        && !key.is_empty()
        && memchr::memchr2(b'[', b']', key.as_bytes()).is_none()
        && GroupOperator::named(key).is_none()
    {
        return Ok(Some(FilterPath {
            steps: Vec::new(),
            key,
        }));
    }
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            return Ok(None);
        };
        let Some(close) = inner.find(']') else {
            return Ok(None);
        };
        let segment = &inner[..close];
        if segment.is_empty() || segment.contains('[') {
            return Ok(None);
        }
        segments.push(segment);
        rest = &inner[close + 1..];
    }
    if segments.is_empty() {
        return Ok(None);
    }
    let mut steps = Vec::new();
    let mut position = 0;
    while position < segments.len() {
        let segment = segments[position];
        let at = position;
        let written = || format!("filter[{}]", segments[..=at].join("]["));
        let Some(operator) = GroupOperator::named(segment) else {
            if position + 1 != segments.len() {
                if steps.is_empty() {
                    return Ok(None);
                }
                return Err(format!(
                    "{} is a filter key, and a filter key ends the parameter: write {}=<value>.",
                    segment,
                    written()
                ));
            }
            return Ok(Some(FilterPath {
                steps,
                key: segment,
            }));
        };
        position += 1;
        let index = match operator {
            GroupOperator::Not => {
                if let Some(next) = segments.get(position)
                    && next.bytes().all(|byte| byte.is_ascii_digit())
                {
                    return Err(format!(
                        "{} takes no index: write {}[<key>]=<value>; its filters form one negated AND.",
                        written(),
                        written()
                    ));
                }
                None
            }
            GroupOperator::Or | GroupOperator::And => {
                let Some(next) = segments.get(position) else {
                    return Err(format!(
                        "{} needs a group index and a filter key: write {}[0][<key>]=<value>.",
                        written(),
                        written()
                    ));
                };
                let index = next
                    .bytes()
                    .all(|byte| byte.is_ascii_digit())
                    .then(|| next.parse::<u32>().ok())
                    .flatten()
                    .ok_or_else(|| {
                        format!(
                            "{next} is not a group index of {}: write a non-negative integer, as in {}[0][<key>]=<value>.",
                            written(),
                            written()
                        )
                    })?;
                position += 1;
                Some(index)
            }
        };
        steps.push(GroupStep { operator, index });
        if position == segments.len() {
            return Err(format!(
                "filter[{}] holds no filter key: write filter[{}][<key>]=<value>.",
                segments.join("]["),
                segments.join("][")
            ));
        }
    }
    unreachable!("the loop returns at the last segment")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps as one string (`or.0.not`).
    fn steps(path: &FilterPath<'_>) -> String {
        path.steps
            .iter()
            .map(|step| match step.index {
                Some(index) => format!("{}.{index}", step.operator.name()),
                None => step.operator.name().to_owned(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    #[test]
    fn the_grammar_reads_groups_and_keys() {
        let path = parse_filter_path("filter[or][1][not][status-eq]")
            .unwrap()
            .unwrap();
        assert_eq!((steps(&path).as_str(), path.key), ("or.1.not", "status-eq"));
        let path = parse_filter_path("filter[status-eq]").unwrap().unwrap();
        assert_eq!((path.steps.len(), path.key), (0, "status-eq"));
        let path = parse_filter_path("filter[and][007][a.b-eq]")
            .unwrap()
            .unwrap();
        assert_eq!((steps(&path).as_str(), path.key), ("and.7", "a.b-eq"));
    }

    #[test]
    fn malformed_groups_say_why() {
        for (name, reason) in [
            ("filter[or]", "needs a group index"),
            ("filter[or][x][a]", "x is not a group index"),
            ("filter[or][0]", "holds no filter key"),
            ("filter[not]", "holds no filter key"),
            ("filter[not][0][a]", "takes no index"),
            ("filter[or][0][a][b]", "a filter key ends the parameter"),
            ("filter[or][99999999999][a]", "is not a group index"),
            ("filter[or][-1][a]", "is not a group index"),
        ] {
            let error = parse_filter_path(name).unwrap_err();
            assert!(error.contains(reason), "{name}: {error}");
        }
    }

    #[test]
    fn other_names_are_left_to_the_caller() {
        for name in [
            "filter",
            "filter[]",
            "filter[a][b]",
            "filter[a",
            "filterx[a]",
            "sort",
        ] {
            assert_eq!(parse_filter_path(name), Ok(None), "{name}");
        }
    }
}
