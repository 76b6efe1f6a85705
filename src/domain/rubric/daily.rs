//! The `[daily]` section of a `composite` rubric: how complaints and petitions (信访投诉)
//! about a project make its daily-evaluation component (日常考评) — the channels a complaint
//! arrives by, each with the time limit to resolve it, the categories it is filed under, and
//! the points each upheld or late complaint takes from the base.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The validated `[daily]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DailyRules {
    /// The `[[component]]` the complaints fill.
    pub component: String,
    /// The value of a project with nothing counted against it (0–100).
    pub base: Decimal,
    /// Points taken for each complaint found upheld (属实).
    pub upheld_points: Decimal,
    /// Points taken, in addition, for each complaint not resolved within its channel's limit
    /// (or still open after it).
    pub late_points: Decimal,
    /// Complaints received in this many months up to the as-of day count.
    pub window_months: u32,
    /// Channels a complaint arrives by.
    pub channels: Vec<ComplaintChannel>,
    /// Categories a complaint is filed under.
    pub categories: Vec<ComplaintCategory>,
}

/// A channel (12345 hotline, petition, walk-in…) and its time limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComplaintChannel {
    /// Code used in inputs.
    pub code: String,
    /// Chinese title.
    pub title: String,
    /// Days from receipt (the day itself not counted) by which it must be resolved.
    pub limit_days: u32,
}

/// A category of complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComplaintCategory {
    /// Code used in inputs.
    pub code: String,
    /// Chinese title.
    pub title: String,
}

impl DailyRules {
    /// The channel with `code`, or whose title is `code` (spreadsheets carry titles).
    pub fn channel(&self, code: &str) -> Option<&ComplaintChannel> {
        self.channels
            .iter()
            .find(|c| c.code == code || c.title == code)
    }

    /// The category with `code` or title `code`.
    pub fn category(&self, code: &str) -> Option<&ComplaintCategory> {
        self.categories
            .iter()
            .find(|c| c.code == code || c.title == code)
    }
}
