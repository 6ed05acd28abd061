//! Validated inputs and results: what the evaluator works on and produces.
pub mod carriers;
pub mod citations;
pub mod estate;
pub mod expect;
pub mod fields;
pub mod finding;
pub mod input;
pub mod inventory;
pub mod licence;
pub mod pack;
pub mod policy;
pub mod report;
pub mod rule;
pub mod schema;
pub mod severity;
pub mod value;
