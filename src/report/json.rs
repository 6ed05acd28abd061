//! The JSON report (SPEC §6): `vpnaudit-report/1`.

use serde::Serialize;
use std::fmt::Write as _;

use crate::model::finding::{Change, Finding};
use crate::model::report::Report;
use crate::report::{Context, prose, write_in_chunks};

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    tool: Tool,
    as_of: String,
    inputs: Vec<InputOut<'a>>,
    packs: Vec<PackOut<'a>>,
    summary: Summary<'a>,
    /// Always empty here: [`write`] renders the findings itself, in
    /// parallel, into the place this leaves.
    findings: [(); 0],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct InputOut<'a> {
    path: &'a str,
    kind: &'static str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct PackOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    rules: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    policy: String,
    vpns: usize,
    rules: usize,
    fail: usize,
    error: usize,
    waived: usize,
    passed: usize,
    gaps_by_severity: serde_json::Map<String, serde_json::Value>,
    fail_on: &'a str,
    verdict: &'static str,
    disabled_rules: Vec<Disabled<'a>>,
    waivers: Vec<WaiverOut<'a>>,
    /// With `--baseline`: the earlier report, and how many findings are new.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineOut<'a>>,
}

#[derive(Serialize)]
struct BaselineOut<'a> {
    path: &'a str,
    as_of: &'a str,
    new: usize,
    existing: usize,
}

#[derive(Serialize)]
struct Disabled<'a> {
    rule: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct WaiverOut<'a> {
    rule: &'a str,
    vpn: Option<&'a str>,
    approved_by: &'a str,
    ticket: &'a str,
    approved: Option<String>,
    expires: String,
    reason: &'a str,
    state: &'static str,
    expiring_soon: bool,
    stale: bool,
    source: Source<'a>,
}

#[derive(Serialize)]
struct Source<'a> {
    path: &'a str,
    line: u32,
}

/// Streams the JSON report to `out`.
pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let include = |f: &Finding| cx.includes(f);
    let fail_on = cx.fail_on;
    let mut by_sev = serde_json::Map::new();
    for (s, n) in report.gaps_by_severity() {
        by_sev.insert(s.to_string(), n.into());
    }
    let fail_on_s = fail_on.map_or("never", |s| s.as_str());
    let doc = Doc {
        schema: "vpnaudit-report/1",
        tool: Tool {
            name: "vpnaudit",
            version: env!("CARGO_PKG_VERSION"),
        },
        as_of: report.as_of.to_string(),
        inputs: report
            .inputs
            .iter()
            .map(|i| InputOut {
                path: &i.path,
                kind: i.kind.as_str(),
                sha256: &i.sha256,
            })
            .collect(),
        packs: report
            .packs
            .iter()
            .map(|p| PackOut {
                id: &p.id,
                title: &p.title,
                source: &p.path,
                rules: p.rules,
            })
            .collect(),
        summary: Summary {
            policy: if report.builtin_policy {
                "built-in default policy".to_string()
            } else {
                report.policy_name.clone().unwrap_or_default()
            },
            vpns: report.vpn_count,
            rules: report.rules.iter().filter(|r| r.disabled.is_none()).count(),
            fail: report.count(crate::model::finding::Status::Fail),
            error: report.count(crate::model::finding::Status::Error),
            waived: report.count(crate::model::finding::Status::Waived),
            passed: report.count(crate::model::finding::Status::Pass),
            gaps_by_severity: by_sev,
            fail_on: fail_on_s,
            verdict: if report.fails(fail_on) {
                "fail"
            } else {
                "pass"
            },
            disabled_rules: report
                .disabled_rules()
                .map(|(rule, reason)| Disabled { rule, reason })
                .collect(),
            waivers: report
                .waivers
                .iter()
                .map(|w| WaiverOut {
                    rule: &w.waiver.rule.value,
                    vpn: w.waiver.vpn.as_ref().map(|v| v.value.as_str()),
                    approved_by: &w.waiver.approved_by,
                    ticket: &w.waiver.ticket,
                    approved: w.waiver.approved.map(|d| d.to_string()),
                    expires: w.waiver.expires.to_string(),
                    reason: &w.waiver.reason,
                    state: if w.expired { "expired" } else { "active" },
                    expiring_soon: w.expiring_soon,
                    stale: w.stale,
                    source: Source {
                        path: &w.source.path,
                        line: w.source.line,
                    },
                })
                .collect(),
            baseline: report.baseline.as_ref().map(|b| {
                let count = |c: Change| {
                    report
                        .findings
                        .iter()
                        .filter(|f| include(f) && f.change == Some(c))
                        .count()
                };
                BaselineOut {
                    path: &b.path,
                    as_of: &b.as_of,
                    new: count(Change::New),
                    existing: count(Change::Existing),
                }
            }),
        },
        findings: [],
    };
    let head =
        crate::text::json_safe(serde_json::to_string_pretty(&doc).map_err(std::io::Error::from)?);
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| include(f)).collect();
    if rows.is_empty() {
        out.write_all(head.as_bytes())?;
        return out.write_all(b"\n");
    }
    // serde_json ends the document with the empty findings array.
    let Some(head) = head.strip_suffix("[]\n}") else {
        return Err(std::io::Error::other(
            "the JSON report's head is not laid out as expected",
        ));
    };
    out.write_all(head.as_bytes())?;
    out.write_all(b"[\n")?;
    write_in_chunks(&rows, out, |first, chunk, text: &mut String| {
        let mut scratch = String::new();
        for (i, f) in chunk.iter().enumerate() {
            if first + i > 0 {
                text.push_str(",\n");
            }
            finding(text, &mut scratch, f);
        }
        Ok(())
    })?;
    out.write_all(b"\n  ]\n}\n")
}

/// Appends one finding, laid out as serde_json's pretty printer lays it out
/// at the depth of the `findings` array.
/// `scratch` is a buffer for the texts rendered on the way.
fn finding(out: &mut String, scratch: &mut String, f: &Finding) {
    out.push_str("    {\n");
    field(out, "finding_id", f.finding_id.as_str());
    field(out, "status", f.status.as_str());
    field(out, "severity", f.severity.as_str());
    field(out, "rule", &f.rule.id);
    field(out, "title", &f.rule.title);
    field(out, "vpn", f.vpn());
    field(out, "vpn_name", f.vpn_name());
    field(out, "owner", f.owner());
    field(out, "field", f.field);
    field(out, "expected", &prose::expected(f));
    field(out, "actual", &prose::actual(&f.actual));
    scratch.clear();
    prose::write_message(scratch, f);
    field(out, "message", scratch);
    if f.rule.references.is_empty() {
        out.push_str("      \"references\": [],\n");
    } else {
        out.push_str("      \"references\": [\n");
        for (i, r) in f.rule.references.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str("        ");
            string(out, r);
        }
        out.push_str("\n      ],\n");
    }
    field(out, "remediation", &f.rule.remediation);
    out.push_str("      \"source\": {\n        \"path\": ");
    string(out, &f.source.path);
    out.push_str(",\n        \"line\": ");
    out.push_str(itoa(f.source.line, &mut [0; 10]));
    out.push_str("\n      },\n");
    out.push_str("      \"related\": [");
    for (i, r) in f.related.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str("        {\n          \"path\": ");
        string(out, &r.path);
        out.push_str(",\n          \"line\": ");
        out.push_str(itoa(r.line, &mut [0; 10]));
        out.push_str("\n        }");
    }
    out.push_str(if f.related.is_empty() {
        "],\n"
    } else {
        "\n      ],\n"
    });
    field(out, "waiver", &prose::waiver(f));
    out.push_str("      \"change\": ");
    match f.change {
        Some(c) => string(out, c.as_str()),
        None => out.push_str("null"),
    }
    out.push_str("\n    }");
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str("      \"");
    out.push_str(key);
    out.push_str("\": ");
    string(out, value);
    out.push_str(",\n");
}

/// A JSON string, escaped as serde_json escapes it and, like
/// [`crate::text::json_safe`], with DEL, C1, bidi controls and the line
/// separators as `\uXXXX`: the same value, never a raw control.
fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !ESCAPED[usize::from(b)] {
            i += 1;
            continue;
        }
        if b >= 0x7f {
            // DEL or the lead byte of a character the escape may cover.
            let c = s[i..].chars().next().unwrap_or_default();
            if crate::text::is_unsafe(c) {
                out.push_str(&s[start..i]);
                let _ = write!(out, "\\u{:04x}", c as u32);
                start = i + c.len_utf8();
            }
            i += c.len_utf8();
            continue;
        }
        out.push_str(&s[start..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Bytes [`string`] must look at: what JSON escapes (controls, `"`, `\\`)
/// and what may begin a character the report escapes besides.
static ESCAPED: [bool; 256] = {
    let mut t = crate::text::MAY_BE_UNSAFE;
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

fn itoa(mut n: u32, buf: &mut [u8; 10]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all_bytes: String = (0u8..0x80).map(char::from).collect();
        all_bytes.push_str("é中\u{2028}\u{feff}\"\\/");
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "line\nbreak\r\t",
            &all_bytes,
            "x\u{202e}y\u{85}\u{2066}é中\u{7f}",
        ] {
            let mut ours = String::new();
            string(&mut ours, s);
            let theirs = crate::text::json_safe(serde_json::to_string(s).unwrap());
            assert_eq!(ours, theirs, "{s:?}");
            assert!(!ours.chars().any(crate::text::is_unsafe), "{ours:?}");
            assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), s);
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 12345, u32::MAX] {
            assert_eq!(itoa(n, &mut [0; 10]), n.to_string());
        }
    }
}
