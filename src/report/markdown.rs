//! Markdown (SPEC §6), for a pull-request comment or a CI job summary
//! (`>> $GITHUB_STEP_SUMMARY`): the verdict, counts per severity, waivers
//! that need attention, disabled rules, and the findings as tables. Long
//! lists are folded into `<details>` so the comment stays readable.

use crate::model::finding::WaiverState;
use crate::model::finding::{Finding, Severity, Status};
use crate::model::report::Report;
use crate::report::{Context, prose, verdict, waiver_target};

/// Lists longer than this are folded into `<details>`.
const FOLD_AFTER: usize = 20;

pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report, |f| cx.includes(f), cx.fail_on).as_bytes())
}

fn render(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    fail_on: Option<Severity>,
) -> String {
    let mut out = format!("## vpnaudit: audit of {}\n\n", report.as_of);
    let verdict = verdict(report, fail_on);
    let verdict = verdict.strip_prefix("verdict: ").unwrap_or(&verdict);
    let (word, why) = verdict.split_once(' ').unwrap_or((verdict, ""));
    out.push_str(&format!("**{word}** {}\n\n", escape(why)));

    let policy = if report.builtin_policy {
        "built-in default policy (no usage policy given or found)".to_string()
    } else {
        report.policy_name.clone().unwrap_or_default()
    };
    out.push_str(&format!(
        "Policy: {} · {} VPN(s) · {} rule(s)",
        escape(&policy),
        report.vpn_count,
        report.rules.iter().filter(|r| r.disabled.is_none()).count()
    ));
    if let Some(b) = &report.baseline {
        out.push_str(&format!(
            " · baseline: {} (audit of {})",
            escape(&b.path),
            b.as_of
        ));
    }
    out.push_str("\n\n");

    out.push_str(&counts(report));

    let expiring: Vec<&WaiverState> = report.waivers.iter().filter(|w| w.expiring_soon).collect();
    if !expiring.is_empty() {
        let items: Vec<String> = expiring
            .iter()
            .map(|w| {
                format!(
                    "- `{}` on {} expires {} ({}, {})",
                    w.waiver.rule.value,
                    escape(waiver_target(w)),
                    w.waiver.expires,
                    escape(&w.waiver.ticket),
                    escape(&w.waiver.approved_by)
                )
            })
            .collect();
        out.push_str(&list("Waivers expiring within 30 days", &items));
    }
    let stale: Vec<&WaiverState> = report.waivers.iter().filter(|w| w.stale).collect();
    if !stale.is_empty() {
        let items: Vec<String> = stale
            .iter()
            .map(|w| {
                format!(
                    "- `{}` on {} ({}, {}:{}): matches no failing finding; remove it",
                    w.waiver.rule.value,
                    escape(waiver_target(w)),
                    escape(&w.waiver.ticket),
                    escape(&w.source.path),
                    w.source.line
                )
            })
            .collect();
        out.push_str(&list("Stale waivers", &items));
    }
    let disabled: Vec<String> = report
        .disabled_rules()
        .map(|(rule, reason)| format!("- `{rule}`: {}", escape(reason)))
        .collect();
    if !disabled.is_empty() {
        out.push_str(&list("Rules disabled by the policy", &disabled));
    }

    let shown: Vec<&Finding> = report.findings.iter().filter(|f| include(f)).collect();
    let baseline = report.baseline.is_some();
    let gaps: Vec<&Finding> = shown
        .iter()
        .copied()
        .filter(|f| f.status.is_gap())
        .collect();
    out.push_str(&format!("### Gaps ({})\n\n", gaps.len()));
    if gaps.is_empty() {
        out.push_str("No unwaived gaps.\n\n");
    } else {
        out.push_str(&fold(
            &format!("{} gap(s)", gaps.len()),
            &table(&gaps, baseline),
            gaps.len() > FOLD_AFTER,
        ));
    }
    for (status, heading) in [(Status::Waived, "Waived"), (Status::Pass, "Passed")] {
        let rows: Vec<&Finding> = shown
            .iter()
            .copied()
            .filter(|f| f.status == status)
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("### {heading} ({})\n\n", rows.len()));
        out.push_str(&fold(
            &format!("{} {}", rows.len(), heading.to_lowercase()),
            &table(&rows, baseline),
            true,
        ));
    }
    out
}

/// Gaps per severity (and how many are new, with a baseline), then waived.
fn counts(report: &Report) -> String {
    let baseline = report.baseline.is_some();
    let mut s = String::from(if baseline {
        "| Severity | Gaps | New |\n|---|---:|---:|\n"
    } else {
        "| Severity | Gaps |\n|---|---:|\n"
    });
    let new_of = |sev: Option<Severity>| {
        report
            .findings
            .iter()
            .filter(|f| {
                f.status.is_gap()
                    && sev.is_none_or(|s| f.severity == s)
                    && f.change == Some(crate::model::finding::Change::New)
            })
            .count()
    };
    let mut total = 0;
    for (sev, n) in report.gaps_by_severity() {
        total += n;
        if baseline {
            s.push_str(&format!("| {sev} | {n} | {} |\n", new_of(Some(sev))));
        } else {
            s.push_str(&format!("| {sev} | {n} |\n"));
        }
    }
    let waived = report.count(Status::Waived);
    if baseline {
        s.push_str(&format!(
            "| **total** | **{total}** | **{}** |\n",
            new_of(None)
        ));
        s.push_str(&format!("| waived | {waived} | |\n\n"));
    } else {
        s.push_str(&format!("| **total** | **{total}** |\n"));
        s.push_str(&format!("| waived | {waived} |\n\n"));
    }
    s
}

fn list(heading: &str, items: &[String]) -> String {
    let body = format!("{}\n", items.join("\n"));
    format!(
        "**{heading}** ({})\n\n{}",
        items.len(),
        fold(
            &format!("{} item(s)", items.len()),
            &body,
            items.len() > FOLD_AFTER
        )
    )
}

/// `body` as is, or folded under `summary`.
fn fold(summary: &str, body: &str, folded: bool) -> String {
    if folded {
        // The blank line after </summary> lets Markdown inside render.
        format!("<details><summary>{summary}</summary>\n\n{body}\n</details>\n\n")
    } else {
        format!("{body}\n")
    }
}

fn table(rows: &[&Finding], baseline: bool) -> String {
    let mut s = String::new();
    if baseline {
        s.push_str("| Change | Severity | Status | Rule | Target | Finding | Source |\n");
        s.push_str("|---|---|---|---|---|---|---|\n");
    } else {
        s.push_str("| Severity | Status | Rule | Target | Finding | Source |\n");
        s.push_str("|---|---|---|---|---|---|\n");
    }
    for f in rows {
        let mut finding = format!(
            "**{}**<br>{}",
            escape(&f.rule.title),
            escape(&prose::message(f))
        );
        if f.waiver.is_some() {
            finding.push_str(&format!("<br>waiver: {}", escape(&prose::waiver(f))));
        }
        let change = f.change.map_or("", |c| c.as_str());
        if baseline {
            s.push_str(&format!("| {change} "));
        }
        s.push_str(&format!(
            "| {} | {} | `{}` | {} | {} | {} |\n",
            f.severity,
            f.status,
            f.rule.id,
            escape(f.target()),
            finding,
            std::iter::once(&f.source)
                .chain(&f.related)
                .map(|r| escape(&r.to_string()))
                .collect::<Vec<_>>()
                .join("<br>")
        ));
    }
    s
}

/// Escapes text for a Markdown table cell or list item: `|` and `\` are
/// escaped, HTML is neutralised, line breaks become `<br>`, other controls
/// and bidi characters visible escapes (`\x1b`, `\u{202e}`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            // Controls and bidi overrides shown, never passed on raw.
            c if crate::text::is_unsafe(c) => {
                out.push_str(&crate::text::visible(c.encode_utf8(&mut [0; 4])))
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("a\\|b"), "a\\\\\\|b");
        assert_eq!(escape("x\r\ny\nz"), "x<br>y<br>z");
        assert_eq!(escape("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(escape("a\u{1b}[2Jb\u{202e}"), "a\\x1b[2Jb\\u{202e}");
    }
}
