//! The axum extractor over real HTTP: a valid query reaches the handler; a bad one is answered with the JSON:API
//! error document and its media type, and never reaches the handler.

use axum::Router;
use axum::routing::get;
use jsonapi_filter::axum::JsonApiQuery;
use jsonapi_filter_tests::reference::CdrExport;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn list(JsonApiQuery(query): JsonApiQuery<CdrExport>) -> String {
    format!(
        "{} filters, page {} of size {}",
        query.filters.len(),
        query.page.number,
        query.page.size
    )
}

/// Serves the router on an ephemeral port and sends one raw HTTP/1.1 GET; returns the head and the body.
async fn get_raw(path: &str) -> (String, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().route("/cdr-exports", get(list));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    server.abort();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), body.to_owned())
}

#[tokio::test]
async fn a_valid_query_reaches_the_handler() {
    let (head, body) = get_raw("/cdr-exports?filter%5Bstatus-eq%5D=Pending&page[number]=3").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, "1 filters, page 3 of size 50");
}

#[tokio::test]
async fn a_bad_query_is_a_json_api_error_document() {
    let (head, body) = get_raw("/cdr-exports?filter[status-eq]=test&sort=x").await;
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/vnd.api+json"),
        "{head}"
    );
    let document: Value = serde_json::from_str(&body).unwrap();
    let codes: Vec<&str> = document["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["107", "114"]);
}

#[tokio::test]
async fn an_overlong_query_is_a_414() {
    let (head, body) = get_raw(&format!(
        "/cdr-exports?filter[time-zone-name-eq]={}",
        "a".repeat(61_000)
    ))
    .await;
    assert!(head.starts_with("HTTP/1.1 414"), "{head}\n{body}");
    assert!(body.contains("\"code\":\"414\""), "{body}");
}
