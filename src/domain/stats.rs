//! The consultation in figures: what the results page and the dashboard count.

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub proposals: i64,
    pub published: i64,
    pub supports: i64,
    pub comments: i64,
    pub waiting_moderation: i64,
    pub waiting_answer: i64,
    pub by_consultation: Vec<(String, i64)>,
    pub by_theme: Vec<(String, i64)>,
    pub by_zone: Vec<(String, i64)>,
    pub by_district: Vec<(String, i64)>,
    pub by_channel: Vec<(String, i64)>,
    pub by_contributor: Vec<(String, i64)>,
    pub by_language: Vec<(String, i64)>,
    pub by_status: Vec<(String, i64)>,
    /// Proposals per week (Monday's date, YYYY-MM-DD).
    pub by_week: Vec<(String, i64)>,
}

/// What waits for the staff, and what came in lately: the dashboard's first lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    /// Proposals and comments waiting for moderation.
    pub to_review: i64,
    /// Published proposals without a final answer.
    pub waiting_answer: i64,
    /// Proposals received since `day_start`.
    pub today: i64,
    /// Proposals received since `week_start`.
    pub this_week: i64,
}
