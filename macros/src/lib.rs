//! `graph_models!`: the graphdoc generator as a proc-macro.
//!
//! ```ignore
//! graphdoc_macros::graph_models!("docs");
//! graphdoc_macros::graph_models!(
//!     "../docs",
//!     version = "beta",
//!     roots = ["remoteActionAudit"],
//!     derive = ["Eq"],
//!     doc_comments = false,
//! );
//! ```
//!
//! The path is relative to the crate's `CARGO_MANIFEST_DIR`. The options are the ones
//! [`graphdoc_codegen::Settings::apply_option`] documents (`version`, the API version the CLI
//! calls `--api-version`; `roots`, `derive`, `doc_comments`, `replace`, `conversions`, `clients`), the same as the `build.rs`
//! [`graphdoc_codegen::Builder`]'s `.option(..)` keys, and the expansion is the same items the
//! `Builder` writes. The crate using the macro needs `serde` (with `derive`),
//! `serde_json` and `http` as dependencies.
//!
//! The expansion is cached under the target folder (`target/graphdoc-macro-cache`), keyed by the
//! content of every docs file and the config, the options and graphdoc's own version and sources,
//! so a re-check with unchanged docs does not parse the docs again; see
//! graphdoc-codegen's `macro_cache` module. `GRAPHDOC_MACRO_CACHE=off` turns it off.
//!
//! The pages the items were made from (their provenance in the IR, after the roots' selection), the
//! include files and the config are tracked with `include_bytes!` (in a function never called), so
//! editing one of them recompiles the crate
//! (graphdoc-codegen's `macro_expand::contributing_files`). Other pages are not tracked, so a re-check
//! does not have rustc read the whole docs tree: an edit to an unrelated page that starts
//! mentioning an expanded type, and a page added to the folder (which rustc cannot notice on
//! stable Rust), are seen after touching a tracked page or the file holding the macro call.
//!
//! Errors (a missing folder, an unknown option, a docs error such as an unknown root or a page that
//! is not UTF-8) become `compile_error!` at the argument, naming the docs file and line.
//!
//! The severities and suppressions of `graphdoc.toml` (beside the docs folder, else beside the
//! crate's `Cargo.toml`) apply as for the CLI; the config is tracked like the pages.
//!
//! Tests may set `GRAPHDOC_MANIFEST_DIR` to resolve the path against another folder than
//! `CARGO_MANIFEST_DIR` (trybuild compiles test cases in a scratch crate).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{quote, ToTokens};
use std::path::PathBuf;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitBool, LitStr, Token};

use graphdoc_codegen::internals::macro_cache::Cache;
use graphdoc_codegen::internals::macro_expand;
use graphdoc_codegen::{Code, OptionValue, Settings, Severity};

/// A value: `"str"`, `["a", "b"]` or `true`/`false`.
struct Value {
    value: OptionValue,
    tokens: TokenStream2,
}

impl Parse for Value {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let s: LitStr = input.parse()?;
            Ok(Value {
                value: OptionValue::Str(s.value()),
                tokens: s.to_token_stream(),
            })
        } else if input.peek(LitBool) {
            let b: LitBool = input.parse()?;
            Ok(Value {
                value: OptionValue::Bool(b.value),
                tokens: b.to_token_stream(),
            })
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items: Punctuated<LitStr, Token![,]> =
                content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
            let mut tokens = TokenStream2::new();
            bracket.surround(&mut tokens, |t| items.to_tokens(t));
            Ok(Value {
                value: OptionValue::List(items.iter().map(LitStr::value).collect()),
                tokens,
            })
        } else {
            Err(input.error(
                "expected a string (\"beta\"), a list of strings ([\"Eq\"]) or a bool (true)",
            ))
        }
    }
}

/// `key = value`.
struct Opt {
    key: Ident,
    value: Value,
}

impl Parse for Opt {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        input.parse::<Token![=]>()?;
        let value: Value = input.parse()?;
        Ok(Opt { key, value })
    }
}

/// `"docs" (, key = value)* ,?`
struct Args {
    path: LitStr,
    options: Vec<Opt>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(input.error(
                "expected the docs folder: graph_models!(\"docs\") (relative to CARGO_MANIFEST_DIR)",
            ));
        }
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the docs folder as a string literal: graph_models!(\"docs\")",
            )
        })?;
        let mut options = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            options.push(input.parse()?);
        }
        Ok(Args { path, options })
    }
}

fn manifest_dir() -> Option<PathBuf> {
    std::env::var_os("GRAPHDOC_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
}

/// The expansion cache under the target folder this build writes to (see
/// graphdoc-codegen's `macro_cache::Cache::locate`); `GRAPHDOC_MACRO_CACHE=off` turns it off.
fn cache(crate_dir: Option<&std::path::Path>) -> Option<Cache> {
    if std::env::var_os("GRAPHDOC_MACRO_CACHE").is_some_and(|v| v == "off") {
        return None;
    }
    let args: Vec<String> = std::env::args().collect();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from);
    Cache::locate(&args, target_dir.as_deref(), crate_dir)
}

/// What generates the code: graphdoc's version and a hash of its sources (from `build.rs`), and the
/// file name Cargo gave this proc-macro library, which changes with the versions of its
/// dependencies, its features, the profile and the compiler (none when run outside rustc).
fn generator() -> String {
    let library = std::env::args()
        .filter_map(|a| a.split_once('=').map(|(_, path)| path.to_string()))
        .filter_map(|path| {
            let name = std::path::Path::new(&path)
                .file_name()?
                .to_str()?
                .to_string();
            name.contains("graphdoc_macros-").then_some(name)
        })
        .next()
        .unwrap_or_default();
    format!("{} {library}", env!("GRAPHDOC_GENERATOR"))
}

fn expand(args: Args) -> syn::Result<TokenStream2> {
    let mut settings = Settings::default();
    for opt in &args.options {
        let key = opt.key.to_string();
        let key = key.trim_start_matches("r#");
        settings
            .apply_option(key, opt.value.value.clone())
            .map_err(|e| {
                let key = &opt.key;
                let value = &opt.value.tokens;
                syn::Error::new_spanned(quote!(#key = #value), format!("graph_models!: {e}"))
            })?;
    }

    let written = args.path.value();
    let docs_dir = match manifest_dir() {
        Some(dir) => dir.join(&written),
        None => PathBuf::from(&written),
    };
    if !docs_dir.is_dir() {
        let what = if docs_dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(syn::Error::new(
            args.path.span(),
            format!(
                "graph_models!: the docs folder `{written}` {what} (the path is relative to \
                 CARGO_MANIFEST_DIR, the folder holding Cargo.toml)"
            ),
        ));
    }

    let crate_dir = manifest_dir();
    let expansion = match cache(crate_dir.as_deref()) {
        Some(cache) => {
            macro_expand::expand_cached(
                &docs_dir,
                &written,
                &settings,
                crate_dir.as_deref(),
                &cache,
                &generator(),
            )
            .0
        }
        None => macro_expand::expand_in(&docs_dir, &written, &settings, crate_dir.as_deref()),
    };
    if let Some(errors) = expansion.errors {
        let message = format!("graph_models!: the docs cannot be generated:\n{errors}");
        // Unknown roots only: point at the `roots` option rather than the path.
        let only_roots = expansion
            .schema
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .all(|d| d.code == Code::RootUnknown);
        let roots = args
            .options
            .iter()
            .find(|o| matches!(o.key.to_string().as_str(), "roots" | "root"));
        return Err(match roots {
            Some(opt) if only_roots => {
                let key = &opt.key;
                let value = &opt.value.tokens;
                syn::Error::new_spanned(quote!(#key = #value), message)
            }
            _ => syn::Error::new(args.path.span(), message),
        });
    }

    let tracked = expansion.tracked.iter().filter_map(|f| {
        let abs = if f.is_absolute() {
            f.clone()
        } else {
            std::env::current_dir().ok()?.join(f)
        };
        let lit = LitStr::new(abs.to_str()?, Span::call_site());
        Some(quote!(let _ = include_bytes!(#lit);))
    });
    let tokens = expansion.tokens;
    // The files are tracked from the body of a function that is never called: rustc reads them
    // all the same (that is what tracks them), but a `const` of each would also evaluate its bytes
    // and store them in the crate's metadata, about twice the time on the whole corpus.
    Ok(quote! {
        const _: () = {
            #[allow(dead_code)]
            fn graphdoc_tracked_files() {
                #(#tracked)*
            }
        };
        #tokens
    })
}

/// Expands to the typed models and endpoint stubs of a Microsoft Graph docs folder: a `support`
/// module and one module per version (`beta`, `v1_0`) holding one module per namespace and an
/// `operations` module. See the crate docs for the options.
#[proc_macro]
pub fn graph_models(input: TokenStream) -> TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error().into(),
    };
    match expand(args) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}
