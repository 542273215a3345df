//! The macro's own model of its input: a resource struct with its fields, or an enum of wire values.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use jsonapi_filter_vocabulary::key::dasherize;
use jsonapi_filter_vocabulary::{PredicateSet, ValueKind};

use crate::attr::{
    Ctxt, EnumAttrs, FieldAttrs, MAX_PAGE_SIZE_WHEN_UNSET, PAGE_SIZE_WHEN_UNSET,
    RELATIONSHIP_DEPTH_WHEN_UNSET, SortCriterion, StructAttrs, VariantAttrs,
};

/// A `#[derive(Filterable)]` struct.
pub struct Resource<'a> {
    pub ident: &'a Ident,
    pub attrs: StructAttrs,
    pub fields: Vec<Field<'a>>,
    pub generics: &'a syn::Generics,
}

/// One named field of a resource struct.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: FieldAttrs,
    /// The kind the field's type has on its face, when the macro can tell (`i64`, `Option<String>`, ...).
    pub syntactic_kind: Option<ValueKind>,
    /// Whether the type is written `Option<...>`.
    pub optional: bool,
}

/// A `#[derive(FilterEnum)]` enum.
pub struct ValueEnum<'a> {
    pub ident: &'a Ident,
    pub attrs: EnumAttrs,
    pub variants: Vec<Variant<'a>>,
}

/// One variant of a `FilterEnum`.
pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub attrs: VariantAttrs,
    /// Set when the variant carries data, which a wire value cannot.
    pub fields_span: Option<Span>,
}

impl<'a> Resource<'a> {
    /// Reads a struct with named fields; anything else is an error on the whole input.
    pub fn from_syn(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Resource<'a>> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(unnamed) => {
                    cx.error(
                        unnamed.paren_token.span.join(),
                        "Filterable needs a struct with named fields, not a tuple struct",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error(
                        input.ident.span(),
                        "Filterable needs a struct with named fields, not a unit struct",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error(
                    data.enum_token.span,
                    "Filterable needs a struct with named fields; for an enum of wire values, derive FilterEnum",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error(
                    data.union_token.span,
                    "Filterable needs a struct with named fields, not a union",
                );
                return None;
            }
        };
        let attrs = StructAttrs::from_attrs(cx, &input.attrs);
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let (optional, inner) = strip_option(&field.ty);
                Some(Field {
                    ident,
                    ty: &field.ty,
                    attrs: FieldAttrs::from_attrs(cx, &field.attrs),
                    syntactic_kind: syntactic_kind(inner),
                    optional,
                })
            })
            .collect();
        Some(Resource {
            ident: &input.ident,
            attrs,
            fields,
            generics: &input.generics,
        })
    }
}

impl<'a> ValueEnum<'a> {
    pub fn from_syn(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<ValueEnum<'a>> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error(
                    data.struct_token.span,
                    "FilterEnum needs an enum of unit variants; for a resource struct, derive Filterable",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error(
                    data.union_token.span,
                    "FilterEnum needs an enum of unit variants, not a union",
                );
                return None;
            }
        };
        let attrs = EnumAttrs::from_attrs(cx, &input.attrs);
        let variants = data
            .variants
            .iter()
            .map(|variant| Variant {
                ident: &variant.ident,
                attrs: VariantAttrs::from_attrs(cx, &variant.attrs),
                fields_span: (!matches!(variant.fields, Fields::Unit))
                    .then(|| variant.fields.span()),
            })
            .collect();
        Some(ValueEnum {
            ident: &input.ident,
            attrs,
            variants,
        })
    }
}

/// `Option<T>` -> `(true, T)`; any other type -> `(false, type)`.
pub fn strip_option(ty: &Type) -> (bool, &Type) {
    if let Some(argument) = single_generic_argument(ty, "Option") {
        return (true, argument);
    }
    (false, ty)
}

fn single_generic_argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// The kind of a standard type, by its last path segment; `None` for anything else (enums, newtypes,
/// aliases), which the `FilterType` trait decides at type-check time.
fn syntactic_kind(ty: &Type) -> Option<ValueKind> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    ValueKind::of_standard_type(&segment.ident.to_string())
}

/// Which predicates a field is filtered by, as the macro knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateChoice {
    /// Named by `only(...)`.
    Listed(PredicateSet),
    /// A foreign key's identity predicates.
    ForeignKey,
    /// The defaults of the field's kind. The kind as the macro sees it, when it can: otherwise only the
    /// compiler knows it, and the generated code asks the `FilterType` trait.
    KindDefaults(Option<ValueKind>),
}

/// The predicates of a field filtered with suffixes: its choice plus the opt-in ones it asks for.
#[derive(Debug, Clone, Copy)]
pub struct FieldPredicates {
    pub choice: PredicateChoice,
    pub opt_in: PredicateSet,
}

impl FieldPredicates {
    /// The whole set, when the macro can know it.
    pub fn known(self) -> Option<PredicateSet> {
        let base = match self.choice {
            PredicateChoice::Listed(set) => set,
            PredicateChoice::ForeignKey => ValueKind::Enum.foreign_key_predicates(),
            PredicateChoice::KindDefaults(Some(kind)) => kind.default_predicates(),
            PredicateChoice::KindDefaults(None) => return None,
        };
        Some(base.union(self.opt_in))
    }

    /// Every predicate the field may end up with: the known set, or, where only the compiler knows the kind,
    /// every predicate a kind takes by default, so that a key collision is never missed.
    pub fn possible(self) -> PredicateSet {
        self.known().unwrap_or_else(|| {
            let every_default = ValueKind::ALL
                .into_iter()
                .fold(PredicateSet::EMPTY, |set, kind| {
                    set.union(kind.default_predicates())
                });
            every_default.union(self.opt_in)
        })
    }
}

/// What a field is to the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `#[filterable(id)]`: `filter[id]`, the sort tie-breaker, not an attribute.
    Id,
    /// `#[filterable(exact)]`: one suffix-less key taking a list.
    Exact,
    /// `#[filterable(foreign_key)]`: identity predicates; represented by a relationship.
    ForeignKey,
    /// `#[filterable(skip)]`: neither filtered nor sorted, but still an attribute.
    Skip,
    /// The predicate matrix of its kind.
    Predicates,
}

impl Field<'_> {
    pub fn role(&self) -> Role {
        let attrs = &self.attrs;
        if attrs.skip.is_set() {
            Role::Skip
        } else if attrs.id.is_set() {
            Role::Id
        } else if attrs.exact.is_set() {
            Role::Exact
        } else if attrs.foreign_key.is_set() {
            Role::ForeignKey
        } else {
            Role::Predicates
        }
    }

    /// `#[filterable(with_exact)]` on a field filtered with predicates: the suffix-less list key beside its
    /// predicate keys. (On any other field `valid` refuses the flag, and it is ignored.)
    pub fn has_exact_key(&self) -> bool {
        self.attrs.with_exact.is_set() && self.role() == Role::Predicates
    }

    /// The dasherized key: the rename, or the field name.
    pub fn key(&self) -> String {
        match self.attrs.rename.get() {
            Some(rename) => dasherize(&rename.value.value()),
            None => dasherize(&self.ident.to_string()),
        }
    }

    /// The Rust field name without `r#`: the schema's `name`.
    pub fn name(&self) -> String {
        self.ident.to_string().trim_start_matches("r#").to_owned()
    }

    /// The predicates of a field filtered with suffixes (a foreign key or a plain field); `None` for the id,
    /// an exact filter and a skipped field.
    pub fn predicates(&self) -> Option<FieldPredicates> {
        let choice = match (self.role(), self.attrs.only.value()) {
            (Role::ForeignKey | Role::Predicates, Some(only)) => {
                PredicateChoice::Listed(only.iter().map(|predicate| predicate.value).collect())
            }
            (Role::ForeignKey, None) => PredicateChoice::ForeignKey,
            (Role::Predicates, None) => PredicateChoice::KindDefaults(self.visible_kind()),
            (Role::Id | Role::Exact | Role::Skip, _) => return None,
        };
        let opt_in = self
            .attrs
            .opted_in()
            .map(|predicate| predicate.value)
            .collect();
        Some(FieldPredicates { choice, opt_in })
    }

    /// Whether `sort` accepts the field: every field but a skipped or filter-only one, unless
    /// `sortable = false`.
    pub fn is_sortable(&self) -> bool {
        self.role() != Role::Skip
            && !self.is_filter_only()
            && self.attrs.sortable.value().copied().unwrap_or(true)
    }

    /// `#[filterable(filter_only)]`: filtered, but not an attribute of the resource.
    pub fn is_filter_only(&self) -> bool {
        self.attrs.filter_only.is_set()
    }

    /// Whether the field is an attribute (`fields[<type>]` names it): every field but the id, the foreign keys
    /// (represented by their relationships) and the filter-only fields.
    pub fn is_attribute(&self) -> bool {
        !matches!(self.role(), Role::Id | Role::ForeignKey) && !self.is_filter_only()
    }

    /// The SQL column: the `column` attribute, or the field name.
    pub fn column(&self) -> String {
        match self.attrs.column.get() {
            Some(column) => column.value.value(),
            None => self.ident.to_string().trim_start_matches("r#").to_owned(),
        }
    }

    /// The kind the macro can see: the `kind` attribute (none when it names no kind), or the standard type's.
    pub fn visible_kind(&self) -> Option<ValueKind> {
        match self.attrs.kind.value() {
            Some(kind) => *kind,
            None => self.syntactic_kind,
        }
    }

    /// The span to point at for the field's key: the rename's literal, or the field name.
    pub fn key_span(&self) -> Span {
        match self.attrs.rename.get() {
            Some(rename) => rename.value.span(),
            None => self.ident.span(),
        }
    }

    /// The relationship of a foreign key: its name, and its JSON:API type as a constant expression: the
    /// related resource's own type (`<Account as Resource>::TYPE_NAME`, spanned on the path, so that a type
    /// that is not a resource is reported there) with `related = Account`, else a string literal.
    pub fn relationship(&self) -> (String, TokenStream) {
        let name = match self.attrs.relationship.get() {
            Some(name) => name.value.value(),
            None => crate::case::relationship_name(&self.ident.to_string()),
        };
        let type_name = match (self.attrs.related.value(), self.attrs.related_type.get()) {
            (Some(related), _) => quote_spanned!(related.span()=>
                <#related as ::jsonapi_filter::__private::Resource>::TYPE_NAME),
            (None, Some(type_name)) => {
                let type_name = type_name.value.value();
                quote!(#type_name)
            }
            (None, None) => {
                let type_name = crate::case::pluralize(&name);
                quote!(#type_name)
            }
        };
        (name, type_name)
    }

    /// The related type's attribute keys accepted in `fields[<related type>]`, as a constant expression: the
    /// related resource's own attributes with `related = Account`, else those of `related_fields`.
    pub fn related_fields(&self) -> TokenStream {
        match self.attrs.related.value() {
            Some(related) => quote_spanned!(related.span()=>
                <#related as ::jsonapi_filter::__private::Resource>::ATTRIBUTE_KEYS),
            None => {
                let fields = self
                    .attrs
                    .related_fields
                    .value()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                quote!(&[#(#fields),*])
            }
        }
    }

    /// The related resource's schema, as an `Option<fn() -> &'static ResourceSchema>` expression: a function
    /// rather than the schema itself, so that two resources may name each other (accounts and their exports)
    /// without a cycle in constant evaluation.
    pub fn related_schema(&self) -> TokenStream {
        match self.attrs.related.value() {
            Some(related) => quote_spanned!(related.span()=> ::core::option::Option::Some({
                fn related() -> &'static ::jsonapi_filter::__private::ResourceSchema {
                    <#related as ::jsonapi_filter::__private::Resource>::SCHEMA
                }
                related
            })),
            None => quote!(::core::option::Option::None),
        }
    }
}

impl Resource<'_> {
    /// The JSON:API type name, when given.
    pub fn type_name(&self) -> Option<String> {
        self.attrs
            .type_name
            .get()
            .map(|type_name| type_name.value.value())
    }

    /// `page[size]` when the request gives none, and the largest accepted, with their defaults applied.
    pub fn page_sizes(&self) -> (u64, u64) {
        (
            self.attrs
                .default_page_size
                .value()
                .copied()
                .unwrap_or(PAGE_SIZE_WHEN_UNSET),
            self.attrs
                .max_page_size
                .value()
                .copied()
                .unwrap_or(MAX_PAGE_SIZE_WHEN_UNSET),
        )
    }

    /// How many relationships a filter key may go through.
    pub fn relationship_depth(&self) -> usize {
        let depth = self
            .attrs
            .relationship_depth
            .value()
            .copied()
            .unwrap_or(RELATIONSHIP_DEPTH_WHEN_UNSET);
        usize::try_from(depth).unwrap_or(usize::MAX)
    }

    /// The sort used when the request names none, before the id tie-breaker.
    pub fn default_sort(&self) -> &[SortCriterion] {
        self.attrs
            .default_sort
            .value()
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The table: the `table` attribute, or the type name with underscores.
    pub fn table(&self) -> String {
        match self.attrs.table.get() {
            Some(table) => table.value.value(),
            None => self.type_name().unwrap_or_default().replace('-', "_"),
        }
    }
}
