//! The `included` member of each resource's documents: the library writes the statement of every include
//! path (one per path and page, within the caller's scope, selecting only what `fields[type]` shows); the
//! store runs it; the library writes the resource objects, each once.

use jsonapi_filter::document::Fields;
use jsonapi_filter::include::{Included, IncludedObject, ToManyLinkage};
use jsonapi_filter::{FilterRecord, ResourceQuery};

use crate::AppState;
use crate::errors::ApiError;
use crate::resource::{Account, Cdr, CdrExport};
use crate::store::{ACCOUNTS, EXPORTS, RowReader, TRANSPORT_PROTOCOLS};

/// The rows related to `rows` through `relationship` when the sort reads a field through it
/// (`sort=account.name`), within the related scope: the values of the rows' cursors. None otherwise.
pub async fn sorted_through<R: FilterRecord, T: Send + 'static>(
    app: &AppState,
    query: &ResourceQuery<R>,
    rows: &[R],
    relationship: &str,
    read: RowReader<T>,
) -> Result<Vec<T>, ApiError> {
    if !query.sort_relationships().contains(&relationship) {
        return Ok(Vec::new());
    }
    let select = query.related_select(relationship, rows, app.store.backend());
    Ok(app.store.related(select, read).await?)
}

/// The included resources of exports: `account`, `account.cdr-exports`. `None` when nothing is included.
pub async fn of_exports(
    app: &AppState,
    query: &ResourceQuery<CdrExport>,
    exports: &[CdrExport],
) -> Result<Option<Vec<IncludedObject>>, ApiError> {
    if query.include_paths.is_empty() {
        return Ok(None);
    }
    let (store, backend) = (&app.store, app.store.backend());
    let accounts = store
        .related(query.include_select("account", exports, backend), ACCOUNTS)
        .await?;
    let their_exports = store
        .related(
            query.include_select("account.cdr-exports", &accounts, backend),
            EXPORTS,
        )
        .await?;
    let linkage: Vec<ToManyLinkage> = query
        .to_many_linkage("account.cdr-exports", &their_exports)
        .into_iter()
        .collect();
    let fields = Fields::of(query);
    let mut included = Included::excluding(exports);
    included
        .add(
            &accounts,
            fields,
            &query.include_names_under("account"),
            &linkage,
        )
        .and_then(|included| included.add(&their_exports, fields, &[], &[]))
        .map_err(ApiError::internal)?;
    Ok(Some(included.into_objects()))
}

/// The included resources of CDRs: `account`, `auth-orig-transport-protocol`, `account.cdr-exports`.
pub async fn of_cdrs(
    app: &AppState,
    query: &ResourceQuery<Cdr>,
    cdrs: &[Cdr],
) -> Result<Option<Vec<IncludedObject>>, ApiError> {
    if query.include_paths.is_empty() {
        return Ok(None);
    }
    let (store, backend) = (&app.store, app.store.backend());
    let accounts = store
        .related(query.include_select("account", cdrs, backend), ACCOUNTS)
        .await?;
    let protocols = store
        .related(
            query.include_select("auth-orig-transport-protocol", cdrs, backend),
            TRANSPORT_PROTOCOLS,
        )
        .await?;
    let their_exports = store
        .related(
            query.include_select("account.cdr-exports", &accounts, backend),
            EXPORTS,
        )
        .await?;
    let linkage: Vec<ToManyLinkage> = query
        .to_many_linkage("account.cdr-exports", &their_exports)
        .into_iter()
        .collect();
    let fields = Fields::of(query);
    let mut included = Included::excluding(cdrs);
    included
        .add(
            &accounts,
            fields,
            &query.include_names_under("account"),
            &linkage,
        )
        .and_then(|included| included.add(&protocols, fields, &[], &[]))
        .and_then(|included| included.add(&their_exports, fields, &[], &[]))
        .map_err(ApiError::internal)?;
    Ok(Some(included.into_objects()))
}

/// The included resources of accounts (`cdr-exports`, `cdr-exports.account`), and the linkage of their
/// `cdr-exports` for the accounts' own resource objects.
pub async fn of_accounts(
    app: &AppState,
    query: &ResourceQuery<Account>,
    accounts: &[Account],
) -> Result<(Option<Vec<IncludedObject>>, Vec<ToManyLinkage>), ApiError> {
    if query.include_paths.is_empty() {
        return Ok((None, Vec::new()));
    }
    let (store, backend) = (&app.store, app.store.backend());
    let exports = store
        .related(
            query.include_select("cdr-exports", accounts, backend),
            EXPORTS,
        )
        .await?;
    let their_accounts = store
        .related(
            query.include_select("cdr-exports.account", &exports, backend),
            ACCOUNTS,
        )
        .await?;
    let linkage: Vec<ToManyLinkage> = query
        .to_many_linkage("cdr-exports", &exports)
        .into_iter()
        .collect();
    let fields = Fields::of(query);
    let mut included = Included::excluding(accounts);
    included
        .add(
            &exports,
            fields,
            &query.include_names_under("cdr-exports"),
            &[],
        )
        .and_then(|included| included.add(&their_accounts, fields, &[], &[]))
        .map_err(ApiError::internal)?;
    Ok((Some(included.into_objects()), linkage))
}
