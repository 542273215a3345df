//! Issue 6 section 4: forged tokens, the token of a removed API access, and login answers over real
//! HTTP, on SQLite and (when `JSONAPI_FILTER_POSTGRES_URL` is set; reported as ignored otherwise) on
//! PostgreSQL. The rest of the section (expired, wrong audience, other secret, foreign ids on every
//! route, account filters, 422 on create) is in the e2e suite (`tests/e2e/cases.rs`).

#[allow(dead_code)]
#[path = "e2e/harness.rs"]
mod harness;

use harness::{CaseFuture, Env, Outcome, expect_eq, runtime, trial};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use libtest_mimic::{Arguments, Trial};
use serde_json::json;

/// Unpadded base64url, for hand-made token segments.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |acc, (index, byte)| {
            acc | (u32::from(*byte) << (16 - 8 * index))
        });
        for index in 0..=chunk.len() {
            text.push(ALPHABET[(group >> (18 - 6 * index) & 63) as usize] as char);
        }
    }
    text
}

fn valid_claims() -> serde_json::Value {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() + 600)
        .unwrap_or(0);
    json!({"aud": ["customer-v1"], "sub": 1, "exp": exp})
}

async fn forged_tokens_are_401(env: &'static Env) -> Outcome {
    let claims = valid_claims();
    let payload = base64url(claims.to_string().as_bytes());
    let none = format!("{}.{payload}.", base64url(br#"{"alg":"none","typ":"JWT"}"#));
    let rs256 = format!(
        "{}.{payload}.{}",
        base64url(br#"{"alg":"RS256","typ":"JWT"}"#),
        base64url(b"not a signature")
    );
    let secret = cdr_exports::DEVELOPMENT_JWT_SECRET.as_bytes();
    let hs512 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|error| error.to_string())?;
    let reference = env.get_with(&env.demo, "/cdr-exports", None, &[]).await?;
    expect_eq(reference.status, 401, "no token")?;
    for (what, token) in [
        ("alg none", none),
        ("RS256-looking", rs256),
        ("HS512 with the right secret", hs512),
        ("malformed", "a.b.c".to_owned()),
    ] {
        for scheme in ["", "Bearer "] {
            let reply = env
                .get_with(
                    &env.demo,
                    "/cdr-exports",
                    Some(&format!("{scheme}{token}")),
                    &[],
                )
                .await?;
            expect_eq(reply.status, 401, &format!("status with {what}"))?;
            expect_eq(
                reply.json()["errors"].clone(),
                reference.json()["errors"].clone(),
                &format!("the error of {what} is the reference 401"),
            )?;
        }
    }
    let normal = env.get(&env.demo, "/cdr-exports?page[size]=1").await?;
    expect_eq(normal.status, 200, "a valid token still works")
}

/// An API access removed from the database: its token, still unexpired and correctly signed, gets the
/// reference 401 on every route.
async fn removed_api_access_is_401(env: &'static Env) -> Outcome {
    const REMOVED: i64 = 9_001;
    let store = &env.work.store;
    let account = cdr_exports::seed::demo_accounts()[0].0;
    store
        .execute_in_transaction(vec![
            (
                "INSERT INTO api_accesses (id, customer_id, login, password_hash) \
                 VALUES ($1, 1, 'soon-removed', 'not a hash')"
                    .to_owned(),
                vec![REMOVED.into()],
            ),
            (
                "INSERT INTO api_access_accounts (api_access_id, account_id) VALUES ($1, $2)"
                    .to_owned(),
                vec![REMOVED.into(), store.uuid(Some(account))],
            ),
        ])
        .await?;
    let token = env.work.keys.issue(REMOVED)?;
    let listing = env
        .get_with(&env.work, "/cdr-exports?page[size]=1", Some(&token), &[])
        .await?;
    expect_eq(listing.status, 200, "the access works before its removal")?;
    let id = listing.ids().into_iter().next().ok_or("an export")?;
    store
        .execute_in_transaction(vec![
            (
                "DELETE FROM api_access_accounts WHERE api_access_id = $1".to_owned(),
                vec![REMOVED.into()],
            ),
            (
                "DELETE FROM api_accesses WHERE id = $1".to_owned(),
                vec![REMOVED.into()],
            ),
        ])
        .await?;
    let reference = env.get_with(&env.work, "/cdr-exports", None, &[]).await?;
    expect_eq(reference.status, 401, "no token")?;
    for (method, path) in [
        (reqwest::Method::GET, "/cdr-exports".to_owned()),
        (reqwest::Method::GET, format!("/cdr-exports/{id}")),
        (reqwest::Method::GET, format!("/cdr-exports/{id}/account")),
        (reqwest::Method::GET, format!("/cdr-exports/{id}/download")),
        (reqwest::Method::POST, "/cdr-exports".to_owned()),
    ] {
        for scheme in ["", "Bearer "] {
            let reply = env
                .send(
                    &env.work,
                    method.clone(),
                    &path,
                    Some(&format!("{scheme}{token}")),
                    &[("content-type", "application/vnd.api+json")],
                    (method == reqwest::Method::POST).then(|| "{}".to_owned()),
                )
                .await?;
            expect_eq(
                (reply.status, reply.json()),
                (401, reference.json()),
                &format!("{method} {path} with the removed access's token"),
            )?;
        }
    }
    let normal = env.get(&env.work, "/cdr-exports?page[size]=1").await?;
    expect_eq(normal.status, 200, "another access still works")
}

async fn login_does_not_reveal_whether_the_login_exists(env: &'static Env) -> Outcome {
    let mut bodies = Vec::new();
    for (login, password) in [
        ("demo", "wrong password"),
        ("no-such-login", "wrong password"),
    ] {
        let reply = env
            .send(
                &env.demo,
                reqwest::Method::POST,
                "/auth",
                None,
                &[("content-type", "application/json")],
                Some(json!({"auth": {"login": login, "password": password}}).to_string()),
            )
            .await?;
        expect_eq(reply.status, 401, &format!("status for {login}"))?;
        bodies.push(reply.text);
    }
    expect_eq(
        &bodies[0],
        &bodies[1],
        "unknown login and wrong password answer the same body",
    )
}

/// A named case of this binary.
type Case = fn(&'static Env) -> CaseFuture;

fn main() {
    let arguments = Arguments::from_args();
    let mut environments = vec![runtime().block_on(Env::start_sqlite())];
    let postgres_url = std::env::var("JSONAPI_FILTER_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty());
    if let Some(url) = &postgres_url {
        environments.push(
            runtime()
                .block_on(Env::start_postgres(url))
                .unwrap_or_else(|error| {
                    panic!("JSONAPI_FILTER_POSTGRES_URL is set but PostgreSQL is unusable: {error}")
                }),
        );
    }
    let environments: Vec<&'static Env> = environments
        .into_iter()
        .map(|env| &*Box::leak(Box::new(env)))
        .collect();
    let cases: [(&str, Case); 3] = [
        ("forged_tokens_are_401", |env| {
            Box::pin(forged_tokens_are_401(env))
        }),
        ("removed_api_access_is_401", |env| {
            Box::pin(removed_api_access_is_401(env))
        }),
        ("login_does_not_reveal_whether_the_login_exists", |env| {
            Box::pin(login_does_not_reveal_whether_the_login_exists(env))
        }),
    ];
    let mut trials: Vec<Trial> = Vec::new();
    for env in &environments {
        trials.extend(cases.iter().map(|(name, case)| trial(env, name, *case)));
    }
    if postgres_url.is_none() {
        trials.extend(cases.iter().map(|(name, _)| {
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
