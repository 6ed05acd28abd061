//! The files an audit read, as reports list them.

/// What an input file is, by its `kind:` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Inventory,
    UsagePolicy,
    Obligations,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Inventory => "inventory",
            Kind::UsagePolicy => "usage-policy",
            Kind::Obligations => "obligations",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Inventory, Kind::UsagePolicy, Kind::Obligations]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A file the audit read.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub kind: Kind,
    pub sha256: String,
}
