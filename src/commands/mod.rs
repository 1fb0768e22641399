//! One module per command. Each parses its arguments, calls the workflow or the client, and
//! returns a value for `ui` to render; none of them prints directly.

#[cfg(feature = "sandbox")]
pub mod sandbox;
