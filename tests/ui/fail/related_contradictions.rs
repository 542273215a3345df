use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "accounts")]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
    pub name: String,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    // The type and the fields come from Account's declaration: giving them too is a contradiction waiting to happen.
    #[filterable(foreign_key, related = Account, related_type = "accounts", related_fields = "name")]
    pub account_id: i64,
    // Only a foreign key has a related resource.
    #[filterable(related = Account)]
    pub owner_id: i64,
    // A type, not a string.
    #[filterable(foreign_key, related = "accounts")]
    pub payer_id: i64,
}

fn main() {}
