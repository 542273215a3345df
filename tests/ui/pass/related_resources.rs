//! `related = Type`: a relationship named by the related resource's own declaration, which gives its type and
//! its fields; two resources may name each other.
use jsonapi_filter::{Filterable, Resource, ResourceQuery};

#[derive(Filterable)]
#[filterable(type = "accounts")]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
    pub name: String,
    pub balance: i64,
    #[filterable(foreign_key, related = Call)]
    pub last_call_id: Option<i64>,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub duration: i64,
    #[filterable(foreign_key, related = Account)]
    pub account_id: i64,
    #[filterable(foreign_key, relationship = "billing-account", related = crate::Account)]
    pub billing_account_id: Option<i64>,
}

fn main() {
    let account = Call::SCHEMA.relationship("account").unwrap();
    assert_eq!(account.type_name, "accounts");
    assert_eq!(account.fields, ["name", "balance"]);
    assert!(std::ptr::eq(account.related.unwrap()(), Account::SCHEMA));
    let billing = Call::SCHEMA.relationship("billing-account").unwrap();
    assert_eq!(billing.type_name, "accounts");
    let last_call = Account::SCHEMA.relationship("last-call").unwrap();
    assert_eq!((last_call.type_name, last_call.fields), ("calls", &["duration"][..]));
    assert!(std::ptr::eq(last_call.related.unwrap()(), Call::SCHEMA));
    // The related declaration decides what fields[accounts] accepts.
    assert!(ResourceQuery::<Call>::parse("include=account&fields[accounts]=balance").is_ok());
    assert!(ResourceQuery::<Call>::parse("include=account&fields[accounts]=email").is_err());
}
