//! foreign_key with its default relationship, and with relationship / related_type / related_fields; an
//! integer foreign key with order comparisons listed in only(...).
use jsonapi_filter::{Filterable, Resource};
use uuid::Uuid;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key)]
    pub account_id: Uuid,
    #[filterable(
        foreign_key,
        relationship = "billing-contact",
        related_type = "contacts",
        related_fields = "name, email_address"
    )]
    pub billing_contact_id: Option<i64>,
    #[filterable(foreign_key, only(eq), null)]
    pub parent_call_id: Option<i64>,
    /// An integer key may be compared by order too, when `only(...)` asks for it.
    #[filterable(foreign_key, only(eq, gt, lteq, in))]
    pub transport_protocol_id: Option<i64>,
}

fn main() {
    #[rustfmt::skip]
    let expected = [
        "id",
        "account-id-eq", "account-id-not-eq", "account-id-in", "account-id-not-in",
        "billing-contact-id-eq", "billing-contact-id-not-eq", "billing-contact-id-in",
        "billing-contact-id-not-in",
        "parent-call-id-eq", "parent-call-id-null",
        "transport-protocol-id-eq", "transport-protocol-id-gt", "transport-protocol-id-lteq",
        "transport-protocol-id-in",
    ];
    assert_eq!(Call::SCHEMA.filter_keys(), expected);
    let schema = Call::SCHEMA;
    let account = schema.relationship("account").unwrap();
    assert_eq!(
        (account.type_name, account.foreign_key),
        ("accounts", "account_id")
    );
    assert!(account.fields.is_empty());
    let contact = schema.relationship("billing-contact").unwrap();
    assert_eq!(contact.type_name, "contacts");
    assert_eq!(contact.foreign_key, "billing_contact_id");
    assert_eq!(contact.fields, ["name", "email-address"]);
    let parent = schema.relationship("parent-call").unwrap();
    assert_eq!(parent.type_name, "parent-calls");
    // Foreign keys are relationships, not attributes.
    assert!(schema.attributes.is_empty());
}
