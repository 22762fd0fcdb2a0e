//! Type replacements: the user's own type stands in for a docs type, and the docs type is not generated.

use graphdoc_codegen::{Docs, Settings};

fn seed_docs() -> Docs {
    Docs::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"))
}

#[test]
fn replaced_types_are_used_and_not_generated() {
    let mut settings = Settings::default();
    settings
        .apply_option(
            "replace",
            vec![
                "Edm.DateTimeOffset=my_time::Instant",
                "microsoft.graph.remoteAction=crate::MyAction",
            ]
            .into(),
        )
        .unwrap();
    settings
        .apply_option("roots", "remoteActionAudit".into())
        .unwrap();
    let out = graphdoc_codegen::Generator::new(&seed_docs(), &settings).single_file();
    assert!(!out.has_errors());
    let code = out.files.values().next().unwrap();
    assert!(
        code.contains("pub request_date_time: ::std::option::Option<my_time::Instant>"),
        "{code}"
    );
    assert!(
        code.contains("pub action: ::std::option::Option<crate::MyAction>"),
        "{code}"
    );
    assert!(
        !code.contains("pub enum RemoteAction "),
        "the replaced enum must not be generated"
    );
    assert!(code.contains("pub enum ActionState "), "other enums stay");
}

#[test]
fn a_malformed_replacement_is_an_error_naming_it() {
    let mut settings = Settings::default();
    let err = settings
        .apply_option("replace", "Edm.Guid".into())
        .unwrap_err();
    assert!(
        err.contains("`Edm.Guid` is not `docs.type=rust::Path`"),
        "{err}"
    );
    let err = settings
        .apply_option("replace", "Edm.Guid=not a path!".into())
        .unwrap_err();
    assert!(err.contains("not `docs.type=rust::Path`"), "{err}");
}
