//! The `cdrs` resource over real HTTP, against the demo server: every filter key of the reference answered
//! as an independent model of the seeded rows says (the rows read with plain SQL, the predicates evaluated
//! here, not by the library), the `is-last-cdr` default in counts and links, scoping, every sort, includes,
//! show, and the errors.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::net::IpAddr;

use cdr_exports::resource::Cdr;
use cdr_exports::seed::demo_accounts;
use cdr_exports::store::{Store, cdr_from_row};
use chrono::{DateTime, Utc};
use jsonapi_filter::document::JsonApiResource;
use jsonapi_filter::{Decimal, FilterStyle, Resource};
use libtest_mimic::Trial;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use uuid::Uuid;

use super::harness::{CaseFuture, Env, Outcome, Server, expect, expect_eq, trial};

/// Every case of this module for `env`.
pub fn trials(env: &'static Env) -> Vec<Trial> {
    cases!(
        env,
        cdrs_filter_keys_are_the_references,
        cdrs_every_filter_key_answers_as_the_model,
        cdrs_attributes_render_the_rows,
        cdrs_default_is_last_cdr_applies_to_counts_and_links,
        cdrs_of_other_accounts_are_never_visible,
        cdrs_sort_by_every_attribute_but_rec,
        cdrs_filter_only_fields_are_not_sortable_nor_fields,
        cdrs_include_accounts_and_transport_protocols,
        cdrs_show_one_and_errors,
    )
}

/// The reference's suffixed filter keys, by kind (`cdrs.md`), without the predicate suffix.
const REFERENCE_UUID: [&str; 1] = ["uuid"];
const REFERENCE_DATETIME: [&str; 3] = ["time-start", "time-connect", "time-end"];
const REFERENCE_NUMBER: [&str; 13] = [
    "duration",
    "destination-initial-rate",
    "destination-next-rate",
    "destination-fee",
    "destination-initial-interval",
    "destination-next-interval",
    "customer-acc-vat",
    "customer-price",
    "customer-price-no-vat",
    "customer-duration",
    "lega-disconnect-code",
    "auth-orig-transport-protocol-id",
    "auth-orig-port",
];
const REFERENCE_BOOLEAN: [&str; 2] = ["success", "destination-reverse-billing"];
const REFERENCE_STRING: [&str; 19] = [
    "destination-prefix",
    "dst-prefix-in",
    "src-prefix-in",
    "src-name-in",
    "src-prefix-routing",
    "dst-prefix-routing",
    "diversion-in",
    "orig-call-id",
    "local-tag",
    "lega-disconnect-reason",
    "lega-user-agent",
    "pai-in",
    "ppi-in",
    "privacy-in",
    "rpid-in",
    "rpid-privacy-in",
    "ruri-domain",
    "to-domain",
    "from-domain",
];
const REFERENCE_INET: [&str; 1] = ["auth-orig-ip"];
/// The reference's filters without a suffix, taking a list (`filter[duration]=10,20`), beside the suffixed
/// keys of the same fields.
const REFERENCE_SUFFIXLESS: [&str; 11] = [
    "success",
    "src-prefix-routing",
    "dst-prefix-routing",
    "duration",
    "lega-disconnect-code",
    "lega-disconnect-reason",
    "src-prefix-in",
    "dst-prefix-in",
    "diversion-in",
    "src-name-in",
    "local-tag",
];
const REFERENCE_FOREIGN_KEY: [&str; 1] = ["account-id"];

/// One value of a CDR's column, as this model compares it.
#[derive(Debug, Clone, PartialEq)]
enum M {
    Null,
    Int(i64),
    Dec(Decimal),
    Text(String),
    Bool(bool),
    Time(DateTime<Utc>),
    Uuid(Uuid),
    Ip(IpAddr),
}

impl M {
    /// The order of the reference: NULLs largest, IPv4 before IPv6, text by code point.
    fn compare(&self, other: &M) -> Ordering {
        match (self, other) {
            (M::Null, M::Null) => Ordering::Equal,
            (M::Null, _) => Ordering::Greater,
            (_, M::Null) => Ordering::Less,
            (M::Int(a), M::Int(b)) => a.cmp(b),
            (M::Dec(a), M::Dec(b)) => a.cmp(b),
            (M::Text(a), M::Text(b)) => a.chars().cmp(b.chars()),
            (M::Bool(a), M::Bool(b)) => a.cmp(b),
            (M::Time(a), M::Time(b)) => a.cmp(b),
            (M::Uuid(a), M::Uuid(b)) => a.cmp(b),
            (M::Ip(a), M::Ip(b)) => ip_rank(a).cmp(&ip_rank(b)),
            _ => Ordering::Equal,
        }
    }

    /// The text of a filter value.
    fn query_text(&self) -> String {
        match self {
            M::Null => String::new(),
            M::Int(value) => value.to_string(),
            M::Dec(value) => value.normalize().to_string(),
            M::Text(value) => value.clone(),
            M::Bool(value) => value.to_string(),
            M::Time(value) => value.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            M::Uuid(value) => value.to_string(),
            // The upper-case, uncompressed spelling: addresses compare as addresses.
            M::Ip(IpAddr::V6(value)) => value
                .segments()
                .iter()
                .map(|segment| format!("{segment:X}"))
                .collect::<Vec<_>>()
                .join(":"),
            M::Ip(value) => value.to_string(),
        }
    }
}

fn ip_rank(address: &IpAddr) -> (u8, u128) {
    match address {
        IpAddr::V4(v4) => (4, u128::from(u32::from(*v4))),
        IpAddr::V6(v6) => (6, u128::from(*v6)),
    }
}

/// The model's value of the filter or sort key `key` (dashes) on `cdr`: written out field by field, not
/// read from the derive.
fn value(cdr: &Cdr, key: &str) -> M {
    fn text(value: &Option<String>) -> M {
        value.clone().map_or(M::Null, M::Text)
    }
    fn int(value: Option<i64>) -> M {
        value.map_or(M::Null, M::Int)
    }
    fn dec(value: Option<Decimal>) -> M {
        value.map_or(M::Null, M::Dec)
    }
    fn time(value: Option<DateTime<Utc>>) -> M {
        value.map_or(M::Null, M::Time)
    }
    match key {
        "id" => M::Int(cdr.id),
        "uuid" => M::Uuid(cdr.uuid),
        "account-id" => M::Uuid(cdr.account_id),
        "is-last-cdr" => M::Bool(cdr.is_last_cdr),
        "time-start" => M::Time(cdr.time_start),
        "time-connect" => time(cdr.time_connect),
        "time-end" => time(cdr.time_end),
        "duration" => M::Int(cdr.duration),
        "success" => M::Bool(cdr.success),
        "destination-reverse-billing" => M::Bool(cdr.destination_reverse_billing),
        "destination-initial-interval" => M::Int(cdr.destination_initial_interval),
        "destination-next-interval" => M::Int(cdr.destination_next_interval),
        "destination-initial-rate" => M::Dec(cdr.destination_initial_rate),
        "destination-next-rate" => M::Dec(cdr.destination_next_rate),
        "destination-fee" => M::Dec(cdr.destination_fee),
        "customer-price" => M::Dec(cdr.customer_price),
        "customer-price-no-vat" => dec(cdr.customer_price_no_vat),
        "customer-acc-vat" => dec(cdr.customer_acc_vat),
        "customer-duration" => int(cdr.customer_duration),
        "src-name-in" => text(&cdr.src_name_in),
        "src-prefix-in" => text(&cdr.src_prefix_in),
        "from-domain" => text(&cdr.from_domain),
        "dst-prefix-in" => text(&cdr.dst_prefix_in),
        "to-domain" => text(&cdr.to_domain),
        "ruri-domain" => text(&cdr.ruri_domain),
        "diversion-in" => text(&cdr.diversion_in),
        "local-tag" => text(&cdr.local_tag),
        "lega-disconnect-code" => int(cdr.lega_disconnect_code),
        "lega-disconnect-reason" => text(&cdr.lega_disconnect_reason),
        "auth-orig-transport-protocol-id" => int(cdr.auth_orig_transport_protocol_id),
        "auth-orig-ip" => cdr.auth_orig_ip.map_or(M::Null, M::Ip),
        "auth-orig-port" => int(cdr.auth_orig_port),
        "src-prefix-routing" => text(&cdr.src_prefix_routing),
        "dst-prefix-routing" => text(&cdr.dst_prefix_routing),
        "destination-prefix" => text(&cdr.destination_prefix),
        "lega-user-agent" => text(&cdr.lega_user_agent),
        "orig-call-id" => text(&cdr.orig_call_id),
        "pai-in" => text(&cdr.pai_in),
        "ppi-in" => text(&cdr.ppi_in),
        "privacy-in" => text(&cdr.privacy_in),
        "rpid-in" => text(&cdr.rpid_in),
        "rpid-privacy-in" => text(&cdr.rpid_privacy_in),
        other => panic!("the model has no key {other}"),
    }
}

/// Whether `actual` matches `predicate` with `values`, as the reference's SQL does (NULL matches nothing;
/// `cont`, `start`, `end` ignore ASCII case).
fn matches(actual: &M, predicate: &str, values: &[M]) -> bool {
    if *actual == M::Null {
        return false;
    }
    let lower = |value: &M| match value {
        M::Text(text) => text.to_ascii_lowercase(),
        _ => String::new(),
    };
    let first = &values[0];
    match predicate {
        "eq" => actual.compare(first) == Ordering::Equal && actual == first,
        "not-eq" => actual != first,
        "gt" => actual.compare(first) == Ordering::Greater,
        "gteq" => actual.compare(first) != Ordering::Less,
        "lt" => actual.compare(first) == Ordering::Less,
        "lteq" => actual.compare(first) != Ordering::Greater,
        "in" | "" => values.contains(actual),
        "not-in" => !values.contains(actual),
        "cont" => lower(actual).contains(&lower(first)),
        "start" => lower(actual).starts_with(&lower(first)),
        "end" => lower(actual).ends_with(&lower(first)),
        "cont-any" => values
            .iter()
            .any(|value| lower(actual).contains(&lower(value))),
        other => panic!("the model has no predicate {other}"),
    }
}

/// Every CDR of the table (every account), read with plain SQL, in id order.
async fn all_cdrs(store: &Store) -> Result<Vec<Cdr>, String> {
    store
        .rows(
            "SELECT * FROM cdrs ORDER BY id",
            sea_query_sqlx::SqlxValues(sea_query::Values(Vec::new())),
            cdr_from_row,
            cdr_from_row,
        )
        .await
        .map_err(|error| error.to_string())
}

/// The CDRs the demo API access may see: those of demo's first two accounts.
async fn visible_cdrs(server: &Server) -> Result<Vec<Cdr>, String> {
    let accounts = demo_accounts();
    let allowed = [accounts[0].0, accounts[1].0];
    Ok(all_cdrs(&server.store)
        .await?
        .into_iter()
        .filter(|cdr| allowed.contains(&cdr.account_id))
        .collect())
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// A list value: CSV, quoting values with a comma or a quote.
fn csv(values: &[M]) -> String {
    values
        .iter()
        .map(|value| {
            let text = value.query_text();
            if text.contains([',', '"']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The ids of every page of `GET /cdrs?{query}` (small documents: `fields[cdrs]=success`).
async fn listed_ids(env: &Env, query: &str) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    for number in 1.. {
        let path =
            format!("/cdrs?{query}&fields[cdrs]=success&page[size]=1000&page[number]={number}");
        let reply = env
            .get(&env.demo, &path)
            .await
            .map_err(|error| format!("{error:?}"))?;
        if reply.status != 200 {
            return Err(format!("{path}: {} {}", reply.status, reply.text));
        }
        let page: Vec<i64> = reply
            .ids()
            .iter()
            .map(|id| id.parse().unwrap_or(-1))
            .collect();
        let full = page.len() == 1000;
        ids.extend(page);
        if !full {
            break;
        }
    }
    Ok(ids)
}

/// The schema's filter keys, dasherized, with the base key and predicate suffix of each.
fn schema_keys() -> Vec<(String, &'static str, String)> {
    let mut keys = Vec::new();
    for field in Cdr::SCHEMA.fields {
        let base = field.key.replace('_', "-");
        match field.filter {
            FilterStyle::Predicates(set) => {
                for predicate in set.iter() {
                    let suffix = predicate.suffix();
                    keys.push((format!("{base}-{suffix}"), field.key, suffix.to_owned()));
                }
            }
            FilterStyle::PredicatesWithExact(set) => {
                keys.push((base.clone(), field.key, String::new()));
                for predicate in set.iter() {
                    let suffix = predicate.suffix();
                    keys.push((format!("{base}-{suffix}"), field.key, suffix.to_owned()));
                }
            }
            FilterStyle::Id | FilterStyle::Exact => keys.push((base, field.key, String::new())),
            FilterStyle::None => {}
        }
    }
    keys
}

async fn cdrs_filter_keys_are_the_references(_env: &'static Env) -> Outcome {
    let keys: BTreeSet<String> = schema_keys().into_iter().map(|(key, _, _)| key).collect();
    let with = |bases: &[&str], suffixes: &[&str]| -> Vec<String> {
        bases
            .iter()
            .flat_map(|base| {
                suffixes
                    .iter()
                    .map(move |suffix| format!("{base}-{suffix}"))
            })
            .collect()
    };
    let identity = ["eq", "not-eq", "in", "not-in"];
    let ordered = ["eq", "not-eq", "gt", "gteq", "lt", "lteq", "in", "not-in"];
    let text = [
        "eq", "not-eq", "in", "not-in", "cont", "start", "end", "cont-any",
    ];
    let mut reference: BTreeSet<String> = BTreeSet::new();
    reference.extend(with(&REFERENCE_UUID, &identity));
    reference.extend(with(&REFERENCE_DATETIME, &ordered));
    reference.extend(with(&REFERENCE_NUMBER, &ordered));
    reference.extend(with(&REFERENCE_BOOLEAN, &["eq", "not-eq"]));
    reference.extend(with(&REFERENCE_STRING, &text));
    reference.extend(with(&REFERENCE_INET, &identity));
    reference.extend(with(&REFERENCE_FOREIGN_KEY, &identity));
    reference.extend(["id".to_owned(), "is-last-cdr".to_owned()]);
    reference.extend(REFERENCE_SUFFIXLESS.iter().map(|key| (*key).to_owned()));
    eprintln!(
        "cdrs filter keys: {} from the derive; the reference's suffixed keys, its 11 suffix-less list keys, id \
         and is-last-cdr: {}",
        keys.len(),
        reference.len()
    );
    expect_eq(keys, reference, "the cdrs filter keys")
}

async fn cdrs_every_filter_key_answers_as_the_model(env: &'static Env) -> Outcome {
    let visible = visible_cdrs(&env.demo).await?;
    let hidden_account = demo_accounts()[2].0;
    let mut checked = 0;
    let mut non_trivial = 0;
    for (key, base, suffix) in schema_keys() {
        let base = base.replace('_', "-");
        // Candidate values: the column's non-null, non-empty values among visible rows, in the model's order.
        let mut present: Vec<M> = visible
            .iter()
            .map(|cdr| value(cdr, &base))
            .filter(|value| *value != M::Null && *value != M::Text(String::new()))
            .collect();
        present.sort_by(|a, b| a.compare(b));
        present.dedup();
        expect(
            !present.is_empty(),
            format!("{key}: the demo data has no value"),
        )?;
        let middle = present[present.len() / 2].clone();
        let other = present[present.len() / 3].clone();
        let cases: Vec<Vec<M>> = match suffix.as_str() {
            "in" | "not-in" => vec![vec![middle.clone(), other.clone()]],
            "" if base == "is-last-cdr" => vec![
                vec![M::Bool(true)],
                vec![M::Bool(false)],
                vec![M::Bool(true), M::Bool(false)],
            ],
            "" => vec![vec![middle.clone(), other.clone()]],
            "cont" | "cont-any" | "start" | "end" => {
                let M::Text(text) = &middle else {
                    return Err(format!("{key}: not text").into());
                };
                let chars: Vec<char> = text.chars().collect();
                let part = |range: std::ops::Range<usize>| -> String {
                    chars[range.start.min(chars.len())..range.end.min(chars.len())]
                        .iter()
                        .collect::<String>()
                        .to_ascii_uppercase()
                };
                let piece = match suffix.as_str() {
                    "start" => part(0..3),
                    "end" => part(chars.len().saturating_sub(3)..chars.len()),
                    _ => part(1..4),
                };
                let piece = if piece.is_empty() {
                    text.clone()
                } else {
                    piece
                };
                if suffix == "cont-any" {
                    vec![vec![M::Text(piece), M::Text("%_no-such".to_owned())]]
                } else {
                    vec![vec![M::Text(piece)]]
                }
            }
            _ => vec![vec![middle.clone()]],
        };
        for values in cases {
            // Every value is one CSV line, a single one too (a value starting with a quote is quoted).
            let text = csv(&values);
            let mut expected: Vec<i64> = visible
                .iter()
                .filter(|cdr| {
                    matches(&value(cdr, &base), &suffix, &values)
                        || (base == "id" && values.contains(&M::Int(cdr.id)))
                })
                .map(|cdr| cdr.id)
                .collect();
            expected.sort_unstable();
            // A suffix-less key with dashes is checked in its underscored spelling too.
            let mut spellings = vec![key.clone()];
            if suffix.is_empty() && key.contains('-') {
                spellings.push(key.replace('-', "_"));
            }
            for spelling in spellings {
                let mut query = format!("filter[{spelling}]={}", encode(&text));
                if base != "is-last-cdr" {
                    query.push_str("&filter[is-last-cdr]=true,false");
                }
                let mut listed = listed_ids(env, &query).await?;
                listed.sort_unstable();
                expect_eq(listed, expected.clone(), &format!("GET /cdrs?{query}"))?;
                checked += 1;
                if !expected.is_empty() && expected.len() < visible.len() {
                    non_trivial += 1;
                }
            }
        }
    }
    // The foreign key never reaches another account: the hidden account's uuid selects nothing.
    let query = format!("filter[account-id-in]={hidden_account}&filter[is-last-cdr]=true,false");
    expect_eq(listed_ids(env, &query).await?, Vec::new(), &query)?;
    eprintln!("{checked} filter requests, {non_trivial} selecting some but not all visible CDRs");
    expect(
        non_trivial * 10 >= checked * 9,
        format!("only {non_trivial} of {checked} filters select a proper subset"),
    )
}

/// The attributes the model gives a CDR, written independently of the server's documents.
fn expected_attributes(cdr: &Cdr, may_listen: bool) -> Value {
    let time = |value: Option<DateTime<Utc>>| {
        value.map(|value| value.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
    };
    let dec = |value: Decimal| value.normalize().to_string();
    serde_json::json!({
        "time-start": time(Some(cdr.time_start)),
        "time-connect": time(cdr.time_connect),
        "time-end": time(cdr.time_end),
        "duration": cdr.duration,
        "success": cdr.success,
        "destination-initial-interval": cdr.destination_initial_interval,
        "destination-next-interval": cdr.destination_next_interval,
        "destination-initial-rate": dec(cdr.destination_initial_rate),
        "destination-next-rate": dec(cdr.destination_next_rate),
        "destination-fee": dec(cdr.destination_fee),
        "customer-price": dec(cdr.customer_price),
        "src-name-in": cdr.src_name_in,
        "src-prefix-in": cdr.src_prefix_in,
        "from-domain": cdr.from_domain,
        "dst-prefix-in": cdr.dst_prefix_in,
        "to-domain": cdr.to_domain,
        "ruri-domain": cdr.ruri_domain,
        "diversion-in": cdr.diversion_in,
        "local-tag": cdr.local_tag,
        "lega-disconnect-code": cdr.lega_disconnect_code,
        "lega-disconnect-reason": cdr.lega_disconnect_reason,
        "auth-orig-transport-protocol-id": cdr.auth_orig_transport_protocol_id,
        "auth-orig-ip": cdr.auth_orig_ip.map(|address| address.to_string()),
        "auth-orig-port": cdr.auth_orig_port,
        "src-prefix-routing": cdr.src_prefix_routing,
        "dst-prefix-routing": cdr.dst_prefix_routing,
        "destination-prefix": cdr.destination_prefix,
        "lega-user-agent": cdr.lega_user_agent,
        "rec": may_listen && cdr.audio_recorded,
    })
}

async fn cdrs_attributes_render_the_rows(env: &'static Env) -> Outcome {
    let visible = visible_cdrs(&env.demo).await?;
    let mut seen = 0;
    for number in 1..=2 {
        let path = format!(
            "/cdrs?filter[is-last-cdr]=true,false&sort=id&page[size]=1000&page[number]={number}"
        );
        let reply = env.get(&env.demo, &path).await?;
        expect_eq(reply.status, 200, &path)?;
        for object in reply.json()["data"].as_array().cloned().unwrap_or_default() {
            let id: i64 = object["id"].as_str().unwrap_or("").parse().unwrap_or(-1);
            let cdr = visible
                .iter()
                .find(|cdr| cdr.id == id)
                .ok_or(format!("cdr {id} is not visible"))?;
            expect_eq(
                &object["attributes"],
                &expected_attributes(cdr, true),
                &format!("attributes of cdr {id}"),
            )?;
            seen += 1;
        }
    }
    expect_eq(seen, visible.len(), "every visible cdr listed")?;
    // The reference's attribute order, in the body's text (a JSON value's map does not keep it).
    let reply = env.get(&env.demo, "/cdrs?page[size]=1").await?;
    let attributes = reply.text.find("\"attributes\":{").ok_or("attributes")?;
    let positions: Vec<usize> = Cdr::ATTRIBUTES
        .iter()
        .map(|name| {
            reply.text[attributes..]
                .find(&format!("\"{name}\":"))
                .unwrap_or(0)
        })
        .collect();
    expect(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        format!("attributes in the reference's order: {}", reply.text),
    )?;
    // The seeded spellings come back canonical, and decimals differing after the third digit stay apart.
    let rendered: BTreeSet<String> = visible
        .iter()
        .filter_map(|cdr| cdr.auth_orig_ip.map(|address| address.to_string()))
        .collect();
    for address in [
        "2001:db8::1",
        "2001:db8::a1",
        "::ffff:192.0.2.10",
        "fe80::2",
        "192.0.2.10",
    ] {
        expect(
            rendered.contains(address),
            format!("{address} among {rendered:?}"),
        )?;
    }
    let rates: BTreeSet<String> = visible
        .iter()
        .map(|cdr| cdr.destination_initial_rate.normalize().to_string())
        .collect();
    for rate in ["0.0123", "0.0124", "0.01234", "0.012301"] {
        expect(rates.contains(rate), format!("rate {rate} among {rates:?}"))?;
    }
    Ok(())
}

async fn cdrs_default_is_last_cdr_applies_to_counts_and_links(env: &'static Env) -> Outcome {
    let visible = visible_cdrs(&env.demo).await?;
    let last = visible.iter().filter(|cdr| cdr.is_last_cdr).count();
    expect(
        last < visible.len() && last > 0,
        "both kinds of legs are visible",
    )?;
    let reply = env.get(&env.demo, "/cdrs?page[size]=10").await?;
    let document = reply.json();
    expect_eq(
        document["meta"]["total-count"].as_u64(),
        Some(last as u64),
        "default count",
    )?;
    let last_link = document["links"]["last"].as_str().unwrap_or("");
    let pages = last.div_ceil(10);
    expect(
        last_link.contains(&format!("page%5Bnumber%5D={pages}"))
            || last_link.contains(&format!("page[number]={pages}")),
        format!("last link {last_link} names page {pages}"),
    )?;
    expect(
        !last_link.contains("is-last-cdr"),
        format!("{last_link} adds no filter"),
    )?;
    let path = last_link
        .split("/api/rest/customer/v1")
        .nth(1)
        .unwrap_or("");
    let last_page = env.get(&env.demo, path).await?;
    expect_eq(
        last_page.ids().len(),
        last - (pages - 1) * 10,
        "rows on the last page",
    )?;
    let every = env
        .get(
            &env.demo,
            "/cdrs?filter[is-last-cdr]=true,false&page[size]=10",
        )
        .await?;
    expect_eq(
        every.json()["meta"]["total-count"].as_u64(),
        Some(visible.len() as u64),
        "count of every leg",
    )?;
    let not_last = env
        .get(&env.demo, "/cdrs?filter[is_last_cdr]=false&page[size]=10")
        .await?;
    expect_eq(
        not_last.json()["meta"]["total-count"].as_u64(),
        Some((visible.len() - last) as u64),
        "count of legs that are not the last",
    )
}

async fn cdrs_of_other_accounts_are_never_visible(env: &'static Env) -> Outcome {
    let all = all_cdrs(&env.demo.store).await?;
    let accounts = demo_accounts();
    for (token, allowed, who) in [
        (
            &env.demo.demo_token,
            vec![accounts[0].0, accounts[1].0],
            "demo",
        ),
        (
            &env.demo.other_token,
            vec![accounts[3].0, accounts[4].0],
            "other",
        ),
    ] {
        let mut listed = Vec::new();
        for number in 1..=3 {
            let path = format!(
                "/cdrs?filter[is-last-cdr]=true,false&fields[cdrs]=success&page[size]=1000&page[number]={number}"
            );
            let reply = env.get_with(&env.demo, &path, Some(token), &[]).await?;
            listed.extend(reply.ids());
        }
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|cdr| allowed.contains(&cdr.account_id))
            .map(|cdr| cdr.id.to_string())
            .collect();
        expect_eq(
            listed.len(),
            expected.len(),
            &format!("{who}: no cdr twice"),
        )?;
        expect_eq(listed.into_iter().collect::<BTreeSet<_>>(), expected, who)?;
    }
    // Filters cannot reach them: another account's ids, its account id, a show.
    let foreign: Vec<&Cdr> = all
        .iter()
        .filter(|cdr| cdr.account_id == accounts[2].0 || cdr.account_id == accounts[3].0)
        .take(20)
        .collect();
    let ids = foreign
        .iter()
        .map(|cdr| cdr.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let reply = env
        .get(
            &env.demo,
            &format!("/cdrs?filter[id]={ids}&filter[is-last-cdr]=true,false"),
        )
        .await?;
    expect_eq(reply.ids(), Vec::<String>::new(), "foreign ids")?;
    for account in [accounts[2].0, accounts[3].0] {
        let reply = env
            .get(
                &env.demo,
                &format!("/cdrs?filter[account-id-eq]={account}&filter[is-last-cdr]=true,false"),
            )
            .await?;
        expect_eq(
            reply.json()["meta"]["total-count"].as_u64(),
            Some(0),
            "foreign account",
        )?;
    }
    for cdr in foreign.iter().take(4) {
        let reply = env.get(&env.demo, &format!("/cdrs/{}", cdr.id)).await?;
        expect_eq(reply.status, 404, &format!("show foreign cdr {}", cdr.id))?;
    }
    Ok(())
}

async fn cdrs_sort_by_every_attribute_but_rec(env: &'static Env) -> Outcome {
    let account = demo_accounts()[0].0;
    let cdrs: Vec<Cdr> = visible_cdrs(&env.demo)
        .await?
        .into_iter()
        .filter(|cdr| cdr.account_id == account)
        .collect();
    for attribute in Cdr::ATTRIBUTES.iter().filter(|name| **name != "rec") {
        for descending in [false, true] {
            let mut expected: Vec<&Cdr> = cdrs.iter().collect();
            expected.sort_by(|a, b| {
                let order = value(a, attribute).compare(&value(b, attribute));
                let order = if descending { order.reverse() } else { order };
                order.then(a.id.cmp(&b.id))
            });
            let expected: Vec<i64> = expected.iter().map(|cdr| cdr.id).collect();
            let sign = if descending { "-" } else { "" };
            let query = format!(
                "filter[account-id-eq]={account}&filter[is-last-cdr]=true,false&sort={sign}{attribute}"
            );
            expect_eq(
                listed_ids(env, &query).await?,
                expected,
                &format!("GET /cdrs?{query}"),
            )?;
        }
    }
    // The default: newest first.
    let mut expected: Vec<&Cdr> = cdrs.iter().filter(|cdr| cdr.is_last_cdr).collect();
    expected.sort_by(|a, b| b.time_start.cmp(&a.time_start).then(a.id.cmp(&b.id)));
    let expected: Vec<i64> = expected.iter().map(|cdr| cdr.id).collect();
    let query = format!("filter[account-id-eq]={account}");
    expect_eq(listed_ids(env, &query).await?, expected, "default sort")
}

async fn cdrs_filter_only_fields_are_not_sortable_nor_fields(env: &'static Env) -> Outcome {
    for key in [
        "uuid",
        "is-last-cdr",
        "customer-acc-vat",
        "orig-call-id",
        "rpid-privacy-in",
        "rec",
    ] {
        let reply = env.get(&env.demo, &format!("/cdrs?sort=-{key}")).await?;
        expect_eq(reply.status, 400, &format!("sort={key}"))?;
        expect_eq(
            reply.error_codes(),
            vec![("400".to_owned(), "114".to_owned())],
            &format!("sort={key}"),
        )?;
    }
    let reply = env.get(&env.demo, "/cdrs?fields[cdrs]=uuid").await?;
    expect_eq(reply.status, 400, "fields[cdrs]=uuid")
}

async fn cdrs_include_accounts_and_transport_protocols(env: &'static Env) -> Outcome {
    let visible = visible_cdrs(&env.demo).await?;
    let accounts = demo_accounts();
    let reply = env
        .get(
            &env.demo,
            "/cdrs?include=account,auth-orig-transport-protocol&page[size]=100&sort=id",
        )
        .await?;
    expect_eq(reply.status, 200, "include both")?;
    let document = reply.json();
    let data = document["data"].as_array().cloned().unwrap_or_default();
    let page: Vec<&Cdr> = data
        .iter()
        .filter_map(|object| {
            let id: i64 = object["id"].as_str()?.parse().ok()?;
            visible.iter().find(|cdr| cdr.id == id)
        })
        .collect();
    expect_eq(page.len(), 100, "page")?;
    let mut expected = Vec::new();
    let account_ids: BTreeSet<Uuid> = page.iter().map(|cdr| cdr.account_id).collect();
    for id in &account_ids {
        let name = accounts
            .iter()
            .find(|account| account.0 == *id)
            .map(|account| account.2);
        expected.push((
            "accounts".to_owned(),
            id.to_string(),
            name.map(str::to_owned),
        ));
    }
    let protocol_names = ["UDP", "TCP", "TLS", "SCTP", "WS", "WSS"];
    let protocol_ids: BTreeSet<i64> = page
        .iter()
        .filter_map(|cdr| cdr.auth_orig_transport_protocol_id)
        .collect();
    for id in &protocol_ids {
        expected.push((
            "transport-protocols".to_owned(),
            id.to_string(),
            Some(protocol_names[(*id - 1) as usize].to_owned()),
        ));
    }
    let included: Vec<(String, String, Option<String>)> = document["included"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|object| {
            (
                object["type"].as_str().unwrap_or("").to_owned(),
                object["id"].as_str().unwrap_or("").to_owned(),
                object["attributes"]["name"].as_str().map(str::to_owned),
            )
        })
        .collect();
    expect_eq(included, expected, "included")?;
    for (object, cdr) in data.iter().zip(&page) {
        let linkage = &object["relationships"]["auth-orig-transport-protocol"]["data"];
        let expected = cdr.auth_orig_transport_protocol_id.map_or(
            Value::Null,
            |id| serde_json::json!({"id": id.to_string(), "type": "transport-protocols"}),
        );
        expect_eq(linkage, &expected, &format!("linkage of {}", cdr.id))?;
    }
    // Only the page's protocols are included, each once.
    let reply = env
        .get(
            &env.demo,
            "/cdrs?include=auth-orig-transport-protocol&filter[auth-orig-transport-protocol-id-in]=2,5&page[size]=50",
        )
        .await?;
    let included: Vec<(String, String)> = reply.json()["included"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|object| {
            (
                object["id"].as_str().unwrap_or("").to_owned(),
                object["attributes"]["name"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    expect_eq(
        included,
        vec![
            ("2".to_owned(), "TCP".to_owned()),
            ("5".to_owned(), "WS".to_owned()),
        ],
        "included protocols of a filtered page",
    )?;
    // Sparse fieldsets of both related types.
    let reply = env
        .get(
            &env.demo,
            "/cdrs?include=auth-orig-transport-protocol&fields[cdrs]=duration,auth-orig-transport-protocol&fields[transport-protocols]=name&page[size]=5",
        )
        .await?;
    expect_eq(reply.status, 200, "sparse include")?;
    let first = &reply.json()["data"][0];
    expect_eq(
        first["attributes"].as_object().map(|map| map.len()),
        Some(1),
        "one attribute",
    )?;
    let reply = env.get(&env.demo, "/cdrs?include=nothing").await?;
    expect_eq(reply.status, 400, "unknown include")
}

async fn cdrs_show_one_and_errors(env: &'static Env) -> Outcome {
    let visible = visible_cdrs(&env.demo).await?;
    // A leg that is not the last of its call is still shown by its id, with its recording.
    let cdr = visible
        .iter()
        .find(|cdr| !cdr.is_last_cdr && cdr.audio_recorded)
        .ok_or("a recorded leg")?;
    let reply = env
        .get(&env.demo, &format!("/cdrs/{}?include=account", cdr.id))
        .await?;
    expect_eq(reply.status, 200, "show")?;
    let document = reply.json();
    expect_eq(
        &document["data"]["attributes"],
        &expected_attributes(cdr, true),
        "show attributes",
    )?;
    expect_eq(
        document["data"]["attributes"]["rec"].as_bool(),
        Some(true),
        "rec for demo",
    )?;
    expect_eq(
        document["included"][0]["id"].as_str(),
        Some(cdr.account_id.to_string().as_str()),
        "included account",
    )?;
    // The other customer may not listen: rec is false on its recorded CDRs.
    let accounts = demo_accounts();
    let theirs = all_cdrs(&env.demo.store)
        .await?
        .into_iter()
        .find(|cdr| cdr.account_id == accounts[3].0 && cdr.audio_recorded)
        .ok_or("a recorded cdr of the other customer")?;
    let reply = env
        .get_with(
            &env.demo,
            &format!("/cdrs/{}", theirs.id),
            Some(&env.demo.other_token),
            &[],
        )
        .await?;
    expect_eq(reply.status, 200, "their show")?;
    expect_eq(
        reply.json()["data"]["attributes"]["rec"].as_bool(),
        Some(false),
        "rec for other",
    )?;
    for id in ["abc", "1.5", "%2B1", "-", "1e3"] {
        let reply = env.get(&env.demo, &format!("/cdrs/{id}")).await?;
        expect_eq(
            reply.error_codes(),
            vec![("400".to_owned(), "103".to_owned())],
            &format!("/cdrs/{id}"),
        )?;
    }
    // Integers the OpenAPI document allows, naming no CDR: 404, never 400.
    for id in ["-1", "-0", "99999999999999999999999"] {
        let reply = env.get(&env.demo, &format!("/cdrs/{id}")).await?;
        expect_eq(reply.status, 404, &format!("/cdrs/{id}"))?;
    }
    // The relationship links of a CDR lead somewhere.
    let with_protocol = visible
        .iter()
        .find(|cdr| cdr.auth_orig_transport_protocol_id == Some(3))
        .ok_or("a TLS cdr")?;
    let reply = env
        .get(
            &env.demo,
            &format!(
                "/cdrs/{}/relationships/auth-orig-transport-protocol",
                with_protocol.id
            ),
        )
        .await?;
    expect_eq(
        &reply.json()["data"],
        &serde_json::json!({"type": "transport-protocols", "id": "3"}),
        "relationship",
    )?;
    let reply = env
        .get(
            &env.demo,
            &format!("/cdrs/{}/auth-orig-transport-protocol", with_protocol.id),
        )
        .await?;
    expect_eq(
        reply.json()["data"]["attributes"]["name"].as_str(),
        Some("TLS"),
        "related",
    )?;
    let reply = env
        .get(&env.demo, &format!("/cdrs/{}/account", with_protocol.id))
        .await?;
    expect_eq(
        reply.json()["data"]["id"].as_str(),
        Some(with_protocol.account_id.to_string().as_str()),
        "related account",
    )?;
    let reply = env.get(&env.demo, "/cdrs/99999999").await?;
    expect_eq(
        reply.error_codes(),
        vec![("404".to_owned(), "404".to_owned())],
        "missing",
    )?;
    let reply = env.get(&env.demo, &format!("/cdrs/{}", theirs.id)).await?;
    expect_eq(reply.status, 404, "another customer's cdr")
}

/// The PostgreSQL-only case of this module for `env` (none on SQLite).
pub fn postgres_trials(env: &'static Env) -> Vec<Trial> {
    if env.backend == "postgres" {
        cases!(env, cdrs_time_range_reads_only_matching_partitions)
    } else {
        Vec::new()
    }
}

/// The names of [`postgres_trials`], for the ignored placeholders of a run without PostgreSQL.
pub const POSTGRES_ONLY: [&str; 1] = ["cdrs_time_range_reads_only_matching_partitions"];

/// On a fresh schema: the demo data's 3,000 CDRs plus 6,000 generated over January to March 2024 (9,000 in
/// all, within the bound of 10,000 for CI; monthly
/// partitions created by `seed_cdrs_scale`); `EXPLAIN (ANALYZE)` of the listing statement with a February
/// `time-start` range reads February's partition only (pruned at planning or at execution).
async fn cdrs_time_range_reads_only_matching_partitions(_env: &'static Env) -> Outcome {
    let url = std::env::var("JSONAPI_FILTER_POSTGRES_URL").map_err(|error| error.to_string())?;
    let schema =
        super::harness::PostgresSchema::create(&url, &super::harness::unique_name("cdr_parts"))
            .await?;
    let outcome = partition_case(&schema.database_url()).await;
    schema.remove().await;
    outcome
}

async fn partition_case(database: &str) -> Outcome {
    use chrono::TimeZone;
    let store = Store::connect(database, std::time::Duration::from_secs(10))
        .await
        .map_err(|error| error.to_string())?;
    store.migrate().await.map_err(|error| error.to_string())?;
    cdr_exports::seed::seed_demo(&store, 10).await?;
    let from = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .ok_or("a date")?;
    cdr_exports::seed::seed_cdrs_scale(&store, 6_000, from, 3).await?;
    let customer = cdr_exports::auth::Customer::load(&store, 1)
        .await
        .map_err(|error| error.to_string())?
        .ok_or("the demo access")?;
    let query = jsonapi_filter::ResourceQuery::<Cdr>::parse(
        "filter[time-start-gteq]=2024-02-01T00:00:00Z&filter[time-start-lt]=2024-03-01T00:00:00Z",
    )
    .map_err(|errors| format!("{errors:?}"))?
    .scoped_for(&customer);
    let backend = store.backend();
    let (sql, values) = backend.build(&query.select_statement(backend));
    let plan: Vec<String> = store
        .rows(
            &format!("EXPLAIN (ANALYZE, COSTS OFF) {sql}"),
            sea_query_sqlx::SqlxValues(values.clone()),
            |_| Ok(String::new()),
            |row| {
                use sqlx::Row;
                row.try_get::<String, _>(0)
            },
        )
        .await
        .map_err(|error| error.to_string())?;
    let plan = plan.join("\n");
    let listed = store
        .cdrs_where(&sql, values.0, &customer)
        .await
        .map_err(|error| error.to_string())?;
    expect(!listed.is_empty(), "February's page is not empty")?;
    let pruned_at_execution = plan.contains("Subplans Removed");
    let reads = |partition: &str| plan.contains(partition);
    expect(
        pruned_at_execution
            || (reads("cdrs_2024_02")
                && !reads("cdrs_2024_01")
                && !reads("cdrs_2024_03")
                && !reads("cdrs_2025_01")
                && !reads("cdrs_default")),
        format!("only February's partition is read:\n{plan}"),
    )?;
    eprintln!("the plan of a February listing:\n{plan}");
    store.close().await;
    Ok(())
}
