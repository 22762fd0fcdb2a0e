//! Any text through the lenient JSON reader. Nothing may panic, deviations point inside the text,
//! and what the reader accepts is written back as strict JSON that serde_json reads.
#![no_main]

use graphdoc_codegen::internals::markdown::json::{self, Json};
use libfuzzer_sys::fuzz_target;

fn depth(value: &Json) -> usize {
    match value {
        Json::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Json::Object(members) => 1 + members.iter().map(|m| depth(&m.value)).max().unwrap_or(0),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    match json::parse(text) {
        Ok((value, deviations)) => {
            for d in &deviations {
                assert!(d.line < lines, "deviation at line {} of {lines}", d.line);
            }
            let strict = value.to_json_string();
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&strict) {
                panic!(
                    "written back as invalid JSON ({e}, depth {}): {strict}",
                    depth(&value)
                );
            }
        }
        Err(d) => assert!(d.line < lines, "error at line {} of {lines}", d.line),
    }
});
