//! Validation: the trees `syntax` produced → model values. The readers of
//! the inventory, the usage policy and the packs, all through the typed
//! [`read::Reader`], so every problem is located and collected with the
//! others before the run decides to stop.
pub mod compile;
pub mod condition;
pub mod inventory;
pub mod pack;
pub mod policy;
pub mod read;
pub mod thresholds;
