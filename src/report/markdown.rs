//! Markdown (SPEC §6), for a pull-request comment or a CI job summary
//! (`>> $GITHUB_STEP_SUMMARY`): the verdict, counts per severity, waivers
//! that need attention, disabled rules, and the findings as tables. Long
//! lists are folded into `<details>` so the comment stays readable.

use crate::model::finding::WaiverState;
use crate::model::finding::{Change, Finding, Severity, Status};
use crate::model::report::Report;
use crate::report::{Context, left_out_note, prose, verdict, waiver_target};

/// Lists longer than this are folded into `<details>`.
const FOLD_AFTER: usize = 20;

pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report, cx, MAX_BYTES).as_bytes())
}

fn render(report: &Report, cx: &Context, max_bytes: usize) -> String {
    let fail_on = cx.fail_on;
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

    for (heading, verb, tail, pick) in [
        (
            "Waivers expiring within 30 days",
            "expires",
            "",
            (|w: &WaiverState| w.expiring_soon) as fn(&WaiverState) -> bool,
        ),
        (
            "Expired waivers",
            "expired",
            ": its findings count again",
            |w| w.expired,
        ),
    ] {
        let items: Vec<String> = report
            .waivers
            .iter()
            .filter(|w| pick(w))
            .map(|w| {
                format!(
                    "- `{}` on {} {verb} {} ({}, {}){tail}",
                    w.waiver.rule.value,
                    escape(waiver_target(w)),
                    w.waiver.expires,
                    escape(&w.waiver.ticket),
                    escape(&w.waiver.approved_by)
                )
            })
            .collect();
        if !items.is_empty() {
            out.push_str(&list(heading, &items));
        }
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

    let shown: Vec<&Finding> = report.findings.iter().filter(|f| cx.includes(f)).collect();
    let baseline = report.baseline.is_some();
    let gaps = |new: Option<bool>| -> Vec<&Finding> {
        shown
            .iter()
            .copied()
            .filter(|f| {
                f.status.is_gap() && new.is_none_or(|n| (f.change == Some(Change::New)) == n)
            })
            .collect()
    };
    let of_status = |status: Status| -> Vec<&Finding> {
        shown
            .iter()
            .copied()
            .filter(|f| f.status == status)
            .collect()
    };
    // New gaps first, never folded; then the known ones, the waived and
    // the passed: the order in which findings are left out when the
    // summary would outgrow `max_bytes`.
    let sections: Vec<Section> = if baseline {
        let (new, known) = (gaps(Some(true)), gaps(Some(false)));
        let mut v = vec![Section::new(
            "New gaps",
            "new gap(s)",
            new,
            "No new gaps.",
            false,
        )];
        if !known.is_empty() {
            let fold = known.len() > FOLD_AFTER;
            v.push(Section::new("Known gaps", "known gap(s)", known, "", fold));
        }
        v
    } else {
        let all = gaps(None);
        let fold = all.len() > FOLD_AFTER;
        vec![Section::new(
            "Gaps",
            "gap(s)",
            all,
            "No unwaived gaps.",
            fold,
        )]
    };
    let rest = [
        (Status::Waived, "Waived", "waived"),
        (Status::Pass, "Passed", "passed"),
    ]
    .into_iter()
    .map(|(status, heading, label)| Section::new(heading, label, of_status(status), "", true))
    .filter(|s| !s.rows.is_empty());
    let mut left_out = 0;
    for section in sections.into_iter().chain(rest) {
        out.push_str(&format!(
            "### {} ({})\n\n",
            section.heading,
            section.rows.len()
        ));
        if section.rows.is_empty() {
            out.push_str(&format!("{}\n\n", section.empty));
            continue;
        }
        let mut body = table_head(baseline);
        let mut listed = 0;
        for f in &section.rows {
            let r = row(f, baseline);
            if left_out > 0 || out.len() + body.len() + r.len() + RESERVE > max_bytes {
                left_out += 1;
                continue;
            }
            body.push_str(&r);
            listed += 1;
        }
        if listed == 0 {
            out.push_str("Not listed: see below.\n\n");
            continue;
        }
        let summary = format!("{listed} {}", section.label);
        out.push_str(&fold(&summary, &body, section.folded));
    }
    if left_out > 0 {
        let why = format!(
            "a GitHub step summary holds at most {} KiB",
            max_bytes / 1024
        );
        out.push_str(&format!(
            "> **{}**\n",
            escape(&left_out_note(left_out, shown.len(), &why, cx))
        ));
    }
    out
}

/// Most bytes of the summary: GitHub refuses a step summary over 1 MiB
/// ("each step is restricted to a maximum size of 1MiB", *Workflow
/// commands*, Step isolation and limits,
/// <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>).
pub const MAX_BYTES: usize = 1024 * 1024;

/// Room kept for the closing of a folded list and the note on what was
/// left out.
const RESERVE: usize = 4096;

/// A list of findings under a heading.
struct Section<'a> {
    heading: &'static str,
    /// What the rows are, after their count (`3 known gap(s)`).
    label: &'static str,
    rows: Vec<&'a Finding>,
    /// Said when there are none.
    empty: &'static str,
    folded: bool,
}

impl<'a> Section<'a> {
    fn new(
        heading: &'static str,
        label: &'static str,
        rows: Vec<&'a Finding>,
        empty: &'static str,
        folded: bool,
    ) -> Self {
        Section {
            heading,
            label,
            rows,
            empty,
            folded,
        }
    }
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

fn table_head(baseline: bool) -> String {
    if baseline {
        "| Change | Severity | Status | Rule | Target | Finding | Source |\n|---|---|---|---|---|---|---|\n"
            .to_string()
    } else {
        "| Severity | Status | Rule | Target | Finding | Source |\n|---|---|---|---|---|---|\n"
            .to_string()
    }
}

fn row(f: &Finding, baseline: bool) -> String {
    let mut s = String::new();
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
