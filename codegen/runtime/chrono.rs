//! Conversions between the wire strings and the `chrono` crate's types.

use super::{seconds_text, wire_error, Date, DateTimeOffset, Duration, TimeOfDay, WireFormatError};
use ::chrono::{Datelike, Timelike};
use ::std::result::Result;

impl DateTimeOffset {
    /// The value as a `chrono::DateTime<FixedOffset>` (every fractional digit kept).
    pub fn to_chrono(&self) -> Result<::chrono::DateTime<::chrono::FixedOffset>, WireFormatError> {
        ::chrono::DateTime::parse_from_rfc3339(&self.0)
            .map_err(|_| wire_error("an RFC 3339 date-time", &self.0))
    }
}

impl<Tz: ::chrono::TimeZone> ::std::convert::From<::chrono::DateTime<Tz>> for DateTimeOffset {
    /// Written as the service writes it: `2021-07-01T10:00:00.1234567Z`.
    fn from(value: ::chrono::DateTime<Tz>) -> Self {
        let fixed = value.fixed_offset();
        let seconds = fixed.offset().local_minus_utc();
        let zone = match seconds {
            0 => "Z".to_owned(),
            s => {
                let sign = if s < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", s.unsigned_abs() / 3600, s.unsigned_abs() % 3600 / 60)
            }
        };
        DateTimeOffset(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{}{zone}",
            fixed.year(),
            fixed.month(),
            fixed.day(),
            fixed.hour(),
            fixed.minute(),
            seconds_text(u64::from(fixed.second()), fixed.nanosecond())
        ))
    }
}

impl Date {
    /// The value as a `chrono::NaiveDate`.
    pub fn to_chrono(&self) -> Result<::chrono::NaiveDate, WireFormatError> {
        ::chrono::NaiveDate::parse_from_str(&self.0, "%Y-%m-%d")
            .map_err(|_| wire_error("a date (YYYY-MM-DD)", &self.0))
    }
}

impl ::std::convert::From<::chrono::NaiveDate> for Date {
    fn from(value: ::chrono::NaiveDate) -> Self {
        Date(value.format("%Y-%m-%d").to_string())
    }
}

impl TimeOfDay {
    /// The value as a `chrono::NaiveTime`.
    pub fn to_chrono(&self) -> Result<::chrono::NaiveTime, WireFormatError> {
        ::chrono::NaiveTime::parse_from_str(&self.0, "%H:%M:%S%.f")
            .map_err(|_| wire_error("a time of day (hh:mm:ss.fffffff)", &self.0))
    }
}

impl ::std::convert::From<::chrono::NaiveTime> for TimeOfDay {
    fn from(value: ::chrono::NaiveTime) -> Self {
        let seconds = seconds_text(u64::from(value.second()), value.nanosecond());
        TimeOfDay(format!("{:02}:{:02}:{seconds}", value.hour(), value.minute()))
    }
}

impl Duration {
    /// The length as a `chrono::TimeDelta` (days, hours, minutes and seconds, with a sign).
    pub fn to_chrono(&self) -> Result<::chrono::TimeDelta, WireFormatError> {
        let error = || wire_error("an ISO 8601 duration of days, hours, minutes and seconds", &self.0);
        let (negative, secs, nanos) = super::parse_iso_duration(&self.0).ok_or_else(error)?;
        let length = ::chrono::TimeDelta::new(i64::try_from(secs).map_err(|_| error())?, nanos)
            .ok_or_else(error)?;
        Ok(if negative { -length } else { length })
    }
}

impl ::std::convert::From<::chrono::TimeDelta> for Duration {
    fn from(value: ::chrono::TimeDelta) -> Self {
        let negative = value < ::chrono::TimeDelta::zero();
        let abs = value.abs();
        let nanos = abs.subsec_nanos().unsigned_abs();
        Duration(super::format_iso_duration(negative, abs.num_seconds().unsigned_abs(), nanos))
    }
}
