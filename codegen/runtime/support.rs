//! Support types shared by every generated module: lossless primitives, the forward-compatible enum
//! machinery, and the HTTP plumbing of the operations.
//!
//! Written by graphdoc; the same file in every generated crate, `build.rs` output and macro expansion.

/// A number as the service sent it: the typed value when it parses, else the raw JSON kept verbatim.
///
/// Microsoft Graph sends `Int64` as strings in some APIs and `Double` as `"NaN"` or `"INF"`, and the
/// docs' examples use placeholders such as `"Integer"`; none of that may fail a whole response, and a
/// value read and written back must be unchanged.
#[derive(Clone, Debug, PartialEq)]
pub enum Lenient<T> {
    /// The value parsed as the documented type.
    Value(T),
    /// Anything else, exactly as received.
    Raw(::serde_json::Value),
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
        let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        if raw.is_number() {
            if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<T>(raw.clone()) {
                // Only a value that writes back identically is typed (`1.0` must not become `1`).
                if ::serde_json::to_value(&v).ok().as_ref() == ::std::option::Option::Some(&raw) {
                    return ::std::result::Result::Ok(Lenient::Value(v));
                }
            }
        }
        ::std::result::Result::Ok(Lenient::Raw(raw))
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

/// Reads the wire string of an enum value.
pub fn deserialize_wire_str<'de, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> ::std::result::Result<::std::string::String, D::Error> {
    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
}
