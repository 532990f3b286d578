//! Training mode's fictional consultation (`palabre demo`, PRODUCT.md §3.8): the accounts,
//! proposals, answers, workshops and documents a training site starts with. The session
//! itself (its throw-away folder, the server, the clean-up) is `cli::demo`.

mod pdf;
pub mod seed;
mod texts;

pub use seed::{
    ACCOUNTS, Account, CLOSED_PROPOSALS, OPEN_PROPOSALS, ORGANISATION, PENDING, SITE_NAME, Summary,
    seed,
};

/// The name of every training folder starts with this.
pub const FOLDER_PREFIX: &str = "palabre-formation-";

/// The copy of the training database as it was filled, to start the exercises again. Its
/// name starts with the database's, so the clean-up knows it.
pub const START_COPY: &str = "palabre.sqlite3.depart";
