//! The cross-backend conformance suite: one dataset of edge values, and every predicate of every kind, every
//! sort and paging, run through the framework's statements on SQLite, PostgreSQL and MariaDB, each answer
//! compared with ids written by hand.
//!
//! SQLite (in memory) always runs. PostgreSQL runs when `JSONAPI_FILTER_POSTGRES_URL` is set and MariaDB when
//! `JSONAPI_FILTER_MYSQL_URL` is set; otherwise their trials are listed as ignored. A URL that is set but
//! cannot be reached fails every trial of its engine. Each run works in its own PostgreSQL schema and its own
//! MariaDB database, both dropped at the end.
//!
//! ```text
//! cargo test -p jsonapi-filter-tests --test conformance
//! JSONAPI_FILTER_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! JSONAPI_FILTER_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//!     cargo test -p jsonapi-filter-tests --test conformance
//! ```

#[path = "conformance/call.rs"]
mod call;
#[path = "conformance/call_cases.rs"]
mod call_cases;
#[path = "conformance/cases.rs"]
mod cases;
#[path = "conformance/dataset.rs"]
mod dataset;
#[path = "conformance/engines.rs"]
mod engines;
#[path = "conformance/related.rs"]
mod related;
#[path = "conformance/resource.rs"]
mod resource;
#[path = "conformance/statement_cache.rs"]
mod statement_cache;

use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::Arc;

use jsonapi_filter::{
    Backend, CountPolicy, CursorKey, CursorWindow, QueryOptions, RelatedRecords, Resource,
    ResourceQuery, TotalCount,
};
use libtest_mimic::{Arguments, Failed, Trial};
use sea_query::SelectStatement;

use call::Call;
use call_cases::{CALL_CASES, CallCase, CallExpected};
use cases::{
    Case, FILTER_CASES, PAGE_CASES, PageCase, REFUSED_CASES, RefusedCase, SORT_CASES, WALK_CASES,
    WalkCase,
};
use dataset::{ROW_COUNT, probes};
use engines::{Database, Engine};
use related::{
    INCLUDE_CASES, IncludeCase, Listed, Owner, Payment, RELATED_CASES, RelatedCase,
    RelatedExpected, Wallet,
};
use resource::Probe;

/// One check, run once per engine.
#[derive(Clone, Copy)]
enum Check {
    Rows(Case),
    Page(PageCase),
    Walk(WalkCase),
    /// A query of the second resource, [`Call`]: default filters and filter-only fields.
    Call(CallCase),
    /// A filter through relationships, on the owners, wallets and payments of [`related`].
    Related(RelatedCase),
    /// The statements of `include` paths over a page of [`related`]'s resources.
    Include(IncludeCase),
}

impl Check {
    fn all() -> Vec<Check> {
        let rows = FILTER_CASES
            .iter()
            .chain(SORT_CASES)
            .copied()
            .map(Check::Rows);
        let pages = PAGE_CASES.iter().copied().map(Check::Page);
        let walks = WALK_CASES.iter().copied().map(Check::Walk);
        let calls = CALL_CASES.iter().copied().map(Check::Call);
        let related = RELATED_CASES.iter().copied().map(Check::Related);
        let includes = INCLUDE_CASES.iter().copied().map(Check::Include);
        rows.chain(pages)
            .chain(walks)
            .chain(calls)
            .chain(related)
            .chain(includes)
            .collect()
    }

    /// The query strings of the check, paged as the check pages them.
    fn queries(&self) -> Vec<String> {
        match self {
            Check::Rows(case) => vec![case.query.to_owned()],
            Check::Page(case) => vec![case.query.to_owned()],
            Check::Call(case) => vec![case.query.to_owned()],
            Check::Related(case) => vec![case.query.to_owned()],
            Check::Include(case) => vec![case.query.to_owned()],
            Check::Walk(case) => {
                let separator = if case.query.is_empty() { "" } else { "&" };
                (1..=3)
                    .map(|number| {
                        format!(
                            "{}{separator}page[size]={}&page[number]={number}",
                            case.query, case.size
                        )
                    })
                    .collect()
            }
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Check::Rows(case) => case.name,
            Check::Page(case) => case.name,
            Check::Walk(case) => case.name,
            Check::Call(case) => case.name,
            Check::Related(case) => case.name,
            Check::Include(case) => case.name,
        }
    }

    /// The cached statements of the check's queries equal sea-query's on `backend`.
    fn agrees_with_the_statement_cache(&self, backend: Backend) -> Result<(), Failed> {
        match self {
            Check::Call(CallCase {
                expected: CallExpected::Refused(_),
                ..
            }) => Ok(()),
            Check::Call(case) => {
                statement_cache::agrees_with_sea_query::<Call>(case.query, backend)
            }
            Check::Related(RelatedCase {
                expected: RelatedExpected::Refused(_),
                ..
            }) => Ok(()),
            Check::Related(case) => match case.listed {
                Listed::Owners => related_cache_check::<Owner>(*case, backend),
                Listed::Wallets => related_cache_check::<Wallet>(*case, backend),
                Listed::Payments => related_cache_check::<Payment>(*case, backend),
            },
            Check::Include(case) => {
                let case = case.as_related();
                match case.listed {
                    Listed::Owners => related_cache_check::<Owner>(case, backend),
                    Listed::Wallets => related_cache_check::<Wallet>(case, backend),
                    Listed::Payments => related_cache_check::<Payment>(case, backend),
                }
            }
            _ => self.queries().iter().try_for_each(|query| {
                statement_cache::agrees_with_sea_query::<Probe>(query, backend)
            }),
        }
    }

    async fn run(self, engine: &Engine) -> Result<(), Failed> {
        let database = engine.database().await?;
        let runner = Runner {
            backend: engine.backend,
            database,
        };
        match self {
            Check::Rows(case) => {
                let expected = case.expected.ids(ROW_COUNT);
                runner
                    .expect::<Probe>(case.query, &expected, expected.len())
                    .await
            }
            Check::Page(case) => {
                runner
                    .expect::<Probe>(case.query, case.page, case.total as usize)
                    .await
            }
            Check::Walk(case) => runner.walk(case).await,
            Check::Call(case) => match case.expected {
                CallExpected::Rows { page, total } => {
                    runner.expect::<Call>(case.query, page, total).await
                }
                CallExpected::Refused(codes) => expect_refusal::<Call>(case.query, codes),
            },
            Check::Include(case) => match case.listed {
                Listed::Owners => runner.expect_includes::<Owner>(case).await,
                Listed::Wallets => runner.expect_includes::<Wallet>(case).await,
                Listed::Payments => runner.expect_includes::<Payment>(case).await,
            },
            Check::Related(case) => match (case.expected, case.listed) {
                (RelatedExpected::Refused(codes), Listed::Owners) => {
                    expect_refusal::<Owner>(case.query, codes)
                }
                (RelatedExpected::Refused(codes), Listed::Wallets) => {
                    expect_refusal::<Wallet>(case.query, codes)
                }
                (RelatedExpected::Refused(codes), Listed::Payments) => {
                    expect_refusal::<Payment>(case.query, codes)
                }
                (RelatedExpected::Rows(ids), Listed::Owners) => {
                    runner
                        .expect_related(case, ids, &related::owners(), |o| o.id)
                        .await
                }
                (RelatedExpected::Rows(ids), Listed::Wallets) => {
                    runner
                        .expect_related(case, ids, &related::wallets(), |w| w.id)
                        .await
                }
                (RelatedExpected::Rows(ids), Listed::Payments) => {
                    runner
                        .expect_related(case, ids, &related::payments(), |p| p.id)
                        .await
                }
            },
        }
    }
}

/// The statement cache agrees with sea-query on a relationship case's query, scoped as the case says.
fn related_cache_check<R: Resource>(case: RelatedCase, backend: Backend) -> Result<(), Failed> {
    let parsed = case.parse::<R>().map_err(|errors| {
        format!(
            "{:?} does not parse: {}",
            case.query,
            error_document(&errors)
        )
    })?;
    statement_cache::parsed_agrees_with_sea_query(case.query, &parsed, backend)
}

/// The records of `records` whose ids are `ids`, in that order.
fn pick<T>(records: Vec<T>, ids: &[i64], id: impl Fn(&T) -> i64) -> Vec<T> {
    let mut records: Vec<(usize, T)> = records
        .into_iter()
        .filter_map(|record| {
            ids.iter()
                .position(|&wanted| wanted == id(&record))
                .map(|at| (at, record))
        })
        .collect();
    records.sort_by_key(|(at, _)| *at);
    records.into_iter().map(|(_, record)| record).collect()
}

/// Runs queries on one prepared engine.
struct Runner<'d> {
    backend: Backend,
    database: &'d Database,
}

impl Runner<'_> {
    fn parse<R: Resource>(query: &str) -> Result<ResourceQuery<R>, Failed> {
        ResourceQuery::<R>::parse(query).map_err(|errors| {
            format!(
                "the query {query:?} does not parse: {}",
                error_document(&errors)
            )
            .into()
        })
    }

    /// The rows of `select`, with the SQL in the error.
    async fn rows(&self, select: &SelectStatement) -> Result<Vec<i64>, Failed> {
        self.database
            .ids(self.backend, select)
            .await
            .map_err(|error| self.sql_error(select, error))
    }

    /// The total of `count`, with the SQL in the error.
    async fn count(&self, count: &SelectStatement) -> Result<usize, Failed> {
        let total = self
            .database
            .count(self.backend, count)
            .await
            .map_err(|error| self.sql_error(count, error))?;
        usize::try_from(total).map_err(|_| format!("COUNT(*) gave {total}").into())
    }

    fn sql_error(&self, statement: &SelectStatement, error: sqlx::Error) -> Failed {
        let (sql, values) = self.backend.build(statement);
        format!("{error}\n  sql: {sql}\n  values: {values:?}").into()
    }

    /// A relationship case returns exactly `expected` on the engine, and in the evaluator over `listed` and
    /// the fixture's related rows.
    async fn expect_related<R: Resource + jsonapi_filter::FilterRecord>(
        &self,
        case: RelatedCase,
        expected: &[i64],
        listed: &[R],
        id: impl Fn(&R) -> i64,
    ) -> Result<(), Failed> {
        let parsed = case.parse::<R>().map_err(|errors| {
            format!(
                "the query {:?} does not parse: {}",
                case.query,
                error_document(&errors)
            )
        })?;
        let (owners, wallets, payments) =
            (related::owners(), related::wallets(), related::payments());
        let records = RelatedRecords::new()
            .with(&owners)
            .with(&wallets)
            .with(&payments);
        let (page, total) = parsed.evaluate_with(listed, &records);
        let evaluated: Vec<i64> = page.into_iter().map(&id).collect();
        if evaluated != expected || total as usize != expected.len() {
            return Err(format!(
                "the evaluator gives {evaluated:?} (total {total}) for {:?}, expected {expected:?}",
                case.query
            )
            .into());
        }
        self.expect_parsed(case.query, &parsed, expected, expected.len())
            .await?;
        if case.query.contains("sort=") && expected.len() >= 3 {
            self.related_cursor_walk(case, expected, listed, &records, &id)
                .await?;
        }
        Ok(())
    }

    /// A sorted relationship case walked by cursors in pages of 2, forwards from its first row and backwards
    /// from its last: the sort's values through the relationship are in the cursors, and every page is the
    /// evaluator's.
    async fn related_cursor_walk<R: Resource + jsonapi_filter::FilterRecord>(
        &self,
        case: RelatedCase,
        expected: &[i64],
        listed: &[R],
        records: &RelatedRecords<'_>,
        id: &impl Fn(&R) -> i64,
    ) -> Result<(), Failed> {
        let options = cursor_options();
        let parse = |query: &str| -> Result<ResourceQuery<R>, Failed> {
            ResourceQuery::<R>::parse_with(query, &options)
                .map(|query| case.scoped(query))
                .map_err(|errors| format!("{query:?}: {}", error_document(&errors)).into())
        };
        let base = format!("{}&page[size]=2", case.query);
        let listing = parse(&base)?;
        let cursor_of = |wanted: i64| -> Result<String, Failed> {
            let record = listed
                .iter()
                .find(|record| id(record) == wanted)
                .ok_or_else(|| format!("no record {wanted}"))?;
            listing
                .cursor_of_with(record, records)
                .ok_or_else(|| format!("no cursor for {wanted}").into())
        };
        let page = |query: String| async move {
            let parsed = parse(&query)?;
            let rows = self.rows(&parsed.select_statement(self.backend)).await?;
            let window = parsed.cursor_window(rows);
            let (evaluated, _) = parsed.evaluate_window_with(listed, records);
            let evaluated = CursorWindow {
                rows: evaluated.rows.iter().map(|record| id(record)).collect(),
                more: evaluated.more,
            };
            if window != evaluated {
                return Err::<_, Failed>(
                    format!("{query:?}: the engine gives {window:?}, the evaluator {evaluated:?}")
                        .into(),
                );
            }
            Ok(window)
        };
        let mut walked = vec![expected[0]];
        for _ in 0..expected.len() {
            let last = *walked.last().expect("one row at least");
            let window = page(format!("{base}&page[after]={}", cursor_of(last)?)).await?;
            walked.extend(&window.rows);
            if !window.more {
                break;
            }
        }
        if walked != expected {
            return Err(format!(
                "{base:?} by page[after]: walked {walked:?}, expected {expected:?}"
            )
            .into());
        }
        let mut walked = vec![expected[expected.len() - 1]];
        for _ in 0..expected.len() {
            let first = walked[0];
            let window = page(format!("{base}&page[before]={}", cursor_of(first)?)).await?;
            let mut before = window.rows.clone();
            before.extend(&walked);
            walked = before;
            if !window.more {
                break;
            }
        }
        if walked != expected {
            return Err(format!(
                "{base:?} by page[before]: walked {walked:?}, expected {expected:?}"
            )
            .into());
        }
        Ok(())
    }

    /// An include case: the page is the case's, then each step's statement (over the fixture's records of
    /// the page or of an earlier step) loads exactly the expected ids, each row with exactly the expected
    /// columns, or there is no statement where the case expects none.
    async fn expect_includes<R: Resource>(&self, case: IncludeCase) -> Result<(), Failed> {
        let parsed = case.as_related().parse::<R>().map_err(|errors| {
            format!(
                "the query {:?} does not parse: {}",
                case.query,
                error_document(&errors)
            )
        })?;
        let page = self.rows(&parsed.select_statement(self.backend)).await?;
        if page != case.page {
            return Err(format!(
                "{:?}: the page is {page:?}, expected {:?}",
                case.query, case.page
            )
            .into());
        }
        let mut loaded: Vec<Vec<i64>> = Vec::new();
        for step in case.steps {
            let parent_ids = match step.parents_from {
                None => page.clone(),
                Some(index) => loaded[index].clone(),
            };
            let statement = match step.parents {
                Listed::Owners => parsed.include_select(
                    step.path,
                    &pick(related::owners(), &parent_ids, |o| o.id),
                    self.backend,
                ),
                Listed::Wallets => parsed.include_select(
                    step.path,
                    &pick(related::wallets(), &parent_ids, |w| w.id),
                    self.backend,
                ),
                Listed::Payments => parsed.include_select(
                    step.path,
                    &pick(related::payments(), &parent_ids, |p| p.id),
                    self.backend,
                ),
            };
            let context = format!("{:?}, include path {:?}", case.query, step.path);
            match (statement, step.loads) {
                (None, None) => loaded.push(Vec::new()),
                (None, Some(_)) => {
                    return Err(format!("{context}: no statement, expected one").into());
                }
                (Some((sql, _)), None) => {
                    return Err(
                        format!("{context}: a statement where none was expected: {sql}").into(),
                    );
                }
                (Some((sql, values)), Some((ids, columns))) => {
                    let rows = self
                        .database
                        .ids_and_columns(&sql, values.clone())
                        .await
                        .map_err(|error| {
                            format!("{context}: {error}\n  sql: {sql}\n  values: {values:?}")
                        })?;
                    let got: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
                    if got != ids {
                        return Err(format!(
                            "{context}: loads {got:?}, expected {ids:?}\n  sql: {sql}"
                        )
                        .into());
                    }
                    if let Some((_, names)) = rows.iter().find(|(_, names)| names != columns) {
                        return Err(format!(
                            "{context}: selects {names:?}, expected {columns:?}\n  sql: {sql}"
                        )
                        .into());
                    }
                    loaded.push(got);
                }
            }
        }
        Ok(())
    }

    /// `query` returns exactly `expected`, in order, and counts `total` rows.
    async fn expect<R: Resource>(
        &self,
        query: &str,
        expected: &[i64],
        total: usize,
    ) -> Result<(), Failed> {
        let parsed = Self::parse::<R>(query)?;
        self.expect_parsed(query, &parsed, expected, total).await
    }

    /// `parsed` (the query `query`) returns exactly `expected`, in order, and counts `total` rows.
    async fn expect_parsed<R: Resource>(
        &self,
        query: &str,
        parsed: &ResourceQuery<R>,
        expected: &[i64],
        total: usize,
    ) -> Result<(), Failed> {
        let select = parsed.select_statement(self.backend);
        let rows = self.rows(&select).await?;
        if rows != expected {
            let (sql, values) = self.backend.build(&select);
            return Err(format!(
                "query {query:?}\n  expected {expected:?}\n  got      {rows:?}\n  missing  {:?}\n  extra    {:?}\n  sql: {sql}\n  values: {values:?}",
                difference(expected, &rows),
                difference(&rows, expected),
            )
            .into());
        }
        let counted = self.count(&parsed.count_statement(self.backend)).await?;
        if counted != total {
            return Err(format!(
                "query {query:?}: count_statement gave {counted}, expected {total}"
            )
            .into());
        }
        self.expect_page_with_count(query, parsed, expected, total)
            .await?;
        self.expect_bounded_counts(parsed, total as u64).await
    }

    /// The page with its count in one statement gives the same rows, each with the count of the count's own
    /// statement: exact, and bounded below the total.
    async fn expect_page_with_count<R: Resource>(
        &self,
        query: &str,
        parsed: &ResourceQuery<R>,
        expected: &[i64],
        total: usize,
    ) -> Result<(), Failed> {
        for policy in [CountPolicy::Exact, CountPolicy::UpTo(1)] {
            let combined = parsed.select_with_count_statement(self.backend, policy);
            let rows = self
                .database
                .ids_and_counts(self.backend, &combined)
                .await
                .map_err(|error| self.sql_error(&combined, error))?;
            let counted = match policy {
                CountPolicy::Exact => total as i64,
                CountPolicy::UpTo(_) => {
                    self.count(&parsed.count(self.backend, policy).statement())
                        .await? as i64
                }
            };
            let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
            if ids != expected || rows.iter().any(|(_, count)| *count != counted) {
                let (sql, values) = self.backend.build(&combined);
                return Err(format!(
                    "query {query:?} with its count ({policy:?}): expected {expected:?} each with {counted}, got {rows:?}\n  sql: {sql}\n  values: {values:?}"
                )
                .into());
            }
        }
        Ok(())
    }

    /// Counting up to a limit gives the exact `total` when it is within the limit, and otherwise a lower
    /// bound one past the limit (or one past the page, when the page reaches further).
    async fn expect_bounded_counts<R: Resource>(
        &self,
        query: &ResourceQuery<R>,
        total: u64,
    ) -> Result<(), Failed> {
        let past_page = query.page.offset() + query.page.size + 1;
        for limit in [0, 1, total.saturating_sub(1), total, total + 1] {
            let count = query.count(self.backend, CountPolicy::UpTo(limit));
            let counted = self.count(&count.statement()).await? as u64;
            let bound = (limit + 1).max(past_page);
            let expected = if total < bound {
                TotalCount::Exact(total)
            } else {
                TotalCount::AtLeast(bound)
            };
            if count.total(counted) != expected {
                let (sql, values) = self.backend.build(&count.statement());
                return Err(format!(
                    "counting up to {limit}: counted {counted}, giving {:?}, expected {expected:?}\n  sql: {sql}\n  values: {values:?}",
                    count.total(counted)
                )
                .into());
            }
        }
        Ok(())
    }

    /// Walks every page of `case.query` and compares their concatenation with the full order.
    async fn walk(&self, case: WalkCase) -> Result<(), Failed> {
        let order = case.order.ids(ROW_COUNT);
        let size = usize::try_from(case.size).expect("page sizes are small");
        let pages = order.len().div_ceil(size);
        let separator = if case.query.is_empty() { "" } else { "&" };
        let mut walked = Vec::new();
        // One page past the last, which must be empty.
        for number in 1..=pages + 1 {
            let query = format!(
                "{}{separator}page[size]={}&page[number]={number}",
                case.query, case.size
            );
            let parsed = Self::parse::<Probe>(&query)?;
            let rows = self.rows(&parsed.select_statement(self.backend)).await?;
            let expected_length = order.len().saturating_sub((number - 1) * size).min(size);
            if rows.len() != expected_length {
                return Err(format!(
                    "page {number} of {query:?} has {} rows, expected {expected_length}: {rows:?}",
                    rows.len()
                )
                .into());
            }
            let counted = self.count(&parsed.count_statement(self.backend)).await?;
            if counted != order.len() {
                return Err(format!(
                    "{query:?}: count_statement gave {counted}, expected {}",
                    order.len()
                )
                .into());
            }
            walked.extend(rows);
        }
        let unique: HashSet<i64> = walked.iter().copied().collect();
        if unique.len() != walked.len() || walked != order {
            return Err(format!(
                "pages of {:?} by {}:\n  expected {order:?}\n  walked   {walked:?}",
                case.query, case.size
            )
            .into());
        }
        self.cursor_walk(case, &order).await
    }

    /// The cursor page of `query` (with its `page[...]`) on the engine, checked against the evaluator's.
    async fn cursor_page(&self, query: &str) -> Result<CursorWindow<i64>, Failed> {
        let options = cursor_options();
        let parsed = ResourceQuery::<Probe>::parse_with(query, &options)
            .map_err(|errors| format!("{query:?} does not parse: {}", error_document(&errors)))?;
        let rows = self.rows(&parsed.select_statement(self.backend)).await?;
        let window = parsed.cursor_window(rows);
        let probes = probes();
        let (evaluated, _) = parsed.evaluate_window_with(&probes, &RelatedRecords::new());
        let evaluated = CursorWindow {
            rows: evaluated.rows.iter().map(|probe| probe.id).collect(),
            more: evaluated.more,
        };
        if evaluated != window {
            return Err(format!(
                "{query:?}: the engine gives {window:?}, the evaluator {evaluated:?}"
            )
            .into());
        }
        Ok(window)
    }

    /// The same order walked by cursors: forwards from the first page's last row with `page[after]`,
    /// backwards from the last row with `page[before]`, and a range between the second and the last but one.
    async fn cursor_walk(&self, case: WalkCase, order: &[i64]) -> Result<(), Failed> {
        let options = cursor_options();
        let separator = if case.query.is_empty() { "" } else { "&" };
        let base = format!("{}{separator}page[size]={}", case.query, case.size);
        let listing = ResourceQuery::<Probe>::parse_with(&base, &options)
            .map_err(|errors| error_document(&errors))?;
        let probes = probes();
        let cursor_of = |id: i64| -> Result<String, Failed> {
            let probe = probes
                .iter()
                .find(|probe| probe.id == id)
                .ok_or_else(|| format!("no probe {id}"))?;
            listing
                .cursor_of(probe)
                .ok_or_else(|| format!("no cursor for probe {id}").into())
        };
        let size = usize::try_from(case.size).expect("page sizes are small");
        // Forwards: the first page by offset, then `links.next`'s cursor of each page's last row.
        let mut walked: Vec<i64> = order.iter().copied().take(size).collect();
        let mut pages = 0;
        while let Some(&last) = walked.last() {
            let window = self
                .cursor_page(&format!("{base}&page[after]={}", cursor_of(last)?))
                .await?;
            walked.extend(&window.rows);
            pages += 1;
            if !window.more || pages > order.len() {
                break;
            }
        }
        if walked != order {
            return Err(format!(
                "{base:?} walked by page[after]:\n  expected {order:?}\n  walked   {walked:?}"
            )
            .into());
        }
        // Backwards from the last row.
        let mut walked: Vec<i64> = order.last().copied().into_iter().collect();
        pages = 0;
        while let Some(&first) = walked.first() {
            let window = self
                .cursor_page(&format!("{base}&page[before]={}", cursor_of(first)?))
                .await?;
            let mut page = window.rows.clone();
            page.extend(&walked);
            walked = page;
            pages += 1;
            if !window.more || pages > order.len() {
                break;
            }
        }
        if walked != order {
            return Err(format!(
                "{base:?} walked by page[before]:\n  expected {order:?}\n  walked   {walked:?}"
            )
            .into());
        }
        // A range: after the second row, before the last but one.
        if order.len() >= 4 {
            let inner = &order[2..order.len() - 2];
            let window = self
                .cursor_page(&format!(
                    "{base}&page[after]={}&page[before]={}",
                    cursor_of(order[1])?,
                    cursor_of(order[order.len() - 2])?
                ))
                .await?;
            let expected = CursorWindow {
                rows: inner.iter().copied().take(size).collect(),
                more: inner.len() > size,
            };
            if window != expected {
                return Err(
                    format!("{base:?} range: expected {expected:?}, got {window:?}").into(),
                );
            }
        }
        Ok(())
    }
}

/// The parser refuses `case.query` with exactly one error: 107, on `case.parameter`, its detail saying what
/// is wrong.
fn expect_refused(case: RefusedCase) -> Result<(), Failed> {
    let errors = match ResourceQuery::<Probe>::parse(case.query) {
        Ok(query) => {
            return Err(format!("{:?} was accepted: {:?}", case.query, query.filters).into());
        }
        Err(errors) => errors,
    };
    let given: Vec<(&str, Option<&str>, String)> = errors
        .iter()
        .map(|error| (error.code(), error.parameter(), error.to_string()))
        .collect();
    match given.as_slice() {
        [(code, parameter, detail)]
            if *code == case.code
                && *parameter == Some(case.parameter)
                && detail.contains(case.detail) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "{:?} is refused with {given:?}, expected one {} on {} saying {:?}",
            case.query, case.code, case.parameter, case.detail
        )
        .into()),
    }
}

/// `query` is refused with exactly `codes`, in order.
fn expect_refusal<R: Resource>(query: &str, codes: &[&str]) -> Result<(), Failed> {
    match ResourceQuery::<R>::parse(query) {
        Ok(parsed) => {
            Err(format!("the query {query:?} parses, expected {codes:?}: {parsed:?}").into())
        }
        Err(errors) => {
            let given: Vec<&str> = errors.iter().map(|error| error.code()).collect();
            if given == codes {
                Ok(())
            } else {
                Err(format!(
                    "the query {query:?} is refused with {given:?}, expected {codes:?}: {}",
                    error_document(&errors)
                )
                .into())
            }
        }
    }
}

/// The ids of `left` that are not in `right`.
fn difference(left: &[i64], right: &[i64]) -> Vec<i64> {
    left.iter()
        .copied()
        .filter(|id| !right.contains(id))
        .collect()
}

/// A query's errors as their JSON:API error document, for a failure message.
/// The options of the cursor walks: a key of the suite's own.
fn cursor_options() -> QueryOptions {
    QueryOptions {
        cursor_key: Some(CursorKey::new(b"the conformance suite's cursor key")),
        ..QueryOptions::default()
    }
}

/// Cursors are refused, each with a 118 on its parameter, when changed, made under another sort or other
/// filters, signed with another key, or given with `page[number]`.
fn cursors_are_refused_when_they_do_not_belong() -> Result<(), Failed> {
    let options = cursor_options();
    let listing =
        ResourceQuery::<Probe>::parse_with("sort=-amount&filter[active-eq]=true", &options)
            .map_err(|errors| error_document(&errors))?;
    let probe = &probes()[0];
    let cursor = listing.cursor_of(probe).ok_or("no cursor")?;
    let middle = cursor.len() / 2;
    let flipped = if &cursor[middle..=middle] == "A" {
        "B"
    } else {
        "A"
    };
    let tampered = format!("{}{flipped}{}", &cursor[..middle], &cursor[middle + 1..]);
    let other_key = ResourceQuery::<Probe>::parse_with(
        "sort=-amount&filter[active-eq]=true",
        &QueryOptions {
            cursor_key: Some(CursorKey::new(b"another key")),
            ..QueryOptions::default()
        },
    )
    .map_err(|errors| error_document(&errors))?
    .cursor_of(probe)
    .ok_or("no cursor")?;
    let cases = [
        (
            format!("sort=-amount&filter[active-eq]=true&page[after]={tampered}"),
            "page[after]",
            "malformed or was changed",
        ),
        (
            format!("sort=-amount&filter[active-eq]=true&page[after]={other_key}"),
            "page[after]",
            "malformed or was changed",
        ),
        (
            format!("sort=amount&filter[active-eq]=true&page[after]={cursor}"),
            "page[after]",
            "another sort or other filters",
        ),
        (
            format!("sort=-amount&filter[active-eq]=false&page[before]={cursor}"),
            "page[before]",
            "another sort or other filters",
        ),
        (
            format!("sort=-amount&page[after]={cursor}"),
            "page[after]",
            "another sort or other filters",
        ),
        (
            "sort=-amount&filter[active-eq]=true&page[after]=not-a-cursor".to_owned(),
            "page[after]",
            "malformed or was changed",
        ),
        (
            format!(
                "sort=-amount&filter[active-eq]=true&page[after]={}",
                "A".repeat(513)
            ),
            "page[after]",
            "longer than a cursor can be",
        ),
        (
            format!("sort=-amount&filter[active-eq]=true&page[number]=2&page[after]={cursor}"),
            "page[number]",
            "not both",
        ),
    ];
    for (query, parameter, detail) in cases {
        let errors = match ResourceQuery::<Probe>::parse_with(&query, &options) {
            Ok(_) => return Err(format!("{query:?} was accepted").into()),
            Err(errors) => errors,
        };
        let given: Vec<(&str, Option<&str>, String)> = errors
            .iter()
            .map(|error| (error.code(), error.parameter(), error.to_string()))
            .collect();
        if !matches!(given.as_slice(), [("118", Some(at), text)] if *at == parameter && text.contains(detail))
        {
            return Err(format!("{query:?} is refused with {given:?}, expected one 118 on {parameter} saying {detail:?}").into());
        }
    }
    // The unchanged cursor is accepted; without a key, page[after] is an unknown parameter, as before.
    ResourceQuery::<Probe>::parse_with(
        &format!("sort=-amount&filter[active-eq]=true&page[after]={cursor}"),
        &options,
    )
    .map_err(|errors| error_document(&errors))?;
    let unkeyed = ResourceQuery::<Probe>::parse(&format!("page[after]={cursor}"))
        .err()
        .ok_or("page[after] without a cursor key was accepted")?;
    if unkeyed.first().code() != "105" {
        return Err(format!("page[after] without a key: {}", error_document(&unkeyed)).into());
    }
    Ok(())
}

fn error_document(errors: &jsonapi_filter::QueryErrors) -> String {
    serde_json::to_string(&errors.to_document()).unwrap_or_else(|error| error.to_string())
}

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    let runtime = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime"),
    );
    let engines = Arc::new(Engine::all(probes));
    let checks = Check::all();
    let mut names = HashSet::new();
    for check in &checks {
        assert!(
            names.insert(check.name()),
            "two checks are named {}",
            check.name()
        );
    }
    let mut trials = Vec::new();
    for (index, engine) in engines.iter().enumerate() {
        for &check in &checks {
            let name = format!("{}::{}", engine.name, check.name());
            let engines = Arc::clone(&engines);
            let runtime = Arc::clone(&runtime);
            let trial = Trial::test(name, move || runtime.block_on(check.run(&engines[index])));
            // An engine without its URL is shown as ignored, not passed; `--include-ignored` makes it fail.
            trials.push(trial.with_ignored_flag(!engine.is_enabled()));
        }
    }
    // Refused values never reach an engine: once, always.
    for &case in REFUSED_CASES {
        trials.push(Trial::test(case.name, move || expect_refused(case)));
    }
    trials.push(Trial::test(
        "refused::cursor::changed_other_sort_other_filters_other_key_or_with_a_number",
        cursors_are_refused_when_they_do_not_belong,
    ));
    // The statement cache needs no database: every backend, always.
    for (backend, backend_name) in [
        (Backend::Sqlite, "sqlite"),
        (Backend::Postgres, "postgres"),
        (Backend::MySql, "mysql"),
    ] {
        for &check in &checks {
            let name = format!("statement_cache::{backend_name}::{}", check.name());
            trials.push(Trial::test(name, move || {
                check.agrees_with_the_statement_cache(backend)
            }));
        }
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    let mut cleaned = true;
    for engine in engines.iter() {
        if let Err(error) = runtime.block_on(engine.tear_down()) {
            eprintln!("{error}");
            cleaned = false;
        }
    }
    if conclusion.has_failed() || !cleaned {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
