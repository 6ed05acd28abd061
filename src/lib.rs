//! vpnaudit: audits a VPN estate against legal and security obligations.

/// The names of a closed enum's values, in the order of its `ALL`, from its
/// `const fn as_str`: each name is written once, in `as_str`.
macro_rules! names_of {
    ($ty:ident, $n:expr) => {{
        let mut out = [""; $n];
        let mut i = 0;
        while i < $n {
            out[i] = $ty::ALL[i].as_str();
            i += 1;
        }
        out
    }};
}

pub mod audit;
pub mod crypto;
pub mod diag;
pub mod evidence;
pub mod fuzzing;
pub mod history;
pub mod json_schema;
pub mod load;
pub mod model;
pub mod outputs;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod source;
pub mod syntax;
pub mod text;
pub mod validate;
