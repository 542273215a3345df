//! Rejecting bad annotations, each with an error on its exact span. All errors are collected. What a single
//! attribute can get wrong (an unknown kind or predicate, a page size of 0) is reported while reading it
//! (`attr`); what is checked here is how the attributes of a struct fit together.

use std::collections::HashMap;

use jsonapi_filter_vocabulary::key::{filter_key, is_valid_key};
use jsonapi_filter_vocabulary::{Predicate, PredicateSet, ValueKind};

use crate::ast::{Field, Resource, Role, ValueEnum};
use crate::attr::{
    Ctxt, DEFAULT, DEFAULT_PAGE_SIZE, DEFAULT_SORT, DefaultLiteral, EXACT, FILTER_ONLY, FILTERABLE,
    FOREIGN_KEY, HAS_MANY, HAS_MANY_FOREIGN_KEY, HAS_MANY_NAME, HAS_MANY_RELATED, ID,
    MAX_PAGE_SIZE, RELATED, RELATED_FIELDS, RELATED_TYPE, RELATIONSHIP, RENAME, SCALE, SKIP,
    SORTABLE, TYPE, WITH_EXACT,
};
use crate::case::RenameRule;

impl Resource<'_> {
    pub fn validate(&self, cx: &mut Ctxt) {
        if self.generics.lt_token.is_some() {
            cx.syn_error(syn::Error::new_spanned(
                self.generics,
                "Filterable does not support generic structs: a resource's schema is one constant",
            ));
        }
        self.validate_struct_attrs(cx);
        for field in &self.fields {
            field.validate(cx);
        }
        self.validate_id(cx);
        self.validate_has_many(cx);
        self.validate_unique_keys(cx);
        self.validate_reserved_names(cx);
        self.validate_default_sort(cx);
    }

    /// No field key or relationship name is `or`, `and` or `not`: the query string's filter groups
    /// (`filter[or][0][...]`, `filter[not][...]`) own them.
    fn validate_reserved_names(&self, cx: &mut Ctxt) {
        let reserved = |name: &str| GROUP_OPERATORS.contains(&name);
        for field in &self.fields {
            if field.role() == Role::Skip {
                continue;
            }
            let key = field.key();
            if reserved(&key) {
                cx.error(field.key_span(), reserved_name("a field key", &key, RENAME));
            }
            if field.role() == Role::ForeignKey {
                let (name, _) = field.relationship();
                if reserved(&name) {
                    let span = field
                        .attrs
                        .relationship
                        .get()
                        .map_or_else(|| field.ident.span(), |given| given.value.span());
                    cx.error(
                        span,
                        reserved_name("a relationship name", &name, RELATIONSHIP),
                    );
                }
            }
        }
        for has_many in &self.attrs.has_many {
            if let Some(name) = &has_many.name
                && reserved(&name.value())
            {
                cx.error(
                    name.span(),
                    reserved_name("a relationship name", &name.value(), HAS_MANY_NAME),
                );
            }
        }
    }

    fn validate_struct_attrs(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        match attrs.type_name.get() {
            None if attrs.misspelt.iter().any(|key| key == TYPE) => {}
            None => cx.error(
                self.ident.span(),
                format_args!("missing #[{FILTERABLE}({TYPE} = \"...\")]: the JSON:API type name, e.g. {TYPE} = \"cdr-exports\""),
            ),
            Some(type_name) if !is_valid_key(&type_name.value.value()) => cx.error(
                type_name.value.span(),
                format_args!("{TYPE} must be lower-case words separated by dashes, e.g. \"cdr-exports\""),
            ),
            Some(_) => {}
        }
        if let Some(table) = attrs.table.get()
            && !is_sql_identifier(&table.value.value())
        {
            cx.error(
                table.value.span(),
                "table must be an SQL identifier: letters, digits and underscores",
            );
        }
        let (default_size, max_size) = self.page_sizes();
        if default_size > max_size {
            let span = attrs
                .default_page_size
                .span()
                .or(attrs.max_page_size.span())
                .unwrap_or_else(|| self.ident.span());
            cx.error(
                span,
                format_args!(
                    "{DEFAULT_PAGE_SIZE} ({default_size}) exceeds {MAX_PAGE_SIZE} ({max_size})"
                ),
            );
        }
    }

    /// Each `has_many(...)` names its related type and foreign key, and a name that is a key; no two
    /// relationships share a name.
    fn validate_has_many(&self, cx: &mut Ctxt) {
        let mut names: Vec<String> = self
            .fields
            .iter()
            .filter(|field| field.role() == Role::ForeignKey)
            .map(|field| field.relationship().0)
            .collect();
        for has_many in &self.attrs.has_many {
            for (missing, example) in [
                (
                    has_many.related.is_none(),
                    format!("{HAS_MANY_RELATED} = Call"),
                ),
                (
                    has_many.foreign_key.is_none(),
                    format!("{HAS_MANY_FOREIGN_KEY} = \"account_id\""),
                ),
            ] {
                if missing {
                    cx.error(
                        has_many.span,
                        format_args!("{HAS_MANY} needs {example}: the related resource's type and its field that holds this resource's id, e.g. {HAS_MANY}({HAS_MANY_NAME} = \"calls\", {HAS_MANY_RELATED} = Call, {HAS_MANY_FOREIGN_KEY} = \"account_id\")"),
                    );
                }
            }
            if let Some(name) = &has_many.name {
                let value = name.value();
                if !is_valid_key(&value) {
                    cx.error(
                        name.span(),
                        format_args!("a relationship name must be lower-case words separated by dashes, e.g. \"cdr-exports\""),
                    );
                } else if names.contains(&value) {
                    cx.error(
                        name.span(),
                        format_args!("two relationships are named `{value}`; give this one another {HAS_MANY_NAME}"),
                    );
                } else {
                    names.push(value);
                }
            }
        }
    }

    fn validate_id(&self, cx: &mut Ctxt) {
        let ids: Vec<&Field> = self
            .fields
            .iter()
            .filter(|field| field.attrs.id.is_set())
            .collect();
        let id_misspelt = self
            .fields
            .iter()
            .any(|field| field.attrs.misspelt.iter().any(|key| key == ID));
        match ids.as_slice() {
            [] if id_misspelt => {}
            [] => cx.error(
                self.ident.span(),
                format_args!("a resource needs one field marked #[{FILTERABLE}({ID})]: the resource id, for filter[id] and stable sorting"),
            ),
            [_] => {}
            [first, others @ ..] => {
                for other in others {
                    cx.error(
                        other.attrs.id.span().unwrap_or_else(|| other.ident.span()),
                        format_args!("only one field can be #[{FILTERABLE}({ID})]; `{}` is already the id", first.ident),
                    );
                }
            }
        }
    }

    fn validate_unique_keys(&self, cx: &mut Ctxt) {
        let mut filter_keys: HashMap<String, &Field> = HashMap::new();
        let mut field_keys: HashMap<String, &Field> = HashMap::new();
        for field in &self.fields {
            if field.role() == Role::Skip {
                continue;
            }
            let key = field.key();
            if let Some(other) = field_keys.insert(key.clone(), field) {
                cx.error(
                    field.key_span(),
                    format_args!("duplicate key `{key}`: field `{}` has it too", other.ident),
                );
                continue;
            }
            for filter_key in field.possible_filter_keys() {
                if let Some(other) = filter_keys.get(&filter_key) {
                    cx.error(
                        field.key_span(),
                        format_args!(
                            "duplicate filter key `filter[{filter_key}]`: field `{}` makes it too",
                            other.ident
                        ),
                    );
                    break;
                }
                filter_keys.insert(filter_key, field);
            }
        }
    }

    fn validate_default_sort(&self, cx: &mut Ctxt) {
        let Some(span) = self.attrs.default_sort.span() else {
            return;
        };
        let sortable: Vec<String> = self
            .fields
            .iter()
            .filter(|field| field.is_sortable())
            .map(|field| field.key())
            .collect();
        for criterion in self.default_sort() {
            if !sortable.contains(&criterion.key) {
                cx.error(
                    span,
                    format_args!(
                        "{DEFAULT_SORT} names `{}`, which is not a sortable field; sortable: {}",
                        criterion.written,
                        sortable.join(", ")
                    ),
                );
            }
        }
    }
}

impl Field<'_> {
    /// The filter keys the field may produce. Where the kind is unknown to the macro, every predicate
    /// counts, so that a collision is never missed.
    fn possible_filter_keys(&self) -> Vec<String> {
        let key = self.key();
        match (self.role(), self.predicates()) {
            (Role::Skip, _) => vec![],
            (_, Some(predicates)) => {
                let exact = self.has_exact_key().then(|| key.clone());
                exact
                    .into_iter()
                    .chain(
                        predicates
                            .possible()
                            .iter()
                            .map(|predicate| filter_key(&key, Some(predicate))),
                    )
                    .collect()
            }
            (_, None) => vec![key],
        }
    }

    fn validate(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        let given = attrs.given();
        if let Some(with_exact) = attrs.with_exact.span() {
            // The suffix-less list key beside predicate keys: only a field filtered with predicates has both.
            let contradiction = if attrs.skip.is_set() {
                Some(format!(
                    "`{WITH_EXACT}` adds a suffix-less filter key, and `{}` is `{SKIP}`: it is not filtered",
                    self.name()
                ))
            } else if attrs.id.is_set() {
                Some(format!(
                    "`{WITH_EXACT}` does not apply to the `{ID}` field: `filter[id]` already takes a list"
                ))
            } else if attrs.exact.is_set() {
                Some(format!(
                    "`{WITH_EXACT}` contradicts `{EXACT}`: an `{EXACT}` field has only the suffix-less key; keep `{EXACT}` for that key alone, or drop it for the predicate keys and the suffix-less key"
                ))
            } else if attrs.foreign_key.is_set() {
                Some(format!(
                    "`{WITH_EXACT}` does not apply to a `{FOREIGN_KEY}` field, which is filtered with identity predicates (`in` included) and represented by its relationship"
                ))
            } else {
                None
            };
            if let Some(message) = contradiction {
                cx.error(with_exact, message);
            }
        }
        if let Some(skip) = attrs.skip.span() {
            // The contradictions with a message of their own, on their own key.
            if let Some(filter_only) = attrs.filter_only.span() {
                cx.error(
                    filter_only,
                    format_args!("`{FILTER_ONLY}` contradicts `{SKIP}`: a skipped field is not filtered (it stays an attribute), a filter-only one is filtered and is not an attribute; keep one"),
                );
            }
            if let Some(default) = attrs.default.span() {
                cx.error(
                    default,
                    format_args!("`{DEFAULT}` needs a filtered field, and `{}` is `{SKIP}`: it has no filter to default", self.name()),
                );
            }
            let combined: Vec<&str> = given
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| ![SKIP, FILTER_ONLY, DEFAULT, WITH_EXACT].contains(name))
                .collect();
            if !combined.is_empty() {
                cx.error(
                    skip,
                    format_args!(
                        "`{}` cannot be combined with other filterable attributes (here: {})",
                        attrs.skip.name(),
                        combined.join(", ")
                    ),
                );
            }
            return;
        }
        let roles: Vec<(&str, proc_macro2::Span)> = [&attrs.id, &attrs.exact, &attrs.foreign_key]
            .into_iter()
            .filter_map(|slot| slot.span().map(|span| (slot.name(), span)))
            .collect();
        if let [(first, _), (second, span), ..] = roles.as_slice() {
            cx.error(
                *span,
                format_args!("`{second}` cannot be combined with `{first}`"),
            );
        }
        if matches!(self.role(), Role::Id | Role::Exact) {
            let role = if attrs.id.is_set() { ID } else { EXACT };
            let predicate_keys = std::iter::once((attrs.only.name(), attrs.only.span())).chain(
                attrs
                    .opt_in
                    .iter()
                    .map(|(_, slot)| (slot.name(), slot.span())),
            );
            for (name, slot_span) in predicate_keys {
                if let Some(span) = slot_span {
                    cx.error(span, format_args!("`{name}` does not apply to an `{role}` filter, which has no predicate suffix and takes a list"));
                }
            }
        }
        if !attrs.foreign_key.is_set() {
            for slot_name_and_span in [
                (RELATIONSHIP, attrs.relationship.span()),
                (RELATED, attrs.related.span()),
                (RELATED_TYPE, attrs.related_type.span()),
                (RELATED_FIELDS, attrs.related_fields.span()),
            ] {
                if let (name, Some(span)) = slot_name_and_span {
                    cx.error(
                        span,
                        format_args!(
                            "`{name}` applies only to a `{}` field",
                            attrs.foreign_key.name()
                        ),
                    );
                }
            }
        }
        if let Some(rename) = attrs.rename.get()
            && !is_valid_key(&rename.value.value())
        {
            cx.error(
                rename.value.span(),
                format_args!("{} must be lower-case words separated by dashes or underscores, e.g. \"rows-count\"", attrs.rename.name()),
            );
        }
        if let Some(related) = attrs.related.get() {
            let named = related
                .value
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            for (name, span) in [
                (RELATED_TYPE, attrs.related_type.span()),
                (RELATED_FIELDS, attrs.related_fields.span()),
            ] {
                if let Some(span) = span {
                    cx.error(
                        span,
                        format_args!(
                            "`{name}` comes from `{named}`'s own declaration when `{RELATED} = {named}` is given; remove it"
                        ),
                    );
                }
            }
        }
        for slot in [&attrs.relationship, &attrs.related_type] {
            if let Some(value) = slot.get()
                && !is_valid_key(&value.value.value())
            {
                cx.error(
                    value.value.span(),
                    format_args!(
                        "{} must be lower-case words separated by dashes, e.g. \"account\"",
                        slot.name()
                    ),
                );
            }
        }
        if let Some(column) = attrs.column.get()
            && !is_sql_identifier(&column.value.value())
        {
            cx.error(
                column.value.span(),
                format_args!(
                    "{} must be an SQL identifier: letters, digits and underscores",
                    attrs.column.name()
                ),
            );
        }
        self.validate_filter_only(cx);
        self.validate_predicates(cx);
        self.validate_scale(cx);
        self.validate_default(cx);
    }

    /// `scale` belongs to decimals, and a decimal needs one: its column's format depends on it. Where the
    /// macro cannot see the kind, the generated code makes the compiler check both (`expand`).
    fn validate_scale(&self, cx: &mut Ctxt) {
        let scale = &self.attrs.scale;
        match (self.visible_kind(), scale.span()) {
            (Some(ValueKind::Decimal), None) => cx.syn_error(syn::Error::new_spanned(
                self.ty,
                missing_scale(&self.name()),
            )),
            (Some(kind), Some(span)) if kind != ValueKind::Decimal => cx.error(
                span,
                scale_not_applicable(
                    &self.name(),
                    &format!("{} field", with_article(kind.name())),
                ),
            ),
            _ => {}
        }
    }

    /// A filter-only field is not an attribute and never sorted; the id and the foreign keys are not
    /// attributes already.
    fn validate_filter_only(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        let Some(filter_only) = attrs.filter_only.span() else {
            return;
        };
        if let Some(sortable) = attrs.sortable.span() {
            cx.error(
                sortable,
                format_args!("`{SORTABLE}` does not apply to a `{FILTER_ONLY}` field, which is never sortable: `sort` takes attributes only"),
            );
        }
        let not_attributes = [
            (attrs.id.is_set(), format!("the `{ID}` field")),
            (
                attrs.foreign_key.is_set(),
                format!("a `{FOREIGN_KEY}` field"),
            ),
        ];
        for (set, what) in not_attributes {
            if set {
                cx.error(
                    filter_only,
                    format_args!("`{FILTER_ONLY}` does not apply to {what}, which is not an attribute already"),
                );
            }
        }
    }

    /// A default names the predicate of a field filtered with suffixes (and none for an exact filter), one
    /// the field takes, and a literal of the field's kind, where the macro can see the kind (elsewhere the
    /// generated code makes the compiler check it).
    fn validate_default(&self, cx: &mut Ctxt) {
        let Some(default) = self.attrs.default.get() else {
            return;
        };
        let name = self.name();
        let attr = &default.value;
        match (self.role(), &attr.predicate) {
            (Role::Skip, _) => return,
            (Role::Id, _) => {
                cx.error(
                    default.span,
                    format_args!("`{DEFAULT}` does not apply to the `{ID}` filter: a default id would hide every other resource"),
                );
                return;
            }
            (Role::Exact, Some(predicate)) => {
                cx.error(
                    predicate.span,
                    format_args!("`{name}` is an `{EXACT}` filter, which has no predicate suffix: write {DEFAULT} = <value>"),
                );
                return;
            }
            (Role::Exact, None) => {}
            (Role::Predicates | Role::ForeignKey, None) => {
                cx.error(
                    default.span,
                    format_args!("`{name}` is filtered with predicate suffixes: name the predicate of the default, e.g. {DEFAULT}(eq = ...)"),
                );
                return;
            }
            (Role::Predicates | Role::ForeignKey, Some(predicate)) => {
                let known = self.predicates().and_then(|predicates| predicates.known());
                if let Some(set) = known
                    && !set.contains(predicate.value)
                {
                    cx.error(
                        predicate.span,
                        not_a_predicate_of(predicate.value, &name, set),
                    );
                    return;
                }
            }
        }
        let flag = attr
            .predicate
            .as_ref()
            .is_some_and(|predicate| predicate.value.takes_flag());
        let kind = if flag {
            Some(ValueKind::Boolean)
        } else {
            self.visible_kind()
        };
        let fits = match (kind, &attr.value.value) {
            (Some(ValueKind::DateTime), _) => {
                cx.error(
                    attr.value.span,
                    format_args!("a `{DEFAULT}` on a datetime field is not supported: a fixed instant is rarely the default meant; filter in the handler instead"),
                );
                return;
            }
            (Some(ValueKind::Decimal), DefaultLiteral::Text(text)) => {
                let scale = self.attrs.scale.value().copied().flatten();
                if jsonapi_filter_vocabulary::decimal::parse_decimal_digits(text, scale).is_none() {
                    let bound = jsonapi_filter_vocabulary::decimal::digit_bound(scale);
                    cx.error(
                        attr.value.span,
                        format_args!("the `{DEFAULT}` of `{name}` must be a decimal its column holds: digits, an optional `.` and digits (no exponent, no `+`), {bound}, e.g. \"0.0123\"; found {}", attr.value.value.describe()),
                    );
                }
                return;
            }
            (Some(ValueKind::Inet), DefaultLiteral::Text(text)) => {
                if text.parse::<std::net::IpAddr>().is_err() {
                    cx.error(
                        attr.value.span,
                        format_args!("the `{DEFAULT}` of `{name}` must be an IPv4 or IPv6 address without a mask, e.g. \"192.0.2.1\" or \"2001:db8::1\"; found {}", attr.value.value.describe()),
                    );
                }
                return;
            }
            (Some(ValueKind::Decimal | ValueKind::Inet), _) => false,
            (Some(ValueKind::Boolean), literal) => matches!(literal, DefaultLiteral::Boolean(_)),
            (Some(ValueKind::Integer), literal) => matches!(literal, DefaultLiteral::Integer(_)),
            (Some(ValueKind::String | ValueKind::Uuid), literal) => {
                matches!(literal, DefaultLiteral::Text(_))
            }
            // Where only the compiler knows the kind, and for the kinds whose text it checks (a uuid, an
            // enum's wire value), the generated code checks the literal.
            _ => true,
        };
        if let (false, Some(kind)) = (fits, kind) {
            cx.error(
                attr.value.span,
                not_of_kind(&attr.value.value, &name, kind, flag),
            );
        }
    }

    /// Each predicate of `only(...)` must fit the field's kind, where the macro can see the kind (elsewhere the
    /// generated code makes the compiler check it); the opt-in `null` checks need a nullable type.
    fn validate_predicates(&self, cx: &mut Ctxt) {
        if self.predicates().is_none() {
            return;
        }
        if let (Some(only), Some(kind)) = (self.attrs.only.value(), self.visible_kind()) {
            let (what, allowed) = listable_predicates(kind, self.role() == Role::ForeignKey);
            for predicate in only {
                if !allowed.contains(predicate.value) {
                    cx.error(
                        predicate.span,
                        not_applicable(predicate.value.rust_name(), &self.name(), &what, allowed),
                    );
                }
            }
        }
        if !self.optional && self.visible_kind().is_some() && !self.attrs.kind.is_set() {
            for predicate in self.attrs.opted_in() {
                cx.error(
                    predicate.span,
                    not_nullable(predicate.value.rust_name(), &self.name()),
                );
            }
        }
    }
}

/// What `only(...)` may list on a field of `kind` (a foreign key or not), opt-in checks included, and how a
/// message describes such a field ("an integer foreign key", "a string field"): shared by the derive's own check
/// and the one it leaves to the compiler where only the compiler knows the kind.
pub fn listable_predicates(kind: ValueKind, foreign_key: bool) -> (String, PredicateSet) {
    let (what, accepted) = if foreign_key {
        ("foreign key", kind.foreign_key_accepted_predicates())
    } else {
        ("field", kind.default_predicates())
    };
    (
        format!("{} {what}", with_article(kind.name())),
        accepted.union(PredicateSet::OPT_IN),
    )
}

/// The message for a predicate that the field's kind does not take; shared with the checks the compiler
/// makes where only it knows the kind.
pub fn not_applicable(predicate: String, field: &str, what: &str, allowed: PredicateSet) -> String {
    let accepted: Vec<String> = allowed
        .iter()
        .map(|predicate| predicate.rust_name())
        .collect();
    format!(
        "`{predicate}` does not apply to `{field}`, {what}; it takes: {}",
        accepted.join(", ")
    )
}

/// The message for a decimal field without `scale`; shared with the check the compiler makes where only it
/// knows the kind.
/// The names the query string's filter groups own.
const GROUP_OPERATORS: [&str; 3] = ["or", "and", "not"];

pub fn reserved_name(what: &str, name: &str, attribute: &str) -> String {
    format!(
        "`{name}` cannot be {what}: `or`, `and` and `not` are reserved for filter groups (filter[or][0][...], filter[not][...]); choose another with {attribute} = \"...\""
    )
}

pub fn missing_scale(field: &str) -> String {
    format!(
        "`{field}` is a decimal field and needs its scale, the digits its column keeps after the point: \
         #[{FILTERABLE}({SCALE} = 4)], from 0 to {}",
        ValueKind::DECIMAL_PRECISION
    )
}

/// The message for `scale` on a field that is not a decimal.
pub fn scale_not_applicable(field: &str, what: &str) -> String {
    format!("`{SCALE}` applies only to decimal fields; `{field}` is {what}")
}

/// The message for a default whose predicate the field does not take.
pub fn not_a_predicate_of(predicate: Predicate, field: &str, set: PredicateSet) -> String {
    let accepted: Vec<String> = set.iter().map(|predicate| predicate.rust_name()).collect();
    format!(
        "`{DEFAULT}({} = ...)` names a predicate that `{field}` does not take; it takes: {}",
        predicate.rust_name(),
        accepted.join(", ")
    )
}

/// The message for a default whose literal is not a value of the field's kind (or not `true`/`false` for the
/// flag of `null`/`not_null`).
pub fn not_of_kind(literal: &DefaultLiteral, field: &str, kind: ValueKind, flag: bool) -> String {
    let wanted = match kind {
        ValueKind::Boolean if flag => "true or false, the flag of the null check".to_owned(),
        ValueKind::Boolean => "true or false".to_owned(),
        ValueKind::Integer => "an integer, e.g. 60".to_owned(),
        ValueKind::String => "a string literal, e.g. \"text\"".to_owned(),
        kind => format!("{} in a string literal", with_article(kind.name())),
    };
    format!(
        "the `{DEFAULT}` of `{field}` must be {wanted}; found {}",
        literal.describe()
    )
}

/// The message for an opt-in `null` check on a field that is never NULL.
pub fn not_nullable(flag: String, field: &str) -> String {
    format!("`{flag}` applies to nullable fields (`Option<T>`); `{field}` is never NULL")
}

impl ValueEnum<'_> {
    pub fn validate(&self, cx: &mut Ctxt) {
        if self.variants.is_empty() {
            cx.error(self.ident.span(), "FilterEnum needs at least one variant");
        }
        let rule = self.attrs.rename_all.get().and_then(|rename_all| {
            let rule = RenameRule::from_name(&rename_all.value.value());
            if rule.is_none() {
                let names: Vec<&str> = RenameRule::ALL.iter().map(|(name, _)| *name).collect();
                cx.error(
                    rename_all.value.span(),
                    format_args!(
                        "unknown rename_all rule `{}`; expected one of: {}",
                        rename_all.value.value(),
                        names.join(", ")
                    ),
                );
            }
            rule
        });
        let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
        for variant in &self.variants {
            if let Some(span) = variant.fields_span {
                cx.error(
                    span,
                    "FilterEnum variants cannot carry data: each variant is one wire value",
                );
            }
            if let Some(rename) = variant.attrs.rename.get()
                && rename.value.value().is_empty()
            {
                cx.error(rename.value.span(), "rename must not be empty");
            }
            let wire = self.wire_value(variant, rule);
            if let Some(other) = seen.insert(wire.clone(), variant.ident) {
                let span = match variant.attrs.rename.get() {
                    Some(rename) => rename.value.span(),
                    None => variant.ident.span(),
                };
                cx.error(
                    span,
                    format_args!("duplicate wire value `{wire}`: variant `{other}` has it too"),
                );
            }
        }
    }

    pub fn wire_value(
        &self,
        variant: &crate::ast::Variant<'_>,
        rule: Option<RenameRule>,
    ) -> String {
        match (variant.attrs.rename.get(), rule) {
            (Some(rename), _) => rename.value.value(),
            (None, Some(rule)) => rule.apply(&variant.ident.to_string()),
            (None, None) => variant.ident.to_string(),
        }
    }

    pub fn rename_rule(&self) -> Option<RenameRule> {
        self.attrs
            .rename_all
            .get()
            .and_then(|rename_all| RenameRule::from_name(&rename_all.value.value()))
    }
}

/// `integer` -> `an integer`, `string` -> `a string`.
pub fn with_article(noun: &str) -> String {
    // `uuid` is said "you-you-id", so only a written vowel sound takes "an".
    let article = if noun.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

fn is_sql_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    /// The messages `#[derive(Filterable)]` reports for `input`, in order.
    fn resource_errors(input: syn::DeriveInput) -> Vec<String> {
        let mut cx = Ctxt::default();
        if let Some(resource) = Resource::from_syn(&mut cx, &input) {
            resource.validate(&mut cx);
        }
        match cx.check() {
            Ok(()) => vec![],
            Err(errors) => errors.into_iter().map(|error| error.to_string()).collect(),
        }
    }

    #[test]
    fn an_opted_in_null_on_a_field_of_unknown_kind_is_not_a_duplicate_key() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
                #[filterable(null, not_null)]
                note: MaybeNote,
                #[filterable(only(eq, null), null)]
                tag: Tag,
            }
        });
        assert_eq!(errors, Vec::<String>::new());
    }

    #[test]
    fn keys_colliding_across_fields_are_reported_on_the_rename() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
                rows: i64,
                #[filterable(rename = "rows-count")]
                count: i64,
                #[filterable(rename = "rows")]
                other: Unknown,
            }
        });
        assert_eq!(
            errors,
            ["duplicate key `rows`: field `rows` has it too"],
            "`rows-count-eq` of `count` does not collide with `rows`'s `rows-eq`"
        );
    }

    #[test]
    fn a_suffixed_key_colliding_with_a_plain_one_is_reported() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
                #[filterable(exact, rename = "status-eq")]
                state: Status,
                status: String,
            }
        });
        assert_eq!(
            errors,
            ["duplicate filter key `filter[status-eq]`: field `state` makes it too"]
        );
    }

    #[test]
    fn default_sort_names_each_unsortable_key() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls", default_sort = "-started_at,,caller,hidden")]
            struct Call {
                #[filterable(id)]
                id: i64,
                started_at: i64,
                #[filterable(sortable = false)]
                hidden: i64,
                #[filterable(skip)]
                caller: String,
            }
        });
        assert_eq!(
            errors,
            [
                "default_sort has an empty sort key: write sortable keys separated by commas, `-` for descending, e.g. \"-created-at,id\"",
                "default_sort names `caller`, which is not a sortable field; sortable: id, started-at",
                "default_sort names `hidden`, which is not a sortable field; sortable: id, started-at",
            ]
        );
    }

    #[test]
    fn predicates_that_do_not_fit_the_kind_name_the_kind_with_its_article() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
                #[filterable(only(cont))]
                count: i64,
                #[filterable(only(gt))]
                uuid: Uuid,
                #[filterable(only(nul))]
                name: String,
            }
        });
        assert_eq!(
            errors,
            [
                // Read while parsing the attribute, so reported before the checks of how fields fit their kinds.
                "unknown predicate `nul` (did you mean `null`?); expected one of: eq, not_eq, gt, gteq, lt, lteq, cont, start, end, in, not_in, cont_any, null, not_null",
                "`cont` does not apply to `count`, an integer field; it takes: eq, not_eq, gt, gteq, lt, lteq, in, not_in, null, not_null",
                "`gt` does not apply to `uuid`, a uuid field; it takes: eq, not_eq, in, not_in, null, not_null",
            ]
        );
    }

    #[test]
    fn a_scale_belongs_to_decimals_and_a_decimal_needs_one() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
                #[filterable(scale = 2)]
                duration: i64,
                rate: Option<rust_decimal::Decimal>,
                #[filterable(scale = 19)]
                price: Decimal,
                #[filterable(scale = 4)]
                cost: Decimal,
                #[filterable(skip)]
                ignored: Decimal,
            }
        });
        assert_eq!(
            errors,
            [
                "scale must be a whole number from 0 to 18: a decimal has at most 18 digits, before and after the point together",
                "`scale` applies only to decimal fields; `duration` is an integer field",
                "`rate` is a decimal field and needs its scale, the digits its column keeps after the point: #[filterable(scale = 4)], from 0 to 18",
            ]
        );
    }

    #[test]
    fn a_misspelt_type_or_id_is_reported_once_not_also_as_missing() {
        let errors = resource_errors(parse_quote! {
            #[filterable(typ = "calls")]
            struct Call {
                #[filterable(di)]
                id: i64,
            }
        });
        assert_eq!(
            errors,
            [
                "unknown filterable attribute `typ` (did you mean `type`?); expected one of: type, table, default_sort, default_page_size, max_page_size, relationship_depth, has_many",
                "unknown filterable attribute `di` (did you mean `id`?); expected one of: id, exact, with_exact, foreign_key, skip, filter_only, rename, column, only, null, not_null, default, sortable, kind, scale, relationship, related, related_type, related_fields",
            ]
        );
    }

    #[test]
    fn an_unrelated_unknown_key_leaves_a_missing_type_reported() {
        let errors = resource_errors(parse_quote! {
            #[filterable(label = "calls")]
            struct Call {
                #[filterable(id)]
                id: i64,
            }
        });
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[1].starts_with("missing #[filterable(type = \"...\")]"));
    }

    #[test]
    fn filter_only_contradicts_skip_sortable_and_the_non_attributes() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "cdrs")]
            struct Cdr {
                #[filterable(id, filter_only)]
                id: i64,
                #[filterable(skip, filter_only, rename = "x")]
                rec: bool,
                #[filterable(filter_only, sortable = false)]
                pai_in: String,
                #[filterable(filter_only, exact)]
                is_last_cdr: bool,
            }
        });
        assert_eq!(
            errors,
            [
                "`filter_only` does not apply to the `id` field, which is not an attribute already",
                "`filter_only` contradicts `skip`: a skipped field is not filtered (it stays an attribute), a filter-only one is filtered and is not an attribute; keep one",
                "`skip` cannot be combined with other filterable attributes (here: rename)",
                "`sortable` does not apply to a `filter_only` field, which is never sortable: `sort` takes attributes only",
            ]
        );
    }

    #[test]
    fn a_default_fits_the_fields_kind_predicates_and_filter_style() {
        let errors = resource_errors(parse_quote! {
            #[filterable(type = "cdrs")]
            struct Cdr {
                #[filterable(id)]
                id: i64,
                #[filterable(exact, default = "maybe")]
                is_last_cdr: bool,
                #[filterable(default(gt = "x"))]
                route: String,
                #[filterable(null, default(null = 1))]
                pai_in: Option<String>,
                #[filterable(default(eq = -3))]
                duration: i64,
                #[filterable(exact, default = "Udp")]
                protocol: Protocol,
                #[filterable(default(eq = 5))]
                seconds: Seconds,
            }
        });
        assert_eq!(
            errors,
            [
                "the `default` of `is_last_cdr` must be true or false; found the string \"maybe\"",
                "`default(gt = ...)` names a predicate that `route` does not take; it takes: eq, not_eq, cont, start, end, in, not_in, cont_any",
                "the `default` of `pai_in` must be true or false, the flag of the null check; found the integer 1",
            ],
            "a negative integer fits an integer; where the kind is the compiler's, the generated code checks"
        );
    }

    #[test]
    fn articles() {
        assert_eq!(with_article("integer"), "an integer");
        assert_eq!(with_article("enum"), "an enum");
        assert_eq!(with_article("uuid"), "a uuid");
        assert_eq!(with_article("inet"), "an inet");
        assert_eq!(with_article("string"), "a string");
        assert_eq!(with_article("datetime"), "a datetime");
    }
}
