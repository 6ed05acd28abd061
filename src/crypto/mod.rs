//! Cryptographic algorithm catalogue and proposal normaliser.
//!
//! `policies/algorithms.yaml` (embedded, see [`Catalogue::builtin`]) lists
//! every algorithm under a canonical name with its role, status and whether
//! it is a Chinese national standard (SM1/2/3/4/9, ZUC), plus the aliases of
//! each vendor dialect and whole TLS/TLCP suite names. The naming scheme is
//! documented at the top of that file.
//!
//! [`Catalogue::normalise`] turns one proposal string (strongSwan, Cisco,
//! Juniper, Huawei/H3C, FortiOS, OpenVPN, TLS/TLCP suite) into catalogue
//! entries plus the parts it did not recognise; [`CryptoProfile`] sums up all
//! proposals of one VPN. Normalising is not cached inside the catalogue:
//! callers that see the same strings many times keep a [`ProposalCache`]
//! (one per thread, no locking).

pub mod catalogue;
pub mod proposal;

pub use catalogue::{Algorithm, Catalogue, Role, Status};
pub use proposal::{CryptoProfile, Normalised, ProposalCache, wireguard};
