//! Rejecting bad annotations, each with an error on its exact span. All errors are collected.

use std::collections::HashMap;

use crate::ast::{Field, Resource, Role, SyntacticKind, ValueEnum};
use crate::attr::{Ctxt, KIND_NAMES, PREDICATE_NAMES, suggest_predicate};
use crate::case::{RenameRule, is_valid_key};

/// The predicates (underscored names) a kind takes by default.
pub fn default_predicates(kind: SyntacticKind) -> &'static [&'static str] {
    match kind {
        SyntacticKind::String => &[
            "eq", "not_eq", "cont", "start", "end", "in", "not_in", "cont_any",
        ],
        SyntacticKind::Integer | SyntacticKind::DateTime => {
            &["eq", "not_eq", "gt", "gteq", "lt", "lteq", "in", "not_in"]
        }
        SyntacticKind::Uuid => &["eq", "not_eq", "in", "not_in"],
        SyntacticKind::Boolean => &["eq", "not_eq"],
    }
}

/// The predicates of a foreign key, and of an enum: identity comparisons only.
pub const FOREIGN_KEY_PREDICATES: &[&str] = &["eq", "not_eq", "in", "not_in"];
/// The predicates a field gets only when it asks for them.
pub const OPT_IN_PREDICATES: &[&str] = &["null", "not_null"];

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
        self.validate_unique_keys(cx);
        self.validate_default_sort(cx);
    }

    fn validate_struct_attrs(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        match attrs.type_name.get() {
            None if attrs.misspelt.contains(&"type") => {}
            None => cx.error(
                self.ident.span(),
                "missing #[filterable(type = \"...\")]: the JSON:API type name, e.g. type = \"cdr-exports\"",
            ),
            Some(type_name) if !is_valid_key(&type_name.value.value()) => cx.error(
                type_name.value.span(),
                "type must be lower-case words separated by dashes, e.g. \"cdr-exports\"",
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
        let page_size = |slot: &crate::attr::Slot<syn::LitInt>, cx: &mut Ctxt| -> Option<u64> {
            let literal = &slot.get()?.value;
            match literal.base10_parse::<u64>() {
                Ok(size) if size >= 1 => Some(size),
                _ => {
                    cx.error(
                        literal.span(),
                        format_args!("{} must be a whole number of at least 1", slot.name()),
                    );
                    None
                }
            }
        };
        let default = page_size(&attrs.default_page_size, cx);
        let max = page_size(&attrs.max_page_size, cx);
        if let (Some(default_size), Some(max_size)) = (default.or(Some(50)), max.or(Some(1000)))
            && default_size > max_size
        {
            let span = attrs
                .default_page_size
                .get()
                .or(attrs.max_page_size.get())
                .map(|slot| slot.value.span());
            cx.error(
                span.unwrap_or_else(|| self.ident.span()),
                format_args!(
                    "default_page_size ({default_size}) exceeds max_page_size ({max_size})"
                ),
            );
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
            .any(|field| field.attrs.misspelt.contains(&"id"));
        match ids.as_slice() {
            [] if id_misspelt => {}
            [] => cx.error(
                self.ident.span(),
                "a resource needs one field marked #[filterable(id)]: the resource id, for filter[id] and stable sorting",
            ),
            [_] => {}
            [first, others @ ..] => {
                for other in others {
                    cx.error(
                        other.attrs.id.span().unwrap_or_else(|| other.ident.span()),
                        format_args!("only one field can be #[filterable(id)]; `{}` is already the id", first.ident),
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
        let Some(default_sort) = self.attrs.default_sort.get() else {
            return;
        };
        let literal = &default_sort.value;
        let sortable: Vec<String> = self
            .fields
            .iter()
            .filter(|field| field.is_sortable())
            .map(|field| field.key())
            .collect();
        for criterion in literal.value().split(',') {
            let key = criterion.strip_prefix('-').unwrap_or(criterion);
            if key.is_empty() {
                cx.error(
                    literal.span(),
                    "default_sort has an empty sort key: write sortable keys separated by commas, `-` for descending, e.g. \"-created-at,id\"",
                );
            } else if !sortable.contains(&crate::case::dasherize(key)) {
                cx.error(
                    literal.span(),
                    format_args!(
                        "default_sort names `{key}`, which is not a sortable field; sortable: {}",
                        sortable.join(", ")
                    ),
                );
            }
        }
    }
}

impl Field<'_> {
    pub fn is_sortable(&self) -> bool {
        self.role() != Role::Skip
            && self
                .attrs
                .sortable
                .get()
                .is_none_or(|sortable| sortable.value.value)
    }

    /// The filter keys the field may produce. Where the kind is unknown to the macro, every predicate
    /// counts, so that a collision is never missed.
    fn possible_filter_keys(&self) -> Vec<String> {
        let key = self.key();
        match self.role() {
            Role::Skip => vec![],
            Role::Id | Role::Exact => vec![key],
            Role::ForeignKey | Role::Predicates => {
                let suffixes: Vec<String> = match (self.attrs.only.get(), self.visible_kind()) {
                    (Some(only), _) => only.value.iter().map(|p| p.value.clone()).collect(),
                    (None, _) if self.role() == Role::ForeignKey => FOREIGN_KEY_PREDICATES
                        .iter()
                        .map(|p| p.to_string())
                        .collect(),
                    (None, Some(kind)) => default_predicates(kind)
                        .iter()
                        .map(|p| p.to_string())
                        .collect(),
                    (None, None) => PREDICATE_NAMES
                        .iter()
                        .filter(|p| !OPT_IN_PREDICATES.contains(p))
                        .map(|p| p.to_string())
                        .collect(),
                };
                let opt_in = [
                    ("null", &self.attrs.null),
                    ("not_null", &self.attrs.not_null),
                ];
                let extra = opt_in
                    .iter()
                    .filter(|(_, slot)| slot.is_set())
                    .map(|(name, _)| name.to_string());
                let mut keys: Vec<String> = suffixes
                    .into_iter()
                    .chain(extra)
                    .map(|suffix| format!("{key}-{}", suffix.replace('_', "-")))
                    .collect();
                // `only(null)` with `null` names one key twice; that is the field's own key, not a collision.
                keys.sort();
                keys.dedup();
                keys
            }
        }
    }

    fn validate(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        let others: Vec<(&str, Option<proc_macro2::Span>)> = vec![
            ("id", attrs.id.span()),
            ("exact", attrs.exact.span()),
            ("foreign_key", attrs.foreign_key.span()),
            ("rename", attrs.rename.span()),
            ("column", attrs.column.span()),
            ("only", attrs.only.span()),
            ("null", attrs.null.span()),
            ("not_null", attrs.not_null.span()),
            ("sortable", attrs.sortable.span()),
            ("kind", attrs.kind.span()),
            ("relationship", attrs.relationship.span()),
            ("related_type", attrs.related_type.span()),
            ("related_fields", attrs.related_fields.span()),
        ];
        if let Some(skip) = attrs.skip.span() {
            let combined: Vec<&str> = others
                .iter()
                .filter(|(_, span)| span.is_some())
                .map(|(name, _)| *name)
                .collect();
            if !combined.is_empty() {
                cx.error(
                    skip,
                    format_args!(
                        "`skip` cannot be combined with other filterable attributes (here: {})",
                        combined.join(", ")
                    ),
                );
            }
            return;
        }
        let roles: Vec<(&str, proc_macro2::Span)> = [
            ("id", &attrs.id),
            ("exact", &attrs.exact),
            ("foreign_key", &attrs.foreign_key),
        ]
        .into_iter()
        .filter_map(|(name, slot)| slot.span().map(|span| (name, span)))
        .collect();
        if let [(first, _), (second, span), ..] = roles.as_slice() {
            cx.error(
                *span,
                format_args!("`{second}` cannot be combined with `{first}`"),
            );
        }
        let suffixless = attrs.id.is_set() || attrs.exact.is_set();
        if suffixless {
            let role = if attrs.id.is_set() { "id" } else { "exact" };
            for (name, slot_span) in [
                ("only", attrs.only.span()),
                ("null", attrs.null.span()),
                ("not_null", attrs.not_null.span()),
            ] {
                if let Some(span) = slot_span {
                    cx.error(span, format_args!("`{name}` does not apply to an `{role}` filter, which has no predicate suffix and takes a list"));
                }
            }
        }
        if !attrs.foreign_key.is_set() {
            for (name, span) in [
                ("relationship", attrs.relationship.span()),
                ("related_type", attrs.related_type.span()),
                ("related_fields", attrs.related_fields.span()),
            ] {
                if let Some(span) = span {
                    cx.error(
                        span,
                        format_args!("`{name}` applies only to a `foreign_key` field"),
                    );
                }
            }
        }
        if let Some(rename) = attrs.rename.get()
            && !is_valid_key(&rename.value.value())
        {
            cx.error(
                    rename.value.span(),
                    "rename must be lower-case words separated by dashes or underscores, e.g. \"rows-count\"",
                );
        }
        for (name, slot) in [
            ("relationship", &attrs.relationship),
            ("related_type", &attrs.related_type),
        ] {
            if let Some(value) = slot.get()
                && !is_valid_key(&value.value.value())
            {
                cx.error(
                    value.value.span(),
                    format_args!(
                        "{name} must be lower-case words separated by dashes, e.g. \"account\""
                    ),
                );
            }
        }
        if let Some(column) = attrs.column.get()
            && !is_sql_identifier(&column.value.value())
        {
            cx.error(
                column.value.span(),
                "column must be an SQL identifier: letters, digits and underscores",
            );
        }
        if let Some(kind) = attrs.kind.get()
            && SyntacticKind::from_kind_name(&kind.value.value()).is_none()
        {
            let message = if kind.value.value() == "enum" {
                "kind = \"enum\" cannot be set by attribute, since an enum needs its wire values: derive FilterEnum on the field's type instead".to_owned()
            } else {
                format!(
                    "unknown kind `{}`; expected one of: {}",
                    kind.value.value(),
                    KIND_NAMES
                        .iter()
                        .filter(|k| **k != "enum")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            cx.error(kind.value.span(), message);
        }
        self.validate_predicates(cx);
    }

    fn validate_predicates(&self, cx: &mut Ctxt) {
        let attrs = &self.attrs;
        let kind = self.visible_kind();
        let fits = |predicate: &str| -> bool {
            if OPT_IN_PREDICATES.contains(&predicate) {
                return true;
            }
            match kind {
                _ if attrs.foreign_key.is_set() => FOREIGN_KEY_PREDICATES.contains(&predicate),
                Some(kind) => default_predicates(kind).contains(&predicate),
                None => true,
            }
        };
        let describe = |cx: &mut Ctxt, span, predicate: &str| {
            let (what, accepted): (String, Vec<&str>) = match kind {
                _ if attrs.foreign_key.is_set() => {
                    ("a foreign key".to_owned(), FOREIGN_KEY_PREDICATES.to_vec())
                }
                Some(kind) => (
                    format!("{} field", with_article(kind.name())),
                    default_predicates(kind).to_vec(),
                ),
                None => (String::new(), vec![]),
            };
            let accepted: Vec<&str> = accepted
                .into_iter()
                .chain(OPT_IN_PREDICATES.iter().copied())
                .collect();
            cx.error(
                span,
                format_args!(
                    "`{predicate}` does not apply to `{}`, {what}; it takes: {}",
                    self.ident,
                    accepted.join(", ")
                ),
            );
        };
        if let Some(only) = attrs.only.get() {
            if only.value.is_empty() {
                cx.error(
                    only.span,
                    "`only(...)` needs at least one predicate, e.g. only(eq, in)",
                );
            }
            let mut seen = Vec::new();
            for predicate in &only.value {
                let name = predicate.value.as_str();
                if !PREDICATE_NAMES.contains(&name) {
                    let suggestion = suggest_predicate(name)
                        .map(|close| format!(" (did you mean `{close}`?)"))
                        .unwrap_or_default();
                    cx.error(
                        predicate.span,
                        format_args!(
                            "unknown predicate `{name}`{suggestion}; expected one of: {}",
                            PREDICATE_NAMES.join(", ")
                        ),
                    );
                } else if seen.contains(&name) {
                    cx.error(
                        predicate.span,
                        format_args!("predicate `{name}` is listed twice"),
                    );
                } else if !fits(name) {
                    describe(cx, predicate.span, name);
                }
                seen.push(name);
            }
        }
        if !self.optional && kind.is_some() && attrs.kind.get().is_none() {
            for (name, span) in [
                ("null", attrs.null.span()),
                ("not_null", attrs.not_null.span()),
            ] {
                if let Some(span) = span {
                    cx.error(
                        span,
                        format_args!(
                            "`{name}` applies to nullable fields (`Option<T>`); `{}` is never NULL",
                            self.ident
                        ),
                    );
                }
            }
        }
    }
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
                "`cont` does not apply to `count`, an integer field; it takes: eq, not_eq, gt, gteq, lt, lteq, in, not_in, null, not_null",
                "`gt` does not apply to `uuid`, a uuid field; it takes: eq, not_eq, in, not_in, null, not_null",
                "unknown predicate `nul` (did you mean `null`?); expected one of: eq, not_eq, gt, gteq, lt, lteq, cont, start, end, in, not_in, cont_any, null, not_null",
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
                "unknown filterable attribute `typ` (did you mean `type`?); expected one of: type, table, default_sort, default_page_size, max_page_size",
                "unknown filterable attribute `di` (did you mean `id`?); expected one of: id, exact, foreign_key, skip, rename, column, only, null, not_null, sortable, kind, relationship, related_type, related_fields",
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
    fn articles() {
        assert_eq!(with_article("integer"), "an integer");
        assert_eq!(with_article("enum"), "an enum");
        assert_eq!(with_article("uuid"), "a uuid");
        assert_eq!(with_article("string"), "a string");
        assert_eq!(with_article("datetime"), "a datetime");
    }
}
