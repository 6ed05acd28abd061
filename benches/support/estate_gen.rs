//! Synthetic VPN estates for the benchmarks: an inventory (JSON, YAML or CSV),
//! a usage policy and, optionally, device configurations in several dialects.
//!
//! Shared by `examples/generate.rs`, `benches/engine.rs` and
//! `tests/generator.rs` through `#[path]`, so it depends on nothing but std.
//! The mix is deterministic for a seed (a SplitMix64 generator, no `rand`),
//! and chosen so that most built-in rules both pass and fail on a fair
//! share of the VPNs. Not all: the estate declares no `cii`, `mlps`,
//! `crypto_assessment` or `crypto_products`, so the crypto duty is unknown
//! and CN-CRY-02, CN-CRY-03 and CN-GOV-04 fail on every mainland VPN; the
//! policy has no `organisation.data_export`, so CN-XB-02 fails on every
//! cross-border one; CN-OPS-01 always fails and CN-GOV-01 always passes.
//! Output is streamed through a `BufWriter`: a million VPNs never sit in
//! memory.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The audit date the generated dates are placed around (`--as-of` of the
/// benchmark): approvals, audits and waivers fall on both sides of it.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 28);

/// VPNs per inventory file before the inventory is split: SPEC §1.1 caps an
/// input file at 512 MiB, and one VPN takes about 1 KiB as JSON.
pub const DEFAULT_PER_FILE: usize = 250_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The inventory file's name: `inventory.json`, or `inventory-002.json`
    /// when split; CSV ends in `.inventory.csv` so directory walks read it.
    fn file_name(self, part: Option<usize>) -> String {
        let suffix = part.map_or_else(String::new, |p| format!("-{p:03}"));
        match self {
            Format::Json => format!("inventory{suffix}.json"),
            Format::Yaml => format!("inventory{suffix}.yaml"),
            Format::Csv => format!("estate{suffix}.inventory.csv"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub vpns: usize,
    pub format: Format,
    /// Device configuration files to write under `configs/`.
    pub configs: usize,
    pub seed: u64,
    /// VPNs per inventory file (the inventory is split above this).
    pub per_file: usize,
}

impl Options {
    pub fn new(vpns: usize, format: Format) -> Options {
        Options {
            vpns,
            format,
            configs: 0,
            seed: 1,
            per_file: DEFAULT_PER_FILE,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub inventories: Vec<PathBuf>,
    pub policy: PathBuf,
    pub vpns: usize,
    pub configs: usize,
    /// VPNs that link a configuration.
    pub linked: usize,
    pub waivers: usize,
    pub bytes: u64,
}

/// Writes an estate into `dir` (created if needed).
pub fn generate(dir: &Path, opts: &Options) -> io::Result<Summary> {
    fs::create_dir_all(dir)?;
    if opts.configs > 0 {
        fs::create_dir_all(dir.join("configs"))?;
    }
    let per_file = opts.per_file.max(1);
    let parts = opts.vpns.div_ceil(per_file).max(1);
    let mut summary = Summary {
        vpns: opts.vpns,
        ..Summary::default()
    };
    let mut generator = Generator::new(opts);
    let mut record = Record::default();
    for part in 0..parts {
        let name = opts.format.file_name((parts > 1).then_some(part + 1));
        let path = dir.join(name);
        let mut out = Writer::new(File::create(&path)?, opts.format);
        out.begin()?;
        let end = ((part + 1) * per_file).min(opts.vpns);
        for i in part * per_file..end {
            generator.vpn(i, &mut record);
            if let Some(cfg) = generator.take_config() {
                fs::write(dir.join(&cfg.path), cfg.text)?;
            }
            out.vpn(&record)?;
        }
        out.end()?;
        summary.bytes += fs::metadata(&path)?.len();
        summary.inventories.push(path);
    }
    let policy = dir.join("usage-policy.yaml");
    fs::write(&policy, generator.policy())?;
    summary.policy = policy;
    summary.configs = generator.configs_written;
    summary.linked = generator.linked;
    summary.waivers = generator.waivers.len();
    Ok(summary)
}

// ------------------------------------------------------------------ randomness

/// SplitMix64: tiny, fast, and good enough to pick from tables.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }

    /// True with probability `percent`/100.
    pub fn pct(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn one<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks from `(item, weight)` pairs.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (item, w) in items {
            if r < u64::from(*w) {
                return item;
            }
            r -= u64::from(*w);
        }
        &items[items.len() - 1].0
    }
}

// ------------------------------------------------------------------ dates

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number, as `YYYY-MM-DD`.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn as_of_days() -> i64 {
    days_from_civil(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// The date `offset` days from the audit date.
pub fn day(offset: i64) -> String {
    civil(as_of_days() + offset)
}

// ------------------------------------------------------------------ the mix

struct Site {
    code: &'static str,
    name: &'static str,
    country: &'static str,
}

const fn site(code: &'static str, name: &'static str, country: &'static str) -> Site {
    Site {
        code,
        name,
        country,
    }
}

/// Mainland offices, weighted by size.
const CN_SITES: &[(Site, u32)] = &[
    (site("sh", "shanghai-hq", "CN"), 30),
    (site("bj", "beijing-office", "CN"), 18),
    (site("sz", "shenzhen-plant", "CN"), 14),
    (site("gz", "guangzhou-office", "CN"), 10),
    (site("hz", "hangzhou-rnd", "CN"), 8),
    (site("cd", "chengdu-dc", "CN"), 7),
    (site("wh", "wuhan-plant", "CN"), 5),
    (site("tj", "tianjin-port", "CN"), 4),
    (site("nj", "nanjing-office", "CN"), 4),
];

/// Sites abroad (Hong Kong, Macao and Taiwan are cross-border from CN).
const ABROAD_SITES: &[(Site, u32)] = &[
    (site("hk", "hk-hub", "HK"), 20),
    (site("sgp", "singapore-office", "SG"), 14),
    (site("fra", "frankfurt-dc", "DE"), 11),
    (site("muc", "munich-office", "DE"), 4),
    (site("sjc", "san-jose-dc", "US"), 8),
    (site("nyc", "new-york-office", "US"), 5),
    (site("tyo", "tokyo-office", "JP"), 9),
    (site("osa", "osaka-plant", "JP"), 3),
    (site("osl", "oslo-office", "NO"), 3),
    (site("lon", "london-office", "GB"), 5),
    (site("par", "paris-office", "FR"), 3),
    (site("sel", "seoul-office", "KR"), 4),
    (site("tpe", "taipei-office", "TW"), 3),
    (site("mfm", "macao-office", "MO"), 2),
    (site("syd", "sydney-office", "AU"), 2),
    (site("dxb", "dubai-office", "AE"), 2),
    (site("bkk", "bangkok-plant", "TH"), 2),
];

const LICENSED: &[(&str, &str)] = &[
    ("China Telecom Global", "A2.B1.B2-20090001"),
    ("China Unicom Global", "A2.B1-20090003"),
    ("China Mobile International", "A2.B1.B2-20090002"),
    ("China Telecom", "A1.A2.B1.B2-20090001"),
    ("China Unicom", "A1.A2.B1-20090003"),
    ("China Mobile", "A1.A2.B1.B2-20090002"),
];

/// Carriers with no basic-telecom licence in China (or resellers).
const UNLICENSED: &[(&str, &str)] = &[
    ("PacificLink Broadband", "沪ICP备12045511号"),
    ("Equinix Fabric", ""),
    ("HKBN Enterprise", "合字B1.B2-20130004"),
    ("Singtel", ""),
    ("Starlink Business", ""),
    ("Shanghai Broadband Reseller", "沪B2-20150033"),
];

const TEAMS: &[&str] = &[
    "netops@corp.example",
    "secops@corp.example",
    "it-apac@corp.example",
    "infra-emea@corp.example",
    "factory-it@corp.example",
    "li.wei@corp.example",
    "zhang.min@corp.example",
];

const APPROVED_PROVIDERS: &[&str] = &["Acme SecureAccess", "Sangfor EasyConnect"];
const OTHER_PROVIDERS: &[&str] = &["FreeVPN Pro", "Astrill", "ExpressVPN", "Lantern"];
const ZTNA_PROVIDERS: &[&str] = &[
    "Zscaler Private Access",
    "Cloudflare Access",
    "Acme SecureAccess",
];

/// Declared crypto of one VPN, in some vendor's spelling.
#[derive(Clone, Copy)]
struct Crypto {
    ike: &'static [&'static str],
    esp: &'static [&'static str],
    tls: &'static [&'static str],
    /// The IPsec archetype a device configuration can express (configs
    /// are written only for VPNs whose crypto has one).
    device: Option<Device>,
}

const fn ipsec(ike: &'static [&'static str], esp: &'static [&'static str]) -> Crypto {
    Crypto {
        ike,
        esp,
        tls: &[],
        device: None,
    }
}

const fn dev(mut c: Crypto, d: Device) -> Crypto {
    c.device = Some(d);
    c
}

const fn tls(suites: &'static [&'static str]) -> Crypto {
    Crypto {
        ike: &[],
        esp: &[],
        tls: suites,
        device: None,
    }
}

/// IPsec crypto a device configuration is written for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Device {
    /// AES-256-GCM, PRF-SHA-384, ECP-384 (group 20).
    Gcm,
    /// AES-256-CBC, SHA-256, MODP-2048 (group 14).
    Cbc,
    /// 3DES, SHA-1, MODP-1024 (group 2), IKEv1.
    Legacy,
    /// SM4, SM3 (GM/T 0022 gateways).
    Sm,
}

/// IPsec crypto, weighted: national-standard suites, modern AES in several
/// dialects, legacy and broken suites, and spellings nobody recognises.
const IPSEC_CRYPTO: &[(Crypto, u32)] = &[
    // national standard (GM/T 0022)
    (ipsec(&["sm4-sm3-sm2"], &["sm4-sm3"]), 16),
    (ipsec(&["sm4-cbc-sm3-sm2"], &["sm4-cbc-128-hmac-sm3"]), 6),
    (dev(ipsec(&["sm4-sm3"], &["sm4-sm3"]), Device::Sm), 6),
    // strongSwan spellings
    (
        dev(
            ipsec(&["aes256gcm16-prfsha384-ecp384"], &["aes256gcm16-ecp384"]),
            Device::Gcm,
        ),
        14,
    ),
    (
        dev(
            ipsec(&["aes256-sha256-modp2048"], &["aes256-sha256-modp2048"]),
            Device::Cbc,
        ),
        12,
    ),
    (ipsec(&["aes128-sha256-ecp256"], &["aes128gcm16"]), 5),
    // Cisco IOS words
    (
        ipsec(
            &["aes-cbc-256 sha256 group 14"],
            &["esp-aes 256 esp-sha256-hmac"],
        ),
        7,
    ),
    (
        ipsec(&["aes-gcm-256 prfsha384 group 20"], &["esp-gcm 256"]),
        5,
    ),
    // Juniper / Huawei / FortiOS words
    (ipsec(&["aes-256-gcm group20"], &["aes-256-gcm"]), 4),
    (
        ipsec(&["aes-256 sha2-256 group14"], &["aes-256 sha2-256"]),
        3,
    ),
    (ipsec(&["aes256gcm-prfsha256"], &["aes256-sha256"]), 3),
    // deprecated
    (
        dev(
            ipsec(&["3des-sha1-modp1024"], &["3des-sha1"]),
            Device::Legacy,
        ),
        5,
    ),
    (ipsec(&["aes128-sha1-modp1536"], &["aes128-sha1"]), 4),
    // forbidden
    (ipsec(&["des-md5-modp768"], &["esp-des esp-md5-hmac"]), 2),
    (
        ipsec(&["aes256-sha256-modp2048"], &["esp-null esp-sha256-hmac"]),
        1,
    ),
    // not in the catalogue
    (
        ipsec(&["aes256-whirlpool-modp2048"], &["aes256-whirlpool"]),
        2,
    ),
    (ipsec(&["gost28147-gostr3411"], &["gost28147"]), 1),
];

const SSL_CRYPTO: &[(Crypto, u32)] = &[
    (
        tls(&["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]),
        30,
    ),
    (
        tls(&["TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"]),
        15,
    ),
    (tls(&["ECDHE-RSA-AES128-SHA", "DES-CBC3-SHA"]), 10),
    (tls(&["RC4-MD5"]), 2),
    (tls(&["ECC-SM4-CBC-SM3", "ECDHE-SM4-GCM-SM3"]), 12),
    (tls(&["TLS-VENDOR-PROPRIETARY"]), 2),
];

const TLCP_CRYPTO: &[(Crypto, u32)] = &[
    (tls(&["ECC-SM4-CBC-SM3", "ECDHE-SM4-GCM-SM3"]), 40),
    (tls(&["ECC-SM4-GCM-SM3"]), 20),
    (tls(&["TLS_SM4_GCM_SM3"]), 10),
    (tls(&["ECC-SM4-CBC-SM3", "ECDHE-RSA-AES256-GCM-SHA384"]), 8),
];

const OPENVPN_CRYPTO: &[(Crypto, u32)] = &[
    (tls(&["AES-256-GCM", "AES-128-GCM"]), 40),
    (tls(&["AES-256-CBC", "SHA256"]), 20),
    (tls(&["BF-CBC", "SHA1"]), 8),
];

const RETENTIONS: &[(&str, u32)] = &[
    ("180d", 14),
    ("6mo", 14),
    ("26w", 6),
    ("1y", 16),
    ("400d", 6),
    ("13mo", 5),
    ("2y", 6),
    ("365", 4), // a bare number of days
    ("90d", 6),
    ("3mo", 5),
    ("30d", 4),
];

const LOG_DESTINATIONS: &[&str] = &[
    "syslog://siem.corp.example",
    "tcp://10.10.1.20:514",
    "splunk://hec.corp.example:8088",
    "kafka://logs.corp.example/vpn",
];

type Weighted<T> = &'static [(T, u32)];

const USER_AUTH: Weighted<&[&str]> = &[
    (&["password", "mfa"], 55),
    (&["certificate", "mfa"], 15),
    (&["password"], 20),
    (&["digital-envelope", "mfa"], 6),
];
const GM_GATEWAY_AUTH: Weighted<&[&str]> =
    &[(&["digital-envelope", "certificate"], 70), (&["psk"], 30)];
const GATEWAY_AUTH: Weighted<&[&str]> = &[(&["certificate"], 55), (&["psk"], 45)];
const TAGS: Weighted<&[&str]> = &[
    (&["prod"], 45),
    (&["prod", "tier1"], 20),
    (&["test"], 8),
    (&["prod", "gm"], 8),
    (&["temporary"], 4),
    (&[], 15),
];

const FULL_LOG_FIELDS: &[&str] = &["time", "user", "source", "destination", "action"];
const PARTIAL_LOG_FIELDS: &[&str] = &["time", "source", "destination"];

// ------------------------------------------------------------------ records

/// One field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

/// One VPN as `(dotted path, value)` pairs in schema order; the fields of a
/// group (`carrier.*`) are contiguous, so writers can nest them.
#[derive(Debug, Default)]
pub struct Record {
    pub fields: Vec<(&'static str, Val)>,
}

impl Record {
    fn str(&mut self, path: &'static str, v: impl Into<String>) {
        self.fields.push((path, Val::Str(v.into())));
    }

    fn opt(&mut self, path: &'static str, v: Option<impl Into<String>>) {
        if let Some(v) = v {
            self.str(path, v);
        }
    }

    fn int(&mut self, path: &'static str, v: i64) {
        self.fields.push((path, Val::Int(v)));
    }

    fn bool(&mut self, path: &'static str, v: Option<bool>) {
        if let Some(b) = v {
            self.fields.push((path, Val::Bool(b)));
        }
    }

    fn list(&mut self, path: &'static str, v: &[&str]) {
        self.fields
            .push((path, Val::List(v.iter().map(|s| s.to_string()).collect())));
    }
}

/// The CSV header: every field a generated VPN may have, in record order.
const CSV_COLUMNS: &[&str] = &[
    "id",
    "name",
    "type",
    "protocol",
    "purpose",
    "owner",
    "provider",
    "local.site",
    "local.country",
    "remote.site",
    "remote.country",
    "carrier.operator",
    "carrier.licence",
    "carrier.service",
    "carrier.circuit",
    "crypto.ike_version",
    "crypto.ike_mode",
    "crypto.ike",
    "crypto.esp",
    "crypto.tls",
    "crypto.pfs",
    "logging.retention",
    "logging.destination",
    "logging.fields",
    "authentication.methods",
    "authentication.real_name",
    "internet_breakout",
    "content_review",
    "data_export",
    "approval.reference",
    "approval.approved",
    "approval.expires",
    "contract.vpn_clause",
    "contract.reference",
    "last_audit",
    "config",
    "config_format",
    "config_tunnel",
    "tags",
];

/// A configuration file to write.
pub struct ConfigFile {
    /// Relative to the estate directory.
    pub path: String,
    pub text: String,
}

struct Waiver {
    rule: &'static str,
    vpn: String,
    reason: &'static str,
    ticket: usize,
    expires: String,
}

struct Generator {
    rng: Rng,
    /// A separate stream for config links, so that an estate generated with
    /// and without configs has the same VPNs.
    cfg_rng: Rng,
    vpns: usize,
    configs: usize,
    configs_written: usize,
    linked: usize,
    pending: Option<ConfigFile>,
    waivers: Vec<Waiver>,
    max_waivers: usize,
}

impl Generator {
    fn new(opts: &Options) -> Generator {
        Generator {
            rng: Rng::new(opts.seed),
            cfg_rng: Rng::new(opts.seed ^ 0x5EED_C0F1_6000_0000),
            vpns: opts.vpns,
            configs: opts.configs,
            configs_written: 0,
            linked: 0,
            pending: None,
            waivers: Vec::new(),
            max_waivers: (opts.vpns / 200).clamp(4, 500),
        }
    }

    fn take_config(&mut self) -> Option<ConfigFile> {
        self.pending.take()
    }

    /// Fills `r` with VPN number `i`.
    fn vpn(&mut self, i: usize, r: &mut Record) {
        r.fields.clear();
        let rng = &mut self.rng;
        let ty = *rng.weighted(&[
            ("site-to-site", 48),
            ("remote-access", 28),
            ("sd-wan", 12),
            ("ztna", 8),
            ("service", 4),
        ]);
        let remote_access = matches!(ty, "remote-access" | "ztna");

        // Endpoints: mostly mainland offices; links abroad to HK, SG, DE ...
        let local: &'static Site = if rng.pct(88) {
            rng.weighted(CN_SITES)
        } else {
            rng.weighted(ABROAD_SITES)
        };
        let remote: Option<&'static Site> = if remote_access {
            // Where the users connect from.
            if rng.pct(82) {
                Some(rng.weighted(CN_SITES))
            } else {
                Some(rng.weighted(ABROAD_SITES))
            }
        } else if rng.pct(2) {
            None
        } else if local.country == "CN" {
            if rng.pct(35) {
                Some(rng.weighted(CN_SITES))
            } else {
                Some(rng.weighted(ABROAD_SITES))
            }
        } else if rng.pct(70) {
            Some(rng.weighted(CN_SITES))
        } else {
            Some(rng.weighted(ABROAD_SITES))
        };
        let cross_border = remote.is_some_and(|s| s.country != local.country);

        let protocol = *match ty {
            "remote-access" => rng.weighted(&[
                ("ssl", 38),
                ("tlcp", 18),
                ("ipsec", 16),
                ("openvpn", 14),
                ("wireguard", 10),
                ("other", 4),
            ]),
            "ztna" => rng.weighted(&[("ssl", 70), ("tlcp", 15), ("wireguard", 10), ("other", 5)]),
            "sd-wan" => rng.weighted(&[("ipsec", 88), ("wireguard", 12)]),
            "service" => rng.weighted(&[
                ("ipsec", 40),
                ("ssl", 25),
                ("openvpn", 15),
                ("wireguard", 20),
            ]),
            _ => rng.weighted(&[
                ("ipsec", 86),
                ("wireguard", 6),
                ("openvpn", 6),
                ("other", 2),
            ]),
        };

        let remote_code = remote.map_or("x", |s| if remote_access { "ra" } else { s.code });
        let id = format!("{}-{}-{:06}", local.code, remote_code, i);
        r.str("id", id.clone());
        let name = match (ty, remote) {
            ("remote-access", Some(s)) => {
                format!("Remote access {} (users in {})", local.name, s.country)
            }
            ("ztna", _) => format!("Zero-trust access to {}", local.name),
            ("service", _) => format!("Acme Connect customer tunnel {i}"),
            (_, Some(s)) => format!("{} to {}", local.name, s.name),
            (_, None) => format!("{} to partner", local.name),
        };
        if rng.pct(97) {
            r.str("name", name);
        }
        r.str("type", ty);
        let protocol_recorded = rng.pct(98);
        if protocol_recorded {
            r.str("protocol", protocol);
        }
        let purpose = if rng.pct(5) {
            None
        } else if rng.pct(6) {
            Some(*rng.one(&[
                "video-streaming",
                "personal-use",
                "crypto-mining",
                "customer-access",
            ]))
        } else {
            Some(match ty {
                "remote-access" | "ztna" if rng.pct(65) => "remote-work",
                "remote-access" | "ztna" => "internal-office",
                "service" => "managed-service",
                _ if cross_border => "cross-border-business",
                _ => "internal-office",
            })
        };
        r.opt("purpose", purpose);
        if rng.pct(96) {
            r.str("owner", *rng.one(TEAMS));
        }
        match ty {
            "remote-access" if rng.pct(90) => {
                let p = if rng.pct(80) {
                    rng.one(APPROVED_PROVIDERS)
                } else {
                    rng.one(OTHER_PROVIDERS)
                };
                r.str("provider", *p);
            }
            "ztna" => r.str("provider", *rng.one(ZTNA_PROVIDERS)),
            _ => {}
        }
        r.str("local.site", local.name);
        r.str("local.country", local.country);
        if let Some(s) = remote {
            if remote_access {
                r.str("remote.site", "remote-users");
            } else {
                r.str("remote.site", s.name);
            }
            if rng.pct(98) {
                r.str("remote.country", s.country);
            }
        }

        // Carrier: licensed basic carriers for most links abroad.
        if !remote_access && rng.pct(96) {
            let (op, licence) = if !cross_border && rng.pct(60) {
                *rng.one(&LICENSED[3..])
            } else if rng.pct(76) {
                *rng.one(LICENSED)
            } else {
                *rng.one(UNLICENSED)
            };
            let unlicensed = UNLICENSED.iter().any(|(o, _)| *o == op);
            r.str("carrier.operator", op);
            if !licence.is_empty() && rng.pct(92) {
                r.str("carrier.licence", licence);
            }
            let service = if unlicensed {
                rng.weighted(&[("internet", 60), ("sd-wan", 25), ("mpls", 15)])
            } else {
                rng.weighted(&[
                    ("leased-line", 40),
                    ("mpls", 32),
                    ("sd-wan", 18),
                    ("internet", 10),
                ])
            };
            r.str("carrier.service", *service);
            if *service != "internet" {
                let prefix = if *service == "leased-line" {
                    "IPLC"
                } else {
                    "MPLS"
                };
                r.str(
                    "carrier.circuit",
                    format!(
                        "{prefix}-{}-{}-{:04}",
                        local.code.to_ascii_uppercase(),
                        remote_code.to_ascii_uppercase(),
                        rng.below(10_000)
                    ),
                );
            }
        }

        // Crypto in the protocol's words.
        let crypto = if rng.pct(7) {
            None
        } else {
            match protocol {
                "ipsec" => Some(*rng.weighted(IPSEC_CRYPTO)),
                "ssl" => Some(*rng.weighted(SSL_CRYPTO)),
                "tlcp" => Some(*rng.weighted(TLCP_CRYPTO)),
                "openvpn" => Some(*rng.weighted(OPENVPN_CRYPTO)),
                // WireGuard's suite is implied; some inventories spell it out.
                "wireguard" if rng.pct(20) => Some(tls(&["chacha20poly1305"])),
                _ => None,
            }
        };
        let mut ike_version = None;
        let mut ike_mode = None;
        let mut pfs = None;
        if protocol == "ipsec" {
            let national = crypto.is_some_and(|c| c.ike.iter().any(|p| p.starts_with("sm")));
            let legacy = crypto.is_some_and(|c| c.device == Some(Device::Legacy));
            ike_version = if rng.pct(4) {
                None
            } else if legacy || (national && rng.pct(60)) || rng.pct(12) {
                Some(1)
            } else {
                Some(2)
            };
            if ike_version == Some(1) && rng.pct(90) {
                ike_mode = Some(if rng.pct(25) { "aggressive" } else { "main" });
            }
            pfs = if legacy {
                Some(false)
            } else {
                *rng.weighted(&[(Some(true), 75), (Some(false), 10), (None, 15)])
            };
        }
        if let Some(v) = ike_version {
            r.int("crypto.ike_version", v);
        }
        r.opt("crypto.ike_mode", ike_mode);
        if let Some(c) = crypto {
            if !c.ike.is_empty() {
                r.list("crypto.ike", c.ike);
            }
            if !c.esp.is_empty() {
                r.list("crypto.esp", c.esp);
            }
            if !c.tls.is_empty() {
                r.list("crypto.tls", c.tls);
            }
        }
        r.bool("crypto.pfs", pfs);

        // Logging: six months is the law; some keep less.
        if rng.pct(94) {
            r.str("logging.retention", *rng.weighted(RETENTIONS));
        }
        if rng.pct(88) {
            r.str("logging.destination", *rng.one(LOG_DESTINATIONS));
        }
        if rng.pct(90) {
            let fields = if rng.pct(78) {
                FULL_LOG_FIELDS
            } else {
                PARTIAL_LOG_FIELDS
            };
            r.list("logging.fields", fields);
        }

        let methods = if remote_access || ty == "service" {
            *rng.weighted(USER_AUTH)
        } else if crypto.is_some_and(|c| c.ike.iter().any(|p| p.starts_with("sm"))) {
            *rng.weighted(GM_GATEWAY_AUTH)
        } else {
            *rng.weighted(GATEWAY_AUTH)
        };
        if rng.pct(95) {
            r.list("authentication.methods", methods);
        }
        let real_name = if ty == "service" || remote_access {
            *rng.weighted(&[(Some(true), 75), (Some(false), 15), (None, 10)])
        } else {
            rng.pct(50).then_some(true)
        };
        r.bool("authentication.real_name", real_name);
        r.bool(
            "internet_breakout",
            *rng.weighted(&[(Some(false), 85), (Some(true), 8), (None, 7)]),
        );
        if ty == "service" {
            r.bool(
                "content_review",
                *rng.weighted(&[(Some(true), 70), (Some(false), 20), (None, 10)]),
            );
        }
        if cross_border && rng.pct(80) {
            r.str(
                "data_export",
                *rng.weighted(&[
                    ("standard-contract", 55),
                    ("security-assessment", 20),
                    ("certification", 10),
                    ("exempt", 15),
                ]),
            );
        }

        // Governance dates around the audit date.
        if rng.pct(93) {
            let approved = -(rng.below(900) as i64) - 10;
            let expires = if rng.pct(88) {
                approved + 730
            } else {
                -(rng.below(200) as i64) - 1
            }
            .max(approved + 30);
            r.str(
                "approval.reference",
                format!("NETSEC-{}-{:03}", 2024 + rng.below(3), rng.below(1000)),
            );
            r.str("approval.approved", day(approved));
            if rng.pct(97) {
                r.str("approval.expires", day(expires));
            }
        }
        if cross_border && !remote_access {
            r.bool(
                "contract.vpn_clause",
                *rng.weighted(&[(Some(true), 80), (Some(false), 10), (None, 10)]),
            );
            r.str(
                "contract.reference",
                format!("MSA-{}-{:02}", 2020 + rng.below(6), rng.below(12) + 1),
            );
        }
        if rng.pct(95) {
            let ago = if rng.pct(78) {
                rng.below(180) as i64
            } else {
                190 + rng.below(500) as i64
            };
            r.str("last_audit", day(-ago));
        }

        // A device configuration for some of the VPNs.
        self.maybe_link(i, &id, protocol, crypto, ike_version, pfs, local, remote, r);

        let rng = &mut self.rng;
        let tags = *rng.weighted(TAGS);
        if !tags.is_empty() {
            r.list("tags", tags);
        }

        // A few waivers, as an auditor would have granted them.
        if self.waivers.len() < self.max_waivers {
            let national = crypto.is_some_and(|c| c.ike.iter().any(|p| p.starts_with("sm")));
            let waiver = if protocol_recorded && national && ike_version == Some(1) && rng.pct(20) {
                Some((
                    "BL-CRY-03",
                    "GM/T 0022 gateways only speak IKEv1 until the firmware upgrade",
                ))
            } else if local.country == "CN"
                && crypto.is_some_and(|c| c.device == Some(Device::Gcm))
                && rng.pct(3)
            {
                Some(("CN-CRY-01", "SM-capable gateway on order for this site"))
            } else {
                None
            };
            if let Some((rule, reason)) = waiver {
                let ticket = 100 + self.waivers.len();
                // One in five has lapsed, one in ten lapses within the month.
                let expires = match rng.below(10) {
                    0 | 1 => day(-(rng.below(120) as i64) - 1),
                    2 => day(rng.below(30) as i64),
                    _ => day(60 + rng.below(400) as i64),
                };
                self.waivers.push(Waiver {
                    rule,
                    vpn: id,
                    reason,
                    ticket,
                    expires,
                });
            }
        }
    }

    /// Links VPN `i` to a new configuration file when one is due: configs
    /// are spread evenly over the inventory, on VPNs a device would serve.
    #[allow(clippy::too_many_arguments)]
    fn maybe_link(
        &mut self,
        i: usize,
        id: &str,
        protocol: &str,
        crypto: Option<Crypto>,
        ike_version: Option<i64>,
        pfs: Option<bool>,
        local: &Site,
        remote: Option<&Site>,
        r: &mut Record,
    ) {
        if self.configs_written >= self.configs {
            return;
        }
        // Due: the (k+1)-th config belongs to the first linkable VPN at or
        // after position k * vpns / configs.
        let due = self.configs_written * self.vpns / self.configs.max(1);
        if i < due {
            return;
        }
        let rng = &mut self.cfg_rng;
        let device = crypto.and_then(|c| c.device);
        let dialect = match protocol {
            "wireguard" => Dialect::WireGuard,
            "openvpn" => Dialect::OpenVpn,
            "ipsec" => match device {
                Some(Device::Sm) => Dialect::Huawei,
                Some(Device::Legacy) => *rng.one(&[Dialect::CiscoIos, Dialect::Huawei]),
                Some(_) if ike_version == Some(2) => *rng.weighted(&[
                    (Dialect::CiscoIos, 30),
                    (Dialect::StrongSwan, 25),
                    (Dialect::Juniper, 15),
                    (Dialect::Huawei, 15),
                    (Dialect::FortiOs, 15),
                ]),
                _ => return,
            },
            _ => return,
        };
        let n = self.configs_written;
        self.configs_written += 1;
        self.linked += 1;
        // One config in seven drifts from what the inventory declares.
        let drift = rng.pct(15);
        let spec = DeviceSpec {
            host: format!("{}-gw-{:04}", local.code, n),
            peer: peer_ip(n),
            tunnel: format!("to-{}", remote.map_or("partner", |s| s.code)),
            crypto: device.unwrap_or(Device::Gcm),
            pfs: pfs.unwrap_or(true) && !drift,
            drift,
            log_host: rng
                .pct(70)
                .then(|| format!("10.{}.{}.20", 10 + n % 200, n % 250)),
            decoys: if matches!(
                dialect,
                Dialect::CiscoIos | Dialect::StrongSwan | Dialect::Juniper
            ) && rng.pct(40)
            {
                1 + rng.below(2) as usize
            } else {
                0
            },
            secret: format!("{:016x}", rng.next_u64()),
        };
        let (ext, format, text) = match dialect {
            Dialect::CiscoIos => ("cfg", "cisco-ios", cisco_ios(&spec)),
            Dialect::StrongSwan => ("swanctl.conf", "strongswan-swanctl", swanctl(&spec)),
            Dialect::Juniper => ("set.conf", "juniper-junos", juniper(&spec)),
            Dialect::Huawei => ("vrp.cfg", "huawei-vrp", huawei(&spec)),
            Dialect::FortiOs => ("fortios.conf", "fortios", fortios(&spec)),
            Dialect::WireGuard => ("wg.conf", "wireguard", wireguard(&spec)),
            Dialect::OpenVpn => ("ovpn", "openvpn", openvpn(&spec)),
        };
        let path = format!("configs/{id}.{ext}");
        r.str("config", path.clone());
        // Most are detected from their content; some say their dialect.
        if rng.pct(30) {
            r.str("config_format", format);
        }
        if spec.decoys > 0 {
            r.str("config_tunnel", spec.peer.clone());
        }
        self.pending = Some(ConfigFile { path, text });
    }

    /// The usage policy: the organisation (which resells a VPN service and
    /// whose B13 licence has lapsed), parameters and the waivers granted.
    fn policy(&self) -> String {
        let mut s = String::new();
        s.push_str(
            "# Usage policy of the synthetic benchmark estate (examples/generate.rs).\n\
             kind: usage-policy\n\
             version: 1\n\
             name: Corp VPN usage policy\n\
             owner: ciso@corp.example\n\
             reviewed: 2026-03-01\n\
             organisation:\n\
             \x20 name: Corp Trading (Shanghai) Co., Ltd.\n\
             \x20 country: CN\n\
             \x20 role: enterprise\n\
             \x20 licences:\n\
             \x20   - { number: B1.B2-20200117, categories: [B13], expires: 2026-09-30 }\n\
             \x20   - { number: 沪B2-20210388, categories: [B21], expires: 2029-06-30 }\n\
             packs: [cn-vpn, vpn-baseline]\n\
             parameters:\n\
             \x20 min_log_retention: 6mo\n\
             \x20 allowed_purposes: [internal-office, cross-border-business, remote-work, managed-service]\n\
             \x20 approved_providers: [Acme SecureAccess, Sangfor EasyConnect]\n",
        );
        if self.waivers.is_empty() {
            s.push_str("waivers: []\n");
            return s;
        }
        s.push_str("waivers:\n");
        for w in &self.waivers {
            let _ = write!(
                s,
                "  - rule: {}\n    vpn: {}\n    reason: {}\n    approved_by: ciso@corp.example\n    ticket: RISK-{}\n    expires: {}\n",
                w.rule, w.vpn, w.reason, w.ticket, w.expires
            );
        }
        s
    }
}

/// A documentation-range address (RFC 5737) for config number `n`.
fn peer_ip(n: usize) -> String {
    let nets = ["203.0.113", "198.51.100", "192.0.2"];
    format!("{}.{}", nets[n % 3], 1 + (n / 3) % 254)
}

// ------------------------------------------------------------------ writers

/// Streams an inventory in one of the three formats.
struct Writer {
    out: BufWriter<File>,
    format: Format,
    first: bool,
    buf: String,
}

impl Writer {
    fn new(file: File, format: Format) -> Writer {
        Writer {
            out: BufWriter::with_capacity(1 << 20, file),
            format,
            first: true,
            buf: String::with_capacity(4096),
        }
    }

    fn begin(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self
                .out
                .write_all(b"{\n  \"kind\": \"inventory\",\n  \"version\": 1,\n  \"vpns\": [\n"),
            Format::Yaml => self.out.write_all(
                b"# Synthetic VPN inventory (examples/generate.rs)\nkind: inventory\nversion: 1\nvpns:\n",
            ),
            Format::Csv => {
                self.out.write_all(CSV_COLUMNS.join(",").as_bytes())?;
                self.out.write_all(b"\n")
            }
        }
    }

    fn end(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.first => self.out.write_all(b"  ]\n}\n")?,
            Format::Json => self.out.write_all(b"\n  ]\n}\n")?,
            Format::Yaml if self.first => {
                // An empty list is still a list.
                self.out.write_all(b"  []\n")?
            }
            _ => {}
        }
        self.out.flush()
    }

    fn vpn(&mut self, r: &Record) -> io::Result<()> {
        self.buf.clear();
        match self.format {
            Format::Json => {
                if !self.first {
                    self.buf.push_str(",\n");
                }
                json_record(&mut self.buf, r);
            }
            Format::Yaml => yaml_record(&mut self.buf, r),
            Format::Csv => csv_record(&mut self.buf, r),
        }
        self.first = false;
        self.out.write_all(self.buf.as_bytes())
    }
}

/// Splits `carrier.operator` into (`carrier`, `operator`).
fn split(path: &str) -> (&str, Option<&str>) {
    match path.split_once('.') {
        Some((g, k)) => (g, Some(k)),
        None => (path, None),
    }
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A value in JSON or YAML flow style, strings written by `string`.
fn write_val(out: &mut String, v: &Val, string: fn(&mut String, &str)) {
    match v {
        Val::Str(s) => string(out, s),
        Val::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::List(l) => {
            out.push('[');
            for (i, s) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                string(out, s);
            }
            out.push(']');
        }
    }
}

fn json_val(out: &mut String, v: &Val) {
    write_val(out, v, json_str);
}

/// One VPN per line: compact, yet every VPN has its own line number.
fn json_record(out: &mut String, r: &Record) {
    out.push_str("    {");
    let mut open_group: Option<&str> = None;
    let mut first = true;
    for (path, v) in &r.fields {
        let (group, key) = split(path);
        match key {
            Some(k) => {
                if open_group != Some(group) {
                    if open_group.is_some() {
                        out.push('}');
                    }
                    if !first {
                        out.push_str(", ");
                    }
                    json_str(out, group);
                    out.push_str(": {");
                    open_group = Some(group);
                } else {
                    out.push_str(", ");
                }
                json_str(out, k);
            }
            None => {
                if open_group.take().is_some() {
                    out.push('}');
                }
                if !first {
                    out.push_str(", ");
                }
                json_str(out, group);
            }
        }
        out.push_str(": ");
        json_val(out, v);
        first = false;
    }
    if open_group.is_some() {
        out.push('}');
    }
    out.push('}');
}

/// A YAML scalar: plain where a person would write it plain, else
/// double-quoted. `NO` stays plain on purpose (SPEC §1: the Norway problem).
fn yaml_scalar(out: &mut String, s: &str) {
    let specials = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| ",[]{}\"'\\".contains(c))
        && (s == "NO" || !specials.contains(&s.to_ascii_lowercase().as_str()))
        && s.parse::<f64>().is_err();
    if plain {
        out.push_str(s);
    } else {
        json_str(out, s);
    }
}

fn yaml_val(out: &mut String, v: &Val) {
    write_val(out, v, yaml_scalar);
}

/// Block style as people write inventories, small groups in flow style.
fn yaml_record(out: &mut String, r: &Record) {
    let mut first = true;
    let mut k = 0;
    while k < r.fields.len() {
        let (group, key) = split(r.fields[k].0);
        out.push_str(if first { "  - " } else { "    " });
        first = false;
        yaml_scalar(out, group);
        out.push(':');
        if key.is_none() {
            out.push(' ');
            // A bare number of days reads as a number in YAML, as intended.
            yaml_val(out, &r.fields[k].1);
            out.push('\n');
            k += 1;
            continue;
        }
        let end = r.fields[k..]
            .iter()
            .position(|(p, _)| split(p).0 != group)
            .map_or(r.fields.len(), |n| k + n);
        let members = &r.fields[k..end];
        if matches!(
            group,
            "local" | "remote" | "approval" | "contract" | "authentication"
        ) {
            out.push_str(" { ");
            for (n, (p, v)) in members.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(split(p).1.unwrap_or_default());
                out.push_str(": ");
                yaml_val(out, v);
            }
            out.push_str(" }\n");
        } else {
            out.push('\n');
            for (p, v) in members {
                out.push_str("      ");
                out.push_str(split(p).1.unwrap_or_default());
                out.push_str(": ");
                yaml_val(out, v);
                out.push('\n');
            }
        }
        k = end;
    }
}

fn csv_cell(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_record(out: &mut String, r: &Record) {
    let mut fields = r.fields.iter().peekable();
    for (n, col) in CSV_COLUMNS.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        if let Some((_, v)) = fields.next_if(|(p, _)| p == col) {
            match v {
                Val::Str(s) => csv_cell(out, s),
                Val::Int(i) => {
                    let _ = write!(out, "{i}");
                }
                Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Val::List(l) => csv_cell(out, &l.join(";")),
            }
        }
    }
    out.push('\n');
}

// ------------------------------------------------------------------ device configs

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dialect {
    CiscoIos,
    StrongSwan,
    Juniper,
    Huawei,
    FortiOs,
    WireGuard,
    OpenVpn,
}

/// What a device configuration says.
struct DeviceSpec {
    host: String,
    peer: String,
    tunnel: String,
    crypto: Device,
    pfs: bool,
    /// The device also offers a legacy proposal the inventory does not declare.
    drift: bool,
    log_host: Option<String>,
    /// Further tunnels to other peers in the same file.
    decoys: usize,
    /// A planted secret: readers must never print it.
    secret: String,
}

impl DeviceSpec {
    /// Every tunnel: (name, peer), the VPN's first.
    fn tunnels(&self) -> Vec<(String, String)> {
        let mut v = vec![(self.tunnel.clone(), self.peer.clone())];
        for d in 0..self.decoys {
            v.push((
                format!("{}-bak{}", self.tunnel, d + 1),
                format!("192.0.2.{}", 200 + d),
            ));
        }
        v
    }
}

fn cisco_ios(s: &DeviceSpec) -> String {
    let mut c = String::new();
    let _ = write!(
        c,
        "Building configuration...\n!\nversion 17.9\nservice timestamps log datetime msec\nservice password-encryption\n!\nhostname {}\n!\n",
        s.host
    );
    let legacy = s.crypto == Device::Legacy;
    if legacy {
        c.push_str(
            "crypto isakmp policy 10\n encr 3des\n hash sha\n authentication pre-share\n group 2\n lifetime 86400\n!\n",
        );
        for (_, peer) in s.tunnels() {
            let _ = writeln!(c, "crypto isakmp key {} address {peer}", s.secret);
        }
        c.push_str(
            "!\ncrypto ipsec transform-set TS-LEGACY esp-3des esp-sha-hmac\n mode tunnel\n!\n",
        );
        for (k, (name, peer)) in s.tunnels().iter().enumerate() {
            let _ = write!(
                c,
                "crypto map WAN-MAP {} ipsec-isakmp\n description {name}\n set peer {peer}\n set transform-set TS-LEGACY\n match address VPN-{}\n",
                10 * (k + 1),
                k + 1
            );
        }
        c.push_str("!\ninterface GigabitEthernet0/0\n description Internet\n ip address 198.51.100.2 255.255.255.252\n crypto map WAN-MAP\n!\n");
    } else {
        let (enc, integ, group, ts) = match s.crypto {
            Device::Cbc => (
                "aes-cbc-256",
                " integrity sha256\n",
                "14",
                "esp-aes 256 esp-sha256-hmac",
            ),
            _ => ("aes-gcm-256", " prf sha384\n", "20", "esp-gcm 256"),
        };
        let _ = write!(
            c,
            "crypto ikev2 proposal PROP-1\n encryption {enc}\n{integ} group {group}\n"
        );
        if s.drift {
            c.push_str(
                "crypto ikev2 proposal PROP-LEGACY\n encryption 3des\n integrity sha1\n group 2\n",
            );
        }
        c.push_str("!\ncrypto ikev2 policy POL-1\n match fvrf any\n proposal PROP-1\n");
        if s.drift {
            c.push_str(" proposal PROP-LEGACY\n");
        }
        c.push_str("!\ncrypto ikev2 keyring KR-SITES\n");
        for (name, peer) in s.tunnels() {
            let _ = write!(
                c,
                " peer {name}\n  address {peer}\n  pre-shared-key {}\n !\n",
                s.secret
            );
        }
        c.push_str("!\ncrypto ikev2 profile PROF-SITES\n");
        for (_, peer) in s.tunnels() {
            let _ = writeln!(c, " match identity remote address {peer} 255.255.255.255");
        }
        let _ = write!(
            c,
            " authentication remote pre-share\n authentication local pre-share\n keyring local KR-SITES\n!\ncrypto ipsec transform-set TS-1 {ts}\n mode tunnel\n!\ncrypto ipsec profile IPSEC-SITES\n set transform-set TS-1\n"
        );
        if s.pfs {
            let _ = writeln!(c, " set pfs group{group}");
        }
        c.push_str(" set ikev2-profile PROF-SITES\n!\n");
        for (k, (name, peer)) in s.tunnels().iter().enumerate() {
            let _ = write!(
                c,
                "interface Tunnel{}\n description {name}\n ip address 169.254.{}.1 255.255.255.252\n tunnel source GigabitEthernet1\n tunnel mode ipsec ipv4\n tunnel destination {peer}\n tunnel protection ipsec profile IPSEC-SITES\n!\n",
                100 + k,
                100 + k
            );
        }
        c.push_str("interface GigabitEthernet1\n ip address 192.0.2.1 255.255.255.0\n!\n");
    }
    if let Some(h) = &s.log_host {
        let _ = writeln!(c, "logging trap informational\nlogging host {h}\n!");
    }
    c.push_str("line vty 0 4\n transport input ssh\n!\nend\n");
    c
}

fn swanctl(s: &DeviceSpec) -> String {
    let (ike, esp) = match s.crypto {
        Device::Cbc => ("aes256-sha256-modp2048", "aes256-sha256-modp2048"),
        _ => ("aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384"),
    };
    let esp = if s.pfs {
        esp.to_string()
    } else {
        esp.rsplit_once('-').map_or(esp, |(a, _)| a).to_string()
    };
    let ike = if s.drift {
        format!("{ike},3des-sha1-modp1024")
    } else {
        ike.to_string()
    };
    let mut c = format!(
        "# /etc/swanctl/swanctl.conf on {}\nconnections {{\n",
        s.host
    );
    for (k, (name, peer)) in s.tunnels().iter().enumerate() {
        let _ = write!(
            c,
            "   {name} {{\n      version = 2\n      local_addrs = 192.0.2.1\n      remote_addrs = {peer}\n      proposals = {ike}\n      local {{\n         auth = psk\n         id = {host}\n      }}\n      remote {{\n         auth = psk\n         id = {peer}\n      }}\n      children {{\n         {name}-net {{\n            local_ts = 10.20.0.0/16\n            remote_ts = 10.{n}.0.0/16\n            esp_proposals = {esp}\n            start_action = trap\n         }}\n      }}\n   }}\n",
            host = s.host,
            n = 100 + k
        );
    }
    c.push_str("}\n\nsecrets {\n");
    for (name, peer) in s.tunnels() {
        let _ = write!(
            c,
            "   ike-{name} {{\n      id = {peer}\n      secret = \"{}\"\n   }}\n",
            s.secret
        );
    }
    c.push_str("}\n");
    c
}

fn juniper(s: &DeviceSpec) -> String {
    let (enc, auth, group) = match s.crypto {
        Device::Cbc => ("aes-256-cbc", Some("sha-256"), "group14"),
        _ => ("aes-256-gcm", None, "group20"),
    };
    let mut c = format!("set system host-name {}\n", s.host);
    c.push_str("set security ike proposal IKE-P authentication-method pre-shared-keys\n");
    let _ = writeln!(c, "set security ike proposal IKE-P dh-group {group}");
    if let Some(a) = auth {
        let _ = writeln!(
            c,
            "set security ike proposal IKE-P authentication-algorithm {a}"
        );
    }
    let _ = writeln!(
        c,
        "set security ike proposal IKE-P encryption-algorithm {enc}"
    );
    c.push_str("set security ike proposal IKE-P lifetime-seconds 28800\n");
    if s.drift {
        c.push_str("set security ike proposal IKE-LEGACY authentication-method pre-shared-keys\nset security ike proposal IKE-LEGACY dh-group group2\nset security ike proposal IKE-LEGACY authentication-algorithm sha1\nset security ike proposal IKE-LEGACY encryption-algorithm 3des-cbc\n");
        c.push_str("set security ike policy IKE-POL proposals [ IKE-P IKE-LEGACY ]\n");
    } else {
        c.push_str("set security ike policy IKE-POL proposals IKE-P\n");
    }
    let _ = writeln!(
        c,
        "set security ike policy IKE-POL pre-shared-key ascii-text \"$9${}\"",
        s.secret
    );
    c.push_str("set security ipsec proposal IPSEC-P protocol esp\n");
    if let Some(a) = auth {
        let _ = writeln!(
            c,
            "set security ipsec proposal IPSEC-P authentication-algorithm hmac-{a}-128"
        );
    }
    let _ = writeln!(
        c,
        "set security ipsec proposal IPSEC-P encryption-algorithm {enc}"
    );
    if s.pfs {
        let _ = writeln!(
            c,
            "set security ipsec policy IPSEC-POL perfect-forward-secrecy keys {group}"
        );
    }
    c.push_str("set security ipsec policy IPSEC-POL proposals IPSEC-P\n");
    for (k, (name, peer)) in s.tunnels().iter().enumerate() {
        let gw = format!("GW-{}", name.to_ascii_uppercase());
        let _ = write!(
            c,
            "set security ike gateway {gw} ike-policy IKE-POL\nset security ike gateway {gw} address {peer}\nset security ike gateway {gw} external-interface ge-0/0/0.0\nset security ike gateway {gw} version v2-only\nset security ipsec vpn {name} bind-interface st0.{k}\nset security ipsec vpn {name} ike gateway {gw}\nset security ipsec vpn {name} ike ipsec-policy IPSEC-POL\nset security ipsec vpn {name} establish-tunnels immediately\n"
        );
    }
    if let Some(h) = &s.log_host {
        let _ = writeln!(c, "set system syslog host {h} any info");
    }
    c
}

fn huawei(s: &DeviceSpec) -> String {
    let mut c = format!("#\nsysname {}\n#\n", s.host);
    let (enc, auth, prf, group, esp_enc, esp_auth, version) = match s.crypto {
        Device::Sm => ("sm4", "sm3", None, None, "sm4", "sm3", 1),
        Device::Legacy => ("3des", "sha1", None, Some("group2"), "3des", "sha1", 1),
        Device::Cbc => (
            "aes-256",
            "sha2-256",
            Some("hmac-sha2-256"),
            Some("group14"),
            "aes-256",
            "sha2-256",
            2,
        ),
        Device::Gcm => (
            "aes-256-gcm",
            "sha2-384",
            Some("hmac-sha2-384"),
            Some("group20"),
            "aes-256-gcm",
            "sha2-384",
            2,
        ),
    };
    let _ = write!(
        c,
        "ike proposal 10\n encryption-algorithm {enc}\n authentication-algorithm {auth}\n"
    );
    if let Some(g) = group {
        let _ = writeln!(c, " dh {g}");
    }
    if let Some(p) = prf {
        let _ = writeln!(c, " prf {p}");
    }
    if s.crypto == Device::Sm {
        c.push_str(" authentication-method digital-envelope\n");
    }
    if s.drift {
        c.push_str("#\nike proposal 20\n encryption-algorithm des\n authentication-algorithm md5\n dh group1\n");
    }
    let _ = write!(c, "#\nike peer {}\n", s.tunnel.to_ascii_uppercase());
    if version == 1 {
        c.push_str(" undo version 2\n exchange-mode main\n");
    } else {
        c.push_str(" undo version 1\n");
    }
    if s.crypto != Device::Sm {
        let _ = writeln!(c, " pre-shared-key cipher %^%#{}%^%#", s.secret);
    }
    c.push_str(" ike-proposal 10\n");
    if s.drift {
        c.push_str(" ike-proposal 20\n");
    }
    let _ = write!(
        c,
        " remote-address {}\n#\nipsec proposal P1\n esp authentication-algorithm {esp_auth}\n esp encryption-algorithm {esp_enc}\n#\nipsec policy MAP1 10 isakmp\n security acl 3000\n ike-peer {}\n proposal P1\n",
        s.peer,
        s.tunnel.to_ascii_uppercase()
    );
    if s.pfs {
        match group {
            Some(g) => {
                let _ = writeln!(c, " pfs dh-{g}");
            }
            None => c.push_str(" pfs dh-group14\n"),
        }
    }
    c.push_str("#\ninterface GigabitEthernet0/0/1\n ip address 198.51.100.2 255.255.255.252\n ipsec policy MAP1\n#\n");
    if let Some(h) = &s.log_host {
        let _ = writeln!(c, "info-center loghost {h}\n#");
    }
    c.push_str("return\n");
    c
}

fn fortios(s: &DeviceSpec) -> String {
    let (p1, p2, dh) = match s.crypto {
        Device::Cbc => ("aes256-sha256", "aes256-sha256", "14"),
        _ => ("aes256gcm-prfsha384", "aes256gcm", "20"),
    };
    let p1 = if s.drift {
        format!("{p1} 3des-sha1")
    } else {
        p1.to_string()
    };
    let mut c = format!(
        "config system global\n    set hostname \"{}\"\nend\nconfig vpn ipsec phase1-interface\n    edit \"{}\"\n        set interface \"wan1\"\n        set ike-version 2\n        set peertype any\n        set net-device disable\n        set proposal {p1}\n        set dhgrp {dh}\n        set remote-gw {}\n        set psksecret ENC {}\n    next\nend\n",
        s.host, s.tunnel, s.peer, s.secret
    );
    let _ = write!(
        c,
        "config vpn ipsec phase2-interface\n    edit \"{t}-p2\"\n        set phase1name \"{t}\"\n        set proposal {p2}\n",
        t = s.tunnel
    );
    if s.pfs {
        let _ = writeln!(c, "        set dhgrp {dh}");
    } else {
        c.push_str("        set pfs disable\n");
    }
    c.push_str("    next\nend\n");
    if let Some(h) = &s.log_host {
        let _ = write!(
            c,
            "config log syslogd setting\n    set status enable\n    set server \"{h}\"\nend\n"
        );
    }
    c
}

fn wireguard(s: &DeviceSpec) -> String {
    format!(
        "# {host}: WireGuard tunnel {t}\n[Interface]\nPrivateKey = {k}{k}{k}{k}AAAA=\nAddress = 10.66.0.1/24\nListenPort = 51820\n\n[Peer]\n# {t}\nPublicKey = {p}{p}{p}{p}BBBB=\nAllowedIPs = 10.66.0.0/24, 10.100.0.0/16\nEndpoint = {peer}:51820\nPersistentKeepalive = 25\n",
        host = s.host,
        t = s.tunnel,
        k = &s.secret[..10],
        p = &s.secret[6..16],
        peer = s.peer
    )
}

fn openvpn(s: &DeviceSpec) -> String {
    let ciphers = if s.drift {
        "cipher BF-CBC\nauth SHA1\n"
    } else {
        "data-ciphers AES-256-GCM:AES-128-GCM\nauth SHA256\n"
    };
    format!(
        "# {host}: OpenVPN client for {t}\nclient\ndev tun\nproto udp\nremote {peer} 1194\nresolv-retry infinite\nnobind\npersist-key\npersist-tun\nremote-cert-tls server\ntls-version-min 1.2\n{ciphers}verb 3\n<tls-crypt>\n-----BEGIN OpenVPN Static key V1-----\n{k}\n-----END OpenVPN Static key V1-----\n</tls-crypt>\n",
        host = s.host,
        t = s.tunnel,
        peer = s.peer,
        k = s.secret
    )
}
