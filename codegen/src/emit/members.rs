//! Serde for a generated struct, member by member through the support module's `Members` reader
//! and `MemberWriter`: a `match` and a list of calls per struct instead of a derived visitor, and
//! no `#[serde(flatten)]` (which buffers every object). Cheaper to compile and faster to run.

use super::text::{string_literal, Code};
use super::SUPPORT;

/// How a struct's fields are written.
pub enum Shape {
    /// A model: `Option` fields left out when `None`; `@odata.type` written when set, and by a
    /// derived type always (its own name when the value has none).
    Model { derived: bool },
    /// An update body: `Patch` fields left out when `Absent`, `@odata.type` among them.
    Patch,
    /// An action's parameters: required ones always written, optional ones left out when
    /// `None`; no `@odata.type`. Read back only when every field has a default (`readable`).
    Parameters { readable: bool },
}

/// One field: its Rust name, its wire name, and whether it is a plain (required) value.
pub struct Member<'a> {
    pub field: &'a str,
    pub wire: &'a str,
    pub required: bool,
}

/// The `Serialize`, `Deserialize` and `Members` impls of struct `name`, whose fields are
/// `odata_type` (not in `Parameters`), `members` and `additional_properties` (`deprecated` when
/// one of them is).
pub fn emit_member_impls(
    code: &mut Code,
    name: &str,
    shape: Shape,
    members: &[Member<'_>],
    deprecated: bool,
) {
    let allow = |code: &mut Code| {
        if deprecated {
            code.line(0, "#[allow(deprecated)]");
        }
    };
    let tag = Member {
        field: "odata_type",
        wire: "@odata.type",
        required: false,
    };
    let all: Vec<&Member<'_>> = match shape {
        Shape::Parameters { .. } => members.iter().collect(),
        _ => std::iter::once(&tag).chain(members).collect(),
    };
    allow(code);
    emit_serialize(code, name, &shape, &all);
    if let Shape::Parameters { readable: false } = shape {
        return;
    }
    emit_deserialize_via(code, name, "deserialize_members");
    allow(code);
    emit_reader(code, name, &all);
}

fn emit_serialize(code: &mut Code, name: &str, shape: &Shape, all: &[&Member<'_>]) {
    code.lines(
        0,
        &format!(
            "\
impl ::serde::Serialize for {name} {{
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {{
        let mut map = {SUPPORT}::MemberWriter::new(serializer)?;"
        ),
    );
    for (i, m) in all.iter().enumerate() {
        let value = format!("&self.{}", m.field);
        let (call, args) = match shape {
            Shape::Model { derived } if i == 0 => {
                let default = match derived {
                    true => "::std::option::Option::Some(Self::ODATA_TYPE)",
                    false => "::std::option::Option::None",
                };
                ("map.odata_type(", vec![value, default.to_string()])
            }
            Shape::Patch => ("map.patch(", vec![string_literal(m.wire), value]),
            _ if m.required => ("map.required(", vec![string_literal(m.wire), value]),
            _ => ("map.optional(", vec![string_literal(m.wire), value]),
        };
        code.list(2, call, &args, ");");
    }
    code.line(2, "map.end(&self.additional_properties)");
    code.line(1, "}");
    code.line(0, "}");
}

/// `Members`: the wire names sorted, a `match` from a wire name to its place there, and a `match`
/// from that place to its field (the last arm is `_`: every index the reader passes is one of the
/// list's).
fn emit_reader(code: &mut Code, name: &str, all: &[&Member<'_>]) {
    let mut sorted: Vec<&Member<'_>> = all.to_vec();
    sorted.sort_by(|a, b| a.wire.cmp(b.wire));
    sorted.dedup_by(|a, b| a.wire == b.wire);
    let wires: Vec<String> = sorted.iter().map(|m| string_literal(m.wire)).collect();
    code.line_fmt(0, format_args!("impl {SUPPORT}::Members for {name} {{"));
    code.list(
        1,
        "const MEMBERS: &'static [&'static str] = &[",
        &wires,
        "];",
    );
    emit_member_index(code, &sorted);
    code.lines(
        1,
        "\
fn read_member<'de, A: ::serde::de::MapAccess<'de>>(
    &mut self,
    index: usize,
    map: &mut A,
) -> ::std::result::Result<(), A::Error> {",
    );
    if sorted.is_empty() {
        code.line(
            2,
            "let _ = (index, map); // No member is documented, so none is read.",
        );
        code.line(2, "::std::result::Result::Ok(())");
    } else if let [only] = sorted.as_slice() {
        code.line(2, "let _ = index; // The only member.");
        let args = ["map".to_string(), format!("&mut self.{}", only.field)];
        code.list(2, &format!("{SUPPORT}::read_into("), &args, ")");
    } else {
        code.line(2, "match index {");
        for (i, m) in sorted.iter().enumerate() {
            let pattern = match i + 1 == sorted.len() {
                true => "_".to_string(),
                false => i.to_string(),
            };
            let args = ["map".to_string(), format!("&mut self.{}", m.field)];
            code.list(
                3,
                &format!("{pattern} => {SUPPORT}::read_into("),
                &args,
                "),",
            );
        }
        code.line(2, "}");
    }
    code.lines(
        1,
        &format!(
            "}}
fn other_members(&mut self) -> &mut {SUPPORT}::UnknownMembers {{
    &mut self.additional_properties
}}"
        ),
    );
    code.line(0, "}");
}

/// `member_index`: each wire name to its place in `MEMBERS`.
fn emit_member_index(code: &mut Code, sorted: &[&Member<'_>]) {
    code.line(
        1,
        "fn member_index(name: &str) -> ::std::option::Option<usize> {",
    );
    if sorted.is_empty() {
        code.line(2, "let _ = name; // No member is documented.");
        code.line(2, "::std::option::Option::None");
    } else {
        code.line(2, "match name {");
        for (i, m) in sorted.iter().enumerate() {
            let index = format!("::std::option::Option::Some({i})");
            code.arm(3, &string_literal(m.wire), &index);
        }
        code.arm(3, "_", "::std::option::Option::None");
        code.line(2, "}");
    }
    code.line(1, "}");
}

/// `impl Deserialize for name` that hands the deserializer to `support::{reader}`; the struct and
/// the polymorphic emitters both write their `Deserialize` this way.
pub(super) fn emit_deserialize_via(code: &mut Code, name: &str, reader: &str) {
    code.lines(
        0,
        &format!(
            "\
impl<'de> ::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {{
        {SUPPORT}::{reader}(deserializer)
    }}
}}"
        ),
    );
}
