//! Resident satisfaction surveys (满意度调查) around the `satisfaction` rubric: invitation
//! codes and receipts, a submission's checks, the sufficient statistics an index is computed
//! from, and the per-batch anomaly flags. Pure: randomness comes in as a generator, time as
//! an instant.

pub mod aggregate;
pub mod code;
pub mod flags;
pub mod round;
pub mod start;
pub mod submission;

#[cfg(test)]
mod tests;
