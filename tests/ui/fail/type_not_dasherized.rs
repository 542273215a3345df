use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "CdrExports")]
pub struct CdrExport {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
