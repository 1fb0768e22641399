//! The Migration API client: typed endpoints, one retry policy, one rate budget, the signed-upload
//! handshake. No terminal code lives here; long operations report progress through callbacks.

pub mod error;
pub mod types;

pub use error::Error;
