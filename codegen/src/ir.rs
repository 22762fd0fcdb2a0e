//! The schema IR: what the docs say, with neither markdown nor Rust in it.
//!
//! The parser fills it, the emitter reads it, and `graphdoc inspect` prints it. Every fact keeps where
//! it came from ([`Source`]) so a disagreement can name both pages.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
pub use crate::diagnostics::Source;

/// An API version folder of the docs tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ApiVersion {
    #[serde(rename = "beta")]
    Beta,
    #[serde(rename = "v1.0")]
    V1,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 2] = [ApiVersion::Beta, ApiVersion::V1];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Beta => "beta",
            ApiVersion::V1 => "v1.0",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "beta" => Some(ApiVersion::Beta),
            "v1.0" | "v1" => Some(ApiVersion::V1),
            _ => None,
        }
    }

    /// The version a page belongs to, from its path (`beta/api/x.md`).
    pub fn of_path(path: &str) -> Option<Self> {
        path.split('/').find_map(ApiVersion::parse)
    }
}

/// The Edm primitive types, after the ~40 spellings the docs use are folded together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Arbitrary JSON (`Json`, `Edm.Untyped`, free text such as "JSON object").
    Json,
}

impl Primitive {
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Byte => "Edm.Byte",
            Primitive::SByte => "Edm.SByte",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Single => "Edm.Single",
            Primitive::Double => "Edm.Double",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Json => "Edm.Untyped",
        }
    }
}

/// A type name qualified by its namespace (`microsoft.graph` + `remoteAction`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    pub namespace: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Splits `microsoft.graph.callRecords.session` at its last dot; a bare name gets `default_ns`.
    pub fn parse(text: &str, default_ns: &str) -> Self {
        let text = text.trim().trim_start_matches('#');
        match text.rsplit_once('.') {
            Some((ns, name)) if ns.starts_with("microsoft.") || ns == "microsoft" => {
                QualifiedName::new(ns, name)
            }
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() && ns.contains('.') => {
                QualifiedName::new(ns, name)
            }
            _ => QualifiedName::new(default_ns, text),
        }
    }

    /// Case-insensitive identity: the docs spell one type `remoteActionAudit` and `remoteactionaudit`.
    pub fn key(&self) -> (String, String) {
        (
            self.namespace.to_ascii_lowercase(),
            self.name.to_ascii_lowercase(),
        )
    }
}

/// FNV-1a's starting value, the seed of every name hash.
pub(crate) const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// A name's hash in any ASCII case, for the hash indexes below and their like elsewhere.
pub(crate) fn name_hash(name: &str) -> u64 {
    case_insensitive_hash(HASH_SEED, name)
}

/// FNV-1a over the lowercased bytes: names are short and not attacker-controlled, and SipHash
/// byte by byte costs more than the lookups it serves.
pub(crate) fn case_insensitive_hash(seed: u64, text: &str) -> u64 {
    text.bytes().fold(seed, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Hashes a `u64` key that is a hash already ([`case_insensitive_hash`]) with one mixing step
/// instead of SipHash: the lookups it serves are among the most frequent in the pipeline.
#[derive(Default)]
pub(crate) struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by `u64` keys; any other key is still hashed properly.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, key: u64) {
        // splitmix64's finaliser: FNV's low bits alone would bucket poorly.
        let mut z = (key ^ (key >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

/// A hash map keyed by precomputed hashes.
pub(crate) type HashIndex<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<PreHashed>>;

/// Values by version and qualified name in any ASCII case (the identity [`QualifiedName::key`]
/// gives), looked up without allocating: lookups run once per property, example value and
/// operation, where building a lowercase key each time cost more than the work it served.
#[derive(Clone, Debug)]
pub(crate) struct NameIndex<V> {
    slots: HashIndex<Vec<(ApiVersion, QualifiedName, V)>>,
}

impl<V> Default for NameIndex<V> {
    fn default() -> Self {
        NameIndex {
            slots: Default::default(),
        }
    }
}

impl<V> NameIndex<V> {
    fn hash(version: ApiVersion, namespace: &str, name: &str) -> u64 {
        let seed = HASH_SEED ^ version as u64;
        case_insensitive_hash(case_insensitive_hash(seed, namespace) ^ 0x2e, name)
    }

    /// Sets the value for the name; a later insert under the same identity replaces the value.
    pub fn insert(&mut self, version: ApiVersion, namespace: &str, name: &str, value: V) {
        let slot = self
            .slots
            .entry(Self::hash(version, namespace, name))
            .or_default();
        match slot.iter_mut().find(|(v, q, _)| {
            *v == version
                && q.namespace.eq_ignore_ascii_case(namespace)
                && q.name.eq_ignore_ascii_case(name)
        }) {
            Some(entry) => entry.2 = value,
            None => slot.push((version, QualifiedName::new(namespace, name), value)),
        }
    }

    pub fn get(&self, version: ApiVersion, namespace: &str, name: &str) -> Option<&V> {
        self.slots
            .get(&Self::hash(version, namespace, name))?
            .iter()
            .find(|(v, q, _)| {
                *v == version
                    && q.namespace.eq_ignore_ascii_case(namespace)
                    && q.name.eq_ignore_ascii_case(name)
            })
            .map(|(_, _, value)| value)
    }

    pub fn get_q(&self, version: ApiVersion, q: &QualifiedName) -> Option<&V> {
        self.get(version, &q.namespace, &q.name)
    }

    pub fn contains(&self, version: ApiVersion, q: &QualifiedName) -> bool {
        self.get_q(version, q).is_some()
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

impl Serialize for QualifiedName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a property holds, before collection-ness.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Primitive(Primitive),
    /// A complex or entity type, or an enum: which one is known after resolution.
    Named(QualifiedName),
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Primitive(p) => f.write_str(p.edm_name()),
            TypeRef::Named(q) => write!(f, "{q}"),
        }
    }
}

/// A property's full type: `Collection(X)` or `X`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PropertyType {
    pub base: TypeRef,
    pub collection: bool,
}

impl std::fmt::Display for PropertyType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.base)
        } else {
            write!(f, "{}", self.base)
        }
    }
}

impl Serialize for PropertyType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a fact about a type came from, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Evidence {
    /// A resource page's Properties or Relationships table.
    ResourceTable,
    /// A resource page's `## JSON representation` block.
    JsonRepresentation,
    /// An API page's request-body table.
    RequestBodyTable,
    /// An example request or response body.
    Example,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeKind {
    Entity,
    Complex,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    /// The wire name (`deviceIMEI`).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: PropertyType,
    pub nullable: bool,
    /// A navigation property (from a Relationships table).
    pub relationship: bool,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    pub evidence: Evidence,
    pub sources: Vec<Source>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    pub name: String,
    pub namespace: String,
    pub version: ApiVersion,
    pub kind: TypeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<QualifiedName>,
    pub abstract_type: bool,
    pub open_type: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    pub description: String,
    pub properties: Vec<Property>,
    /// Members that examples or request bodies show but the type's own page does not list: kept
    /// out of its fields (their values arrive in `additional_properties`), recorded for reports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undocumented: Vec<Property>,
    /// Types documented as deriving from this one (filled by resolution).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_types: Vec<QualifiedName>,
    /// The strongest evidence the type rests on.
    pub evidence: Evidence,
    pub sources: Vec<Source>,
}

impl TypeDef {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.namespace, &self.name)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    /// The wire string (`factoryReset`).
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    pub description: String,
    /// Listed after `unknownFutureValue`: the service hides it unless asked.
    pub evolvable: bool,
    pub sources: Vec<Source>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumDef {
    pub name: String,
    pub namespace: String,
    pub version: ApiVersion,
    pub description: String,
    /// Flags enums travel comma-joined.
    pub flags: bool,
    pub members: Vec<EnumMember>,
    pub sources: Vec<Source>,
}

impl EnumDef {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.namespace, &self.name)
    }

    pub fn has_evolvable_members(&self) -> bool {
        self.members.iter().any(|m| m.evolvable)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PATCH" => Some(HttpMethod::Patch),
            "PUT" => Some(HttpMethod::Put),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One segment of a documented path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum PathSegment {
    /// Literal text, written as is.
    Literal { text: String },
    /// A `{placeholder}`, filled from a typed parameter.
    Parameter { name: String, placeholder: String },
    /// A function call's argument list, `(a='x',b=1)` or `(<address>)`: each argument is written
    /// from one of the operation's [`Operation::function_parameters`] in OData literal syntax.
    Arguments { arguments: Vec<CallArgument> },
}

/// One argument of a function call in a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallArgument {
    /// The parameter's wire name (`period`); `None` for a positional argument (`range(<address>)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The function parameter that fills it (its wire name).
    pub parameter: String,
    /// A literal prefix the docs write before the value (`microsoft.graph.timeZoneStandard` in
    /// `TimeZoneStandard=microsoft.graph.timeZoneStandard'{x}'`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// The docs write the value in quotes: how a value of unknown type is written.
    pub quoted: bool,
    /// The value the docs wrote, kept for the docs only (never sent).
    pub written: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathParameter {
    /// The unique name used for the parameter, named after what it holds (`remoteActionAuditId`,
    /// `siteId` for the `{id}` after `sites`).
    pub name: String,
    /// The placeholder as written in the docs (`{id}`).
    pub placeholder: String,
    /// The literal segment before the placeholder, whose key or value it fills (`sites`).
    pub segment: String,
    /// The placeholder holds a path (`root:/{item-path}:`): its `/` separators are kept.
    pub is_path: bool,
}

/// What a request sends as its body.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RequestBody {
    /// No body.
    None,
    /// A resource: the entity created, updated or replaced.
    Resource {
        #[serde(rename = "type")]
        ty: QualifiedName,
    },
    /// An action's parameters, sent as the members of one JSON object.
    Parameters { parameters: Vec<Parameter> },
    /// Raw content (`PUT .../$value`, uploads): bytes with a content type.
    Raw,
}

impl RequestBody {
    /// The resource type the body carries, if it is one.
    pub fn resource(&self) -> Option<&QualifiedName> {
        match self {
            RequestBody::Resource { ty } => Some(ty),
            _ => None,
        }
    }

    /// The action parameters the body carries (empty for other bodies).
    pub fn parameters(&self) -> &[Parameter] {
        match self {
            RequestBody::Parameters { parameters } => parameters,
            _ => &[],
        }
    }
}

/// A parameter of an action (a member of its body) or a function (an argument in its path).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// The wire name (`addLicenses`).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: PropertyType,
    pub description: String,
    /// The docs say the parameter is required ("Required." in its description).
    pub required: bool,
    /// The docs give no type for it: typed from the example (`true`) or as a string.
    pub inferred: bool,
    pub source: Source,
}

/// What kind of request an operation is, for its name and its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    /// Reads, creates, updates or deletes a resource (`list`, `get`, `create`, `update`, `delete`).
    Resource,
    /// An OData action (`POST .../assignLicense`).
    Action,
    /// An OData function (`GET .../getActivitiesByInterval(...)`).
    Function,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    /// `Delegated (work or school account)`, `Application`, ...
    pub kind: String,
    /// The least privileged scopes: a current table's "Least privileged permissions" column, or
    /// the first scope of an older table's list (ordered from least to most privileged); empty
    /// when not supported or not documented.
    pub scopes: Vec<String>,
    /// The higher privileged scopes, which also allow the request: a current table's "Higher
    /// privileged permissions" column, or the rest of an older table's list.
    pub higher_privileged: Vec<String>,
    /// The docs say this kind is not supported ("Not supported."), as opposed to giving no scope.
    pub not_supported: bool,
}

/// An example body as JSON text: as written when it is strict JSON, else as the lenient reader
/// understood it.
///
/// Kept as text, not as a `serde_json::Value` tree: the corpus has tens of thousands of example
/// bodies, and a tree costs an allocation per key and string to build, keep and free. Parse it with
/// [`JsonText::to_value`] where the values matter; it serializes as the JSON it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(std::sync::Arc<str>);

impl JsonText {
    /// Wraps text that is valid JSON (the lenient reader's output). Shared, not copied, when an
    /// example serves several paths of one request block.
    pub fn new(text: String) -> Self {
        JsonText(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The body as a value (duplicate keys keep their last value, as serde_json does).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

/// A documented example exchange.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<JsonText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_body: Option<JsonText>,
    /// The response's headers as the docs write them (`Location`, `Content-Type`), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<(String, String)>,
    pub source: Source,
}

impl Example {
    /// The docs give the example's response (a status or a body): a test double can answer
    /// with it.
    pub fn gives_response(&self) -> bool {
        self.response_status.is_some() || self.response_body.is_some()
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Unique per version, from the endpoint alone (`createRemoteActionAudit`,
    /// `userAssignLicense`, `listMeMessages`): see the naming module of `resolve::operations`.
    pub name: String,
    /// The endpoint's identity: method and path template (`POST /users/{}/assignlicense`), the
    /// same whatever the page's spelling of placeholders, case or query string.
    pub endpoint: String,
    /// The `#` heading of the page that documents it best (`Create remoteActionAudit`).
    pub title: String,
    pub kind: OperationKind,
    pub version: ApiVersion,
    pub method: HttpMethod,
    /// The path as documented (function arguments and all).
    pub path: String,
    pub segments: Vec<PathSegment>,
    /// The path's placeholders.
    pub parameters: Vec<PathParameter>,
    /// The parameters of the function calls in the path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_parameters: Vec<Parameter>,
    pub request: RequestBody,
    /// The response body's type; `Edm.Stream` for raw content (`$value`, downloads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_type: Option<PropertyType>,
    pub success_status: u16,
    pub permissions: Vec<Permission>,
    pub description: String,
    pub examples: Vec<Example>,
    /// Where the page that documents it best documents it.
    pub source: Source,
    /// Other pages (or lines) that document the same endpoint, merged into this operation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_documented_at: Vec<Source>,
    /// Earlier names of the operation (from the names file), kept as deprecated aliases.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Operation {
    /// Every type and enum the operation names: its body's, its parameters' and its response's.
    pub fn named_types(&self) -> impl Iterator<Item = &QualifiedName> {
        let parameters = self
            .request
            .parameters()
            .iter()
            .chain(&self.function_parameters)
            .map(|p| &p.ty.base);
        let response = self.response_type.iter().map(|r| &r.base);
        let named = parameters.chain(response).filter_map(|t| match t {
            TypeRef::Named(q) => Some(q),
            TypeRef::Primitive(_) => None,
        });
        self.request.resource().into_iter().chain(named)
    }
}

/// The whole model of a docs tree.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Schema {
    pub types: Vec<TypeDef>,
    pub enums: Vec<EnumDef>,
    pub operations: Vec<Operation>,
    pub diagnostics: Vec<Diagnostic>,
    /// The pages that gave nothing of what their kind documents; each has a finding saying why.
    pub lost: Lost,
    /// Every docs file read, for build-script tracking.
    #[serde(skip)]
    pub files_read: Vec<String>,
}

/// Pages that gave nothing, so that loss is never silent: API pages without an operation and
/// resource pages without a type (or enum), by path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lost {
    pub api_pages: Vec<String>,
    pub resource_pages: Vec<String>,
}

impl Lost {
    pub fn is_empty(&self) -> bool {
        self.api_pages.is_empty() && self.resource_pages.is_empty()
    }
}

impl Schema {
    /// Each type's index in [`Schema::types`], by name.
    pub(crate) fn type_index(&self) -> NameIndex<usize> {
        let mut index = NameIndex::default();
        for (i, t) in self.types.iter().enumerate() {
            index.insert(t.version, &t.namespace, &t.name, i);
        }
        index
    }

    /// Each enum's index in [`Schema::enums`], by name.
    pub(crate) fn enum_index(&self) -> NameIndex<usize> {
        let mut index = NameIndex::default();
        for (i, e) in self.enums.iter().enumerate() {
            index.insert(e.version, &e.namespace, &e.name, i);
        }
        index
    }
}
