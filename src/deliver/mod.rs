//! Delivery (`vern deliver`, delivery.md §1): the validated rows of `export.csv` converted,
//! compressed and put where the customer needs them. So far only the converter exists; the
//! resumable step (`workflow/deliver.rs`), the destinations and the plan build on it.

// Nothing calls the converter until the delivery step does; then this goes (`expect` says so).
#![cfg_attr(
    not(test),
    expect(dead_code, reason = "used by the delivery step, not built yet")
)]

pub(crate) mod format;

#[cfg(test)]
mod format_tests;
