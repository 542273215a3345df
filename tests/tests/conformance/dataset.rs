//! The one fixed dataset of edge values of the conformance resource ([`Probe`]).
//!
//! Every expectation in `cases.rs` is reasoned from the table in [`probes`]; change a row and the cases that
//! mention its id must be reasoned again.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::resource::{Probe, Stage};

/// The number of rows; ids run from 1 to this.
pub const ROW_COUNT: i64 = 36;

const MIN: i64 = i64::MIN;
const MAX: i64 = i64::MAX;

// The instants, ascending. Some are written with an offset, as a client would send them.
/// 1970-01-01T00:00:00Z
const G: &str = "1970-01-01T00:00:00Z";
/// 1999-12-31T23:59:59Z
const I: &str = "2000-01-01T05:29:59+05:30";
/// 2025-12-31T23:59:59.999999Z: one microsecond before `A`.
const E: &str = "2025-12-31T23:59:59.999999Z";
/// 2026-01-01T00:00:00Z: what the date `2026-01-01` means.
const A: &str = "2026-01-01T00:00:00Z";
/// 2026-01-01T12:00:00Z: the most frequent instant (7 rows).
const B: &str = "2026-01-01T12:00:00Z";
/// 2026-01-01T12:00:00.000001Z: one microsecond after `B`.
const BU: &str = "2026-01-01T12:00:00.000001Z";
/// 2026-01-01T12:00:00.5Z: half a second after `B`.
const BH: &str = "2026-01-01T12:00:00.5Z";
/// 2026-01-02T00:00:00Z: what the date `2026-01-02` means.
const C: &str = "2026-01-01T19:00:00-05:00";
/// 2026-01-02T01:30:00Z
const D: &str = "2026-01-02T03:30:00+02:00";
/// 2026-02-28T23:59:59Z
const F: &str = "2026-02-28T23:59:59Z";
/// 9999-12-31T23:59:59.999999Z: the last instant every backend stores.
const H: &str = "9999-12-31T23:59:59.999999Z";

/// Account uuids: `C` sorts first, then `A`, then `B`.
pub const ACCOUNT_A: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
/// See [`ACCOUNT_A`].
pub const ACCOUNT_B: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
/// See [`ACCOUNT_A`].
pub const ACCOUNT_C: &str = "0ccccccc-cccc-4ccc-8ccc-cccccccccccc";

/// A row as written in the table: `(id, label, note, amount, score, created_at, reviewed_at, stage,
/// token key, account, active, verified, region)`. The token is `<key as two hex digits>000000-0000-4000-8000-<id
/// as 12 decimal digits>`, so tokens sort by key: key = 7 * id mod 37, a shuffle of the ids.
type Row = (
    i64,
    &'static str,
    Option<&'static str>,
    i64,
    Option<i64>,
    &'static str,
    Option<&'static str>,
    Stage,
    u8,
    Option<&'static str>,
    bool,
    Option<bool>,
    &'static str,
);

use Stage::{Archived, Draft, InReview, Published};
const AA: Option<&str> = Some(ACCOUNT_A);
const AB: Option<&str> = Some(ACCOUNT_B);
const AC: Option<&str> = Some(ACCOUNT_C);

// Patterns, so that the cases can be reasoned quickly: stage by id % 4, account by id % 3 (A, B, NULL; 6 and
// 18 are C), active when id is odd, verified by id % 5 (1, 2: true; 3, 4: false; 0: NULL), region by id % 6.
#[rustfmt::skip]
const ROWS: [Row; ROW_COUNT as usize] = [
    //  label              note             amount    score       created reviewed  stage      key   account active verified     region
    (1,  "alpha",          Some("x"),       0,        Some(5),    B,  None,         Draft,     0x07, AA,  true,  Some(true),  "eu"),
    (2,  "Alpha",          Some("X"),       1,        None,       B,  Some(B),      InReview,  0x0e, AB,  false, Some(true),  "EU"),
    (3,  "ALPHA",          None,            -1,       Some(5),    B,  None,         Published, 0x15, None, true, Some(false), "us"),
    (4,  "alpha ",         Some("x "),      10,       Some(-5),   BH, Some(C),      Archived,  0x1c, AA,  false, Some(false), "north, east"),
    (5,  " alpha",         Some(""),        10,       None,       BU, Some(A),      Draft,     0x23, AB,  true,  None,        "eu "),
    (6,  "alphabet",       None,            10,       Some(0),    A,  None,         InReview,  0x05, AC,  false, Some(true),  "a\"b"),
    (7,  "",               Some("y"),       100,      Some(5),    C,  Some(BH),     Published, 0x0c, AA,  true,  Some(true),  "eu"),
    (8,  "50% off",        None,            -100,     Some(MIN),  D,  None,         Archived,  0x13, AB,  false, Some(false), "EU"),
    (9,  "500 off",        Some("x"),       MAX,      Some(MAX),  E,  Some(E),      Draft,     0x1a, None, true, Some(false), "us"),
    (10, "snake_case",     Some("ß"),       MIN,      None,       F,  None,         InReview,  0x21, AA,  false, None,        "north, east"),
    (11, "snakeXcase",     Some("ss"),      MAX - 1,  Some(1),    G,  Some(B),      Published, 0x03, AB,  true,  Some(true),  "eu "),
    (12, "C:\\temp\\new",  Some("SS"),      MIN + 1,  Some(2),    H,  None,         Archived,  0x0a, None, false, Some(true), "a\"b"),
    (13, "C:temp",         None,            42,       None,       I,  Some(D),      Draft,     0x11, AA,  true,  Some(false), "eu"),
    (14, "Hello!",         Some("Ä"),       42,       Some(3),    B,  None,         InReview,  0x18, AB,  false, Some(false), "EU"),
    (15, "Hello",          Some("ä"),       7,        Some(3),    A,  None,         Published, 0x1f, None, true, None,        "us"),
    (16, "say \"hi\"",     Some("a"),       -7,       None,       C,  None,         Archived,  0x01, AA,  false, Some(true),  "north, east"),
    (17, "it's",           None,            1000,     Some(100),  F,  None,         Draft,     0x08, AB,  true,  Some(true),  "eu "),
    (18, "Smith, John",    Some("a,b"),     999,      None,       F,  None,         InReview,  0x0f, AC,  false, Some(false), "a\"b"),
    (19, "Smith",          Some("%"),       0,        Some(-1),   E,  None,         Published, 0x16, AA,  true,  Some(false), "eu"),
    (20, "café",           Some("_"),       5,        None,       A,  Some(F),      Archived,  0x1d, AB,  false, None,        "EU"),
    (21, "CAFÉ",           None,            3,        Some(5),    B,  None,         Draft,     0x24, None, true, Some(true),  "us"),
    (22, "cafe\u{301}",    Some("\\"),      3,        None,       C,  None,         InReview,  0x06, AA,  false, Some(true),  "north, east"),
    (23, "Ärger",          Some("!"),       3,        Some(0),    D,  None,         Published, 0x0d, AB,  true,  Some(false), "eu "),
    (24, "ärger",          None,            20,       None,       G,  None,         Archived,  0x14, None, false, Some(false), "a\"b"),
    (25, "Straße",         None,            30,       None,       B,  None,         Draft,     0x1b, AA,  true,  None,        "eu"),
    (26, "STRASSE",        Some("x"),       40,       Some(7),    BH, None,         InReview,  0x22, AB,  false, Some(true),  "EU"),
    (27, "🙂 smile",       None,            50,       None,       BU, None,         Published, 0x04, None, true, Some(true),  "us"),
    (28, "Zebra",          None,            60,       None,       A,  None,         Archived,  0x0b, AA,  false, Some(false), "north, east"),
    (29, "zebra",          Some("🙂"),      70,       None,       H,  None,         Draft,     0x12, AB,  true,  Some(false), "eu "),
    (30, "100%_sure!",     None,            80,       None,       I,  Some(G),      InReview,  0x19, None, false, None,       "a\"b"),
    (31, "50\\%",          None,            90,       None,       C,  None,         Published, 0x20, AA,  true,  Some(true),  "eu"),
    (32, "alpha",          None,            2,        None,       B,  None,         Archived,  0x02, AB,  false, Some(true),  "EU"),
    (33, "ALPHA beta",     None,            4,        None,       A,  None,         Draft,     0x09, None, true, Some(false), "us"),
    (34, "mixed Case",     None,            6,        None,       D,  None,         InReview,  0x10, AA,  false, Some(false), "north, east"),
    (35, "MIXED case",     None,            8,        None,       E,  None,         Published, 0x17, AB,  true,  None,        "eu "),
    (36, "Élan",           None,            9,        None,       F,  None,         Archived,  0x1e, None, false, Some(true), "a\"b"),
];

/// The `rate` of each row, by id (written as a client would; the column keeps 4 fractional digits). Rows 17
/// to 36 are NULL. Chosen for the traps of binary floating point and of text: 0.1, 0.2 and 0.3 (whose
/// doubles do not add up), `1.5` twice (written `1.5` and `1.50`), 0 and the smallest steps either side of
/// it, values differing only in the fourth fractional digit, and the largest and smallest values a
/// `DECIMAL(18, 4)` holds with their neighbours one step in (which a double cannot tell apart).
#[rustfmt::skip]
const RATES: [(i64, &str); 16] = [
    (1, "0.3"),
    (2, "0.1"),
    (3, "0.2"),
    (4, "1.5"),
    (5, "1.50"),
    (6, "-1.5"),
    (7, "0"),
    (8, "-0.0001"),
    (9, "99999999999999.9999"),
    (10, "-99999999999999.9999"),
    (11, "0.0123"),
    (12, "0.0124"),
    (13, "99999999999999.9998"),
    (14, "100"),
    (15, "-100"),
    (16, "0.0001"),
];

/// The rate of row `id` (see [`RATES`]).
fn rate(id: i64) -> Option<jsonapi_filter::Decimal> {
    RATES
        .iter()
        .find(|(row, _)| *row == id)
        .map(|(_, text)| text.parse().expect("the dataset's rates are decimals"))
}

/// The `origin` of each row, by id (the row tuples above are full). Ascending, IPv4 first and by number:
/// 11 `0.0.0.0`, 5 `1.2.3.4`, 2 `9.0.0.0`, 14 `9.255.255.255`, 3 `10.0.0.0`, 1 and 15 `10.0.0.1`, 8
/// `10.0.0.2`, 18 `192.168.1.9`, 17 `192.168.1.10`, 10 `255.255.255.255`; then IPv6: 12 `::`, 13 `::1`, 19
/// `::1.2.3.4` (`::102:304`), 6 `::ffff:1.2.3.4` (the IPv4-mapped `1.2.3.4`), 7 and 20 `2001:db8::1`, 16
/// `2001:db8::9`, 9 `2001:db8::10`, 22 `fe80::1`, 21 the last address; NULL in 4 and 23 to 36. Text order
/// would differ: `10.0.0.0` < `9.0.0.0`, `192.168.1.10` < `192.168.1.9`, `2001:db8::10` < `2001:db8::9`.
/// Some rows are written in other spellings than the canonical one, which must not matter.
#[rustfmt::skip]
const ORIGINS: [(i64, Option<&str>); ROW_COUNT as usize] = [
    (1, Some("10.0.0.1")),
    (2, Some("9.0.0.0")),
    (3, Some("10.0.0.0")),
    (4, None),
    (5, Some("1.2.3.4")),
    (6, Some("::ffff:1.2.3.4")),
    (7, Some("2001:db8::1")),
    (8, Some("10.0.0.2")),
    (9, Some("2001:DB8:0:0:0:0:0:10")),
    (10, Some("255.255.255.255")),
    (11, Some("0.0.0.0")),
    (12, Some("::")),
    (13, Some("::1")),
    (14, Some("9.255.255.255")),
    (15, Some("10.0.0.1")),
    (16, Some("2001:0db8::0009")),
    (17, Some("192.168.1.10")),
    (18, Some("192.168.1.9")),
    (19, Some("::1.2.3.4")),
    (20, Some("2001:db8:0000:0000:0000:0000:0000:0001")),
    (21, Some("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
    (22, Some("fe80::1")),
    (23, None), (24, None), (25, None), (26, None), (27, None), (28, None), (29, None), (30, None),
    (31, None), (32, None), (33, None), (34, None), (35, None), (36, None),
];

/// The origin of row `id`, from [`ORIGINS`].
fn origin(id: i64) -> Option<IpAddr> {
    let (row, text) = ORIGINS[usize::try_from(id - 1).expect("ids start at 1")];
    assert_eq!(row, id, "ORIGINS is in id order");
    text.map(|text| text.parse().expect("the dataset's origins are addresses"))
}

/// The token of row `id` with shuffle key `key` (see [`Row`]).
pub fn token(key: u8, id: i64) -> Uuid {
    Uuid::parse_str(&format!("{key:02x}000000-0000-4000-8000-{id:012}"))
        .expect("the token pattern is a valid uuid")
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("the dataset's instants are RFC 3339")
        .to_utc()
}

fn account(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("the dataset's accounts are uuids")
}

/// The dataset, row `n` having id `n`.
pub fn probes() -> Vec<Probe> {
    ROWS.iter()
        .map(
            |&(
                id,
                label,
                note,
                amount,
                score,
                created_at,
                reviewed_at,
                stage,
                key,
                account_id,
                active,
                verified,
                region,
            )| Probe {
                id,
                label: label.to_owned(),
                note: note.map(str::to_owned),
                amount,
                score,
                rate: rate(id),
                created_at: instant(created_at),
                reviewed_at: reviewed_at.map(instant),
                stage,
                token: token(key, id),
                origin: origin(id),
                account_id: account_id.map(account),
                active,
                verified,
                region: region.to_owned(),
            },
        )
        .collect()
}
