//! End-to-end tests of the `cdr-exports` server over real HTTP, on SQLite always and on PostgreSQL when
//! `JSONAPI_FILTER_POSTGRES_URL` is set (the run fails if it is set and unreachable;
//! unset, the PostgreSQL trials are listed as ignored).
//!
//! Per backend, three servers run on ephemeral ports, each over its own database (a temporary SQLite file,
//! or a fresh PostgreSQL schema per run): `demo` (the demo data, read only), `work` (the demo data, for
//! creating exports) and `reference` (only the hand-written fixture of the reference's own test cases).

/// The trials of the async cases named, for one backend's servers: `cases!(env, a, b)`. Each module calls
/// `trial` and names `CaseFuture` in scope.
macro_rules! cases {
    ($env:expr, $($name:ident),* $(,)?) => {
        vec![$(trial($env, stringify!($name), |env| -> CaseFuture { Box::pin($name(env)) })),*]
    };
}

mod e2e {
    pub mod cases;
    pub mod cdrs;
    pub mod cursors;
    pub mod groups;
    #[allow(dead_code)] // the process helpers are for the fault tests
    pub mod harness;
    pub mod openapi;
    pub mod oracle;
    pub mod reference;
}

use e2e::harness::{Env, runtime};
use libtest_mimic::{Arguments, Trial};

fn main() {
    let arguments = Arguments::from_args();
    let mut environments = vec![runtime().block_on(Env::start_sqlite())];
    match std::env::var("JSONAPI_FILTER_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => environments.push(
            runtime()
                .block_on(Env::start_postgres(&url))
                .unwrap_or_else(|error| {
                    panic!("JSONAPI_FILTER_POSTGRES_URL is set but PostgreSQL is unusable: {error}")
                }),
        ),
        _ => {}
    }
    let environments: Vec<&'static Env> = environments
        .into_iter()
        .map(|env| &*Box::leak(Box::new(env)))
        .collect();
    for env in &environments {
        runtime().block_on(e2e::reference::insert_fixture(env));
    }
    let mut trials: Vec<Trial> = Vec::new();
    for env in &environments {
        trials.extend(e2e::cases::trials(env));
        trials.extend(e2e::cdrs::trials(env));
        trials.extend(e2e::groups::trials(env));
        trials.extend(e2e::cursors::trials(env));
        trials.extend(e2e::cdrs::postgres_trials(env));
        trials.extend(e2e::reference::trials(env));
        trials.extend(e2e::openapi::trials(env));
    }
    if environments.len() == 1 {
        let placeholders = e2e::harness::postgres_placeholders(&trials, &e2e::cases::SQLITE_ONLY);
        trials.extend(placeholders);
        trials.extend(e2e::cdrs::POSTGRES_ONLY.iter().map(|name| {
            Trial::test(format!("postgres::{name}"), || {
                Err("JSONAPI_FILTER_POSTGRES_URL is not set".into())
            })
            .with_ignored_flag(true)
        }));
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    for env in environments {
        runtime().block_on(env.stop());
    }
    conclusion.exit();
}
