//! vpnaudit: audits a VPN estate against legal and security obligations.
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
pub mod text;
