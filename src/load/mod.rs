//! Files → [`node::Node`] trees with positions, and trees → validated models.
pub mod csv;
pub mod estate;
pub mod json;
pub mod node;
pub mod read;
pub mod yaml;
