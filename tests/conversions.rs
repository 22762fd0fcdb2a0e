//! Typed access to the wire strings (issue 11): with the `time`, `chrono` and `uuid` features of the
//! generated crate on (this crate turns them on), dates, times, durations and GUIDs convert both
//! ways, the service's 7 fractional digits and offset included, while the value itself stays the
//! wire text.

use graphdoc_models::beta::graph::RemoteActionAudit;
use graphdoc_models::support::{Date, DateTimeOffset, Duration, Guid, TimeOfDay};

/// As the service sends it: 7 fractional digits and an offset.
const SENT: &str = "2017-01-01T00:00:41.7585221+03:00";

#[test]
fn a_date_time_with_seven_digits_and_an_offset_converts_both_ways_with_time() {
    let wire = DateTimeOffset::from(SENT);
    let parsed = wire.to_time().expect("RFC 3339");
    assert_eq!(parsed.nanosecond(), 758_522_100);
    assert_eq!(parsed.offset().whole_hours(), 3);
    assert_eq!(DateTimeOffset::from(parsed).as_str(), SENT);
    let utc = parsed.to_offset(time::UtcOffset::UTC);
    assert_eq!(
        DateTimeOffset::from(utc).as_str(),
        "2016-12-31T21:00:41.7585221Z"
    );
    assert!(DateTimeOffset::from("yesterday").to_time().is_err());
}

#[test]
fn a_date_time_with_seven_digits_and_an_offset_converts_both_ways_with_chrono() {
    use chrono::Timelike;
    let wire = DateTimeOffset::from(SENT);
    let parsed = wire.to_chrono().expect("RFC 3339");
    assert_eq!(parsed.nanosecond(), 758_522_100);
    assert_eq!(parsed.offset().local_minus_utc(), 3 * 3600);
    assert_eq!(DateTimeOffset::from(parsed).as_str(), SENT);
    let utc = parsed.with_timezone(&chrono::Utc);
    assert_eq!(
        DateTimeOffset::from(utc).as_str(),
        "2016-12-31T21:00:41.7585221Z"
    );
    let whole = chrono::DateTime::parse_from_rfc3339("2021-07-01T10:00:00-05:30").unwrap();
    assert_eq!(
        DateTimeOffset::from(whole).as_str(),
        "2021-07-01T10:00:00-05:30"
    );
}

#[test]
fn dates_times_of_day_and_durations_convert_both_ways() {
    let date = Date::from("2021-05-24");
    assert_eq!(Date::from(date.to_time().unwrap()), date);
    assert_eq!(Date::from(date.to_chrono().unwrap()), date);
    assert!(Date::from("2021-13-01").to_time().is_err());

    let time = TimeOfDay::from("08:30:00.1234567");
    assert_eq!(TimeOfDay::from(time.to_time().unwrap()), time);
    assert_eq!(TimeOfDay::from(time.to_chrono().unwrap()), time);

    let duration = Duration::from("P1DT2H3M4.5S");
    let seconds = 86_400 + 2 * 3600 + 3 * 60 + 4;
    assert_eq!(
        duration.to_std().unwrap(),
        std::time::Duration::new(seconds, 500_000_000)
    );
    assert_eq!(duration.to_time().unwrap().whole_seconds(), seconds as i64);
    assert_eq!(duration.to_chrono().unwrap().num_seconds(), seconds as i64);
    assert_eq!(Duration::from(duration.to_std().unwrap()), duration);
    assert_eq!(Duration::from(duration.to_time().unwrap()), duration);
    assert_eq!(Duration::from(duration.to_chrono().unwrap()), duration);
    assert_eq!(
        Duration::from("-PT30M").to_time().unwrap().whole_minutes(),
        -30
    );
    assert_eq!(Duration::from(std::time::Duration::ZERO).as_str(), "PT0S");
    // Years and months have no fixed length.
    assert!(Duration::from("P1Y").to_std().is_err());
}

#[test]
fn guids_convert_in_any_case() {
    let sent = Guid::from("0118A350-71FC-4EC3-8F0C-6A1CB8867561");
    let uuid = sent.to_uuid().unwrap();
    assert_eq!(
        Guid::from(uuid).as_str(),
        "0118a350-71fc-4ec3-8f0c-6a1cb8867561"
    );
    assert!(Guid::from("guid").to_uuid().is_err());
}

#[test]
fn a_round_trip_of_the_wire_value_is_unchanged() {
    let body = serde_json::json!({
        "id": "1",
        "requestDateTime": SENT,
        "bulkDeviceActionId": "0118A350-71FC-4EC3-8F0C-6A1CB8867561"
    });
    let audit: RemoteActionAudit = serde_json::from_value(body.clone()).unwrap();
    let when = audit.request_date_time.as_ref().unwrap();
    assert_eq!(when.to_time().unwrap().second(), 41);
    assert_eq!(serde_json::to_value(&audit).unwrap(), body);
}

// The macro (and `build.rs`) add the conversions they are asked for, as plain code: the features
// there are the user's crate's.
#[allow(dead_code)]
mod from_the_macro {
    graphdoc_macros::graph_models!("../docs", conversions = ["time", "chrono"]);
}

#[test]
fn the_macro_adds_the_conversions_it_is_asked_for() {
    let date = from_the_macro::support::Date::from("2021-05-24");
    assert_eq!(date.to_time().unwrap().day(), 24);
    assert_eq!(chrono::Datelike::month(&date.to_chrono().unwrap()), 5);
}
