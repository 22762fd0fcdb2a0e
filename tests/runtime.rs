//! The runtime's wire readers (`codegen/runtime/support.rs`, compiled here as
//! `graphdoc_models::support`): `Lenient` numbers keep the rule "typed when it reads as the type
//! and writes back identically, else raw" on every path, enums read documented members without
//! allocating, and members the docs do not list are kept as their JSON text, written back as read.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use graphdoc_models::beta::graph::{
    ActionState, AuditActivity, KeyValuePair2ofStringString, RemoteAction, RemoteActionAudit,
};
use graphdoc_models::support::{GraphEnum, Lenient, UnknownMembers};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// Counts the allocations of the current thread (tests run on several threads).
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How many allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (result, ALLOCATIONS.with(Cell::get) - before)
}

/// The rule as it was first written, through a whole `serde_json::Value`: the reference the fast
/// path must agree with.
fn reference<T: DeserializeOwned + Serialize>(raw: Value) -> Lenient<T> {
    if raw.is_number() {
        if let Ok(v) = serde_json::from_value::<T>(raw.clone()) {
            if serde_json::to_value(&v).ok().as_ref() == Some(&raw) {
                return Lenient::Value(v);
            }
        }
    }
    Lenient::Raw(Box::new(raw))
}

/// Every kind of wire value, around the edges of every numeric type.
const WIRE_VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "-0",
    "7",
    "127",
    "128",
    "-128",
    "-129",
    "255",
    "256",
    "32767",
    "32768",
    "-32769",
    "65535",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "16777217",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1.0",
    "1.5",
    "-2.5",
    "0.1",
    "-0.0",
    "0.0",
    "1e3",
    "1.5e3",
    "2.5E-7",
    "3.4028235e38",
    "3.5e38",
    "1.7976931348623157e308",
    "5e-324",
    "\"NaN\"",
    "\"INF\"",
    "\"-INF\"",
    "\"123\"",
    "\"Integer\"",
    "\"\"",
    "null",
    "true",
    "false",
    "[1,2]",
    "{\"a\":1}",
];

/// The fast path, from text and from a `Value`, gives what the reference gives, and writes back
/// exactly what was read.
fn agrees_with_reference<T>(type_name: &str)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    for text in WIRE_VALUES {
        let raw: Value = serde_json::from_str(text).unwrap();
        let expected = reference::<T>(raw.clone());
        let from_text: Lenient<T> = serde_json::from_str(text).unwrap();
        assert_eq!(
            from_text, expected,
            "{text} as Lenient<{type_name}>, from text"
        );
        let from_value: Lenient<T> = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(
            from_value, expected,
            "{text} as Lenient<{type_name}>, from a Value"
        );
        assert_eq!(
            serde_json::to_value(&from_text).unwrap(),
            raw,
            "{text} as Lenient<{type_name}> does not write back what was read"
        );
    }
}

#[test]
fn lenient_numbers_follow_the_reference_rule_for_every_type_and_value() {
    agrees_with_reference::<u8>("u8");
    agrees_with_reference::<i8>("i8");
    agrees_with_reference::<i16>("i16");
    agrees_with_reference::<i32>("i32");
    agrees_with_reference::<i64>("i64");
    agrees_with_reference::<f32>("f32");
    agrees_with_reference::<f64>("f64");
}

fn read<T: DeserializeOwned + Serialize>(text: &str) -> Lenient<T> {
    serde_json::from_str(text).unwrap()
}

#[test]
fn lenient_numbers_are_typed_only_when_they_write_back_identically() {
    assert_eq!(read::<i32>("5").value(), Some(&5));
    assert_eq!(read::<i64>("-9223372036854775808").value(), Some(&i64::MIN));
    assert_eq!(read::<f64>("0.25").value(), Some(&0.25));
    assert_eq!(read::<f64>("2.0").value(), Some(&2.0));
    // `1.0` is not an integer, `5` would come back as `5.0`, `0.1` as `0.10000000149011612`.
    assert_eq!(read::<i32>("1.0").value(), None);
    assert_eq!(read::<f64>("5").value(), None);
    assert_eq!(read::<f32>("0.1").value(), None);
    assert_eq!(read::<f32>("0.5").value(), Some(&0.5));
    // Out of range, strings and placeholders stay raw, as sent.
    assert_eq!(read::<u8>("256").value(), None);
    assert_eq!(read::<i32>("2147483648").value(), None);
    assert_eq!(read::<f64>("\"NaN\"").value(), None);
    assert_eq!(read::<i64>("\"123\"").value(), None);
    let raw = read::<i32>("\"Integer\"");
    assert_eq!(serde_json::to_string(&raw).unwrap(), "\"Integer\"");
}

#[test]
fn lenient_fields_read_inside_a_generated_struct() {
    let text = r#"{"version":3,"operation":"x","extra":[1.0]}"#;
    let typed: AuditActivity = serde_json::from_str(text).unwrap();
    assert_eq!(typed.version.as_ref().and_then(Lenient::value), Some(&3));
    let raw: AuditActivity = serde_json::from_str(r#"{"version":"3"}"#).unwrap();
    assert_eq!(raw.version.as_ref().and_then(Lenient::value), None);
    let absent: AuditActivity = serde_json::from_str(r#"{"version":null}"#).unwrap();
    assert_eq!(absent.version, None);
    let back: Value = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
}

#[test]
fn a_typed_number_is_read_without_allocating() {
    let (value, count) = allocations(|| serde_json::from_str::<Lenient<i32>>("42").unwrap());
    assert_eq!(value.value(), Some(&42));
    assert_eq!(count, 0);
    let (value, count) = allocations(|| serde_json::from_str::<Lenient<f64>>("4.25").unwrap());
    assert_eq!(value.value(), Some(&4.25));
    assert_eq!(count, 0);
}

#[test]
fn a_numeric_field_is_as_small_as_a_plain_one() {
    use std::mem::size_of;
    assert_eq!(size_of::<Option<Lenient<f64>>>(), size_of::<Option<f64>>());
    assert_eq!(size_of::<Option<Lenient<i64>>>(), size_of::<Option<i64>>());
}

#[test]
fn documented_enum_members_are_read_without_allocating() {
    let (action, count) =
        allocations(|| serde_json::from_str::<RemoteAction>("\"factoryReset\"").unwrap());
    assert_eq!(action, RemoteAction::FactoryReset);
    assert_eq!(count, 0, "a documented member allocated");
    let (state, count) = allocations(|| serde_json::from_str::<ActionState>("\"done\"").unwrap());
    assert_eq!(state, ActionState::Done);
    assert_eq!(count, 0, "a documented member allocated");
}

#[test]
fn enum_values_read_from_every_kind_of_input() {
    // Unlisted: kept verbatim.
    let other: RemoteAction = serde_json::from_str("\"teleport\"").unwrap();
    assert_eq!(other, RemoteAction::Other("teleport".to_string()));
    assert_eq!(other.as_str(), "teleport");
    // An escape makes serde_json hand over a copy instead of a borrowed slice.
    let escaped: RemoteAction = serde_json::from_str("\"factoryRes\\u0065t\"").unwrap();
    assert_eq!(escaped, RemoteAction::FactoryReset);
    // From a `Value` (an owned string) and from a reader (no borrowing at all).
    let owned: RemoteAction = serde_json::from_value(Value::from("rebootNow")).unwrap();
    assert_eq!(owned, RemoteAction::RebootNow);
    let streamed: RemoteAction = serde_json::from_reader(&b"\"delete\""[..]).unwrap();
    assert_eq!(streamed, RemoteAction::Delete);
    // Not a string: an error naming what was expected.
    let error = serde_json::from_str::<RemoteAction>("5").unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");
    // Written back as read.
    assert_eq!(
        serde_json::to_string(&RemoteAction::Other("x\"y".into())).unwrap(),
        "\"x\\\"y\""
    );
}

// ---------------------------------------------------------------------------------------------
// Members the docs do not list (`support::UnknownMembers`): kept as the JSON text they came as.
// ---------------------------------------------------------------------------------------------

/// Unknown members of every kind: spaces inside a value, numbers a `Value` would rewrite (`1.0e3`,
/// a 30-digit integer, `2.50`), escapes inside a value and in a name, empty containers, a name
/// sent twice.
const UNKNOWN: &str = r#"{"nested":{ "a" : [1, 2.50, {"b":null}] },"big":123456789012345678901234567890,"exp":1.0e3,"text":"caf\u00e9 \"q\" \\ \/","k\"ey":true,"dup":1,"empty":{},"list":[ ],"dup":"two"}"#;

#[test]
fn unknown_members_are_written_back_byte_for_byte() {
    // Alone, in a struct with no documented member, and after a documented member.
    let members: UnknownMembers = serde_json::from_str(UNKNOWN).unwrap();
    assert_eq!(serde_json::to_string(&members).unwrap(), UNKNOWN);
    let pair: KeyValuePair2ofStringString = serde_json::from_str(UNKNOWN).unwrap();
    assert_eq!(serde_json::to_string(&pair).unwrap(), UNKNOWN);
    let text = format!(r#"{{"id":"1",{}"#, &UNKNOWN[1..]);
    let audit: RemoteActionAudit = serde_json::from_slice(text.as_bytes()).unwrap();
    assert_eq!(audit.id.as_deref(), Some("1"));
    assert_eq!(serde_json::to_string(&audit).unwrap(), text);
    // From a reader (no borrowing): the same text.
    let streamed: RemoteActionAudit = serde_json::from_reader(text.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&streamed).unwrap(), text);
    // Whitespace between members is not kept; a name is written as serde_json escapes it.
    let spaced: UnknownMembers =
        serde_json::from_str("{ \"a\\u00e9\" : 1 ,\n \"b\": [1, 2] }").unwrap();
    assert_eq!(
        serde_json::to_string(&spaced).unwrap(),
        r#"{"aé":1,"b":[1, 2]}"#
    );
}

/// A writer that takes `limit` bytes, then fails every write; it counts the writes tried after
/// the first failure.
struct FailingWriter {
    written: Vec<u8>,
    limit: usize,
    failed: bool,
    tried_after_failure: usize,
}

impl std::io::Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            self.tried_after_failure += 1;
        }
        let room = self.limit - self.written.len();
        if room == 0 && !buf.is_empty() {
            self.failed = true;
            return Err(std::io::Error::other("full"));
        }
        let n = buf.len().min(room);
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_member_that_fails_to_write_fails_the_object_and_ends_the_writing() {
    // Documented members, then an unknown one: the first failed write, wherever it falls, is
    // the error `serialize` returns, and nothing is written after it.
    let text = format!(
        r#"{{"id":"1","userName":"a","action":"wipe",{}"#,
        &UNKNOWN[1..]
    );
    let audit: RemoteActionAudit = serde_json::from_str(&text).unwrap();
    let whole = serde_json::to_vec(&audit).unwrap();
    for limit in 0..=whole.len() {
        let mut writer = FailingWriter {
            written: Vec::new(),
            limit,
            failed: false,
            tried_after_failure: 0,
        };
        let result = serde_json::to_writer(&mut writer, &audit);
        assert_eq!(writer.written, whole[..limit], "cut at {limit}");
        if limit < whole.len() {
            assert!(result.unwrap_err().is_io(), "cut at {limit}");
            assert_eq!(writer.tried_after_failure, 0, "cut at {limit}");
        } else {
            result.unwrap();
        }
    }
}

#[test]
fn every_kind_of_wire_value_is_kept_as_sent() {
    for text in WIRE_VALUES {
        let object = format!(r#"{{"x":{text},"y":[{text}],"z":{{"v":{text}}}}}"#);
        let members: UnknownMembers = serde_json::from_str(&object).unwrap();
        assert_eq!(serde_json::to_string(&members).unwrap(), object);
        assert_eq!(members.get("x").map(RawValue::get), Some(*text));
        assert_eq!(members.len(), 3, "{object}");
    }
}

#[test]
fn unknown_members_read_alike_from_every_kind_of_input() {
    let expected: Value = serde_json::from_str(UNKNOWN).unwrap();
    let from_text: UnknownMembers = serde_json::from_str(UNKNOWN).unwrap();
    assert_eq!(Value::Object(from_text.to_map()), expected);
    // A `Value`, owned and borrowed: the values as serde_json writes them.
    let from_value: UnknownMembers = serde_json::from_value(expected.clone()).unwrap();
    assert_eq!(from_value, from_text);
    let from_ref = UnknownMembers::deserialize(&expected).unwrap();
    assert_eq!(from_ref, from_text);
    // Through serde's buffering (an untagged enum), which is not serde_json's reader.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(i32),
        Pair(KeyValuePair2ofStringString),
    }
    let Either::Pair(buffered) = serde_json::from_str(UNKNOWN).unwrap() else {
        panic!("read as a number")
    };
    assert_eq!(buffered.additional_properties, from_text);
    assert!(matches!(
        serde_json::from_str("5").unwrap(),
        Either::Number(5)
    ));
}

#[test]
fn unknown_members_are_read_on_demand() {
    let members: UnknownMembers = serde_json::from_str(UNKNOWN).unwrap();
    assert_eq!(members.len(), 9);
    assert!(!members.is_empty() && members.contains_key("k\"ey") && !members.contains_key("x"));
    assert_eq!(members.get("exp").map(RawValue::get), Some("1.0e3"));
    // A name sent twice answers its last value, as a `serde_json::Map` keeps it.
    assert_eq!(members.get("dup").map(RawValue::get), Some("\"two\""));
    assert_eq!(
        members.get_as::<String>("text").unwrap().unwrap(),
        "café \"q\" \\ /"
    );
    assert!(members.get_as::<i32>("text").unwrap().is_err());
    assert!(members.get_as::<i32>("missing").is_none());
    let names: Vec<String> = members.iter().map(|(name, _)| name.into_owned()).collect();
    let expected = [
        "nested", "big", "exp", "text", "k\"ey", "dup", "empty", "list", "dup",
    ];
    assert_eq!(names, expected);
    // Shown as the members with their JSON text.
    let shown = format!("{members:?}");
    assert!(
        shown.starts_with(r#"{"nested": { "a" : [1, 2.50, {"b":null}] }, "big": 1234"#),
        "{shown}"
    );
}

#[test]
fn unknown_members_are_set_and_removed_in_place() {
    let mut audit = RemoteActionAudit {
        id: Some("1".into()),
        ..Default::default()
    };
    assert!(audit.additional_properties.is_empty());
    assert_eq!(audit.additional_properties.as_json(), "{}");
    audit.additional_properties.insert("count", 2);
    audit
        .additional_properties
        .insert("owner", json!({"name": "Adele"}));
    let previous = audit.additional_properties.insert("count", "three");
    assert_eq!(previous.as_deref().map(RawValue::get), Some("2"));
    let raw = RawValue::from_string("[1, 2.0]".to_string()).unwrap();
    audit.additional_properties.insert_raw("list", &raw);
    assert_eq!(
        serde_json::to_string(&audit).unwrap(),
        r#"{"id":"1","owner":{"name":"Adele"},"count":"three","list":[1, 2.0]}"#
    );
    // Removing every member leaves none, not an empty object's text.
    for name in ["owner", "count", "list"] {
        assert!(audit.additional_properties.remove(name).is_some(), "{name}");
    }
    assert!(audit.additional_properties.remove("owner").is_none());
    assert!(audit.additional_properties.is_empty());
    assert_eq!(serde_json::to_string(&audit).unwrap(), r#"{"id":"1"}"#);
    // From a map's pairs, in one expression.
    let map = json!({"b": 1, "a": [true]}).as_object().unwrap().clone();
    let audit = RemoteActionAudit {
        additional_properties: map.into_iter().collect(),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&audit).unwrap(),
        json!({"a": [true], "b": 1})
    );
}

#[test]
fn unknown_members_compare_by_their_values() {
    use std::hash::{BuildHasher, RandomState};
    let spaced: UnknownMembers = serde_json::from_str(r#"{"a": { "x" : 1 }, "b": [ ]}"#).unwrap();
    let mut inserted = UnknownMembers::new();
    inserted.insert("b", json!([]));
    inserted.insert("a", json!({"x": 1}));
    assert_eq!(spaced, inserted);
    let state = RandomState::new();
    assert_eq!(state.hash_one(&spaced), state.hash_one(&inserted));
    inserted.insert("a", json!({"x": 2}));
    assert_ne!(spaced, inserted);
    // A number is its text: `1.0` is not `1`, as in a `serde_json::Value`.
    let one: UnknownMembers = serde_json::from_str(r#"{"n":1}"#).unwrap();
    let one_point_zero: UnknownMembers = serde_json::from_str(r#"{"n":1.0}"#).unwrap();
    assert_ne!(one, one_point_zero);
}

#[test]
fn an_unknown_member_is_read_without_an_allocation_of_its_own() {
    // A struct's unknown members share one buffer, allocated at the first: two members, one
    // allocation (plain serde allocates each string value it reads).
    let (pair, count) = allocations(|| {
        serde_json::from_str::<KeyValuePair2ofStringString>(
            r#"{"key":"deviceName","value":"PC-1"}"#,
        )
        .unwrap()
    });
    assert_eq!(pair.additional_properties.len(), 2);
    assert_eq!(count, 1);
    // None when every member is documented.
    let (audit, count) = allocations(|| {
        serde_json::from_str::<RemoteActionAudit>(r#"{"action":"delete"}"#).unwrap()
    });
    assert!(audit.additional_properties.is_empty());
    assert_eq!(count, 0);
}

#[test]
fn malformed_unknown_members_are_errors() {
    for text in [
        r#"{"x":}"#,
        r#"{"x":[1,}"#,
        r#"{"x":{"a"}}"#,
        r#"{"x":"unterminated}"#,
        r#"{"x":1"#,
        r#"{"x":tru}"#,
        r#"{"x":01}"#,
        r#"{"x":1,}"#,
        r#"{"x" 1}"#,
        r#"{"x":"\q"}"#,
    ] {
        assert!(
            serde_json::from_str::<RemoteActionAudit>(text).is_err(),
            "{text}"
        );
        assert!(
            serde_json::from_str::<UnknownMembers>(text).is_err(),
            "{text}"
        );
    }
    let not_utf8 = b"{\"x\":\"\xff\"}";
    assert!(serde_json::from_slice::<RemoteActionAudit>(not_utf8).is_err());
    // Not an object.
    assert!(serde_json::from_str::<UnknownMembers>("[1]").is_err());
}
