//! The estate an audit judges, validated: the files read, the VPNs of the
//! inventories, the usage policy, and the directories linked device
//! configurations must stay inside. No syntax tree is left in it.

use std::path::PathBuf;

use crate::model::input::Input;
use crate::model::inventory::Vpn;
use crate::model::policy::UsagePolicy;

#[derive(Debug)]
pub struct Estate {
    pub inputs: Vec<Input>,
    pub vpns: Vec<Vpn>,
    pub policy: UsagePolicy,
    /// The directories linked configs must stay inside.
    pub roots: Vec<PathBuf>,
}
