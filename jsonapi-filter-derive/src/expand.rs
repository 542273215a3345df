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
            let fallback = resource.map(|resource| fallback_resource(resource.ident));
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
        (Err(errors), _) => errors.to_compile_error(),
        (Ok(()), None) => TokenStream::new(),
    }
}

/// A minimal impl beside the errors, so that the user sees their mistake and not a cascade of
/// "`Resource` is not implemented" errors where the struct is used.
fn fallback_resource(ident: &syn::Ident) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::jsonapi_filter::__private::Resource for #ident {
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
            if field.visible_kind().is_none()
                && (field.attrs.only.is_set()
                    || field.attrs.null.is_set()
                    || field.attrs.not_null.is_set())
            {
                let allowed = if field.role() == Role::ForeignKey {
                    quote!((#kind).foreign_key_predicates().with(::jsonapi_filter::__private::Predicate::Null).with(::jsonapi_filter::__private::Predicate::NotNull))
                } else {
                    quote!((#kind).allowed_predicates())
                };
                let message = format!(
                    "a predicate of `only(...)` does not apply to the kind of field `{name}`"
                );
                let span = field
                    .attrs
                    .only
                    .span()
                    .unwrap_or_else(|| field.ident.span());
                check = Some(quote_spanned! {span=>
                    const _: () = if !(#set).is_subset_of(#allowed) { ::core::panic!(#message) };
                });
            }
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
    let members = schema_fields.iter().map(|field| field.ident);
    Some(quote! {
        #[automatically_derived]
        impl ::jsonapi_filter::__private::FilterRecord for #ident {
            fn field_value(
                &self,
                field: &::jsonapi_filter::__private::FieldSchema,
            ) -> ::jsonapi_filter::__private::Option<::jsonapi_filter::__private::FilterValue> {
                match field.name {
                    #(#names => ::jsonapi_filter::__private::FilterType::to_filter_value(&self.#members),)*
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
