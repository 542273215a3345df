//! The macro's own model of its input: a resource struct with its fields, or an enum of wire values.

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use crate::attr::{Ctxt, EnumAttrs, FieldAttrs, StructAttrs, VariantAttrs};

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
    pub syntactic_kind: Option<SyntacticKind>,
    /// Whether the type is written `Option<...>`.
    pub optional: bool,
}

/// The kind of a well-known field type, read from the type's name; the trait decides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntacticKind {
    String,
    Integer,
    DateTime,
    Uuid,
    Boolean,
}

impl SyntacticKind {
    pub fn name(self) -> &'static str {
        match self {
            SyntacticKind::String => "string",
            SyntacticKind::Integer => "integer",
            SyntacticKind::DateTime => "datetime",
            SyntacticKind::Uuid => "uuid",
            SyntacticKind::Boolean => "boolean",
        }
    }

    pub fn from_kind_name(name: &str) -> Option<SyntacticKind> {
        match name {
            "string" => Some(SyntacticKind::String),
            "integer" => Some(SyntacticKind::Integer),
            "datetime" => Some(SyntacticKind::DateTime),
            "uuid" => Some(SyntacticKind::Uuid),
            "boolean" => Some(SyntacticKind::Boolean),
            _ => None,
        }
    }
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

/// The kind of a well-known type, by its last path segment; `None` for anything else (enums, newtypes,
/// aliases), which the `FilterType` trait decides at type-check time.
fn syntactic_kind(ty: &Type) -> Option<SyntacticKind> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    let name = segment.ident.to_string();
    match name.as_str() {
        "String" => Some(SyntacticKind::String),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" => Some(SyntacticKind::Integer),
        "DateTime" => Some(SyntacticKind::DateTime),
        "Uuid" => Some(SyntacticKind::Uuid),
        "bool" => Some(SyntacticKind::Boolean),
        _ => None,
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

    /// The dasherized key: the rename, or the field name.
    pub fn key(&self) -> String {
        match self.attrs.rename.get() {
            Some(rename) => crate::case::dasherize(&rename.value.value()),
            None => crate::case::dasherize(&self.ident.to_string()),
        }
    }

    /// The SQL column: the `column` attribute, or the field name.
    pub fn column(&self) -> String {
        match self.attrs.column.get() {
            Some(column) => column.value.value(),
            None => self.ident.to_string().trim_start_matches("r#").to_owned(),
        }
    }

    /// The kind the macro can see: the `kind` attribute, or the well-known type's.
    pub fn visible_kind(&self) -> Option<SyntacticKind> {
        match self.attrs.kind.get() {
            Some(kind) => SyntacticKind::from_kind_name(&kind.value.value()),
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

    /// The relationship of a foreign key: its name and JSON:API type.
    pub fn relationship(&self) -> (String, String) {
        let name = match self.attrs.relationship.get() {
            Some(name) => name.value.value(),
            None => crate::case::relationship_name(&self.ident.to_string()),
        };
        let type_name = match self.attrs.related_type.get() {
            Some(type_name) => type_name.value.value(),
            None => crate::case::pluralize(&name),
        };
        (name, type_name)
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

    /// The table: the `table` attribute, or the type name with underscores.
    pub fn table(&self) -> String {
        match self.attrs.table.get() {
            Some(table) => table.value.value(),
            None => self.type_name().unwrap_or_default().replace('-', "_"),
        }
    }
}
