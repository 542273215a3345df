use jsonapi_filter::{FilterEnum, Filterable};

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
pub enum Protocol {
    Udp,
    Tcp,
}

/// The alias hides `i64` from the derive; the compiler checks the default against the kind.
pub type Seconds = i64;

/// Where only the compiler knows the kind (an enum, an alias), or the text must be a uuid, the generated
/// constants check the default, each error on the literal or predicate it is about.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(exact, default = "Sctp")]
    pub protocol: Protocol,
    #[filterable(default(eq = "not-a-uuid"))]
    pub uuid: uuid::Uuid,
    #[filterable(default(eq = true))]
    pub duration: Seconds,
    #[filterable(default(cont = "Udp"))]
    pub transport: Protocol,
    // An alias hides the decimal: its default cannot be read at compile time, so it is refused.
    #[filterable(scale = 2, default(gteq = "1.5"))]
    pub fee: Money,
}

pub type Money = jsonapi_filter::Decimal;

fn main() {}
