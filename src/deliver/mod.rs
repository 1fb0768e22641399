//! Delivery: relaying a company's validated rows (`export.csv`) to where the customer needs them,
//! as the API itself does not (delivery.md §1). `target` parses `--to`; `names` renders `--name`
//! templates; `format` converts and compresses the rows as they stream; `dest` is the
//! destinations behind one interface (a file appears only whole); `manifest` is written last.
//! The resumable step that drives them is `workflow::deliver`. No terminal code.

// Row selection (delta mode), the job's default names, and what the object stores read are used
// by the next steps of the delivery work; `expect` says when that is no longer so.
#![expect(dead_code, reason = "delta selection and jobs are the next issues")]

pub(crate) mod dest;
pub(crate) mod endpoint;
pub(crate) mod format;
pub(crate) mod ledger;
pub(crate) mod manifest;
pub(crate) mod names;
pub(crate) mod target;
pub(crate) mod webhook;

#[cfg(test)]
mod format_tests;
