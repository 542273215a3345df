//! The documentation of a resource's query parameters, read from its derived schema, so that it cannot drift
//! from the code: a table (name, description, value type, list or not, allowed values) rendered as plain
//! text, Markdown or a self-contained HTML page.
//!
//! ```
//! use jsonapi_filter::{Filterable, ParameterTable};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//! }
//!
//! let table = ParameterTable::of::<Call>();
//! let names: Vec<_> = table.parameters.iter().map(|parameter| parameter.name.as_str()).collect();
//! assert!(names.contains(&"filter[duration-gteq]"));
//! assert!(names.contains(&"sort"));
//! let markdown = table.to_markdown();
//! assert!(markdown.lines().any(|line| line.starts_with("| `filter[duration-in]` |")), "{markdown}");
//! assert!(table.to_html("Calls", None).contains("<code>filter[duration-gt]</code>"));
//! ```

use std::fmt::Write as _;

use std::fmt;

use crate::schema::{
    Cardinality, DefaultValue, FieldSchema, Resource, ResourceSchema, SortDirection,
};
use jsonapi_filter_vocabulary::{Predicate, ValueKind};

/// The value a parameter has when the request does not give it, as a value (its [`fmt::Display`] is the
/// query-string form every rendering shows).
///
/// ```
/// use jsonapi_filter::SortDirection;
/// use jsonapi_filter::docs::ParameterDefault;
/// assert_eq!(ParameterDefault::Number(50).to_string(), "50");
/// let sort = ParameterDefault::Sort(&[("created-at", SortDirection::Descending), ("id", SortDirection::Ascending)]);
/// assert_eq!(sort.to_string(), "-created-at,id");
/// assert_eq!(sort.items(), ["-created-at", "id"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterDefault {
    /// A number: `page[number]`, `page[size]`.
    Number(u64),
    /// Sort criteria (field keys and directions), in order.
    Sort(&'static [(&'static str, SortDirection)]),
    /// The value of a filter applied when the request gives no filter on its field
    /// ([`crate::DefaultFilter`]): `filter[is-last-cdr]` is `true` unless given.
    ///
    /// ```
    /// use jsonapi_filter::*;
    /// use jsonapi_filter::docs::ParameterDefault;
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "cdrs")]
    /// struct Cdr {
    ///     #[filterable(id)]
    ///     id: i64,
    ///     #[filterable(exact, filter_only, default = true)]
    ///     is_last_cdr: bool,
    /// }
    ///
    /// let table = ParameterTable::of::<Cdr>();
    /// let last = table.parameters.iter().find(|p| p.name == "filter[is-last-cdr]").unwrap();
    /// assert_eq!(last.default, Some(ParameterDefault::Filter(DefaultValue::Boolean(true))));
    /// assert_eq!(last.full_description(), "is last cdr filter (default true)");
    /// ```
    Filter(DefaultValue),
}

impl ParameterDefault {
    /// The items of a list parameter's default (each sort criterion as written), or the one value.
    ///
    /// ```
    /// use jsonapi_filter::SortDirection;
    /// use jsonapi_filter::docs::ParameterDefault;
    /// assert_eq!(ParameterDefault::Number(1).items(), ["1"]);
    /// assert_eq!(ParameterDefault::Sort(&[("duration", SortDirection::Descending)]).items(), ["-duration"]);
    /// ```
    pub fn items(&self) -> Vec<String> {
        match self {
            ParameterDefault::Number(number) => vec![number.to_string()],
            ParameterDefault::Filter(value) => vec![value.to_string()],
            ParameterDefault::Sort(criteria) => criteria
                .iter()
                .map(|(key, direction)| match direction {
                    SortDirection::Ascending => (*key).to_owned(),
                    SortDirection::Descending => format!("-{key}"),
                })
                .collect(),
        }
    }
}

impl fmt::Display for ParameterDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.items().join(","))
    }
}

/// The family of a query parameter.
///
/// ```
/// # use jsonapi_filter::*;
/// # use jsonapi_filter::docs::ParameterGroup;
/// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
/// let table = ParameterTable::of::<Call>();
/// assert_eq!(table.parameters[0].group, ParameterGroup::Filter);
/// assert_eq!(table.group(ParameterGroup::Sort).next().unwrap().name, "sort");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterGroup {
    /// `filter[...]`.
    Filter,
    /// `sort`.
    Sort,
    /// `page[number]` and `page[size]`.
    Page,
    /// `fields[<type>]`.
    Fields,
    /// `include`.
    Include,
}

/// One documented query parameter.
///
/// ```
/// # use jsonapi_filter::*;
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// enum Status { Pending, Failed }
/// #[derive(Filterable)]
/// #[filterable(type = "jobs")]
/// struct Job { #[filterable(id)] id: i64, status: Status }
///
/// let table = ParameterTable::of::<Job>();
/// let status_in = table.parameters.iter().find(|p| p.name == "filter[status-in]").unwrap();
/// assert_eq!(status_in.description, "status in filter");
/// assert_eq!((status_in.value_kind, status_in.takes_list), (ValueKind::Enum, true));
/// assert_eq!(status_in.allowed_values, ["Pending", "Failed"]);
/// assert_eq!(status_in.predicate, Some(Predicate::In));
/// ```
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The parameter's name in a query string: `filter[rows-count-gteq]`.
    pub name: String,
    /// A short description; for filters, the key in words, as the reference writes it: `rows count gteq
    /// filter`.
    pub description: String,
    /// Its family.
    pub group: ParameterGroup,
    /// The kind of each value: the field's for a filter (boolean for the flag of `null`/`not-null`),
    /// integer for `page[...]`, string for `sort`, `fields[...]` and `include`. Its [`ValueKind::name`] is
    /// the type the renderings show.
    pub value_kind: ValueKind,
    /// Whether the parameter takes a comma-separated list.
    pub takes_list: bool,
    /// The accepted values when they are a closed set (enum values, sort criteria, field names), else empty.
    pub allowed_values: Vec<String>,
    /// For a filter, its field.
    pub field: Option<&'static FieldSchema>,
    /// For a filter with a suffix, its predicate.
    pub predicate: Option<Predicate>,
    /// The value used when the parameter is absent: the default sort for `sort`, `50` for `page[size]`, a
    /// filter's default value (applied when no filter on its field is given).
    pub default: Option<ParameterDefault>,
    /// The smallest accepted number (`page[...]`).
    pub minimum: Option<u64>,
    /// The largest accepted number (`page[size]`).
    pub maximum: Option<u64>,
}

/// Every query parameter of a resource's listing, in documentation order: the filters (in the order of
/// [`ResourceSchema::filter_parameters`], which is the reference's), then `sort`, `page[number]`,
/// `page[size]`, the `fields[...]` parameters and `include`.
///
/// ```
/// use jsonapi_filter::{Filterable, ParameterTable};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
/// }
///
/// let table = ParameterTable::of::<Call>();
/// let names: Vec<&str> = table.parameters.iter().map(|p| p.name.as_str()).collect();
/// assert_eq!(&names[..3], ["filter[id]", "filter[duration-eq]", "filter[duration-not-eq]"]);
/// assert_eq!(table.parameters[3].description, "duration gt filter");
/// assert!(names.contains(&"sort") && names.contains(&"page[size]"));
/// assert!(table.to_markdown().contains("| `filter[duration-gteq]` | duration gteq filter | integer | no |  |"));
/// ```
#[derive(Debug, Clone)]
pub struct ParameterTable {
    /// The resource's JSON:API type: `cdr-exports`.
    pub type_name: &'static str,
    /// The parameters, in documentation order.
    pub parameters: Vec<Parameter>,
    /// The filters through relationships, one entry per relationship path up to the resource's
    /// [`relationship_depth`](ResourceSchema::relationship_depth): a section of their own, after the
    /// resource's own parameters, so that those stay exactly the resource's.
    pub relationship_filters: Vec<RelationshipFilters>,
    /// How `or`, `and` and `not` combine the filters: a section of its own, after the filters through
    /// relationships.
    pub filter_groups: FilterGroups,
}

/// The section of a [`ParameterTable`] on filter groups (`filter[or][i][<key>]`, `filter[and][i][<key>]`,
/// `filter[not][<key>]`), with examples written from the resource's own filter keys.
///
/// ```
/// use jsonapi_filter::{Filterable, ParameterTable};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call { #[filterable(id)] id: i64, status: String, duration: Option<i64> }
///
/// let groups = ParameterTable::of::<Call>().filter_groups;
/// assert_eq!(groups.forms[0].0, "filter[or][<index>][<key>]");
/// assert_eq!(groups.example, "filter[or][0][status-eq]=x&filter[or][1][not][duration-eq]=1");
/// assert!(groups.null_note().contains("filter[not][duration-eq]=1 does not return"));
/// ```
#[derive(Debug, Clone)]
pub struct FilterGroups {
    /// Each form of a grouped parameter and what it means.
    pub forms: Vec<(String, String)>,
    /// The most groups one parameter may be nested in, by default ([`QueryLimits::max_group_depth`](crate::QueryLimits::max_group_depth)).
    pub max_depth: usize,
    /// An example query string of two keys of the resource, the second negated inside an OR.
    pub example: String,
    /// A nullable field's `eq` key and a value, for the note on NULLs; `None` when no field is nullable.
    nullable: Option<ExampleKey>,
}

impl FilterGroups {
    fn of(schema: &'static ResourceSchema) -> FilterGroups {
        let example = |field: &'static FieldSchema, predicate: Option<Predicate>| ExampleKey {
            field: field.key,
            key: jsonapi_filter_vocabulary::key::filter_key(field.key, predicate),
            value: example_value(field, predicate),
        };
        let mut keys = schema
            .filter_parameters()
            .filter(|(field, _)| field.name != schema.id_field().name)
            .map(|(field, predicate)| example(field, predicate));
        let nullable = schema
            .filter_parameters()
            .find(|(field, predicate)| field.nullable && *predicate == Some(Predicate::Eq))
            .map(|(field, predicate)| example(field, predicate));
        let id = || example(schema.id_field(), None);
        let first = keys.next().unwrap_or_else(id);
        let second = nullable.clone().or_else(|| keys.next()).unwrap_or_else(id);
        FilterGroups {
            forms: vec![
                (
                    "filter[or][<index>][<key>]".to_owned(),
                    "the row matches at least one branch; the keys sharing one index form a branch, and are \
                     all to hold"
                        .to_owned(),
                ),
                (
                    "filter[and][<index>][<key>]".to_owned(),
                    "every branch holds (explicit nesting, as in filter[and][0][or][0][<key>])".to_owned(),
                ),
                (
                    "filter[not][<key>]".to_owned(),
                    "the keys under one not do not all hold: filter[not][a]=1&filter[not][b]=2 excludes only \
                     the rows matching both"
                        .to_owned(),
                ),
            ],
            max_depth: crate::QueryLimits::default().max_group_depth,
            example: format!(
                "filter[or][0][{}]={}&filter[or][1][not][{}]={}",
                first.key, first.value, second.key, second.value
            ),
            nullable,
        }
    }

    /// What the forms share: indexes, nesting, the top level, the errors, and an example.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, status: String }
    /// assert!(ParameterTable::of::<Call>().filter_groups.description().contains("at most 3 groups deep"));
    /// ```
    pub fn description(&self) -> String {
        format!(
            "Groups combine filter keys with OR, AND and NOT; the keys at the top level and the groups are all \
             to hold. An index is a non-negative integer; gaps are allowed and their order does not matter. \
             Groups nest (filter[or][1][not][<key>]), a parameter at most {} groups deep by default. Every \
             filter key above, and every key through a relationship, may be used inside a group, in either \
             spelling, once per group. A malformed group is error 120, an unknown key 102 and a bad value \
             107, each naming the whole parameter. Example: {}",
            self.max_depth, self.example
        )
    }

    /// How NULLs behave under `not`, with an example of the resource's own when a field is nullable.
    pub fn null_note(&self) -> String {
        let example = match &self.nullable {
            Some(example) => format!(
                " For example, filter[not][{}]={} does not return the rows whose {} is NULL.",
                example.key, example.value, example.field
            ),
            None => String::new(),
        };
        format!(
            "NULLs follow SQL's three-valued logic: a comparison with a NULL is unknown, and so is its \
             negation, so a row whose field is NULL matches neither a key on that field nor its not.{example} \
             Where the field has null or not-null, say what NULLs should do: \
             filter[or][0][not][<key>]=<value>&filter[or][1][<field>-null]=true. A filter through a \
             relationship holds when a related row matches; under not, when none does."
        )
    }
}

/// A value that `field`'s key with `predicate` accepts, for an example.
fn example_value(field: &FieldSchema, predicate: Option<Predicate>) -> &'static str {
    if predicate.is_some_and(Predicate::takes_flag) {
        return "true";
    }
    match field.kind {
        ValueKind::Enum => field.allowed_values.first().copied().unwrap_or("x"),
        ValueKind::Integer => "1",
        ValueKind::Decimal => "1.5",
        ValueKind::DateTime => "2026-01-02",
        ValueKind::Uuid => "00000000-0000-0000-0000-000000000000",
        ValueKind::Inet => "192.0.2.1",
        ValueKind::Boolean => "true",
        ValueKind::String => "x",
    }
}

/// A filter key of the resource and a value that fits it, for the examples of [`FilterGroups`].
#[derive(Debug, Clone)]
struct ExampleKey {
    field: &'static str,
    key: String,
    value: &'static str,
}

/// The filters through one relationship path: `filter[account.<key>]` takes every filter key of the related
/// resource, with the same values, in either spelling.
///
/// ```
/// use jsonapi_filter::{Cardinality, Filterable, ParameterTable};
///
/// #[derive(Filterable)]
/// #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
/// struct Account { #[filterable(id)] id: i64, name: String }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call { #[filterable(id)] id: i64, duration: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
///
/// let table = ParameterTable::of::<Call>();
/// let paths: Vec<&str> = table.relationship_filters.iter().map(|r| r.path.as_str()).collect();
/// assert_eq!(paths, ["account", "account.calls"]); // two relationships deep, the default bound
/// let account = &table.relationship_filters[0];
/// assert_eq!((account.type_name, account.cardinality), ("accounts", Cardinality::ToOne));
/// assert_eq!(account.parameters[1].name, "filter[account.name-eq]");
/// assert!(account.description().contains("a row without one matches no condition on it"));
/// assert!(table.to_markdown().contains("| `filter[account.calls.duration-gt]` |"));
/// ```
#[derive(Debug, Clone)]
pub struct RelationshipFilters {
    /// The relationship path: `account`, `account.cdr-exports`.
    pub path: String,
    /// The JSON:API type the path reaches.
    pub type_name: &'static str,
    /// The last relationship's: to-one (the related row matches) or to-many (one and the same related row
    /// matches every condition).
    pub cardinality: Cardinality,
    /// Every filter through the path, described as the related resource's own: `filter[account.name-eq]`.
    pub parameters: Vec<Parameter>,
}

impl RelationshipFilters {
    /// What a filter through the path means, in a sentence.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64 }
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    /// let table = ParameterTable::of::<Call>();
    /// assert!(table.relationship_filters[0].description().starts_with("filter[account.<key>]: any filter of accounts"));
    /// ```
    pub fn description(&self) -> String {
        let meaning = match self.cardinality {
            Cardinality::ToOne => {
                "a row matches when its related row matches every condition given through the path; a row \
                 without one matches no condition on it"
            }
            Cardinality::ToMany => {
                "a row matches when one and the same related row matches every condition given through the \
                 path (not one row for one condition and another for the next)"
            }
        };
        format!(
            "filter[{}.<key>]: any filter of {}, in either spelling; {meaning}. Related rows the caller \
             cannot see match nothing.",
            self.path, self.type_name
        )
    }
}

impl ParameterTable {
    /// The table of resource `R`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(ParameterTable::of::<Call>().type_name, "calls");
    /// ```
    pub fn of<R: Resource>() -> ParameterTable {
        ParameterTable::from_schema(R::SCHEMA)
    }

    /// The table of a schema.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let table = ParameterTable::from_schema(Call::SCHEMA);
    /// assert_eq!(table.parameters[0].name, "filter[id]");
    /// ```
    pub fn from_schema(schema: &'static ResourceSchema) -> ParameterTable {
        let mut parameters: Vec<Parameter> = schema
            .filter_parameters()
            .map(|(field, predicate)| filter_parameter(field, predicate))
            .collect();
        parameters.push(sort_parameter(schema));
        parameters.extend(page_parameters(schema));
        parameters.extend(fields_parameters(schema));
        if schema.includable_relationships().next().is_some() {
            parameters.push(Parameter {
                name: "include".to_owned(),
                description: "related resources to include".to_owned(),
                group: ParameterGroup::Include,
                value_kind: ValueKind::String,
                takes_list: true,
                allowed_values: schema.include_paths(),
                ..Parameter::blank()
            });
        }
        let mut relationship_filters = Vec::new();
        collect_relationship_filters(
            schema,
            "",
            schema.relationship_depth,
            &mut relationship_filters,
        );
        ParameterTable {
            type_name: schema.type_name,
            parameters,
            relationship_filters,
            filter_groups: FilterGroups::of(schema),
        }
    }

    /// The table with the cursor parameters `page[after]` and `page[before]` after `page[size]`, for a listing
    /// served with a [`CursorKey`](crate::CursorKey) (the JSON:API Cursor Pagination profile; see
    /// [`crate::cursor`]).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # use jsonapi_filter::docs::ParameterGroup;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let table = ParameterTable::of::<Call>().with_cursor_pagination();
    /// let page: Vec<&str> = table.group(ParameterGroup::Page).map(|p| p.name.as_str()).collect();
    /// assert_eq!(page, ["page[number]", "page[size]", "page[after]", "page[before]"]);
    /// assert!(table.to_markdown().contains("| `page[after]` | the rows after the row of this cursor"));
    /// ```
    pub fn with_cursor_pagination(mut self) -> ParameterTable {
        let at = self
            .parameters
            .iter()
            .position(|parameter| parameter.name == "page[size]")
            .map_or(self.parameters.len(), |index| index + 1);
        self.parameters.splice(at..at, cursor_parameters());
        self
    }

    /// The parameters of one group.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # use jsonapi_filter::docs::ParameterGroup;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let table = ParameterTable::of::<Call>();
    /// assert_eq!(table.group(ParameterGroup::Page).count(), 2);
    /// ```
    pub fn group(&self, group: ParameterGroup) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |parameter| parameter.group == group)
    }

    /// The reference documentation's two columns as plain text: a `Name Description` header, then one
    /// `name description` line per parameter.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let text = ParameterTable::of::<Call>().to_text();
    /// assert!(text.starts_with("Name Description\nfilter[id] id filter\n"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut text = String::from("Name Description\n");
        for parameter in &self.parameters {
            let _ = writeln!(text, "{} {}", parameter.name, parameter.description);
        }
        text
    }

    /// A Markdown table: Name, Description, Type, List, Allowed values.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let markdown = ParameterTable::of::<Call>().to_markdown();
    /// assert!(markdown.starts_with("| Name | Description | Type | List | Allowed values |\n|---|---|---|---|---|\n"));
    /// assert!(markdown.contains("| `filter[id]` | id filter | integer | yes |  |"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut markdown = String::from(
            "| Name | Description | Type | List | Allowed values |\n|---|---|---|---|---|\n",
        );
        for parameter in &self.parameters {
            markdown.push_str(&parameter.markdown_row());
        }
        if !self.relationship_filters.is_empty() {
            markdown.push_str("\nFilters through relationships:\n\n");
            for relationships in &self.relationship_filters {
                let _ = writeln!(
                    markdown,
                    "- {}",
                    markdown_cell(&relationships.description())
                );
            }
            markdown.push_str(
                "\n| Name | Description | Type | List | Allowed values |\n|---|---|---|---|---|\n",
            );
            for parameter in self.relationship_filters.iter().flat_map(|r| &r.parameters) {
                markdown.push_str(&parameter.markdown_row());
            }
        }
        let groups = &self.filter_groups;
        markdown.push_str("\nFilter groups:\n\n| Form | Meaning |\n|---|---|\n");
        for (form, meaning) in &groups.forms {
            let _ = writeln!(
                markdown,
                "| `{}` | {} |",
                markdown_cell(form),
                markdown_cell(meaning)
            );
        }
        let _ = write!(
            markdown,
            "\n{}\n\n{}\n",
            markdown_cell(&groups.description()),
            markdown_cell(&groups.null_note())
        );
        markdown
    }

    /// A self-contained HTML page (no scripts, no external files) describing every parameter, for a person
    /// to read: what the server can serve at `/docs`. `openapi_url`, when given, is linked from the page.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, caller: String }
    /// let page = ParameterTable::of::<Call>().to_html("Calls <API>", Some("/openapi.json"));
    /// assert!(page.starts_with("<!DOCTYPE html>"));
    /// assert!(page.contains("<title>Calls &lt;API&gt;</title>"));
    /// assert!(page.contains("<code>filter[caller-cont]</code>"));
    /// assert!(page.contains(r#"href="/openapi.json""#));
    /// ```
    pub fn to_html(&self, title: &str, openapi_url: Option<&str>) -> String {
        ParameterTable::html_page(title, openapi_url, std::slice::from_ref(self))
    }

    /// One self-contained HTML page (no scripts, no external files) for the listings of several resources:
    /// what a server with more than one resource serves at `/docs`. Each resource has a section of its own,
    /// headed by its type and linked from a contents list at the top; with one table the page is exactly
    /// [`ParameterTable::to_html`]'s.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, caller: String }
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
    /// let tables = [ParameterTable::of::<Call>(), ParameterTable::of::<Account>()];
    /// let page = ParameterTable::html_page("Billing API", Some("/openapi.json"), &tables);
    /// assert!(page.contains(r##"<a href="#accounts">"##));
    /// assert!(page.contains(r#"<h2 id="calls">"#));
    /// assert!(page.contains("<code>filter[caller-cont]</code>"));
    /// assert!(page.contains("<code>filter[name-start]</code>"));
    /// assert_eq!(page.matches("<html").count(), 1);
    /// ```
    pub fn html_page(title: &str, openapi_url: Option<&str>, tables: &[ParameterTable]) -> String {
        let mut page = String::new();
        let title = html_escape(title);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        );
        if let Some(url) = openapi_url {
            let _ = writeln!(
                page,
                "<p>Machine-readable: <a href=\"{}\">the OpenAPI 3.1 document</a>.</p>",
                html_escape(url)
            );
        }
        let several = tables.len() > 1;
        if several {
            page.push_str("<ul>\n");
            for table in tables {
                let name = html_escape(table.type_name);
                let _ = writeln!(
                    page,
                    "<li><a href=\"#{name}\">The <code>{name}</code> listing</a></li>"
                );
            }
            page.push_str("</ul>\n");
        }
        for table in tables {
            if several {
                let name = html_escape(table.type_name);
                let _ = writeln!(
                    page,
                    "<h2 id=\"{name}\">The <code>{name}</code> listing</h2>"
                );
            }
            table.write_html_section(&mut page, if several { "h3" } else { "h2" });
        }
        page.push_str("</body>\n</html>\n");
        page
    }

    /// The part of the page about this table's listing: its introduction, then a table per group, each
    /// under a heading of level `heading`.
    fn write_html_section(&self, page: &mut String, heading: &str) {
        let _ = writeln!(
            page,
            "<p>Query parameters of <code>GET</code> on the <code>{}</code> listing. Lists are one CSV line: \
             <code>a,b</code> is two values, <code>\"a,b\"</code> is one value containing a comma. Every \
             invalid parameter is reported, each in its own JSON:API error object.</p>",
            html_escape(self.type_name)
        );
        let groups = [
            (ParameterGroup::Filter, "Filters"),
            (ParameterGroup::Sort, "Sort"),
            (ParameterGroup::Page, "Pagination"),
            (ParameterGroup::Fields, "Sparse fieldsets"),
            (ParameterGroup::Include, "Included resources"),
        ];
        for (group, title) in groups {
            if group == ParameterGroup::Sort {
                self.write_html_relationship_filters(page, heading);
                self.write_html_filter_groups(page, heading);
            }
            let mut rows = self.group(group).peekable();
            if rows.peek().is_none() {
                continue;
            }
            let _ = writeln!(
                page,
                "<{heading}>{title}</{heading}>\n<table>\n<thead><tr><th>Name</th><th>Description</th><th>Type</th>\
                 <th>List</th><th>Allowed values</th></tr></thead>\n<tbody>"
            );
            for parameter in rows {
                page.push_str(&parameter.html_row());
            }
            page.push_str("</tbody>\n</table>\n");
        }
    }
}

impl ParameterTable {
    /// The section on filter groups, after the filters through relationships.
    fn write_html_filter_groups(&self, page: &mut String, heading: &str) {
        let groups = &self.filter_groups;
        let _ = writeln!(
            page,
            "<{heading}>Filter groups</{heading}>\n<table>\n<thead><tr><th>Form</th><th>Meaning</th></tr></thead>\n<tbody>"
        );
        for (form, meaning) in &groups.forms {
            let _ = writeln!(
                page,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                html_escape(form),
                html_escape(meaning)
            );
        }
        let _ = writeln!(
            page,
            "</tbody>\n</table>\n<p>{}</p>\n<p>{}</p>",
            html_escape(&groups.description()),
            html_escape(&groups.null_note())
        );
    }

    /// The section of the filters through relationships, after the resource's own filters.
    fn write_html_relationship_filters(&self, page: &mut String, heading: &str) {
        if self.relationship_filters.is_empty() {
            return;
        }
        let _ = writeln!(
            page,
            "<{heading}>Filters through relationships</{heading}>\n<ul>"
        );
        for relationships in &self.relationship_filters {
            let _ = writeln!(
                page,
                "<li>{}</li>",
                html_escape(&relationships.description())
            );
        }
        let _ = writeln!(
            page,
            "</ul>\n<table>\n<thead><tr><th>Name</th><th>Description</th><th>Type</th>\
             <th>List</th><th>Allowed values</th></tr></thead>\n<tbody>"
        );
        for parameter in self.relationship_filters.iter().flat_map(|r| &r.parameters) {
            page.push_str(&parameter.html_row());
        }
        page.push_str("</tbody>\n</table>\n");
    }
}

impl Parameter {
    /// The parameter as a row of the Markdown table, with its line break.
    fn markdown_row(&self) -> String {
        let allowed: Vec<String> = self
            .allowed_values
            .iter()
            .map(|value| format!("`{}`", markdown_cell(value)))
            .collect();
        format!(
            "| `{}` | {} | {} | {} | {} |\n",
            markdown_cell(&self.name),
            markdown_cell(&self.full_description()),
            self.value_kind.name(),
            if self.takes_list { "yes" } else { "no" },
            allowed.join(", ")
        )
    }

    /// The parameter as a row of an HTML table, with its line break.
    fn html_row(&self) -> String {
        let allowed: Vec<String> = self
            .allowed_values
            .iter()
            .map(|value| format!("<code>{}</code>", html_escape(value)))
            .collect();
        format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(&self.name),
            html_escape(&self.full_description()),
            self.value_kind.name(),
            if self.takes_list { "yes" } else { "no" },
            allowed.join(" ")
        )
    }

    fn blank() -> Parameter {
        Parameter {
            name: String::new(),
            description: String::new(),
            group: ParameterGroup::Filter,
            value_kind: ValueKind::String,
            takes_list: false,
            allowed_values: Vec::new(),
            field: None,
            predicate: None,
            default: None,
            minimum: None,
            maximum: None,
        }
    }

    /// The description followed by the default and bounds, for the richer renderings: `page size (default
    /// 50, from 1 to 1000)`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let table = ParameterTable::of::<Call>();
    /// let size = table.parameters.iter().find(|p| p.name == "page[size]").unwrap();
    /// assert_eq!(size.full_description(), "page size (default 50, from 1 to 1000)");
    /// ```
    ///
    /// A decimal filter states the digits its field's column holds:
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// #[derive(Filterable)]
    /// #[filterable(type = "cdrs")]
    /// struct Cdr {
    ///     #[filterable(id)]
    ///     id: i64,
    ///     #[filterable(scale = 4)]
    ///     rate: Decimal,
    /// }
    /// let table = ParameterTable::of::<Cdr>();
    /// let rate = table.parameters.iter().find(|p| p.name == "filter[rate-gt]").unwrap();
    /// assert_eq!(rate.full_description(), "rate gt filter (at most 14 digits before the point and 4 after it)");
    /// ```
    pub fn full_description(&self) -> String {
        let mut notes = Vec::new();
        if let Some(default) = &self.default {
            notes.push(format!("default {default}"));
        }
        match (self.minimum, self.maximum) {
            (Some(minimum), Some(maximum)) => notes.push(format!("from {minimum} to {maximum}")),
            (Some(minimum), None) => notes.push(format!("from {minimum}")),
            (None, Some(maximum)) => notes.push(format!("at most {maximum}")),
            (None, None) => {}
        }
        if let (ValueKind::Decimal, Some(field)) = (self.value_kind, self.field) {
            notes.push(format!(
                "at most {} digits before the point and {} after it",
                ValueKind::DECIMAL_PRECISION.saturating_sub(field.scale),
                field.scale
            ));
        }
        if notes.is_empty() {
            self.description.clone()
        } else {
            format!("{} ({})", self.description, notes.join(", "))
        }
    }
}

fn filter_parameter(field: &'static FieldSchema, predicate: Option<Predicate>) -> Parameter {
    let key = jsonapi_filter_vocabulary::key::filter_key(field.key, predicate);
    let flag = predicate.is_some_and(Predicate::takes_flag);
    let takes_list = predicate.is_none_or(Predicate::takes_list);
    let allowed_values = if flag {
        vec!["true".to_owned(), "false".to_owned()]
    } else {
        field
            .allowed_values
            .iter()
            .map(|value| (*value).to_owned())
            .collect()
    };
    Parameter {
        name: format!("filter[{key}]"),
        description: format!("{} filter", key.replace('-', " ")),
        group: ParameterGroup::Filter,
        value_kind: if flag { ValueKind::Boolean } else { field.kind },
        takes_list,
        allowed_values,
        field: Some(field),
        predicate,
        default: field
            .default_filter
            .filter(|default| default.predicate == predicate)
            .map(|default| ParameterDefault::Filter(default.value)),
        ..Parameter::blank()
    }
}

/// The filters through every relationship path below `prefix`, `depth` relationships deep at most.
fn collect_relationship_filters(
    schema: &'static ResourceSchema,
    prefix: &str,
    depth: usize,
    out: &mut Vec<RelationshipFilters>,
) {
    if depth == 0 {
        return;
    }
    for relationship in schema.relationships {
        let Some(related) = relationship.related_schema() else {
            continue;
        };
        let path = if prefix.is_empty() {
            relationship.name.to_owned()
        } else {
            format!("{prefix}.{}", relationship.name)
        };
        let parameters = related
            .filter_parameters()
            .map(|(field, predicate)| {
                let key = jsonapi_filter_vocabulary::key::filter_key(field.key, predicate);
                Parameter {
                    name: format!("filter[{path}.{key}]"),
                    description: format!(
                        "{} {} filter",
                        path.replace(['-', '.'], " "),
                        key.replace('-', " ")
                    ),
                    // A related resource's default filters are its own listing's, not a relationship's.
                    default: None,
                    ..filter_parameter(field, predicate)
                }
            })
            .collect();
        out.push(RelationshipFilters {
            path: path.clone(),
            type_name: related.type_name,
            cardinality: relationship.cardinality,
            parameters,
        });
        collect_relationship_filters(related, &path, depth - 1, out);
    }
}

fn sort_parameter(schema: &'static ResourceSchema) -> Parameter {
    let own = schema
        .fields
        .iter()
        .filter(|field| field.sortable)
        .map(|field| field.key.to_owned());
    // Through a to-one relationship to another table: `account.name`.
    let related = schema
        .relationships
        .iter()
        .filter(|relationship| relationship.cardinality == Cardinality::ToOne)
        .filter_map(|relationship| {
            let related = relationship.related_schema()?;
            (related.table != schema.table).then_some((relationship, related))
        })
        .flat_map(|(relationship, related)| {
            related
                .fields
                .iter()
                .filter(|field| field.sortable)
                .map(move |field| format!("{}.{}", relationship.name, field.key))
        });
    let allowed_values = own
        .chain(related)
        .flat_map(|key| [key.clone(), format!("-{key}")])
        .collect();
    Parameter {
        name: "sort".to_owned(),
        description: "sort order: fields, ascending or, with a leading -, descending".to_owned(),
        group: ParameterGroup::Sort,
        takes_list: true,
        allowed_values,
        default: (!schema.default_sort.is_empty())
            .then_some(ParameterDefault::Sort(schema.default_sort)),
        ..Parameter::blank()
    }
}

fn page_parameters(schema: &'static ResourceSchema) -> [Parameter; 2] {
    [
        Parameter {
            name: "page[number]".to_owned(),
            description: "page number".to_owned(),
            group: ParameterGroup::Page,
            value_kind: ValueKind::Integer,
            default: Some(ParameterDefault::Number(1)),
            minimum: Some(1),
            maximum: Some(crate::query::Page::max_number(schema.max_page_size)),
            ..Parameter::blank()
        },
        Parameter {
            name: "page[size]".to_owned(),
            description: "page size".to_owned(),
            group: ParameterGroup::Page,
            value_kind: ValueKind::Integer,
            default: Some(ParameterDefault::Number(schema.default_page_size)),
            minimum: Some(1),
            maximum: Some(schema.max_page_size),
            ..Parameter::blank()
        },
    ]
}

/// `page[after]` and `page[before]`: what [`ParameterTable::with_cursor_pagination`] adds.
pub(crate) fn cursor_parameters() -> [Parameter; 2] {
    let cursor = |name: &str, description: &str| Parameter {
        name: name.to_owned(),
        description: description.to_owned(),
        group: ParameterGroup::Page,
        value_kind: ValueKind::String,
        ..Parameter::blank()
    };
    [
        cursor(
            "page[after]",
            "the rows after the row of this cursor (a meta.page.cursor of this listing, with the same sort and filters); with page[before], a range",
        ),
        cursor(
            "page[before]",
            "the rows before the row of this cursor (a meta.page.cursor of this listing, with the same sort and filters)",
        ),
    ]
}

fn fields_parameters(schema: &'static ResourceSchema) -> Vec<Parameter> {
    let own = Parameter {
        name: format!("fields[{}]", schema.type_name),
        description: format!("{} fields to return", schema.type_name),
        group: ParameterGroup::Fields,
        takes_list: true,
        allowed_values: schema
            .attributes
            .iter()
            .copied()
            .chain(schema.relationships.iter().map(|r| r.name))
            .map(str::to_owned)
            .collect(),
        ..Parameter::blank()
    };
    // One per other type an include path reaches, named with the first path that reaches it.
    let mut seen = vec![schema.type_name];
    let mut related = Vec::new();
    for (path, relationship) in schema.include_tree() {
        if seen.contains(&relationship.type_name) {
            continue;
        }
        seen.push(relationship.type_name);
        let fields = schema
            .includable_fields(relationship.type_name)
            .unwrap_or_default();
        if fields.is_empty() {
            continue;
        }
        related.push(Parameter {
            name: format!("fields[{}]", relationship.type_name),
            description: format!(
                "{} fields to return with include={path}",
                relationship.type_name
            ),
            group: ParameterGroup::Fields,
            takes_list: true,
            allowed_values: fields.into_iter().map(str::to_owned).collect(),
            ..Parameter::blank()
        });
    }
    std::iter::once(own).chain(related).collect()
}

/// A Markdown table cell: pipes escaped, line breaks flattened.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Text made safe for HTML content and attribute values.
fn html_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

const STYLE: &str = "body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; \
color: #222; }\ntable { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }\n\
th, td { border: 1px solid #ccc; padding: .35rem .6rem; text-align: left; vertical-align: top; }\n\
th { background: #f3f3f3; }\ncode { font-size: .92em; }\ntd code + code { margin-left: .4em; }\n";
