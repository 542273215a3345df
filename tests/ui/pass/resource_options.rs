//! default_sort, page sizes and the table name.
use chrono::{DateTime, Utc};
use jsonapi_filter::{Filterable, Resource, SortDirection};

#[derive(Filterable)]
#[filterable(
    type = "call-records",
    default_sort = "-started_at,caller",
    default_page_size = 20,
    max_page_size = 200
)]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub caller: String,
    pub started_at: DateTime<Utc>,
}

#[derive(Filterable)]
#[filterable(type = "trunks", table = "sip_trunks")]
pub struct Trunk {
    #[filterable(id)]
    pub id: i64,
}

fn main() {
    let schema = Call::SCHEMA;
    assert_eq!(
        schema.table, "call_records",
        "dashes of the type become underscores"
    );
    assert_eq!(
        schema.default_sort,
        [
            ("started-at", SortDirection::Descending),
            ("caller", SortDirection::Ascending)
        ]
    );
    assert_eq!((schema.default_page_size, schema.max_page_size), (20, 200));

    let trunks = Trunk::SCHEMA;
    assert_eq!(trunks.table, "sip_trunks");
    assert!(trunks.default_sort.is_empty());
    assert_eq!((trunks.default_page_size, trunks.max_page_size), (50, 1000));
    assert_eq!(trunks.filter_keys(), ["id"]);
}
