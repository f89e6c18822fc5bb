//! The AlphaPo SDK.

pub mod callbacks;
