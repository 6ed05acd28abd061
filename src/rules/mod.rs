//! The rule engine: the fields rules see, the condition language, compiling
//! packs into rules, and evaluating them into findings.
pub mod compile;
pub mod condition;
pub mod facts;
pub mod fields;
