use jsonapi_filter::Filterable;

/// The alias hides `String` from the derive; the compiler still checks a foreign key's predicates against it:
/// a text key is compared whole, never by order or pattern.
pub type AccountCode = String;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, only(eq, lt))]
    pub account_code: AccountCode,
}

fn main() {}
