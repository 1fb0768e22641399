//! The journal as commands show it: the history (`vern runs list`) and one operation in full
//! (`vern runs show`).

use super::Report;
use crate::journal::record::Operation;
use serde::Serialize;

#[derive(Serialize)]
pub struct Unreadable {
    pub path: String,
    pub error: String,
}

#[derive(Serialize)]
pub struct History {
    pub operations: Vec<Operation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    #[serde(skip)]
    pub total: usize,
}

impl Report for History {}

#[derive(Serialize)]
pub struct Shown {
    #[serde(flatten)]
    pub op: Operation,
}

impl Report for Shown {}
