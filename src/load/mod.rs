//! Loading an audit: the files of the estate found (directories walked,
//! ignore files honoured, built-in packs named), each parsed by `syntax`
//! and validated by `validate`, every diagnostic of every file collected.
pub mod discover;
pub mod estate;
pub mod packs;
pub mod read;
pub mod request;
