//! `vpnaudit init`: a commented usage policy and inventory to start from — a
//! small, realistic estate whose comments explain every field. Its dates are
//! set relative to the day it is written, so it validates (and audits
//! without gaps) on that day.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

const POLICY: &str = include_str!("scaffold/usage-policy.yaml");
const INVENTORY: &str = include_str!("scaffold/inventory.yaml");

/// The file names `init` writes, in order.
pub const FILES: [&str; 2] = ["usage-policy.yaml", "inventory.yaml"];

/// The files to write (name, text) for a scaffold made on `today`.
pub fn files(today: Date) -> Vec<(&'static str, String)> {
    let shift = |span: Span| today.checked_add(span).unwrap_or(today).to_string();
    let fill = |text: &str| {
        text.replace("@TODAY@", &today.to_string())
            .replace("@REVIEWED@", &shift((-30).days()))
            .replace("@WAIVER_EXPIRES@", &shift(6.months()))
            .replace("@APPROVED@", &shift((-60).days()))
            .replace("@APPROVAL_EXPIRES@", &shift(1.year()))
            .replace("@LAST_AUDIT@", &shift((-30).days()))
    };
    vec![(FILES[0], fill(POLICY)), (FILES[1], fill(INVENTORY))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        for (name, text) in files(jiff::civil::date(2026, 11, 28)) {
            assert!(!text.contains('@') || !text.contains("@TODAY@"), "{name}");
            for line in text.lines() {
                let code = line.split('#').next().unwrap_or_default();
                assert!(
                    !code.contains('@') || code.contains("@example.com"),
                    "{name}: unfilled placeholder in {line:?}"
                );
            }
        }
    }
}
