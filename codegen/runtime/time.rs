//! Conversions between the wire strings and the `time` crate's types.

use super::{seconds_text, wire_error, Date, DateTimeOffset, Duration, TimeOfDay, WireFormatError};
use ::std::result::Result;

impl DateTimeOffset {
    /// The value as a `time::OffsetDateTime` (every fractional digit the service sends kept).
    pub fn to_time(&self) -> Result<::time::OffsetDateTime, WireFormatError> {
        ::time::OffsetDateTime::parse(&self.0, &::time::format_description::well_known::Rfc3339)
            .map_err(|_| wire_error("an RFC 3339 date-time", &self.0))
    }
}

impl ::std::convert::From<::time::OffsetDateTime> for DateTimeOffset {
    /// Written as the service writes it: `2021-07-01T10:00:00.1234567Z`.
    fn from(value: ::time::OffsetDateTime) -> Self {
        let offset = value.offset();
        let zone = match offset.is_utc() {
            true => "Z".to_owned(),
            false => {
                let (h, m, _) = offset.as_hms();
                let sign = if offset.is_negative() { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
            }
        };
        DateTimeOffset(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{}{zone}",
            value.year(),
            u8::from(value.month()),
            value.day(),
            value.hour(),
            value.minute(),
            seconds_text(u64::from(value.second()), value.nanosecond())
        ))
    }
}

impl Date {
    /// The value as a `time::Date`.
    pub fn to_time(&self) -> Result<::time::Date, WireFormatError> {
        let error = || wire_error("a date (YYYY-MM-DD)", &self.0);
        let mut parts = self.0.splitn(3, '-');
        let mut next = || parts.next().and_then(|p| p.parse::<i32>().ok()).ok_or_else(error);
        let (year, month, day) = (next()?, next()?, next()?);
        let month = ::time::Month::try_from(u8::try_from(month).map_err(|_| error())?)
            .map_err(|_| error())?;
        ::time::Date::from_calendar_date(year, month, u8::try_from(day).map_err(|_| error())?)
            .map_err(|_| error())
    }
}

impl ::std::convert::From<::time::Date> for Date {
    fn from(value: ::time::Date) -> Self {
        Date(format!("{:04}-{:02}-{:02}", value.year(), u8::from(value.month()), value.day()))
    }
}

impl TimeOfDay {
    /// The value as a `time::Time`.
    pub fn to_time(&self) -> Result<::time::Time, WireFormatError> {
        let error = || wire_error("a time of day (hh:mm:ss.fffffff)", &self.0);
        let (hms, fraction) = self.0.split_once('.').unwrap_or((&self.0, ""));
        let mut parts = hms.splitn(3, ':');
        let mut next = || parts.next().and_then(|p| p.parse::<u8>().ok()).ok_or_else(error);
        let (h, m, s) = (next()?, next()?, next()?);
        let nanos = match fraction {
            "" => 0,
            f if f.len() <= 9 => format!("{f:0<9}").parse().map_err(|_| error())?,
            _ => return Err(error()),
        };
        ::time::Time::from_hms_nano(h, m, s, nanos).map_err(|_| error())
    }
}

impl ::std::convert::From<::time::Time> for TimeOfDay {
    fn from(value: ::time::Time) -> Self {
        let seconds = seconds_text(u64::from(value.second()), value.nanosecond());
        TimeOfDay(format!("{:02}:{:02}:{seconds}", value.hour(), value.minute()))
    }
}

impl Duration {
    /// The length as a `time::Duration` (days, hours, minutes and seconds, with a sign).
    pub fn to_time(&self) -> Result<::time::Duration, WireFormatError> {
        let (negative, secs, nanos) = super::parse_iso_duration(&self.0)
            .ok_or_else(|| wire_error("an ISO 8601 duration of days, hours, minutes and seconds", &self.0))?;
        let length = ::time::Duration::new(
            i64::try_from(secs).map_err(|_| wire_error("a duration that fits", &self.0))?,
            nanos as i32,
        );
        Ok(if negative { -length } else { length })
    }
}

impl ::std::convert::From<::time::Duration> for Duration {
    fn from(value: ::time::Duration) -> Self {
        let abs = value.unsigned_abs();
        Duration(super::format_iso_duration(value.is_negative(), abs.as_secs(), abs.subsec_nanos()))
    }
}
