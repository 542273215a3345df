//! Random cursor walks: random rows, a random sort (mixed directions, nullable columns) and page size, walked
//! forwards by `page[after]` and backwards by `page[before]` while rows are deleted and copies inserted between
//! pages. Every page the engine gives must be the evaluator's over the rows of that moment, and the walk must
//! hold every row that existed throughout exactly once, in the sort's order.

use std::collections::HashSet;

use jsonapi_filter::{
    CursorKey, CursorWindow, QueryOptions, RelatedRecords, Resource, ResourceQuery,
};
use libtest_mimic::Failed;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestError, TestRunner};

use crate::engines::{Database, Engine};
use crate::resource::Probe;
use crate::{case_count, dataset, describe_rows};

/// One walk: the rows, the sort (criteria of the sortable fields, each with its direction), the page size,
/// and per page the rows to delete and the rows to copy (under a new id) before it is read.
#[derive(Debug, Clone)]
struct WalkSeed {
    rows: Vec<Probe>,
    sort: Vec<(Index, bool)>,
    size: u64,
    changes: Vec<(Vec<Index>, Vec<Index>)>,
}

fn walk_seed() -> impl Strategy<Value = WalkSeed> {
    (
        dataset(),
        vec((any::<Index>(), any::<bool>()), 0..=3),
        1_u64..=4,
        vec((vec(any::<Index>(), 0..=2), vec(any::<Index>(), 0..=2)), 12),
    )
        .prop_map(|(rows, sort, size, changes)| WalkSeed {
            rows,
            sort,
            size,
            changes,
        })
}

fn options() -> QueryOptions {
    QueryOptions {
        cursor_key: Some(CursorKey::new(b"the differential suite's cursor key")),
        ..QueryOptions::default()
    }
}

/// The query string of the seed's sort and page size.
fn base_query(seed: &WalkSeed) -> String {
    let sortable: Vec<&str> = Probe::SCHEMA
        .fields
        .iter()
        .filter(|field| field.sortable)
        .map(|field| field.key)
        .collect();
    let mut used = HashSet::new();
    let criteria: Vec<String> = seed
        .sort
        .iter()
        .map(|(index, descending)| (*index.get(&sortable), descending))
        .filter(|(key, _)| used.insert(*key))
        .map(|(key, descending)| format!("{}{key}", if *descending { "-" } else { "" }))
        .collect();
    let sort = if criteria.is_empty() {
        String::new()
    } else {
        format!("sort={}&", criteria.join(","))
    };
    format!("{sort}page[size]={}", seed.size)
}

/// The rows after one round of changes: some deleted, some copied under new ids.
fn changed(
    rows: &[Probe],
    (deleted, copied): &(Vec<Index>, Vec<Index>),
    next_id: &mut i64,
) -> Vec<Probe> {
    let mut rows = rows.to_vec();
    for index in deleted {
        if rows.len() > 1 {
            rows.remove(index.index(rows.len()));
        }
    }
    for index in copied {
        if !rows.is_empty() {
            let mut copy = rows[index.index(rows.len())].clone();
            copy.id = *next_id;
            *next_id += 1;
            rows.push(copy);
        }
    }
    rows
}

/// One page on the engine, after loading `rows`, compared with the evaluator's.
async fn page(
    engine: &Engine,
    database: &Database,
    rows: &[Probe],
    query: &str,
) -> Result<CursorWindow<i64>, String> {
    let parsed = ResourceQuery::<Probe>::parse_with(query, &options())
        .map_err(|errors| format!("{query:?} does not parse: {errors:?}"))?;
    database
        .replace_rows(engine.backend, rows)
        .await
        .map_err(|error| format!("could not load the rows: {error}"))?;
    let select = parsed.select_statement(engine.backend);
    let found = database
        .ids(engine.backend, &select)
        .await
        .map_err(|error| format!("{error}: {}", engine.backend.build(&select).0))?;
    let window = parsed.cursor_window(found);
    let (evaluated, _) = parsed.evaluate_window_with(rows, &RelatedRecords::new());
    let evaluated = CursorWindow {
        rows: evaluated.rows.iter().map(|row| row.id).collect(),
        more: evaluated.more,
    };
    if window != evaluated {
        return Err(format!(
            "query {query:?}\n  evaluator {evaluated:?}\n  backend   {window:?}\n  sql: {}\n  rows:\n{}",
            engine.backend.build(&select).0,
            describe_rows(rows)
        ));
    }
    Ok(window)
}

/// Walks the seed forwards (`backwards` false) or backwards, and checks what it holds.
async fn walk(
    engine: &Engine,
    database: &Database,
    seed: &WalkSeed,
    backwards: bool,
) -> Result<usize, String> {
    let base = base_query(seed);
    let listing = ResourceQuery::<Probe>::parse_with(&base, &options())
        .map_err(|errors| format!("{base:?} does not parse: {errors:?}"))?;
    let order = |rows: &[Probe]| -> Vec<i64> {
        let mut all = listing.clone();
        all.page.size = u64::MAX / 4;
        all.evaluate(rows).0.iter().map(|row| row.id).collect()
    };
    let mut rows = seed.rows.clone();
    let first_order = order(&rows);
    let Some(&start) = (if backwards {
        first_order.last()
    } else {
        first_order.first()
    }) else {
        return Ok(0);
    };
    let mut walked = vec![start];
    let mut present_throughout: HashSet<i64> = rows.iter().map(|row| row.id).collect();
    let mut next_id = 1_000_000;
    let mut pages = 0;
    let mut ended = false;
    // The record of the row the next cursor names, as the page that listed it saw it.
    let mut from = rows
        .iter()
        .find(|row| row.id == start)
        .cloned()
        .expect("the start row");
    for change in &seed.changes {
        rows = changed(&rows, change, &mut next_id);
        let now: HashSet<i64> = rows.iter().map(|row| row.id).collect();
        present_throughout.retain(|id| now.contains(id));
        let cursor = listing.cursor_of(&from).ok_or("no cursor")?;
        let parameter = if backwards { "before" } else { "after" };
        let window = page(
            engine,
            database,
            &rows,
            &format!("{base}&page[{parameter}]={cursor}"),
        )
        .await?;
        pages += 1;
        let edge = if backwards {
            window.rows.first()
        } else {
            window.rows.last()
        };
        if let Some(&edge) = edge {
            from = rows
                .iter()
                .find(|row| row.id == edge)
                .cloned()
                .expect("a listed row");
        }
        if backwards {
            let mut before = window.rows.clone();
            before.extend(&walked);
            walked = before;
        } else {
            walked.extend(&window.rows);
        }
        if !window.more {
            ended = true;
            break;
        }
    }
    let unique: HashSet<i64> = walked.iter().copied().collect();
    if unique.len() != walked.len() {
        return Err(format!("{base:?} walked a row twice: {walked:?}"));
    }
    let stable_order: Vec<i64> = order(&rows)
        .into_iter()
        .filter(|id| present_throughout.contains(id))
        .collect();
    let stable_walked: Vec<i64> = walked
        .iter()
        .copied()
        .filter(|id| present_throughout.contains(id))
        .collect();
    // Complete when the walk reached the end within its rounds of changes; in order in any case.
    let in_order = if ended {
        stable_walked == stable_order
    } else {
        is_subsequence(&stable_walked, &stable_order)
    };
    if !in_order {
        return Err(format!(
            "{base:?} walked {} by cursors:\n  walked        {walked:?}\n  rows that stayed, in order {stable_order:?}\n  rows now:\n{}",
            if backwards { "backwards" } else { "forwards" },
            describe_rows(&rows)
        ));
    }
    Ok(pages)
}

fn is_subsequence(part: &[i64], whole: &[i64]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|id| rest.any(|other| other == id))
}

/// The random walks on one engine.
pub fn run_cursor_walks(engine: &Engine, runtime: &tokio::runtime::Runtime) -> Result<(), Failed> {
    let database = runtime.block_on(engine.database())?;
    let config = Config {
        cases: case_count()? / 5,
        failure_persistence: None,
        max_shrink_time: 300_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let pages = std::sync::atomic::AtomicU64::new(0);
    let outcome = runner.run(&walk_seed(), |seed| {
        for backwards in [false, true] {
            let walked = runtime
                .block_on(walk(engine, database, &seed, backwards))
                .map_err(TestCaseError::fail)?;
            pages.fetch_add(walked as u64, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    });
    match outcome {
        Ok(()) => {
            eprintln!(
                "{} cursor walks: {} walks each way, {} cursor pages read",
                engine.name,
                case_count()? / 5,
                pages.load(std::sync::atomic::Ordering::Relaxed)
            );
            Ok(())
        }
        Err(TestError::Fail(reason, _)) => Err(format!(
            "{} disagrees with the evaluator or lost a row; the minimal case:\n{reason}",
            engine.name
        )
        .into()),
        Err(TestError::Abort(reason)) => Err(format!("{}: aborted: {reason}", engine.name).into()),
    }
}
