//! `vpnaudit facts`: what was read from device configurations, with the
//! proposals normalised through the algorithm catalogue. Secrets are never
//! part of the facts, so nothing here can print one.

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::crypto::{Catalogue, CryptoProfile};
use crate::evidence::Tunnel;
use crate::evidence::store::ReadConfig;
use crate::text::visible;

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    dialect: &'static str,
    release: Option<&'a str>,
    log_hosts: &'a [String],
    log_host_lines: &'a [u32],
    tunnels: Vec<TunnelOut<'a>>,
    warnings: Vec<WarningOut<'a>>,
}

#[derive(Serialize)]
struct WarningOut<'a> {
    line: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct LinesOut {
    ike: u32,
    esp: u32,
    pfs: u32,
    auth: u32,
}

#[derive(Serialize)]
struct TunnelOut<'a> {
    name: &'a str,
    line: u32,
    peer: Option<&'a str>,
    ike_version: Option<u8>,
    ike_mode: Option<&'static str>,
    ike: &'a [String],
    esp: &'a [String],
    tls: &'a [String],
    pfs: Option<bool>,
    auth: Vec<&'static str>,
    unresolved: &'a [String],
    /// The sides taken from the platform's documented defaults.
    defaults: &'a [String],
    lines: LinesOut,
    crypto: Option<CryptoProfile>,
    ike_crypto: Option<CryptoProfile>,
    esp_crypto: Option<CryptoProfile>,
}

fn profile(t: &Tunnel) -> Option<CryptoProfile> {
    CryptoProfile::from_proposals(
        Catalogue::builtin(),
        t.ike.iter().chain(&t.esp).chain(&t.tls),
    )
}

fn ike_profile(t: &Tunnel) -> Option<CryptoProfile> {
    CryptoProfile::from_proposals(Catalogue::builtin(), t.ike.iter())
}

/// The traffic's side: ESP/AH proposals, or TLS suites and data ciphers.
fn esp_profile(t: &Tunnel) -> Option<CryptoProfile> {
    CryptoProfile::from_proposals(Catalogue::builtin(), t.esp.iter().chain(&t.tls))
}

pub fn json(configs: &[ReadConfig]) -> String {
    let files: Vec<FileOut> = configs
        .iter()
        .map(|c| FileOut {
            path: &c.display,
            dialect: c.dialect.as_str(),
            release: c.facts.release.as_deref(),
            log_hosts: &c.facts.log_hosts,
            log_host_lines: &c.facts.log_host_lines,
            warnings: c
                .facts
                .warnings
                .iter()
                .map(|w| WarningOut {
                    line: w.line,
                    message: &w.message,
                })
                .collect(),
            tunnels: c
                .facts
                .tunnels
                .iter()
                .map(|t| TunnelOut {
                    name: &t.name,
                    line: t.line,
                    peer: t.peer.as_deref(),
                    ike_version: t.ike_version,
                    ike_mode: t.ike_mode.map(|m| m.as_str()),
                    ike: &t.ike,
                    esp: &t.esp,
                    tls: &t.tls,
                    pfs: t.pfs,
                    auth: t.auth.iter().map(|a| a.as_str()).collect(),
                    unresolved: &t.unresolved,
                    defaults: &t.defaults,
                    lines: LinesOut {
                        ike: t.lines.ike,
                        esp: t.lines.esp,
                        pfs: t.lines.pfs,
                        auth: t.lines.auth,
                    },
                    crypto: profile(t),
                    ike_crypto: ike_profile(t),
                    esp_crypto: esp_profile(t),
                })
                .collect(),
        })
        .collect();
    let mut s = crate::text::json_safe(serde_json::to_string_pretty(&files).unwrap_or_default());
    s.push('\n');
    s
}

pub fn table(configs: &[ReadConfig], width: Option<u16>) -> String {
    let mut out = String::new();
    for c in configs {
        // Names, peers and tokens come from the file: shown escaped.
        out.push_str(&format!("{} ({})\n", visible(&c.display), c.dialect));
        if let Some(r) = &c.facts.release {
            out.push_str(&format!("release: {}\n", visible(r)));
        }
        if !c.facts.log_hosts.is_empty() {
            let hosts: Vec<String> = c
                .facts
                .log_hosts
                .iter()
                .zip(c.facts.log_host_lines.iter().chain(std::iter::repeat(&0)))
                .map(|(h, l)| match l {
                    0 => visible(h).into_owned(),
                    l => format!("{} (line {l})", visible(h)),
                })
                .collect();
            out.push_str(&format!("log hosts: {}\n", hosts.join(", ")));
        }
        let warnings = |out: &mut String| {
            for w in &c.facts.warnings {
                out.push_str(&format!(
                    "{}:{}: warning: {}\n",
                    visible(&c.display),
                    w.line,
                    visible(&w.message)
                ));
            }
        };
        if c.facts.tunnels.is_empty() {
            out.push_str("no tunnels\n");
            warnings(&mut out);
            out.push('\n');
            continue;
        }
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header([
                "Tunnel",
                "Line",
                "Peer",
                "IKE",
                "IKE algorithms",
                "ESP/TLS algorithms",
                "PFS",
                "Auth",
                "Unknown",
            ]);
        if let Some(w) = width {
            t.set_width(w);
        }
        for tun in &c.facts.tunnels {
            let p = profile(tun);
            // A side the platform's defaults supply is marked so.
            let side = |p: Option<CryptoProfile>, name: &str| {
                let algs = p.map_or_else(|| "-".into(), |p| p.algorithms.join(", "));
                if tun.defaults.iter().any(|d| d.starts_with(name)) {
                    format!("{algs} (default)")
                } else {
                    algs
                }
            };
            let ike = match (tun.ike_version, tun.ike_mode) {
                (Some(v), Some(m)) => format!("v{v} {}", m.as_str()),
                (Some(v), None) => format!("v{v}"),
                (None, Some(m)) => m.as_str().to_string(),
                (None, None) => "-".into(),
            };
            t.add_row([
                visible(&tun.name).into_owned(),
                tun.line.to_string(),
                tun.peer
                    .as_deref()
                    .map_or_else(|| "-".into(), |p| visible(p).into_owned()),
                ike,
                side(ike_profile(tun), "IKE"),
                side(esp_profile(tun), "ESP"),
                tun.pfs.map_or_else(
                    || "-".into(),
                    |b| if b { "yes".into() } else { "no".into() },
                ),
                tun.auth
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                visible(
                    &p.as_ref()
                        .map(|p| p.unknown.as_slice())
                        .unwrap_or_default()
                        .iter()
                        .chain(&tun.unresolved)
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .into_owned(),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        for tun in &c.facts.tunnels {
            for d in &tun.defaults {
                out.push_str(&format!(
                    "{} (line {}): default: {}\n",
                    visible(&tun.name),
                    tun.line,
                    visible(d)
                ));
            }
        }
        warnings(&mut out);
        out.push('\n');
    }
    out
}
