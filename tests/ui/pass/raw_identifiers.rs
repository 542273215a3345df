//! Raw identifiers lose their `r#` in keys, columns and names.
use jsonapi_filter::{Filterable, Resource};

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, in))]
    pub r#type: String,
    #[filterable(only(eq))]
    pub r#match_rule: String,
}

fn main() {
    assert_eq!(
        Call::SCHEMA.filter_keys(),
        ["id", "type-eq", "type-in", "match-rule-eq"]
    );
    let field = Call::SCHEMA.field("type").unwrap();
    assert_eq!((field.name, field.column), ("type", "type"));
}
