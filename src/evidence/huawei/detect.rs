//! Telling VRP from Comware, and both from other dialects: one pass over
//! the lines, noting what makes a file of the family and counting weighted
//! markers of each system (listed in the `huawei` module documentation).

use super::{banner_delimiter, looks_like_comware_version};

#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) vrp: u32,
    pub(super) comware: u32,
    sysname: bool,
    ipsec: bool,
    loghost: bool,
    separators: bool,
    ret: bool,
    foreign: bool,
    fortios_config: bool,
    fortios_end: bool,
}

impl Scan {
    pub(super) fn of(text: &str) -> Scan {
        let mut s = Scan::default();
        // Each marker votes once.
        let mut seen = [false; 40];
        let mut vote = |s: &mut Scan, id: usize, comware: bool, weight: u32| {
            if let Some(slot) = seen.get_mut(id)
                && !*slot
            {
                *slot = true;
                if comware {
                    s.comware += weight;
                } else {
                    s.vrp += weight;
                }
            }
        };
        let mut banner: Option<char> = None;
        for line in text.lines() {
            if let Some(delim) = banner {
                if line.contains(delim) {
                    banner = None;
                }
                continue;
            }
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if t.starts_with("header ") {
                let words: Vec<&str> = t.split_whitespace().collect();
                banner = banner_delimiter(&words);
                continue;
            }
            let col0 = !line.starts_with(|c: char| c.is_whitespace());
            let mut words = t.split_whitespace();
            let w0 = words.next().unwrap_or("");
            let w1 = words.next().unwrap_or("");
            let w2 = words.next().unwrap_or("");
            if t == "#" {
                s.separators = true;
                continue;
            }
            if t == "return" {
                s.ret = true;
                continue;
            }
            match (w0, w1) {
                ("sysname", _) => s.sysname = true,
                ("info-center", "loghost") => s.loghost = true,
                ("ike", "proposal") | ("ipsec", "policy") => s.ipsec = true,
                ("ike", "peer") => {
                    s.ipsec = true;
                    vote(&mut s, 0, false, 1);
                }
                ("ipsec", "proposal") => {
                    s.ipsec = true;
                    vote(&mut s, 1, false, 1);
                }
                ("ike", "profile") | ("ike", "keychain") => {
                    s.ipsec = true;
                    vote(&mut s, 2, true, 3);
                }
                ("ipsec", "transform-set") => {
                    s.ipsec = true;
                    vote(&mut s, 3, true, 3);
                }
                ("ikev2", "profile" | "keychain" | "proposal" | "policy") => {
                    s.ipsec = true;
                    vote(&mut s, 4, true, 2);
                }
                ("version", v) if looks_like_comware_version(v) => vote(&mut s, 5, true, 3),
                ("line", "vty" | "class" | "aux" | "con") => vote(&mut s, 6, true, 2),
                ("user-role", _) => vote(&mut s, 7, true, 1),
                ("local-user", _) if w2 == "class" => vote(&mut s, 8, true, 2),
                ("irf", _) | ("irf-port", _) => vote(&mut s, 9, true, 2),
                ("address-family", "ipv4" | "ipv6" | "vpnv4" | "l2vpn") => {
                    vote(&mut s, 10, true, 1)
                }
                ("dhcp", "server") if w2 == "ip-pool" => vote(&mut s, 11, true, 1),
                ("acl", "basic" | "advanced") => vote(&mut s, 12, true, 1),
                ("ipv4-family", _) | ("ipv6-family", _) => vote(&mut s, 20, false, 2),
                ("user-interface", _) => vote(&mut s, 21, false, 1),
                ("hostname", _) if col0 => s.foreign = true,
                ("crypto", _) | ("conn", _) | ("connections", "{") => s.foreign = true,
                ("set", top) if col0 && JUNOS_TOP.contains(&top) => s.foreign = true,
                ("config", _) if col0 => s.fortios_config = true,
                ("end", "") => s.fortios_end = true,
                _ => {}
            }
            if t.starts_with("!Software Version") {
                vote(&mut s, 22, false, 3);
            }
            if col0 && t.ends_with('{') && !t.starts_with("header") {
                s.foreign = true;
            }
            if t.contains("%^%#") || t.contains("%@%@") || t.contains("%$%$") || t.contains("%#%#")
            {
                vote(&mut s, 23, false, 3);
            }
            if t.contains("irreversible-cipher") {
                vote(&mut s, 24, false, 2);
            }
            if t.contains("cipher $") || t.contains("hash $h$") {
                vote(&mut s, 13, true, 3);
            }
            if [
                "Vlan-interface",
                "Ten-GigabitEthernet",
                "FortyGigE",
                "HundredGigE",
                "M-GigabitEthernet",
                "Bridge-Aggregation",
                "Route-Aggregation",
            ]
            .iter()
            .any(|m| t.contains(m))
            {
                vote(&mut s, 14, true, 2);
            }
            if [
                "Vlanif",
                "XGigabitEthernet",
                "Eth-Trunk",
                "MEth0",
                "40GE",
                "100GE",
                "25GE",
            ]
            .iter()
            .any(|m| t.contains(m))
                || (w0 == "interface" && (w1.starts_with("GE") || w1.starts_with("10GE")))
            {
                vote(&mut s, 25, false, 2);
            }
            if t.contains("HUAWEI") || t.contains("Huawei Versatile Routing Platform") {
                vote(&mut s, 26, false, 1);
            }
        }
        if s.fortios_config && s.fortios_end {
            s.foreign = true;
        }
        s
    }

    pub(super) fn family(&self) -> bool {
        !self.foreign
            && (self.sysname || self.ipsec || self.loghost || (self.separators && self.ret))
    }
}

/// Junos top-level words after `set` (a Junos set-style file).
const JUNOS_TOP: &[&str] = &[
    "system",
    "security",
    "interfaces",
    "protocols",
    "routing-options",
    "policy-options",
    "firewall",
    "snmp",
    "chassis",
    "version",
    "routing-instances",
    "vlans",
];
