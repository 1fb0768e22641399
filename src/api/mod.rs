//! The Migration API client: typed endpoints, one retry policy, one rate budget, the signed-upload
//! handshake, waiting for runs and streaming downloads. No terminal code lives here; long
//! operations report progress through an [`observe::Observer`].

pub mod budget;
pub mod client;
pub mod download;
pub mod error;
pub mod observe;
pub mod retry;
pub mod types;
pub mod upload;
pub mod wait;

pub use client::{ApiKey, Client, ClientConfig, Reply};
pub use error::Error;
