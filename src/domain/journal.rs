//! The decisions journal: one entry per moderation decision, status change, merge, erasure
//! of contacts or export, and how staff filter it.

#[derive(Debug, Clone)]
pub struct Entry {
    pub at: i64,
    pub proposal_ref: Option<String>,
    pub comment_id: Option<i64>,
    pub action: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: String,
    pub role: String,
    pub login: String,
}

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub action: Option<String>,
    pub login: Option<String>,
    pub reference: Option<String>,
}
