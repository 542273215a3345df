//! Reading `#[filterable(...)]` attributes into typed values. Every mistake is recorded in the [`Ctxt`] and
//! reading goes on, so that the user sees all of them in one compile.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitBool, LitInt, LitStr};

/// The attribute every derive of this crate reads.
pub const FILTERABLE: &str = "filterable";

/// Struct-level keys.
pub const STRUCT_KEYS: &[&str] = &[
    "type",
    "table",
    "default_sort",
    "default_page_size",
    "max_page_size",
];
/// Field-level keys.
pub const FIELD_KEYS: &[&str] = &[
    "id",
    "exact",
    "foreign_key",
    "skip",
    "rename",
    "column",
    "only",
    "null",
    "not_null",
    "sortable",
    "kind",
    "relationship",
    "related_type",
    "related_fields",
];
/// Enum-level keys (`#[derive(FilterEnum)]`).
pub const ENUM_KEYS: &[&str] = &["rename_all"];
/// Variant-level keys (`#[derive(FilterEnum)]`).
pub const VARIANT_KEYS: &[&str] = &["rename"];
/// The predicate names accepted in `only(...)`, in their underscored form.
pub const PREDICATE_NAMES: &[&str] = &[
    "eq", "not_eq", "gt", "gteq", "lt", "lteq", "cont", "start", "end", "in", "not_in", "cont_any",
    "null", "not_null",
];
/// Names other filter languages (SQL, Django, MongoDB, Ransack aliases) give a predicate, with the one meant.
const PREDICATE_SYNONYMS: &[(&str, &str)] = &[
    ("equals", "eq"),
    ("is", "eq"),
    ("ne", "not_eq"),
    ("neq", "not_eq"),
    ("not_equal", "not_eq"),
    ("gte", "gteq"),
    ("ge", "gteq"),
    ("lte", "lteq"),
    ("le", "lteq"),
    ("contains", "cont"),
    ("icontains", "cont"),
    ("like", "cont"),
    ("ilike", "cont"),
    ("starts_with", "start"),
    ("startswith", "start"),
    ("begins_with", "start"),
    ("ends_with", "end"),
    ("endswith", "end"),
    ("eq_any", "in"),
    ("nin", "not_in"),
    ("not_eq_all", "not_in"),
    ("contains_any", "cont_any"),
    ("is_null", "null"),
    ("isnull", "null"),
    ("is_not_null", "not_null"),
];

/// The predicate an unknown `name` in `only(...)` most likely meant: its synonym, else the closest spelling.
pub fn suggest_predicate(name: &str) -> Option<&'static str> {
    PREDICATE_SYNONYMS
        .iter()
        .find(|(synonym, _)| *synonym == name)
        .map(|(_, predicate)| *predicate)
        .or_else(|| closest_name(name, PREDICATE_NAMES))
}

/// The kind names accepted in `kind = "..."`.
pub const KIND_NAMES: &[&str] = &["string", "integer", "datetime", "enum", "uuid", "boolean"];

/// Collects errors; see serde_derive's `Ctxt`.
#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// Records an error on `span`.
    pub fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// Records a syn error.
    pub fn syn_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// All errors combined, or `Ok` when there are none.
    pub fn check(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                for error in errors {
                    first.combine(error);
                }
                Err(first)
            }
        }
    }
}

/// A value with the span it was written at.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A flag or a value that may be given once.
pub struct Slot<T> {
    name: &'static str,
    value: Option<Spanned<T>>,
}

impl<T> Slot<T> {
    pub fn new(name: &'static str) -> Self {
        Slot { name, value: None }
    }

    fn set(&mut self, cx: &mut Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            cx.error(
                span,
                format_args!("`{}` is given more than once; keep one", self.name),
            );
        } else {
            self.value = Some(Spanned { value, span });
        }
    }

    /// The attribute key, as the user writes it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn get(&self) -> Option<&Spanned<T>> {
        self.value.as_ref()
    }

    pub fn span(&self) -> Option<Span> {
        self.value.as_ref().map(|spanned| spanned.span)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

/// `#[filterable(...)]` on the struct.
pub struct StructAttrs {
    pub type_name: Slot<LitStr>,
    pub table: Slot<LitStr>,
    pub default_sort: Slot<LitStr>,
    pub default_page_size: Slot<LitInt>,
    pub max_page_size: Slot<LitInt>,
    /// The keys that misspelt ones most likely meant; their absence is then not reported a second time.
    pub misspelt: Vec<&'static str>,
}

/// `#[filterable(...)]` on a field.
pub struct FieldAttrs {
    pub id: Slot<()>,
    pub exact: Slot<()>,
    pub foreign_key: Slot<()>,
    pub skip: Slot<()>,
    pub rename: Slot<LitStr>,
    pub column: Slot<LitStr>,
    /// The predicates named in `only(...)`, each with its span.
    pub only: Slot<Vec<Spanned<String>>>,
    pub null: Slot<()>,
    pub not_null: Slot<()>,
    pub sortable: Slot<LitBool>,
    pub kind: Slot<LitStr>,
    pub relationship: Slot<LitStr>,
    pub related_type: Slot<LitStr>,
    pub related_fields: Slot<LitStr>,
    /// The keys that misspelt ones most likely meant; their absence is then not reported a second time.
    pub misspelt: Vec<&'static str>,
}

/// `#[filterable(...)]` on an enum.
pub struct EnumAttrs {
    pub rename_all: Slot<LitStr>,
}

/// `#[filterable(...)]` on an enum variant.
pub struct VariantAttrs {
    pub rename: Slot<LitStr>,
}

/// Reports an unknown key and skips its value; returns the accepted key it most likely meant.
fn unknown_key(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    accepted: &[&'static str],
) -> Option<&'static str> {
    let key = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| "?".to_owned());
    let meant = closest_name(&key, accepted);
    let suggestion = meant
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default();
    cx.error(
        meta.path_span(),
        format_args!(
            "unknown filterable attribute `{key}`{suggestion}; expected one of: {}",
            accepted.join(", ")
        ),
    );
    // Consume a value, if any, so that reading goes on with the next key.
    if meta.input.peek(syn::Token![=]) {
        let _ = meta.value().and_then(|value| value.parse::<syn::Expr>());
    } else if meta.input.peek(syn::token::Paren) {
        let _ = meta.input.parse::<proc_macro2::TokenTree>();
    }
    meant
}

trait PathSpan {
    fn path_span(&self) -> Span;
}

impl PathSpan for ParseNestedMeta<'_> {
    fn path_span(&self) -> Span {
        syn::spanned::Spanned::span(&self.path)
    }
}

/// Calls `read` for each key of each `#[filterable(...)]` attribute, recording parse errors in `cx`.
fn for_each_key(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    mut read: impl FnMut(&mut Ctxt, &ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(FILTERABLE)) {
        let mut errors = Ctxt::default();
        let result = attr.parse_nested_meta(|meta| read(&mut errors, &meta));
        if let Err(error) = result {
            cx.syn_error(error);
        }
        if let Err(error) = errors.check() {
            cx.syn_error(error);
        }
    }
}

/// `key = "..."`, with a message that names the key and shows the expected form.
fn string(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<LitStr> {
    literal(
        meta,
        format!("`{key}` takes a string, e.g. {key} = \"...\""),
    )
}

/// `key = 50`, a whole number.
fn integer(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<LitInt> {
    literal(
        meta,
        format!("`{key}` takes a whole number, e.g. {key} = 50"),
    )
}

/// `key = true` or `key = false`.
fn boolean(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<LitBool> {
    literal(
        meta,
        format!("`{key}` takes true or false, e.g. {key} = false"),
    )
}

/// The literal after `=`; when the value is something else, an error on the value saying what was expected.
fn literal<L: syn::parse::Parse>(meta: &ParseNestedMeta<'_>, expected: String) -> syn::Result<L> {
    let value = meta
        .value()
        .map_err(|error| syn::Error::new(error.span(), &expected))?;
    let fork = value.fork();
    match fork.parse::<L>() {
        Ok(_) => value.parse(),
        Err(_) => {
            let found: syn::Expr = value.parse()?;
            Err(syn::Error::new_spanned(found, expected))
        }
    }
}

/// The predicate names of `only(a, b, ...)`, each with its span; `only()` gives an empty list.
fn predicate_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Spanned<String>>> {
    let expected = "`only` takes a list of predicates, e.g. only(eq, in)";
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(expected));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let mut names = Vec::new();
    while !content.is_empty() {
        let name: syn::Ident = content
            .call(syn::ext::IdentExt::parse_any)
            .map_err(|error| syn::Error::new(error.span(), expected))?;
        if content.peek(syn::Token![-]) {
            // `not-eq` is the key's spelling; in Rust attributes the predicate is an identifier.
            let mut words = vec![name];
            while content.peek(syn::Token![-]) {
                content.parse::<syn::Token![-]>()?;
                words.push(content.call(<syn::Ident as syn::ext::IdentExt>::parse_any)?);
            }
            let underscored: Vec<String> = words.iter().map(ToString::to_string).collect();
            let (first, last) = (&words[0], &words[words.len() - 1]);
            return Err(syn::Error::new_spanned(
                quote::quote!(#first #last),
                format!(
                    "write the predicate with underscores in only(...): `{}`",
                    underscored.join("_")
                ),
            ));
        }
        names.push(Spanned {
            value: name.to_string(),
            span: name.span(),
        });
        if content.is_empty() {
            break;
        }
        content
            .parse::<syn::Token![,]>()
            .map_err(|error| syn::Error::new(error.span(), expected))?;
    }
    Ok(names)
}

/// The accepted name a misspelt `name` most likely meant: at most a third of its letters off.
pub fn closest_name<'a>(name: &str, accepted: &[&'a str]) -> Option<&'a str> {
    let allowed = (name.chars().count() / 3).max(1);
    accepted
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1)
                .min(table[i - 1][j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

impl StructAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> StructAttrs {
        let mut out = StructAttrs {
            type_name: Slot::new("type"),
            table: Slot::new("table"),
            default_sort: Slot::new("default_sort"),
            default_page_size: Slot::new("default_page_size"),
            max_page_size: Slot::new("max_page_size"),
            misspelt: Vec::new(),
        };
        for_each_key(cx, attrs, |cx, meta| {
            let span = meta.path_span();
            if meta.path.is_ident("type") {
                out.type_name.set(cx, span, string(meta, "type")?);
            } else if meta.path.is_ident("table") {
                out.table.set(cx, span, string(meta, "table")?);
            } else if meta.path.is_ident("default_sort") {
                out.default_sort
                    .set(cx, span, string(meta, "default_sort")?);
            } else if meta.path.is_ident("default_page_size") {
                out.default_page_size
                    .set(cx, span, integer(meta, "default_page_size")?);
            } else if meta.path.is_ident("max_page_size") {
                out.max_page_size
                    .set(cx, span, integer(meta, "max_page_size")?);
            } else {
                out.misspelt.extend(unknown_key(cx, meta, STRUCT_KEYS));
            }
            Ok(())
        });
        out
    }
}

impl FieldAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
        let mut out = FieldAttrs {
            id: Slot::new("id"),
            exact: Slot::new("exact"),
            foreign_key: Slot::new("foreign_key"),
            skip: Slot::new("skip"),
            rename: Slot::new("rename"),
            column: Slot::new("column"),
            only: Slot::new("only"),
            null: Slot::new("null"),
            not_null: Slot::new("not_null"),
            sortable: Slot::new("sortable"),
            kind: Slot::new("kind"),
            relationship: Slot::new("relationship"),
            related_type: Slot::new("related_type"),
            related_fields: Slot::new("related_fields"),
            misspelt: Vec::new(),
        };
        for_each_key(cx, attrs, |cx, meta| {
            let span = meta.path_span();
            let flags = [
                ("id", &mut out.id),
                ("exact", &mut out.exact),
                ("foreign_key", &mut out.foreign_key),
                ("skip", &mut out.skip),
                ("null", &mut out.null),
                ("not_null", &mut out.not_null),
            ];
            for (name, slot) in flags {
                if meta.path.is_ident(name) {
                    // Recorded even with a stray value, so that the flag is not then reported missing.
                    slot.set(cx, span, ());
                    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                        return Err(meta.error(format_args!(
                            "`{name}` is a flag and takes no value: write #[filterable({name})]"
                        )));
                    }
                    return Ok(());
                }
            }
            let strings = [
                ("rename", &mut out.rename),
                ("column", &mut out.column),
                ("kind", &mut out.kind),
                ("relationship", &mut out.relationship),
                ("related_type", &mut out.related_type),
                ("related_fields", &mut out.related_fields),
            ];
            for (name, slot) in strings {
                if meta.path.is_ident(name) {
                    slot.set(cx, span, string(meta, name)?);
                    return Ok(());
                }
            }
            if meta.path.is_ident("sortable") {
                out.sortable.set(cx, span, boolean(meta, "sortable")?);
            } else if meta.path.is_ident("only") {
                let predicates = predicate_list(meta)?;
                out.only.set(cx, span, predicates);
            } else {
                out.misspelt.extend(unknown_key(cx, meta, FIELD_KEYS));
            }
            Ok(())
        });
        out
    }
}

impl EnumAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> EnumAttrs {
        let mut out = EnumAttrs {
            rename_all: Slot::new("rename_all"),
        };
        for_each_key(cx, attrs, |cx, meta| {
            if meta.path.is_ident("rename_all") {
                out.rename_all
                    .set(cx, meta.path_span(), string(meta, "rename_all")?);
            } else {
                unknown_key(cx, meta, ENUM_KEYS);
            }
            Ok(())
        });
        out
    }
}

impl VariantAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> VariantAttrs {
        let mut out = VariantAttrs {
            rename: Slot::new("rename"),
        };
        for_each_key(cx, attrs, |cx, meta| {
            if meta.path.is_ident("rename") {
                out.rename
                    .set(cx, meta.path_span(), string(meta, "rename")?);
            } else {
                unknown_key(cx, meta, VARIANT_KEYS);
            }
            Ok(())
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_keys_get_a_suggestion() {
        assert_eq!(closest_name("renmae", FIELD_KEYS), Some("rename"));
        assert_eq!(closest_name("tabel", STRUCT_KEYS), Some("table"));
        assert_eq!(closest_name("sortabel", FIELD_KEYS), Some("sortable"));
        assert_eq!(closest_name("foreignkey", FIELD_KEYS), Some("foreign_key"));
        assert_eq!(closest_name("not_nul", PREDICATE_NAMES), Some("not_null"));
    }

    #[test]
    fn predicates_from_other_filter_languages_suggest_the_one_meant() {
        assert_eq!(suggest_predicate("neq"), Some("not_eq"));
        assert_eq!(suggest_predicate("contains"), Some("cont"));
        assert_eq!(suggest_predicate("gte"), Some("gteq"));
        assert_eq!(suggest_predicate("starts_with"), Some("start"));
        assert_eq!(suggest_predicate("is_null"), Some("null"));
        assert_eq!(suggest_predicate("not_nul"), Some("not_null"));
        assert_eq!(suggest_predicate("between"), None);
    }

    #[test]
    fn every_synonym_names_a_predicate_and_is_not_one() {
        for (synonym, predicate) in PREDICATE_SYNONYMS {
            assert!(
                PREDICATE_NAMES.contains(predicate),
                "{synonym} -> {predicate}"
            );
            assert!(!PREDICATE_NAMES.contains(synonym), "{synonym}");
        }
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        assert_eq!(closest_name("contains", PREDICATE_NAMES), None);
        assert_eq!(closest_name("primary", FIELD_KEYS), None);
        assert_eq!(closest_name("x", STRUCT_KEYS), None);
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one_edit() {
        assert_eq!(edit_distance("rename", "rename"), 0);
        assert_eq!(edit_distance("renmae", "rename"), 1);
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(edit_distance("only", "onyl"), 1);
        assert_eq!(edit_distance("kind", "mind"), 1);
    }
}
