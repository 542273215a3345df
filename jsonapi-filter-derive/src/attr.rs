//! Reading `#[filterable(...)]` attributes into typed values: a kind is a [`ValueKind`], `only(...)` a list of
//! [`Predicate`]s, `default_sort` a list of keys with directions, a page size a number of at least 1. Every
//! mistake is recorded in the [`Ctxt`] and reading goes on, so that the user sees all of them in one compile.
//! Each attribute is named once, by a constant below; the predicate flags (`null`, `not_null`) are named by
//! the vocabulary.

use jsonapi_filter_vocabulary::key::dasherize;
use jsonapi_filter_vocabulary::{Predicate, ValueKind};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitBool, LitInt, LitStr};

/// The attribute every derive of this crate reads.
pub const FILTERABLE: &str = "filterable";

// Struct-level keys.
pub const TYPE: &str = "type";
pub const TABLE: &str = "table";
pub const DEFAULT_SORT: &str = "default_sort";
pub const DEFAULT_PAGE_SIZE: &str = "default_page_size";
pub const MAX_PAGE_SIZE: &str = "max_page_size";
pub const RELATIONSHIP_DEPTH: &str = "relationship_depth";
pub const HAS_MANY: &str = "has_many";
// Keys inside `has_many(...)`.
pub const HAS_MANY_NAME: &str = "name";
pub const HAS_MANY_RELATED: &str = "related";
pub const HAS_MANY_FOREIGN_KEY: &str = "foreign_key";
// Field-level keys, besides the opt-in predicates.
pub const ID: &str = "id";
pub const EXACT: &str = "exact";
pub const WITH_EXACT: &str = "with_exact";
pub const FOREIGN_KEY: &str = "foreign_key";
pub const SKIP: &str = "skip";
pub const FILTER_ONLY: &str = "filter_only";
pub const DEFAULT: &str = "default";
pub const RENAME: &str = "rename";
pub const COLUMN: &str = "column";
pub const ONLY: &str = "only";
pub const SORTABLE: &str = "sortable";
pub const KIND: &str = "kind";
pub const SCALE: &str = "scale";
pub const RELATIONSHIP: &str = "relationship";
pub const RELATED_TYPE: &str = "related_type";
pub const RELATED_FIELDS: &str = "related_fields";
pub const RELATED: &str = "related";
// Enum-level and variant-level keys (`#[derive(FilterEnum)]`).
pub const RENAME_ALL: &str = "rename_all";

/// `page[size]` when neither the request nor `default_page_size` gives one.
pub const PAGE_SIZE_WHEN_UNSET: u64 = 50;
/// The largest `page[size]` when `max_page_size` is not given.
pub const MAX_PAGE_SIZE_WHEN_UNSET: u64 = 1000;

/// Struct-level keys, in the order messages list them.
pub const STRUCT_KEYS: &[&str] = &[
    TYPE,
    TABLE,
    DEFAULT_SORT,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    RELATIONSHIP_DEPTH,
    HAS_MANY,
];

/// The keys of `has_many(...)`, in the order messages list them.
pub const HAS_MANY_KEYS: &[&str] = &[HAS_MANY_NAME, HAS_MANY_RELATED, HAS_MANY_FOREIGN_KEY];

/// How many relationships a filter key may go through when `relationship_depth` is not given.
pub const RELATIONSHIP_DEPTH_WHEN_UNSET: u64 = 2;

/// Field-level keys, in the order messages list them: the opt-in predicates stand after `only`.
pub fn field_keys() -> Vec<String> {
    let before = [
        ID,
        EXACT,
        WITH_EXACT,
        FOREIGN_KEY,
        SKIP,
        FILTER_ONLY,
        RENAME,
        COLUMN,
        ONLY,
    ];
    let after = [
        DEFAULT,
        SORTABLE,
        KIND,
        SCALE,
        RELATIONSHIP,
        RELATED,
        RELATED_TYPE,
        RELATED_FIELDS,
    ];
    before
        .iter()
        .map(|key| key.to_string())
        .chain(opt_in_predicates().map(Predicate::rust_name))
        .chain(after.iter().map(|key| key.to_string()))
        .collect()
}

/// The predicates a field opts in to with a flag of the same name (`#[filterable(null)]`).
pub fn opt_in_predicates() -> impl Iterator<Item = Predicate> {
    Predicate::ALL
        .into_iter()
        .filter(|predicate| predicate.is_opt_in())
}

/// Every predicate's Rust name (`not_in`), in documentation order, for messages.
pub fn predicate_names() -> Vec<String> {
    Predicate::ALL
        .into_iter()
        .map(Predicate::rust_name)
        .collect()
}

/// The predicate an unknown `name` in `only(...)` most likely meant: its synonym in another filter language,
/// else the closest spelling.
pub fn suggest_predicate(name: &str) -> Option<Predicate> {
    Predicate::from_synonym(name).or_else(|| {
        let names = predicate_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        closest_name(name, &names).and_then(Predicate::from_rust_name)
    })
}

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
    name: String,
    value: Option<Spanned<T>>,
}

impl<T> Slot<T> {
    pub fn new(name: impl Into<String>) -> Self {
        Slot {
            name: name.into(),
            value: None,
        }
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
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn get(&self) -> Option<&Spanned<T>> {
        self.value.as_ref()
    }

    pub fn value(&self) -> Option<&T> {
        self.value.as_ref().map(|spanned| &spanned.value)
    }

    pub fn span(&self) -> Option<Span> {
        self.value.as_ref().map(|spanned| spanned.span)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

/// One criterion of `default_sort`: `-created-at` is `created-at`, descending.
pub struct SortCriterion {
    /// The key as written (`created_at`), for messages.
    pub written: String,
    /// The dasherized key (`created-at`).
    pub key: String,
    pub descending: bool,
}

/// `#[filterable(...)]` on the struct.
pub struct StructAttrs {
    pub type_name: Slot<LitStr>,
    pub table: Slot<LitStr>,
    /// The criteria of `default_sort`, its literal's span as the slot's span; empty keys are already reported.
    pub default_sort: Slot<Vec<SortCriterion>>,
    /// The page sizes, each at least 1 (a smaller or unreadable one is reported and left unset), spanned on
    /// their literals.
    pub default_page_size: Slot<u64>,
    pub max_page_size: Slot<u64>,
    /// `relationship_depth = 3`, at least 1, spanned on its literal.
    pub relationship_depth: Slot<u64>,
    /// Each `has_many(...)`, in order.
    pub has_many: Vec<HasMany>,
    /// The keys that misspelt ones most likely meant; their absence is then not reported a second time.
    pub misspelt: Vec<String>,
}

/// `has_many(name = "calls", related = Call, foreign_key = "account_id")`: a to-many relationship, the rows of
/// `related` whose field `foreign_key` holds this resource's id.
pub struct HasMany {
    /// The relationship name; the related resource's type when not given.
    pub name: Option<LitStr>,
    /// The related resource's `#[derive(Filterable)]` type.
    pub related: Option<syn::Path>,
    /// The Rust name of the related resource's field that holds this resource's id.
    pub foreign_key: Option<LitStr>,
    /// The span of `has_many`, for what is missing.
    pub span: Span,
}

/// The literal of a `default`: what the macro can tell of its type on its face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultLiteral {
    Boolean(bool),
    Integer(i64),
    Text(String),
}

impl DefaultLiteral {
    /// What the literal is, for messages: `the boolean true`, `the string "maybe"`.
    pub fn describe(&self) -> String {
        match self {
            DefaultLiteral::Boolean(flag) => format!("the boolean {flag}"),
            DefaultLiteral::Integer(number) => format!("the integer {number}"),
            DefaultLiteral::Text(text) => format!("the string {text:?}"),
        }
    }
}

/// `default = <literal>` (a suffix-less filter's default) or `default(<predicate> = <literal>)`.
pub struct DefaultAttr {
    /// The predicate named in `default(...)`, with its span; `None` for `default = ...`. An unknown name is
    /// already reported (and the whole default left unset).
    pub predicate: Option<Spanned<Predicate>>,
    /// The value, spanned on its literal.
    pub value: Spanned<DefaultLiteral>,
}

/// `#[filterable(...)]` on a field.
pub struct FieldAttrs {
    pub id: Slot<()>,
    pub exact: Slot<()>,
    /// Beside the predicate keys, the suffix-less list key an `exact` field has.
    pub with_exact: Slot<()>,
    pub foreign_key: Slot<()>,
    pub skip: Slot<()>,
    /// Filtered, but neither an attribute nor sortable.
    pub filter_only: Slot<()>,
    /// The filter applied when the request gives none on the field; spanned on the `default` key.
    pub default: Slot<DefaultAttr>,
    pub rename: Slot<LitStr>,
    pub column: Slot<LitStr>,
    /// The known predicates named in `only(...)`, each with its span; unknown and repeated names are already
    /// reported.
    pub only: Slot<Vec<Spanned<Predicate>>>,
    /// One flag per opt-in predicate (`null`, `not_null`).
    pub opt_in: Vec<(Predicate, Slot<()>)>,
    pub sortable: Slot<bool>,
    /// The kind given; `None` when the name given is not a kind (already reported).
    pub kind: Slot<Option<ValueKind>>,
    /// A decimal's digits after the point, from 0 to [`ValueKind::DECIMAL_PRECISION`], spanned on the key;
    /// `None` when the number given is out of range (already reported on its literal).
    pub scale: Slot<Option<u32>>,
    pub relationship: Slot<LitStr>,
    pub related_type: Slot<LitStr>,
    /// `related = Account`: the related resource's own `#[derive(Filterable)]` type, whose declaration gives
    /// the relationship's type and fields.
    pub related: Slot<syn::Path>,
    /// The dasherized attribute keys of `related_fields = "a,b"`.
    pub related_fields: Slot<Vec<String>>,
    /// The keys that misspelt ones most likely meant; their absence is then not reported a second time.
    pub misspelt: Vec<String>,
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
fn unknown_key(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, accepted: &[&str]) -> Option<String> {
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
    meant.map(str::to_owned)
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

/// A page size: a whole number of at least 1; anything smaller is reported on the literal and left unset.
fn page_size(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
) -> syn::Result<Option<Spanned<u64>>> {
    let literal = integer(meta, key)?;
    match literal.base10_parse::<u64>() {
        Ok(size) if size >= 1 => Ok(Some(Spanned {
            value: size,
            span: literal.span(),
        })),
        _ => {
            cx.error(
                literal.span(),
                format_args!("{key} must be a whole number of at least 1"),
            );
            Ok(None)
        }
    }
}

/// `has_many(name = "...", related = Type, foreign_key = "...")`; a missing key is reported by validation.
fn has_many(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<HasMany> {
    let mut out = HasMany {
        name: None,
        related: None,
        foreign_key: None,
        span: meta.path_span(),
    };
    meta.parse_nested_meta(|inner| {
        let span = inner.path_span();
        let once = |cx: &mut Ctxt, given: bool, key: &str| {
            if given {
                cx.error(
                    span,
                    format_args!("`{key}` is given more than once; keep one"),
                );
            }
        };
        if inner.path.is_ident(HAS_MANY_NAME) {
            once(cx, out.name.is_some(), HAS_MANY_NAME);
            out.name = Some(string(&inner, HAS_MANY_NAME)?);
        } else if inner.path.is_ident(HAS_MANY_RELATED) {
            once(cx, out.related.is_some(), HAS_MANY_RELATED);
            let path: syn::Path = inner.value()?.parse().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    format_args!(
                        "`{HAS_MANY_RELATED}` takes the related resource's type, e.g. {HAS_MANY_RELATED} = Call"
                    ),
                )
            })?;
            out.related = Some(path);
        } else if inner.path.is_ident(HAS_MANY_FOREIGN_KEY) {
            once(cx, out.foreign_key.is_some(), HAS_MANY_FOREIGN_KEY);
            out.foreign_key = Some(string(&inner, HAS_MANY_FOREIGN_KEY)?);
        } else {
            unknown_key(cx, &inner, HAS_MANY_KEYS);
        }
        Ok(())
    })?;
    Ok(out)
}

/// `scale = 4`: a whole number from 0 to the decimal precision; anything else is reported on the literal and
/// left unset.
fn scale(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<u32>> {
    let precision = ValueKind::DECIMAL_PRECISION;
    let literal = literal::<LitInt>(
        meta,
        format!("`{SCALE}` takes a whole number from 0 to {precision}, e.g. {SCALE} = 4"),
    )?;
    match literal.base10_parse::<u32>() {
        Ok(scale) if scale <= precision => Ok(Some(scale)),
        _ => {
            cx.error(
                literal.span(),
                format_args!("{SCALE} must be a whole number from 0 to {precision}: a decimal has at most {precision} digits, before and after the point together"),
            );
            Ok(None)
        }
    }
}

/// `default_sort = "-created-at,id"`: the criteria, each with its direction; an empty one is reported.
fn sort_list(cx: &mut Ctxt, literal: &LitStr) -> Vec<SortCriterion> {
    let mut criteria = Vec::new();
    for criterion in literal.value().split(',') {
        let (written, descending) = match criterion.strip_prefix('-') {
            Some(key) => (key, true),
            None => (criterion, false),
        };
        if written.is_empty() {
            cx.error(
                literal.span(),
                format_args!("{DEFAULT_SORT} has an empty sort key: write sortable keys separated by commas, `-` for descending, e.g. \"-created-at,id\""),
            );
            continue;
        }
        criteria.push(SortCriterion {
            written: written.to_owned(),
            key: dasherize(written),
            descending,
        });
    }
    criteria
}

/// `kind = "..."`: a kind an attribute may set; anything else is reported on the literal.
fn kind(cx: &mut Ctxt, literal: &LitStr) -> Option<ValueKind> {
    let name = literal.value();
    match ValueKind::from_name(&name) {
        Some(kind) if kind.settable_by_attribute() => Some(kind),
        Some(kind) => {
            cx.error(
                literal.span(),
                format_args!("{KIND} = \"{}\" cannot be set by attribute, since an enum needs its wire values: derive FilterEnum on the field's type instead", kind.name()),
            );
            None
        }
        None => {
            let settable: Vec<&str> = ValueKind::ALL
                .into_iter()
                .filter(|kind| kind.settable_by_attribute())
                .map(ValueKind::name)
                .collect();
            cx.error(
                literal.span(),
                format_args!(
                    "unknown kind `{name}`; expected one of: {}",
                    settable.join(", ")
                ),
            );
            None
        }
    }
}

/// `related_fields = "name,balance"`: the related type's attribute keys, dasherized; a malformed one is
/// reported on the literal.
fn related_fields(cx: &mut Ctxt, literal: &LitStr) -> Vec<String> {
    let mut keys = Vec::new();
    for key in literal.value().split(',').map(str::trim) {
        if jsonapi_filter_vocabulary::key::is_valid_key(key) {
            keys.push(dasherize(key));
        } else {
            cx.error(
                literal.span(),
                format_args!("{RELATED_FIELDS} must be the related type's attribute keys separated by commas, e.g. \"name,balance\"; `{key}` is not a key"),
            );
        }
    }
    keys
}

/// `default = <literal>` or `default(<predicate> = <literal>)`. An unknown predicate is reported in `cx` and
/// gives `None`; a malformed attribute is an error.
fn default_filter(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<DefaultAttr>> {
    let expected = format!(
        "`{DEFAULT}` takes a literal, or a predicate and a literal: {DEFAULT} = true, {DEFAULT}(gteq = 60), {DEFAULT}(eq = \"Pending\")"
    );
    if meta.input.peek(syn::Token![=]) {
        let value = default_literal(meta.value()?, &expected)?;
        return Ok(Some(DefaultAttr {
            predicate: None,
            value,
        }));
    }
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(expected));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let name: syn::Ident = content
        .call(syn::ext::IdentExt::parse_any)
        .map_err(|error| syn::Error::new(error.span(), &expected))?;
    content
        .parse::<syn::Token![=]>()
        .map_err(|error| syn::Error::new(error.span(), &expected))?;
    let value = default_literal(&content, &expected)?;
    if !content.is_empty() {
        return Err(content.error(format!(
            "`{DEFAULT}(...)` takes one predicate and its value"
        )));
    }
    let written = name.to_string();
    match Predicate::from_rust_name(&written) {
        Some(predicate) => Ok(Some(DefaultAttr {
            predicate: Some(Spanned {
                value: predicate,
                span: name.span(),
            }),
            value,
        })),
        None => {
            unknown_predicate(cx, &name);
            Ok(None)
        }
    }
}

/// Reports `name` as a predicate the vocabulary does not have, with the closest one it has.
fn unknown_predicate(cx: &mut Ctxt, name: &syn::Ident) {
    let written = name.to_string();
    let suggestion = suggest_predicate(&written)
        .map(|close| format!(" (did you mean `{}`?)", close.rust_name()))
        .unwrap_or_default();
    cx.error(
        name.span(),
        format_args!(
            "unknown predicate `{written}`{suggestion}; expected one of: {}",
            predicate_names().join(", ")
        ),
    );
}

/// A default's literal: `true`, `60`, `-5` or `"text"`; anything else is an error on it.
fn default_literal(
    input: syn::parse::ParseStream<'_>,
    expected: &str,
) -> syn::Result<Spanned<DefaultLiteral>> {
    let expression: syn::Expr = input.parse()?;
    let span = syn::spanned::Spanned::span(&expression);
    let (negative, literal) = match &expression {
        syn::Expr::Lit(literal) => (false, &literal.lit),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match &**expr {
            syn::Expr::Lit(literal) => (true, &literal.lit),
            _ => return Err(syn::Error::new(span, expected)),
        },
        _ => return Err(syn::Error::new(span, expected)),
    };
    let value = match (literal, negative) {
        (syn::Lit::Bool(flag), false) => DefaultLiteral::Boolean(flag.value),
        (syn::Lit::Str(text), false) => DefaultLiteral::Text(text.value()),
        (syn::Lit::Int(number), _) => {
            let digits = if negative {
                format!("-{}", number.base10_digits())
            } else {
                number.base10_digits().to_owned()
            };
            match (digits.parse::<i64>(), number.suffix().is_empty()) {
                (Ok(number), true) => DefaultLiteral::Integer(number),
                _ => {
                    return Err(syn::Error::new(
                        span,
                        format!(
                            "`{DEFAULT}` takes an integer from {} to {} without a type suffix",
                            i64::MIN,
                            i64::MAX
                        ),
                    ));
                }
            }
        }
        _ => return Err(syn::Error::new(span, expected)),
    };
    Ok(Spanned { value, span })
}

/// The predicates of `only(a, b, ...)`, each with its span. Unknown, repeated and missing predicates are
/// reported in `cx`; a malformed list is an error.
fn predicate_list(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Vec<Spanned<Predicate>>> {
    let expected = format!("`{ONLY}` takes a list of predicates, e.g. {ONLY}(eq, in)");
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(expected));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let mut predicates: Vec<Spanned<Predicate>> = Vec::new();
    if content.is_empty() {
        cx.error(
            meta.path_span(),
            format_args!("`{ONLY}(...)` needs at least one predicate, e.g. {ONLY}(eq, in)"),
        );
    }
    while !content.is_empty() {
        let name: syn::Ident = content
            .call(syn::ext::IdentExt::parse_any)
            .map_err(|error| syn::Error::new(error.span(), &expected))?;
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
                    "write the predicate with underscores in {ONLY}(...): `{}`",
                    underscored.join("_")
                ),
            ));
        }
        let written = name.to_string();
        match Predicate::from_rust_name(&written) {
            None => unknown_predicate(cx, &name),
            Some(predicate) if predicates.iter().any(|seen| seen.value == predicate) => {
                cx.error(
                    name.span(),
                    format_args!("predicate `{written}` is listed twice"),
                );
            }
            Some(predicate) => predicates.push(Spanned {
                value: predicate,
                span: name.span(),
            }),
        }
        if content.is_empty() {
            break;
        }
        content
            .parse::<syn::Token![,]>()
            .map_err(|error| syn::Error::new(error.span(), &expected))?;
    }
    Ok(predicates)
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
            type_name: Slot::new(TYPE),
            table: Slot::new(TABLE),
            default_sort: Slot::new(DEFAULT_SORT),
            default_page_size: Slot::new(DEFAULT_PAGE_SIZE),
            max_page_size: Slot::new(MAX_PAGE_SIZE),
            relationship_depth: Slot::new(RELATIONSHIP_DEPTH),
            has_many: Vec::new(),
            misspelt: Vec::new(),
        };
        for_each_key(cx, attrs, |cx, meta| {
            let span = meta.path_span();
            if meta.path.is_ident(TYPE) {
                out.type_name.set(cx, span, string(meta, TYPE)?);
            } else if meta.path.is_ident(TABLE) {
                out.table.set(cx, span, string(meta, TABLE)?);
            } else if meta.path.is_ident(DEFAULT_SORT) {
                let literal = string(meta, DEFAULT_SORT)?;
                let criteria = sort_list(cx, &literal);
                out.default_sort.set(cx, literal.span(), criteria);
            } else if meta.path.is_ident(DEFAULT_PAGE_SIZE) {
                if let Some(size) = page_size(cx, meta, DEFAULT_PAGE_SIZE)? {
                    out.default_page_size.set(cx, size.span, size.value);
                }
            } else if meta.path.is_ident(MAX_PAGE_SIZE) {
                if let Some(size) = page_size(cx, meta, MAX_PAGE_SIZE)? {
                    out.max_page_size.set(cx, size.span, size.value);
                }
            } else if meta.path.is_ident(RELATIONSHIP_DEPTH) {
                if let Some(depth) = page_size(cx, meta, RELATIONSHIP_DEPTH)? {
                    out.relationship_depth.set(cx, depth.span, depth.value);
                }
            } else if meta.path.is_ident(HAS_MANY) {
                out.has_many.push(has_many(cx, meta)?);
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
            id: Slot::new(ID),
            exact: Slot::new(EXACT),
            with_exact: Slot::new(WITH_EXACT),
            foreign_key: Slot::new(FOREIGN_KEY),
            skip: Slot::new(SKIP),
            filter_only: Slot::new(FILTER_ONLY),
            default: Slot::new(DEFAULT),
            rename: Slot::new(RENAME),
            column: Slot::new(COLUMN),
            only: Slot::new(ONLY),
            opt_in: opt_in_predicates()
                .map(|predicate| (predicate, Slot::new(predicate.rust_name())))
                .collect(),
            sortable: Slot::new(SORTABLE),
            kind: Slot::new(KIND),
            scale: Slot::new(SCALE),
            relationship: Slot::new(RELATIONSHIP),
            related_type: Slot::new(RELATED_TYPE),
            related: Slot::new(RELATED),
            related_fields: Slot::new(RELATED_FIELDS),
            misspelt: Vec::new(),
        };
        let accepted = field_keys();
        for_each_key(cx, attrs, |cx, meta| {
            let span = meta.path_span();
            let role_flags = [
                &mut out.id,
                &mut out.exact,
                &mut out.with_exact,
                &mut out.foreign_key,
                &mut out.skip,
                &mut out.filter_only,
            ];
            let flags = role_flags
                .into_iter()
                .chain(out.opt_in.iter_mut().map(|(_, slot)| slot));
            for slot in flags {
                if meta.path.is_ident(slot.name()) {
                    // Recorded even with a stray value, so that the flag is not then reported missing.
                    slot.set(cx, span, ());
                    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                        let name = slot.name();
                        return Err(meta.error(format_args!(
                            "`{name}` is a flag and takes no value: write #[{FILTERABLE}({name})]"
                        )));
                    }
                    return Ok(());
                }
            }
            let strings = [
                &mut out.rename,
                &mut out.column,
                &mut out.relationship,
                &mut out.related_type,
            ];
            for slot in strings {
                if meta.path.is_ident(slot.name()) {
                    let value = string(meta, slot.name())?;
                    slot.set(cx, span, value);
                    return Ok(());
                }
            }
            if meta.path.is_ident(KIND) {
                let literal = string(meta, KIND)?;
                let kind = kind(cx, &literal);
                out.kind.set(cx, span, kind);
            } else if meta.path.is_ident(SCALE) {
                let scale = scale(cx, meta);
                // Set even when unreadable, so that the scale is not then reported missing too.
                out.scale
                    .set(cx, span, scale.as_ref().ok().copied().flatten());
                scale?;
            } else if meta.path.is_ident(RELATED) {
                let path: syn::Path = meta.value()?.parse().map_err(|_| {
                    meta.error(format_args!(
                        "`{RELATED}` takes the related resource's type, e.g. {RELATED} = Account"
                    ))
                })?;
                out.related.set(cx, span, path);
            } else if meta.path.is_ident(RELATED_FIELDS) {
                let literal = string(meta, RELATED_FIELDS)?;
                let keys = related_fields(cx, &literal);
                out.related_fields.set(cx, span, keys);
            } else if meta.path.is_ident(SORTABLE) {
                out.sortable.set(cx, span, boolean(meta, SORTABLE)?.value);
            } else if meta.path.is_ident(ONLY) {
                let predicates = predicate_list(cx, meta)?;
                out.only.set(cx, span, predicates);
            } else if meta.path.is_ident(DEFAULT) {
                if let Some(default) = default_filter(cx, meta)? {
                    out.default.set(cx, span, default);
                }
            } else {
                let accepted: Vec<&str> = accepted.iter().map(String::as_str).collect();
                out.misspelt.extend(unknown_key(cx, meta, &accepted));
            }
            Ok(())
        });
        out
    }

    /// Every key given on the field, with its span, in the order messages list keys.
    pub fn given(&self) -> Vec<(&str, Span)> {
        let before: [(&str, Option<Span>); 9] = [
            (self.id.name(), self.id.span()),
            (self.exact.name(), self.exact.span()),
            (self.with_exact.name(), self.with_exact.span()),
            (self.foreign_key.name(), self.foreign_key.span()),
            (self.skip.name(), self.skip.span()),
            (self.filter_only.name(), self.filter_only.span()),
            (self.rename.name(), self.rename.span()),
            (self.column.name(), self.column.span()),
            (self.only.name(), self.only.span()),
        ];
        let opt_in = self
            .opt_in
            .iter()
            .map(|(_, slot)| (slot.name(), slot.span()));
        let after: [(&str, Option<Span>); 8] = [
            (self.default.name(), self.default.span()),
            (self.sortable.name(), self.sortable.span()),
            (self.kind.name(), self.kind.span()),
            (self.scale.name(), self.scale.span()),
            (self.relationship.name(), self.relationship.span()),
            (self.related.name(), self.related.span()),
            (self.related_type.name(), self.related_type.span()),
            (self.related_fields.name(), self.related_fields.span()),
        ];
        before
            .into_iter()
            .chain(opt_in)
            .chain(after)
            .filter_map(|(name, span)| span.map(|span| (name, span)))
            .collect()
    }

    /// The opt-in predicates the field asks for, each with the span of its flag.
    pub fn opted_in(&self) -> impl Iterator<Item = Spanned<Predicate>> + '_ {
        self.opt_in.iter().filter_map(|(predicate, slot)| {
            slot.span().map(|span| Spanned {
                value: *predicate,
                span,
            })
        })
    }
}

impl EnumAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> EnumAttrs {
        let mut out = EnumAttrs {
            rename_all: Slot::new(RENAME_ALL),
        };
        for_each_key(cx, attrs, |cx, meta| {
            if meta.path.is_ident(RENAME_ALL) {
                out.rename_all
                    .set(cx, meta.path_span(), string(meta, RENAME_ALL)?);
            } else {
                unknown_key(cx, meta, &[RENAME_ALL]);
            }
            Ok(())
        });
        out
    }
}

impl VariantAttrs {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> VariantAttrs {
        let mut out = VariantAttrs {
            rename: Slot::new(RENAME),
        };
        for_each_key(cx, attrs, |cx, meta| {
            if meta.path.is_ident(RENAME) {
                out.rename.set(cx, meta.path_span(), string(meta, RENAME)?);
            } else {
                unknown_key(cx, meta, &[RENAME]);
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
        let fields = field_keys();
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        assert_eq!(closest_name("renmae", &fields), Some("rename"));
        assert_eq!(closest_name("tabel", STRUCT_KEYS), Some("table"));
        assert_eq!(closest_name("sortabel", &fields), Some("sortable"));
        assert_eq!(closest_name("foreignkey", &fields), Some("foreign_key"));
        assert_eq!(suggest_predicate("not_nul"), Some(Predicate::NotNull));
    }

    #[test]
    fn predicates_from_other_filter_languages_suggest_the_one_meant() {
        assert_eq!(suggest_predicate("neq"), Some(Predicate::NotEq));
        assert_eq!(suggest_predicate("contains"), Some(Predicate::Cont));
        assert_eq!(suggest_predicate("gte"), Some(Predicate::Gteq));
        assert_eq!(suggest_predicate("starts_with"), Some(Predicate::Start));
        assert_eq!(suggest_predicate("is_null"), Some(Predicate::Null));
        assert_eq!(suggest_predicate("between"), None);
    }

    #[test]
    fn field_keys_list_the_opt_in_predicates_after_only() {
        assert_eq!(
            field_keys().join(", "),
            "id, exact, with_exact, foreign_key, skip, filter_only, rename, column, only, null, not_null, default, sortable, kind, scale, relationship, related, related_type, related_fields"
        );
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        let fields = field_keys();
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        let predicates = predicate_names();
        let predicates: Vec<&str> = predicates.iter().map(String::as_str).collect();
        assert_eq!(closest_name("contains", &predicates), None);
        assert_eq!(closest_name("primary", &fields), None);
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
