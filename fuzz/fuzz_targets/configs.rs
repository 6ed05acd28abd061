//! Every device-configuration reader on the same bytes: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        vpnaudit::fuzzing::read_configs(text);
    }
});
