//! Syntax: YAML, JSON and CSV texts → [`node::Node`] trees (or streamed
//! entries) that remember where each value was written. No meaning yet:
//! what a tree must hold is `validate`'s business.
pub mod csv;
pub mod json;
pub mod node;
pub mod yaml;
