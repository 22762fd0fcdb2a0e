//! `generate` and `check`: the crate written to `--out`, or compared with it.

use std::io::Write;
use std::path::Path;

use super::{
    prepare, selection_error, Common, Reporting, EXIT_FINDINGS, EXIT_IO, EXIT_OK, EXIT_USAGE,
};
use crate::docs::Docs;
use crate::generate::{Generated, Generator};
use crate::output::{check_location, check_output, write_output, OutputError};

/// What `generate --out` is asked to write.
pub(super) struct Target<'a> {
    pub(super) out: &'a Path,
    pub(super) crate_name: &'a str,
    /// Replace files of the user's in the way.
    pub(super) force: bool,
    /// Take the docs' names over the names file's.
    pub(super) rename: bool,
}

/// `generate`: the crate, written when the docs have no errors and give something to generate.
pub(super) fn generate(common: &Common, target: &Target, reporting: Reporting) -> u8 {
    let out = target.out;
    let (generated, docs) = match crate_for(common, out, target.crate_name, target.rename) {
        Ok(done) => done,
        Err(code) => return code,
    };
    // A folder graphdoc may not write is a mistake in the command: said alone.
    if !generated.has_errors() && !generated.files.is_empty() {
        if let Some(refused) = crate::output::refused(out, &generated, target.force) {
            eprintln!("error: {refused}");
            return EXIT_USAGE;
        }
    }
    report_run(common, &generated, &docs, reporting);
    if generated.has_errors() || generated.files.is_empty() {
        eprintln!(
            "error: not generating: the docs have errors (see above); {} was left as it was",
            out.display()
        );
        return EXIT_FINDINGS;
    }
    if generated.is_empty() {
        eprintln!("error: not generating: the docs as selected give no types, enums or operations; {} was left as it was", out.display());
        return EXIT_FINDINGS;
    }
    let code = write(out, &generated, target.force);
    super::exit_without_freeing((generated, docs));
    code
}

/// The crate `generate` and `check` compare or write for `out`: the location checked, the docs
/// read and generated, and unknown roots said alone; the exit code when any of that stops it.
fn crate_for(
    common: &Common,
    out: &Path,
    crate_name: &str,
    rename: bool,
) -> Result<(Generated, Docs), u8> {
    if let Err(e) = check_location(out, &common.docs) {
        eprintln!("error: {e}");
        return Err(EXIT_USAGE);
    }
    let (mut settings, docs) = prepare(common, Some(out))?;
    settings.names.rename = rename;
    let generated = Generator::new(&docs, &settings).crate_files(crate_name);
    match selection_error(&generated.schema) {
        Some(code) => Err(code),
        None => Ok((generated, docs)),
    }
}

/// The run report (counts, findings by code) on stderr.
fn report_run(common: &Common, generated: &Generated, docs: &Docs, reporting: Reporting) {
    crate::report::human::write_run(
        &mut std::io::stderr().lock(),
        &generated.schema,
        docs,
        &common.docs,
        reporting.verbosity(),
    );
}

/// Writes the crate, saying what changed.
fn write(out: &Path, generated: &Generated, force: bool) -> u8 {
    match write_output(out, generated, force) {
        Ok(report) => {
            eprintln!(
                "graphdoc: wrote {} ({} changed, {} unchanged, {} stale removed)",
                out.display(),
                report.changed,
                report.unchanged,
                report.removed
            );
            EXIT_OK
        }
        Err(OutputError::Refused(e)) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
        Err(OutputError::Io(e)) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            EXIT_IO
        }
    }
}

/// `check`: exit 0 when `out` is what `generate` would write, else 1 with a diff.
pub(super) fn check(common: &Common, out: &Path, crate_name: &str, reporting: Reporting) -> u8 {
    let (generated, docs) = match crate_for(common, out, crate_name, false) {
        Ok(done) => done,
        Err(code) => return code,
    };
    report_run(common, &generated, &docs, reporting);
    if generated.has_errors() {
        eprintln!("error: the docs have errors (see above)");
        return EXIT_FINDINGS;
    }
    if generated.is_empty() {
        eprintln!("error: the docs as selected give no types, enums or operations");
        return EXIT_FINDINGS;
    }
    if !out.is_dir() {
        eprintln!(
            "error: --out {} does not exist: there is no crate to check; run `graphdoc generate --docs {} --out {}` first",
            out.display(),
            common.docs.display(),
            out.display()
        );
        return EXIT_FINDINGS;
    }
    let code = compare(common, out, &generated);
    super::exit_without_freeing((generated, docs));
    code
}

/// The drift between `out` and the crate, printed when there is some.
fn compare(common: &Common, out: &Path, generated: &Generated) -> u8 {
    let drift = check_output(out, generated);
    if drift.is_empty() {
        eprintln!(
            "graphdoc: {} is up to date with {}",
            out.display(),
            common.docs.display()
        );
        return EXIT_OK;
    }
    let mut o = std::io::stdout().lock();
    let _ = write!(o, "{drift}");
    let _ = writeln!(
        o,
        "error: {} is out of date with {}: run `graphdoc generate --docs {} --out {}` and commit the result",
        out.display(),
        common.docs.display(),
        common.docs.display(),
        out.display()
    );
    EXIT_FINDINGS
}
