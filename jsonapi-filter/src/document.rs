//! JSON:API documents: resource objects, listing and single-resource documents, serialized straight into the
//! response bytes.
//!
//! A record type says once how it is written ([`JsonApiResource`]: its type, id, attributes and to-one
//! relationships); the documents here do the rest: the member order of the reference API (`id`, `type`,
//! `links`, `attributes`, `relationships`), sparse fieldsets, relationship links and linkage, `included`,
//! `meta` and pagination links. Attributes are written one by one into the serializer, so a page of records
//! is never first built as a `serde_json::Value` tree.
//!
//! ```
//! use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ListingDocument, Relationships, ResourceObject};
//! use jsonapi_filter::{PageLinks, ResourceQuery, TotalCount, Filterable};
//! use serde::ser::SerializeMap;
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//!     caller: String,
//!     #[filterable(foreign_key)]
//!     account_id: Option<i64>,
//! }
//!
//! impl JsonApiResource for Call {
//!     const TYPE: &'static str = "calls";
//!     const ATTRIBUTES: &'static [&'static str] = &["duration", "caller"];
//!     const RELATIONSHIPS: &'static [&'static str] = &["account"];
//!
//!     fn id(&self) -> impl std::fmt::Display + '_ {
//!         self.id
//!     }
//!
//!     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
//!         out.attribute("duration", &self.duration).attribute("caller", &self.caller);
//!     }
//!
//!     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
//!         out.to_one("account", "accounts", self.account_id);
//!     }
//! }
//!
//! let calls = [Call { id: 7, duration: 60, caller: "+44".into(), account_id: Some(3) }];
//! let query = ResourceQuery::<Call>::parse("fields[calls]=duration,account&include=account").unwrap();
//! let links = PageLinks::for_total("http://x/calls", "", query.page, TotalCount::Exact(1));
//! let included = query.include_names();
//! let document = ListingDocument::<Call, ResourceObject<Call>> {
//!     data: ResourceObject::each(&calls, Fields::of(&query), Some("http://x/calls"), &included),
//!     included: None,
//!     meta: TotalCount::Exact(1).into(),
//!     links,
//! };
//! assert_eq!(
//!     serde_json::to_string(&document).unwrap(),
//!     concat!(
//!         r#"{"data":[{"id":"7","type":"calls","links":{"self":"http://x/calls/7"},"attributes":{"duration":60},"#,
//!         r#""relationships":{"account":{"links":{"self":"http://x/calls/7/relationships/account","#,
//!         r#""related":"http://x/calls/7/account"},"data":{"id":"3","type":"accounts"}}}}],"#,
//!         r#""meta":{"total-count":1},"links":{"first":"http://x/calls?page%5Bnumber%5D=1&page%5Bsize%5D=50","#,
//!         r#""last":"http://x/calls?page%5Bnumber%5D=1&page%5Bsize%5D=50"}}"#
//!     )
//! );
//! ```

use std::fmt;

use serde::ser::{Error as _, SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::include::ToManyLinkage;
use crate::links::PageLinks;
use crate::listing::ListingMeta;
use crate::query::{Fieldset, ResourceQuery};
#[cfg(doc)]
use crate::total::TotalCount;

/// Which fields of each type a document shows: every field, or the request's sparse fieldsets
/// (`fields[type]=a,b`), for the attributes and relationships alike.
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32, name: String, owner: Option<u32> }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
/// #         out.attribute("name", &self.name);
/// #     }
/// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
/// #         out.to_one("owner", "people", self.owner);
/// #     }
/// # }
/// # use jsonapi_filter::{Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "accounts", table = "accounts")]
/// # struct AccountRow { #[filterable(id)] id: i64, name: String, #[filterable(foreign_key)] owner_id: i64 }
/// let account = Account { id: 3, name: "Main".into(), owner: Some(9) };
/// let query = ResourceQuery::<AccountRow>::parse("fields[accounts]=owner").unwrap();
/// let object = ResourceObject::new(&account, Fields::of(&query), Some("http://x/accounts"), &[]);
/// let object = serde_json::to_value(object).unwrap();
/// // Only the relationship is left; an object with no attribute left writes no `attributes` member.
/// assert!(object.get("attributes").is_none());
/// assert_eq!(object["relationships"]["owner"]["links"]["related"], "http://x/accounts/3/owner");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Fields<'q> {
    fieldsets: &'q [Fieldset],
}

impl<'q> Fields<'q> {
    /// Every field of every type.
    ///
    /// ```
    /// use jsonapi_filter::document::Fields;
    /// assert!(Fields::ALL.wants("calls", "duration"));
    /// ```
    pub const ALL: Fields<'static> = Fields { fieldsets: &[] };

    /// The sparse fieldsets of `query`: a type it names shows only the fields named, every other type all.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: String }
    /// use jsonapi_filter::document::Fields;
    /// let query = ResourceQuery::<Call>::parse("fields[calls]=duration").unwrap();
    /// let fields = Fields::of(&query);
    /// assert!(fields.wants("calls", "duration"));
    /// assert!(!fields.wants("calls", "caller"));
    /// assert!(fields.wants("accounts", "name"));
    /// ```
    pub fn of<R>(query: &'q ResourceQuery<R>) -> Fields<'q> {
        Fields {
            fieldsets: &query.fieldsets,
        }
    }

    /// Whether the field or relationship `key` of `type_name` is shown.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: String }
    /// use jsonapi_filter::document::Fields;
    /// let query = ResourceQuery::<Call>::parse("fields[calls]=caller").unwrap();
    /// assert!(Fields::of(&query).wants("calls", "caller"));
    /// assert!(!Fields::of(&query).wants("calls", "duration"));
    /// ```
    pub fn wants(&self, type_name: &str, key: &str) -> bool {
        self.fieldsets
            .iter()
            .find(|fieldset| fieldset.type_name == type_name)
            .is_none_or(|fieldset| fieldset.fields.iter().any(|field| field == key))
    }

    /// Whether any of `keys` of `type_name` is shown.
    fn wants_any(&self, type_name: &str, keys: &[&str]) -> bool {
        keys.iter().any(|key| self.wants(type_name, key))
    }
}

/// How a record is written as a JSON:API resource object. The [module documentation](self) shows it in a
/// listing document.
///
/// ```
/// use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ResourceObject};
/// use serde::ser::SerializeMap;
///
/// struct Rate {
///     prefix: String,
///     per_minute: &'static str,
/// }
///
/// impl JsonApiResource for Rate {
///     const TYPE: &'static str = "rates";
///     const ATTRIBUTES: &'static [&'static str] = &["per-minute"];
///
///     // The prefix is the id.
///     fn id(&self) -> impl std::fmt::Display + '_ {
///         &self.prefix
///     }
///
///     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
///         out.attribute("per-minute", self.per_minute);
///     }
/// }
///
/// let rate = Rate { prefix: "4420".into(), per_minute: "0.0123" };
/// assert_eq!(
///     serde_json::to_string(&ResourceObject::new(&rate, Fields::ALL, None, &[])).unwrap(),
///     r#"{"id":"4420","type":"rates","attributes":{"per-minute":"0.0123"}}"#
/// );
/// ```
pub trait JsonApiResource {
    /// The JSON:API type.
    const TYPE: &'static str;
    /// Every attribute key [`JsonApiResource::attributes`] writes, so that a document knows before writing
    /// whether a sparse fieldset leaves any.
    const ATTRIBUTES: &'static [&'static str];
    /// Every to-one relationship [`JsonApiResource::relationships`] writes.
    const RELATIONSHIPS: &'static [&'static str] = &[];
    /// Every to-many relationship [`JsonApiResource::relationships`] writes ([`Relationships::to_many`]).
    const TO_MANY_RELATIONSHIPS: &'static [&'static str] = &[];

    /// The id, as the document writes it: always a JSON string, whatever the type (`7` is `"7"`).
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let account = Account { id: 7, name: "Main".into(), owner: None };
    /// assert_eq!(account.id().to_string(), "7");
    /// let json = serde_json::to_value(ResourceObject::new(&account, Fields::ALL, None, &[])).unwrap();
    /// assert_eq!(json["id"], "7");
    /// ```
    fn id(&self) -> impl fmt::Display + '_;

    /// Writes every attribute, in document order, with [`Attributes::attribute`]; those outside the
    /// request's sparse fieldset are skipped there.
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let account = Account { id: 7, name: "Main".into(), owner: None };
    /// let json = serde_json::to_value(ResourceObject::new(&account, Fields::ALL, None, &[])).unwrap();
    /// assert_eq!(json["attributes"], serde_json::json!({"name": "Main"}));
    /// ```
    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>);

    /// Writes every relationship with [`Relationships::to_one`]. None by default.
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let account = Account { id: 7, name: "Main".into(), owner: None };
    /// let json = serde_json::to_value(ResourceObject::new(&account, Fields::ALL, None, &["owner"])).unwrap();
    /// // Included without a related resource: `"data": null`.
    /// assert_eq!(json["relationships"]["owner"], serde_json::json!({"data": null}));
    /// ```
    fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
        let _ = out;
    }
}

/// The `attributes` member being written: [`Attributes::attribute`] writes one, unless the sparse fieldset
/// leaves it out.
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32, name: String, owner: Option<u32> }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
/// #         out.attribute("name", &self.name);
/// #     }
/// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
/// #         out.to_one("owner", "people", self.owner);
/// #     }
/// # }
/// let account = Account { id: 3, name: "Main".into(), owner: None };
/// let json = serde_json::to_value(ResourceObject::new(&account, Fields::ALL, None, &[])).unwrap();
/// assert_eq!(json["attributes"]["name"], "Main");
/// ```
pub struct Attributes<'w, M: SerializeMap> {
    map: &'w mut M,
    type_name: &'static str,
    fields: Fields<'w>,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Attributes<'_, M> {
    /// Writes the attribute `key` (dasherized, as the document shows it) with `value`'s serde form.
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let account = Account { id: 3, name: "Main".into(), owner: None };
    /// let object = ResourceObject::new(&account, Fields::ALL, None, &[]);
    /// assert_eq!(serde_json::to_value(&object).unwrap()["attributes"]["name"], "Main");
    /// ```
    pub fn attribute<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> &mut Self {
        if self.error.is_none()
            && self.fields.wants(self.type_name, key)
            && let Err(error) = self.map.serialize_entry(key, value)
        {
            self.error = Some(error);
        }
        self
    }
}

/// The `relationships` member being written: [`Relationships::to_one`] writes one, unless the sparse
/// fieldset leaves it out.
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32, name: String, owner: Option<u32> }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
/// #         out.attribute("name", &self.name);
/// #     }
/// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
/// #         out.to_one("owner", "people", self.owner);
/// #     }
/// # }
/// let account = Account { id: 3, name: "Main".into(), owner: Some(9) };
/// let json = serde_json::to_value(ResourceObject::new(&account, Fields::ALL, Some("http://x/accounts"), &[])).unwrap();
/// assert_eq!(json["relationships"]["owner"]["links"]["self"], "http://x/accounts/3/relationships/owner");
/// ```
pub struct Relationships<'w, M: SerializeMap> {
    map: &'w mut M,
    type_name: &'static str,
    fields: Fields<'w>,
    self_link: Option<&'w str>,
    linkage: &'w [&'w str],
    to_many: &'w [ToManyLinkage],
    /// The record's id as written, for the to-many linkage.
    record_id: String,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Relationships<'_, M> {
    /// Writes the to-one relationship `name` to a resource of `related_type` (`None`: no related resource):
    /// its `self` and `related` links when the resource has a link, and its linkage (`data`, a resource
    /// identifier or `null`) when the request includes it.
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let account = Account { id: 3, name: "Main".into(), owner: Some(9) };
    /// // Included: links and linkage. Not included: links only.
    /// let included = ResourceObject::new(&account, Fields::ALL, Some("http://x/accounts"), &["owner"]);
    /// let json = serde_json::to_value(&included).unwrap();
    /// assert_eq!(json["relationships"]["owner"]["data"], serde_json::json!({"type": "people", "id": "9"}));
    /// assert_eq!(json["relationships"]["owner"]["links"]["related"], "http://x/accounts/3/owner");
    /// let plain = serde_json::to_value(&ResourceObject::new(&account, Fields::ALL, Some("http://x/accounts"), &[])).unwrap();
    /// assert!(plain["relationships"]["owner"].get("data").is_none());
    /// // Neither a link nor included: a relationship object would be empty, so it is left out.
    /// let bare = serde_json::to_string(&ResourceObject::new(&account, Fields::ALL, None, &[])).unwrap();
    /// assert_eq!(bare, r#"{"id":"3","type":"accounts","attributes":{"name":"Main"}}"#);
    /// ```
    pub fn to_one<I: fmt::Display>(
        &mut self,
        name: &'static str,
        related_type: &'static str,
        related_id: Option<I>,
    ) -> &mut Self {
        if self.error.is_some() || !self.fields.wants(self.type_name, name) {
            return self;
        }
        let relationship = ToOne {
            name,
            self_link: self.self_link,
            data: self
                .linkage
                .contains(&name)
                .then_some(related_id.map(|id| Identifier {
                    type_name: related_type,
                    id,
                })),
        };
        // A relationship object must hold links or data: without a link and not included, it is left out.
        if relationship.self_link.is_none() && relationship.data.is_none() {
            return self;
        }
        if let Err(error) = self.map.serialize_entry(name, &relationship) {
            self.error = Some(error);
        }
        self
    }
}

impl<M: SerializeMap> Relationships<'_, M> {
    /// Writes the to-many relationship `name` when the request includes it: its `data`, the identifiers of
    /// the included records the [`ToManyLinkage`] of `name` gives for this record (`[]` when none). A to-many
    /// relationship has no links here, and is left out when not included.
    ///
    /// ```
    /// use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, Relationships, ResourceObject};
    /// use jsonapi_filter::include::ToManyLinkage;
    /// use jsonapi_filter::{Filterable, Resource};
    /// use serde::ser::SerializeMap;
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
    /// struct Account { #[filterable(id)] id: i64 }
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls")]
    /// struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    ///
    /// impl JsonApiResource for Account {
    ///     const TYPE: &'static str = "accounts";
    ///     const ATTRIBUTES: &'static [&'static str] = &[];
    ///     const TO_MANY_RELATIONSHIPS: &'static [&'static str] = &["calls"];
    ///     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    ///     fn attributes<M: SerializeMap>(&self, _: &mut Attributes<'_, M>) {}
    ///     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    ///         out.to_many("calls", "calls");
    ///     }
    /// }
    ///
    /// let calls = [Call { id: 1, account_id: 7 }, Call { id: 2, account_id: 7 }];
    /// let linkage = [ToManyLinkage::of(Account::SCHEMA.relationship("calls").unwrap(), &calls)];
    /// let account = Account { id: 7 };
    /// let object = ResourceObject::new(&account, Fields::ALL, None, &["calls"]).with_to_many(&linkage);
    /// assert_eq!(
    ///     serde_json::to_string(&object).unwrap(),
    ///     r#"{"id":"7","type":"accounts","relationships":{"calls":{"data":[{"id":"1","type":"calls"},{"id":"2","type":"calls"}]}}}"#
    /// );
    /// // Not included: no relationship at all.
    /// let plain = ResourceObject::new(&account, Fields::ALL, None, &[]);
    /// assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"id":"7","type":"accounts"}"#);
    /// ```
    pub fn to_many(&mut self, name: &'static str, related_type: &'static str) -> &mut Self {
        if self.error.is_some()
            || !self.fields.wants(self.type_name, name)
            || !self.linkage.contains(&name)
        {
            return self;
        }
        let ids = self
            .to_many
            .iter()
            .find(|linkage| linkage.relationship == name)
            .map_or(&[][..], |linkage| linkage.ids_of(&self.record_id));
        let data: Vec<Identifier<&String>> = ids
            .iter()
            .map(|id| Identifier {
                type_name: related_type,
                id,
            })
            .collect();
        if let Err(error) = self.map.serialize_entry(name, &ToManyData(&data)) {
            self.error = Some(error);
        }
        self
    }
}

/// `{"data": [...]}` of a to-many relationship.
struct ToManyData<'a, I>(&'a [Identifier<I>]);

impl<I: fmt::Display> Serialize for ToManyData<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("data", self.0)?;
        map.end()
    }
}

struct ToOne<'a, I> {
    name: &'static str,
    self_link: Option<&'a str>,
    /// `Some(None)` writes `"data": null`.
    data: Option<Option<Identifier<I>>>,
}

impl<I: fmt::Display> Serialize for ToOne<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(self_link) = self.self_link {
            map.serialize_entry(
                "links",
                &RelationshipLinks {
                    self_link,
                    name: self.name,
                },
            )?;
        }
        if let Some(data) = &self.data {
            map.serialize_entry("data", data)?;
        }
        map.end()
    }
}

struct RelationshipLinks<'a> {
    self_link: &'a str,
    name: &'static str,
}

impl Serialize for RelationshipLinks<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut links = serializer.serialize_struct("RelationshipLinks", 2)?;
        links.serialize_field(
            "self",
            &format_args!("{}/relationships/{}", self.self_link, self.name),
        )?;
        links.serialize_field("related", &format_args!("{}/{}", self.self_link, self.name))?;
        links.end()
    }
}

/// A resource identifier: `{"id": ..., "type": ...}`, in the order resource objects write the two.
struct Identifier<I> {
    type_name: &'static str,
    id: I,
}

impl<I: fmt::Display> Serialize for Identifier<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut identifier = serializer.serialize_struct("Identifier", 2)?;
        identifier.serialize_field("id", &format_args!("{}", self.id))?;
        identifier.serialize_field("type", self.type_name)?;
        identifier.end()
    }
}

/// One record as a resource object, with the sparse fieldsets, links and linkage of the request.
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32, name: String, owner: Option<u32> }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
/// #         out.attribute("name", &self.name);
/// #     }
/// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
/// #         out.to_one("owner", "people", self.owner);
/// #     }
/// # }
/// let accounts = [
///     Account { id: 3, name: "Main".into(), owner: None },
///     Account { id: 4, name: "Backup".into(), owner: None },
/// ];
/// let objects = ResourceObject::each(&accounts, Fields::ALL, None, &["owner"]);
/// assert_eq!(
///     serde_json::to_string(&objects[1]).unwrap(),
///     r#"{"id":"4","type":"accounts","attributes":{"name":"Backup"},"relationships":{"owner":{"data":null}}}"#
/// );
/// ```
pub struct ResourceObject<'a, T> {
    record: &'a T,
    fields: Fields<'a>,
    /// The URL of the resource's collection: its `links.self` is `{collection}/{id}`. `None` writes no
    /// links (a resource without its own URL).
    collection_url: Option<&'a str>,
    /// The relationships whose linkage (`data`) is written: the included ones.
    linkage: &'a [&'a str],
    /// The linkage of the included to-many relationships.
    to_many: &'a [ToManyLinkage],
    /// The object's cursor (`meta.page.cursor`), in a listing whose query has a cursor key.
    cursor: Option<&'a str>,
}

impl<'a, T: JsonApiResource> ResourceObject<'a, T> {
    /// `record` as a resource object: `fields` filters its attributes and relationships, `collection_url`
    /// gives its links (none when `None`), and the relationships named in `linkage` carry their `data`.
    ///
    /// ```
    /// # use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ResourceObject};
    /// # use serde::ser::SerializeMap;
    /// struct Account { id: u32, name: String }
    ///
    /// impl JsonApiResource for Account {
    ///     const TYPE: &'static str = "accounts";
    ///     const ATTRIBUTES: &'static [&'static str] = &["name"];
    ///     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    ///     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    ///         out.attribute("name", &self.name);
    ///     }
    /// }
    ///
    /// let account = Account { id: 3, name: "Main".into() };
    /// let object = ResourceObject::new(&account, Fields::ALL, None, &[]);
    /// assert_eq!(
    ///     serde_json::to_string(&object).unwrap(),
    ///     r#"{"id":"3","type":"accounts","attributes":{"name":"Main"}}"#
    /// );
    /// ```
    pub fn new(
        record: &'a T,
        fields: Fields<'a>,
        collection_url: Option<&'a str>,
        linkage: &'a [&'a str],
    ) -> Self {
        ResourceObject {
            record,
            fields,
            collection_url,
            linkage,
            to_many: &[],
            cursor: None,
        }
    }

    /// The object with its cursor, written as `meta.page.cursor` (the JSON:API Cursor Pagination profile):
    /// where a client may start a cursor walk from. [`crate::ListingPage::objects`] gives each object of a
    /// listing its own.
    ///
    /// ```
    /// # use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ResourceObject};
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32 }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &[];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, _: &mut Attributes<'_, M>) {}
    /// # }
    /// let object = ResourceObject::new(&Account { id: 3 }, Fields::ALL, None, &[]).with_cursor(Some("AQx"));
    /// assert_eq!(serde_json::to_string(&object).unwrap(), r#"{"id":"3","type":"accounts","meta":{"page":{"cursor":"AQx"}}}"#);
    /// ```
    pub fn with_cursor(mut self, cursor: Option<&'a str>) -> Self {
        self.cursor = cursor;
        self
    }

    /// The object with the linkage of its included to-many relationships ([`Relationships::to_many`]).
    pub fn with_to_many(mut self, to_many: &'a [ToManyLinkage]) -> Self {
        self.to_many = to_many;
        self
    }

    /// [`ResourceObject::new`] for each of `records`, in order. See the [module documentation](self).
    ///
    /// ```
    /// # use jsonapi_filter::document::*;
    /// # use serde::ser::SerializeMap;
    /// # struct Account { id: u32, name: String, owner: Option<u32> }
    /// # impl JsonApiResource for Account {
    /// #     const TYPE: &'static str = "accounts";
    /// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
    /// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
    /// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
    /// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
    /// #         out.attribute("name", &self.name);
    /// #     }
    /// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
    /// #         out.to_one("owner", "people", self.owner);
    /// #     }
    /// # }
    /// let accounts = [Account { id: 1, name: "A".into(), owner: None }, Account { id: 2, name: "B".into(), owner: None }];
    /// let objects = ResourceObject::each(&accounts, Fields::ALL, None, &[]);
    /// assert_eq!(serde_json::to_value(&objects).unwrap()[1]["id"], "2");
    /// ```
    pub fn each(
        records: &'a [T],
        fields: Fields<'a>,
        collection_url: Option<&'a str>,
        linkage: &'a [&'a str],
    ) -> Vec<Self> {
        records
            .iter()
            .map(|record| ResourceObject::new(record, fields, collection_url, linkage))
            .collect()
    }
}

impl<T: JsonApiResource> Serialize for ResourceObject<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.record;
        let self_link = self
            .collection_url
            .map(|collection| format!("{collection}/{}", record.id()));
        let mut object = serializer.serialize_map(None)?;
        object.serialize_entry("id", &format_args!("{}", record.id()))?;
        object.serialize_entry("type", T::TYPE)?;
        if let Some(self_link) = &self_link {
            object.serialize_entry("links", &SelfLink(self_link))?;
        }
        if self.fields.wants_any(T::TYPE, T::ATTRIBUTES) {
            object.serialize_entry("attributes", &AttributesOf(self))?;
        }
        // A relationship is written when wanted and it has a link or is included; with none, no member.
        let writes_relationships = T::RELATIONSHIPS.iter().any(|name| {
            self.fields.wants(T::TYPE, name) && (self_link.is_some() || self.linkage.contains(name))
        }) || T::TO_MANY_RELATIONSHIPS
            .iter()
            .any(|name| self.fields.wants(T::TYPE, name) && self.linkage.contains(name));
        if writes_relationships {
            object.serialize_entry(
                "relationships",
                &RelationshipsOf {
                    object: self,
                    self_link: self_link.as_deref(),
                },
            )?;
        }
        if let Some(cursor) = self.cursor {
            object.serialize_entry(
                "meta",
                &CursorMeta {
                    page: PageCursor { cursor },
                },
            )?;
        }
        object.end()
    }
}

/// A resource object's `meta`: `{"page": {"cursor": ...}}`.
#[derive(Serialize)]
struct CursorMeta<'a> {
    page: PageCursor<'a>,
}

#[derive(Serialize)]
struct PageCursor<'a> {
    cursor: &'a str,
}

struct SelfLink<'a>(&'a str);

impl Serialize for SelfLink<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut links = serializer.serialize_struct("Links", 1)?;
        links.serialize_field("self", self.0)?;
        links.end()
    }
}

struct AttributesOf<'o, 'a, T>(&'o ResourceObject<'a, T>);

impl<T: JsonApiResource> Serialize for AttributesOf<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut attributes = Attributes {
            map: &mut map,
            type_name: T::TYPE,
            fields: self.0.fields,
            error: None,
        };
        self.0.record.attributes(&mut attributes);
        if let Some(error) = attributes.error {
            return Err(error_of::<S>(error));
        }
        map.end()
    }
}

struct RelationshipsOf<'o, 'a, T> {
    object: &'o ResourceObject<'a, T>,
    self_link: Option<&'o str>,
}

impl<T: JsonApiResource> Serialize for RelationshipsOf<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut relationships = Relationships {
            map: &mut map,
            type_name: T::TYPE,
            fields: self.object.fields,
            self_link: self.self_link,
            linkage: self.object.linkage,
            to_many: self.object.to_many,
            record_id: if self.object.to_many.is_empty() {
                String::new()
            } else {
                self.object.record.id().to_string()
            },
            error: None,
        };
        self.object.record.relationships(&mut relationships);
        if let Some(error) = relationships.error {
            return Err(error_of::<S>(error));
        }
        map.end()
    }
}

/// A map's error as the serializer's: both are `S::Error` for the maps used here, but the types do not say
/// so, hence the text.
fn error_of<S: Serializer>(error: impl fmt::Display) -> S::Error {
    S::Error::custom(error)
}

/// The listing document: `data`, `included` (when the request includes a relationship), `meta` with the
/// total count and pagination `links`, in that order. See the [module documentation](self).
#[derive(Serialize)]
#[serde(bound(serialize = ""))]
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32, name: String, owner: Option<u32> }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     const RELATIONSHIPS: &'static [&'static str] = &["owner"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
/// #         out.attribute("name", &self.name);
/// #     }
/// #     fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
/// #         out.to_one("owner", "people", self.owner);
/// #     }
/// # }
/// use jsonapi_filter::{Page, PageLinks, TotalCount};
/// let accounts = [Account { id: 1, name: "A".into(), owner: None }];
/// let total = TotalCount::Exact(1);
/// let document = ListingDocument::<Account, ResourceObject<Account>> {
///     data: ResourceObject::each(&accounts, Fields::ALL, None, &[]),
///     included: None,
///     meta: total.into(),
///     links: PageLinks::for_total("http://x/accounts", "", Page { number: 1, size: 50 }, total),
/// };
/// let json = serde_json::to_value(&document).unwrap();
/// assert_eq!(json["meta"]["total-count"], 1);
/// assert!(json.get("included").is_none());
/// ```
pub struct ListingDocument<'a, T: JsonApiResource, I: Serialize> {
    /// The page of records.
    pub data: Vec<ResourceObject<'a, T>>,
    /// The included resources, when the request names a relationship in `include`: resource objects of one
    /// type (`ResourceObject<'a, Account>`), or of two ([`IncludedEither`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<I>>,
    /// `{"total-count": N}`, or `{"total-count-at-least": N}` under a count limit, with `page.rangeTruncated`
    /// for a range of cursors ([`crate::ListingPage::meta`]; a [`TotalCount`] converts with `.into()`).
    pub meta: ListingMeta,
    /// The pagination links.
    pub links: PageLinks,
}

/// A document of one resource (or `null`), with included resources when the request asks.
///
/// ```
/// # use jsonapi_filter::document::{Attributes, Fields, JsonApiResource, ResourceObject, SingleDocument};
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32 }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &[];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, _: &mut Attributes<'_, M>) {}
/// # }
/// let none = SingleDocument::<Account, ResourceObject<Account>> { data: None, included: None };
/// assert_eq!(serde_json::to_string(&none).unwrap(), r#"{"data":null}"#);
/// ```
#[derive(Serialize)]
#[serde(bound(serialize = ""))]
pub struct SingleDocument<'a, T: JsonApiResource, I: Serialize> {
    /// The primary data.
    pub data: Option<ResourceObject<'a, T>>,
    /// The included resources, when the request names a relationship in `include`: resource objects of one
    /// type, or of two ([`IncludedEither`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<I>>,
}

/// An included resource of one of two types, for a document whose request includes relationships to two
/// types (`include=account,auth-orig-transport-protocol`). It serializes as the resource object it holds.
///
/// ```
/// # use jsonapi_filter::document::*;
/// # use serde::ser::SerializeMap;
/// # struct Account { id: u32 }
/// # impl JsonApiResource for Account {
/// #     const TYPE: &'static str = "accounts";
/// #     const ATTRIBUTES: &'static [&'static str] = &[];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, _: &mut Attributes<'_, M>) {}
/// # }
/// # struct Protocol { id: u32, name: &'static str }
/// # impl JsonApiResource for Protocol {
/// #     const TYPE: &'static str = "transport-protocols";
/// #     const ATTRIBUTES: &'static [&'static str] = &["name"];
/// #     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
/// #     fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) { out.attribute("name", self.name); }
/// # }
/// let (account, protocol) = (Account { id: 3 }, Protocol { id: 2, name: "TCP" });
/// let document = SingleDocument::<Account, IncludedEither<Account, Protocol>> {
///     data: Some(ResourceObject::new(&account, Fields::ALL, None, &[])),
///     included: Some(vec![
///         IncludedEither::First(ResourceObject::new(&account, Fields::ALL, None, &[])),
///         IncludedEither::Second(ResourceObject::new(&protocol, Fields::ALL, None, &[])),
///     ]),
/// };
/// assert_eq!(
///     serde_json::to_string(&document).unwrap(),
///     concat!(
///         r#"{"data":{"id":"3","type":"accounts"},"included":[{"id":"3","type":"accounts"},"#,
///         r#"{"id":"2","type":"transport-protocols","attributes":{"name":"TCP"}}]}"#
///     )
/// );
/// ```
pub enum IncludedEither<'a, A, B> {
    /// A resource of the first type.
    First(ResourceObject<'a, A>),
    /// A resource of the second type.
    Second(ResourceObject<'a, B>),
}

impl<A: JsonApiResource, B: JsonApiResource> Serialize for IncludedEither<'_, A, B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IncludedEither::First(object) => object.serialize(serializer),
            IncludedEither::Second(object) => object.serialize(serializer),
        }
    }
}

/// The document of a to-one relationship itself (`GET /exports/7/relationships/account`): its `self` and
/// `related` links and its linkage, a resource identifier or `null`.
///
/// ```
/// use jsonapi_filter::document::ToOneDocument;
/// let document = ToOneDocument::new("http://x/calls/7", "account", "accounts", Some(3));
/// assert_eq!(
///     serde_json::to_string(&document).unwrap(),
///     r#"{"links":{"self":"http://x/calls/7/relationships/account","related":"http://x/calls/7/account"},"data":{"id":"3","type":"accounts"}}"#
/// );
/// ```
pub struct ToOneDocument<'a, I>(ToOne<'a, I>);

impl<'a, I: fmt::Display> ToOneDocument<'a, I> {
    /// The relationship `name` of the resource at `resource_url`, to a resource of `related_type` with
    /// `related_id` (`None`: no related resource, `"data": null`).
    ///
    /// ```
    /// use jsonapi_filter::document::ToOneDocument;
    /// let document = ToOneDocument::<u32>::new("http://x/calls/8", "account", "accounts", None);
    /// assert_eq!(serde_json::to_value(&document).unwrap()["data"], serde_json::Value::Null);
    /// ```
    pub fn new(
        resource_url: &'a str,
        name: &'static str,
        related_type: &'static str,
        related_id: Option<I>,
    ) -> Self {
        ToOneDocument(ToOne {
            name,
            self_link: Some(resource_url),
            data: Some(related_id.map(|id| Identifier {
                type_name: related_type,
                id,
            })),
        })
    }
}

impl<I: fmt::Display> Serialize for ToOneDocument<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<R> ResourceQuery<R> {
    /// The names of the included relationships, for [`ResourceObject::new`]'s linkage.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key)] account_id: i64 }
    /// let query = ResourceQuery::<Call>::parse("include=account").unwrap();
    /// assert_eq!(query.include_names(), ["account"]);
    /// ```
    pub fn include_names(&self) -> Vec<&'static str> {
        self.include
            .iter()
            .map(|relationship| relationship.name)
            .collect()
    }
}
