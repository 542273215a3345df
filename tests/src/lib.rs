//! Shared fixtures of the workspace's test suites: the reference `CdrExport` resource of the production API
//! we match (`../shared/reference/`).

pub mod reference {
    //! The reference resource. It has one declaration, owned by the example server that serves it
    //! (`examples/cdr-exports/src/resource.rs`): the suites here test that very declaration, so that the two
    //! cannot drift.

    pub use cdr_exports::resource::{
        CdrExport, CdrExportField, CdrExportInclude, CdrExportQuery, CdrExportSort,
        CdrExportStatus, TimeFormat,
    };
}
