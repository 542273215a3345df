//! Writing the typed query builder of a resource: `CdrExportQuery` with one method per filter key,
//! `CdrExportSort` (the sortable fields), `CdrExportField` (the sparse-fieldset keys) and `CdrExportInclude`
//! (the relationships). Which predicates get a method is decided here; the rule is documented on
//! `jsonapi_filter::QueryStringBuilder`'s module.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Ident, Visibility};

use jsonapi_filter_vocabulary::ValueKind;
use jsonapi_filter_vocabulary::key::filter_key;

use crate::ast::{Field, Resource, Role};

/// Method names of the typed builder itself; a suffix-less filter method with one of these names is
/// written `filter_<name>` instead.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "sort_asc",
    "sort_desc",
    "page",
    "page_number",
    "page_size",
    "fields",
    "related_fields",
    "include",
    "to_query_string",
    "to_query",
    "into_builder",
    "or",
    "not",
];

/// How a generated filter method takes its value(s).
enum ValueShape {
    /// One value of the field's type.
    One,
    /// Any number of values of the field's type.
    List,
    /// Any number of values of an enum type: the field's kind is unknown to the macro, and only a
    /// `FilterEnum` type can be sure to have `in` and `not-in`.
    EnumList,
    /// A `bool` flag (`null`, `not-null`).
    Flag,
}

/// The typed builder, sort, field and include types of a resource that passed validation.
pub fn expand_builder(resource: &Resource<'_>, vis: &Visibility) -> TokenStream {
    let ident = resource.ident;
    let query_ident = format_ident!("{}Query", ident);
    let sort_ident = format_ident!("{}Sort", ident);
    let field_ident = format_ident!("{}Field", ident);
    let include_ident = format_ident!("{}Include", ident);
    let private = quote!(::jsonapi_filter::__private);

    let methods = resource
        .fields
        .iter()
        .flat_map(filter_methods)
        .collect::<Vec<_>>();
    let through_methods = through_methods(resource);

    let sortable: Vec<(Ident, String)> = resource
        .fields
        .iter()
        .filter(|field| field.is_sortable())
        .map(|field| (variant_ident(&field.key()), field.key()))
        .collect();
    // The to-one relationships, then the named to-many ones (`has_many(name = "...")`).
    let relationships: Vec<(Ident, String, TokenStream)> = resource
        .fields
        .iter()
        .filter(|field| field.role() == Role::ForeignKey)
        .map(|field| {
            let (name, type_name) = field.relationship();
            (variant_ident(&name), name, type_name)
        })
        .chain(resource.attrs.has_many.iter().filter_map(|has_many| {
            let (name, related) = (has_many.name.as_ref()?.value(), has_many.related.as_ref()?);
            let type_name = quote!(<#related as #private::Resource>::TYPE_NAME);
            Some((variant_ident(&name), name, type_name))
        }))
        .collect();
    let field_keys: Vec<(Ident, String)> = resource
        .fields
        .iter()
        .filter(|field| field.is_attribute())
        .map(|field| (variant_ident(&field.key()), field.key()))
        .chain(
            relationships
                .iter()
                .map(|(variant, name, _)| (variant.clone(), name.clone())),
        )
        .collect();

    let key_enum = |enum_ident: &Ident, doc: String, variants: &[(Ident, String)]| {
        let variant_idents = variants.iter().map(|(variant, _)| variant);
        let variant_docs = variants.iter().map(|(_, key)| format!("`{key}`"));
        let match_idents = variants.iter().map(|(variant, _)| variant);
        let keys = variants.iter().map(|(_, key)| key);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[allow(dead_code)]
            #vis enum #enum_ident {
                #(#[doc = #variant_docs] #variant_idents,)*
            }

            #[automatically_derived]
            #[allow(dead_code)]
            impl #enum_ident {
                /// The key as the query string writes it.
                pub fn key(self) -> &'static str {
                    match self {
                        #(#enum_ident::#match_idents => #keys,)*
                    }
                }
            }
        }
    };
    let sort_enum = key_enum(
        &sort_ident,
        format!(
            "The sortable fields of [`{ident}`], for [`{query_ident}::sort_asc`] and [`{query_ident}::sort_desc`]."
        ),
        &sortable,
    );
    let field_enum = key_enum(
        &field_ident,
        format!("The attributes and relationships of [`{ident}`], for [`{query_ident}::fields`]."),
        &field_keys,
    );
    let include_pairs: Vec<(Ident, String)> = relationships
        .iter()
        .map(|(variant, name, _)| (variant.clone(), name.clone()))
        .collect();
    let include_enum = key_enum(
        &include_ident,
        format!("The relationships of [`{ident}`], for [`{query_ident}::include`]."),
        &include_pairs,
    );
    let include_variants = relationships.iter().map(|(variant, _, _)| variant);
    let related_types = relationships.iter().map(|(_, _, type_name)| type_name);
    let type_name = resource.type_name().unwrap_or_default();
    let query_doc = format!(
        "A typed query for [`{ident}`]'s listing: one method per filter key, so that a key the resource does not \
         have does not compile. Generated by `#[derive(Filterable)]`; see `jsonapi_filter::QueryStringBuilder` for the \
         encoding and for which predicates get a method."
    );

    quote! {
        #[doc = #query_doc]
        #[derive(Debug, Clone, Default)]
        #[allow(dead_code)]
        #vis struct #query_ident(#private::QueryStringBuilder<#ident>);

        #[automatically_derived]
        #[allow(dead_code, unreachable_code, unused_variables, clippy::wrong_self_convention)]
        impl #query_ident {
            /// An empty query: no filter, the default sort, the first page.
            pub fn new() -> Self {
                Self(#private::QueryStringBuilder::new())
            }

            #(#methods)*

            #(#through_methods)*

            /// Adds a group that holds when at least one branch holds (`filter[or][i][...]`), each branch's
            /// filters ANDed; every call adds one group, ANDed with the rest of the query. Branches hold filters
            /// only: a sort, page, fieldset or include in one panics.
            pub fn or(self, branches: impl ::core::iter::IntoIterator<Item = Self>) -> Self {
                Self(self.0.or(branches.into_iter().map(|branch| branch.0)))
            }

            /// Adds a group that holds when the filters of `negated` do not all hold (`filter[not][...]`); a
            /// comparison with a NULL stays unknown under it, as in SQL. `negated` holds filters only.
            pub fn not(self, negated: Self) -> Self {
                Self(self.0.not(negated.0))
            }

            /// Sorts by the field, smallest first, after any earlier criteria.
            pub fn sort_asc(self, field: #sort_ident) -> Self {
                Self(self.0.sort(field.key(), #private::SortDirection::Ascending))
            }

            /// Sorts by the field, largest first, after any earlier criteria.
            pub fn sort_desc(self, field: #sort_ident) -> Self {
                Self(self.0.sort(field.key(), #private::SortDirection::Descending))
            }

            /// Asks for page `number` (from 1) of `size` resources.
            pub fn page(self, number: u64, size: u64) -> Self {
                Self(self.0.page(number, size))
            }

            /// Asks for page `number`, from 1.
            pub fn page_number(self, number: u64) -> Self {
                Self(self.0.page_number(number))
            }

            /// Asks for pages of `size` resources.
            pub fn page_size(self, size: u64) -> Self {
                Self(self.0.page_size(size))
            }

            /// Returns only these attributes and relationships of the resource (a sparse fieldset).
            pub fn fields(self, fields: impl ::core::iter::IntoIterator<Item = #field_ident>) -> Self {
                Self(self.0.fields(#type_name, fields.into_iter().map(#field_ident::key)))
            }

            /// Returns only these fields of an included relationship's resources.
            pub fn related_fields<S: ::core::convert::Into<::std::string::String>>(
                self,
                relationship: #include_ident,
                fields: impl ::core::iter::IntoIterator<Item = S>,
            ) -> Self {
                let type_name: &'static str = match relationship {
                    #(#include_ident::#include_variants => #related_types,)*
                };
                Self(self.0.fields(type_name, fields))
            }

            /// Includes the relationship's resource in the response.
            pub fn include(self, relationship: #include_ident) -> Self {
                Self(self.0.include(relationship.key()))
            }

            /// The query string, percent-encoded, without the leading `?`.
            pub fn to_query_string(&self) -> ::std::string::String {
                self.0.to_query_string()
            }

            /// Parses the query string as the server would.
            pub fn to_query(&self) -> ::core::result::Result<#private::ResourceQuery<#ident>, #private::QueryErrors> {
                self.0.to_query()
            }

            /// The untyped builder, to add what the typed methods cannot express.
            pub fn into_builder(self) -> #private::QueryStringBuilder<#ident> {
                self.0
            }
        }

        #[automatically_derived]
        impl #private::TypedQuery for #ident {
            type Query = #query_ident;
        }

        #[automatically_derived]
        impl #private::IntoQueryStringBuilder for #query_ident {
            type Resource = #ident;
            fn into_query_string_builder(self) -> #private::QueryStringBuilder<#ident> {
                self.0
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #query_ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        #sort_enum
        #field_enum
        #include_enum
    }
}

/// One method per relationship that names its related resource (`related = Account`, or a named
/// `has_many`): `account(|a| a.name_cont("main"))` writes the related typed query's filters under
/// `account.`. The related query type is found through the related resource (`TypedQuery`), wherever it was
/// imported from.
fn through_methods(resource: &Resource<'_>) -> Vec<TokenStream> {
    let to_one = resource
        .fields
        .iter()
        .filter(|field| field.role() == Role::ForeignKey)
        .filter_map(|field| {
            let related = field.attrs.related.value()?;
            Some((field.relationship().0, related, "to-one"))
        });
    let to_many = resource.attrs.has_many.iter().filter_map(|has_many| {
        Some((
            has_many.name.as_ref()?.value(),
            has_many.related.as_ref()?,
            "to-many",
        ))
    });
    let private = quote!(::jsonapi_filter::__private);
    to_one
        .chain(to_many)
        .map(|(name, related, cardinality)| {
            let related_query =
                quote_spanned!(related.span()=> <#related as ::jsonapi_filter::__private::TypedQuery>::Query);
            let method = method_ident(&name.replace('-', "_"));
            let meaning = if cardinality == "to-one" {
                "the related row matches them"
            } else {
                "one and the same related row matches all of them"
            };
            let doc = format!(
                "Filters through the {cardinality} `{name}` relationship: the filters the closure sets on the related \
                 resource's typed query, as `filter[{name}.<key>]`; a row matches when {meaning}."
            );
            quote! {
                #[doc = #doc]
                pub fn #method(self, filters: impl ::core::ops::FnOnce(#related_query) -> #related_query) -> Self {
                    let related = filters(::core::default::Default::default());
                    Self(self.0.through(#name, #private::IntoQueryStringBuilder::into_query_string_builder(related)))
                }
            }
        })
        .collect()
}

/// The filter methods of one field: one per predicate, named `<key>_<predicate>` (`rows_count_gteq`).
fn filter_methods(field: &Field<'_>) -> Vec<TokenStream> {
    let key = field.key();
    let base = key.replace('-', "_");
    let value_type = value_type(field);
    let named = |method: String, filter_key: String, shape: ValueShape| {
        filter_method(&method_ident(&method), &filter_key, shape, &value_type)
    };
    match (field.role(), field.predicates()) {
        (Role::Skip, _) => Vec::new(),
        (_, None) => vec![named(exact_method(&base), key, ValueShape::List)],
        (_, Some(predicates)) => {
            // Where only the compiler knows the kind, the methods are the identity comparisons every kind
            // but `boolean` has; `in` and `not-in` then take enum values, the one such kind the types can name.
            let (set, kind_known) = match predicates.known() {
                Some(set) => (set, true),
                None => (
                    ValueKind::Enum
                        .default_predicates()
                        .union(predicates.opt_in),
                    false,
                ),
            };
            // A `with_exact` field's suffix-less key: the method an `exact` field gets.
            let exact = field
                .has_exact_key()
                .then(|| named(exact_method(&base), key.clone(), ValueShape::List));
            let suffixed = set.iter().map(|predicate| {
                let shape = if predicate.takes_flag() {
                    ValueShape::Flag
                } else if predicate.takes_list() && !kind_known {
                    ValueShape::EnumList
                } else if predicate.takes_list() {
                    ValueShape::List
                } else {
                    ValueShape::One
                };
                named(
                    format!("{base}_{}", predicate.rust_name()),
                    filter_key(&key, Some(predicate)),
                    shape,
                )
            });
            exact.into_iter().chain(suffixed).collect()
        }
    }
}

/// The method of a suffix-less list key: the field's name, or `filter_<name>` where that is a method of
/// the builder already.
fn exact_method(base: &str) -> String {
    if BUILDER_METHODS.contains(&base) {
        format!("filter_{base}")
    } else {
        base.to_owned()
    }
}

/// The Rust type a filter method takes values of: the field's type without `Option`, or, for a
/// `kind = "..."` override (whose type has no `FilterType`), the standard type of the kind.
fn value_type(field: &Field<'_>) -> TokenStream {
    match field.attrs.kind.value().copied().flatten() {
        Some(ValueKind::String) => quote!(::std::string::String),
        Some(ValueKind::Integer) => quote!(i64),
        Some(ValueKind::Decimal) => quote!(::jsonapi_filter::__private::Decimal),
        Some(ValueKind::DateTime) => {
            quote!(::jsonapi_filter::__private::DateTime<::jsonapi_filter::__private::Utc>)
        }
        Some(ValueKind::Uuid) => quote!(::jsonapi_filter::__private::Uuid),
        Some(ValueKind::Inet) => quote!(::std::net::IpAddr),
        Some(ValueKind::Boolean) => quote!(bool),
        // An attribute cannot set the enum kind; `attr` refuses it.
        Some(ValueKind::Enum) | None => {
            let (_, inner) = crate::ast::strip_option(field.ty);
            quote!(#inner)
        }
    }
}

fn filter_method(
    method: &Ident,
    filter_key: &str,
    shape: ValueShape,
    value_type: &TokenStream,
) -> TokenStream {
    let private = quote!(::jsonapi_filter::__private);
    let description = filter_key.replace('-', " ");
    match shape {
        ValueShape::One => {
            let doc = format!("Sets `filter[{filter_key}]` ({description} filter) to the value.");
            quote! {
                #[doc = #doc]
                pub fn #method<V: #private::IntoFilterValue<#value_type>>(self, value: V) -> Self {
                    Self(self.0.filter(#filter_key, [#private::IntoFilterValue::into_query_value(value)]))
                }
            }
        }
        ValueShape::List => {
            let doc = format!(
                "Sets `filter[{filter_key}]` ({description} filter) to the values, written as one CSV line."
            );
            quote! {
                #[doc = #doc]
                pub fn #method<V: #private::IntoFilterValue<#value_type>>(
                    self,
                    values: impl ::core::iter::IntoIterator<Item = V>,
                ) -> Self {
                    Self(self.0.filter(
                        #filter_key,
                        values.into_iter().map(#private::IntoFilterValue::into_query_value),
                    ))
                }
            }
        }
        ValueShape::EnumList => {
            let doc = format!(
                "Sets `filter[{filter_key}]` ({description} filter) to the values, written as one CSV line. \
                 Callable only when the field's type is a `FilterEnum`."
            );
            quote! {
                #[doc = #doc]
                pub fn #method<V: #private::IntoFilterEnum<#value_type>>(
                    self,
                    values: impl ::core::iter::IntoIterator<Item = V>,
                ) -> Self {
                    Self(self.0.filter(
                        #filter_key,
                        values.into_iter().map(#private::IntoFilterEnum::into_wire_value),
                    ))
                }
            }
        }
        ValueShape::Flag => {
            let doc =
                format!("Sets `filter[{filter_key}]` ({description} filter): `true` or `false`.");
            quote! {
                #[doc = #doc]
                pub fn #method(self, flag: bool) -> Self {
                    Self(self.0.filter(#filter_key, [if flag { "true" } else { "false" }]))
                }
            }
        }
    }
}

/// An identifier for a method name, raw when the name is a keyword (`type`, `match`).
fn method_ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(ident) => ident,
        Err(_) => Ident::new_raw(name, Span::call_site()),
    }
}

/// The PascalCase variant for a dasherized key: `created-at` -> `CreatedAt`.
fn variant_ident(key: &str) -> Ident {
    let pascal = crate::case::pascal_case(key);
    match syn::parse_str::<Ident>(&pascal) {
        Ok(ident) => ident,
        Err(_) => format_ident!("Key{}", pascal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_pascal_case_variants() {
        assert_eq!(variant_ident("created-at"), "CreatedAt");
        assert_eq!(variant_ident("id"), "Id");
        assert_eq!(variant_ident("utc2-offset"), "Utc2Offset");
        assert_eq!(variant_ident("billing_account"), "BillingAccount");
    }

    #[test]
    fn keyword_method_names_are_raw() {
        assert_eq!(method_ident("type").to_string(), "r#type");
        assert_eq!(method_ident("status_eq").to_string(), "status_eq");
    }
}
