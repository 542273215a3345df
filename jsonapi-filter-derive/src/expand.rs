//! Writing the generated code. Every path is absolute (`::jsonapi_filter::__private::...`), so that nothing
//! in the user's scope can change its meaning.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::ast::{Field, Resource, Role, SyntacticKind, ValueEnum};
use crate::attr::Ctxt;
use crate::case::dasherize;

pub fn derive_filterable(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let resource = Resource::from_syn(&mut cx, input);
    if let Some(resource) = &resource {
        resource.validate(&mut cx);
    }
    match (cx.check(), resource) {
        (Ok(()), Some(resource)) => [
            expand_resource(&resource),
            crate::builder::expand_builder(&resource, &input.vis),
        ]
        .into_iter()
        .collect(),
        (Err(errors), resource) => {
            let fallback = resource.map(|_| fallback_resource(input));
            let errors = errors.to_compile_error();
            quote!(#errors #fallback)
        }
        (Ok(()), None) => TokenStream::new(),
    }
}

pub fn derive_filter_enum(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let value_enum = ValueEnum::from_syn(&mut cx, input);
    if let Some(value_enum) = &value_enum {
        value_enum.validate(&mut cx);
    }
    match (cx.check(), value_enum) {
        (Ok(()), Some(value_enum)) => expand_enum(&value_enum),
        (Err(errors), value_enum) => {
            let fallback = value_enum.map(|_| fallback_enum(input));
            let errors = errors.to_compile_error();
            quote!(#errors #fallback)
        }
        (Ok(()), None) => TokenStream::new(),
    }
}

/// A minimal impl beside the errors, so that the user sees their mistake and not a cascade of
/// "`Resource` is not implemented" errors where the struct is used.
fn fallback_resource(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::jsonapi_filter::__private::Resource for #ident #type_generics #where_clause {
            const SCHEMA: &'static ::jsonapi_filter::__private::ResourceSchema =
                &::jsonapi_filter::__private::ResourceSchema {
                    type_name: "",
                    table: "",
                    fields: &[],
                    attributes: &[],
                    relationships: &[],
                    default_sort: &[],
                    default_page_size: 1,
                    max_page_size: 1,
                };
        }
    }
}

/// The enum's minimal impls beside its errors, so that a resource with a field of this type reports nothing
/// more than the enum's own mistake.
fn fallback_enum(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::jsonapi_filter::__private::FilterEnum for #ident #type_generics #where_clause {
            const VARIANTS: &'static [Self] = &[];
            const WIRE_VALUES: &'static [&'static str] = &[];
            fn wire_value(&self) -> &'static str {
                ""
            }
            fn from_wire_value(_: &str) -> ::jsonapi_filter::__private::Option<Self> {
                ::jsonapi_filter::__private::Option::None
            }
        }

        #[automatically_derived]
        impl #impl_generics ::jsonapi_filter::__private::FilterType for #ident #type_generics #where_clause {
            const KIND: ::jsonapi_filter::__private::ValueKind = ::jsonapi_filter::__private::ValueKind::Enum;
            fn to_filter_value(&self) -> ::jsonapi_filter::__private::Option<::jsonapi_filter::__private::FilterValue> {
                ::jsonapi_filter::__private::Option::None
            }
        }
    }
}

/// Every kind with the predicates it takes by default, for the compile-time checks of fields whose kind
/// only the compiler knows.
fn kinds_with_predicates() -> [(TokenStream, String, &'static [&'static str]); 6] {
    let syntactic = |kind: SyntacticKind| {
        (
            kind_tokens(kind),
            crate::valid::with_article(kind.name()),
            crate::valid::default_predicates(kind),
        )
    };
    [
        syntactic(SyntacticKind::String),
        syntactic(SyntacticKind::Integer),
        syntactic(SyntacticKind::DateTime),
        (
            quote!(::jsonapi_filter::__private::ValueKind::Enum),
            crate::valid::with_article("enum"),
            crate::valid::FOREIGN_KEY_PREDICATES,
        ),
        syntactic(SyntacticKind::Uuid),
        syntactic(SyntacticKind::Boolean),
    ]
}

/// Compile-time checks for a field whose kind the macro cannot see (an alias, a newtype, an enum): each
/// predicate of `only(...)` must fit the kind, and `null` / `not_null` need a nullable type. Each check is
/// spanned on the predicate it is about and names it.
fn predicate_checks(
    field: &Field<'_>,
    name: &str,
    kind: &TokenStream,
    nullable: &TokenStream,
) -> TokenStream {
    let mut checks = TokenStream::new();
    if field.visible_kind().is_some() {
        return checks;
    }
    let foreign_key = field.role() == Role::ForeignKey;
    for predicate in field
        .attrs
        .only
        .get()
        .map(|only| &only.value[..])
        .unwrap_or(&[])
    {
        if crate::valid::OPT_IN_PREDICATES.contains(&predicate.value.as_str()) {
            continue;
        }
        let variant = predicate_tokens(&predicate.value);
        let failure = if foreign_key {
            let message = format!(
                "`{}` does not apply to `{name}`, a foreign key; it takes: {}",
                predicate.value,
                crate::valid::FOREIGN_KEY_PREDICATES
                    .iter()
                    .chain(crate::valid::OPT_IN_PREDICATES)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote_spanned!(predicate.span=> ::core::panic!(#message))
        } else {
            let arms = kinds_with_predicates()
                .into_iter()
                .filter(|(_, _, accepted)| !accepted.contains(&predicate.value.as_str()))
                .map(|(kind_path, described, accepted)| {
                    let message = format!(
                        "`{}` does not apply to `{name}`, {described} field; it takes: {}",
                        predicate.value,
                        accepted
                            .iter()
                            .chain(crate::valid::OPT_IN_PREDICATES)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    // The panic's span is where the compiler points: the predicate.
                    quote_spanned!(predicate.span=> #kind_path => ::core::panic!(#message),)
                });
            quote_spanned!(predicate.span=> match #kind { #(#arms)* _ => {} })
        };
        let allowed = if foreign_key {
            quote!((#kind).foreign_key_predicates())
        } else {
            quote!((#kind).default_predicates())
        };
        checks.extend(quote_spanned! {predicate.span=>
            const _: () = if !#allowed.contains(#variant) { #failure };
        });
    }
    for (flag, slot) in [
        ("null", &field.attrs.null),
        ("not_null", &field.attrs.not_null),
    ] {
        if let Some(span) = slot.span() {
            let message = format!(
                "`{flag}` applies to nullable fields (`Option<T>`); `{name}` is never NULL"
            );
            checks.extend(quote_spanned! {span=>
                const _: () = if !#nullable { ::core::panic!(#message) };
            });
        }
    }
    checks
}

fn kind_tokens(kind: SyntacticKind) -> TokenStream {
    match kind {
        SyntacticKind::String => quote!(::jsonapi_filter::__private::ValueKind::String),
        SyntacticKind::Integer => quote!(::jsonapi_filter::__private::ValueKind::Integer),
        SyntacticKind::DateTime => quote!(::jsonapi_filter::__private::ValueKind::DateTime),
        SyntacticKind::Uuid => quote!(::jsonapi_filter::__private::ValueKind::Uuid),
        SyntacticKind::Boolean => quote!(::jsonapi_filter::__private::ValueKind::Boolean),
    }
}

fn predicate_tokens(name: &str) -> TokenStream {
    let variant = match name {
        "eq" => quote!(Eq),
        "not_eq" => quote!(NotEq),
        "gt" => quote!(Gt),
        "gteq" => quote!(Gteq),
        "lt" => quote!(Lt),
        "lteq" => quote!(Lteq),
        "cont" => quote!(Cont),
        "start" => quote!(Start),
        "end" => quote!(End),
        "in" => quote!(In),
        "not_in" => quote!(NotIn),
        "cont_any" => quote!(ContAny),
        "null" => quote!(Null),
        _ => quote!(NotNull),
    };
    quote!(::jsonapi_filter::__private::Predicate::#variant)
}

/// The field's kind, nullability and allowed values: from the `kind` attribute, or from the type's
/// `FilterType` impl (whose absence is reported on the field's type).
fn type_facts(field: &Field<'_>) -> (TokenStream, TokenStream, TokenStream) {
    let ty = field.ty;
    match field
        .attrs
        .kind
        .get()
        .and_then(|kind| SyntacticKind::from_kind_name(&kind.value.value()))
    {
        Some(kind) => {
            let optional = field.optional;
            (kind_tokens(kind), quote!(#optional), quote!(&[]))
        }
        None => {
            let facts =
                quote_spanned!(ty.span()=> <#ty as ::jsonapi_filter::__private::FilterType>);
            (
                quote!(#facts::KIND),
                quote!(#facts::NULLABLE),
                quote!(#facts::ALLOWED_VALUES),
            )
        }
    }
}

fn expand_field(field: &Field<'_>) -> (TokenStream, Option<TokenStream>) {
    let name = field.ident.to_string().trim_start_matches("r#").to_owned();
    let key = field.key();
    let column = field.column();
    let sortable = field.is_sortable();
    let (kind, nullable, allowed_values) = type_facts(field);
    let mut check = None;
    let filter = match field.role() {
        Role::Id => quote!(::jsonapi_filter::__private::FilterStyle::Id),
        Role::Exact => quote!(::jsonapi_filter::__private::FilterStyle::Exact),
        Role::Skip => quote!(::jsonapi_filter::__private::FilterStyle::None),
        Role::ForeignKey | Role::Predicates => {
            let base = match field.attrs.only.get() {
                Some(only) => {
                    let predicates = only
                        .value
                        .iter()
                        .map(|predicate| predicate_tokens(&predicate.value));
                    quote!(::jsonapi_filter::__private::PredicateSet::of(&[#(#predicates),*]))
                }
                None if field.role() == Role::ForeignKey => {
                    quote!((#kind).foreign_key_predicates())
                }
                None => quote!((#kind).default_predicates()),
            };
            let opt_in = [
                ("null", &field.attrs.null),
                ("not_null", &field.attrs.not_null),
            ]
            .into_iter()
            .filter(|(_, slot)| slot.is_set())
            .map(|(name, _)| predicate_tokens(name));
            let set = quote!(#base #(.with(#opt_in))*);
            // Where the macro cannot see the kind, the compiler checks that the chosen predicates fit it.
            check = Some(predicate_checks(field, &name, &kind, &nullable));
            quote!(::jsonapi_filter::__private::FilterStyle::Predicates(#set))
        }
    };
    let schema = quote! {
        ::jsonapi_filter::__private::FieldSchema {
            name: #name,
            key: #key,
            column: #column,
            kind: #kind,
            nullable: #nullable,
            allowed_values: #allowed_values,
            filter: #filter,
            sortable: #sortable,
        }
    };
    (schema, check)
}

fn expand_resource(resource: &Resource<'_>) -> TokenStream {
    let ident = resource.ident;
    let type_name = resource.type_name().unwrap_or_default();
    let table = resource.table();
    let schema_fields: Vec<&Field> = resource
        .fields
        .iter()
        .filter(|field| field.role() != Role::Skip)
        .collect();
    let (fields, checks): (Vec<TokenStream>, Vec<Option<TokenStream>>) = schema_fields
        .iter()
        .map(|field| expand_field(field))
        .unzip();
    let attributes: Vec<String> = resource
        .fields
        .iter()
        .filter(|field| !matches!(field.role(), Role::Id | Role::ForeignKey))
        .map(|field| field.key())
        .collect();
    let relationships = resource
        .fields
        .iter()
        .filter(|field| field.role() == Role::ForeignKey)
        .map(|field| {
            let (name, related_type) = field.relationship();
            let foreign_key = field.ident.to_string();
            let related_fields: Vec<String> = field
                .attrs
                .related_fields
                .get()
                .map(|fields| {
                    fields
                        .value
                        .value()
                        .split(',')
                        .map(|f| dasherize(f.trim()))
                        .filter(|f| !f.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            quote! {
                ::jsonapi_filter::__private::RelationshipSchema {
                    name: #name,
                    type_name: #related_type,
                    foreign_key: #foreign_key,
                    fields: &[#(#related_fields),*],
                }
            }
        });
    let default_sort = resource
        .attrs
        .default_sort
        .get()
        .map(|sort| sort.value.value())
        .unwrap_or_default();
    let default_sort = default_sort
        .split(',')
        .filter(|criterion| !criterion.is_empty())
        .map(|criterion| {
            let (key, direction) = match criterion.strip_prefix('-') {
                Some(key) => (key, quote!(Descending)),
                None => (criterion, quote!(Ascending)),
            };
            let key = dasherize(key);
            quote!((#key, ::jsonapi_filter::__private::SortDirection::#direction))
        });
    let page_size = |slot: &crate::attr::Slot<syn::LitInt>, default: u64| {
        slot.get()
            .and_then(|size| size.value.base10_parse::<u64>().ok())
            .unwrap_or(default)
    };
    let default_page_size = page_size(&resource.attrs.default_page_size, 50);
    let max_page_size = page_size(&resource.attrs.max_page_size, 1000);
    let record = expand_record(resource, &schema_fields);
    quote! {
        #record
        #[automatically_derived]
        impl ::jsonapi_filter::__private::Resource for #ident {
            const SCHEMA: &'static ::jsonapi_filter::__private::ResourceSchema =
                &::jsonapi_filter::__private::ResourceSchema {
                    type_name: #type_name,
                    table: #table,
                    fields: &[#(#fields),*],
                    attributes: &[#(#attributes),*],
                    relationships: &[#(#relationships),*],
                    default_sort: &[#(#default_sort),*],
                    default_page_size: #default_page_size,
                    max_page_size: #max_page_size,
                };
        }
        #(#checks)*
    }
}

/// `FilterRecord`, for in-memory evaluation: each schema field's value through its `FilterType`. Not generated
/// when a field's kind comes from a `kind = "..."` override, since such a type has no `FilterType` to ask.
fn expand_record(resource: &Resource<'_>, schema_fields: &[&Field<'_>]) -> Option<TokenStream> {
    if schema_fields.iter().any(|field| field.attrs.kind.is_set()) {
        return None;
    }
    let ident = resource.ident;
    let names = schema_fields
        .iter()
        .map(|field| field.ident.to_string().trim_start_matches("r#").to_owned());
    // Spanned on the type, so that a type without a filter kind reports one error there, not one more here.
    let values = schema_fields.iter().map(|field| {
        let (ty, member) = (field.ty, field.ident);
        quote_spanned! {ty.span()=>
            <#ty as ::jsonapi_filter::__private::FilterType>::to_filter_value(&self.#member)
        }
    });
    Some(quote! {
        #[automatically_derived]
        impl ::jsonapi_filter::__private::FilterRecord for #ident {
            fn field_value(
                &self,
                field: &::jsonapi_filter::__private::FieldSchema,
            ) -> ::jsonapi_filter::__private::Option<::jsonapi_filter::__private::FilterValue> {
                match field.name {
                    #(#names => #values,)*
                    _ => ::jsonapi_filter::__private::Option::None,
                }
            }
        }
    })
}

fn expand_enum(value_enum: &ValueEnum<'_>) -> TokenStream {
    let ident = value_enum.ident;
    let rule = value_enum.rename_rule();
    let variants: Vec<&syn::Ident> = value_enum
        .variants
        .iter()
        .map(|variant| variant.ident)
        .collect();
    let wire_values: Vec<String> = value_enum
        .variants
        .iter()
        .map(|variant| value_enum.wire_value(variant, rule))
        .collect();
    quote! {
        #[automatically_derived]
        impl ::jsonapi_filter::__private::FilterEnum for #ident {
            const VARIANTS: &'static [Self] = &[#(#ident::#variants),*];
            const WIRE_VALUES: &'static [&'static str] = &[#(#wire_values),*];

            fn wire_value(&self) -> &'static str {
                match self {
                    #(#ident::#variants => #wire_values,)*
                }
            }

            fn from_wire_value(value: &str) -> ::jsonapi_filter::__private::Option<Self> {
                match value {
                    #(#wire_values => ::jsonapi_filter::__private::Option::Some(#ident::#variants),)*
                    _ => ::jsonapi_filter::__private::Option::None,
                }
            }
        }

        #[automatically_derived]
        impl ::jsonapi_filter::__private::FilterType for #ident {
            const KIND: ::jsonapi_filter::__private::ValueKind = ::jsonapi_filter::__private::ValueKind::Enum;
            const ALLOWED_VALUES: &'static [&'static str] =
                <Self as ::jsonapi_filter::__private::FilterEnum>::WIRE_VALUES;

            fn to_filter_value(&self) -> ::jsonapi_filter::__private::Option<::jsonapi_filter::__private::FilterValue> {
                ::jsonapi_filter::__private::Option::Some(::jsonapi_filter::__private::FilterValue::Enum(
                    <Self as ::jsonapi_filter::__private::FilterEnum>::wire_value(self),
                ))
            }
        }
    }
}
