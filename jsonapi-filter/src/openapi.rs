//! An OpenAPI 3.1 description of resources' listing and single-resource routes, built from their derived
//! schemas (through [`ParameterTable`], so that the table, the HTML page and this document list the same
//! parameters).
//!
//! Written with `serde_json` rather than an OpenAPI crate: the document is a few plain JSON objects, and the
//! crates model OpenAPI 3.0 or impose their own derive on the resource. The result is a
//! [`serde_json::Value`], to serve as it is or to load into any OpenAPI library.
//!
//! What it describes:
//! - each `filter[...]` parameter with a schema of its kind (`format: uuid`, `format: date-time`,
//!   `integer`/`int64`, an `enum` of the allowed values, `boolean` for `null`/`not-null`); list predicates as an
//!   array written comma-separated (`style: form, explode: false`), items quoted as CSV;
//! - `sort` with its allowed criteria and default, `page[number]` and `page[size]` with their bounds and
//!   defaults, `fields[...]` and `include` with their allowed names;
//! - the JSON:API documents: the listing (`data`, `included`, `meta.total-count`, pagination `links`), the
//!   single resource, and the error document. Attributes the derive does not know (skipped fields, such as a
//!   JSON column) get the schema given with [`ResourceRoutes::attribute_schema`], or accept any JSON value.
//!
//! ```
//! use jsonapi_filter::{Filterable, OpenApi, ResourceRoutes};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//! }
//!
//! let document = OpenApi::new("Calls API", "1.0.0")
//!     .resource(ResourceRoutes::of::<Call>("/calls").with_item_route())
//!     .to_json();
//! assert_eq!(document["openapi"], "3.1.0");
//! let parameters = document["paths"]["/calls"]["get"]["parameters"].as_array().unwrap();
//! let gt = parameters.iter().find(|parameter| parameter["name"] == "filter[duration-gt]").unwrap();
//! assert_eq!(gt["schema"]["type"], "integer");
//! assert!(document["paths"]["/calls/{id}"]["get"].is_object());
//! ```

use serde_json::{Map, Value, json};

use crate::JSON_API_MEDIA_TYPE;
use crate::docs::{Parameter, ParameterDefault, ParameterGroup, ParameterTable};
use crate::query::QueryLimits;
use crate::schema::{
    Cardinality, DefaultValue, FieldSchema, RelationshipSchema, Resource, ResourceSchema,
};
use jsonapi_filter_vocabulary::ValueKind;

/// The routes of one resource to describe: its listing, and optionally its single-resource route.
///
/// ```
/// use jsonapi_filter::{Filterable, ResourceRoutes};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     #[filterable(skip)]
///     tags: Vec<String>,
/// }
///
/// let routes = ResourceRoutes::of::<Call>("/v1/calls")
///     .with_item_route()
///     .attribute_schema("tags", serde_json::json!({"type": "array", "items": {"type": "string"}}));
/// assert_eq!(routes.item_path(), Some("/v1/calls/{id}"));
/// ```
#[derive(Debug, Clone)]
pub struct ResourceRoutes {
    schema: &'static ResourceSchema,
    collection_path: String,
    item_path: Option<String>,
    description: Option<String>,
    /// (attribute key, JSON Schema) for attributes the derive cannot describe.
    attribute_schemas: Vec<(String, Value)>,
    /// (related type, JSON Schema of its `attributes` object), for `included`.
    related_attribute_schemas: Vec<(String, Value)>,
    /// The parser's bounds, documented on the list parameters.
    limits: QueryLimits,
    /// Whether the listing serves cursors (`page[after]`, `page[before]`).
    cursor_pagination: bool,
}

impl ResourceRoutes {
    /// The listing of resource `R` at `collection_path` (`/api/rest/customer/v1/cdr-exports`).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(ResourceRoutes::of::<Call>("/calls").collection_path(), "/calls");
    /// ```
    pub fn of<R: Resource>(collection_path: impl Into<String>) -> ResourceRoutes {
        ResourceRoutes::from_schema(R::SCHEMA, collection_path)
    }

    /// The listing of the resource described by `schema`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let routes = ResourceRoutes::from_schema(Call::SCHEMA, "/calls");
    /// assert_eq!(routes.item_path(), None);
    /// ```
    pub fn from_schema(
        schema: &'static ResourceSchema,
        collection_path: impl Into<String>,
    ) -> ResourceRoutes {
        ResourceRoutes {
            schema,
            collection_path: collection_path.into(),
            item_path: None,
            description: None,
            attribute_schemas: Vec::new(),
            related_attribute_schemas: Vec::new(),
            limits: QueryLimits::default(),
            cursor_pagination: false,
        }
    }

    /// Describes the listing's cursor pagination (the JSON:API Cursor Pagination profile), for a listing
    /// served with a [`CursorKey`](crate::CursorKey): `page[after]` and `page[before]` in the listing's
    /// description and in its `x-cursor-pagination` member. They are not listed as parameters: a cursor is
    /// made by the server (a `meta.page.cursor` of the same listing), so no schema can describe the values a
    /// client may send, and a generated one is refused (400, code 118).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let document = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls").cursor_pagination()).to_json();
    /// let listing = &document["paths"]["/calls"]["get"];
    /// assert_eq!(listing["x-cursor-pagination"]["profile"], CURSOR_PAGINATION_PROFILE);
    /// assert!(listing["description"].as_str().unwrap().contains("page[after]"));
    /// ```
    pub fn cursor_pagination(mut self) -> ResourceRoutes {
        self.cursor_pagination = true;
        self
    }

    /// Also describes `GET <collection_path>/{id}`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let routes = ResourceRoutes::of::<Call>("/calls/").with_item_route();
    /// assert_eq!(routes.item_path(), Some("/calls/{id}"));
    /// ```
    pub fn with_item_route(mut self) -> ResourceRoutes {
        let base = self.collection_path.trim_end_matches('/');
        self.item_path = Some(format!("{base}/{{id}}"));
        self
    }

    /// A description of the listing operation, in CommonMark; the section on filter groups follows it
    /// (and is the whole description when none is given).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let document = OpenApi::new("Calls", "1")
    ///     .resource(ResourceRoutes::of::<Call>("/calls").description("Every call of the account."))
    ///     .to_json();
    /// let description = document["paths"]["/calls"]["get"]["description"].as_str().unwrap();
    /// assert!(description.starts_with("Every call of the account.\n\n**Filter groups.**"), "{description}");
    /// ```
    pub fn description(mut self, text: impl Into<String>) -> ResourceRoutes {
        self.description = Some(text.into());
        self
    }

    /// The JSON Schema of an attribute the derive does not describe (a skipped field), or one to use instead
    /// of the derived schema.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(skip)] meta: String }
    /// let document = OpenApi::new("Calls", "1")
    ///     .resource(ResourceRoutes::of::<Call>("/calls").attribute_schema("meta", serde_json::json!({"type": "object"})))
    ///     .to_json();
    /// let attributes = &document["components"]["schemas"]["CallsAttributes"]["properties"];
    /// assert_eq!(attributes["meta"]["type"], "object");
    /// ```
    pub fn attribute_schema(mut self, key: impl Into<String>, schema: Value) -> ResourceRoutes {
        let key = key.into();
        self.attribute_schemas.retain(|(given, _)| *given != key);
        self.attribute_schemas.push((key, schema));
        self
    }

    /// The JSON Schema of the `attributes` object of a related type's resources, as they appear in
    /// `included`; without it they are described as generic resource objects.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key)] account_id: i64 }
    /// let attributes = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
    /// let document = OpenApi::new("Calls", "1")
    ///     .resource(ResourceRoutes::of::<Call>("/calls").related_attributes("accounts", attributes))
    ///     .to_json();
    /// assert!(document["components"]["schemas"]["AccountsResource"].is_object());
    /// ```
    pub fn related_attributes(
        mut self,
        type_name: impl Into<String>,
        attributes: Value,
    ) -> ResourceRoutes {
        let type_name = type_name.into();
        self.related_attribute_schemas
            .retain(|(given, _)| *given != type_name);
        self.related_attribute_schemas.push((type_name, attributes));
        self
    }

    /// The limits the server parses with (default [`QueryLimits::default`]), so that list filters document
    /// the most values they take (`maxItems`).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let limits = QueryLimits { max_list_values: 10, ..QueryLimits::default() };
    /// let document = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls").limits(limits)).to_json();
    /// assert_eq!(document["paths"]["/calls"]["get"]["parameters"][0]["schema"]["maxItems"], 10);
    /// ```
    pub fn limits(mut self, limits: QueryLimits) -> ResourceRoutes {
        self.limits = limits;
        self
    }

    /// The listing's path.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceRoutes};
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(ResourceRoutes::of::<Call>("/v1/calls").collection_path(), "/v1/calls");
    /// ```
    pub fn collection_path(&self) -> &str {
        &self.collection_path
    }

    /// The single-resource path, when described ([`ResourceRoutes::with_item_route`]).
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceRoutes};
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(ResourceRoutes::of::<Call>("/v1/calls").item_path(), None);
    /// assert_eq!(ResourceRoutes::of::<Call>("/v1/calls").with_item_route().item_path(), Some("/v1/calls/{id}"));
    /// ```
    pub fn item_path(&self) -> Option<&str> {
        self.item_path.as_deref()
    }
}

/// An OpenAPI 3.1 document describing one or more resources.
///
/// ```
/// use jsonapi_filter::{Filterable, FilterEnum, OpenApi, ResourceRoutes};
///
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// enum Status { Pending, Failed }
///
/// #[derive(Filterable)]
/// #[filterable(type = "cdr-exports", default_sort = "-created-at")]
/// struct CdrExport {
///     #[filterable(id)]
///     id: uuid::Uuid,
///     status: Status,
///     created_at: chrono::DateTime<chrono::Utc>,
/// }
///
/// let document = OpenApi::new("CDR Exports API", "1.0.0")
///     .resource(ResourceRoutes::of::<CdrExport>("/cdr-exports").with_item_route())
///     .to_json();
/// assert_eq!(document["openapi"], "3.1.0");
/// let parameters = document["paths"]["/cdr-exports"]["get"]["parameters"].as_array().unwrap();
/// let status_in = parameters.iter().find(|p| p["name"] == "filter[status-in]").unwrap();
/// assert_eq!(status_in["schema"]["items"]["enum"], serde_json::json!(["Pending", "Failed"]));
/// assert_eq!(status_in["explode"], false);
/// let gteq = parameters.iter().find(|p| p["name"] == "filter[created-at-gteq]").unwrap();
/// assert_eq!(gteq["schema"]["format"], "date-time");
/// ```
#[derive(Debug, Clone)]
pub struct OpenApi {
    title: String,
    version: String,
    description: Option<String>,
    servers: Vec<String>,
    /// (name, Security Scheme Object); every operation requires all of them.
    security_schemes: Vec<(String, Value)>,
    resources: Vec<ResourceRoutes>,
}

impl OpenApi {
    /// A document titled `title`, for version `version` of the API.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// let document = OpenApi::new("Calls", "2.1").to_json();
    /// assert_eq!(document["info"]["version"], "2.1");
    /// ```
    pub fn new(title: impl Into<String>, version: impl Into<String>) -> OpenApi {
        OpenApi {
            title: title.into(),
            version: version.into(),
            description: None,
            servers: Vec::new(),
            security_schemes: Vec::new(),
            resources: Vec::new(),
        }
    }

    /// The API's description, in CommonMark.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// let document = OpenApi::new("Calls", "1").description("Call records.").to_json();
    /// assert_eq!(document["info"]["description"], "Call records.");
    /// ```
    pub fn description(mut self, text: impl Into<String>) -> OpenApi {
        self.description = Some(text.into());
        self
    }

    /// A server URL the paths are relative to (`https://api.example.org`).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// let document = OpenApi::new("Calls", "1").server("https://api.example.org").to_json();
    /// assert_eq!(document["servers"][0]["url"], "https://api.example.org");
    /// ```
    pub fn server(mut self, url: impl Into<String>) -> OpenApi {
        self.servers.push(url.into());
        self
    }

    /// A security scheme (an OpenAPI Security Scheme Object) that every operation requires.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// let document = OpenApi::new("Calls", "1")
    ///     .security_scheme("token", serde_json::json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}))
    ///     .to_json();
    /// assert_eq!(document["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    /// assert_eq!(document["security"][0]["token"], serde_json::json!([]));
    /// ```
    pub fn security_scheme(mut self, name: impl Into<String>, scheme: Value) -> OpenApi {
        self.security_schemes.push((name.into(), scheme));
        self
    }

    /// Adds a resource's routes.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let document = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls")).to_json();
    /// assert!(document["paths"]["/calls"]["get"].is_object());
    /// ```
    pub fn resource(mut self, routes: ResourceRoutes) -> OpenApi {
        self.resources.push(routes);
        self
    }

    /// The OpenAPI 3.1 document.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let document = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls")).to_json();
    /// let ok = &document["paths"]["/calls"]["get"]["responses"]["200"]["content"]["application/vnd.api+json"];
    /// assert_eq!(ok["schema"]["$ref"], "#/components/schemas/CallsListing");
    /// ```
    pub fn to_json(&self) -> Value {
        let mut schemas = common_schemas();
        let mut paths = Map::new();
        for routes in &self.resources {
            let names = ComponentNames::of(routes.schema.type_name);
            resource_schemas(routes, &names, &mut schemas);
            let table = ParameterTable::from_schema(routes.schema);
            let mut listing = json!({
                "operationId": format!("list-{}", routes.schema.type_name),
                "summary": format!("List {}", routes.schema.type_name),
                "tags": [routes.schema.type_name],
                "parameters": table
                    .parameters
                    .iter()
                    .chain(table.relationship_filters.iter().flat_map(|r| &r.parameters))
                    .map(|p| parameter_object(p, &routes.limits))
                    .collect::<Vec<_>>(),
                "responses": {
                    "200": document_response(&format!("A page of {}.", routes.schema.type_name), &names.listing),
                    "400": error_response("The query string is invalid: every problem, one error object each."),
                    "414": error_response("The query string is longer than the server accepts."),
                    "default": error_response("Any other error."),
                },
            });
            let mut groups = table.filter_groups.clone();
            groups.max_depth = routes.limits.max_group_depth;
            let groups_text = format!(
                "**Filter groups.** {} {}",
                groups.description(),
                groups.null_note()
            );
            listing["description"] = json!(match &routes.description {
                Some(description) => format!("{description}\n\n{groups_text}"),
                None => groups_text,
            });
            // The grouped parameters' names are open-ended (`filter[or][<index>][<key>]`), so they are
            // described here rather than listed as parameters.
            listing["x-filter-groups"] = json!({
                "forms": groups.forms.iter().map(|(form, meaning)| json!({ "name": form, "meaning": meaning })).collect::<Vec<_>>(),
                "maxDepth": groups.max_depth,
                "example": groups.example,
            });
            if routes.cursor_pagination {
                let parameters: Vec<Value> = crate::docs::cursor_parameters()
                    .iter()
                    .map(|parameter| json!({ "name": parameter.name, "meaning": parameter.description }))
                    .collect();
                listing["x-cursor-pagination"] = json!({
                    "profile": crate::CURSOR_PAGINATION_PROFILE,
                    "parameters": parameters,
                    "maxLength": crate::cursor::MAX_CURSOR_LENGTH,
                });
                let text = format!(
                    "\n\n**Cursor pagination** ({profile}). Every resource object carries `meta.page.cursor`. \
                     `page[after]=<cursor>` returns the rows after that row, `page[before]=<cursor>` those before it, \
                     both a range (`meta.page.rangeTruncated` when it holds more than the page); `links.prev` and \
                     `links.next` then carry cursors and are null where there is no such page. A cursor is at most \
                     {length} characters, signed, and bound to the sort and filters of its listing: keep them while \
                     paging. A changed cursor, one of another sort or filters, or one with `page[number]` is 400, \
                     code 118. `meta.total-count` counts every matching row, whatever the cursors.",
                    profile = crate::CURSOR_PAGINATION_PROFILE,
                    length = crate::cursor::MAX_CURSOR_LENGTH,
                );
                let description = listing["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                listing["description"] = json!(description + &text);
            }
            if !self.security_schemes.is_empty() {
                listing["responses"]["401"] = error_response(UNAUTHORIZED);
            }
            paths.insert(routes.collection_path.clone(), json!({ "get": listing }));
            if let Some(item_path) = &routes.item_path {
                let mut parameters = vec![id_path_parameter(routes.schema)];
                parameters.extend(
                    table
                        .parameters
                        .iter()
                        .filter(|p| {
                            matches!(p.group, ParameterGroup::Fields | ParameterGroup::Include)
                        })
                        .map(|p| parameter_object(p, &routes.limits)),
                );
                let mut item = json!({
                    "operationId": format!("get-{}", routes.schema.type_name),
                    "summary": format!("One of {}", routes.schema.type_name),
                    "tags": [routes.schema.type_name],
                    "parameters": parameters,
                    "responses": {
                        "200": document_response("The resource.", &names.document),
                        "400": error_response("The query string is invalid."),
                        "404": error_response("No such resource."),
                        "default": error_response("Any other error."),
                    },
                });
                if !self.security_schemes.is_empty() {
                    item["responses"]["401"] = error_response(UNAUTHORIZED);
                }
                paths.insert(item_path.clone(), json!({ "get": item }));
            }
        }
        let mut info = json!({ "title": self.title, "version": self.version });
        if let Some(description) = &self.description {
            info["description"] = json!(description);
        }
        let mut components = json!({ "schemas": schemas });
        let mut document = json!({
            "openapi": "3.1.0",
            "info": info,
            "paths": paths,
        });
        if !self.servers.is_empty() {
            document["servers"] = self
                .servers
                .iter()
                .map(|url| json!({ "url": url }))
                .collect();
        }
        if !self.security_schemes.is_empty() {
            let schemes: Map<String, Value> = self.security_schemes.iter().cloned().collect();
            components["securitySchemes"] = Value::Object(schemes);
            let requirement: Map<String, Value> = self
                .security_schemes
                .iter()
                .map(|(name, _)| (name.clone(), json!([])))
                .collect();
            document["security"] = json!([requirement]);
        }
        document["components"] = components;
        document
    }

    /// The document as utoipa's OpenAPI model (feature `utoipa`), to merge into an application whose other
    /// routes utoipa documents. The conversion loses nothing: the document uses only what utoipa models.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let ours = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls")).to_utoipa().unwrap();
    /// let mut app = utoipa::openapi::OpenApiBuilder::new().build();
    /// app.merge(ours);
    /// assert!(app.paths.paths.contains_key("/calls"));
    /// ```
    #[cfg(feature = "utoipa")]
    pub fn to_utoipa(&self) -> Result<utoipa::openapi::OpenApi, serde_json::Error> {
        serde_json::from_value(self.to_json())
    }

    /// A self-contained JSON Schema (draft 2020-12) of one component schema of [`OpenApi::to_json`]
    /// (`CdrExportsListing`, `JsonApiErrorDocument`, ...), its references rewritten to a `$defs` copy of the
    /// components: what a JSON Schema validator needs to check a response body against the document.
    /// `None` when there is no such component.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let api = OpenApi::new("Calls", "1").resource(ResourceRoutes::of::<Call>("/calls"));
    /// let schema = api.json_schema("CallsListing").unwrap();
    /// assert_eq!(schema["$ref"], "#/$defs/CallsListing");
    /// assert_eq!(schema["$defs"]["CallsListing"]["properties"]["data"]["items"]["$ref"], "#/$defs/CallsResource");
    /// assert!(api.json_schema("Nope").is_none());
    /// ```
    pub fn json_schema(&self, component: &str) -> Option<Value> {
        let document = self.to_json();
        let mut definitions = document["components"]["schemas"].clone();
        definitions.get(component)?;
        rewrite_references(&mut definitions);
        Some(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#/$defs/{component}"),
            "$defs": definitions,
        }))
    }
}

/// The component names of one resource's schemas: `CdrExportsResource`, `CdrExportsListing`, ...
struct ComponentNames {
    resource: String,
    attributes: String,
    relationships: String,
    listing: String,
    document: String,
}

impl ComponentNames {
    fn of(type_name: &str) -> ComponentNames {
        let base = pascal_case(type_name);
        ComponentNames {
            resource: format!("{base}Resource"),
            attributes: format!("{base}Attributes"),
            relationships: format!("{base}Relationships"),
            listing: format!("{base}Listing"),
            document: format!("{base}Document"),
        }
    }
}

/// `cdr-exports` -> `CdrExports`; characters a component name may not hold are dropped.
fn pascal_case(type_name: &str) -> String {
    type_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// `$ref`s into `#/components/schemas/` rewritten into `#/$defs/`.
fn rewrite_references(schema: &mut Value) {
    match schema {
        Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" => {
                        if let Some(name) = target.strip_prefix("#/components/schemas/") {
                            *target = format!("#/$defs/{name}");
                        }
                    }
                    other => rewrite_references(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}

/// The schemas every JSON:API resource shares: errors, links, identifiers and generic resource objects.
fn common_schemas() -> Map<String, Value> {
    let link = json!({ "type": "string", "description": "An absolute URL." });
    let schemas = json!({
        "JsonApiErrorDocument": {
            "type": "object",
            "description": "A JSON:API error document: every problem of the request, one error object each.",
            "required": ["errors"],
            "properties": {
                "errors": { "type": "array", "minItems": 1, "items": reference("JsonApiError") },
            },
        },
        "JsonApiError": {
            "type": "object",
            "required": ["title", "code", "status"],
            "properties": {
                "title": { "type": "string", "examples": ["Invalid filter value"] },
                "detail": { "type": "string" },
                "code": { "type": "string", "description": "An application error code.", "examples": ["107"] },
                "meta": {
                    "type": "object",
                    "description": "Facts a client can act on: `page.maxSize` when `page[size]` is over the maximum.",
                },
                "status": { "type": "string", "pattern": "^[1-5][0-9][0-9]$", "examples": ["400"] },
                "source": {
                    "type": "object",
                    "properties": {
                        "parameter": { "type": "string", "description": "The query parameter at fault." },
                        "pointer": { "type": "string", "description": "A JSON Pointer into the request document." },
                        "header": { "type": "string", "description": "The request header at fault." },
                    },
                },
            },
        },
        "JsonApiPageLinks": {
            "type": "object",
            "description": "Pagination links; the request's other parameters are kept. `last` is absent when the total is only known as a lower bound, and on a page asked for by cursor, whose `prev` and `next` are null where there is no such page. `profile` lists the profiles the document applies (the Cursor Pagination profile when resource objects carry cursors).",
            "required": ["first"],
            "properties": {
                "first": link,
                "last": link,
                "prev": { "anyOf": [link, { "type": "null" }] },
                "next": { "anyOf": [link, { "type": "null" }] },
                "profile": { "type": "array", "items": link },
            },
        },
        "JsonApiResourceIdentifier": {
            "type": "object",
            "required": ["type", "id"],
            "properties": { "type": { "type": "string" }, "id": { "type": "string" } },
        },
        "JsonApiToOneRelationship": {
            "type": "object",
            "properties": {
                "links": {
                    "type": "object",
                    "properties": { "self": link, "related": link },
                },
                "data": {
                    "description": "The linkage, present when the related resource is included.",
                    "anyOf": [reference("JsonApiResourceIdentifier"), { "type": "null" }],
                },
                "meta": { "type": "object" },
            },
        },
        "JsonApiToManyRelationship": {
            "type": "object",
            "description": "A to-many relationship, written only when included.",
            "required": ["data"],
            "properties": {
                "data": {
                    "description": "The identifiers of the included related resources.",
                    "type": "array",
                    "items": reference("JsonApiResourceIdentifier"),
                },
            },
        },
        "JsonApiResource": {
            "type": "object",
            "description": "A resource object of any type.",
            "required": ["type", "id"],
            "properties": {
                "type": { "type": "string" },
                "id": { "type": "string" },
                "attributes": { "type": "object" },
                "relationships": { "type": "object" },
                "links": { "type": "object" },
                "meta": { "type": "object" },
            },
        },
    });
    match schemas {
        Value::Object(schemas) => schemas,
        _ => Map::new(),
    }
}

/// The resource object, attributes, relationships, listing and single-resource documents of one resource.
fn resource_schemas(
    routes: &ResourceRoutes,
    names: &ComponentNames,
    schemas: &mut Map<String, Value>,
) {
    let schema = routes.schema;
    let mut attributes = Map::new();
    for key in schema.attributes {
        let given = routes
            .attribute_schemas
            .iter()
            .find(|(given, _)| given == key)
            .map(|(_, schema)| schema.clone());
        let derived = || match schema.fields.iter().find(|field| field.key == *key) {
            Some(field) => attribute_schema(field),
            None => json!({ "description": "Any JSON value." }),
        };
        attributes.insert((*key).to_owned(), given.unwrap_or_else(derived));
    }
    // Attributes given by the caller but unknown to the derive are described too.
    for (key, given) in &routes.attribute_schemas {
        if !attributes.contains_key(key) {
            attributes.insert(key.clone(), given.clone());
        }
    }
    schemas.insert(
        names.attributes.clone(),
        json!({
            "type": "object",
            "description": "The attributes; a sparse fieldset (`fields[...]`) returns only those named.",
            "properties": attributes,
            // A response never carries an attribute the resource does not have.
            "additionalProperties": false,
        }),
    );
    let relationships: Map<String, Value> = schema
        .relationships
        .iter()
        .map(|relationship| {
            let shape = match relationship.cardinality {
                Cardinality::ToOne => "JsonApiToOneRelationship",
                Cardinality::ToMany => "JsonApiToManyRelationship",
            };
            (relationship.name.to_owned(), reference(shape))
        })
        .collect();
    schemas.insert(
        names.relationships.clone(),
        json!({ "type": "object", "properties": relationships }),
    );
    schemas.insert(
        names.resource.clone(),
        json!({
            "type": "object",
            "required": ["type", "id"],
            "properties": {
                "type": { "type": "string", "enum": [schema.type_name] },
                "id": id_schema(schema.id_field()),
                "attributes": reference(&names.attributes),
                "relationships": reference(&names.relationships),
                "links": { "type": "object", "properties": { "self": { "type": "string" } } },
                "meta": {
                    "type": "object",
                    "description": "`page.cursor`: in a listing served with cursors, where a cursor walk may start from this object.",
                    "properties": {
                        "page": { "type": "object", "properties": { "cursor": { "type": "string" } } },
                    },
                },
            },
        }),
    );
    let mut included_variants: Vec<Value> = Vec::new();
    // One variant per type an include path reaches (`include=account.cdr-exports` includes exports too).
    let mut reached: Vec<&RelationshipSchema> = Vec::new();
    for relationship in schema.included_relationships() {
        if !reached
            .iter()
            .any(|r| r.type_name == relationship.type_name)
        {
            reached.push(relationship);
        }
    }
    let includable = reached.len();
    for relationship in reached {
        let related = ComponentNames::of(relationship.type_name);
        if schemas.contains_key(&related.resource) {
            included_variants.push(reference(&related.resource));
            continue;
        }
        let attributes = routes
            .related_attribute_schemas
            .iter()
            .find(|(type_name, _)| type_name == relationship.type_name)
            .map(|(_, attributes)| attributes.clone());
        if let Some(attributes) = attributes {
            schemas.insert(
                related.resource.clone(),
                json!({
                    "type": "object",
                    "required": ["type", "id"],
                    "properties": {
                        "type": { "type": "string", "enum": [relationship.type_name] },
                        "id": { "type": "string" },
                        "attributes": attributes,
                        "relationships": { "type": "object" },
                        "links": { "type": "object" },
                        "meta": { "type": "object" },
                    },
                }),
            );
            included_variants.push(reference(&related.resource));
        }
    }
    // Related types without a schema of their own are generic resource objects.
    let included_item = match included_variants.len() {
        0 => reference("JsonApiResource"),
        _ if included_variants.len() < includable => {
            included_variants.push(reference("JsonApiResource"));
            json!({ "anyOf": included_variants })
        }
        1 => included_variants.remove(0),
        _ => json!({ "anyOf": included_variants }),
    };
    let included = json!({
        "type": "array",
        "description": "The related resources named by `include`.",
        "items": included_item,
    });
    schemas.insert(
        names.listing.clone(),
        json!({
            "type": "object",
            "required": ["data", "meta", "links"],
            "properties": {
                "data": { "type": "array", "items": reference(&names.resource) },
                "included": included,
                "meta": {
                    "description": "`total-count` when the total is exact; `total-count-at-least` when the server counts only up to a bound and more resources match.",
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["total-count"],
                            "properties": {
                                "total-count": {
                                    "type": "integer",
                                    "format": "int64",
                                    "minimum": 0,
                                    "description": "The matching resources on all pages.",
                                },
                            },
                        },
                        {
                            "type": "object",
                            "required": ["total-count-at-least"],
                            "properties": {
                                "total-count-at-least": {
                                    "type": "integer",
                                    "format": "int64",
                                    "minimum": 1,
                                    "description": "A lower bound of the matching resources on all pages: the count stopped there.",
                                },
                            },
                        },
                    ],
                },
                "links": reference("JsonApiPageLinks"),
            },
        }),
    );
    schemas.insert(
        names.document.clone(),
        json!({
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": reference(&names.resource),
                "included": included,
                "links": { "type": "object" },
                "meta": { "type": "object" },
            },
        }),
    );
}

/// The schema of one value of `field`'s kind (an enum's values, a decimal's scale).
fn value_schema(field: &FieldSchema) -> Value {
    let allowed = field.allowed_values;
    match field.kind {
        ValueKind::String => json!({ "type": "string" }),
        ValueKind::Integer => json!({ "type": "integer", "format": "int64" }),
        ValueKind::Decimal => json!({
            "type": "string",
            "pattern": decimal_pattern(field.scale),
            "description": format!(
                "An exact decimal written as text: an optional `-`, digits, optionally `.` and digits; at most {} digits before the point and {} after it, leading zeros and trailing fractional zeros aside (`1.50` is `1.5`).",
                ValueKind::DECIMAL_PRECISION.saturating_sub(field.scale),
                field.scale,
            ),
            "examples": ["-1.5"],
        }),
        ValueKind::DateTime => json!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 with `Z` or an offset; as a filter value, a date alone (2026-01-02) means midnight UTC.",
            "examples": ["2026-01-02T12:46:13.410Z"],
        }),
        ValueKind::Enum => json!({ "type": "string", "enum": allowed }),
        ValueKind::Uuid => json!({ "type": "string", "format": "uuid" }),
        // Two string schemas rather than one with `anyOf` formats, which utoipa would drop. No string is both.
        ValueKind::Inet => json!({
            "oneOf": [
                { "type": "string", "format": "ipv4" },
                { "type": "string", "format": "ipv6" },
            ],
            "description": "An IPv4 or IPv6 address, without a mask or zone.",
            "examples": ["192.0.2.1", "2001:db8::1"],
        }),
        ValueKind::Boolean => json!({ "type": "boolean" }),
    }
}

/// An attribute's schema: its kind's, accepting `null` when the field is nullable.
fn attribute_schema(field: &FieldSchema) -> Value {
    let mut schema = value_schema(field);
    if field.nullable {
        if let Some(single) = schema.get("type").cloned() {
            schema["type"] = json!([single, "null"]);
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            values.push(Value::Null);
        }
        if let Some(Value::Array(alternatives)) = schema.get_mut("oneOf") {
            alternatives.push(json!({ "type": "null" }));
        }
    }
    schema
}

/// Exactly the decimals the parser accepts for a column of `scale`: an optional `-`, leading zeros, at most
/// `18 - scale` more digits, and optionally a `.` with digits of which at most `scale` come before the
/// trailing zeros.
fn decimal_pattern(scale: u32) -> String {
    // As the parser, which reads a scale above 18 as 18.
    let scale = scale.min(ValueKind::DECIMAL_PRECISION);
    let whole_digits = ValueKind::DECIMAL_PRECISION - scale;
    let whole = match whole_digits {
        0 => "0+".to_owned(),
        digits => format!("0*[0-9]{{1,{digits}}}"),
    };
    let fraction = match scale {
        0 => "0+".to_owned(),
        digits => format!("[0-9]{{1,{digits}}}0*"),
    };
    format!("^-?{whole}(?:\\.{fraction})?$")
}

/// The schema of a resource id, which JSON:API always writes as a string.
fn id_schema(field: &FieldSchema) -> Value {
    match field.kind {
        ValueKind::Uuid => json!({ "type": "string", "format": "uuid" }),
        ValueKind::Integer => json!({ "type": "string", "pattern": "^-?[0-9]+$" }),
        ValueKind::Enum => json!({ "type": "string", "enum": field.allowed_values }),
        _ => json!({ "type": "string" }),
    }
}

fn id_path_parameter(schema: &ResourceSchema) -> Value {
    json!({
        "name": "id",
        "in": "path",
        "required": true,
        "description": format!("The id of the {} resource.", schema.type_name),
        "schema": id_schema(schema.id_field()),
    })
}

/// The text filter values the parser accepts, as written in the query string (see [`parameter_object`]).
const TEXT_FILTER_VALUE_PATTERN: &str =
    "^(?:[^\",\\r\\n\\u0000][^,\\r\\n\\u0000]*|\"(?:[^\"\\r\\n\\u0000]|\"\")*\")$";

/// One Parameter Object from a row of the parameter table.
fn parameter_object(parameter: &Parameter, limits: &QueryLimits) -> Value {
    let allowed: Vec<&str> = parameter
        .allowed_values
        .iter()
        .map(String::as_str)
        .collect();
    let item = match (parameter.group, parameter.field) {
        (ParameterGroup::Filter, Some(field)) if parameter.value_kind != ValueKind::Boolean => {
            let mut schema = value_schema(field);
            if field.kind == ValueKind::String {
                // What the parser accepts as one value: not empty, no line break or NUL, and one CSV
                // field (unquoted without a comma and not starting with a quote, or quoted with its
                // quotes doubled); at most `max_value_length` bytes once unquoted.
                schema["minLength"] = json!(1);
                schema["maxLength"] = json!(limits.max_value_length);
                schema["pattern"] = json!(TEXT_FILTER_VALUE_PATTERN);
            }
            schema
        }
        (ParameterGroup::Filter, _) => json!({ "type": "boolean" }),
        (ParameterGroup::Page, _) => {
            let mut schema = json!({ "type": "integer", "format": "int64" });
            if let Some(minimum) = parameter.minimum {
                schema["minimum"] = json!(minimum);
            }
            if let Some(maximum) = parameter.maximum {
                schema["maximum"] = json!(maximum);
            }
            schema
        }
        _ if allowed.is_empty() => json!({ "type": "string" }),
        _ => json!({ "type": "string", "enum": allowed }),
    };
    let mut description = parameter.full_description();
    let mut object = json!({
        "name": parameter.name,
        "in": "query",
        "required": false,
    });
    if parameter.group == ParameterGroup::Fields {
        // A string rather than an array: a client writes an empty array and an array of one empty name
        // alike (`fields[x]=`), but the first asks for no fields (JSON:API) and the second is a 104. The
        // pattern is exactly what the parser accepts: the names (`-` or `_` between words), comma-separated.
        let name = allowed
            .iter()
            .map(|name| name.replace(['-', '_'], "[-_]"))
            .collect::<Vec<_>>()
            .join("|");
        object["schema"] = json!({
            "type": "string",
            "pattern": format!("^(?:(?:{name})(?:,(?:{name}))*)?$"),
        });
        description.push_str(
            ". Comma-separated; an empty value returns no fields of the type, an empty or unknown name is a 104",
        );
    } else if parameter.takes_list {
        let mut schema = json!({ "type": "array", "items": item, "minItems": 1 });
        if matches!(
            parameter.group,
            ParameterGroup::Sort | ParameterGroup::Include
        ) {
            schema["uniqueItems"] = json!(true);
        }
        if let Some(default) = &parameter.default {
            schema["default"] = match default {
                ParameterDefault::Filter(value) => json!([default_value(value)]),
                _ => json!(default.items()),
            };
        }
        if parameter.group == ParameterGroup::Filter {
            schema["maxItems"] = json!(limits.max_list_values);
            description.push_str(
                ". Comma-separated; a value containing a comma or a double quote is written in double quotes, \
                 its quotes doubled (one CSV line: `\"a,b\",c` is two values)",
            );
        }
        object["style"] = json!("form");
        object["explode"] = json!(false);
        object["schema"] = schema;
    } else {
        let mut item = item;
        match &parameter.default {
            Some(ParameterDefault::Number(default)) => item["default"] = json!(default),
            Some(ParameterDefault::Filter(value)) => item["default"] = default_value(value),
            Some(ParameterDefault::Sort(_)) | None => {}
        }
        object["schema"] = item;
    }
    object["description"] = json!(description);
    object
}

/// A filter's default as the JSON value of its schema: `true`, `60`, `"Pending"`.
fn default_value(value: &DefaultValue) -> Value {
    match value {
        DefaultValue::Boolean(flag) => json!(flag),
        DefaultValue::Integer(number) => json!(number),
        DefaultValue::Text(text) => json!(text),
    }
}

/// The 401 answer of operations that require a security scheme.
const UNAUTHORIZED: &str = "The credentials are missing, invalid or expired.";

fn document_response(description: &str, component: &str) -> Value {
    json!({
        "description": description,
        "content": { JSON_API_MEDIA_TYPE: { "schema": reference(component) } },
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { JSON_API_MEDIA_TYPE: { "schema": reference("JsonApiErrorDocument") } },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_become_component_names() {
        assert_eq!(pascal_case("cdr-exports"), "CdrExports");
        assert_eq!(pascal_case("call_records"), "CallRecords");
        assert_eq!(pascal_case("a.b c"), "ABC");
    }

    #[test]
    fn references_are_rewritten_deeply_and_only_into_components() {
        let mut schema = json!({
            "a": { "$ref": "#/components/schemas/X" },
            "b": [{ "anyOf": [{ "$ref": "#/components/schemas/Y" }, { "$ref": "other.json" }] }],
        });
        rewrite_references(&mut schema);
        assert_eq!(schema["a"]["$ref"], "#/$defs/X");
        assert_eq!(schema["b"][0]["anyOf"][0]["$ref"], "#/$defs/Y");
        assert_eq!(schema["b"][0]["anyOf"][1]["$ref"], "other.json");
    }
}
