//! Conversions between `Guid` and the `uuid` crate's `Uuid`.

use super::{wire_error, Guid, WireFormatError};

impl Guid {
    /// The value as a `uuid::Uuid` (any case the service used).
    pub fn to_uuid(&self) -> ::std::result::Result<::uuid::Uuid, WireFormatError> {
        ::uuid::Uuid::parse_str(&self.0).map_err(|_| wire_error("a UUID", &self.0))
    }
}

impl ::std::convert::From<::uuid::Uuid> for Guid {
    fn from(value: ::uuid::Uuid) -> Self {
        Guid(value.hyphenated().to_string())
    }
}
