//! JSON documents through the loader and every model reader: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        vpnaudit::fuzzing::read_document(text, true);
    }
});
