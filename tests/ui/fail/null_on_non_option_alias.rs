use jsonapi_filter::Filterable;

/// The alias hides `i64` from the derive; the compiler still checks that `null` has a nullable type.
pub type Seconds = i64;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(null)]
    pub duration: Seconds,
}

fn main() {}
