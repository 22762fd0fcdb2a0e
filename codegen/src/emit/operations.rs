//! Endpoint stubs.

use proc_macro2::TokenStream;

use super::Context;
use crate::ir::*;

pub fn emit_operations(
    _ctx: &Context<'_>,
    _version: ApiVersion,
    _ops: &[&Operation],
) -> Vec<TokenStream> {
    Vec::new()
}
