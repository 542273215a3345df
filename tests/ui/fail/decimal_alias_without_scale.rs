use jsonapi_filter::Filterable;

/// The alias hides `Decimal` from the derive; the compiler still asks for its scale.
pub type Rate = jsonapi_filter::Decimal;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    pub rate: Option<Rate>,
}

fn main() {}
