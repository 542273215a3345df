//! Authentication: `POST /auth` logs an API access in and answers a JWT (HS256, `aud: ["customer-v1"]`,
//! `sub`, `exp`); every other route takes it in `Authorization` (with or without `Bearer `) and is scoped to
//! the access's customer and allowed accounts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tracing::Instrument;
use uuid::Uuid;

use crate::AppState;
use crate::errors::ApiError;
use crate::store::{ColumnReader, Store, row_reader};

/// The audience every token is issued for.
pub const AUDIENCE: &str = "customer-v1";

/// The claims of a customer token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Always `["customer-v1"]`.
    pub aud: Vec<String>,
    /// The API access id.
    pub sub: i64,
    /// Expiry, in seconds since the Unix epoch.
    pub exp: u64,
}

/// Signs and checks tokens with one HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// How long an issued token is valid, in seconds.
    pub lifetime_seconds: u64,
    /// Tokens already verified, with their access id and expiry: a client sends the same token with every
    /// request, so its signature and claims are checked once and looked up until it expires.
    verified: Arc<Mutex<VerifiedTokens>>,
}

/// Each verified token, with its API access id and its `exp`.
type VerifiedTokens = HashMap<Box<str>, (i64, u64)>;

/// The most verified tokens remembered; when full, they are forgotten and checked again as they come.
const VERIFIED_TOKENS: usize = 10_000;

/// Seconds since the Unix epoch, as jsonwebtoken counts them.
fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

impl TokenKeys {
    /// Keys for `secret`, issuing tokens valid for `lifetime_seconds`.
    pub fn new(secret: &[u8], lifetime_seconds: u64) -> TokenKeys {
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            lifetime_seconds,
            verified: Arc::default(),
        }
    }

    /// A token for the API access `api_access_id`.
    pub fn issue(&self, api_access_id: i64) -> Result<String, jsonwebtoken::errors::Error> {
        self.sign(&Claims {
            aud: vec![AUDIENCE.to_owned()],
            sub: api_access_id,
            exp: now_seconds() + self.lifetime_seconds,
        })
    }

    /// Signs any claims with this secret (tests use it for expired or foreign-audience tokens).
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The API access id of a valid, unexpired token. A token verified before is looked up, and refused from
    /// the second after its `exp`, as jsonwebtoken refuses it (no leeway).
    pub fn verify(&self, token: &str) -> Option<i64> {
        let now = now_seconds();
        let remembered = self.verified.lock().ok()?.get(token).copied();
        match remembered {
            Some((api_access_id, expiry)) if expiry >= now => return Some(api_access_id),
            Some(_) => {
                self.verified.lock().ok()?.remove(token);
                return None;
            }
            None => {}
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = 0;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        let mut verified = self.verified.lock().ok()?;
        if verified.len() >= VERIFIED_TOKENS {
            verified.clear();
        }
        verified.insert(token.into(), (claims.sub, claims.exp));
        Some(claims.sub)
    }
}

/// The login body: `{"auth":{"login":"...","password":"..."}}`.
#[derive(Debug, Deserialize)]
pub struct LoginRequest {
    /// The credentials.
    pub auth: Credentials,
}

/// A login and password.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    /// The API access login.
    pub login: String,
    /// Its password.
    pub password: String,
}

/// The API access id whose login and password match, if any.
pub async fn check_credentials(
    store: &Store,
    credentials: &Credentials,
) -> Result<Option<i64>, sqlx::Error> {
    // PostgreSQL text cannot hold NUL, and no stored login contains one.
    if credentials.login.contains('\0') {
        let _ = crate::seed::hash_password(&credentials.password, 0);
        return Ok(None);
    }
    let found = store
        .select(
            "SELECT id, password_hash FROM api_accesses WHERE login = $1",
            sea_query::Values(vec![credentials.login.clone().into()]),
            row_reader!(access_row),
        )
        .await?;
    let Some((id, hash)) = found.into_iter().next() else {
        // Spend the same effort as a real check, so a missing login cannot be told apart by timing.
        let _ = crate::seed::hash_password(&credentials.password, 0);
        return Ok(None);
    };
    let verified = PasswordHash::new(&hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(credentials.password.as_bytes(), &parsed)
            .is_ok()
    });
    Ok(verified.then_some(id))
}

fn access_row<R: ColumnReader>(row: &R) -> Result<(i64, String), sqlx::Error> {
    Ok((
        row.integer("id")?.unwrap_or_default(),
        row.text("password_hash")?.unwrap_or_default(),
    ))
}

/// The authenticated caller: an API access, its customer, and the accounts it may see.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The API access id (the token's `sub`).
    pub api_access_id: i64,
    /// The customer the access belongs to.
    pub customer_id: i64,
    /// The customer's accounts the access may use: its allow-list, or every account when it has none.
    pub allowed_accounts: Vec<Uuid>,
    /// Whether the customer may listen to call recordings (the `rec` attribute of its CDRs).
    pub may_listen_recordings: bool,
}

impl Customer {
    /// Loads the access's customer and allowed accounts; `None` when the access no longer exists.
    /// One statement, read on every request, so a removed access or a changed allow-list applies at once.
    pub async fn load(store: &Store, api_access_id: i64) -> Result<Option<Customer>, sqlx::Error> {
        // One row per allowed account, or a single row with a NULL account when none is allowed; no row
        // when the access does not exist.
        let sql = "SELECT api_accesses.customer_id, customers.may_listen_recordings, \
            accounts.id AS account_id FROM api_accesses \
            JOIN customers ON customers.id = api_accesses.customer_id \
            LEFT JOIN accounts ON accounts.customer_id = api_accesses.customer_id AND (\
            NOT EXISTS (SELECT 1 FROM api_access_accounts WHERE api_access_id = api_accesses.id) \
            OR accounts.id IN (SELECT account_id FROM api_access_accounts \
            WHERE api_access_id = api_accesses.id)) \
            WHERE api_accesses.id = $1 ORDER BY accounts.id";
        let rows = store
            .select(
                sql,
                sea_query::Values(vec![api_access_id.into()]),
                row_reader!(allowed_account_row),
            )
            .await?;
        let Some(&(Some(customer_id), may_listen_recordings, _)) = rows.first() else {
            return Ok(None);
        };
        Ok(Some(Customer {
            api_access_id,
            customer_id,
            allowed_accounts: rows
                .into_iter()
                .filter_map(|(_, _, account)| account)
                .collect(),
            may_listen_recordings,
        }))
    }
}

fn allowed_account_row<R: ColumnReader>(
    row: &R,
) -> Result<(Option<i64>, bool, Option<Uuid>), sqlx::Error> {
    Ok((
        row.integer("customer_id")?,
        row.boolean("may_listen_recordings")?,
        row.uuid("account_id")?,
    ))
}

impl<S> FromRequestParts<S> for Customer
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Customer, ApiError> {
        let app = AppState::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.trim())
            .map(|value| match value.get(..7) {
                Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => value[7..].trim(),
                _ => value,
            })
            .ok_or_else(ApiError::unauthorized)?;
        let api_access_id = tracing::debug_span!("verify_token")
            .in_scope(|| app.keys.verify(token))
            .ok_or_else(ApiError::unauthorized)?;
        Customer::load(&app.store, api_access_id)
            .instrument(tracing::debug_span!("load_customer"))
            .await?
            .ok_or_else(ApiError::unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_remembered_token_is_refused_once_expired() {
        let keys = TokenKeys::new(b"secret", 600);
        let expiry = now_seconds() + 1;
        let claims = Claims {
            aud: vec![AUDIENCE.to_owned()],
            sub: 7,
            exp: expiry,
        };
        let token = keys.sign(&claims).unwrap();
        assert_eq!(keys.verify(&token), Some(7));
        assert_eq!(keys.verify(&token), Some(7), "looked up this time");
        while now_seconds() <= expiry {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(keys.verify(&token), None);
        assert_eq!(keys.verify(&token), None, "and forgotten");
    }

    #[test]
    fn only_the_exact_verified_token_is_remembered() {
        let keys = TokenKeys::new(b"secret", 600);
        let token = keys.issue(7).unwrap();
        assert_eq!(keys.verify(&token), Some(7));
        let mut changed = token.clone();
        let last = changed.pop().unwrap();
        changed.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(keys.verify(&changed), None);
        let foreign = TokenKeys::new(b"another secret", 600).issue(7).unwrap();
        assert_eq!(keys.verify(&foreign), None);
        assert_eq!(keys.verify(&token), Some(7));
    }
}
