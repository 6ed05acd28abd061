//! The benchmark's estate generator (`examples/generate.rs`) writes estates
//! that vpnaudit loads without a single error, in every format, with device
//! configurations linked, and the same bytes for the same seed.

#[allow(dead_code)]
#[path = "../benches/support/estate_gen.rs"]
mod estate_gen;

use std::path::Path;

use assert_cmd::Command;
use estate_gen::{Format, Options, generate};

fn options(format: Format) -> Options {
    let mut o = Options::new(200, format);
    o.configs = 12;
    o.seed = 42;
    o
}

fn validate(dir: &Path) {
    let out = Command::cargo_bin("vpnaudit")
        .expect("the vpnaudit binary")
        .arg("validate")
        .arg(dir)
        .output()
        .expect("vpnaudit runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "validate {}:\n{stderr}",
        dir.display()
    );
    assert!(
        !stderr.contains("error"),
        "validate {} reported: {stderr}",
        dir.display()
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("200 VPN(s)"), "{stdout}");
}

#[test]
fn every_format_loads_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, file) in [
        (Format::Json, "inventory.json"),
        (Format::Yaml, "inventory.yaml"),
        (Format::Csv, "estate.inventory.csv"),
    ] {
        let dir = tmp.path().join(file);
        let summary = generate(&dir, &options(format)).unwrap();
        assert_eq!(summary.inventories, [dir.join(file)]);
        assert_eq!(summary.configs, 12);
        assert!(dir.join("usage-policy.yaml").is_file());
        assert_eq!(std::fs::read_dir(dir.join("configs")).unwrap().count(), 12);
        validate(&dir);
    }
}

#[test]
fn split_inventories_load_together() {
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = options(Format::Json);
    opts.per_file = 80;
    let summary = generate(tmp.path(), &opts).unwrap();
    let names: Vec<String> = summary
        .inventories
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "inventory-001.json",
            "inventory-002.json",
            "inventory-003.json"
        ]
    );
    validate(tmp.path());
}

#[test]
fn same_seed_same_bytes_and_formats_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let read = |dir: &Path, file: &str| std::fs::read(dir.join(file)).unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    generate(&a, &options(Format::Json)).unwrap();
    generate(&b, &options(Format::Json)).unwrap();
    assert_eq!(read(&a, "inventory.json"), read(&b, "inventory.json"));
    assert_eq!(read(&a, "usage-policy.yaml"), read(&b, "usage-policy.yaml"));
    // Without configs the VPNs are the same, less their config links.
    let mut bare = options(Format::Json);
    bare.configs = 0;
    generate(&c, &bare).unwrap();
    let parse = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&read(dir, "inventory.json")).unwrap()
    };
    let (mut linked, unlinked) = (parse(&a), parse(&c));
    let mut links = 0;
    for vpn in linked["vpns"].as_array_mut().unwrap() {
        let vpn = vpn.as_object_mut().unwrap();
        links += usize::from(vpn.remove("config").is_some());
        vpn.remove("config_format");
        vpn.remove("config_tunnel");
    }
    assert_eq!(links, 12);
    assert_eq!(linked, unlinked);
}

#[test]
fn dates_count_from_the_audit_date() {
    assert_eq!(estate_gen::day(0), "2026-11-28");
    assert_eq!(estate_gen::day(3), "2026-12-01");
    assert_eq!(estate_gen::day(-365), "2025-11-28");
    assert_eq!(estate_gen::day(-(365 * 56 + 14 + 331)), "1970-01-01");
}
