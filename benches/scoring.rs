//! Placeholder replaced by the rubric-engine benchmark.
fn main() {}
