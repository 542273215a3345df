//! Issue 6 section 5 (part): 200 concurrent creates, and a bounded mixed load (64 concurrent clients for
//! about 10 s by default, `CDR_LOAD_SECONDS` to change it) with zero errors and the p99 reported.

#[allow(dead_code)]
#[path = "e2e/harness.rs"]
mod harness;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use harness::{Env, Outcome, expect, expect_eq, runtime, trial};
use libtest_mimic::{Arguments, Trial};
use serde_json::json;

fn create_body() -> String {
    let account = cdr_exports::seed::demo_accounts()[0].0.to_string();
    json!({"data": {
        "type": "cdr-exports",
        "attributes": {
            "filters": {"time_start_gteq": "2025-01-01T00:00:00.000Z", "time_start_lt": "2025-01-02T00:00:00.000Z"},
            "time-format": "round_to_seconds",
            "time-zone-name": "America/Port_of_Spain",
        },
        "relationships": {"account": {"data": {"type": "accounts", "id": account}}},
    }})
    .to_string()
}

async fn create(env: &'static Env) -> Result<String, libtest_mimic::Failed> {
    let reply = env
        .send(
            &env.work,
            reqwest::Method::POST,
            "/cdr-exports",
            Some(&env.work.demo_token),
            &[("content-type", "application/vnd.api+json")],
            Some(create_body()),
        )
        .await?;
    expect_eq(reply.status, 201, "status of a create")?;
    Ok(reply.json()["data"]["id"].as_str().unwrap_or("").to_owned())
}

async fn two_hundred_concurrent_creates(env: &'static Env) -> Outcome {
    let before: HashSet<String> = ids(env).await?;
    let tasks: Vec<_> = (0..200).map(|_| tokio::spawn(create(env))).collect();
    let mut created = HashSet::new();
    for task in tasks {
        let id = task.await.map_err(|error| error.to_string())??;
        expect(created.insert(id.clone()), format!("{id} returned twice"))?;
    }
    expect_eq(created.len(), 200, "distinct created ids")?;
    let after = ids(env).await?;
    let new: HashSet<String> = after.difference(&before).cloned().collect();
    expect_eq(
        new,
        created,
        "exactly the created exports are new and visible",
    )
}

async fn ids(env: &'static Env) -> Result<HashSet<String>, libtest_mimic::Failed> {
    let mut all = HashSet::new();
    for page in 1.. {
        let reply = env
            .get_with(
                &env.work,
                &format!(
                    "/cdr-exports?page[size]=1000&page[number]={page}&fields[cdr-exports]=status"
                ),
                Some(&env.work.demo_token),
                &[],
            )
            .await?;
        expect_eq(reply.status, 200, "listing status")?;
        let page_ids = reply.ids();
        if page_ids.is_empty() {
            break;
        }
        all.extend(page_ids);
    }
    Ok(all)
}

async fn bounded_mixed_load(env: &'static Env) -> Outcome {
    let seconds: u64 = std::env::var("CDR_LOAD_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(10);
    let listing = env.get(&env.demo, "/cdr-exports?page[size]=20").await?;
    let show_ids: Arc<Vec<String>> = Arc::new(listing.ids());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..64usize)
        .map(|client| {
            let show_ids = show_ids.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                let mut round = client;
                while Instant::now() < deadline {
                    let started = Instant::now();
                    let outcome: Result<u16, String> = match round % 10 {
                        0 => create(env).await.map(|_| 201).map_err(|e| format!("{e:?}")),
                        1..=4 => env
                            .get(
                                &env.demo,
                                &format!("/cdr-exports/{}", show_ids[round % show_ids.len()]),
                            )
                            .await
                            .map(|reply| reply.status)
                            .map_err(|e| format!("{e:?}")),
                        _ => env
                            .get(
                                &env.demo,
                                "/cdr-exports?filter[status-eq]=Completed&sort=-created-at",
                            )
                            .await
                            .map(|reply| reply.status)
                            .map_err(|e| format!("{e:?}")),
                    };
                    latencies.push(started.elapsed());
                    match outcome {
                        Ok(200 | 201) => {}
                        Ok(status) => errors.push(format!("status {status}")),
                        Err(error) => errors.push(error),
                    }
                    round += 1;
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for client in clients {
        let (client_latencies, client_errors) = client.await.map_err(|error| error.to_string())?;
        latencies.extend(client_latencies);
        errors.extend(client_errors);
    }
    latencies.sort();
    let percentile = |percent: usize| {
        latencies
            .get(latencies.len() * percent / 100)
            .copied()
            .unwrap_or_default()
    };
    eprintln!(
        "{}: load {seconds} s x 64 clients ({} build): {} requests, {} errors, p50 {:?}, p99 {:?}",
        env.backend,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        latencies.len(),
        errors.len(),
        percentile(50),
        percentile(99)
    );
    expect(
        errors.is_empty(),
        format!(
            "errors under load: {:?}",
            errors.iter().take(5).collect::<Vec<_>>()
        ),
    )?;
    expect(!latencies.is_empty(), "requests were made")
}

fn main() {
    let arguments = Arguments::from_args();
    let mut environments = vec![runtime().block_on(Env::start_sqlite())];
    if let Ok(url) = std::env::var("JSONAPI_FILTER_POSTGRES_URL")
        && !url.is_empty()
    {
        environments.push(
            runtime()
                .block_on(Env::start_postgres(&url))
                .unwrap_or_else(|error| panic!("PostgreSQL is unusable: {error}")),
        );
    }
    let environments: Vec<&'static Env> = environments
        .into_iter()
        .map(|env| &*Box::leak(Box::new(env)))
        .collect();
    let mut trials: Vec<Trial> = Vec::new();
    for env in &environments {
        trials.push(trial(env, "two_hundred_concurrent_creates", |env| {
            Box::pin(two_hundred_concurrent_creates(env))
        }));
        trials.push(trial(env, "bounded_mixed_load", |env| {
            Box::pin(bounded_mixed_load(env))
        }));
    }
    if environments.len() == 1 {
        let placeholders = harness::postgres_placeholders(&trials, &[]);
        trials.extend(placeholders);
    }
    // The cases measure load: one at a time.
    let arguments = Arguments {
        test_threads: Some(1),
        ..arguments
    };
    let conclusion = libtest_mimic::run(&arguments, trials);
    for env in environments {
        runtime().block_on(env.stop());
    }
    conclusion.exit();
}
