//! `inspect`: the IR, as text or JSON, each operation with the Rust name a user types.

use std::io::Write;

use super::{prepare, print_diagnostics, selection_error, summary, Common, Format};
use super::{EXIT_FINDINGS, EXIT_OK};
use crate::diagnostics::{escape_control, Diagnostic};
use crate::generate::Generator;
use crate::ir::Schema;

/// `inspect`: the IR on stdout; the errors, if any, on stderr (exit 1).
pub(super) fn inspect(common: &Common, format: Format) -> u8 {
    let (settings, docs) = match prepare(common, None) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let schema = Generator::new(&docs, &settings).schema();
    if let Some(code) = selection_error(&schema) {
        return code;
    }
    let mut o = std::io::stdout().lock();
    match format {
        Format::Json => {
            let _ = serde_json::to_writer_pretty(&mut o, &InspectJson::new(&schema));
            let _ = writeln!(o);
        }
        Format::Text => {
            let _ = write!(o, "{}", inspect_text(&schema));
            let _ = writeln!(o, "{}", summary(&schema, docs.files.len()));
            let _ = writeln!(o, "{}", servable_line(&schema));
        }
    }
    if crate::diagnostics::has_errors(&schema.diagnostics) {
        print_diagnostics(
            &mut std::io::stderr().lock(),
            &schema.diagnostics,
            &docs,
            &common.docs,
            true,
        );
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `inspect --format json`: the IR, each operation with the Rust path the generated crate gives it.
#[derive(serde::Serialize)]
struct InspectJson<'s> {
    types: &'s [crate::ir::TypeDef],
    enums: &'s [crate::ir::EnumDef],
    operations: Vec<InspectOperation<'s>>,
    diagnostics: &'s [Diagnostic],
    lost: &'s crate::ir::Lost,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct InspectOperation<'s> {
    rust_path: String,
    #[serde(flatten)]
    operation: &'s crate::ir::Operation,
}

impl<'s> InspectJson<'s> {
    fn new(schema: &'s Schema) -> Self {
        let paths = crate::emit::operations::rust_paths(schema);
        InspectJson {
            types: &schema.types,
            enums: &schema.enums,
            operations: schema
                .operations
                .iter()
                .zip(paths)
                .map(|(operation, rust_path)| InspectOperation {
                    rust_path,
                    operation,
                })
                .collect(),
            diagnostics: &schema.diagnostics,
            lost: &schema.lost,
        }
    }
}

/// How many operations `graphdoc serve` can answer with a documented example.
fn servable_line(schema: &Schema) -> String {
    let servable = schema
        .operations
        .iter()
        .filter(|o| o.examples.iter().any(crate::ir::Example::gives_response))
        .count();
    let share = match schema.operations.len() {
        0 => 0.0,
        n => servable as f64 * 100.0 / n as f64,
    };
    format!(
        "servable: {servable} of {} operations ({share:.1}%) have an example response (`graphdoc serve` answers with it)",
        schema.operations.len()
    )
}

fn inspect_text(schema: &Schema) -> String {
    let mut s = String::new();
    for t in &schema.types {
        s.push_str(&format!(
            "type {} {}.{}\n",
            t.version.as_str(),
            t.namespace,
            t.name
        ));
        for p in &t.properties {
            s.push_str(&format!("    {}: {}\n", p.name, p.ty));
        }
    }
    for e in &schema.enums {
        let names: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        s.push_str(&format!(
            "enum {} {}.{} = {}\n",
            e.version.as_str(),
            e.namespace,
            e.name,
            names.join(" | ")
        ));
    }
    let paths = crate::emit::operations::rust_paths(schema);
    for (o, rust) in schema.operations.iter().zip(paths) {
        s.push_str(&format!(
            "op   {} {} {} {} -> {} as {rust}\n",
            o.version.as_str(),
            o.name,
            o.method.as_str(),
            o.path,
            o.success_status
        ));
        for page in std::iter::once(&o.source).chain(&o.also_documented_at) {
            s.push_str(&format!("    documented at {page}\n"));
        }
    }
    // Names and paths come from the docs: shown with control characters escaped.
    s.lines()
        .map(|l| format!("{}\n", escape_control(l)))
        .collect()
}
