//! The one integration-test binary: the real `vern` binary and the sandbox over real HTTP on
//! loopback. `support` starts sandboxes in-process and runs the binary with a clean environment.

mod assets;
mod auth;
mod bench;
mod ci;
mod commands;
mod company;
mod contract;
mod deliver;
mod deliver_sftp;
mod deliver_stores;
mod deliver_webhook;
mod estimate;
mod faults;
mod files;
mod fleet;
mod hostile_inputs;
mod hostile_net;
mod input;
mod jobs;
mod journal;
mod outputs;
mod sandbox;
mod servers;
mod support;
mod terminal;
