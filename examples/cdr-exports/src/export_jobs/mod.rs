//! The export job queue, apart from the listing: creating an export (validated as the reference does, stored
//! with its job in one transaction), the worker that claims jobs under a lease and writes each export's file,
//! and the download of that file. The listing and show routes (`crate::routes`) use nothing of it.

pub mod routes;
pub mod worker;
