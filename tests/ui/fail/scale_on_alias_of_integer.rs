use jsonapi_filter::Filterable;

/// The alias hides `i64` from the derive; the compiler still refuses a scale on it.
pub type Seconds = i64;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(scale = 2)]
    pub duration: Seconds,
}

fn main() {}
