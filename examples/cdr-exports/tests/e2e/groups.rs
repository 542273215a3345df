//! Filter groups (`filter[or][i][...]`, `filter[and][i][...]`, `filter[not][...]`) over HTTP, on every listing:
//! on `/cdr-exports` against the independent model (with SQL's three-valued logic written out here: a
//! comparison with a NULL is unknown, and so is its negation), and on `/cdrs` and `/accounts` against the
//! server's own answers to the groups' parts (an OR is the union of its branches, a NOT of a never-NULL
//! field the complement).

use std::collections::BTreeSet;

use libtest_mimic::Trial;
use serde_json::Value;

use super::harness::{CaseFuture, Env, Outcome, expect, expect_eq, trial};
use super::oracle;

pub fn trials(env: &'static Env) -> Vec<Trial> {
    cases!(
        env,
        groups_on_cdr_exports_match_the_model,
        group_errors_name_the_whole_parameter,
        group_pages_keep_their_groups_in_the_links,
        groups_on_cdrs_are_unions_and_complements,
        groups_on_accounts_reach_through_their_exports,
    )
}

/// A condition of the model in three-valued logic: `None` is SQL's unknown.
type Truth = Option<bool>;

/// `filter[<field>-<predicate>]=<values>` on one export: unknown when the field is NULL.
fn truth(export: &Value, field: &str, predicate: &str, values: &[&str]) -> Truth {
    oracle::cell(export, field)?;
    Some(oracle::passes(export, field, predicate, values))
}

fn or(left: Truth, right: Truth) -> Truth {
    match (left, right) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn and(left: Truth, right: Truth) -> Truth {
    match (left, right) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn not(truth: Truth) -> Truth {
    truth.map(|truth| !truth)
}

/// The ids of the visible exports a grouped query must return.
fn model_ids(all: &[Value], condition: impl Fn(&Value) -> Truth) -> BTreeSet<String> {
    oracle::ids(all.iter().filter(|export| condition(export) == Some(true)))
        .into_iter()
        .collect()
}

async fn listed(env: &Env, path: &str) -> Result<(BTreeSet<String>, Value), libtest_mimic::Failed> {
    let reply = env.get(&env.demo, path).await?;
    expect_eq(
        reply.status,
        200,
        &format!("status of {path}: {}", reply.text),
    )?;
    let json = reply.json();
    Ok((reply.ids().into_iter().collect(), json))
}

async fn groups_on_cdr_exports_match_the_model(env: &'static Env) -> Outcome {
    let all = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    type Model = Box<dyn Fn(&Value) -> Truth + Send + Sync>;
    let cases: Vec<(&str, Model)> = vec![
        (
            "filter[or][0][status-eq]=Failed&filter[or][1][rows-count-gt]=1000",
            Box::new(|e| {
                or(
                    truth(e, "status", "eq", &["Failed"]),
                    truth(e, "rows-count", "gt", &["1000"]),
                )
            }),
        ),
        (
            "filter[not][status-in]=Deleted,Failed",
            Box::new(|e| not(truth(e, "status", "in", &["Deleted", "Failed"]))),
        ),
        // NOT over a NULL: exports without a row count (not completed) are neither > 1000 nor its negation.
        (
            "filter[not][rows-count-gt]=1000",
            Box::new(|e| not(truth(e, "rows-count", "gt", &["1000"]))),
        ),
        // The example, nested: the row is Completed, or its zone (when it has one) is not European.
        (
            "filter[or][0][status-eq]=Completed&filter[or][1][not][time-zone-name-cont]=europe",
            Box::new(|e| {
                or(
                    truth(e, "status", "eq", &["Completed"]),
                    not(truth(e, "time-zone-name", "cont", &["europe"])),
                )
            }),
        ),
        // One negated AND: excludes only the rows matching both.
        (
            "filter[not][status-eq]=Completed&filter[not][rows-count-gteq]=1000&filter[created-at-gteq]=2020-01-01",
            Box::new(|e| {
                and(
                    not(and(
                        truth(e, "status", "eq", &["Completed"]),
                        truth(e, "rows-count", "gteq", &["1000"]),
                    )),
                    truth(e, "created-at", "gteq", &["2020-01-01T00:00:00.000Z"]),
                )
            }),
        ),
        (
            "filter[and][0][or][0][status-eq]=Pending&filter[and][0][or][1][status-eq]=Failed\
             &filter[and][1][or][0][time-format]=with_timezone&filter[and][1][or][1][time-zone-name-start]=america",
            Box::new(|e| {
                and(
                    or(
                        truth(e, "status", "eq", &["Pending"]),
                        truth(e, "status", "eq", &["Failed"]),
                    ),
                    or(
                        truth(e, "time-format", "", &["with_timezone"]),
                        truth(e, "time-zone-name", "start", &["america"]),
                    ),
                )
            }),
        ),
    ];
    let mut two_valued_would_differ = false;
    for (query, model) in &cases {
        let path = format!("/cdr-exports?page[size]=1000&{query}");
        let (ids, json) = listed(env, &path).await?;
        let expected = model_ids(&all, model);
        expect(
            !expected.is_empty() && expected.len() < all.len(),
            format!("{query} should keep some demo exports and drop others"),
        )?;
        expect_eq(
            json["meta"]["total-count"].as_u64(),
            Some(expected.len() as u64),
            &format!("total-count of {query}"),
        )?;
        expect_eq(ids.clone(), expected.clone(), &format!("ids of {query}"))?;
        // Three-valued logic matters here: a two-valued NOT would also return the exports without the field.
        if query.contains("[not]") {
            two_valued_would_differ |= model_ids(&all, |e| model(e).or(Some(true))) != expected;
        }
    }
    expect(
        two_valued_would_differ,
        "some NOT case excludes exports a two-valued NOT would return (NULLs in the demo data)",
    )?;
    // Through the account, under not: the exports of every account but the one named (NOT EXISTS).
    let (_, with_accounts) = listed(env, "/cdr-exports?include=account&page[size]=1000").await?;
    let first_account = &with_accounts["included"][0];
    let (account_id, account_name) = (
        first_account["id"].as_str().unwrap_or(""),
        first_account["attributes"]["name"].as_str().unwrap_or(""),
    );
    let encoded: String = account_name
        .bytes()
        .map(|byte| format!("%{byte:02X}"))
        .collect();
    let query = format!("filter[not][account.name-eq]={encoded}&filter[not][status-eq]=Completed");
    let (ids, _) = listed(env, &format!("/cdr-exports?page[size]=1000&{query}")).await?;
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|export| {
            export["relationships"]["account"]["data"]["id"].as_str() != Some(account_id)
                || !oracle::passes(export, "status", "eq", &["Completed"])
        })
        .map(|export| export["id"].as_str().unwrap_or("").to_owned())
        .collect();
    expect(
        !expected.is_empty() && expected.len() < all.len(),
        format!("{query} should keep some exports and drop others"),
    )?;
    expect_eq(ids, expected, &format!("ids of {query}"))
}

async fn group_errors_name_the_whole_parameter(env: &'static Env) -> Outcome {
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?filter[or][x][status-eq]=Failed&filter[or][1][rows-count-gt]=abc\
             &filter[not][0][status-eq]=Failed&filter[or][2][colour-eq]=red&filter[or]=1",
        )
        .await?;
    expect_eq(reply.status, 400, "status")?;
    let errors: Vec<(String, String)> = reply.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|error| {
            (
                error["code"].as_str().unwrap_or("").to_owned(),
                error["source"]["parameter"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("120", "filter[or][x][status-eq]"),
        ("107", "filter[or][1][rows-count-gt]"),
        ("120", "filter[not][0][status-eq]"),
        ("102", "filter[or][2][colour-eq]"),
        ("120", "filter[or]"),
    ]
    .iter()
    .map(|(code, parameter)| ((*code).to_owned(), (*parameter).to_owned()))
    .collect();
    expect_eq(
        errors,
        expected,
        "every error at once, each on its whole parameter",
    )?;
    let deep = env
        .get(
            &env.demo,
            "/cdr-exports?filter[not][or][0][not][and][0][status-eq]=Failed",
        )
        .await?;
    expect_eq(deep.status, 400, "status of a group four deep")?;
    expect_eq(
        deep.json()["errors"][0]["detail"].as_str(),
        Some(
            "filter[not][or][0][not][and][0][status-eq] is nested in 4 groups; at most 3 are allowed.",
        ),
        "detail of a group four deep",
    )
}

async fn group_pages_keep_their_groups_in_the_links(env: &'static Env) -> Outcome {
    let query = "filter[or][0][status-eq]=Failed&filter[or][1][not][status-eq]=Completed";
    let (all, _) = listed(env, &format!("/cdr-exports?page[size]=1000&{query}")).await?;
    expect(all.len() > 2, "the group matches several exports")?;
    let mut seen = BTreeSet::new();
    let mut next = Some(format!("/cdr-exports?page[size]=2&{query}"));
    while let Some(path) = next {
        let reply = env.get(&env.demo, &path).await?;
        expect_eq(reply.status, 200, &format!("status of {path}"))?;
        for id in reply.ids() {
            expect(seen.insert(id.clone()), format!("{id} is listed once"))?;
        }
        next = reply.json()["links"]["next"]
            .as_str()
            .map(|link| link[link.find("/cdr-exports").unwrap_or(0)..].to_owned());
        if let Some(link) = &next {
            expect(
                link.contains("filter[or][1][not][status-eq]=Completed"),
                format!("the next link keeps the group: {link}"),
            )?;
        }
    }
    expect_eq(seen, all, "the pages walk exactly the group's exports")
}

/// Every CDR id of `GET /cdrs?{query}`.
async fn cdr_ids(env: &Env, query: &str) -> Result<BTreeSet<String>, libtest_mimic::Failed> {
    let (ids, json) = listed(
        env,
        &format!("/cdrs?fields[cdrs]=success&page[size]=1000&{query}"),
    )
    .await?;
    expect(
        json["links"]["next"].is_null(),
        format!("/cdrs?{query} fits one page"),
    )?;
    Ok(ids)
}

async fn groups_on_cdrs_are_unions_and_complements(env: &'static Env) -> Outcome {
    let everything = cdr_ids(env, "").await?;
    let failed = cdr_ids(env, "filter[success-eq]=false").await?;
    let long = cdr_ids(env, "filter[duration-gt]=60").await?;
    expect(
        !failed.is_empty() && !long.is_empty() && failed != long,
        "the parts select different CDRs",
    )?;
    let either = cdr_ids(
        env,
        "filter[or][0][success-eq]=false&filter[or][3][duration-gt]=60",
    )
    .await?;
    expect_eq(
        either,
        failed.union(&long).cloned().collect(),
        "an OR is the union of its branches",
    )?;
    let not_failed = cdr_ids(env, "filter[not][success-eq]=false").await?;
    expect_eq(
        not_failed,
        everything.difference(&failed).cloned().collect(),
        "a NOT of a never-NULL field is the complement",
    )?;
    let both = cdr_ids(
        env,
        "filter[not][success-eq]=false&filter[not][duration-gt]=60",
    )
    .await?;
    let failed_and_long: BTreeSet<String> = failed.intersection(&long).cloned().collect();
    expect_eq(
        both,
        everything.difference(&failed_and_long).cloned().collect(),
        "the keys under one NOT are one negated AND",
    )
}

async fn groups_on_accounts_reach_through_their_exports(env: &'static Env) -> Outcome {
    let exports = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let account_of = |export: &Value| {
        export["relationships"]["account"]["data"]["id"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let (accounts, _) = listed(env, "/accounts").await?;
    let with_failed: BTreeSet<String> = exports
        .iter()
        .filter(|export| oracle::passes(export, "status", "eq", &["Failed"]))
        .map(account_of)
        .collect();
    let (without, _) = listed(env, "/accounts?filter[not][cdr-exports.status-eq]=Failed").await?;
    expect_eq(
        without,
        accounts.difference(&with_failed).cloned().collect(),
        "NOT through a to-many relationship: no visible export of the account failed",
    )?;
    // No export has more rows than the largest: NOT EXISTS holds for every account.
    let largest = exports
        .iter()
        .filter_map(|export| export["attributes"]["rows-count"].as_i64())
        .max()
        .unwrap_or(0);
    let (every, _) = listed(
        env,
        &format!("/accounts?filter[not][cdr-exports.rows-count-gt]={largest}"),
    )
    .await?;
    expect(accounts.len() == 2, "the demo caller sees two accounts")?;
    expect_eq(
        every,
        accounts.clone(),
        "NOT EXISTS over no export: every account",
    )?;
    let with_big_completed: BTreeSet<String> = exports
        .iter()
        .filter(|export| {
            oracle::passes(export, "status", "eq", &["Completed"])
                && oracle::passes(export, "rows-count", "gteq", &["1000"])
        })
        .map(account_of)
        .collect();
    expect(
        !with_big_completed.is_empty(),
        "some account has a completed export of at least 1,000 rows",
    )?;
    let (either, _) = listed(
        env,
        "/accounts?filter[or][0][cdr-exports.status-eq]=Completed&filter[or][0][cdr-exports.rows-count-gteq]=1000\
         &filter[or][1][name-eq]=zzz-no-such-name",
    )
    .await?;
    expect_eq(
        either,
        with_big_completed,
        "an OR branch through the exports: one and the same export matches both",
    )
}
