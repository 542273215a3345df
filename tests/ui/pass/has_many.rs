//! A to-many relationship (`has_many`) beside the to-one it mirrors, with a depth of 3, and filters through
//! both parsed into one relationship filter each.
use jsonapi_filter::{Cardinality, Filterable, Resource, ResourceQuery};

#[derive(Filterable)]
#[filterable(
    type = "accounts",
    relationship_depth = 3,
    has_many(name = "calls", related = Call, foreign_key = "account_id"),
    has_many(related = Call, foreign_key = "account_id")
)]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
    pub name: String,
}

#[derive(Filterable)]
#[filterable(type = "legs")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub duration: i64,
    #[filterable(foreign_key, related = Account)]
    pub account_id: i64,
}

fn main() {
    let calls = Account::SCHEMA.relationship("calls").unwrap();
    assert_eq!(
        (calls.type_name, calls.foreign_key, calls.cardinality),
        ("legs", "account_id", Cardinality::ToMany)
    );
    // Without a name, the relationship is named after the related type.
    assert!(Account::SCHEMA.relationship("legs").is_some());
    assert_eq!(Account::SCHEMA.relationship_depth, 3);
    assert_eq!(Call::SCHEMA.relationship_depth, 2);
    let query = ResourceQuery::<Account>::parse(
        "filter[calls.duration-gt]=60&filter[calls.account.calls.account.name-eq]=x",
    )
    .unwrap_err();
    assert_eq!(query.first().code(), "102"); // four relationships, past 3
    let query = ResourceQuery::<Account>::parse("filter[calls.duration-gt]=60&filter[calls.account.name-eq]=x").unwrap();
    assert_eq!(query.relationship_filters.len(), 1);
    assert_eq!(query.relationship_filters[0].nested[0].relationship.name, "account");

    // The typed builders go through both relationships, and nest.
    let typed = AccountQuery::new()
        .name_start("Main")
        .calls(|calls| calls.duration_gt(60).account(|account| account.name_eq("x")));
    assert_eq!(
        typed.to_string(),
        "filter%5Bname-start%5D=Main&filter%5Bcalls.duration-gt%5D=60&filter%5Bcalls.account.name-eq%5D=x"
    );
    let parsed = typed.to_query().unwrap();
    assert_eq!(parsed.relationship_filters[0].nested[0].filters[0].key(), "name-eq");
    let typed = CallQuery::new().account(|account| account.name_cont("main"));
    assert_eq!(typed.to_string(), "filter%5Baccount.name-cont%5D=main");
}
