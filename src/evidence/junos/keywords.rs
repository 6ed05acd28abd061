//! What Junos keywords stand for: the `authentication-method` values of an
//! IKE proposal, and the proposals (with their authentication or PFS group)
//! of the predefined IKE and IPsec `proposal-set`s, whose table and sources
//! are in the `junos` module documentation.

use crate::evidence::AuthMethod;

/// `authentication-method` of an IKE proposal.
pub(super) fn auth_method(method: &str) -> Option<AuthMethod> {
    match method {
        "pre-shared-keys" => Some(AuthMethod::Psk),
        "rsa-signatures" | "dsa-signatures" | "certificates" | "digital-signature" => {
            Some(AuthMethod::Certificate)
        }
        m if m.starts_with("ecdsa-signatures") => Some(AuthMethod::Certificate),
        _ => None,
    }
}

/// IKE proposals of a predefined `proposal-set`, and its authentication.
pub(super) fn ike_proposal_set(set: &str) -> Option<(&'static [&'static str], AuthMethod)> {
    Some(match set {
        "basic" => (
            &["des-cbc sha1 group1", "des-cbc md5 group1"][..],
            AuthMethod::Psk,
        ),
        "compatible" => (
            &[
                "3des-cbc sha1 group2",
                "3des-cbc md5 group2",
                "des-cbc sha1 group2",
                "des-cbc md5 group2",
            ][..],
            AuthMethod::Psk,
        ),
        "standard" => (
            &["aes-128-cbc sha1 group2", "3des-cbc sha1 group2"][..],
            AuthMethod::Psk,
        ),
        "suiteb-gcm-128" => (
            &["aes-128-cbc sha-256 group19"][..],
            AuthMethod::Certificate,
        ),
        "suiteb-gcm-256" => (
            &["aes-256-cbc sha-384 group20"][..],
            AuthMethod::Certificate,
        ),
        "prime-128" => (
            &["aes-128-gcm prf sha-256 group19"][..],
            AuthMethod::Certificate,
        ),
        "prime-256" => (
            &["aes-256-gcm prf sha-384 group20"][..],
            AuthMethod::Certificate,
        ),
        _ => return None,
    })
}

/// ESP proposals of a predefined IPsec `proposal-set`, and its PFS group.
pub(super) fn ipsec_proposal_set(
    set: &str,
) -> Option<(&'static [&'static str], Option<&'static str>)> {
    Some(match set {
        "basic" => (&["des-cbc hmac-sha1-96", "des-cbc hmac-md5-96"][..], None),
        "compatible" => (
            &[
                "3des-cbc hmac-sha1-96",
                "3des-cbc hmac-md5-96",
                "des-cbc hmac-sha1-96",
                "des-cbc hmac-md5-96",
            ][..],
            None,
        ),
        "standard" => (
            &["aes-128-cbc hmac-sha1-96", "3des-cbc hmac-sha1-96"][..],
            Some("group2"),
        ),
        "suiteb-gcm-128" | "prime-128" => (&["aes-128-gcm"][..], Some("group19")),
        "suiteb-gcm-256" | "prime-256" => (&["aes-256-gcm"][..], Some("group20")),
        _ => return None,
    })
}
