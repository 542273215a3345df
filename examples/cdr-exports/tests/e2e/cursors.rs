//! Cursor pagination over HTTP (the JSON:API Cursor Pagination profile) on every listing: a full walk that
//! starts from the first offset page's last `meta.page.cursor` and follows `links.next`, then back with
//! `links.prev`, returns exactly the offset listing's order; ranges, truncation and every refusal.

use libtest_mimic::Trial;
use serde_json::Value;

use super::harness::{API, CaseFuture, Env, Outcome, Reply, expect, expect_eq, trial};

pub fn trials(env: &'static Env) -> Vec<Trial> {
    cases!(
        env,
        cursor_walks_return_the_offset_order_on_every_listing,
        a_range_is_truncated_to_its_first_rows,
        bad_cursors_and_sizes_are_refused_on_their_parameter,
        offset_pages_carry_cursors_and_announce_the_profile,
    )
}

/// The profile every listing document announces.
const PROFILE: &str = "http://jsonapi.org/profiles/ethanresnick/cursor-pagination/";

/// The walks: a listing, its query (sort, filters, fields) and the page size of the walk. Sorts with mixed
/// directions, nullable columns and a criterion through a relationship, filters and groups.
const WALKS: [(&str, &str, u64); 8] = [
    ("cdr-exports", "fields[cdr-exports]=status", 7),
    (
        "cdr-exports",
        "sort=status,-rows-count&fields[cdr-exports]=status",
        9,
    ),
    (
        "cdr-exports",
        "sort=account.name,-created-at&filter[or][0][status-eq]=Failed&filter[or][1][rows-count-gt]=1000",
        5,
    ),
    ("cdr-exports", "sort=-time-zone-name,id&include=account", 11),
    ("cdrs", "fields[cdrs]=success", 13),
    (
        "cdrs",
        "sort=-duration,auth-orig-transport-protocol.name&filter[is-last-cdr]=true,false&fields[cdrs]=duration",
        17,
    ),
    ("accounts", "", 1),
    ("accounts", "sort=-balance,name", 1),
];

/// The path of an absolute link of the server's (`http://127.0.0.1:P/api/rest/customer/v1/x?y` → `/x?y`).
fn path_of(link: &str) -> Result<String, libtest_mimic::Failed> {
    link.split_once(API)
        .map(|(_, path)| path.to_owned())
        .ok_or_else(|| format!("{link} is not a link of the API").into())
}

async fn fetch(env: &Env, path: &str) -> Result<Value, libtest_mimic::Failed> {
    let reply = env.get(&env.demo, path).await?;
    expect_eq(
        reply.status,
        200,
        &format!("status of {path}: {}", reply.text),
    )?;
    Ok(reply.json())
}

fn ids(document: &Value) -> Vec<String> {
    document["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|object| object["id"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn cursors(document: &Value) -> Vec<Option<String>> {
    document["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|object| object["meta"]["page"]["cursor"].as_str().map(str::to_owned))
        .collect()
}

/// The listing's whole order, by offset pages of 1,000.
async fn offset_order(
    env: &Env,
    resource: &str,
    query: &str,
) -> Result<(Vec<String>, Value), libtest_mimic::Failed> {
    let mut all = Vec::new();
    let mut number = 1;
    loop {
        let page = fetch(
            env,
            &format!("/{resource}?{query}&page[size]=1000&page[number]={number}"),
        )
        .await?;
        let page_ids = ids(&page);
        all.extend(page_ids.iter().cloned());
        if page_ids.len() < 1000 {
            return Ok((all, page["meta"].clone()));
        }
        number += 1;
    }
}

/// Follows `links.<direction>` from `document` until it is `null`, checking each page; returns the ids of
/// the pages followed, in the order read.
async fn follow(
    env: &Env,
    mut document: Value,
    direction: &str,
    size: u64,
    total: &Value,
) -> Result<Vec<Vec<String>>, libtest_mimic::Failed> {
    let mut pages = Vec::new();
    for _ in 0..10_000 {
        let link = &document["links"][direction];
        if link.is_null() {
            return Ok(pages);
        }
        let link = link
            .as_str()
            .ok_or_else(|| format!("links.{direction} is {link}"))?
            .to_owned();
        document = fetch(env, &path_of(&link)?).await?;
        let page = ids(&document);
        // A link is given only where there is such a page: a walk never reads an empty one.
        expect(!page.is_empty(), format!("{link}: an empty page"))?;
        expect(
            page.len() as u64 <= size,
            format!("{link}: {} rows, a page holds {size}", page.len()),
        )?;
        expect_eq(&document["meta"], total, &format!("meta of {link}"))?;
        expect_eq(
            document["links"]["profile"][0].as_str(),
            Some(PROFILE),
            &format!("profile of {link}"),
        )?;
        expect(
            document["links"].get("last").is_none(),
            format!("{link}: a cursor page has no last link"),
        )?;
        expect(
            cursors(&document).iter().all(Option::is_some),
            format!("{link}: every object carries its cursor"),
        )?;
        pages.push(page);
    }
    Err(format!("links.{direction} never ended").into())
}

async fn cursor_walks_return_the_offset_order_on_every_listing(env: &'static Env) -> Outcome {
    for (resource, query, size) in WALKS {
        let (order, total) = offset_order(env, resource, query).await?;
        expect(
            order.len() as u64 > size,
            format!("/{resource}?{query}: {} rows, too few to walk", order.len()),
        )?;
        // The first offset page; its last cursor starts the walk.
        let first = fetch(env, &format!("/{resource}?{query}&page[size]={size}")).await?;
        let start = cursors(&first)
            .last()
            .cloned()
            .flatten()
            .ok_or(format!("/{resource}?{query}: no cursor on the first page"))?;
        let second = fetch(
            env,
            &format!("/{resource}?{query}&page[size]={size}&page[after]={start}"),
        )
        .await?;
        let mut walked = ids(&first);
        walked.extend(ids(&second));
        walked.extend(
            follow(env, second.clone(), "next", size, &total)
                .await?
                .concat(),
        );
        expect_eq(
            &walked,
            &order,
            &format!("/{resource}?{query}: the walk forwards by page[after]"),
        )?;

        // Back from the last page by `links.prev`, to the first page.
        let mut last = second;
        while !last["links"]["next"].is_null() {
            last = fetch(env, &path_of(last["links"]["next"].as_str().unwrap_or(""))?).await?;
        }
        let mut back: Vec<String> = Vec::new();
        for page in follow(env, last.clone(), "prev", size, &total).await? {
            back.splice(0..0, page);
        }
        back.extend(ids(&last));
        expect_eq(
            &back,
            &order[order.len() - back.len()..].to_vec(),
            &format!("/{resource}?{query}: the walk backwards by page[before]"),
        )?;
        expect_eq(
            back.len(),
            order.len(),
            &format!("/{resource}?{query}: the walk backwards reaches the first row"),
        )?;
    }
    Ok(())
}

async fn a_range_is_truncated_to_its_first_rows(env: &'static Env) -> Outcome {
    let query = "sort=status,-rows-count&fields[cdr-exports]=status";
    let (order, _) = offset_order(env, "cdr-exports", query).await?;
    let page = fetch(env, &format!("/cdr-exports?{query}&page[size]=40")).await?;
    let cursors = cursors(&page);
    let (after, before) = (
        cursors[3].clone().unwrap_or_default(),
        cursors[30].clone().unwrap_or_default(),
    );
    let range = |size: u64| {
        format!("/cdr-exports?{query}&page[size]={size}&page[after]={after}&page[before]={before}")
    };
    // 26 rows lie strictly between the 4th and the 31st.
    let truncated = fetch(env, &range(10)).await?;
    expect_eq(
        ids(&truncated),
        order[4..14].to_vec(),
        "a range of 26 rows read 10 at a time",
    )?;
    expect_eq(
        truncated["meta"]["page"]["rangeTruncated"].as_bool(),
        Some(true),
        "meta.page.rangeTruncated of a truncated range",
    )?;
    let whole = fetch(env, &range(26)).await?;
    expect_eq(ids(&whole), order[4..30].to_vec(), "the whole range")?;
    expect_eq(
        whole["meta"]["page"]["rangeTruncated"].as_bool(),
        Some(false),
        "meta.page.rangeTruncated of a whole range",
    )?;
    // An offset page and a one-sided cursor page have no meta.page.
    expect(
        page["meta"].get("page").is_none() && truncated["links"]["next"].is_string(),
        "meta.page only for a range; a truncated range has a next link",
    )?;
    Ok(())
}

fn refusal(reply: &Reply, parameter: &str) -> Result<Value, libtest_mimic::Failed> {
    expect_eq(reply.status, 400, &format!("status: {}", reply.text))?;
    let errors = reply.json()["errors"].clone();
    let error = errors
        .as_array()
        .and_then(|errors| {
            errors
                .iter()
                .find(|error| error["source"]["parameter"] == parameter)
        })
        .cloned()
        .ok_or(format!("no error on {parameter}: {}", reply.text))?;
    expect_eq(
        error["code"].as_str(),
        Some("118"),
        &format!("code on {parameter}"),
    )?;
    Ok(error)
}

async fn bad_cursors_and_sizes_are_refused_on_their_parameter(env: &'static Env) -> Outcome {
    let first = fetch(env, "/cdr-exports?page[size]=3").await?;
    let cursor = cursors(&first)[2].clone().unwrap_or_default();
    // One changed character.
    let mut tampered: Vec<char> = cursor.chars().collect();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();
    let cases = [
        (
            format!("/cdr-exports?page[after]={tampered}"),
            "page[after]",
        ),
        (
            format!("/cdr-exports?page[before]={tampered}"),
            "page[before]",
        ),
        (
            format!("/cdr-exports?sort=created-at&page[after]={cursor}"),
            "page[after]",
        ),
        (
            format!("/cdr-exports?filter[status-eq]=Failed&page[after]={cursor}"),
            "page[after]",
        ),
        (format!("/cdrs?page[after]={cursor}"), "page[after]"),
        (
            format!("/cdr-exports?page[after]={}", "A".repeat(600)),
            "page[after]",
        ),
        (
            format!("/cdr-exports?page[number]=2&page[after]={cursor}"),
            "page[number]",
        ),
        ("/cdr-exports?page[after]=".to_owned(), "page[after]"),
    ];
    for (path, parameter) in &cases {
        let reply = env.get(&env.demo, path).await?;
        refusal(&reply, parameter).map_err(|error| format!("{path}: {error:?}"))?;
    }
    for (resource, maximum) in [("cdr-exports", 1000), ("cdrs", 1000), ("accounts", 1000)] {
        let path = format!(
            "/{resource}?page[size]={}&page[after]={cursor}",
            maximum + 1
        );
        let reply = env.get(&env.demo, &path).await?;
        let error = refusal(&reply, "page[size]")?;
        expect_eq(
            error["meta"]["page"]["maxSize"].as_u64(),
            Some(maximum),
            &format!("meta.page.maxSize of {path}"),
        )?;
    }
    // The same cursor, untouched, is accepted.
    let next = env
        .get(
            &env.demo,
            &format!("/cdr-exports?page[size]=3&page[after]={cursor}"),
        )
        .await?;
    expect_eq(next.status, 200, "the untouched cursor")?;
    Ok(())
}

async fn offset_pages_carry_cursors_and_announce_the_profile(env: &'static Env) -> Outcome {
    for path in [
        "/cdr-exports?page[number]=2&page[size]=5",
        "/cdrs?page[size]=5",
        "/accounts",
    ] {
        let reply = env.get(&env.demo, path).await?;
        expect_eq(reply.status, 200, path)?;
        expect_eq(
            reply.header("content-type"),
            "application/vnd.api+json",
            &format!("content type of {path}"),
        )?;
        let document = reply.json();
        expect_eq(
            document["links"]["profile"].clone(),
            serde_json::json!([PROFILE]),
            &format!("links.profile of {path}"),
        )?;
        let cursors = cursors(&document);
        expect(
            !cursors.is_empty() && cursors.iter().all(Option::is_some),
            format!("{path}: every object carries meta.page.cursor"),
        )?;
        expect(
            document["links"]["first"]
                .as_str()
                .is_some_and(|first| first.contains("page%5Bnumber%5D=1")),
            format!("{path}: an offset page keeps its page[number] links"),
        )?;
    }
    Ok(())
}
