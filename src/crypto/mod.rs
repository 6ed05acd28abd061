//! TEMPORARY interface stand-in while the catalogue is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role { Encryption, Integrity, Prf, KeyExchange, Signature }
#[derive(Debug)]
pub struct Algorithm { pub name: String, pub role: Role }
pub struct Normalised { pub algorithms: Vec<&'static Algorithm>, pub unknown: Vec<String> }
pub struct Catalogue;
impl Catalogue {
    pub fn builtin() -> &'static Catalogue { &Catalogue }
    pub fn normalise(&self, _p: &str) -> Normalised { Normalised { algorithms: vec![], unknown: vec![] } }
}
#[derive(Debug, Clone, Default)]
pub struct CryptoProfile {
    pub encryption: Vec<String>, pub integrity: Vec<String>, pub prf: Vec<String>, pub key_exchange: Vec<String>, pub signature: Vec<String>,
    pub algorithms: Vec<String>, pub national_standard: bool, pub forbidden: Vec<String>, pub deprecated: Vec<String>, pub unknown: Vec<String>,
}
impl CryptoProfile {
    pub fn from_proposals<'a>(_c: &Catalogue, p: impl IntoIterator<Item = &'a str>) -> Option<CryptoProfile> { p.into_iter().next().map(|_| CryptoProfile::default()) }
    pub fn wireguard(_c: &Catalogue) -> CryptoProfile { CryptoProfile::default() }
}
