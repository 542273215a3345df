//! Issue 6 section 4: forged tokens and login answers over real HTTP. The rest of the section (expired,
//! wrong audience, other secret, foreign ids on every route, account filters, 422 on create) is in the
//! e2e suite (`tests/e2e/cases.rs`).

#[allow(dead_code)]
#[path = "e2e/harness.rs"]
mod harness;

use harness::{Env, Outcome, expect_eq, runtime, trial};
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

fn main() {
    let arguments = Arguments::from_args();
    let env: &'static Env = Box::leak(Box::new(runtime().block_on(Env::start_sqlite())));
    let trials: Vec<Trial> = vec![
        trial(env, "forged_tokens_are_401", |env| {
            Box::pin(forged_tokens_are_401(env))
        }),
        trial(
            env,
            "login_does_not_reveal_whether_the_login_exists",
            |env| Box::pin(login_does_not_reveal_whether_the_login_exists(env)),
        ),
    ];
    let conclusion = libtest_mimic::run(&arguments, trials);
    runtime().block_on(env.stop());
    conclusion.exit();
}
