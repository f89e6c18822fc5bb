//! The AlphaPo SDK.
