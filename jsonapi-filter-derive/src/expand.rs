//! Writing the generated code. Every path is absolute (`::jsonapi_filter::__private::...`), so that nothing
//! in the user's scope can change its meaning.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use jsonapi_filter_vocabulary::{Predicate, ValueKind};

use crate::ast::{Field, PredicateChoice, Resource, Role, ValueEnum};
use crate::attr::{Ctxt, DefaultLiteral};
use crate::valid::{
    listable_predicates, missing_scale, not_applicable, not_nullable, scale_not_applicable,
};

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
                    attribute_columns: &[],
                    relationships: &[],
                    default_sort: &[],
                    default_page_size: 1,
                    max_page_size: 1,
                    relationship_depth: 0,
                };
        }

        #[automatically_derived]
        impl #impl_generics ::jsonapi_filter::__private::TypedQuery for #ident #type_generics #where_clause {
            type Query = ::jsonapi_filter::__private::UntypedQuery<Self>;
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

/// Compile-time checks for a field whose kind the macro cannot see (an alias, a newtype, an enum): each
/// predicate of `only(...)` must fit the kind, and the opt-in `null` checks need a nullable type. Each check is
/// spanned on the predicate it is about and names it.
fn predicate_checks(field: &Field<'_>, kind: &TokenStream, nullable: &TokenStream) -> TokenStream {
    let mut checks = TokenStream::new();
    if field.visible_kind().is_some() {
        return checks;
    }
    let name = field.name();
    let foreign_key = field.role() == Role::ForeignKey;
    let listed = field.attrs.only.value().map(Vec::as_slice).unwrap_or(&[]);
    for predicate in listed
        .iter()
        .filter(|predicate| !predicate.value.is_opt_in())
    {
        let variant = predicate_tokens(predicate.value);
        let arms = ValueKind::ALL
            .into_iter()
            .map(|kind| (kind, listable_predicates(kind, foreign_key)))
            .filter(|(_, (_, allowed))| !allowed.contains(predicate.value))
            .map(|(kind, (described, allowed))| {
                let message =
                    not_applicable(predicate.value.rust_name(), &name, &described, allowed);
                let kind_path = kind_tokens(kind);
                // The panic's span is where the compiler points: the predicate.
                quote_spanned!(predicate.span=> #kind_path => ::core::panic!(#message),)
            });
        let failure = quote_spanned!(predicate.span=> match #kind { #(#arms)* _ => {} });
        let allowed = if foreign_key {
            quote!((#kind).foreign_key_accepted_predicates())
        } else {
            quote!((#kind).default_predicates())
        };
        checks.extend(quote_spanned! {predicate.span=>
            const _: () = if !#allowed.contains(#variant) { #failure };
        });
    }
    for flag in field.attrs.opted_in() {
        let message = not_nullable(flag.value.rust_name(), &name);
        checks.extend(quote_spanned! {flag.span=>
            const _: () = if !#nullable { ::core::panic!(#message) };
        });
    }
    checks
}

/// Compile-time checks for a field whose kind the macro cannot see: `scale` only on a decimal, and a decimal
/// only with a `scale`. Spanned on the `scale` key, or on the type that lacks one.
fn scale_checks(field: &Field<'_>, kind: &TokenStream) -> TokenStream {
    if field.visible_kind().is_some() {
        return TokenStream::new();
    }
    let decimal = kind_tokens(ValueKind::Decimal);
    let name = field.name();
    match field.attrs.scale.span() {
        Some(span) => {
            let message = scale_not_applicable(&name, "not one");
            quote_spanned! {span=>
                const _: () = if !::core::matches!(#kind, #decimal) { ::core::panic!(#message) };
            }
        }
        None => {
            let message = missing_scale(&name);
            // On the type inside `Option`: a span covers one token outside the derive.
            let (_, inner) = crate::ast::strip_option(field.ty);
            quote_spanned! {inner.span()=>
                const _: () = if ::core::matches!(#kind, #decimal) { ::core::panic!(#message) };
            }
        }
    }
}

/// `::jsonapi_filter::__private::ValueKind::Integer`, named by the vocabulary.
fn kind_tokens(kind: ValueKind) -> TokenStream {
    let variant = format_ident!("{}", kind.variant_name());
    quote!(::jsonapi_filter::__private::ValueKind::#variant)
}

/// `::jsonapi_filter::__private::Predicate::NotEq`, named by the vocabulary.
fn predicate_tokens(predicate: Predicate) -> TokenStream {
    let variant = format_ident!("{}", predicate.variant_name());
    quote!(::jsonapi_filter::__private::Predicate::#variant)
}

/// The field's kind, nullability and allowed values: from the `kind` attribute, or from the type's
/// `FilterType` impl (whose absence is reported on the field's type).
fn type_facts(field: &Field<'_>) -> (TokenStream, TokenStream, TokenStream) {
    let ty = field.ty;
    match field.attrs.kind.value() {
        Some(Some(kind)) => {
            let optional = field.optional;
            (kind_tokens(*kind), quote!(#optional), quote!(&[]))
        }
        _ => {
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
    let name = field.name();
    let key = field.key();
    let column = field.column();
    let sortable = field.is_sortable();
    let (kind, nullable, allowed_values) = type_facts(field);
    let scale = field.attrs.scale.value().copied().flatten().unwrap_or(0);
    let default_filter = default_filter_tokens(field);
    let mut check = Some(scale_checks(field, &kind));
    let mut predicate_set = None;
    let filter = match (field.role(), field.predicates()) {
        (Role::Id, _) => quote!(::jsonapi_filter::__private::FilterStyle::Id),
        (Role::Exact, _) => quote!(::jsonapi_filter::__private::FilterStyle::Exact),
        (_, None) => quote!(::jsonapi_filter::__private::FilterStyle::None),
        (_, Some(predicates)) => {
            let base = match predicates.choice {
                PredicateChoice::Listed(set) => {
                    let listed = set.iter().map(predicate_tokens);
                    quote!(::jsonapi_filter::__private::PredicateSet::of(&[#(#listed),*]))
                }
                PredicateChoice::ForeignKey => quote!((#kind).foreign_key_predicates()),
                // The compiler's kind, which the syntactic guess cannot override.
                PredicateChoice::KindDefaults(_) => quote!((#kind).default_predicates()),
            };
            let opt_in = predicates.opt_in.iter().map(predicate_tokens);
            let set = quote!(#base #(.with(#opt_in))*);
            // Where the macro cannot see the kind, the compiler checks that the chosen predicates fit it.
            check
                .get_or_insert_with(TokenStream::new)
                .extend(predicate_checks(field, &kind, &nullable));
            predicate_set = Some(set.clone());
            if field.has_exact_key() {
                quote!(::jsonapi_filter::__private::FilterStyle::PredicatesWithExact(#set))
            } else {
                quote!(::jsonapi_filter::__private::FilterStyle::Predicates(#set))
            }
        }
    };
    let defaults = default_checks(field, &kind, &allowed_values, predicate_set.as_ref());
    let check = match check {
        Some(check) => Some(quote!(#check #defaults)),
        None if defaults.is_empty() => None,
        None => Some(defaults),
    };
    let schema = quote! {
        ::jsonapi_filter::__private::FieldSchema {
            name: #name,
            key: #key,
            column: #column,
            kind: #kind,
            scale: #scale,
            nullable: #nullable,
            allowed_values: #allowed_values,
            filter: #filter,
            sortable: #sortable,
            default_filter: #default_filter,
        }
    };
    (schema, check)
}

/// The field's `DefaultFilter`, or `None`.
fn default_filter_tokens(field: &Field<'_>) -> TokenStream {
    let private = quote!(::jsonapi_filter::__private);
    let Some(default) = field.attrs.default.value() else {
        return quote!(#private::Option::None);
    };
    let predicate = match &default.predicate {
        Some(predicate) => {
            let predicate = predicate_tokens(predicate.value);
            quote!(#private::Option::Some(#predicate))
        }
        None => quote!(#private::Option::None),
    };
    let value = match &default.value.value {
        DefaultLiteral::Boolean(flag) => quote!(#private::DefaultValue::Boolean(#flag)),
        DefaultLiteral::Integer(number) => quote!(#private::DefaultValue::Integer(#number)),
        DefaultLiteral::Text(text) => quote!(#private::DefaultValue::Text(#text)),
    };
    quote! {
        #private::Option::Some(#private::DefaultFilter { predicate: #predicate, value: #value })
    }
}

/// Compile-time checks of a default that the macro cannot make itself: that its predicate is one of the
/// field's (where only the compiler knows the kind), and that its literal is a value of the field's kind (where
/// only the compiler knows the kind, and always for text, which must be a uuid or one of an enum's wire
/// values when the kind is one of those). Each is spanned on what it is about.
fn default_checks(
    field: &Field<'_>,
    kind: &TokenStream,
    allowed_values: &TokenStream,
    predicates: Option<&TokenStream>,
) -> TokenStream {
    let private = quote!(::jsonapi_filter::__private);
    let Some(default) = field.attrs.default.value() else {
        return TokenStream::new();
    };
    let name = field.name();
    let mut checks = TokenStream::new();
    if let (Some(predicate), Some(set)) = (&default.predicate, predicates) {
        let variant = predicate_tokens(predicate.value);
        let message = format!(
            "`default({} = ...)` names a predicate that `{name}` does not take",
            predicate.value.rust_name()
        );
        checks.extend(quote_spanned! {predicate.span=>
            const _: () = if !(#set).contains(#variant) { ::core::panic!(#message) };
        });
    }
    if default
        .predicate
        .as_ref()
        .is_some_and(|predicate| predicate.value.takes_flag())
    {
        // `true` or `false`, which the macro checked.
        return checks;
    }
    let literal = &default.value.value;
    let fits = match literal {
        DefaultLiteral::Boolean(_) => {
            quote!(::core::matches!(#kind, #private::ValueKind::Boolean))
        }
        DefaultLiteral::Integer(_) => {
            quote!(::core::matches!(#kind, #private::ValueKind::Integer))
        }
        DefaultLiteral::Text(text) => quote! {
            match #kind {
                #private::ValueKind::String => true,
                #private::ValueKind::Enum => #private::contains_str(#allowed_values, #text),
                #private::ValueKind::Uuid => #private::Uuid::try_parse(#text).is_ok(),
                // Refused below, with a message of its own.
                #private::ValueKind::Decimal | #private::ValueKind::Inet => true,
                _ => false,
            }
        },
    };
    // Where the macro sees the kind it has checked a decimal or an address itself.
    if let (DefaultLiteral::Text(_), None) = (literal, field.visible_kind()) {
        let message = format!(
            "the `default` of `{name}` is {}: a decimal or address default is checked, and accepted, only where \
             the field's type is written out (`Decimal`, `IpAddr`), not through an alias or a newtype",
            literal.describe()
        );
        checks.extend(quote_spanned! {default.value.span=>
            const _: () = if ::core::matches!(#kind, #private::ValueKind::Decimal | #private::ValueKind::Inet) {
                ::core::panic!(#message)
            };
        });
    }
    let but = match literal {
        DefaultLiteral::Boolean(_) => "but the field is not a boolean",
        DefaultLiteral::Integer(_) => "but the field is not an integer",
        DefaultLiteral::Text(_) => {
            "which is not a value of the field: neither text for a string field, nor one of an enum's \
             wire values, nor a uuid"
        }
    };
    let message = format!("the `default` of `{name}` is {}, {but}", literal.describe());
    checks.extend(quote_spanned! {default.value.span=>
        const _: () = if !#fits { ::core::panic!(#message) };
    });
    checks
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
        .filter(|field| field.is_attribute())
        .map(|field| field.key())
        .collect();
    let attribute_columns: Vec<String> = resource
        .fields
        .iter()
        .filter(|field| field.is_attribute())
        .map(|field| field.column())
        .collect();
    let relationships = resource
        .fields
        .iter()
        .filter(|field| field.role() == Role::ForeignKey)
        .map(|field| {
            let (name, related_type) = field.relationship();
            let foreign_key = field.ident.to_string();
            let related_fields = field.related_fields();
            let related = field.related_schema();
            quote! {
                ::jsonapi_filter::__private::RelationshipSchema {
                    name: #name,
                    type_name: #related_type,
                    foreign_key: #foreign_key,
                    fields: #related_fields,
                    related: #related,
                    cardinality: ::jsonapi_filter::__private::Cardinality::ToOne,
                }
            }
        });
    let (to_many, to_many_checks): (Vec<TokenStream>, Vec<TokenStream>) = resource
        .attrs
        .has_many
        .iter()
        .filter_map(|has_many| {
            let related = has_many.related.as_ref()?;
            let foreign_key = has_many.foreign_key.as_ref()?;
            let resource_trait = quote!(::jsonapi_filter::__private::Resource);
            let name = match &has_many.name {
                Some(name) => quote!(#name),
                None => quote_spanned!(related.span()=> <#related as #resource_trait>::TYPE_NAME),
            };
            let relationship = quote_spanned! {related.span()=>
                ::jsonapi_filter::__private::RelationshipSchema {
                    name: #name,
                    type_name: <#related as #resource_trait>::TYPE_NAME,
                    foreign_key: #foreign_key,
                    fields: <#related as #resource_trait>::ATTRIBUTE_KEYS,
                    related: ::core::option::Option::Some({
                        fn related() -> &'static ::jsonapi_filter::__private::ResourceSchema {
                            <#related as #resource_trait>::SCHEMA
                        }
                        related
                    }),
                    cardinality: ::jsonapi_filter::__private::Cardinality::ToMany,
                }
            };
            // The foreign key must be a field of the related resource: checked by the compiler, on the literal.
            let message = format!(
                "has_many: the related resource has no field `{}` (foreign_key names the related resource's field that holds this resource's id)",
                foreign_key.value()
            );
            let check = quote_spanned! {foreign_key.span()=>
                const _: () = ::core::assert!(
                    ::jsonapi_filter::__private::schema_has_field(<#related as #resource_trait>::SCHEMA, #foreign_key),
                    #message
                );
            };
            Some((relationship, check))
        })
        .unzip();
    let relationship_depth = resource.relationship_depth();
    let default_sort = resource.default_sort().iter().map(|criterion| {
        let key = &criterion.key;
        let direction = if criterion.descending {
            quote!(Descending)
        } else {
            quote!(Ascending)
        };
        quote!((#key, ::jsonapi_filter::__private::SortDirection::#direction))
    });
    let (default_page_size, max_page_size) = resource.page_sizes();
    let record = expand_record(resource, &schema_fields);
    quote! {
        #record
        #[automatically_derived]
        impl ::jsonapi_filter::__private::Resource for #ident {
            const TYPE_NAME: &'static str = #type_name;
            const ATTRIBUTE_KEYS: &'static [&'static str] = &[#(#attributes),*];
            const SCHEMA: &'static ::jsonapi_filter::__private::ResourceSchema =
                &::jsonapi_filter::__private::ResourceSchema {
                    type_name: #type_name,
                    table: #table,
                    fields: &[#(#fields),*],
                    attributes: &[#(#attributes),*],
                    attribute_columns: &[#(#attribute_columns),*],
                    relationships: &[#(#relationships,)* #(#to_many),*],
                    default_sort: &[#(#default_sort),*],
                    default_page_size: #default_page_size,
                    max_page_size: #max_page_size,
                    relationship_depth: #relationship_depth,
                };
        }
        #(#checks)*
        #(#to_many_checks)*
    }
}

/// `FilterRecord`, for in-memory evaluation: each schema field's value through its `FilterType`. Not generated
/// when a field's kind comes from a `kind = "..."` override, since such a type has no `FilterType` to ask.
fn expand_record(resource: &Resource<'_>, schema_fields: &[&Field<'_>]) -> Option<TokenStream> {
    if schema_fields.iter().any(|field| field.attrs.kind.is_set()) {
        return None;
    }
    let ident = resource.ident;
    let names = schema_fields.iter().map(|field| field.name());
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
