//! What the rules see of a VPN and of the organisation: declared fields,
//! derived fields, and typed borrowed views of their values.

use jiff::civil::Date;

use crate::crypto::{Catalogue, CryptoProfile, ProposalCache, Role};
use crate::evidence::store::Loaded;
use crate::evidence::{Dialect, IkeMode, Tunnel};
use crate::model::carriers::Carriers;
use crate::model::fields::{CryptoField, Derived, EvidenceField, FieldSource, OrgField, RuleField};
use crate::model::inventory::{Slot, Vpn};
use crate::model::licence::{Coverage, NATIONWIDE, describe_area};
use crate::model::policy::{Licence, Organisation, UsagePolicy};
use crate::model::schema::field;
use crate::model::schema::{FieldId, Ty, org_default_root};
use crate::model::value::Tri;
use crate::model::value::{Duration, Value};
use crate::rules::data_export::Requirement;
use crate::source::Pos;
use crate::validate::thresholds::Thresholds;

/// A list value, borrowed from wherever it lives.
#[derive(Debug, Clone, Copy)]
pub enum ListRef<'a> {
    Boxed(&'a [Box<str>]),
    Strings(&'a [String]),
}

impl<'a> ListRef<'a> {
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        let (a, b) = match self {
            ListRef::Boxed(l) => (Some(l.iter().map(|s| &**s)), None),
            ListRef::Strings(l) => (None, Some(l.iter().map(String::as_str))),
        };
        a.into_iter().flatten().chain(b.into_iter().flatten())
    }

    pub fn is_empty(self) -> bool {
        match self {
            ListRef::Boxed(l) => l.is_empty(),
            ListRef::Strings(l) => l.is_empty(),
        }
    }
}

/// A field value as a rule sees it.
#[derive(Debug, Clone, Copy)]
pub enum ValueRef<'a> {
    Present,
    Bool(bool),
    Int(i64),
    Text(&'a str),
    Duration(Duration),
    Date(Date),
    List(ListRef<'a>),
}

impl<'a> From<&'a Value> for ValueRef<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Present => ValueRef::Present,
            Value::Bool(b) => ValueRef::Bool(*b),
            Value::Int(i) => ValueRef::Int(*i),
            Value::Text(t) => ValueRef::Text(t),
            Value::Duration(d) => ValueRef::Duration(*d),
            Value::Date(d) => ValueRef::Date(*d),
            Value::List(l) => ValueRef::List(ListRef::Boxed(l)),
        }
    }
}

impl std::fmt::Display for ValueRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueRef::Present => f.write_str("(present)"),
            ValueRef::Bool(b) => write!(f, "{b}"),
            ValueRef::Int(i) => write!(f, "{i}"),
            ValueRef::Text(t) => f.write_str(t),
            ValueRef::Duration(d) => write!(f, "{d}"),
            ValueRef::Date(d) => write!(f, "{d}"),
            ValueRef::List(l) if l.is_empty() => f.write_str("(none)"),
            ValueRef::List(l) => {
                // Items that contain commas themselves are kept apart by "; ".
                let sep = if l.iter().any(|i| i.contains(',')) {
                    "; "
                } else {
                    ", "
                };
                for (i, item) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    f.write_str(item)?;
                }
                Ok(())
            }
        }
    }
}

/// Which crypto a VPN's `crypto.*` fields describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoSource {
    Declared,
    /// Read from the device configuration at this path.
    Device(String),
}

impl std::fmt::Display for CryptoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoSource::Declared => f.write_str("the declared crypto"),
            CryptoSource::Device(p) => write!(f, "the device configuration {p}"),
        }
    }
}

/// IKE, ESP and TLS proposals and authentication keys (each absent when
/// nothing is said).
type Proposals = (
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
);

/// The crypto judged for one VPN.
#[derive(Debug, Clone)]
pub struct JudgedCrypto {
    pub source: CryptoSource,
    pub ike_version: Option<i64>,
    pub ike_mode: Option<String>,
    pub ike: Option<Vec<String>>,
    pub esp: Option<Vec<String>>,
    pub tls: Option<Vec<String>>,
    /// Keys and certificates by algorithm and size (`rsa-2048`).
    pub keys: Option<Vec<String>>,
    pub pfs: Option<bool>,
    /// `None` when no algorithm is declared or found.
    pub profile: Option<CryptoProfile>,
    /// Integrity and PRF algorithms together, as `crypto.integrity`.
    pub integrity: Vec<String>,
}

impl JudgedCrypto {
    /// The crypto a VPN declares in the inventory.
    pub fn declared(vpn: &Vpn, catalogue: &Catalogue) -> JudgedCrypto {
        let list = |id: FieldId| {
            vpn.list(id)
                .map(|l| l.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        let (ike, esp, tls, keys) = (
            list(field::CRYPTO_IKE),
            list(field::CRYPTO_ESP),
            list(field::CRYPTO_TLS),
            list(field::CRYPTO_KEYS),
        );
        let esp_dh = every_has_dh(catalogue, esp.iter().flatten());
        let pfs = match vpn.bool(field::CRYPTO_PFS) {
            Some(declared) => Some(declared || esp_dh),
            None => esp_dh.then_some(true),
        };
        let wireguard = vpn.text(field::PROTOCOL) == Some("wireguard");
        JudgedCrypto::build(
            CryptoSource::Declared,
            vpn.int(field::CRYPTO_IKE_VERSION),
            vpn.text(field::CRYPTO_IKE_MODE).map(str::to_string),
            (ike, esp, tls, keys),
            pfs,
            wireguard,
            catalogue,
        )
    }

    /// The crypto of the tunnels a VPN's configuration defines. Several
    /// tunnels are judged together at their weakest: the lowest IKE version,
    /// aggressive mode if any uses it, PFS only if all have it.
    pub fn configured(
        source: CryptoSource,
        tunnels: &[&Tunnel],
        dialect: Dialect,
        catalogue: &Catalogue,
    ) -> JudgedCrypto {
        let union = |get: fn(&Tunnel) -> &Vec<String>| {
            let mut v: Vec<String> = Vec::new();
            for t in tunnels {
                for p in get(t) {
                    if !v.contains(p) {
                        v.push(p.clone());
                    }
                }
            }
            (!v.is_empty()).then_some(v)
        };
        let ike_version = tunnels
            .iter()
            .filter_map(|t| t.ike_version)
            .min()
            .map(i64::from);
        let ike_mode = if tunnels
            .iter()
            .any(|t| t.ike_mode == Some(IkeMode::Aggressive))
        {
            Some("aggressive".to_string())
        } else if tunnels.iter().any(|t| t.ike_mode == Some(IkeMode::Main)) {
            Some("main".to_string())
        } else {
            None
        };
        let per_tunnel: Vec<Option<bool>> = tunnels
            .iter()
            .map(|t| {
                // The reader's word is final: it read the proposals with the
                // dialect's own rules (appended defaults, optional groups).
                match t.pfs {
                    Some(p) => Some(p),
                    None => every_has_dh(catalogue, t.esp.iter()).then_some(true),
                }
            })
            .collect();
        let pfs = if per_tunnel.contains(&Some(false)) {
            Some(false)
        } else if !per_tunnel.is_empty() && per_tunnel.iter().all(|p| *p == Some(true)) {
            Some(true)
        } else {
            None
        };
        let mut judged = JudgedCrypto::build(
            source,
            ike_version,
            ike_mode,
            (
                union(|t| &t.ike),
                union(|t| &t.esp),
                union(|t| &t.tls),
                union(|t| &t.keys),
            ),
            pfs,
            dialect == Dialect::Wireguard && !tunnels.is_empty(),
            catalogue,
        );
        // A side an IKE tunnel's configuration does not write runs on the
        // platform's built-in defaults, which vary by release: that side is
        // unknown, never "nothing weak in it" (IKE unknown and ESP known is
        // not crypto known). So is a side that names what the file does not
        // define.
        let unwritten: Vec<String> = tunnels
            .iter()
            .flat_map(|t| {
                let uses_ike = t.ike_version.is_some();
                let side = |name: &str| {
                    format!(
                        "{name} of {} (line {}): not configured, the platform's defaults apply",
                        t.name, t.line
                    )
                };
                let ike = (uses_ike && t.ike.is_empty()).then(|| side("IKE"));
                let esp = (uses_ike && t.esp.is_empty()).then(|| side("ESP"));
                let named = t.unresolved.iter().map(|u| format!("{}: {u}", t.name));
                ike.into_iter().chain(esp).chain(named).collect::<Vec<_>>()
            })
            .collect();
        if !unwritten.is_empty()
            && let Some(profile) = judged.profile.as_mut()
        {
            profile.unknown.extend(unwritten);
            profile.national_standard = false;
        }
        judged
    }

    fn build(
        source: CryptoSource,
        ike_version: Option<i64>,
        ike_mode: Option<String>,
        (ike, esp, tls, keys): Proposals,
        pfs: Option<bool>,
        wireguard: bool,
        catalogue: &Catalogue,
    ) -> JudgedCrypto {
        // An ESP (or AH) proposal that encrypts nothing — AES-GMAC, integrity
        // alone — gives the traffic no confidentiality: it is judged as the
        // NULL encryption it is (RFC 4543 names GMAC "ENCR_NULL_AUTH_AES_GMAC").
        let esp_judged: Option<Vec<String>> = esp.as_ref().map(|list| {
            list.iter()
                .map(|p| {
                    if encrypts_nothing(catalogue, p) {
                        format!("{p} null")
                    } else {
                        p.clone()
                    }
                })
                .collect()
        });
        let proposals = ike
            .iter()
            .chain(&esp_judged)
            .chain(&tls)
            .flatten()
            .map(String::as_str);
        let mut profile = with_cache(
            catalogue,
            |c| c.profile(proposals.clone()),
            || CryptoProfile::from_proposals(catalogue, proposals.clone()),
        );
        // WireGuard's suite is fixed by the protocol.
        if profile.is_none() && wireguard {
            profile = Some(crate::crypto::wireguard(catalogue));
        }
        // Traffic that no ESP/AH proposal encrypts is not encrypted by the
        // IKE SA's cipher, which protects only IKE's own messages: the
        // encryption the traffic has is what its proposals give (NULL), so
        // an AH-only tunnel never "uses AES" or "uses SM4" on IKE's say.
        if let (Some(p), Some(list)) = (profile.as_mut(), esp_judged.as_ref())
            && !list.is_empty()
            && esp.iter().flatten().all(|x| encrypts_nothing(catalogue, x))
            && let Some(traffic) = CryptoProfile::from_proposals(catalogue, list.iter())
        {
            p.encryption = traffic.encryption;
        }
        // Keys add their algorithms to what the proposals give; keys alone
        // say nothing of the traffic's protection, so they never make it
        // national-standard.
        if let Some(k) = keys
            .as_ref()
            .and_then(|k| CryptoProfile::from_proposals(catalogue, k.iter()))
        {
            match profile.as_mut() {
                Some(p) => p.merge(k),
                None => {
                    profile = Some(CryptoProfile {
                        national_standard: false,
                        ..k
                    })
                }
            }
        }
        let integrity = profile.as_ref().map_or_else(Vec::new, |p| {
            let mut v: Vec<String> = p.integrity.iter().chain(&p.prf).cloned().collect();
            v.sort();
            v.dedup();
            v
        });
        JudgedCrypto {
            source,
            ike_version,
            ike_mode,
            ike,
            esp,
            tls,
            keys,
            pfs,
            profile,
            integrity,
        }
    }

    /// The configuration's crypto with the inventory's keys where the
    /// configuration states none (a configuration rarely names its key
    /// sizes; an inventory that records them is not overruled by silence).
    pub fn with_keys_of(mut self, declared: &JudgedCrypto, catalogue: &Catalogue) -> JudgedCrypto {
        if self.keys.is_some() {
            return self;
        }
        let Some(keys) = declared.keys.clone() else {
            return self;
        };
        if let Some(k) = CryptoProfile::from_proposals(catalogue, keys.iter()) {
            match self.profile.as_mut() {
                Some(p) => p.merge(k),
                None => {
                    self.profile = Some(CryptoProfile {
                        national_standard: false,
                        ..k
                    })
                }
            }
        }
        self.keys = Some(keys);
        self
    }

    /// Nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self.profile.is_none()
            && self.ike_version.is_none()
            && self.ike_mode.is_none()
            && self.pfs.is_none()
    }

    fn get(&self, field: CryptoField) -> Option<ValueRef<'_>> {
        fn list(l: &[String]) -> ValueRef<'_> {
            ValueRef::List(ListRef::Strings(l))
        }
        let p = self.profile.as_ref();
        match field {
            CryptoField::IkeVersion => self.ike_version.map(ValueRef::Int),
            CryptoField::IkeMode => self.ike_mode.as_deref().map(ValueRef::Text),
            CryptoField::Ike => self.ike.as_deref().map(list),
            CryptoField::Esp => self.esp.as_deref().map(list),
            CryptoField::Tls => self.tls.as_deref().map(list),
            CryptoField::Pfs => self.pfs.map(ValueRef::Bool),
            CryptoField::Encryption => p.map(|p| list(&p.encryption)),
            CryptoField::Integrity => p.map(|_| list(&self.integrity)),
            CryptoField::KeyExchange => p.map(|p| list(&p.key_exchange)),
            CryptoField::Algorithms => p.map(|p| list(&p.algorithms)),
            CryptoField::NationalStandard => p.map(|p| ValueRef::Bool(p.national_standard)),
            CryptoField::Forbidden => p.map(|p| list(&p.forbidden)),
            CryptoField::Deprecated => p.map(|p| list(&p.deprecated)),
            CryptoField::Unknown => p.map(|p| list(&p.unknown)),
        }
    }
}

/// Whether a recognised ESP proposal protects integrity and encrypts
/// nothing (a DH group alone says nothing of the ciphers: not this).
fn encrypts_nothing(catalogue: &Catalogue, proposal: &str) -> bool {
    let judge = |n: &crate::crypto::Normalised| {
        n.unknown.is_empty()
            && n.algorithms.iter().any(|a| a.role == Role::Integrity)
            && !n.algorithms.iter().any(|a| a.role == Role::Encryption)
    };
    with_cache(
        catalogue,
        |c| judge(c.normalise(proposal)),
        || judge(&catalogue.normalise(proposal)),
    )
}

/// Whether every one of `proposals` (and there is one) carries a DH group:
/// only then does ESP enforce PFS, since the peers may settle on any of
/// them — a single proposal without a group (strongSwan's appended defaults,
/// say) is a path without PFS.
fn every_has_dh<'a>(
    catalogue: &Catalogue,
    proposals: impl IntoIterator<Item = &'a String> + Clone,
) -> bool {
    // strongSwan's `none` beside a group makes it optional: no PFS enforced.
    let is_dh = |n: &crate::crypto::Normalised| {
        n.algorithms.iter().any(|a| a.role == Role::KeyExchange)
            && !n.algorithms.iter().any(|a| a.name == "KE-NONE")
    };
    let mut all = proposals.clone().into_iter().peekable();
    if all.peek().is_none() {
        return false;
    }
    with_cache(
        catalogue,
        |c| proposals.clone().into_iter().all(|p| is_dh(c.normalise(p))),
        || {
            proposals
                .clone()
                .into_iter()
                .all(|p| is_dh(&catalogue.normalise(p)))
        },
    )
}

thread_local! {
    /// Estates repeat the same few proposal strings thousands of times:
    /// normalise each once per thread.
    static CACHE: std::cell::RefCell<ProposalCache<'static>> =
        std::cell::RefCell::new(ProposalCache::new(Catalogue::builtin()));
}

/// Runs `cached` with the thread's cache when `catalogue` is the built-in
/// one (the cache is tied to it), else `uncached`.
fn with_cache<T>(
    catalogue: &Catalogue,
    cached: impl FnOnce(&mut ProposalCache<'static>) -> T,
    uncached: impl FnOnce() -> T,
) -> T {
    if std::ptr::eq(catalogue, Catalogue::builtin()) {
        CACHE.with(|c| match c.try_borrow_mut() {
            Ok(mut cache) => cached(&mut cache),
            Err(_) => uncached(),
        })
    } else {
        uncached()
    }
}

/// What a VPN's linked configuration shows.
#[derive(Debug, Clone)]
pub struct EvidenceFacts {
    pub format: String,
    pub tunnels: Vec<String>,
    pub peers: Vec<String>,
    pub log_hosts: Vec<String>,
    pub auth_methods: Vec<String>,
    pub crypto: JudgedCrypto,
    /// The configuration read, and which of its tunnels the VPN is judged
    /// on (indices into its tunnels): for pointing a finding at the line
    /// that decides it.
    pub config: Loaded,
    pub chosen: Vec<usize>,
}

/// One side of a tunnel, for finding which one decides a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ike,
    Esp,
}

/// Where in a device configuration a check on a VPN is decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The configuration file as shown in reports.
    pub path: String,
    /// The deciding line (0: the file as a whole, e.g. a log host it lacks).
    pub line: u32,
    /// The tunnel that breaks the check on its own, when the VPN is judged
    /// on several and one does.
    pub tunnel: Option<String>,
}

impl EvidenceFacts {
    fn read(&self) -> Option<&crate::evidence::store::ReadConfig> {
        self.config.as_ref().as_ref().ok()
    }

    fn tunnel(&self, i: usize) -> Option<&Tunnel> {
        self.read()?.facts.tunnels.get(i)
    }

    /// The evidence of one tunnel alone, or of one side of it (`side`): the
    /// other side left out and the tunnel's IKE version with it, so nothing
    /// counts as unwritten that was only set aside.
    fn narrowed(
        &self,
        i: usize,
        side: Option<Side>,
        catalogue: &Catalogue,
    ) -> Option<EvidenceFacts> {
        let cfg = self.read()?;
        let t = cfg.facts.tunnels.get(i)?;
        match side {
            None => Some(evidence_of(
                &self.config,
                cfg,
                vec![i],
                self.crypto.source.clone(),
                catalogue,
            )),
            Some(side) => {
                let mut one = t.clone();
                match side {
                    Side::Ike => {
                        one.esp.clear();
                        one.tls.clear();
                        one.pfs = None;
                    }
                    Side::Esp => {
                        one.ike.clear();
                        one.ike_mode = None;
                    }
                }
                one.ike_version = None;
                one.unresolved.clear();
                let mut ev = self.clone();
                ev.crypto = JudgedCrypto::configured(
                    self.crypto.source.clone(),
                    &[&one],
                    cfg.dialect,
                    catalogue,
                );
                ev.chosen = vec![i];
                Some(ev)
            }
        }
    }
}

impl VpnFacts {
    /// The configuration line that decides `check` (the failing test of a
    /// finding on `field`, true when it holds): the first tunnel it does
    /// not hold on by itself, and within it the side (IKE proposal, ESP
    /// transform, PFS setting, authentication) it plainly fails on alone (a
    /// side that says nothing decides nothing). `None` when the VPN is not
    /// judged on a configuration.
    pub fn decided(
        &self,
        vpn: &Vpn,
        org: &OrgFacts,
        field: &RuleField,
        check: Option<&dyn Fn(&Subject) -> Tri>,
    ) -> Option<Decided> {
        let catalogue = Catalogue::builtin();
        let on_config = field.is_evidence() || (field.is_crypto() && self.evidence.is_some());
        if !on_config {
            return None;
        }
        if let FieldSource::Derived(Derived::Evidence(EvidenceField::Error)) = field.source {
            // The configuration could not be read: where it stopped.
            let (path, line) = self.error_at.clone()?;
            return Some(Decided {
                path,
                line,
                tunnel: None,
            });
        }
        let ev = self.evidence.as_ref()?;
        let cfg = ev.read()?;
        let path = cfg.display.clone();
        if let FieldSource::Derived(Derived::Evidence(EvidenceField::LogHosts)) = field.source {
            // The file's log hosts belong to no tunnel: the first one's
            // line, or the file as a whole when it names none.
            return Some(Decided {
                path,
                line: cfg.facts.log_host_lines.first().copied().unwrap_or(0),
                tunnel: None,
            });
        }
        let tunnel_line = |i: usize| ev.tunnel(i).map_or(0, |t| t.line);
        let first = *ev.chosen.first()?;
        let Some(check) = check else {
            return Some(Decided {
                path,
                line: tunnel_line(first),
                tunnel: None,
            });
        };
        let alone = |narrow: EvidenceFacts| {
            let facts = VpnFacts {
                evidence: Some(narrow),
                ..self.clone()
            };
            check(&Subject {
                vpn: Some((vpn, &facts)),
                org,
            })
        };
        let breaking = ev.chosen.iter().copied().find(|&i| {
            ev.narrowed(i, None, catalogue)
                .is_some_and(|n| alone(n) != Tri::True)
        });
        let Some(i) = breaking else {
            // No tunnel breaks it alone: the tunnels together do.
            return Some(Decided {
                path,
                line: tunnel_line(first),
                tunnel: None,
            });
        };
        let t = ev.tunnel(i)?;
        let lines = t.lines;
        let pick = |l: u32| if l == 0 { t.line } else { l };
        let line = match field.source {
            FieldSource::Derived(Derived::Crypto(c) | Derived::EvidenceCrypto(c)) => match c {
                CryptoField::IkeVersion | CryptoField::IkeMode | CryptoField::Ike => {
                    pick(lines.ike)
                }
                CryptoField::Esp => pick(lines.esp),
                CryptoField::Tls => pick(if lines.esp != 0 { lines.esp } else { lines.ike }),
                CryptoField::Pfs => pick(if lines.pfs != 0 { lines.pfs } else { lines.esp }),
                _ => {
                    // The side whose proposals break it alone.
                    let side = [Side::Ike, Side::Esp].into_iter().find(|&s| {
                        ev.narrowed(i, Some(s), catalogue)
                            .is_some_and(|n| alone(n) == Tri::False)
                    });
                    match side {
                        Some(Side::Ike) => pick(lines.ike),
                        Some(Side::Esp) => pick(lines.esp),
                        None => t.line,
                    }
                }
            },
            FieldSource::Derived(Derived::Evidence(EvidenceField::AuthMethods)) => pick(lines.auth),
            _ => t.line,
        };
        Some(Decided {
            path,
            line,
            tunnel: (ev.chosen.len() > 1).then(|| t.name.clone()),
        })
    }
}

/// Everything derived for one VPN before its rules run.
#[derive(Debug, Clone)]
pub struct VpnFacts {
    pub countries: Option<Vec<String>>,
    pub cross_border: Option<bool>,
    pub declared: JudgedCrypto,
    /// Read from the linked configuration.
    pub evidence: Option<EvidenceFacts>,
    /// Why the linked configuration gave no evidence.
    pub evidence_error: Option<String>,
    /// The configuration file and line that error is at (a file that could
    /// not be read; not a tunnel the configuration lacks).
    pub error_at: Option<(String, u32)>,
    /// Declared vs configured crypto, when both exist.
    pub drift: Option<Vec<String>>,
}

impl VpnFacts {
    /// Derives the facts of `vpn`; `config` is its linked configuration, read.
    pub fn derive(vpn: &Vpn, catalogue: &Catalogue, config: Option<&Loaded>) -> VpnFacts {
        let local = vpn.text(field::LOCAL_COUNTRY);
        let remote = vpn.text(field::REMOTE_COUNTRY);
        let mut countries: Vec<String> = local
            .iter()
            .chain(remote.iter())
            .map(|c| c.to_string())
            .collect();
        countries.dedup();
        let cross_border = match (local, remote) {
            (Some(l), Some(r)) => Some(l != r),
            _ => None,
        };
        let declared = JudgedCrypto::declared(vpn, catalogue);
        let (evidence, evidence_error, error_at) = match config {
            None => (None, None, None),
            Some(loaded) => match &**loaded {
                Err(e) => (None, Some(e.to_string()), Some((e.display.clone(), e.line))),
                Ok(cfg) => match select(loaded, cfg, vpn.text(field::CONFIG_TUNNEL), catalogue) {
                    Ok(mut ev) => {
                        ev.crypto = ev.crypto.with_keys_of(&declared, catalogue);
                        (Some(ev), None, None)
                    }
                    Err(e) => (None, Some(e), None),
                },
            },
        };
        let drift = evidence
            .as_ref()
            .filter(|_| !declared.is_empty())
            .map(|e| drift(&declared, &e.crypto));
        VpnFacts {
            countries: (!countries.is_empty()).then_some(countries),
            cross_border,
            declared,
            evidence,
            evidence_error,
            error_at,
            drift,
        }
    }

    /// The crypto the rules judge: the device's when its configuration was
    /// read, else the declared.
    pub fn judged(&self) -> &JudgedCrypto {
        self.evidence.as_ref().map_or(&self.declared, |e| &e.crypto)
    }
}

/// Narrows a configuration to the VPN's `config_tunnel` (a tunnel name or
/// peer), or takes all of its tunnels.
fn select(
    loaded: &Loaded,
    cfg: &crate::evidence::store::ReadConfig,
    wanted: Option<&str>,
    catalogue: &Catalogue,
) -> Result<EvidenceFacts, String> {
    let all: Vec<usize> = (0..cfg.facts.tunnels.len()).collect();
    let tunnel = |i: usize| &cfg.facts.tunnels[i];
    let (chosen, scope): (Vec<usize>, String) = match wanted {
        Some(w) => {
            let hits: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| {
                    let t = tunnel(i);
                    t.name.eq_ignore_ascii_case(w)
                        || t.peer.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(w))
                })
                .collect();
            if hits.is_empty() {
                let names: Vec<&str> = cfg.facts.tunnels.iter().map(|t| t.name.as_str()).collect();
                let known = if names.is_empty() {
                    "it defines none".to_string()
                } else {
                    format!("it defines {}", names.join(", "))
                };
                return Err(format!(
                    "{}: no tunnel or peer \"{w}\" ({known})",
                    cfg.display
                ));
            }
            (hits, format!("tunnel {w}"))
        }
        None if all.len() == 1 => (all.clone(), format!("tunnel {}", tunnel(0).name)),
        None => (
            all.clone(),
            format!(
                "all {} tunnels together; set config_tunnel to judge one",
                all.len()
            ),
        ),
    };
    let source = CryptoSource::Device(format!("{} ({scope})", cfg.display));
    Ok(evidence_of(loaded, cfg, chosen, source, catalogue))
}

/// The evidence of the `chosen` tunnels of a configuration.
fn evidence_of(
    loaded: &Loaded,
    cfg: &crate::evidence::store::ReadConfig,
    chosen: Vec<usize>,
    source: CryptoSource,
    catalogue: &Catalogue,
) -> EvidenceFacts {
    let tunnels: Vec<&Tunnel> = chosen.iter().map(|&i| &cfg.facts.tunnels[i]).collect();
    let crypto = JudgedCrypto::configured(source, &tunnels, cfg.dialect, catalogue);
    let mut peers: Vec<String> = tunnels.iter().filter_map(|t| t.peer.clone()).collect();
    peers.dedup();
    let mut auth: Vec<String> = tunnels
        .iter()
        .flat_map(|t| t.auth.iter().map(|a| a.as_str().to_string()))
        .collect();
    auth.sort();
    auth.dedup();
    EvidenceFacts {
        format: cfg.dialect.as_str().to_string(),
        tunnels: tunnels.iter().map(|t| t.name.clone()).collect(),
        peers,
        log_hosts: cfg.facts.log_hosts.clone(),
        auth_methods: auth,
        crypto,
        config: loaded.clone(),
        chosen,
    }
}

/// What differs between declared and configured crypto, both ways.
fn drift(declared: &JudgedCrypto, configured: &JudgedCrypto) -> Vec<String> {
    let mut out = Vec::new();
    let algs = |c: &JudgedCrypto| c.profile.as_ref().map(|p| p.algorithms.clone());
    if let (Some(d), Some(c)) = (algs(declared), algs(configured)) {
        for a in d.iter().filter(|a| !c.contains(a)) {
            out.push(format!("{a} declared, not configured"));
        }
        // A PRF the configuration derives from its integrity algorithm
        // (strongSwan: "If no PRF is given, the algorithms defined for
        // integrity are used for the PRF", ipsec.conf(5)) is what a declared
        // proposal naming that integrity algorithm and no PRF means too.
        let implied = |a: &str| {
            declared.profile.as_ref().is_some_and(|p| {
                p.prf.is_empty()
                    && a.strip_prefix("PRF-")
                        .is_some_and(|x| p.integrity.iter().any(|i| i == x))
            })
        };
        for a in c.iter().filter(|a| !d.contains(a) && !implied(a)) {
            out.push(format!("{a} configured, not declared"));
        }
    } else if let Some(c) =
        algs(configured).filter(|_| declared.profile.is_none() && !declared.is_empty())
    {
        for a in c {
            out.push(format!("{a} configured, not declared"));
        }
    }
    if let (Some(d), Some(c)) = (declared.ike_version, configured.ike_version)
        && d != c
    {
        out.push(format!("IKE version declared {d}, configured {c}"));
    }
    if let (Some(d), Some(c)) = (&declared.ike_mode, &configured.ike_mode)
        && d != c
    {
        out.push(format!("IKE mode declared {d}, configured {c}"));
    }
    if let (Some(d), Some(c)) = (declared.pfs, configured.pfs)
        && d != c
    {
        out.push(format!("PFS declared {d}, configured {c}"));
    }
    out
}

/// The categories of the licences valid in every region the services are
/// sold in, and why: a business covering two or more provinces needs a
/// licence covering them all, which only MIIT issues (Telecommunications
/// Regulations Art. 9), so two provincial licences do not add up.
fn where_sold(org: &Organisation, as_of: Date, services: &[&Vpn]) -> (Vec<String>, Option<String>) {
    let valid: Vec<&Licence> = org
        .licences
        .iter()
        .filter(|l| l.expires.is_none_or(|e| e >= as_of))
        .collect();
    let org_area = org
        .defaults
        .get(field::SERVICE_AREA as usize)
        .and_then(Option::as_ref);
    let mut sold: Vec<&str> = Vec::new();
    let mut unrecorded: Vec<&str> = Vec::new();
    for v in services {
        match v.get(field::SERVICE_AREA).or(org_area).map(|s| &s.value) {
            Some(Value::List(items)) => sold.extend(items.iter().map(|i| &**i)),
            _ => unrecorded.push(&v.id),
        }
    }
    sold.sort_unstable();
    sold.dedup();
    let covers = |c: &Option<Coverage>| match c {
        Some(Coverage::Nationwide) => true,
        _ if !unrecorded.is_empty() || sold.contains(&NATIONWIDE) => false,
        Some(c) => sold.iter().all(|a| c.includes(a)),
        None => sold.is_empty(),
    };
    let mut categories: Vec<String> = valid
        .iter()
        .filter(|l| covers(&l.coverage))
        .flat_map(|l| l.held_categories().iter().cloned())
        .collect();
    categories.sort();
    categories.dedup();
    if services.is_empty() {
        return (categories, None);
    }
    let mut parts = Vec::new();
    if !sold.is_empty() {
        let areas: Vec<String> = sold.iter().map(|a| describe_area(a)).collect();
        parts.push(format!("sold in {}", areas.join(", ")));
    }
    if !unrecorded.is_empty() {
        parts.push(format!(
            "{} records no service_area (only a nationwide licence covers it)",
            unrecorded.join(", ")
        ));
    }
    for l in &org.licences {
        let Some(number) = &l.number else {
            continue;
        };
        if let Some(e) = l.expires.filter(|e| *e < as_of) {
            parts.push(format!("{number} expired {e}"));
            continue;
        }
        let Some(p) = &l.parsed else {
            parts.push(format!("{number} is not a licence number"));
            continue;
        };
        if !l.not_on_number.is_empty() {
            parts.push(format!(
                "{} not on {number}, which holds {}",
                l.not_on_number.join(", "),
                p.holds_description()
            ));
        }
        if l.held_categories().is_empty() {
            continue;
        }
        let coverage = match &l.coverage {
            Some(c) => format!("covers {}", c.describe()),
            None => "records no coverage".to_string(),
        };
        parts.push(format!(
            "{number} ({}, {}) {coverage}",
            p.issued_by(),
            l.held_categories().join(", ")
        ));
    }
    (categories, Some(parts.join("; ")))
}

/// The organisation as rules see it.
#[derive(Debug, Clone)]
pub struct OrgFacts {
    pub name: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub licence_categories: Vec<String>,
    pub licence_categories_where_sold: Vec<String>,
    /// Where the services are sold against each licence's coverage, for
    /// the finding (`None` when nothing is sold).
    pub licence_area_detail: Option<String>,
    pub offers_service: bool,
    /// A service VPN crosses a border; `None` while a service VPN's
    /// countries are not both known and none is known to cross.
    pub offers_cross_border_service: Option<bool>,
    /// The export mechanism the declared volumes need; `None` while they
    /// cannot decide it.
    pub data_export_required: Option<Requirement>,
    pub data_export_basis: Option<String>,
    pub policy_name: Option<String>,
    pub policy_owner: Option<String>,
    pub policy_reviewed: Option<Date>,
    /// Countries of every VPN endpoint, for organisation-rule jurisdiction.
    pub endpoint_countries: Vec<String>,
    /// Positions in the policy file, for blaming a field.
    pub positions: Vec<(OrgField, Pos)>,
    /// The inventory fields the organisation gives every VPN (a slot per
    /// field id; empty when it gives none).
    pub defaults: Vec<Option<Slot>>,
    /// The usage policy file (`None` for the built-in policy).
    pub policy_path: Option<String>,
}

impl OrgFacts {
    pub fn new(
        policy: &UsagePolicy,
        vpns: &[Vpn],
        as_of: Date,
        thresholds: &Thresholds,
    ) -> OrgFacts {
        let org = &policy.organisation;
        let valid: Vec<&Licence> = org
            .licences
            .iter()
            .filter(|l| l.expires.is_none_or(|e| e >= as_of))
            .collect();
        let mut categories: Vec<String> = valid
            .iter()
            .flat_map(|l| l.held_categories().iter().cloned())
            .collect();
        categories.sort();
        categories.dedup();
        let services: Vec<&Vpn> = vpns
            .iter()
            .filter(|v| {
                v.get(field::TYPE)
                    .is_some_and(|s| s.value == Value::Text("service".into()))
            })
            .collect();
        let offers_service = !services.is_empty();
        let (licence_categories_where_sold, licence_area_detail) =
            where_sold(org, as_of, &services);
        let mut offers_cross_border_service = Some(false);
        for v in services {
            match (v.text(field::LOCAL_COUNTRY), v.text(field::REMOTE_COUNTRY)) {
                (Some(l), Some(r)) if l != r => {
                    offers_cross_border_service = Some(true);
                    break;
                }
                (Some(_), Some(_)) => {}
                _ => offers_cross_border_service = None,
            }
        }
        let mut endpoint_countries: Vec<String> = vpns
            .iter()
            .flat_map(|v| [v.text(field::LOCAL_COUNTRY), v.text(field::REMOTE_COUNTRY)])
            .flatten()
            .map(str::to_string)
            .collect();
        endpoint_countries.sort();
        endpoint_countries.dedup();
        let mut positions = Vec::new();
        if let Some(n) = &org.name {
            positions.push((OrgField::Name, n.pos));
        }
        if let Some(c) = &org.country {
            positions.push((OrgField::Country, c.pos));
        }
        if let Some(r) = &org.role {
            positions.push((OrgField::Role, r.pos));
        }
        if let Some(p) = org.pos {
            positions.push((OrgField::LicenceCategories, p));
            positions.push((OrgField::LicenceCategoriesWhereSold, p));
        }
        if let Some(r) = &policy.reviewed {
            positions.push((OrgField::PolicyReviewed, r.pos));
        }
        if let Some(slot) = org
            .defaults
            .get(field::CII as usize)
            .and_then(Option::as_ref)
        {
            positions.push((OrgField::Cii, slot.pos));
        }
        if let Some(d) = &org.data_export {
            positions.push((OrgField::DataExportRequired, d.pos));
            let basis = d.basis.as_ref().map_or(d.pos, |b| b.pos);
            positions.push((OrgField::DataExportBasis, basis));
        }
        OrgFacts {
            name: org.name.as_ref().map(|n| n.value.clone()),
            country: org.country.as_ref().map(|n| n.value.clone()),
            role: org.role.as_ref().map(|n| n.value.clone()),
            licence_categories: categories,
            licence_categories_where_sold,
            licence_area_detail,
            offers_service,
            offers_cross_border_service,
            data_export_required: crate::rules::data_export::required(
                org,
                crate::rules::data_export::cii_operator(org, vpns),
                thresholds,
            ),
            data_export_basis: org
                .data_export
                .as_ref()
                .and_then(|d| d.basis.as_ref())
                .map(|b| b.value.clone()),
            policy_name: policy.name.clone(),
            policy_owner: policy.owner.clone(),
            policy_reviewed: policy.reviewed.as_ref().map(|r| r.value),
            endpoint_countries,
            positions,
            defaults: org.defaults.clone(),
            policy_path: policy.path.clone(),
        }
    }

    /// The organisation's default of an inventory field.
    pub fn default_of(&self, field: FieldId) -> Option<&Slot> {
        self.defaults.get(field as usize)?.as_ref()
    }

    fn get(&self, field: OrgField) -> Option<ValueRef<'_>> {
        match field {
            OrgField::Name => self.name.as_deref().map(ValueRef::Text),
            OrgField::Country => self.country.as_deref().map(ValueRef::Text),
            OrgField::Role => self.role.as_deref().map(ValueRef::Text),
            OrgField::LicenceCategories => {
                Some(ValueRef::List(ListRef::Strings(&self.licence_categories)))
            }
            OrgField::LicenceCategoriesWhereSold => Some(ValueRef::List(ListRef::Strings(
                &self.licence_categories_where_sold,
            ))),
            OrgField::OffersService => Some(ValueRef::Bool(self.offers_service)),
            OrgField::OffersCrossBorderService => {
                self.offers_cross_border_service.map(ValueRef::Bool)
            }
            OrgField::Cii => self
                .default_of(field::CII)
                .map(|s| ValueRef::from(&s.value)),
            OrgField::DataExportRequired => self
                .data_export_required
                .as_ref()
                .map(|r| ValueRef::Text(r.required.as_str())),
            OrgField::DataExportBasis => self.data_export_basis.as_deref().map(ValueRef::Text),
            OrgField::PolicyName => self.policy_name.as_deref().map(ValueRef::Text),
            OrgField::PolicyOwner => self.policy_owner.as_deref().map(ValueRef::Text),
            OrgField::PolicyReviewed => self.policy_reviewed.map(ValueRef::Date),
        }
    }

    pub fn pos_of(&self, field: OrgField) -> Option<Pos> {
        self.positions
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| *p)
    }
}

fn evidence_value(facts: &VpnFacts, field: EvidenceField) -> Option<ValueRef<'_>> {
    fn list(l: &[String]) -> ValueRef<'_> {
        ValueRef::List(ListRef::Strings(l))
    }
    match field {
        EvidenceField::Error => facts.evidence_error.as_deref().map(ValueRef::Text),
        EvidenceField::Drift => facts
            .drift
            .as_ref()
            .map(|d| ValueRef::List(ListRef::Strings(d))),
        _ => {
            let e = facts.evidence.as_ref()?;
            Some(match field {
                EvidenceField::Format => ValueRef::Text(&e.format),
                EvidenceField::Tunnels => list(&e.tunnels),
                EvidenceField::Peers => list(&e.peers),
                EvidenceField::LogHosts => list(&e.log_hosts),
                EvidenceField::AuthMethods => list(&e.auth_methods),
                EvidenceField::Error | EvidenceField::Drift => return None,
            })
        }
    }
}

/// The target a rule is evaluated on.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub vpn: Option<(&'a Vpn, &'a VpnFacts)>,
    pub org: &'a OrgFacts,
}

impl<'a> Subject<'a> {
    /// An inventory field's slot: the VPN's own, or for a field the
    /// organisation may default and the VPN does not give (the whole
    /// top-level field: a VPN's `mlps` is taken whole), the organisation's
    /// (then `true`).
    pub fn slot(&self, id: FieldId) -> Option<(&'a Slot, bool)> {
        let vpn = self.vpn.map(|(v, _)| v);
        let Some(root) = org_default_root(id) else {
            return vpn?.get(id).map(|s| (s, false));
        };
        match vpn {
            Some(v) if v.get(root).is_some() => v.get(id).map(|s| (s, false)),
            _ => self.org.default_of(id).map(|s| (s, true)),
        }
    }

    /// The commercial-cryptography duty of the VPN's system, and the field
    /// that decides it (`mlps.level` when both do; none while unknown).
    pub fn crypto_duty(&self) -> (Option<&'static str>, Option<FieldId>) {
        let cii = self.slot(field::CII).and_then(|(s, _)| match s.value {
            Value::Bool(b) => Some(b),
            _ => None,
        });
        let level = self
            .slot(field::MLPS_LEVEL)
            .and_then(|(s, _)| match s.value {
                Value::Int(i) => Some(i),
                _ => None,
            });
        match (cii, level) {
            (Some(true), _) => (Some("cii"), Some(field::CII)),
            (_, Some(l)) if l >= 3 => (Some("mlps-3"), Some(field::MLPS_LEVEL)),
            (Some(false), Some(_)) => (Some("none"), Some(field::MLPS_LEVEL)),
            _ => (None, None),
        }
    }

    /// The inventory field a rule field's value was read from (for blame).
    pub fn read_from(&self, source: &FieldSource) -> Option<FieldId> {
        match *source {
            FieldSource::Vpn(id) => Some(id),
            FieldSource::Derived(Derived::CryptoDuty) => self.crypto_duty().1,
            _ => None,
        }
    }

    /// Where in the usage policy a VPN finding's value came from, when the
    /// VPN does not give it and the organisation does.
    pub fn from_organisation(&self, field: &RuleField) -> Option<Pos> {
        self.vpn?;
        let id = self.read_from(&field.source)?;
        match self.slot(id)? {
            (s, true) => Some(s.pos),
            (_, false) => None,
        }
    }

    /// Why a derived field has its value, for the finding's `actual`
    /// ("false: AES-256-GCM, SHA-256 are not national-standard").
    pub fn detail(&self, field: &RuleField) -> Option<String> {
        if field.source == FieldSource::Org(OrgField::LicenceCategoriesWhereSold) {
            return self.org.licence_area_detail.clone();
        }
        if field.source == FieldSource::Org(OrgField::DataExportRequired) {
            return self
                .org
                .data_export_required
                .as_ref()
                .map(|r| r.reason.clone());
        }
        let (vpn, facts) = self.vpn?;
        match field.source {
            FieldSource::Derived(Derived::Crypto(CryptoField::NationalStandard))
            | FieldSource::Derived(Derived::EvidenceCrypto(CryptoField::NationalStandard)) => {
                let crypto = match field.source {
                    FieldSource::Derived(Derived::EvidenceCrypto(_)) => {
                        &facts.evidence.as_ref()?.crypto
                    }
                    _ => facts.judged(),
                };
                let p = crypto.profile.as_ref()?;
                if p.national_standard {
                    return None;
                }
                let cat = Catalogue::builtin();
                let foreign: Vec<&str> = p
                    .algorithms
                    .iter()
                    .filter(|a| cat.algorithm(a).is_none_or(|a| !a.national_standard))
                    .map(String::as_str)
                    .collect();
                let mut parts = Vec::new();
                if !foreign.is_empty() {
                    parts.push(format!("{} not national-standard", foreign.join(", ")));
                }
                if !p.unknown.is_empty() {
                    parts.push(format!("unrecognised: {}", p.unknown.join(", ")));
                }
                if parts.is_empty() && p.encryption.is_empty() && p.key_exchange.is_empty() {
                    parts.push(
                        "only keys are recorded, no proposal says how the traffic is protected"
                            .into(),
                    );
                }
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            FieldSource::Derived(Derived::CryptoDuty) => {
                let show = |id: FieldId| {
                    let path = crate::model::schema::VPN_FIELDS[id as usize].path;
                    let (slot, org) = self.slot(id)?;
                    let whose = if org { " (the organisation's)" } else { "" };
                    let v = ValueRef::from(&slot.value);
                    Some(format!("{path} {v}{whose}"))
                };
                let parts: Vec<String> = [show(field::CII), show(field::MLPS_LEVEL)]
                    .into_iter()
                    .flatten()
                    .collect();
                Some(if parts.is_empty() {
                    "neither cii nor mlps.level is known".to_string()
                } else {
                    parts.join(", ")
                })
            }
            FieldSource::Derived(Derived::CrossBorder) => {
                let (l, r) = (
                    vpn.text(field::LOCAL_COUNTRY)?,
                    vpn.text(field::REMOTE_COUNTRY)?,
                );
                let outside = [l, r]
                    .into_iter()
                    .find(|c| matches!(*c, "HK" | "MO" | "TW"))
                    .filter(|_| [l, r].contains(&"CN"));
                Some(match outside {
                    Some(region) => format!(
                        "{l} to {r}: {} is outside the mainland (境外, 港澳台地区)",
                        crate::text::region_name(region)
                    ),
                    None => format!("{l} to {r}"),
                })
            }
            FieldSource::Vpn(id) if field.ty == Ty::Carrier => {
                Carriers::builtin().describe(vpn.text(id)?)
            }
            // The licence to record is the mainland side's: an international
            // arm is incorporated abroad and holds no MIIT licence.
            FieldSource::Vpn(field::CARRIER_LICENCE) => {
                let (c, _) = Carriers::builtin().resolve(vpn.text(field::CARRIER_OPERATOR)?)?;
                let mainland = c.mainland.as_ref()?;
                Some(format!(
                    "{} is incorporated in {}: record the MIIT licence of the mainland side, {mainland}",
                    c.name,
                    crate::text::region_name(&c.region)
                ))
            }
            _ => None,
        }
    }

    pub fn get(&self, field: &RuleField) -> Option<ValueRef<'a>> {
        match field.source {
            FieldSource::Org(f) => self.org.get(f),
            FieldSource::Vpn(id) => self.slot(id).map(|(s, _)| ValueRef::from(&s.value)),
            FieldSource::Derived(Derived::CryptoDuty) => {
                self.vpn?;
                self.crypto_duty().0.map(ValueRef::Text)
            }
            FieldSource::Derived(d) => {
                let (_, facts) = self.vpn?;
                match d {
                    Derived::Countries => facts
                        .countries
                        .as_ref()
                        .map(|c| ValueRef::List(ListRef::Strings(c))),
                    Derived::CrossBorder => facts.cross_border.map(ValueRef::Bool),
                    Derived::Crypto(c) => facts.judged().get(c),
                    Derived::EvidenceCrypto(c) => {
                        facts.evidence.as_ref().and_then(|e| e.crypto.get(c))
                    }
                    Derived::Evidence(e) => evidence_value(facts, e),
                    Derived::CryptoDuty => None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tunnel(ike: &[&str], esp: &[&str]) -> Tunnel {
        Tunnel {
            name: "t".into(),
            line: 1,
            ike_version: Some(2),
            ike: ike.iter().map(|s| s.to_string()).collect(),
            esp: esp.iter().map(|s| s.to_string()).collect(),
            ..Tunnel::default()
        }
    }

    fn encryption(t: &Tunnel) -> Vec<String> {
        let c = JudgedCrypto::configured(
            CryptoSource::Declared,
            &[t],
            Dialect::StrongswanIpsec,
            Catalogue::builtin(),
        );
        c.profile.unwrap().encryption
    }

    #[test]
    fn traffic_no_proposal_encrypts_has_no_encryption_from_ike() {
        // AH (RFC 4302) and AES-GMAC (RFC 4543) encrypt nothing: the IKE
        // SA's AES-256 protects IKE, not the traffic.
        let ah = tunnel(&["aes256-sha256-modp2048"], &["sha256-modp2048"]);
        assert_eq!(encryption(&ah), ["NULL"]);
        let gmac = tunnel(&["aes256-sha256-modp2048"], &["aes128gmac-modp2048"]);
        assert_eq!(encryption(&gmac), ["NULL"]);
        // One encrypting proposal among them: the union, as for any tunnel.
        let mixed = tunnel(
            &["aes256-sha256-modp2048"],
            &["aes128gmac-modp2048", "aes128gcm16-modp2048"],
        );
        let e = encryption(&mixed);
        assert!(e.contains(&"AES-256-CBC".to_string()), "{e:?}");
        assert!(e.contains(&"AES-128-GCM".to_string()), "{e:?}");
    }
}
