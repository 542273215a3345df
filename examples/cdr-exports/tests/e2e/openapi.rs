//! The served OpenAPI document is valid OpenAPI 3.1 (checked in CI with `openapi-spec-validator`), and the
//! server's real answers conform to its schemas. Queries are built with the derive's typed query builder, as a
//! Rust client of this API would.

use cdr_exports::resource::{
    CdrExportField, CdrExportInclude, CdrExportQuery, CdrExportSort, CdrExportStatus,
};
use jsonapi_filter::OpenApi;
use libtest_mimic::Trial;
use serde_json::Value;

use super::harness::{Env, Outcome, Reply, expect, expect_eq, trial};

/// Checks `body` against the component `component` of the served document.
fn conforms(api: &OpenApi, component: &str, reply: &Reply) -> Outcome {
    let schema = api
        .json_schema(component)
        .ok_or_else(|| format!("the document has no component {component}"))?;
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|error| format!("{component} is not a valid JSON Schema: {error}"))?;
    let body = reply.json();
    let problems: Vec<String> = validator
        .iter_errors(&body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    expect(
        problems.is_empty(),
        format!(
            "{component} does not describe the answer:\n{}\n{}",
            problems.join("\n"),
            reply.text
        ),
    )
}

fn served_document_is_the_generated_one(env: &'static Env) -> super::harness::CaseFuture {
    Box::pin(async move {
        let reply = env.get_with(&env.demo, "/openapi.json", None, &[]).await?;
        expect_eq(reply.status, 200, "status of /openapi.json")?;
        let served: Value = reply.json();
        expect_eq(
            served,
            cdr_exports::api_docs::openapi_document(),
            "served document",
        )?;
        let docs = env.get_with(&env.demo, "/docs", None, &[]).await?;
        expect_eq(docs.status, 200, "status of /docs")?;
        expect(
            docs.header("content-type").starts_with("text/html"),
            "the docs page is HTML",
        )?;
        for key in [
            "filter[rows-count-gteq]",
            "filter[time-format]",
            "Pending",
            "with_timezone",
            // The CDRs' section, with its own heading and contents entry.
            r#"<h2 id="cdrs">"#,
            r##"<a href="#cdr-exports">"##,
            "filter[auth-orig-ip-not-in]",
            "filter[auth-orig-transport-protocol-id-gteq]",
            "filter[is-last-cdr]",
        ] {
            expect(
                docs.text.contains(key),
                format!("the docs page names {key}"),
            )?;
        }
        Ok(())
    })
}

fn listings_conform_to_the_listing_schema(env: &'static Env) -> super::harness::CaseFuture {
    Box::pin(async move {
        let api = cdr_exports::api_docs::openapi();
        let queries = [
            CdrExportQuery::new(),
            CdrExportQuery::new()
                .status_in([CdrExportStatus::Completed, CdrExportStatus::Pending])
                .sort_desc(CdrExportSort::RowsCount)
                .page(2, 5),
            CdrExportQuery::new()
                .include(CdrExportInclude::Account)
                .page_size(3),
            CdrExportQuery::new()
                .fields([CdrExportField::Status, CdrExportField::Account])
                .time_zone_name_cont("europe"),
            CdrExportQuery::new().page(1000, 50),
        ];
        for query in queries {
            let reply = env.get(&env.demo, &format!("/cdr-exports?{query}")).await?;
            expect_eq(reply.status, 200, &format!("status of {query}"))?;
            conforms(&api, "CdrExportsListing", &reply)?;
        }
        Ok(())
    })
}

fn single_resources_and_errors_conform(env: &'static Env) -> super::harness::CaseFuture {
    Box::pin(async move {
        let api = cdr_exports::api_docs::openapi();
        let listing = env.get(&env.demo, "/cdr-exports?page[size]=1").await?;
        let id = listing
            .ids()
            .first()
            .cloned()
            .ok_or("the demo data has exports")?;
        let show = env
            .get(&env.demo, &format!("/cdr-exports/{id}?include=account"))
            .await?;
        expect_eq(show.status, 200, "status of show")?;
        conforms(&api, "CdrExportsDocument", &show)?;
        let bad = CdrExportQuery::new()
            .into_builder()
            .filter("status-eq", ["test"])
            .sort("nope", jsonapi_filter::SortDirection::Ascending);
        let errors = [
            env.get(&env.demo, &format!("/cdr-exports?{bad}")).await?,
            env.get_with(&env.demo, "/cdr-exports", None, &[]).await?,
            env.get(
                &env.demo,
                "/cdr-exports/00000000-0000-0000-0000-000000000000",
            )
            .await?,
        ];
        expect_eq(
            errors.iter().map(|reply| reply.status).collect::<Vec<_>>(),
            vec![400, 401, 404],
            "statuses of the errors",
        )?;
        for reply in &errors {
            conforms(&api, "JsonApiErrorDocument", reply)?;
        }
        Ok(())
    })
}

/// The trials of this module for one environment.
pub fn trials(env: &'static Env) -> Vec<Trial> {
    vec![
        trial(
            env,
            "openapi::served_document_is_the_generated_one",
            served_document_is_the_generated_one,
        ),
        trial(
            env,
            "openapi::listings_conform_to_the_listing_schema",
            listings_conform_to_the_listing_schema,
        ),
        trial(
            env,
            "openapi::single_resources_and_errors_conform",
            single_resources_and_errors_conform,
        ),
    ]
}
