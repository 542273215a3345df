use jsonapi_filter::Filterable;

/// The alias hides `i64` from the derive; the compiler still checks the predicates against its kind.
pub type Seconds = i64;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, start))]
    pub duration: Seconds,
}

fn main() {}
