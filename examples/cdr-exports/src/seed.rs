//! The demo data: deterministic (a fixed seed), so every fresh database holds the same customers, accounts,
//! exports and call records.
//!
//! - customer 1, login `demo` / `demo`, has three accounts; its API access is allowed the first two;
//! - customer 2, login `other` / `other`, has two accounts, all allowed;
//! - 360 exports: 216 on demo's allowed accounts, 36 on demo's third account, 36 without an account and
//!   72 of the other customer; every status, time format and many IANA zones (and none);
//! - 3,000 call records in January and February 2025 on every account (the hidden and the other customer's
//!   too), every column filled or NULL; every id ≡ 1 (mod 4) is a leg that is not the last of its call.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::net::IpAddr;

use chrono::{DateTime, Duration, TimeZone, Utc};
use jsonapi_filter::{Decimal, FilterEnum, FilterValue, Resource};
use sea_query::{Expr, Query, Value};
use serde_json::json;
use uuid::Uuid;

use crate::resource::{Account, Cdr, CdrExportStatus, TimeFormat};
use crate::store::Store;

/// The demo logins: (API access id, customer id, login and password).
pub const DEMO_LOGINS: [(i64, i64, &str); 2] = [(1, 1, "demo"), (2, 2, "other")];

/// How many exports the demo data holds.
pub const DEMO_EXPORTS: usize = 360;

/// The time zones of the demo exports; `None` is an export without a zone.
const TIME_ZONES: [Option<&str>; 10] = [
    None,
    Some("Europe/Kyiv"),
    Some("America/Port_of_Spain"),
    Some("UTC"),
    Some("Europe/London"),
    Some("Asia/Kolkata"),
    Some("America/New_York"),
    Some("Australia/Lord_Howe"),
    Some("America/Argentina/Buenos_Aires"),
    Some("Pacific/Chatham"),
];

/// SplitMix64: a tiny deterministic generator, so the demo data needs no random source.
struct DemoRandom(u64);

impl DemoRandom {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

/// Hashes a password with argon2id (light parameters: these are demo credentials).
pub fn hash_password(
    password: &str,
    salt_seed: u64,
) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::encode_b64(&salt_seed.to_le_bytes().repeat(2))?;
    let params = Params::new(8 * 1024, 2, 1, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// One row of an `INSERT`, from its values.
fn expressions(values: impl IntoIterator<Item = Value>) -> Vec<Expr> {
    values.into_iter().map(Expr::from).collect()
}

/// Whether the database has no customers yet.
pub async fn is_empty(store: &Store) -> Result<bool, sqlx::Error> {
    let mut select = Query::select();
    select
        .expr(sea_query::Expr::cust("COUNT(*)"))
        .from("customers");
    Ok(store.count(&select).await? == 0)
}

/// The demo accounts: (id, customer, name); demo's first two are the allowed ones.
pub fn demo_accounts() -> Vec<(Uuid, i64, &'static str)> {
    let mut random = DemoRandom(7);
    vec![
        (random.uuid(), 1, "Demo Main"),
        (random.uuid(), 1, "Demo Wholesale"),
        (random.uuid(), 1, "Demo Legacy"),
        (random.uuid(), 2, "Other Retail"),
        (random.uuid(), 2, "Other Carrier"),
    ]
}

/// Fills an empty database with the demo data, `exports` exports of them, in one transaction.
pub async fn seed_demo(
    store: &Store,
    exports: usize,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let accounts = demo_accounts();
    let mut statements = Vec::new();

    let mut customers = Query::insert();
    customers
        .into_table("customers")
        .columns(["id", "name", "may_listen_recordings"]);
    // Demo's customer may listen to recordings, the other's may not (the `rec` attribute of CDRs).
    customers.values_panic(expressions([
        1i64.into(),
        "Demo Telecom".into(),
        true.into(),
    ]));
    customers.values_panic(expressions([
        2i64.into(),
        "Other Telecom".into(),
        false.into(),
    ]));
    statements.push(store.render_insert(&customers));

    let mut account_rows = Query::insert();
    account_rows.into_table("accounts").columns([
        "id",
        "customer_id",
        "name",
        "external_id",
        "balance",
        "min_balance",
        "max_balance",
        "destination_rate_limit",
        "origination_capacity",
        "termination_capacity",
        "total_capacity",
    ]);
    // Money as the framework binds the declaration's decimal fields (SQLite: ten-thousandths).
    let money = |key: &str, value: Option<Decimal>| {
        let field = Account::SCHEMA
            .field(key)
            .expect("a money field of Account");
        let value = value.map(FilterValue::Decimal);
        store.backend().bind_for(field, value.as_ref())
    };
    for (index, (id, customer, name)) in accounts.iter().enumerate() {
        let at = index as i64;
        let external_id: Option<i64> = (index != 2).then_some(1000 + at);
        // Balances 1500.00, 1200.07, 900.14, ...; the third account has no limits, the others some.
        let balance = Decimal::new((1500 - 300 * at) * 100 + at * 7, 2);
        let limited = index != 2;
        account_rows.values_panic(expressions([
            store.uuid(Some(*id)),
            (*customer).into(),
            (*name).into(),
            external_id.into(),
            money("balance", Some(balance)),
            money("min-balance", limited.then(|| Decimal::new(-100 * at, 0))),
            money(
                "max-balance",
                limited.then(|| Decimal::new(10_000 + 5_000 * at, 0)),
            ),
            money(
                "destination-rate-limit",
                limited.then(|| Decimal::new(1_250 + 250 * at, 4)),
            ),
            limited.then_some(10 + 5 * at).into(),
            limited.then_some(20 + 5 * at).into(),
            limited.then_some(30 + 10 * at).into(),
        ]));
    }
    statements.push(store.render_insert(&account_rows));

    let mut accesses = Query::insert();
    accesses
        .into_table("api_accesses")
        .columns(["id", "customer_id", "login", "password_hash"]);
    for (id, customer, login) in DEMO_LOGINS {
        accesses.values_panic(expressions([
            id.into(),
            customer.into(),
            login.into(),
            hash_password(login, id as u64)
                .map_err(|error| error.to_string())?
                .into(),
        ]));
    }
    statements.push(store.render_insert(&accesses));

    let mut allowed = Query::insert();
    allowed
        .into_table("api_access_accounts")
        .columns(["api_access_id", "account_id"]);
    for (id, _, _) in &accounts[..2] {
        allowed.values_panic(expressions([1i64.into(), store.uuid(Some(*id))]));
    }
    statements.push(store.render_insert(&allowed));

    // 500 rows of 9 values stay below SQLite's 32,766 bound parameters per statement.
    for chunk in demo_exports(store, &accounts, exports).chunks(500) {
        let mut exports = Query::insert();
        exports.into_table("cdr_exports").columns([
            "id",
            "account_id",
            "status",
            "rows_count",
            "created_at",
            "updated_at",
            "time_zone_name",
            "time_format",
            "filters",
        ]);
        for row in chunk {
            exports.values_panic(expressions(row.clone()));
        }
        statements.push(store.render_insert(&exports));
    }
    // 300 rows of 45 values stay below SQLite's bound parameters per statement.
    for chunk in demo_cdrs(store, &accounts).chunks(300) {
        let mut cdrs = Query::insert();
        cdrs.into_table("cdrs").columns(CDR_COLUMNS);
        for row in chunk {
            cdrs.values_panic(expressions(row.clone()));
        }
        statements.push(store.render_insert(&cdrs));
    }
    store.execute_in_transaction(statements).await?;
    // Fresh statistics, so the planner walks the default sort's index instead of sorting every export.
    store
        .execute_in_transaction(vec![("ANALYZE".to_owned(), Vec::new())])
        .await?;
    Ok(())
}

fn demo_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The rows of `cdr_exports`, in the column order of [`seed_demo`].
fn demo_exports(store: &Store, accounts: &[(Uuid, i64, &str)], count: usize) -> Vec<Vec<Value>> {
    let mut random = DemoRandom(42);
    let year_ms = 365 * 24 * 3600 * 1000;
    let mut previous_created_at = demo_epoch();
    (0..count)
        .map(|index| {
            let id = random.uuid();
            let account = match index % 10 {
                0..=2 => Some(accounts[0].0),
                3..=5 => Some(accounts[1].0),
                6 => Some(accounts[2].0),
                7 => None,
                8 => Some(accounts[3].0),
                _ => Some(accounts[4].0),
            };
            let status = CdrExportStatus::VARIANTS[index % 4];
            let time_format = TimeFormat::VARIANTS[(index / 4) % 3];
            let time_zone = TIME_ZONES[random.below(TIME_ZONES.len() as u64) as usize];
            // Every ninth export shares the exact timestamp of the one before.
            let created_at = if index % 9 == 8 {
                previous_created_at
            } else {
                demo_epoch() + Duration::milliseconds(random.below(year_ms) as i64)
            };
            previous_created_at = created_at;
            let updated_at = match status {
                CdrExportStatus::Pending => created_at,
                _ => created_at + Duration::milliseconds(500 + random.below(600_000) as i64),
            };
            let rows_count: Option<i64> =
                (status == CdrExportStatus::Completed).then(|| random.below(5_000) as i64);
            let day = random.below(50) as i64;
            let start = demo_epoch() + Duration::days(day);
            let mut filters = json!({
                "time_start_gteq": format_filter_time(start),
                "time_start_lt": format_filter_time(start + Duration::days(1 + random.below(9) as i64)),
            });
            if index % 5 == 0 {
                filters["success_eq"] = json!(index % 2 == 0);
            }
            if index % 7 == 0 {
                filters["duration_gteq"] = json!(30);
            }
            vec![
                store.uuid(Some(id)),
                store.uuid(account),
                status.wire_value().into(),
                rows_count.into(),
                store.time(Some(created_at)),
                store.time(Some(updated_at)),
                time_zone.map(str::to_owned).into(),
                time_format.wire_value().into(),
                store.json(&filters),
            ]
        })
        .collect()
}

/// A time in an export's `filters`, as the reference writes them: `2018-01-01T00:00:00.000Z`.
pub fn format_filter_time(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The columns of the demo `cdrs` rows, in the order of the values the demo seed writes.
pub const CDR_COLUMNS: [&str; 45] = [
    "id",
    "uuid",
    "customer_acc_id",
    "time_start",
    "time_connect",
    "time_end",
    "duration",
    "success",
    "is_last_cdr",
    "destination_initial_interval",
    "destination_next_interval",
    "destination_initial_rate",
    "destination_next_rate",
    "destination_fee",
    "destination_reverse_billing",
    "customer_price",
    "customer_price_no_vat",
    "customer_acc_vat",
    "customer_duration",
    "src_number",
    "dst_number",
    "src_name_in",
    "src_prefix_in",
    "from_domain",
    "dst_prefix_in",
    "to_domain",
    "ruri_domain",
    "diversion_in",
    "local_tag",
    "lega_disconnect_code",
    "lega_disconnect_reason",
    "auth_orig_transport_protocol_id",
    "auth_orig_ip",
    "auth_orig_port",
    "src_prefix_routing",
    "dst_prefix_routing",
    "destination_prefix",
    "lega_user_agent",
    "orig_call_id",
    "pai_in",
    "ppi_in",
    "privacy_in",
    "rpid_in",
    "rpid_privacy_in",
    "audio_recorded",
];

/// How many call records the demo data holds.
pub const DEMO_CDRS: i64 = 3000;

/// Per-minute rates that differ only after the third fractional digit (and one that is zero).
const RATES: [&str; 6] = ["0.0123", "0.0124", "0.01234", "0.012301", "0", "0.5"];
/// Connection fees.
const FEES: [&str; 4] = ["0", "0.01", "0.0101", "0.25"];
/// VAT rates in percent; `None` when the account has none.
const VATS: [Option<&str>; 4] = [Some("20"), Some("0"), None, Some("7.5")];
/// Caller addresses, several written in non-canonical forms (upper case, uncompressed, leading zeros in
/// groups): rendered canonically. `::ffff:192.0.2.10` is not `192.0.2.10`.
const ADDRESSES: [Option<&str>; 10] = [
    Some("192.0.2.10"),
    Some("198.51.100.7"),
    Some("2001:DB8::1"),
    Some("2001:0db8:0000:0000:0000:0000:0000:00a1"),
    Some("::ffff:192.0.2.10"),
    Some("10.0.0.1"),
    Some("FE80:0:0:0:0:0:0:2"),
    None,
    Some("203.0.113.255"),
    Some("2001:db8:85a3::8a2e:370:7334"),
];
const DOMAINS: [Option<&str>; 5] = [
    Some("sip.demo.example"),
    Some("pbx.example.org"),
    None,
    Some("SIP.Demo.Example"),
    Some("carrier.example.net"),
];
const USER_AGENTS: [Option<&str>; 4] = [
    Some("Yeti SBC 1.12"),
    Some("Asterisk PBX 20.5.0"),
    Some("FreeSWITCH-mod_sofia/1.10"),
    None,
];
const NAMES: [Option<&str>; 5] = [
    Some("Alice"),
    Some("Bob O'Neil"),
    None,
    Some("Zoë"),
    Some(""),
];
const FAILURES: [(i64, &str); 4] = [
    (486, "Busy Here"),
    (487, "Request Terminated"),
    (503, "Service Unavailable"),
    (404, "Not Found"),
];

/// A value of the `Cdr` field `key` in this backend's column format (decimals and addresses through
/// `Backend::bind_for`).
fn cdr_value(store: &Store, key: &str, value: Option<FilterValue>) -> Value {
    match Cdr::SCHEMA.field(key) {
        Some(field) => store.backend().bind_for(field, value.as_ref()),
        None => Value::Bool(None),
    }
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

/// The rows of `cdrs`, in the column order of [`CDR_COLUMNS`]: every column, with NULLs, decimals that
/// differ only after the third digit, IPv4 and IPv6 addresses, legs that are not the last of their call
/// (every id ≡ 1 mod 4), on every account (the hidden and the other customer's too).
fn demo_cdrs(store: &Store, accounts: &[(Uuid, i64, &str)]) -> Vec<Vec<Value>> {
    let mut random = DemoRandom(1234);
    let prefixes = ["44", "4420", "380", "1868", "1212"];
    let two_months_seconds = 59 * 24 * 3600;
    let pick = |random: &mut DemoRandom, length: usize| random.below(length as u64) as usize;
    (1..=DEMO_CDRS)
        .map(|id| {
            let account = accounts[(id as usize) % accounts.len()].0;
            let time_start =
                demo_epoch() + Duration::seconds(random.below(two_months_seconds) as i64);
            let success = random.below(4) != 0;
            let duration = if success {
                random.below(1200) as i64
            } else {
                0
            };
            let time_connect =
                success.then(|| time_start + Duration::seconds(random.below(20) as i64));
            let time_end = (id % 13 != 0)
                .then(|| time_connect.unwrap_or(time_start) + Duration::seconds(duration));
            let src_prefix = prefixes[pick(&mut random, prefixes.len())];
            let dst_prefix = prefixes[pick(&mut random, prefixes.len())];
            let src_number = format!("{src_prefix}{:07}", random.below(10_000_000));
            let dst_number = format!("{dst_prefix}{:07}", random.below(10_000_000));
            let initial_interval = [1i64, 30, 60][pick(&mut random, 3)];
            let next_interval = [1i64, 6, 60][pick(&mut random, 3)];
            let initial_rate = decimal(RATES[pick(&mut random, RATES.len())]);
            let next_rate = decimal(RATES[pick(&mut random, RATES.len())]);
            let fee = decimal(FEES[pick(&mut random, FEES.len())]);
            let price = (fee + next_rate * Decimal::from(duration) / Decimal::from(60)).round_dp(4);
            let vat = VATS[pick(&mut random, VATS.len())].map(decimal);
            let price_no_vat = vat
                .map(|vat| (price * Decimal::from(100) / (Decimal::from(100) + vat)).round_dp(4));
            let customer_duration = (id % 17 != 0).then(|| {
                let intervals = (duration + next_interval - 1) / next_interval;
                intervals * next_interval
            });
            let failure = FAILURES[pick(&mut random, FAILURES.len())];
            let (code, reason) = if success {
                (Some(200), Some("OK".to_owned()))
            } else if id % 10 == 3 {
                (None, None)
            } else {
                (Some(failure.0), Some(failure.1.to_owned()))
            };
            let protocol = [
                Some(1i64),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                None,
            ][pick(&mut random, 7)];
            let address: Option<IpAddr> = ADDRESSES[pick(&mut random, ADDRESSES.len())]
                .map(|text| text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
            let port = [Some(5060i64), Some(5061), Some(5080), None][pick(&mut random, 4)];
            let domain = |random: &mut DemoRandom| DOMAINS[pick(random, DOMAINS.len())];
            let (from_domain, to_domain, ruri_domain) = (
                domain(&mut random),
                domain(&mut random),
                domain(&mut random),
            );
            let text = |value: Option<&str>| Value::from(value.map(str::to_owned));
            let optional = |keep: bool, value: String| Value::from(keep.then_some(value));
            let call = (id + 1) / 2;
            vec![
                id.into(),
                store.uuid(Some(random.uuid())),
                store.uuid(Some(account)),
                store.time(Some(time_start)),
                store.time(time_connect),
                store.time(time_end),
                duration.into(),
                success.into(),
                (id % 4 != 1).into(),
                initial_interval.into(),
                next_interval.into(),
                cdr_value(
                    store,
                    "destination-initial-rate",
                    Some(FilterValue::Decimal(initial_rate)),
                ),
                cdr_value(
                    store,
                    "destination-next-rate",
                    Some(FilterValue::Decimal(next_rate)),
                ),
                cdr_value(store, "destination-fee", Some(FilterValue::Decimal(fee))),
                (id % 9 == 0).into(),
                cdr_value(store, "customer-price", Some(FilterValue::Decimal(price))),
                cdr_value(
                    store,
                    "customer-price-no-vat",
                    price_no_vat.map(FilterValue::Decimal),
                ),
                cdr_value(store, "customer-acc-vat", vat.map(FilterValue::Decimal)),
                customer_duration.into(),
                src_number.clone().into(),
                dst_number.into(),
                text(NAMES[pick(&mut random, NAMES.len())]),
                optional(id % 11 != 0, src_number.clone()),
                text(from_domain),
                optional(id % 7 != 0, format!("{dst_prefix}{}", id % 100)),
                text(to_domain),
                text(ruri_domain),
                optional(
                    id % 8 == 0,
                    format!("sip:{src_prefix}{}@divert.example", id % 50),
                ),
                optional(id % 6 != 0, format!("{:08x}", random.below(1 << 32))),
                code.into(),
                reason.into(),
                protocol.into(),
                cdr_value(store, "auth-orig-ip", address.map(FilterValue::Inet)),
                port.into(),
                optional(id % 11 != 0, src_prefix.to_owned()),
                Some(dst_prefix.to_owned()).into(),
                optional(id % 5 != 4, dst_prefix.to_owned()),
                text(USER_AGENTS[pick(&mut random, USER_AGENTS.len())]),
                optional(id % 19 != 0, format!("{call:06}@sbc.demo")),
                optional(id % 3 == 0, format!("<sip:{src_number}@pai.example>")),
                optional(id % 4 == 2, format!("<sip:{src_number}@ppi.example>")),
                text([Some("id"), Some("none"), None][pick(&mut random, 3)]),
                optional(
                    id % 5 == 1,
                    format!("\"{src_number}\" <sip:{src_number}@rpid.example>"),
                ),
                text([Some("full"), Some("off"), None][pick(&mut random, 3)]),
                (id % 3 == 0).into(),
            ]
        })
        .collect()
}

/// Where `--seed-cdrs-scale` starts: 2024-01-01, a year before the demo data.
pub const SCALE_CDRS_FROM: DateTime<Utc> =
    DateTime::from_timestamp_nanos(1_704_067_200_000_000_000);

/// Adds `count` generated CDRs on PostgreSQL, spread evenly over `months` months from `from` (the first of a
/// month, UTC), on the demo accounts: one `INSERT ... SELECT FROM generate_series` (not row by row), after
/// creating the monthly partitions of `cdrs` the range needs. Ids follow the table's largest. For a large
/// table (`--seed-cdrs-scale`) and the partition pruning test; on SQLite it is refused.
pub async fn seed_cdrs_scale(
    store: &Store,
    count: i64,
    from: DateTime<Utc>,
    months: u32,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if store.backend() != jsonapi_filter::Backend::Postgres {
        return Err("generated CDRs are for PostgreSQL's partitioned table only".into());
    }
    let mut statements = Vec::new();
    let mut start = from;
    for _ in 0..months {
        let end = next_month(start).ok_or("a month past the calendar")?;
        // Names and bounds come from dates, not from input text.
        statements.push((
            format!(
                "CREATE TABLE IF NOT EXISTS cdrs_{} PARTITION OF cdrs FOR VALUES FROM ('{}') TO ('{}')",
                start.format("%Y_%m"),
                start.format("%Y-%m-%d %H:%M:%S+00"),
                end.format("%Y-%m-%d %H:%M:%S+00"),
            ),
            Vec::new(),
        ));
        start = end;
    }
    statements.push((
        "INSERT INTO cdrs (id, uuid, customer_acc_id, time_start, time_connect, time_end, duration, success, \
             is_last_cdr, destination_initial_rate, destination_next_rate, customer_price, src_number, \
             dst_number, src_prefix_routing, dst_prefix_routing, auth_orig_transport_protocol_id, auth_orig_ip) \
         SELECT base.id + g, gen_random_uuid(), base.accounts[1 + g % cardinality(base.accounts)], \
             $1::timestamptz + (($2::timestamptz - $1::timestamptz) * g) / ($3::bigint + 1), \
             $1::timestamptz + (($2::timestamptz - $1::timestamptz) * g) / ($3::bigint + 1) + interval '3 seconds', \
             $1::timestamptz + (($2::timestamptz - $1::timestamptz) * g) / ($3::bigint + 1) + (g % 600) * interval '1 second', \
             g % 600, g % 4 <> 0, g % 4 <> 1, 0.0123 + (g % 7) * 0.0001, 0.0123, ((g % 600) * 0.0123 / 60)::numeric(18, 4), \
             '44' || lpad((g % 10000000)::text, 7, '0'), '380' || lpad((g % 9999991)::text, 7, '0'), '44', '380', \
             1 + g % 6, ('10.0.' || (g % 256) || '.' || (g % 251))::inet \
         FROM generate_series(1, $3::bigint) AS g, \
             (SELECT COALESCE((SELECT MAX(id) FROM cdrs), 0) AS id, \
                     (SELECT array_agg(id ORDER BY name) FROM accounts) AS accounts) AS base"
            .to_owned(),
        vec![
            store.time(Some(from)),
            store.time(Some(start)),
            count.into(),
        ],
    ));
    store.execute_in_transaction(statements).await?;
    store
        .execute_in_transaction(vec![("ANALYZE cdrs".to_owned(), Vec::new())])
        .await?;
    Ok(())
}

/// The first instant of the month after `instant`'s (which is the first of a month).
fn next_month(instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
    use chrono::Datelike;
    let (year, month) = if instant.month() == 12 {
        (instant.year() + 1, 1)
    } else {
        (instant.year(), instant.month() + 1)
    };
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0).single()
}
