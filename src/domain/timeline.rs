//! The co-creation timeline's steps and the multi-stakeholder forum's meetings.

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub place: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub held_on: String,
    pub place: String,
    pub participants: [i64; 3],
    pub agenda: String,
    pub minutes: Option<(String, String, String)>,
}
