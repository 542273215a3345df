//! Relationship filters: three resources that relate to each other, `owners` ← `wallets` ← `payments`, with
//! to-one relationships along the foreign keys and to-many ones back, and cases whose answers are reasoned by
//! hand from the rows below. They live in their own tables, beside `probes` and `calls`.
//!
//! ```text
//! owners   1 Ada (NL)   2 Bob (DE)   3 Cyd (no country)
//! wallets  10 main    balance 100, owner 1      payments  100 failed      5  wallet 10
//!          11 MAIN    balance   0, owner 1                101 completed 2000 wallet 10
//!          12 main    balance  50, owner 2                102 failed    2000 wallet 12
//!          13 orphan  balance   7, no owner               103 completed   10 wallet 12
//!          14 hidden  balance  30, owner 3                104 failed    1500 wallet 14
//!                                                         105 pending    300 no wallet
//!                                                         106 completed   50 wallet 11
//!                                                         107 failed    1200 wallet 13
//! ```
//!
//! Wallet 10 has a failed payment and a payment over 1,000, but not one failed payment over 1,000: the
//! same-row rule of a to-many relationship turns on it.

use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope};

/// An owner of wallets.
#[derive(Debug, Clone, Filterable)]
#[filterable(
    type = "owners",
    table = "owners",
    has_many(name = "wallets", related = Wallet, foreign_key = "owner_id")
)]
pub struct Owner {
    #[filterable(id)]
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
}

/// A wallet: to-one `owner`, to-many `payments`.
#[derive(Debug, Clone, Filterable)]
#[filterable(
    type = "wallets",
    table = "wallets",
    has_many(name = "payments", related = Payment, foreign_key = "wallet_id")
)]
pub struct Wallet {
    #[filterable(id)]
    pub id: i64,
    pub label: String,
    pub balance: i64,
    #[filterable(foreign_key, related = Owner)]
    pub owner_id: Option<i64>,
}

/// A payment: to-one `wallet`.
#[derive(Debug, Clone, Filterable)]
#[filterable(type = "payments", table = "payments")]
pub struct Payment {
    #[filterable(id)]
    pub id: i64,
    pub status: String,
    pub amount: i64,
    #[filterable(foreign_key, related = Wallet)]
    pub wallet_id: Option<i64>,
}

pub fn owners() -> Vec<Owner> {
    [
        (1, "Ada", Some("NL")),
        (2, "Bob", Some("DE")),
        (3, "Cyd", None),
    ]
    .into_iter()
    .map(|(id, name, country)| Owner {
        id,
        name: name.to_owned(),
        country: country.map(str::to_owned),
    })
    .collect()
}

pub fn wallets() -> Vec<Wallet> {
    [
        (10, "main", 100, Some(1)),
        (11, "MAIN", 0, Some(1)),
        (12, "main", 50, Some(2)),
        (13, "orphan", 7, None),
        (14, "hidden", 30, Some(3)),
    ]
    .into_iter()
    .map(|(id, label, balance, owner_id)| Wallet {
        id,
        label: label.to_owned(),
        balance,
        owner_id,
    })
    .collect()
}

pub fn payments() -> Vec<Payment> {
    [
        (100, "failed", 5, Some(10)),
        (101, "completed", 2000, Some(10)),
        (102, "failed", 2000, Some(12)),
        (103, "completed", 10, Some(12)),
        (104, "failed", 1500, Some(14)),
        (105, "pending", 300, None),
        (106, "completed", 50, Some(11)),
        (107, "failed", 1200, Some(13)),
    ]
    .into_iter()
    .map(|(id, status, amount, wallet_id)| Payment {
        id,
        status: status.to_owned(),
        amount,
        wallet_id,
    })
    .collect()
}

/// The three tables, in each backend's storage formats.
pub fn create_tables_sql(backend: Backend) -> [&'static str; 3] {
    match backend {
        Backend::Sqlite => [
            "CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT)",
            "CREATE TABLE wallets (id INTEGER PRIMARY KEY, label TEXT NOT NULL, balance INTEGER NOT NULL, owner_id INTEGER)",
            "CREATE TABLE payments (id INTEGER PRIMARY KEY, status TEXT NOT NULL, amount INTEGER NOT NULL, wallet_id INTEGER)",
        ],
        Backend::Postgres => [
            "CREATE TABLE owners (id BIGINT PRIMARY KEY, name TEXT NOT NULL, country TEXT)",
            "CREATE TABLE wallets (id BIGINT PRIMARY KEY, label TEXT NOT NULL, balance BIGINT NOT NULL, owner_id BIGINT)",
            "CREATE TABLE payments (id BIGINT PRIMARY KEY, status TEXT NOT NULL, amount BIGINT NOT NULL, wallet_id BIGINT)",
        ],
        Backend::MySql => [
            "CREATE TABLE owners (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, country VARCHAR(50))",
            "CREATE TABLE wallets (id BIGINT PRIMARY KEY, label VARCHAR(50) NOT NULL, balance BIGINT NOT NULL, owner_id BIGINT)",
            "CREATE TABLE payments (id BIGINT PRIMARY KEY, status VARCHAR(50) NOT NULL, amount BIGINT NOT NULL, wallet_id BIGINT)",
        ],
    }
}

/// Which resource a case lists.
#[derive(Debug, Clone, Copy)]
pub enum Listed {
    Owners,
    Wallets,
    Payments,
}

/// The server scope a case applies.
#[derive(Debug, Clone, Copy)]
pub enum CaseScope {
    /// None at all: every related row is visible.
    Unscoped,
    /// The listed resource is scoped (to everything), wallets to those of owners 1 and 2, and payments are
    /// open (`Scope::all()`).
    WalletsOfOwners1And2,
    /// The listed resource is scoped (to everything), and no related resource is given a scope: closed.
    OwnOnly,
}

/// What a case expects.
#[derive(Debug, Clone, Copy)]
pub enum RelatedExpected {
    /// Exactly these ids, in order (every listing sorts by id).
    Rows(&'static [i64]),
    /// Refused with these error codes.
    Refused(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct RelatedCase {
    pub name: &'static str,
    pub listed: Listed,
    pub query: &'static str,
    pub scope: CaseScope,
    pub expected: RelatedExpected,
}

impl RelatedCase {
    /// The case's query for `R`, parsed and scoped as the case says.
    pub fn parse<R: jsonapi_filter::Resource>(
        &self,
    ) -> Result<ResourceQuery<R>, jsonapi_filter::QueryErrors> {
        Ok(self.scoped(ResourceQuery::<R>::parse(self.query)?))
    }

    /// `query` scoped as the case says.
    pub fn scoped<R: jsonapi_filter::Resource>(&self, query: ResourceQuery<R>) -> ResourceQuery<R> {
        match self.scope {
            CaseScope::Unscoped => query,
            CaseScope::WalletsOfOwners1And2 => query
                .scoped(Scope::all())
                .scoped_related(Scope::<Wallet>::all().is_in("owner-id", [1_i64, 2]))
                .scoped_related(Scope::<Payment>::all()),
            CaseScope::OwnOnly => query.scoped(Scope::all()),
        }
    }
}

const fn case(
    name: &'static str,
    listed: Listed,
    query: &'static str,
    expected: RelatedExpected,
) -> RelatedCase {
    RelatedCase {
        name,
        listed,
        query,
        scope: CaseScope::Unscoped,
        expected,
    }
}

use Listed::{Owners, Payments, Wallets};
use RelatedExpected::{Refused, Rows};

pub const RELATED_CASES: &[RelatedCase] = &[
    // To-one: the payment's wallet matches. `MAIN` is not `main`, on MariaDB too.
    case(
        "related_to_one_eq",
        Payments,
        "filter[wallet.label-eq]=main",
        Rows(&[100, 101, 102, 103]),
    ),
    case(
        "related_to_one_underscore_spelling",
        Payments,
        "filter[wallet.label_eq]=main",
        Rows(&[100, 101, 102, 103]),
    ),
    // A payment without a wallet (105) matches no condition on it, `not-eq` included.
    case(
        "related_to_one_not_eq_skips_rows_without_related",
        Payments,
        "filter[wallet.label-not-eq]=main",
        Rows(&[104, 106, 107]),
    ),
    case(
        "related_to_one_with_own_filter",
        Payments,
        "filter[amount-gt]=100&filter[wallet.balance-gteq]=50",
        Rows(&[101, 102]),
    ),
    // To-many: one and the same payment is failed and over 1,000. Wallet 10 has a failed payment (100) and
    // one over 1,000 (101), but no failed one over 1,000: it is not found.
    case(
        "related_to_many_same_row",
        Wallets,
        "filter[payments.status-eq]=failed&filter[payments.amount-gt]=1000",
        Rows(&[12, 13, 14]),
    ),
    case(
        "related_to_many_one_condition",
        Wallets,
        "filter[payments.status-eq]=failed",
        Rows(&[10, 12, 13, 14]),
    ),
    case(
        "related_to_many_small_amount",
        Wallets,
        "filter[payments.amount-lt]=10",
        Rows(&[10]),
    ),
    // Two levels: the payment's wallet's owner.
    case(
        "related_two_levels_to_one",
        Payments,
        "filter[wallet.owner.country-eq]=NL",
        Rows(&[100, 101, 106]),
    ),
    // Two levels of to-many: an owner with a wallet that has a payment of at least 2,000.
    case(
        "related_two_levels_to_many",
        Owners,
        "filter[wallets.payments.amount-gteq]=2000",
        Rows(&[1, 2]),
    ),
    // The same wallet must be `MAIN` and have a failed payment: owner 1's `MAIN` wallet (11) has only a
    // completed one, its failed payment is in wallet 10 (`main`).
    case(
        "related_two_levels_same_wallet",
        Owners,
        "filter[wallets.label-eq]=MAIN&filter[wallets.payments.status-eq]=failed",
        Rows(&[]),
    ),
    case(
        "related_two_levels_same_wallet_found",
        Owners,
        "filter[wallets.label-eq]=main&filter[wallets.payments.status-eq]=completed",
        Rows(&[1, 2]),
    ),
    // An owner whose wallets include one of balance 0 (a to-many, then its own field).
    case(
        "related_to_many_then_to_one_back",
        Wallets,
        "filter[owner.wallets.balance-eq]=0",
        Rows(&[10, 11]),
    ),
    // Three relationships: past the default bound of 2.
    case(
        "related_too_deep",
        Owners,
        "filter[wallets.payments.wallet.label-eq]=main",
        Refused(&["102"]),
    ),
    // Include paths the parser refuses: too deep, unknown, repeated, empty.
    case(
        "include_too_deep",
        Payments,
        "include=wallet.owner.wallets",
        Refused(&["112"]),
    ),
    case(
        "include_unknown",
        Payments,
        "include=purse",
        Refused(&["112"]),
    ),
    case(
        "include_unknown_nested",
        Payments,
        "include=wallet.purse",
        Refused(&["112"]),
    ),
    case(
        "include_repeated",
        Payments,
        "include=wallet,wallet",
        Refused(&["112"]),
    ),
    case("include_empty", Owners, "include=", Refused(&["112"])),
    case(
        "include_fields_of_a_type_not_reached",
        Owners,
        "include=wallets&fields[people]=name",
        Refused(&["101"]),
    ),
    case(
        "related_unknown_relationship",
        Payments,
        "filter[purse.label-eq]=main",
        Refused(&["102"]),
    ),
    case(
        "related_unknown_key",
        Payments,
        "filter[wallet.colour-eq]=red",
        Refused(&["102"]),
    ),
    case(
        "related_bad_value",
        Payments,
        "filter[wallet.balance-gt]=lots",
        Refused(&["107"]),
    ),
    case(
        "related_same_key_two_spellings",
        Payments,
        "filter[wallet.label-eq]=main&filter[wallet.label_eq]=spare",
        Refused(&["105"]),
    ),
    // The wallet's scope holds inside the filter: wallets 13 (no owner) and 14 (owner 3) are not visible,
    // so their payments are not found through them.
    RelatedCase {
        name: "related_scope_applies_inside",
        listed: Payments,
        query: "filter[wallet.label-not-eq]=main",
        scope: CaseScope::WalletsOfOwners1And2,
        expected: Rows(&[106]),
    },
    // Unscoped, wallets 11 (owner 1), 13 (no owner) and 14 (owner 3) have a balance under 50; owner 3's is
    // hidden.
    RelatedCase {
        name: "related_scope_applies_inside_to_many",
        listed: Owners,
        query: "filter[wallets.balance-lt]=50",
        scope: CaseScope::WalletsOfOwners1And2,
        expected: Rows(&[1]),
    },
    // Payments of at least 1,200: 101 (wallet 10, owner 1), 102 (12, owner 2), 104 (14, owner 3), 107 (13,
    // no owner). Owner 3's only wallet is hidden, so owner 3 is not found through it.
    RelatedCase {
        name: "related_scope_nested",
        listed: Owners,
        query: "filter[wallets.payments.amount-gteq]=1200",
        scope: CaseScope::WalletsOfOwners1And2,
        expected: Rows(&[1, 2]),
    },
    // Sorts through a to-one relationship: text by code point (`MAIN` < `hidden` < `main` < `orphan`), ties
    // by id, and a payment without a wallet (105) as the largest value.
    case(
        "related_sort_to_one_text",
        Payments,
        "sort=wallet.label",
        Rows(&[106, 104, 100, 101, 102, 103, 107, 105]),
    ),
    case(
        "related_sort_to_one_text_descending",
        Payments,
        "sort=-wallet.label",
        Rows(&[105, 107, 100, 101, 102, 103, 104, 106]),
    ),
    case(
        "related_sort_then_own_field",
        Payments,
        "sort=wallet.balance,-amount",
        Rows(&[106, 107, 104, 102, 103, 101, 100, 105]),
    ),
    case(
        "related_sort_with_relationship_filter",
        Payments,
        "filter[wallet.label-eq]=main&sort=wallet.balance",
        Rows(&[102, 103, 100, 101]),
    ),
    // Wallets 13 (no owner) and 14 (an owner without a country) sort last.
    case(
        "related_sort_nullable_related_field",
        Wallets,
        "sort=owner.country",
        Rows(&[12, 10, 11, 13, 14]),
    ),
    case(
        "related_sort_two_levels_refused",
        Payments,
        "sort=wallet.owner.name",
        Refused(&["114"]),
    ),
    case(
        "related_sort_to_many_refused",
        Wallets,
        "sort=payments.amount",
        Refused(&["114"]),
    ),
    // A hidden wallet sorts as no wallet: its label never shows through the order.
    RelatedCase {
        name: "related_sort_scoped",
        listed: Payments,
        query: "sort=wallet.label",
        scope: CaseScope::WalletsOfOwners1And2,
        expected: Rows(&[106, 100, 101, 102, 103, 104, 105, 107]),
    },
    RelatedCase {
        name: "related_sort_closed",
        listed: Payments,
        query: "sort=-wallet.label",
        scope: CaseScope::OwnOnly,
        expected: Rows(&[100, 101, 102, 103, 104, 105, 106, 107]),
    },
    // Scoped, but wallets were given no scope: closed, nothing is found through them.
    RelatedCase {
        name: "related_closed_without_a_scope",
        listed: Payments,
        query: "filter[wallet.label-eq]=main",
        scope: CaseScope::OwnOnly,
        expected: Rows(&[]),
    },
    // Groups with relationship filters. A condition through a relationship holds when a related row matches;
    // under `not`, when none does (`NOT EXISTS`), including for a row without a related row (105).
    case(
        "group_not_to_one",
        Payments,
        "filter[not][wallet.label-eq]=main",
        Rows(&[104, 105, 106, 107]),
    ),
    // Wallets with no failed payment at all.
    case(
        "group_not_to_many",
        Wallets,
        "filter[not][payments.status-eq]=failed",
        Rows(&[11]),
    ),
    // No one payment both failed and over 1,000: wallet 10 has each, in two payments.
    case(
        "group_not_to_many_same_row",
        Wallets,
        "filter[not][payments.status-eq]=failed&filter[not][payments.amount-gt]=1000",
        Rows(&[10, 11]),
    ),
    case(
        "group_or_of_relationships",
        Wallets,
        "filter[or][0][owner.country-eq]=DE&filter[or][1][payments.amount-lt]=10",
        Rows(&[10, 12]),
    ),
    // Payments of owner 1 (NL) are 100, 101 and 106: every other one, or the pending one.
    case(
        "group_or_of_not_two_levels",
        Payments,
        "filter[or][0][status-eq]=pending&filter[or][1][not][wallet.owner.country-eq]=NL",
        Rows(&[102, 103, 104, 105, 107]),
    ),
    case(
        "group_own_filter_and_or_through_relationship",
        Payments,
        "filter[amount-gt]=100&filter[or][0][status-eq]=completed&filter[or][1][wallet.balance-lt]=10",
        Rows(&[101, 107]),
    ),
    case(
        "group_or_branches_are_and",
        Payments,
        "filter[or][0][status-eq]=failed&filter[or][0][amount-lt]=100&filter[or][1][status-eq]=completed&filter[or][1][amount-gt]=1000",
        Rows(&[100, 101]),
    ),
    // NOT over a NULL: Cyd has no country, so `country = NL` is unknown for him, and so is its negation.
    case(
        "group_not_over_null",
        Owners,
        "filter[not][country-eq]=NL",
        Rows(&[2]),
    ),
    // The related scope holds under `not`: of the visible wallets (10, 11, 12) only 11 has a balance under
    // 50, so only its payment (106) is excluded; unscoped, 13 and 14 would be too.
    RelatedCase {
        name: "group_not_scoped",
        listed: Payments,
        query: "filter[not][wallet.balance-lt]=50",
        scope: CaseScope::WalletsOfOwners1And2,
        expected: Rows(&[100, 101, 102, 103, 104, 105, 107]),
    },
    case(
        "group_not_unscoped",
        Payments,
        "filter[not][wallet.balance-lt]=50",
        Rows(&[100, 101, 102, 103, 105]),
    ),
    // A closed related resource matches nothing, so its negation matches every row: nothing is revealed.
    RelatedCase {
        name: "group_not_closed",
        listed: Payments,
        query: "filter[not][wallet.label-eq]=main",
        scope: CaseScope::OwnOnly,
        expected: Rows(&[100, 101, 102, 103, 104, 105, 106, 107]),
    },
    case(
        "group_unknown_relationship_key",
        Payments,
        "filter[or][0][wallet.colour-eq]=red",
        Refused(&["102"]),
    ),
    case(
        "group_errors_all_at_once",
        Payments,
        "filter[not][amount-gt]=lots&filter[or][y][status-eq]=failed&filter[and][0][wallet.label-eq]=a&filter[and][0][wallet.label_eq]=b",
        Refused(&["107", "120", "105"]),
    ),
];

/// One include path of an [`IncludeCase`]: the statement for `path` over its parents, and what it loads.
#[derive(Debug, Clone, Copy)]
pub struct IncludeStep {
    /// The include path, as the library is asked for it.
    pub path: &'static str,
    /// The resource of the parents.
    pub parents: Listed,
    /// Where the parents come from: `None` the page, `Some(k)` the records step `k` loaded.
    pub parents_from: Option<usize>,
    /// The ids loaded, in order, and the columns selected; `None`: no statement (no parent has a related
    /// record).
    pub loads: Option<(&'static [i64], &'static [&'static str])>,
}

/// An include case: the page of `query` on `listed`, then each step's statement on the engine.
#[derive(Debug, Clone, Copy)]
pub struct IncludeCase {
    pub name: &'static str,
    pub listed: Listed,
    pub query: &'static str,
    pub scope: CaseScope,
    /// The page's ids.
    pub page: &'static [i64],
    pub steps: &'static [IncludeStep],
}

impl IncludeCase {
    /// The case as a [`RelatedCase`], for its parsing and scope.
    pub fn as_related(&self) -> RelatedCase {
        RelatedCase {
            name: self.name,
            listed: self.listed,
            query: self.query,
            scope: self.scope,
            expected: Rows(self.page),
        }
    }
}

const fn step(
    path: &'static str,
    parents: Listed,
    parents_from: Option<usize>,
    loads: Option<(&'static [i64], &'static [&'static str])>,
) -> IncludeStep {
    IncludeStep {
        path,
        parents,
        parents_from,
        loads,
    }
}

const WALLET_COLUMNS: &[&str] = &["id", "label", "balance", "owner_id"];

/// Includes with hand-reasoned answers: to-one, to-many, nested, sparse fieldsets, scopes.
pub const INCLUDE_CASES: &[IncludeCase] = &[
    // Payments of at least 1,200: 101 (wallet 10), 102 (12), 104 (14), 107 (13); each wallet once, in id
    // order, with every column.
    IncludeCase {
        name: "include_to_one",
        listed: Payments,
        query: "filter[amount-gteq]=1200&include=wallet",
        scope: CaseScope::Unscoped,
        page: &[101, 102, 104, 107],
        steps: &[step(
            "wallet",
            Payments,
            None,
            Some((&[10, 12, 13, 14], WALLET_COLUMNS)),
        )],
    },
    // Two payments of wallet 10: the wallet is loaded once.
    IncludeCase {
        name: "include_to_one_shared",
        listed: Payments,
        query: "filter[wallet-id-eq]=10&include=wallet&fields[wallets]=label",
        scope: CaseScope::Unscoped,
        page: &[100, 101],
        steps: &[step(
            "wallet",
            Payments,
            None,
            Some((&[10], &["id", "label"])),
        )],
    },
    // A payment without a wallet: no statement at all.
    IncludeCase {
        name: "include_to_one_none",
        listed: Payments,
        query: "filter[id]=105&include=wallet",
        scope: CaseScope::Unscoped,
        page: &[105],
        steps: &[step("wallet", Payments, None, None)],
    },
    // Nested: the wallets keep their owner's key (the path goes on), the owners only their name.
    IncludeCase {
        name: "include_nested_to_one_sparse",
        listed: Payments,
        query: "filter[amount-gteq]=1200&include=wallet.owner&fields[wallets]=balance&fields[owners]=name",
        scope: CaseScope::Unscoped,
        page: &[101, 102, 104, 107],
        steps: &[
            step(
                "wallet",
                Payments,
                None,
                Some((&[10, 12, 13, 14], &["id", "balance", "owner_id"])),
            ),
            step(
                "wallet.owner",
                Wallets,
                Some(0),
                Some((&[1, 2, 3], &["id", "name"])),
            ),
        ],
    },
    // To-many: every wallet of the owners (13 has no owner), with the foreign key that names its owner.
    IncludeCase {
        name: "include_to_many",
        listed: Owners,
        query: "include=wallets&fields[wallets]=label",
        scope: CaseScope::Unscoped,
        page: &[1, 2, 3],
        steps: &[step(
            "wallets",
            Owners,
            None,
            Some((&[10, 11, 12, 14], &["id", "label", "owner_id"])),
        )],
    },
    // Two to-many levels: Ada's wallets 10 and 11, then their payments 100, 101 and 106.
    IncludeCase {
        name: "include_nested_to_many",
        listed: Owners,
        query: "filter[name-eq]=Ada&include=wallets.payments&fields[payments]=amount",
        scope: CaseScope::Unscoped,
        page: &[1],
        steps: &[
            step("wallets", Owners, None, Some((&[10, 11], WALLET_COLUMNS))),
            step(
                "wallets.payments",
                Wallets,
                Some(0),
                Some((&[100, 101, 106], &["id", "amount", "wallet_id"])),
            ),
        ],
    },
    // The wallets' scope holds in the include: wallets 13 and 14 are not visible, though payments 104 and
    // 107 name them.
    IncludeCase {
        name: "include_scope_applies",
        listed: Payments,
        query: "include=wallet&fields[wallets]=label",
        scope: CaseScope::WalletsOfOwners1And2,
        page: &[100, 101, 102, 103, 104, 105, 106, 107],
        steps: &[step(
            "wallet",
            Payments,
            None,
            Some((&[10, 11, 12], &["id", "label"])),
        )],
    },
    // A scoped query without a scope for wallets: closed, nothing included.
    IncludeCase {
        name: "include_closed_without_scope",
        listed: Payments,
        query: "filter[amount-gteq]=1200&include=wallet",
        scope: CaseScope::OwnOnly,
        page: &[101, 102, 104, 107],
        steps: &[step("wallet", Payments, None, Some((&[], WALLET_COLUMNS)))],
    },
    // A path back to the listed resource: the owners of the wallets, then all their wallets (13 has no
    // owner; 14 is owner 3's).
    IncludeCase {
        name: "include_back_to_the_listed_resource",
        listed: Wallets,
        query: "include=owner.wallets&fields[wallets]=label&fields[owners]=name",
        scope: CaseScope::Unscoped,
        page: &[10, 11, 12, 13, 14],
        steps: &[
            step("owner", Wallets, None, Some((&[1, 2, 3], &["id", "name"]))),
            step(
                "owner.wallets",
                Owners,
                Some(0),
                Some((&[10, 11, 12, 14], &["id", "label", "owner_id"])),
            ),
        ],
    },
];
