//! Support types shared by every generated module: lossless primitives, the forward-compatible enum
//! machinery, and the HTTP plumbing of the operations.
//!
//! Written by graphdoc; the same file in every generated crate, `build.rs` output and macro expansion.

/// A number as the service sent it: the typed value when it parses, else the raw JSON kept verbatim.
///
/// Microsoft Graph sends `Int64` as strings in some APIs and `Double` as `"NaN"` or `"INF"`, and the
/// docs' examples use placeholders such as `"Integer"`; none of that may fail a whole response, and a
/// value read and written back must be unchanged. The raw value is boxed: it is the rare case, and
/// unboxed it would double the size of every numeric field (`Option<Lenient<f64>>` is 16 bytes, as
/// `Option<f64>` is).
#[derive(Clone, Debug, PartialEq)]
pub enum Lenient<T> {
    /// The value parsed as the documented type.
    Value(T),
    /// Anything else, exactly as received.
    Raw(::std::boxed::Box<::serde_json::Value>),
}

impl<T> Lenient<T> {
    /// The typed value, if the wire value was one.
    pub fn value(&self) -> ::std::option::Option<&T> {
        match self {
            Lenient::Value(v) => ::std::option::Option::Some(v),
            Lenient::Raw(_) => ::std::option::Option::None,
        }
    }
}

impl<T> ::std::convert::From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::Value(value)
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Lenient<T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match self {
            Lenient::Value(v) => v.serialize(serializer),
            Lenient::Raw(raw) => raw.serialize(serializer),
        }
    }
}

impl<'de, T: ::serde::de::DeserializeOwned + ::serde::Serialize> ::serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor(::std::marker::PhantomData))
    }
}

impl<T: ::serde::de::DeserializeOwned + ::serde::Serialize> Lenient<T> {
    /// A number typed when it reads as `T` (`typed`) and writes back identically (`1.0` must not
    /// become `1`), else kept raw.
    fn from_number(
        wire: WrittenNumber,
        typed: ::std::result::Result<T, ::serde::de::value::Error>,
        raw: impl ::std::ops::FnOnce() -> ::serde_json::Value,
    ) -> Self {
        match typed {
            ::std::result::Result::Ok(v) if v.serialize(NumberProbe).ok() == ::std::option::Option::Some(wire) => {
                Lenient::Value(v)
            }
            _ => Lenient::Raw(::std::boxed::Box::new(raw())),
        }
    }

    /// The same rule for a value already read whole (a number of serde_json's
    /// `arbitrary_precision`, an `i128`); anything but a number stays raw.
    fn from_raw(raw: ::serde_json::Value) -> Self {
        if raw.is_number() {
            if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<T>(raw.clone()) {
                if ::serde_json::to_value(&v).ok().as_ref() == ::std::option::Option::Some(&raw) {
                    return Lenient::Value(v);
                }
            }
        }
        Lenient::Raw(::std::boxed::Box::new(raw))
    }
}

/// Reads a [`Lenient`] straight from the deserializer: a number goes to `T` without building a
/// `serde_json::Value`; anything else is kept as the `Value` it is.
struct LenientVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T> ::serde::de::Visitor<'de> for LenientVisitor<T>
where
    T: ::serde::de::DeserializeOwned + ::serde::Serialize,
{
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> ::std::result::Result<Self::Value, E> {
        let typed = T::deserialize(::serde::de::IntoDeserializer::into_deserializer(v));
        ::std::result::Result::Ok(Lenient::from_number(WrittenNumber::from_u64(v), typed, || v.into()))
    }

    fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> ::std::result::Result<Self::Value, E> {
        let typed = T::deserialize(::serde::de::IntoDeserializer::into_deserializer(v));
        ::std::result::Result::Ok(Lenient::from_number(WrittenNumber::from_i64(v), typed, || v.into()))
    }

    fn visit_f64<E: ::serde::de::Error>(self, v: f64) -> ::std::result::Result<Self::Value, E> {
        // A NaN or an infinity is what `serde_json::Value` makes of it: `null`.
        let typed = T::deserialize(::serde::de::IntoDeserializer::into_deserializer(v));
        ::std::result::Result::Ok(match WrittenNumber::from_f64(v) {
            ::std::option::Option::Some(wire) => Lenient::from_number(wire, typed, || v.into()),
            ::std::option::Option::None => Lenient::Raw(::std::boxed::Box::new(::serde_json::Value::Null)),
        })
    }

    fn visit_i128<E: ::serde::de::Error>(self, v: i128) -> ::std::result::Result<Self::Value, E> {
        let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(
            ::serde::de::IntoDeserializer::<E>::into_deserializer(v),
        )?;
        ::std::result::Result::Ok(Lenient::from_raw(raw))
    }

    fn visit_u128<E: ::serde::de::Error>(self, v: u128) -> ::std::result::Result<Self::Value, E> {
        let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(
            ::serde::de::IntoDeserializer::<E>::into_deserializer(v),
        )?;
        ::std::result::Result::Ok(Lenient::from_raw(raw))
    }

    fn visit_bool<E: ::serde::de::Error>(self, v: bool) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(Lenient::Raw(::std::boxed::Box::new(v.into())))
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(Lenient::Raw(::std::boxed::Box::new(v.into())))
    }

    fn visit_string<E: ::serde::de::Error>(
        self,
        v: ::std::string::String,
    ) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(Lenient::Raw(::std::boxed::Box::new(v.into())))
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(Lenient::Raw(::std::boxed::Box::new(::serde_json::Value::Null)))
    }

    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<Self::Value, D::Error> {
        <Lenient<T> as ::serde::Deserialize>::deserialize(deserializer)
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, seq: A) -> ::std::result::Result<Self::Value, A::Error> {
        let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(
            ::serde::de::value::SeqAccessDeserializer::new(seq),
        )?;
        ::std::result::Result::Ok(Lenient::Raw(::std::boxed::Box::new(raw)))
    }

    /// An object, or a number of serde_json's `arbitrary_precision`, which arrives as a map.
    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> ::std::result::Result<Self::Value, A::Error> {
        let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(
            ::serde::de::value::MapAccessDeserializer::new(map),
        )?;
        ::std::result::Result::Ok(Lenient::from_raw(raw))
    }
}

/// A number as `serde_json::to_value` writes it (a non-negative integer, a negative one, or a
/// finite float), told without building the `Value`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum WrittenNumber {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl WrittenNumber {
    fn from_u64(v: u64) -> Self {
        WrittenNumber::PosInt(v)
    }

    fn from_i64(v: i64) -> Self {
        if v < 0 {
            WrittenNumber::NegInt(v)
        } else {
            WrittenNumber::PosInt(v as u64)
        }
    }

    /// `None` for a NaN or an infinity, which JSON cannot hold.
    fn from_f64(v: f64) -> ::std::option::Option<Self> {
        if v.is_finite() {
            ::std::option::Option::Some(WrittenNumber::Float(v))
        } else {
            ::std::option::Option::None
        }
    }
}

/// What a value writes as when it writes as a JSON number; an error for anything else.
struct NumberProbe;

/// The value does not write as a JSON number.
#[derive(Debug)]
struct NotANumber;

impl ::std::fmt::Display for NotANumber {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("not a JSON number")
    }
}

impl ::std::error::Error for NotANumber {}

impl ::serde::ser::Error for NotANumber {
    fn custom<M: ::std::fmt::Display>(_: M) -> Self {
        NotANumber
    }
}

/// Every method that does not write a number.
macro_rules! not_a_number {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> ::std::result::Result<$ok, NotANumber> {
            ::std::result::Result::Err(NotANumber)
        })*
    };
}

impl ::serde::Serializer for NumberProbe {
    type Ok = WrittenNumber;
    type Error = NotANumber;
    type SerializeSeq = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeTuple = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeTupleStruct = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeTupleVariant = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeMap = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeStruct = ::serde::ser::Impossible<WrittenNumber, NotANumber>;
    type SerializeStructVariant = ::serde::ser::Impossible<WrittenNumber, NotANumber>;

    fn serialize_i8(self, v: i8) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> ::std::result::Result<WrittenNumber, NotANumber> {
        ::std::result::Result::Ok(WrittenNumber::from_i64(v))
    }
    fn serialize_i128(self, v: i128) -> ::std::result::Result<WrittenNumber, NotANumber> {
        match (u64::try_from(v), i64::try_from(v)) {
            (::std::result::Result::Ok(u), _) => ::std::result::Result::Ok(WrittenNumber::PosInt(u)),
            (_, ::std::result::Result::Ok(i)) => ::std::result::Result::Ok(WrittenNumber::NegInt(i)),
            _ => ::std::result::Result::Err(NotANumber),
        }
    }
    fn serialize_u8(self, v: u8) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> ::std::result::Result<WrittenNumber, NotANumber> {
        ::std::result::Result::Ok(WrittenNumber::PosInt(v))
    }
    fn serialize_u128(self, v: u128) -> ::std::result::Result<WrittenNumber, NotANumber> {
        u64::try_from(v).map(WrittenNumber::PosInt).map_err(|_| NotANumber)
    }
    fn serialize_f32(self, v: f32) -> ::std::result::Result<WrittenNumber, NotANumber> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> ::std::result::Result<WrittenNumber, NotANumber> {
        WrittenNumber::from_f64(v).ok_or(NotANumber)
    }
    fn serialize_some<V: ?::std::marker::Sized + ::serde::Serialize>(
        self,
        _: &V,
    ) -> ::std::result::Result<WrittenNumber, NotANumber> {
        ::std::result::Result::Err(NotANumber)
    }
    fn serialize_newtype_struct<V: ?::std::marker::Sized + ::serde::Serialize>(
        self,
        _: &'static str,
        _: &V,
    ) -> ::std::result::Result<WrittenNumber, NotANumber> {
        ::std::result::Result::Err(NotANumber)
    }
    fn serialize_newtype_variant<V: ?::std::marker::Sized + ::serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> ::std::result::Result<WrittenNumber, NotANumber> {
        ::std::result::Result::Err(NotANumber)
    }
    not_a_number! {
        serialize_bool(bool) -> WrittenNumber;
        serialize_char(char) -> WrittenNumber;
        serialize_str(&str) -> WrittenNumber;
        serialize_bytes(&[u8]) -> WrittenNumber;
        serialize_none() -> WrittenNumber;
        serialize_unit() -> WrittenNumber;
        serialize_unit_struct(&'static str) -> WrittenNumber;
        serialize_unit_variant(&'static str, u32, &'static str) -> WrittenNumber;
        serialize_seq(::std::option::Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(::std::option::Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

macro_rules! wire_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub ::std::string::String);

        impl $name {
            /// The value exactly as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $name(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

wire_string!(
    /// `Edm.DateTimeOffset`: RFC 3339 with offset, kept as sent (the service sends 7 fractional digits,
    /// which most date-time types would round). Parse it with the date-time crate of your choice.
    DateTimeOffset
);
wire_string!(
    /// `Edm.Date`: `YYYY-MM-DD`, kept as sent.
    Date
);
wire_string!(
    /// `Edm.TimeOfDay`: `hh:mm:ss.fffffff`, kept as sent.
    TimeOfDay
);
wire_string!(
    /// `Edm.Duration`: an ISO 8601 duration such as `P1DT2H`, kept as sent.
    Duration
);
wire_string!(
    /// `Edm.Guid`: a UUID in the case the service used, kept as sent.
    Guid
);
wire_string!(
    /// `Edm.Binary`: base64 text, kept as sent.
    Binary
);

/// What every generated enum can do: name its wire strings and tell documented from unlisted values.
pub trait GraphEnum: ::std::marker::Sized {
    /// Every documented member's wire string, in the docs' order.
    const WIRE_NAMES: &'static [&'static str];
    /// The members after `unknownFutureValue`, which the service sends only when asked with
    /// `Prefer: include-unknown-enum-members`.
    const EVOLVABLE: &'static [&'static str];
    /// The wire string, unchanged for values the docs did not list.
    fn as_str(&self) -> &str;
    /// Never fails: an unlisted value is kept in the catch-all variant.
    fn from_wire(value: &str) -> Self;
}

/// Reads an enum value from its wire string: a documented member without allocating (the string
/// is borrowed from the input where the format allows), an unlisted one into the catch-all.
pub fn deserialize_enum<'de, D: ::serde::Deserializer<'de>, E: GraphEnum>(
    deserializer: D,
) -> ::std::result::Result<E, D::Error> {
    deserializer.deserialize_str(EnumVisitor(::std::marker::PhantomData))
}

/// Hands the wire string to [`GraphEnum::from_wire`] without owning it.
struct EnumVisitor<E>(::std::marker::PhantomData<E>);

impl<'de, E: GraphEnum> ::serde::de::Visitor<'de> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<Er: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<E, Er> {
        ::std::result::Result::Ok(E::from_wire(v))
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing of the operations: no client and no async runtime, only `http` types.
// ---------------------------------------------------------------------------------------------

/// One documented request: builds the exact `http::Request` and parses the `http::Response`.
///
/// Any client can run it: build the request, add your `Authorization` header, send it, read the
/// whole body into a `Vec<u8>`, and hand the response back to [`GraphRequest::parse_response`].
pub trait GraphRequest {
    /// The typed result of a successful call (`()` when the service answers without a body).
    type Output;
    /// The request for a base URL such as `https://graph.microsoft.com/beta` (no trailing slash
    /// needed).
    fn to_request(
        &self,
        base_url: &str,
    ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError>;
    /// The typed result for a 2xx response; a [`GraphError`] (inside [`ResponseError::Graph`]) for
    /// an error response.
    fn parse_response(
        &self,
        response: ::http::Response<::std::vec::Vec<u8>>,
    ) -> ::std::result::Result<Self::Output, ResponseError>;

    /// Sends the request through `graph` (its base URL, headers and retries) and reads the typed
    /// result: `op.send(&graph)?`. The same as [`Graph::send`].
    fn send<C: Client>(&self, graph: &Graph<C>) -> ::std::result::Result<Self::Output, CallError>
    where
        Self: ::std::marker::Sized,
    {
        graph.send(self)
    }

    /// [`GraphRequest::send`] with an async client: `op.send_async(&graph).await?`.
    fn send_async<'a, C>(
        &'a self,
        graph: &'a Graph<C>,
    ) -> impl ::std::future::Future<Output = ::std::result::Result<Self::Output, CallError>> + ::std::marker::Send + 'a
    where
        Self: ::std::marker::Sized + ::std::marker::Sync,
        Self::Output: ::std::marker::Send,
        C: AsyncClient + ::std::marker::Sync,
    {
        graph.send_async(self)
    }
}

/// The `error` object of a Microsoft Graph error body.
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct ODataError {
    /// The error code (`Request_ResourceNotFound`, `BadRequest`, ...).
    #[serde(default)]
    pub code: ::std::string::String,
    /// The human-readable message.
    #[serde(default)]
    pub message: ::std::string::String,
    /// The `innerError` object (request id, date, ...), kept as sent.
    #[serde(rename = "innerError", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub inner_error: ::std::option::Option<::serde_json::Value>,
    /// Any other member of the `error` object (`details`, `target`, ...).
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}

#[derive(::serde::Deserialize)]
struct ODataErrorBody {
    error: ODataError,
}

/// An error response of Microsoft Graph: the HTTP status, the `error` object, and the whole body.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphError {
    /// The HTTP status (`404`, `429`, ...).
    pub status: u16,
    /// The `error` object of the body.
    pub error: ODataError,
    /// The whole body, exactly as parsed.
    pub body: ::serde_json::Value,
    /// The request's id, what Microsoft support asks for: the `innerError`'s `request-id`, else the
    /// `request-id` header (then the `client-request-id`s).
    pub request_id: ::std::option::Option<::std::string::String>,
    /// When the service answered: the `innerError`'s `date`, else the `Date` header.
    pub date: ::std::option::Option<::std::string::String>,
}

impl GraphError {
    /// The error code (`Request_ResourceNotFound`, ...).
    pub fn code(&self) -> &str {
        &self.error.code
    }

    /// The error message.
    pub fn message(&self) -> &str {
        &self.error.message
    }
}

impl ::std::fmt::Display for GraphError {
    /// `Microsoft Graph error 404 (Request_ResourceNotFound): message [request-id: ..., date: ...]`:
    /// all a person needs to act on it or to ask support about it.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "Microsoft Graph error {} ({}): {}", self.status, self.error.code, self.error.message)?;
        match (&self.request_id, &self.date) {
            (::std::option::Option::Some(id), ::std::option::Option::Some(date)) => {
                write!(f, " [request-id: {id}, date: {date}]")
            }
            (::std::option::Option::Some(id), ::std::option::Option::None) => write!(f, " [request-id: {id}]"),
            (::std::option::Option::None, ::std::option::Option::Some(date)) => write!(f, " [date: {date}]"),
            (::std::option::Option::None, ::std::option::Option::None) => ::std::result::Result::Ok(()),
        }
    }
}

impl ::std::error::Error for GraphError {}

/// Why a request could not be built.
#[derive(Debug)]
pub enum RequestError {
    /// The body did not serialize.
    Body(::serde_json::Error),
    /// The URL or a header was not valid.
    Http(::http::Error),
    /// The request cannot be made as asked (a batch id given twice, a dependency not in the batch).
    Invalid(::std::string::String),
}

impl ::std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            RequestError::Body(e) => write!(f, "the request body did not serialize: {e}"),
            RequestError::Http(e) => write!(f, "the request is not valid HTTP: {e}"),
            RequestError::Invalid(why) => f.write_str(why),
        }
    }
}

impl ::std::error::Error for RequestError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            RequestError::Body(e) => ::std::option::Option::Some(e),
            RequestError::Http(e) => ::std::option::Option::Some(e),
            RequestError::Invalid(_) => ::std::option::Option::None,
        }
    }
}

/// Why a response did not give the typed result.
#[derive(Debug)]
pub enum ResponseError {
    /// The service answered with an error body (boxed: it is large, and the success path is not).
    Graph(::std::boxed::Box<GraphError>),
    /// A status that is neither 2xx nor an error with a Graph error body; the body is kept.
    UnexpectedStatus {
        status: u16,
        body: ::std::vec::Vec<u8>,
    },
    /// A 2xx response whose body is not the documented JSON; the body is kept.
    InvalidJson {
        status: u16,
        error: ::serde_json::Error,
        body: ::std::vec::Vec<u8>,
    },
}

impl ResponseError {
    /// The Graph error, when the service sent one.
    pub fn graph_error(&self) -> ::std::option::Option<&GraphError> {
        match self {
            ResponseError::Graph(e) => ::std::option::Option::Some(e),
            _ => ::std::option::Option::None,
        }
    }

    /// The response's HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Graph(e) => e.status,
            ResponseError::UnexpectedStatus { status, .. } | ResponseError::InvalidJson { status, .. } => *status,
        }
    }
}

impl ::std::fmt::Display for ResponseError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            ResponseError::Graph(e) => write!(f, "{e}"),
            ResponseError::UnexpectedStatus { status, body } => write!(
                f,
                "unexpected HTTP status {status}: {}",
                ::std::string::String::from_utf8_lossy(body)
            ),
            ResponseError::InvalidJson { status, error, .. } => {
                write!(f, "the {status} response body is not the documented JSON: {error}")
            }
        }
    }
}

impl ::std::error::Error for ResponseError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            ResponseError::Graph(e) => ::std::option::Option::Some(&**e),
            ResponseError::InvalidJson { error, .. } => ::std::option::Option::Some(error),
            ResponseError::UnexpectedStatus { .. } => ::std::option::Option::None,
        }
    }
}

/// A field of an update (PATCH) body: not sent, sent as `null` (clears the property), or sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Patch<T> {
    /// Not sent: the property keeps its value.
    #[default]
    Absent,
    /// Sent as `null`: the property is cleared.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the field is left out of the body (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The value, if one is sent.
    pub fn value(&self) -> ::std::option::Option<&T> {
        match self {
            Patch::Value(v) => ::std::option::Option::Some(v),
            _ => ::std::option::Option::None,
        }
    }

    /// `Some` becomes a value, `None` stays absent (not `null`).
    pub fn from_option(value: ::std::option::Option<T>) -> Self {
        match value {
            ::std::option::Option::Some(v) => Patch::Value(v),
            ::std::option::Option::None => Patch::Absent,
        }
    }
}

impl<T> ::std::convert::From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Patch<T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => serializer.serialize_some(v),
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Patch<T> {
    /// A present field is `Null` or a value; a missing one is `Absent` through `#[serde(default)]`.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        let value = <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)?;
        ::std::result::Result::Ok(match value {
            ::std::option::Option::Some(v) => Patch::Value(v),
            ::std::option::Option::None => Patch::Null,
        })
    }
}

/// One page of a collection response.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Collection<T> {
    /// The items of this page.
    #[serde(default = "::std::vec::Vec::new")]
    pub value: ::std::vec::Vec<T>,
    /// The URL of the next page; [`Collection::next_page_request`] follows it.
    #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub next_link: ::std::option::Option<::std::string::String>,
    /// The total count, when asked with `$count=true`.
    #[serde(rename = "@odata.count", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub count: ::std::option::Option<i64>,
    /// The delta link of the last page of a delta query.
    #[serde(rename = "@odata.deltaLink", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub delta_link: ::std::option::Option<::std::string::String>,
    /// The `@odata.context` annotation.
    #[serde(rename = "@odata.context", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub context: ::std::option::Option<::std::string::String>,
}

impl<T> ::std::default::Default for Collection<T> {
    fn default() -> Self {
        Collection {
            value: ::std::vec::Vec::new(),
            next_link: ::std::option::Option::None,
            count: ::std::option::Option::None,
            delta_link: ::std::option::Option::None,
            context: ::std::option::Option::None,
        }
    }
}

impl<T> Collection<T> {
    /// The request for the next page, keeping the original request's method and headers; `None` on
    /// the last page.
    pub fn next_page_request(
        &self,
        original: &::http::Request<::std::vec::Vec<u8>>,
    ) -> ::std::option::Option<::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError>> {
        self.next_link.as_deref().map(|link| next_page_request(original, link))
    }
}

/// The request for `next_link` (an `@odata.nextLink`, used as is): the original request's method,
/// headers and body, so authorization and `Prefer` headers carry over.
pub fn next_page_request(
    original: &::http::Request<::std::vec::Vec<u8>>,
    next_link: &str,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
    let mut builder = ::http::Request::builder()
        .method(original.method().clone())
        .uri(next_link)
        .version(original.version());
    if let ::std::option::Option::Some(headers) = builder.headers_mut() {
        headers.extend(original.headers().iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    builder.body(original.body().clone()).map_err(RequestError::Http)
}

/// OData query options of a read: `$select`, `$filter`, `$orderby`, `$top`, `$skip`, `$count`,
/// `$expand`, `$search`. Empty options add nothing to the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// `$select`: wire property names to return.
    pub select: ::std::vec::Vec<::std::string::String>,
    /// `$filter`: an OData filter expression.
    pub filter: ::std::option::Option<::std::string::String>,
    /// `$orderby`: `name` or `name desc`, in order.
    pub orderby: ::std::vec::Vec<::std::string::String>,
    /// `$top`: the page size.
    pub top: ::std::option::Option<u32>,
    /// `$skip`: items to skip.
    pub skip: ::std::option::Option<u32>,
    /// `$count`: ask for `@odata.count`.
    pub count: ::std::option::Option<bool>,
    /// `$expand`: relationships to expand.
    pub expand: ::std::vec::Vec<::std::string::String>,
    /// `$search`: a search expression (quotes included, as the API expects).
    pub search: ::std::option::Option<::std::string::String>,
}

impl QueryOptions {
    /// Adds `$select` properties, each checked against `documented`: an unknown name is an error
    /// naming it, and nothing after it is added.
    pub fn select_documented(
        &mut self,
        properties: &[&str],
        documented: &[&str],
    ) -> ::std::result::Result<(), UnknownProperty> {
        for property in properties {
            if !documented.contains(property) {
                return ::std::result::Result::Err(UnknownProperty((*property).to_owned()));
            }
            self.select.push((*property).to_owned());
        }
        ::std::result::Result::Ok(())
    }

    /// The percent-encoded query string, with its leading `?`; empty when no option is set.
    pub fn to_query_string(&self) -> ::std::string::String {
        let mut pairs: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
        if !self.select.is_empty() {
            pairs.push(("$select", self.select.join(",")));
        }
        if let ::std::option::Option::Some(v) = &self.filter {
            pairs.push(("$filter", v.clone()));
        }
        if !self.orderby.is_empty() {
            pairs.push(("$orderby", self.orderby.join(",")));
        }
        if let ::std::option::Option::Some(v) = self.top {
            pairs.push(("$top", v.to_string()));
        }
        if let ::std::option::Option::Some(v) = self.skip {
            pairs.push(("$skip", v.to_string()));
        }
        if let ::std::option::Option::Some(v) = self.count {
            pairs.push(("$count", v.to_string()));
        }
        if !self.expand.is_empty() {
            pairs.push(("$expand", self.expand.join(",")));
        }
        if let ::std::option::Option::Some(v) = &self.search {
            pairs.push(("$search", v.clone()));
        }
        let mut out = ::std::string::String::new();
        for (i, (key, value)) in pairs.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        out
    }
}

/// Percent-encodes every byte except the unreserved characters (`A-Z a-z 0-9 - . _ ~`), for a path
/// segment or a query value.
pub fn percent_encode(value: &str) -> ::std::string::String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = ::std::string::String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0x0f) as usize] as char);
        }
    }
    out
}

/// A request body: its bytes and the content type they are sent with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    /// The body.
    pub bytes: ::std::vec::Vec<u8>,
    /// The `Content-Type` header sent with it.
    pub content_type: ::std::string::String,
}

/// Raw content: a request body sent as bytes (`PUT .../$value`), or a response read as bytes
/// (`GET .../$value`, a report answered with a redirect to its download).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    /// The `Content-Type` (a request without one is sent as `application/octet-stream`).
    pub content_type: ::std::option::Option<::std::string::String>,
    /// The `Location` header of a redirect (`302 Found`): where the content is to be fetched.
    pub location: ::std::option::Option<::std::string::String>,
    /// The content.
    pub bytes: ::std::vec::Vec<u8>,
}

/// Builds a request: `base_url` + `path_and_query`, the body with its content type, and
/// `Prefer: include-unknown-enum-members` when asked.
pub fn build_request(
    method: ::http::Method,
    base_url: &str,
    path_and_query: &str,
    body: ::std::option::Option<Payload>,
    include_unknown_enum_members: bool,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
    let url = format!("{}{}", base_url.trim_end_matches('/'), path_and_query);
    let mut builder = ::http::Request::builder().method(method).uri(url);
    if let ::std::option::Option::Some(body) = &body {
        builder = builder.header(::http::header::CONTENT_TYPE, body.content_type.as_str());
    }
    if include_unknown_enum_members {
        builder = builder.header("Prefer", "include-unknown-enum-members");
    }
    let bytes = body.map(|b| b.bytes).unwrap_or_default();
    builder.body(bytes).map_err(RequestError::Http)
}

/// A JSON request body.
pub fn json_body<T: ::serde::Serialize>(body: &T) -> ::std::result::Result<Payload, RequestError> {
    let bytes = ::serde_json::to_vec(body).map_err(RequestError::Body)?;
    ::std::result::Result::Ok(Payload {
        bytes,
        content_type: "application/json".to_owned(),
    })
}

/// A raw request body.
pub fn content_body(content: &Content) -> Payload {
    Payload {
        bytes: content.bytes.clone(),
        content_type: content
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned()),
    }
}

/// Percent-encodes a value that holds a path (`root:/{item-path}:`): each segment is encoded, the
/// `/` between them kept.
pub fn percent_encode_path(value: &str) -> ::std::string::String {
    value.split('/').map(percent_encode).collect::<::std::vec::Vec<_>>().join("/")
}

/// A function argument in OData literal syntax, percent-encoded for a path: a string or an enum
/// member in single quotes with `'` doubled (`'O''Brien'`), numbers, booleans, dates and GUIDs
/// bare (`2017-01-01`, `10`); `prefix` is written before it (an enum literal's type).
pub fn odata_literal<T: ::serde::Serialize>(
    value: &T,
    prefix: &str,
    quoted: bool,
) -> ::std::string::String {
    let text = match ::serde_json::to_value(value) {
        ::std::result::Result::Ok(::serde_json::Value::String(s)) => s,
        ::std::result::Result::Ok(other) => other.to_string(),
        ::std::result::Result::Err(_) => ::std::string::String::new(),
    };
    // `'` is the literal's own delimiter (doubled inside it) and `:` is allowed in a path: both
    // stay readable; everything else outside the unreserved set is encoded.
    let encode = |s: &str| {
        let mut out = ::std::string::String::with_capacity(s.len());
        for part in s.split_inclusive(['\'', ':']) {
            let (body, delimiter) = match part.char_indices().last() {
                ::std::option::Option::Some((i, c)) if c == '\'' || c == ':' => (&part[..i], &part[i..]),
                _ => (part, ""),
            };
            out.push_str(&percent_encode(body));
            out.push_str(delimiter);
        }
        out
    };
    if quoted {
        format!("{prefix}'{}'", encode(&text.replace('\'', "''")))
    } else {
        format!("{prefix}{}", encode(&text))
    }
}

/// A function call's argument list, `(a=1,b='x')`: each argument as `name=` (empty for a
/// positional one) and its literal; an argument without a value is left out.
pub fn call_arguments(
    arguments: &[(&str, ::std::option::Option<::std::string::String>)],
) -> ::std::string::String {
    let mut out = ::std::string::String::from("(");
    for (name, value) in arguments {
        if let ::std::option::Option::Some(value) = value {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(name);
            out.push_str(value);
        }
    }
    out.push(')');
    out
}

/// The error of a non-2xx response: a [`GraphError`] when the body is a Graph error body.
fn error_response(response: ::http::Response<::std::vec::Vec<u8>>) -> ResponseError {
    let (parts, body) = response.into_parts();
    let status = parts.status.as_u16();
    let whole = match ::serde_json::from_slice::<::serde_json::Value>(&body) {
        ::std::result::Result::Ok(whole) => whole,
        ::std::result::Result::Err(_) => return ResponseError::UnexpectedStatus { status, body },
    };
    let error = match ::serde_json::from_value::<ODataErrorBody>(whole.clone()) {
        ::std::result::Result::Ok(parsed) => parsed.error,
        ::std::result::Result::Err(_) => return ResponseError::UnexpectedStatus { status, body },
    };
    let inner = |key: &str| {
        let value = error.inner_error.as_ref().and_then(|inner| inner.get(key));
        value.and_then(::serde_json::Value::as_str).map(str::to_owned)
    };
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let request_id = inner("request-id")
        .or_else(|| header("request-id"))
        .or_else(|| inner("client-request-id"))
        .or_else(|| header("client-request-id"));
    let date = inner("date").or_else(|| header("date"));
    ResponseError::Graph(::std::boxed::Box::new(GraphError { status, error, body: whole, request_id, date }))
}

/// The typed JSON body of a 2xx response.
pub fn parse_json<T: ::serde::de::DeserializeOwned>(
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<T, ResponseError> {
    if !response.status().is_success() {
        return ::std::result::Result::Err(error_response(response));
    }
    let status = response.status().as_u16();
    let body = response.into_body();
    ::serde_json::from_slice(&body).map_err(|error| ResponseError::InvalidJson { status, error, body })
}

/// The `value` of a 2xx response that wraps a single primitive or enum (`{"value": ...}`).
pub fn parse_value<T: ::serde::de::DeserializeOwned>(
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<T, ResponseError> {
    #[derive(::serde::Deserialize)]
    struct Wrapper<T> {
        value: T,
    }
    parse_json::<Wrapper<T>>(response).map(|w| w.value)
}

/// An action's or function's object result: the object itself, or wrapped in `value` (as some
/// services send a single result).
pub fn parse_result<T: ::serde::de::DeserializeOwned>(
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<T, ResponseError> {
    let status = response.status().as_u16();
    let mut whole = parse_json::<::serde_json::Value>(response)?;
    let wrapped = whole.as_object().is_some_and(|members| {
        let mut data = members.keys().filter(|k| !k.starts_with('@'));
        data.next().is_some_and(|k| k == "value")
            && data.next().is_none()
            && members["value"].is_object()
    });
    if wrapped {
        whole = whole["value"].take();
    }
    ::serde_json::from_value(whole).map_err(|error| ResponseError::InvalidJson {
        status,
        error,
        body: ::std::vec::Vec::new(),
    })
}

/// A 2xx or 3xx response read as raw content, with its content type and any `Location`.
pub fn parse_content(
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<Content, ResponseError> {
    if !(response.status().is_success() || response.status().is_redirection()) {
        return ::std::result::Result::Err(error_response(response));
    }
    let header = |name: ::http::header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(::http::header::CONTENT_TYPE);
    let location = header(::http::header::LOCATION);
    ::std::result::Result::Ok(Content {
        content_type,
        location,
        bytes: response.into_body(),
    })
}

/// A 2xx response whose body, if any, is not read.
pub fn parse_empty(
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<(), ResponseError> {
    if response.status().is_success() {
        ::std::result::Result::Ok(())
    } else {
        ::std::result::Result::Err(error_response(response))
    }
}

/// A `$select` name the docs do not list for the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProperty(pub ::std::string::String);

impl ::std::fmt::Display for UnknownProperty {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "`{}` is not a documented property of the type", self.0)
    }
}

impl ::std::error::Error for UnknownProperty {}

// ---------------------------------------------------------------------------------------------
// Derived types: a value of a base type is any type derived from it, as `@odata.type` says.
// ---------------------------------------------------------------------------------------------

/// A struct's qualified OData type name, as `@odata.type` carries it (`#microsoft.graph.user`).
pub trait ODataType {
    /// The `@odata.type` of this type.
    const ODATA_TYPE: &'static str;
}

/// Writes a derived type's `@odata.type`: the value's own, else the type's (the service needs it
/// to know which derived type is created or updated).
pub fn odata_type_or<T: ODataType, S: ::serde::Serializer>(
    value: &::std::option::Option<::std::string::String>,
    serializer: S,
) -> ::std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_deref().unwrap_or(T::ODATA_TYPE))
}

/// A base type's value that may be any type derived from it (`AnyDeviceConfiguration`): which one
/// is read from `@odata.type`.
pub trait Polymorphic: ::std::marker::Sized {
    /// The value for a tag (`#microsoft.graph.x`, or `None` when the object has none), read from
    /// `deserializer`, which yields the whole object, `@odata.type` included.
    fn from_tagged<'de, D: ::serde::Deserializer<'de>>(
        tag: ::std::option::Option<&str>,
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error>;
}

/// Reads a polymorphic value. When `@odata.type` is the object's first member (as the service
/// sends it) the object is read in one pass; otherwise it is buffered, its tag found, and read
/// from the buffer.
pub fn deserialize_polymorphic<'de, T: Polymorphic, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> ::std::result::Result<T, D::Error> {
    deserializer.deserialize_map(PolymorphicVisitor(::std::marker::PhantomData))
}

struct PolymorphicVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T: Polymorphic> ::serde::de::Visitor<'de> for PolymorphicVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<T, A::Error> {
        let ::std::option::Option::Some(first) = map.next_key::<::std::string::String>()? else {
            let empty = ::serde::de::value::MapAccessDeserializer::new(map);
            return T::from_tagged(::std::option::Option::None, empty);
        };
        if first == "@odata.type" {
            let tag: ::std::string::String = map.next_value()?;
            let rest = ReplayTag {
                tag: ::std::option::Option::Some(tag.clone()),
                value: ::std::option::Option::None,
                map,
            };
            return T::from_tagged(
                ::std::option::Option::Some(&tag),
                ::serde::de::value::MapAccessDeserializer::new(rest),
            );
        }
        // The tag is further in: the object is kept as its text (each member as received, as
        // unknown members are) to find it, then read from that text.
        let mut object = UnknownMembers::default();
        object.begin_member(&first);
        object.read_value(&mut map)?;
        let none = |_: &str| ::std::option::Option::None;
        while map.next_key_seed(MemberKey { find: none, unknown: &mut object })?.is_some() {
            object.read_value(&mut map)?;
        }
        let tag = object.get_as::<::std::string::String>("@odata.type").and_then(::std::result::Result::ok);
        let mut text = ::serde_json::Deserializer::from_str(object.as_json());
        T::from_tagged(tag.as_deref(), &mut text).map_err(<A::Error as ::serde::de::Error>::custom)
    }
}

/// The rest of an object whose `@odata.type` was read first: that member again, then the others.
struct ReplayTag<A> {
    tag: ::std::option::Option<::std::string::String>,
    value: ::std::option::Option<::std::string::String>,
    map: A,
}

impl<'de, A: ::serde::de::MapAccess<'de>> ::serde::de::MapAccess<'de> for ReplayTag<A> {
    type Error = A::Error;

    fn next_key_seed<K: ::serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> ::std::result::Result<::std::option::Option<K::Value>, A::Error> {
        use ::serde::de::IntoDeserializer;
        match self.tag.take() {
            ::std::option::Option::Some(tag) => {
                self.value = ::std::option::Option::Some(tag);
                seed.deserialize("@odata.type".into_deserializer()).map(::std::option::Option::Some)
            }
            ::std::option::Option::None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: ::serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> ::std::result::Result<V::Value, A::Error> {
        match self.value.take() {
            // A JSON string value, so a field that is an `Option` reads it as `Some`.
            ::std::option::Option::Some(tag) => seed
                .deserialize(::serde_json::Value::String(tag))
                .map_err(<A::Error as ::serde::de::Error>::custom),
            ::std::option::Option::None => self.map.next_value_seed(seed),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Typed access to the wire strings. The conversions to and from the `time`, `chrono` and `uuid`
// crates' types are in `runtime/{time,chrono,uuid}.rs`, added as modules of this one (behind the
// feature of that name in a generated crate); the value stays the exact wire text.
// ---------------------------------------------------------------------------------------------

/// A wire string that does not read as the type asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireFormatError {
    /// What the value was read as (`an RFC 3339 date-time`, `a UUID`, ...).
    pub expected: &'static str,
    /// The value as sent.
    pub value: ::std::string::String,
}

impl ::std::fmt::Display for WireFormatError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "`{}` is not {}", self.value, self.expected)
    }
}

impl ::std::error::Error for WireFormatError {}

fn wire_error(expected: &'static str, value: &str) -> WireFormatError {
    WireFormatError {
        expected,
        value: value.to_owned(),
    }
}

/// Seconds and nanoseconds as the service writes them: `SS` or `SS.fffffff` (7 digits, as it
/// sends them; nanoseconds past the seventh digit are not written).
#[allow(dead_code)] // Used by the `time` and `chrono` conversions, where they are compiled in.
fn seconds_text(seconds: u64, nanos: u32) -> ::std::string::String {
    match nanos {
        0 => format!("{seconds:02}"),
        n => format!("{seconds:02}.{:07}", n / 100),
    }
}

/// `P1DT2H3M4.5S` (optionally `-P...`): days, hours, minutes and seconds; years and months have
/// no fixed length and are refused. Returns (negative, whole seconds, nanoseconds).
fn parse_iso_duration(text: &str) -> ::std::option::Option<(bool, u64, u32)> {
    let (negative, rest) = match text.strip_prefix('-') {
        ::std::option::Option::Some(rest) => (true, rest),
        ::std::option::Option::None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let (mut seconds, mut nanos, mut any) = (0u64, 0u32, false);
    let mut number = ::std::string::String::new();
    for (part, units) in [(date, "D"), (time, "HMS")] {
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let scale = match (c, units.contains(c)) {
                ('D', true) => 86_400,
                ('H', true) => 3_600,
                ('M', true) => 60,
                ('S', true) => 1,
                _ => return ::std::option::Option::None,
            };
            let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
            seconds = seconds.checked_add(whole.parse::<u64>().ok()?.checked_mul(scale)?)?;
            if !fraction.is_empty() {
                if c != 'S' || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                    return ::std::option::Option::None;
                }
                nanos = format!("{fraction:0<9}").parse().ok()?;
            }
            number.clear();
            any = true;
        }
    }
    (any && number.is_empty()).then_some((negative, seconds, nanos))
}

/// `PnDTnHnMnS` for a length (`PT0S` for none).
fn format_iso_duration(negative: bool, seconds: u64, nanos: u32) -> ::std::string::String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (hours, minutes, secs) = (rest / 3_600, rest % 3_600 / 60, rest % 60);
    let mut out = ::std::string::String::from(if negative { "-P" } else { "P" });
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 || secs > 0 || nanos > 0 || days == 0 {
        out.push('T');
        if hours > 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes > 0 {
            out.push_str(&format!("{minutes}M"));
        }
        if secs > 0 || nanos > 0 || (hours == 0 && minutes == 0) {
            let fraction = format!("{nanos:09}");
            match fraction.trim_end_matches('0') {
                "" => out.push_str(&format!("{secs}S")),
                digits => out.push_str(&format!("{secs}.{digits}S")),
            }
        }
    }
    out
}

impl Duration {
    /// The length as a `std::time::Duration` (days, hours, minutes and seconds; a negative or
    /// year/month duration is an error).
    pub fn to_std(&self) -> ::std::result::Result<::std::time::Duration, WireFormatError> {
        match parse_iso_duration(&self.0) {
            ::std::option::Option::Some((false, secs, nanos)) => {
                ::std::result::Result::Ok(::std::time::Duration::new(secs, nanos))
            }
            _ => ::std::result::Result::Err(wire_error("a non-negative ISO 8601 duration of days, hours, minutes and seconds", &self.0)),
        }
    }
}

impl ::std::convert::From<::std::time::Duration> for Duration {
    fn from(value: ::std::time::Duration) -> Self {
        Duration(format_iso_duration(false, value.as_secs(), value.subsec_nanos()))
    }
}

// ---------------------------------------------------------------------------------------------
// Serde for the generated structs: a member-by-member reader and writer shared by every struct,
// so each struct adds one `match` and one list of calls instead of a derived visitor, and unknown
// members go straight into `additional_properties` as their JSON text (no `#[serde(flatten)]`
// buffering, no `serde_json::Value` per member).
// ---------------------------------------------------------------------------------------------

/// A generated struct read member by member: the documented members by index into `MEMBERS`,
/// any other member kept in `other_members`.
pub trait Members: ::std::default::Default {
    /// The documented members' wire names, sorted (a member's index is its place here).
    const MEMBERS: &'static [&'static str];
    /// The index in `MEMBERS` of a wire name, if it is a documented member's. A `match`, as
    /// serde's derive writes it: reading member names is most of the cost of reading an object,
    /// and a search of `MEMBERS` made the generated models 1.3x to 2x slower than derived ones.
    fn member_index(name: &str) -> ::std::option::Option<usize>;
    /// Reads the value of the member at `index` of `MEMBERS` into its field.
    fn read_member<'de, A: ::serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> ::std::result::Result<(), A::Error>;
    /// Where members the docs do not list are kept.
    fn other_members(&mut self) -> &mut UnknownMembers;
}

/// Reads a generated struct from a JSON object.
pub fn deserialize_members<'de, T: Members, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> ::std::result::Result<T, D::Error> {
    deserializer.deserialize_map(MembersVisitor(::std::marker::PhantomData))
}

struct MembersVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T: Members> ::serde::de::Visitor<'de> for MembersVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<T, A::Error> {
        let mut value = T::default();
        loop {
            let seed = MemberKey { find: T::member_index, unknown: value.other_members() };
            match map.next_key_seed(seed)? {
                ::std::option::Option::None => return ::std::result::Result::Ok(value),
                ::std::option::Option::Some(::std::option::Option::Some(index)) => value.read_member(index, &mut map)?,
                ::std::option::Option::Some(::std::option::Option::None) => value.other_members().read_value(&mut map)?,
            }
        }
    }
}

/// Reads a member name as its index (`find`, a struct's [`Members::member_index`]); a name that is
/// not a documented member's starts a member of `unknown` (nothing is allocated for a known one).
struct MemberKey<'u> {
    find: fn(&str) -> ::std::option::Option<usize>,
    unknown: &'u mut UnknownMembers,
}

impl<'de> ::serde::de::DeserializeSeed<'de> for MemberKey<'_> {
    type Value = ::std::option::Option<usize>;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for MemberKey<'_> {
    type Value = ::std::option::Option<usize>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: ::serde::de::Error>(self, name: &str) -> ::std::result::Result<Self::Value, E> {
        let index = (self.find)(name);
        if index.is_none() {
            self.unknown.begin_member(name);
        }
        ::std::result::Result::Ok(index)
    }
}

/// Writes a generated struct as a JSON object, member by member.
///
/// The member calls return nothing: the first error is kept, the members after it are not
/// written, and `end` returns it. A `?` per member (a `match` and an error conversion each, for
/// `cargo check` to type and borrow-check) took 15% of the corpus crate's check memory.
pub struct MemberWriter<S: ::serde::Serializer> {
    map: S::SerializeMap,
    error: ::std::option::Option<S::Error>,
}

impl<S: ::serde::Serializer> MemberWriter<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> ::std::result::Result<Self, S::Error> {
        let map = serializer.serialize_map(::std::option::Option::None)?;
        ::std::result::Result::Ok(Self { map, error: ::std::option::Option::None })
    }

    fn entry<T: ?::std::marker::Sized + ::serde::Serialize>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none() {
            if let ::std::result::Result::Err(error) = ::serde::ser::SerializeMap::serialize_entry(&mut self.map, name, value) {
                self.error = ::std::option::Option::Some(error);
            }
        }
    }

    /// `@odata.type`: the value's own; else, for a derived type, `default` (the service needs it
    /// to know which derived type is created or updated); else nothing.
    pub fn odata_type(
        &mut self,
        value: &::std::option::Option<::std::string::String>,
        default: ::std::option::Option<&'static str>,
    ) {
        if let ::std::option::Option::Some(tag) = value.as_deref().or(default) {
            self.entry("@odata.type", tag);
        }
    }

    /// A member that is always written.
    pub fn required<T: ::serde::Serialize>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// A member that is left out when `None`.
    pub fn optional<T: ::serde::Serialize>(&mut self, name: &'static str, value: &::std::option::Option<T>) {
        if let ::std::option::Option::Some(value) = value {
            self.entry(name, value);
        }
    }

    /// An update's member: left out when `Absent`, `null` when `Null`.
    pub fn patch<T: ::serde::Serialize>(&mut self, name: &'static str, value: &Patch<T>) {
        if !matches!(value, Patch::Absent) {
            self.entry(name, value);
        }
    }

    /// The members the docs do not list, then the end of the object; or the first member's error.
    pub fn end(mut self, others: &UnknownMembers) -> ::std::result::Result<S::Ok, S::Error> {
        if let ::std::option::Option::Some(error) = self.error {
            return ::std::result::Result::Err(error);
        }
        others.write_to::<S>(&mut self.map)?;
        ::serde::ser::SerializeMap::end(self.map)
    }
}

/// Reads a member's value into its field: what each arm of a generated `read_member` calls, so
/// the arm is one call (no `?`, no assignment of its own for `cargo check` to go through).
pub fn read_into<'de, T: ::serde::Deserialize<'de>, A: ::serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut T,
) -> ::std::result::Result<(), A::Error> {
    *field = map.next_value()?;
    ::std::result::Result::Ok(())
}

// ---------------------------------------------------------------------------------------------
// Members the docs do not list: kept as the JSON text they came as and parsed only when asked.
// Graph sends new members before the docs list them, so this is the common case: a
// `serde_json::Value` per member read at 1.3x and wrote at 1.9x a struct declaring it.
// ---------------------------------------------------------------------------------------------

/// The members of an object that the docs do not list: kept as the JSON text they came as,
/// written back as they came (in their order, each value byte for byte), parsed only when asked.
///
/// ```text
/// let audit: RemoteActionAudit = serde_json::from_slice(&body)?;
/// let raw: Option<&RawValue> = audit.additional_properties.get("newMember");
/// let name: Option<Result<String, _>> = audit.additional_properties.get_as("newMember");
/// for (name, raw) in audit.additional_properties.iter() { /* ... */ }
/// let mut audit = RemoteActionAudit::default();
/// audit.additional_properties.insert("newMember", serde_json::json!({ "a": 1 }));
/// ```
///
/// A lookup reads the members in order (objects have a handful). A name sent twice is kept and
/// written back twice; `get` answers the last, as a `serde_json::Map` keeps it. Equality is the
/// members' (`{"a":1}` read with spaces equals it inserted), not the text's.
#[derive(Clone, Default)]
pub struct UnknownMembers {
    /// Empty, or one JSON object `{"name":value,...}` without whitespace between members: names
    /// escaped by `push_json_string`, values as serde_json read them or wrote them. Only this
    /// module writes it, which is what lets `entries` find the members without parsing them.
    json: ::std::string::String,
}

impl UnknownMembers {
    /// No members.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// How many members there are (a name sent twice counts twice).
    pub fn len(&self) -> usize {
        self.entries().count()
    }

    /// Whether a member of this name is kept.
    pub fn contains_key(&self, name: &str) -> bool {
        self.entries().any(|(key, _)| key_is(key, name))
    }

    /// The member's value as received, not parsed (the last, for a name sent twice).
    pub fn get(&self, name: &str) -> ::std::option::Option<&::serde_json::value::RawValue> {
        let value = self.entries().filter(|(key, _)| key_is(key, name)).last()?.1;
        ::serde_json::from_str(value).ok()
    }

    /// The member's value parsed as `T`: `None` without the member, `Some(Err(..))` when it is
    /// not a `T`.
    pub fn get_as<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> ::std::option::Option<::std::result::Result<T, ::serde_json::Error>> {
        self.get(name).map(|raw| ::serde_json::from_str(raw.get()))
    }

    /// Every member in the order received: its name and its value, not parsed.
    pub fn iter(&self) -> impl ::std::iter::Iterator<Item = (::std::borrow::Cow<'_, str>, &::serde_json::value::RawValue)> {
        self.entries().filter_map(|(key, value)| {
            ::std::option::Option::Some((unescape_key(key)?, ::serde_json::from_str(value).ok()?))
        })
    }

    /// Sets a member (`insert("name", "text")`, `insert("n", 1)`, `insert("o", json!({..}))`),
    /// replacing any of that name; answers the value it replaced.
    pub fn insert(
        &mut self,
        name: &str,
        value: impl ::std::convert::Into<::serde_json::Value>,
    ) -> ::std::option::Option<::std::boxed::Box<::serde_json::value::RawValue>> {
        let previous = self.remove(name);
        self.begin_member(name);
        self.json.push_str(&value.into().to_string());
        self.json.push('}');
        previous
    }

    /// Sets a member to JSON text as it is (`RawValue` has checked it), replacing any of that
    /// name; answers the value it replaced.
    pub fn insert_raw(
        &mut self,
        name: &str,
        value: &::serde_json::value::RawValue,
    ) -> ::std::option::Option<::std::boxed::Box<::serde_json::value::RawValue>> {
        let previous = self.remove(name);
        self.begin_member(name);
        self.json.push_str(value.get());
        self.json.push('}');
        previous
    }

    /// Removes every member of this name; answers the last one's value.
    pub fn remove(&mut self, name: &str) -> ::std::option::Option<::std::boxed::Box<::serde_json::value::RawValue>> {
        let removed = self.get(name).map(::std::borrow::ToOwned::to_owned)?;
        let mut kept = UnknownMembers::default();
        for (key, value) in self.entries().filter(|(key, _)| !key_is(key, name)) {
            kept.json.push(if kept.json.is_empty() { '{' } else { ',' });
            kept.json.push_str(key);
            kept.json.push(':');
            kept.json.push_str(value);
        }
        if !kept.json.is_empty() {
            kept.json.push('}');
        }
        *self = kept;
        ::std::option::Option::Some(removed)
    }

    /// The members as one JSON object's text (`{}` when there are none), as they will be written.
    pub fn as_json(&self) -> &str {
        if self.json.is_empty() { "{}" } else { &self.json }
    }

    /// The members parsed into a map (for a name sent twice, the last).
    pub fn to_map(&self) -> ::serde_json::Map<::std::string::String, ::serde_json::Value> {
        ::serde_json::from_str(self.as_json()).unwrap_or_default()
    }

    /// Starts a member: `{"name":` or, after others, `,"name":` in place of the closing `}`. The
    /// caller writes the value and the `}`.
    fn begin_member(&mut self, name: &str) {
        if self.json.is_empty() {
            // One allocation for the usual few members, not one per growth step.
            self.json.reserve(64);
            self.json.push('{');
        } else {
            self.json.pop();
            self.json.push(',');
        }
        push_json_string(&mut self.json, name);
        self.json.push(':');
    }

    /// Reads the value of the member [`UnknownMembers::begin_member`] started, and ends it.
    fn read_value<'de, A: ::serde::de::MapAccess<'de>>(&mut self, map: &mut A) -> ::std::result::Result<(), A::Error> {
        map.next_value_seed(RawMember(&mut self.json))?;
        self.json.push('}');
        ::std::result::Result::Ok(())
    }

    /// The members as (escaped name with its quotes, value text), found by their delimiters.
    fn entries(&self) -> Entries<'_> {
        Entries { rest: self.json.get(1..).unwrap_or("") }
    }

    /// Writes every member into `map`, each value as its text.
    fn write_to<S: ::serde::Serializer>(&self, map: &mut S::SerializeMap) -> ::std::result::Result<(), S::Error> {
        for (key, value) in self.entries() {
            let name = unescape_key(key).ok_or_else(|| <S::Error as ::serde::ser::Error>::custom("a member name is not JSON"))?;
            ::serde::ser::SerializeMap::serialize_entry(map, &*name, &RawText(value))?;
        }
        ::std::result::Result::Ok(())
    }
}

/// The members of [`UnknownMembers::json`] after its `{`: each a quoted name, `:`, and a value
/// that runs to the `,` or `}` outside any string, object or array. Stops at anything else, so a
/// text that is not what this module writes ends the members instead of failing.
struct Entries<'a> {
    rest: &'a str,
}

impl<'a> ::std::iter::Iterator for Entries<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> ::std::option::Option<Self::Item> {
        let bytes = self.rest.as_bytes();
        let key_end = string_end(bytes, 0)?;
        if bytes.get(key_end) != ::std::option::Option::Some(&b':') {
            return ::std::option::Option::None;
        }
        let value_end = value_end(bytes, key_end + 1)?;
        let key = self.rest.get(..key_end)?;
        let value = self.rest.get(key_end + 1..value_end)?;
        // Past the `,` or `}` that ended the value (ASCII, so a character boundary).
        self.rest = self.rest.get(value_end + 1..).unwrap_or("");
        ::std::option::Option::Some((key, value))
    }
}

/// Where the JSON string starting at `start` ends (just past its closing quote).
fn string_end(bytes: &[u8], start: usize) -> ::std::option::Option<usize> {
    if bytes.get(start) != ::std::option::Option::Some(&b'"') {
        return ::std::option::Option::None;
    }
    let mut i = start + 1;
    loop {
        i += bytes.get(i..)?.iter().position(|&b| b == b'"' || b == b'\\')?;
        match bytes[i] {
            b'"' => return ::std::option::Option::Some(i + 1),
            _ => i += 2, // An escape: the next byte is never the end.
        }
    }
}

/// Where the JSON value starting at `start` ends: the `,` or `}` after it outside any string,
/// object or array.
fn value_end(bytes: &[u8], start: usize) -> ::std::option::Option<usize> {
    let (mut i, mut depth) = (start, 0usize);
    while let ::std::option::Option::Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = string_end(bytes, i)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b',' | b'}' | b']' if depth == 0 => return (b != b']').then_some(i),
            b'}' | b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    ::std::option::Option::None
}

/// Whether an escaped, quoted name from [`Entries`] is `name`.
fn key_is(key: &str, name: &str) -> bool {
    match key.get(1..key.len().saturating_sub(1)) {
        ::std::option::Option::Some(plain) if !key.contains('\\') => plain == name,
        _ => unescape_key(key).is_some_and(|k| k == name),
    }
}

/// The name of an escaped, quoted name from [`Entries`].
fn unescape_key(key: &str) -> ::std::option::Option<::std::borrow::Cow<'_, str>> {
    match key.get(1..key.len().saturating_sub(1)) {
        ::std::option::Option::Some(plain) if !key.contains('\\') => ::std::option::Option::Some(::std::borrow::Cow::Borrowed(plain)),
        _ => ::serde_json::from_str::<::std::string::String>(key).ok().map(::std::borrow::Cow::Owned),
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn push_json_string(out: &mut ::std::string::String, text: &str) {
    out.push('"');
    if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(text);
    } else {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

impl ::std::fmt::Debug for UnknownMembers {
    /// `{"name": value, ...}`, each value as its JSON text.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        struct Text<'a>(&'a str);
        impl ::std::fmt::Debug for Text<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.0)
            }
        }
        let entries = self.entries().map(|(key, value)| (Text(key), Text(value)));
        f.debug_map().entries(entries).finish()
    }
}

impl ::std::cmp::PartialEq for UnknownMembers {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json || self.to_map() == other.to_map()
    }
}

impl ::std::cmp::Eq for UnknownMembers {}

impl ::std::hash::Hash for UnknownMembers {
    /// The members' hash, as equality compares them.
    fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
        self.to_map().hash(state);
    }
}

impl ::std::iter::FromIterator<(::std::string::String, ::serde_json::Value)> for UnknownMembers {
    /// From `(name, value)` pairs, such as a `serde_json::Map`'s.
    fn from_iter<I: ::std::iter::IntoIterator<Item = (::std::string::String, ::serde_json::Value)>>(iter: I) -> Self {
        let mut members = UnknownMembers::default();
        for (name, value) in iter {
            members.insert(&name, value);
        }
        members
    }
}

impl ::serde::Serialize for UnknownMembers {
    /// As a JSON object, the members as they came.
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(::std::option::Option::None)?;
        self.write_to::<S>(&mut map)?;
        ::serde::ser::SerializeMap::end(map)
    }
}

impl<'de> ::serde::Deserialize<'de> for UnknownMembers {
    /// From a JSON object, every member kept as its text.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        deserialize_members(deserializer)
    }
}

/// An object with no documented member: every member is unknown.
impl Members for UnknownMembers {
    const MEMBERS: &'static [&'static str] = &[];
    fn member_index(_: &str) -> ::std::option::Option<usize> {
        ::std::option::Option::None
    }
    fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, _: usize, _: &mut A) -> ::std::result::Result<(), A::Error> {
        ::std::result::Result::Ok(())
    }
    fn other_members(&mut self) -> &mut UnknownMembers {
        self
    }
}

/// serde_json's name for a raw value, asked of `RawValue` itself (serde_json keeps it private): a
/// deserializer or serializer given a newtype or struct of this name reads or writes JSON text.
fn raw_value_token() -> ::std::option::Option<&'static str> {
    static TOKEN: ::std::sync::OnceLock<::std::option::Option<&'static str>> = ::std::sync::OnceLock::new();
    *TOKEN.get_or_init(|| {
        let asked = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(TokenProbe);
        asked.err().and_then(|found| found.0)
    })
}

/// A deserializer that answers only the name a newtype is read under.
struct TokenProbe;

/// The name [`TokenProbe`] was asked for (`None`: asked for something else).
#[derive(Debug)]
struct TokenFound(::std::option::Option<&'static str>);

impl ::std::fmt::Display for TokenFound {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("not a newtype")
    }
}

impl ::std::error::Error for TokenFound {}

impl ::serde::de::Error for TokenFound {
    fn custom<M: ::std::fmt::Display>(_: M) -> Self {
        TokenFound(::std::option::Option::None)
    }
}

impl<'de> ::serde::Deserializer<'de> for TokenProbe {
    type Error = TokenFound;

    fn deserialize_any<V: ::serde::de::Visitor<'de>>(self, _: V) -> ::std::result::Result<V::Value, TokenFound> {
        ::std::result::Result::Err(TokenFound(::std::option::Option::None))
    }

    fn deserialize_newtype_struct<V: ::serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        _: V,
    ) -> ::std::result::Result<V::Value, TokenFound> {
        ::std::result::Result::Err(TokenFound(::std::option::Option::Some(name)))
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// JSON text written as it is, as `RawValue` writes itself (through serde_json's raw-value
/// struct); without that name, parsed and written as a `RawValue`.
struct RawText<'a>(&'a str);

impl ::serde::Serialize for RawText<'_> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        use ::serde::ser::SerializeStruct;
        let ::std::option::Option::Some(token) = raw_value_token() else {
            let raw: &::serde_json::value::RawValue =
                ::serde_json::from_str(self.0).map_err(<S::Error as ::serde::ser::Error>::custom)?;
            return raw.serialize(serializer);
        };
        let mut raw = serializer.serialize_struct(token, 1)?;
        raw.serialize_field(token, self.0)?;
        raw.end()
    }
}

/// Reads a member's value onto the end of an [`UnknownMembers::json`] as its JSON text: from
/// serde_json, the text as received (what `RawValue` reads); from any other deserializer, the
/// value as serde_json writes it.
struct RawMember<'a>(&'a mut ::std::string::String);

impl<'de> ::serde::de::DeserializeSeed<'de> for RawMember<'_> {
    type Value = ();

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
        match raw_value_token() {
            ::std::option::Option::Some(token) => deserializer.deserialize_newtype_struct(token, self),
            ::std::option::Option::None => self.push_value(<::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?),
        }
    }
}

impl RawMember<'_> {
    fn push_value<E>(self, value: ::serde_json::Value) -> ::std::result::Result<(), E> {
        self.0.push_str(&value.to_string());
        ::std::result::Result::Ok(())
    }

    fn push_text<E>(self, text: &str) -> ::std::result::Result<(), E> {
        self.0.push_str(text);
        ::std::result::Result::Ok(())
    }
}

/// Turns a visited value into a `serde_json::Value` and appends its text.
macro_rules! raw_member_visits {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method<E: ::serde::de::Error>(self, $($arg: $ty),*) -> ::std::result::Result<(), E> {
            self.push_value(::serde_json::Value::from(($($arg),*)))
        })*
    };
}

impl<'de> ::serde::de::Visitor<'de> for RawMember<'_> {
    type Value = ();

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("any JSON value")
    }

    /// serde_json's raw value (a one-member map under its token), or an object from another
    /// deserializer.
    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<(), A::Error> {
        let mut object = ::serde_json::Map::new();
        match map.next_key_seed(TokenKey)? {
            ::std::option::Option::Some(::std::option::Option::None) => return map.next_value_seed(RawValueText(self)),
            ::std::option::Option::Some(::std::option::Option::Some(key)) => {
                object.insert(key, map.next_value()?);
            }
            ::std::option::Option::None => {}
        }
        while let ::std::option::Option::Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        self.push_value(::serde_json::Value::Object(object))
    }

    fn visit_newtype_struct<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
        self.push_value(<::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?)
    }

    fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
        self.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, seq: A) -> ::std::result::Result<(), A::Error> {
        let deserializer = ::serde::de::value::SeqAccessDeserializer::new(seq);
        self.push_value(<::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?)
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<(), E> {
        self.push_value(::serde_json::Value::Null)
    }

    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<(), E> {
        self.push_value(::serde_json::Value::Null)
    }

    fn visit_i128<E: ::serde::de::Error>(self, v: i128) -> ::std::result::Result<(), E> {
        self.push_text(&v.to_string())
    }

    fn visit_u128<E: ::serde::de::Error>(self, v: u128) -> ::std::result::Result<(), E> {
        self.push_text(&v.to_string())
    }

    raw_member_visits! {
        visit_bool(v: bool);
        visit_i64(v: i64);
        visit_u64(v: u64);
        visit_f64(v: f64);
        visit_str(v: &str);
    }
}

/// The first key of a map given to [`RawMember`]: `None` for serde_json's raw-value token (nothing
/// allocated), else the key.
struct TokenKey;

impl<'de> ::serde::de::DeserializeSeed<'de> for TokenKey {
    type Value = ::std::option::Option<::std::string::String>;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for TokenKey {
    type Value = ::std::option::Option<::std::string::String>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: ::serde::de::Error>(self, key: &str) -> ::std::result::Result<Self::Value, E> {
        match raw_value_token() == ::std::option::Option::Some(key) {
            true => ::std::result::Result::Ok(::std::option::Option::None),
            false => ::std::result::Result::Ok(::std::option::Option::Some(key.to_owned())),
        }
    }
}

/// The text of serde_json's raw value, taken as it is: serde_json's reader (or its `Value`, which
/// writes itself) has checked it, and `RawValue` takes it as it is too. Checking it again cost a
/// tenth more time to read a page.
struct RawValueText<'a>(RawMember<'a>);

impl<'de> ::serde::de::DeserializeSeed<'de> for RawValueText<'_> {
    type Value = ();

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for RawValueText<'_> {
    type Value = ();

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("raw JSON text")
    }

    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> ::std::result::Result<(), E> {
        self.0.push_text(text)
    }
}
