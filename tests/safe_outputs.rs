//! Outputs never destroy a file, and inputs never reach outside the audit
//! tree: each case checks the exit code, the message and the file system
//! afterwards (inputs byte-identical, devices still devices, no stray files).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use common::*;

/// A copy of the bundled sample estate (inventory, policy, configs).
fn acme() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("samples/acme"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let t = entry.file_type().unwrap();
            if t.is_dir() {
                stack.push(entry.path());
            } else if t.is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

fn audit_in(dir: &Path, args: &[&str]) -> Output {
    vpnaudit()
        .current_dir(dir)
        .args(["audit", ".", "--as-of", AS_OF])
        .args(args)
        .output()
        .unwrap()
}

/// The binary without a harness, for a standard output of the test's choice.
fn plain() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_vpnaudit"));
    c.env_remove("NO_COLOR").env("COLUMNS", "160");
    c
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the audit with `args` and checks it refuses with `message`,
/// leaving every file of the tree as it was.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let before = snapshot(dir);
    let out = audit_in(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.lines().any(|l| l == format!("error: {message}")),
        "{args:?}: expected \"error: {message}\" in\n{err}"
    );
    assert_eq!(snapshot(dir), before, "{args:?} changed the tree");
}

#[test]
fn an_input_named_as_an_output_is_refused_and_left_intact() {
    let dir = acme();
    let d = dir.path();
    let config = "configs/fra-srx01.set.conf";
    assert!(d.join(config).is_file(), "the sample has {config}");
    refused(
        d,
        &["--csv", "inventory.yaml"],
        "--csv inventory.yaml: is an input of this run; nothing was written",
    );
    refused(
        d,
        &["-o", "usage-policy.yaml"],
        "--output usage-policy.yaml: is an input of this run; nothing was written",
    );
    refused(
        d,
        &["--xlsx", config],
        &format!("--xlsx {config}: is an input of this run; nothing was written"),
    );
    // Through `..`, and with other reports that would have been fine.
    refused(
        d,
        &["--csv", "gaps.csv", "-o", "configs/../inventory.yaml"],
        "--output configs/../inventory.yaml: is an input of this run (inventory.yaml); nothing was written",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_or_hard_link_to_an_input_is_the_input() {
    let dir = acme();
    let d = dir.path();
    std::os::unix::fs::symlink("inventory.yaml", d.join("report.json")).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::hard_link(d.join("usage-policy.yaml"), d.join("out/gaps.csv")).unwrap();
    refused(
        d,
        &["--format", "json", "-o", "report.json"],
        "--output report.json: is an input of this run (inventory.yaml); nothing was written",
    );
    refused(
        d,
        &["--csv", "out/gaps.csv"],
        "--csv out/gaps.csv: is an input of this run (usage-policy.yaml); nothing was written",
    );
    assert!(d.join("report.json").is_symlink());
}

#[test]
fn a_baseline_named_as_an_output_is_refused() {
    let dir = tiny_estate();
    let d = dir.path();
    let out = audit_in(d, &["--format", "json", "-o", "baseline.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    refused(
        d,
        &["--baseline", "baseline.json", "--csv", "baseline.json"],
        "--csv baseline.json: is an input of this run; nothing was written",
    );
}

#[test]
fn an_inventory_this_run_did_not_read_is_not_written_over() {
    // The sample's CSV twin is read only when named; walking skips it.
    let dir = acme();
    refused(
        dir.path(),
        &["--csv", "inventory.csv"],
        "--csv inventory.csv: holds a CSV inventory (its header has an id column), though this run did not read it (remove it first to replace it); nothing was written",
    );
    // A YAML inventory outside the paths audited.
    let other = tiny_estate();
    let outside = other.path().join("inventory.yaml");
    let before = std::fs::read(&outside).unwrap();
    let out = audit_in(dir.path(), &["-o", outside.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("holds a vpnaudit input (it has a vpnaudit kind)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&outside).unwrap(), before);
}

#[test]
fn two_outputs_on_one_file_write_nothing() {
    let dir = tiny_estate();
    let d = dir.path();
    refused(
        d,
        &["-o", "r.out", "--csv", "r.out"],
        "--csv r.out and --output r.out name the same file; nothing was written",
    );
    refused(
        d,
        &["-o", "./s", "--xlsx", "s"],
        "--xlsx s and --output s name the same file; nothing was written",
    );
    // The same when the file exists already.
    std::fs::write(d.join("r.out"), "old report\n").unwrap();
    refused(
        d,
        &["-o", "r.out", "--csv", "./r.out"],
        "--csv r.out and --output r.out name the same file; nothing was written",
    );
}

#[test]
fn an_output_that_cannot_be_created_writes_no_other() {
    let dir = tiny_estate();
    let d = dir.path();
    std::fs::create_dir(d.join("adir")).unwrap();
    refused(
        d,
        &["-o", "adir", "--csv", "gaps.csv"],
        "--output adir: is a directory; nothing was written",
    );
    refused(
        d,
        &["--csv", "gaps.csv", "--xlsx", "missing/book.xlsx"],
        "--xlsx missing/book.xlsx: no such directory missing; nothing was written",
    );
    refused(
        d,
        &["--csv", "inventory.yaml/gaps.csv"],
        "--csv inventory.yaml/gaps.csv: inventory.yaml is not a directory; nothing was written",
    );
}

#[test]
fn reports_of_earlier_runs_in_the_tree_are_replaced() {
    // A report kept beside the inventory is walked but is no input: the
    // next run writes over it as usual.
    let dir = tiny_estate();
    let d = dir.path();
    for _ in 0..2 {
        let out = audit_in(
            d,
            &["--format", "json", "-o", "report.json", "--csv", "gaps.csv"],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["schema"], "vpnaudit-report/1");
    assert!(
        std::fs::read_to_string(d.join("gaps.csv"))
            .unwrap()
            .starts_with("finding_id,")
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_stays_a_symlink() {
    let dir = tiny_estate();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).unwrap();
    std::fs::write(d.join("reports/latest.csv"), "finding_id,old\n").unwrap();
    std::os::unix::fs::symlink("reports/latest.csv", d.join("gaps.csv")).unwrap();
    let out = audit_in(d, &["--csv", "gaps.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(d.join("gaps.csv").is_symlink());
    let written = std::fs::read_to_string(d.join("reports/latest.csv")).unwrap();
    assert!(written.starts_with("finding_id,status,"), "{written}");
}

#[cfg(unix)]
fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(p).unwrap().file_type().is_char_device()
}

#[cfg(unix)]
#[test]
fn a_device_is_written_in_place_never_replaced() {
    let dir = tiny_estate();
    let d = dir.path();
    let out = audit_in(d, &["-o", "/dev/null", "--csv", "gaps.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(is_char_device(Path::new("/dev/null")));
    assert!(d.join("gaps.csv").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_exit_2_and_no_other_report_replaced() {
    let dir = tiny_estate();
    let d = dir.path();
    std::fs::write(d.join("gaps.csv"), "finding_id,previous run\n").unwrap();
    refused(
        d,
        &["--format", "json", "-o", "/dev/full", "--csv", "gaps.csv"],
        "cannot write /dev/full: no space left on the device",
    );
    assert!(is_char_device(Path::new("/dev/full")));
}

/// Standard output on a full device: every command says so and exits 2.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_is_exit_2() {
    let dir = tiny_estate();
    let d = dir.path().to_str().unwrap().to_string();
    let a = "--as-of";
    let cases: Vec<Vec<&str>> = vec![
        vec!["audit", &d, a, AS_OF],
        vec!["audit", &d, a, AS_OF, "--format", "json"],
        vec!["audit", &d, a, AS_OF, "--format", "sarif"],
        vec!["validate", &d, a, AS_OF],
        vec!["rules"],
        vec!["rules", "--format", "json"],
        vec!["explain", "CN-LOG-01"],
        vec!["schema", "inventory"],
        vec!["completions", "bash"],
    ];
    for args in &cases {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = plain()
            .args(args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(
                "error: writing the report to standard output: no space left on the device"
            ),
            "{args:?}: {err}"
        );
    }
    // diff and facts too.
    let report = dir.path().join("r.json");
    let out = audit_in(dir.path(), &["--format", "json", "-o", "r.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let config = std::fs::canonicalize("samples/acme/configs/fra-srx01.set.conf").unwrap();
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["diff".as_ref(), report.as_os_str(), report.as_os_str()],
        vec!["facts".as_ref(), config.as_os_str()],
    ];
    for args in &cases {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = plain()
            .args(args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn standard_output_appended_to_an_input_is_refused() {
    let dir = tiny_estate();
    let d = dir.path();
    let before = snapshot(d);
    let inventory = std::fs::OpenOptions::new()
        .append(true)
        .open(d.join("inventory.yaml"))
        .unwrap();
    let out = plain()
        .current_dir(d)
        .args(["audit", ".", "--as-of", AS_OF])
        .stdout(Stdio::from(inventory))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "error: standard output is inventory.yaml, an input of this run; nothing was written"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(d), before);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_output_is_written_in_place_for_its_reader() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tiny_estate();
    let d = dir.path();
    let fifo = d.join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let out = audit_in(d, &["--format", "json", "-o", "pipe"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = reader.join().unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["schema"], "vpnaudit-report/1");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_fifo_where_an_input_is_expected_is_an_error_not_a_hang() {
    let dir = acme();
    let d = dir.path();
    // As the inventory itself.
    mkfifo(&d.join("fifo.yaml"));
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "fifo.yaml"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "fifo.yaml:1:1: error: is a FIFO (named pipe), not a regular file; inputs are read from files"
        ),
        "{}",
        stderr(&out)
    );
    // As a linked device config: that VPN's evidence is an error finding.
    std::fs::remove_file(d.join("fifo.yaml")).unwrap();
    mkfifo(&d.join("configs/fifo.conf"));
    let inventory = std::fs::read_to_string(d.join("inventory.yaml")).unwrap();
    let first = inventory
        .lines()
        .find(|l| l.trim_start().starts_with("config: "))
        .expect("the sample links configs")
        .to_string();
    let linked = inventory.replacen(&first, "    config: configs/fifo.conf", 1);
    std::fs::write(d.join("inventory.yaml"), linked).unwrap();
    let out = vpnaudit()
        .current_dir(d)
        .args(["audit", ".", "--as-of", AS_OF, "--format", "csv"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.lines().any(|l| l.contains(",error,")
            && l.contains("BL-EVD-02")
            && l.contains("configs/fifo.conf: is a FIFO (named pipe), not a regular file")),
        "{csv}"
    );
}

/// Writes a policy that lists `pack` after the built-in packs.
fn list_pack(dir: &Path, pack: &str) {
    let policy = std::fs::read_to_string(dir.join("usage-policy.yaml")).unwrap();
    let line = policy
        .lines()
        .find(|l| l.starts_with("packs:"))
        .expect("the policy lists packs")
        .to_string();
    let listed = format!("packs: [cn-vpn, vpn-baseline, \"{pack}\"]");
    std::fs::write(
        dir.join("usage-policy.yaml"),
        policy.replacen(&line, &listed, 1),
    )
    .unwrap();
}

const SECRET: &str = "root:$6$SECRET-HASH-7f3a:19000:0:99999:7:::";

#[test]
fn a_pack_outside_the_tree_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let shadow = outside.path().join("shadow");
    std::fs::write(&shadow, format!("{SECRET}\n")).unwrap();
    let pack = outside.path().join("pack.yaml");
    std::fs::write(
        &pack,
        std::fs::read_to_string("tests/packs/acme/packs/acme-extra.yaml").unwrap(),
    )
    .unwrap();
    let dir = acme();
    let d = dir.path();
    for listed in [shadow.to_str().unwrap(), pack.to_str().unwrap()] {
        list_pack(d, listed);
        let out = vpnaudit()
            .current_dir(d)
            .args(["validate", "."])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "usage-policy.yaml:29:31: error: pack file {listed} resolves outside the audit tree; not read (pass --allow-external-packs to allow it)"
            )),
            "{err}"
        );
        assert!(!err.contains("SECRET-HASH"), "{err}");
    }
    // `../` out of the tree, the same.
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::rename(d.join("usage-policy.yaml"), d.join("sub/usage-policy.yaml")).unwrap();
    std::fs::write(d.join("outside.yaml"), "kind: obligations\n").unwrap();
    list_pack(&d.join("sub"), "../outside.yaml");
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "sub"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
            stderr(&out).contains(
                "sub/usage-policy.yaml:29:31: error: pack file sub/../outside.yaml resolves outside the audit tree; not read (pass --allow-external-packs to allow it)"
            ),
            "{}",
            stderr(&out)
        );
}

#[test]
fn a_file_that_is_no_pack_is_refused_without_quoting_it() {
    let outside = tempfile::tempdir().unwrap();
    let shadow = outside.path().join("shadow");
    std::fs::write(&shadow, format!("{SECRET}\nbin:*:19000:0:99999:7:::\n")).unwrap();
    let dir = acme();
    let d = dir.path();
    list_pack(d, shadow.to_str().unwrap());
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", ".", "--allow-external-packs"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "error: {} is not an obligation pack (no kind: obligations near its top); its content is not shown",
            shadow.display()
        )),
        "{err}"
    );
    assert!(!err.contains("SECRET-HASH"), "{err}");
    assert!(!err.contains("bin:*"), "{err}");
}

#[test]
fn a_custom_pack_cannot_pass_for_a_built_in_one() {
    let extra = std::fs::read_to_string("tests/packs/acme/packs/acme-extra.yaml").unwrap();
    let id_line = extra
        .lines()
        .find(|l| l.starts_with("id: "))
        .unwrap()
        .to_string();
    let dir = acme();
    let d = dir.path();
    std::fs::create_dir(d.join("packs")).unwrap();
    // Its own id set to a built-in pack's.
    std::fs::write(
        d.join("packs/fake.yaml"),
        extra.replacen(&id_line, "id: cn-vpn", 1),
    )
    .unwrap();
    list_pack(d, "packs/fake.yaml");
    let out = vpnaudit()
        .current_dir(d)
        .args(["audit", ".", "--format", "json"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "packs/fake.yaml:4:5: error: pack id \"cn-vpn\" is a built-in pack's; a custom pack needs an id of its own"
        ),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // A rule taking a built-in rule's id.
    let rule_id = extra
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("- id: "))
        .unwrap()
        .to_string();
    std::fs::write(
        d.join("packs/fake.yaml"),
        extra.replacen(&format!("- id: {rule_id}"), "- id: CN-LOG-01", 1),
    )
    .unwrap();
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "."])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "error: rule id \"CN-LOG-01\" belongs to the built-in pack cn-vpn; a custom rule needs an id of its own"
        ),
        "{err}"
    );
    // A file named like a built-in pack's source is still a file.
    #[cfg(unix)]
    {
        std::fs::write(
            d.join("builtin:cn-vpn"),
            extra.replacen(&id_line, "id: cn-vpn", 1),
        )
        .unwrap();
        list_pack(d, "builtin:cn-vpn");
        let out = vpnaudit()
            .current_dir(d)
            .args(["validate", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out)
                .contains("builtin:cn-vpn:4:5: error: pack id \"cn-vpn\" is a built-in pack's"),
            "{}",
            stderr(&out)
        );
    }
    // Also when the pack is named on the command line.
    std::fs::write(
        d.join("packs/fake.yaml"),
        extra.replacen(&id_line, "id: vpn-baseline", 1),
    )
    .unwrap();
    let out = vpnaudit()
        .args(["rules", "--pack"])
        .arg(d.join("packs/fake.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("pack id \"vpn-baseline\" is a built-in pack's"),
        "{}",
        stderr(&out)
    );
}

/// A small file system of its own, unmounted when dropped.
#[cfg(target_os = "linux")]
struct SmallFs {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl SmallFs {
    /// Mounts a 64 KiB tmpfs, where the machine lets this user (root) mount.
    fn mount() -> Option<SmallFs> {
        let dir = tempfile::tempdir().ok()?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(SmallFs { dir })
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_2_and_the_old_report_kept() {
    let Some(fs) = SmallFs::mount() else {
        eprintln!("skipped: mounting a small tmpfs needs root; the full-disk case is not run");
        return;
    };
    let out_dir = fs.dir.path();
    std::fs::write(out_dir.join("gaps.csv"), "finding_id,previous run\n").unwrap();
    // Leave room for less than the report.
    let free = vec![b'x'; 60 * 1024];
    let _ = std::fs::write(out_dir.join("filler"), &free);
    let before = snapshot(out_dir);
    let dir = tiny_estate();
    let csv = out_dir.join("gaps.csv");
    let out = audit_in(
        dir.path(),
        &["--show-passed", "--csv", csv.to_str().unwrap()],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "error: cannot write {}: no space left on the device",
            csv.display()
        )),
        "{err}"
    );
    assert_eq!(snapshot(out_dir), before, "no temporary file is left");
}

#[test]
fn a_diff_written_over_one_of_its_reports_is_refused() {
    let dir = tiny_estate();
    let d = dir.path();
    let out = audit_in(d, &["--format", "json", "-o", "old.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let before = snapshot(d);
    let out = vpnaudit()
        .current_dir(d)
        .args(["diff", "old.json", "old.json", "-o", "./old.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("error: --output old.json: is an input of this run; nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(d), before);
}

/// A `config:` path written on Windows resolves with `\` as separators,
/// and stays confined to the audit tree.
#[test]
fn a_windows_config_path_resolves_and_stays_confined() {
    let dir = acme();
    let d = dir.path();
    let inventory = std::fs::read_to_string(d.join("inventory.yaml")).unwrap();
    let first = inventory
        .lines()
        .find(|l| l.trim_start().starts_with("config: configs/"))
        .expect("the sample links configs")
        .to_string();
    let windows = first
        .replace("config: configs/", "config: 'configs\\")
        .replace(".conf", ".conf'");
    let windows = if windows.ends_with('\'') {
        windows
    } else {
        format!("{windows}'")
    };
    std::fs::write(
        d.join("inventory.yaml"),
        inventory.replacen(&first, &windows, 1),
    )
    .unwrap();
    let out = audit_in(d, &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(!csv.contains("no such file"), "{windows}: {csv}");
    assert!(csv.contains("configs/sh-hq-gw1.swanctl.conf"), "{csv}");
    // `..\` out of the tree is refused like `../`.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("gw.conf"),
        "conn a\n  right=192.0.2.1\n",
    )
    .unwrap();
    let name = outside
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let escape = format!("    config: '..\\{name}\\gw.conf'");
    let text = std::fs::read_to_string(d.join("inventory.yaml")).unwrap();
    std::fs::write(
        d.join("inventory.yaml"),
        text.replacen(&windows, &escape, 1),
    )
    .unwrap();
    let inner = tempfile::tempdir_in(outside.path().parent().unwrap()).unwrap();
    copy_dir(d, inner.path());
    let out = audit_in(inner.path(), &["--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.lines()
            .any(|l| l.contains("BL-EVD-02") && l.contains("resolves outside the audit tree")),
        "{csv}"
    );
}

/// An inventory excluded by ignore rules is named, not dropped silently.
#[test]
fn an_ignored_inventory_is_named_in_a_note() {
    let dir = tiny_estate();
    let d = dir.path();
    std::fs::create_dir(d.join("private")).unwrap();
    std::fs::write(
        d.join("private/more.yaml"),
        "kind: inventory\nversion: 1\nvpns: []\n",
    )
    .unwrap();
    std::fs::write(d.join("private/notes.yaml"), "title: not ours\n").unwrap();
    std::fs::write(d.join(".ignore"), "private/\n").unwrap();
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "."])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: not read: 1 vpnaudit input(s) excluded by ignore rules (.gitignore, .ignore, hidden files): private/more.yaml; name a file to read it"),
        "{err}"
    );
    assert!(!err.contains("notes.yaml"), "{err}");
}
