//! The Migration API client: typed endpoints, one request loop ([`Client::send`]) that owns the
//! key, the rate budget and the retry policy, the signed upload, waiting for runs and streaming
//! downloads, and settling requests whose outcome was lost. No terminal code lives here, and no
//! exit codes: errors say what happened on the wire; long operations report progress through an
//! [`observe::Observer`].

pub(crate) mod budget;
pub mod client;
mod csv_check;
pub(crate) mod download;
mod endpoints;
pub mod error;
pub mod observe;
pub mod retry;
pub(crate) mod send;
pub(crate) mod settle;
pub mod types;
pub mod upload;
pub mod wait;

pub use client::{ApiKey, Client, ClientConfig, Reply};
pub use error::Error;
