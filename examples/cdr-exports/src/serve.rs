//! Serving HTTP/1.1 connections, with the server's own limits on the request head.
//!
//! hyper answers a request head it cannot take (a request line past its 65,534-byte URI limit, a head past
//! its buffer) with a bare status: no body, no `Content-Type`. So every connection is read through a
//! [`HeadGuard`] that measures each request head before hyper sees any of it, and answers one over the
//! server's limits itself, with a JSON:API error document:
//!
//! | what | limit | answer |
//! |---|---|---|
//! | the request line (method, URI, version) | [`MAX_REQUEST_LINE`] = 64 KiB | `414`, code `414` |
//! | the header lines, together | [`MAX_HEADER_BYTES`] = 16 KiB | `431`, code `431` |
//! | the number of header lines | [`MAX_HEADER_LINES`] = 128 | `431`, code `431` |
//! | a head that is not HTTP/1.x (`httparse`), or a URI `http` refuses | | `400`, code `400` |
//!
//! hyper's own buffer ([`HYPER_BUFFER`], 160 KiB) and header count ([`HYPER_MAX_HEADERS`]) are set above
//! these limits, so a head within them always reaches hyper whole, and one past them never reaches it at
//! all. The guard then follows the request's body (`Content-Length` or chunked) to find the next head on
//! the same connection; anything it cannot follow is answered 400 and the connection closed.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::errors::ApiError;

/// The longest request line accepted (method, URI and version), in bytes: 64 KiB. Longer is a 414.
pub const MAX_REQUEST_LINE: usize = 64 * 1024;

/// The most bytes of header lines accepted in one request, their line ends included: 16 KiB (common
/// front servers allow 8 to 16 KiB). More is a 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The most header lines accepted in one request. More is a 431.
pub const MAX_HEADER_LINES: usize = 128;

/// hyper's read buffer: above the largest head the guard lets through, so hyper never answers first.
pub const HYPER_BUFFER: usize = 160 * 1024;

/// hyper's limit on the number of headers: above [`MAX_HEADER_LINES`], for the same reason.
pub const HYPER_MAX_HEADERS: usize = 2 * MAX_HEADER_LINES;

/// How long a client may take to send a request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);

/// After answering a refused head: how much more of the request is read and dropped, and for how long,
/// so that closing the connection does not reset it before the client has read the answer.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(5);

/// Serves `router` on `listener`, one task per connection, until `shutdown` is cancelled; then stops
/// accepting, lets requests in flight finish and closes idle connections.
pub async fn serve(listener: TcpListener, router: Router, shutdown: CancellationToken) {
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .max_buf_size(HYPER_BUFFER)
        .max_headers(HYPER_MAX_HEADERS)
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = shutdown.cancelled() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let connection = builder.serve_connection(
            TokioIo::new(HeadGuard::new(stream)),
            TowerToHyperService::new(router.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Why a head is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The request line is over [`MAX_REQUEST_LINE`]: 414.
    RequestLineTooLong,
    /// The header lines are over [`MAX_HEADER_BYTES`]: 431.
    HeadersTooLarge,
    /// More than [`MAX_HEADER_LINES`] header lines: 431.
    TooManyHeaders,
    /// Not an HTTP/1.x request head, or a body whose length cannot be told: 400.
    Malformed,
}

impl Refusal {
    /// The JSON:API error of the refusal.
    pub fn error(self) -> ApiError {
        match self {
            Refusal::RequestLineTooLong => ApiError::new(
                StatusCode::URI_TOO_LONG,
                "414",
                "URI too long",
                format!("The request line is longer than {MAX_REQUEST_LINE} bytes."),
            ),
            Refusal::HeadersTooLarge => ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "431",
                "Request header fields too large",
                format!("The request headers are longer than {MAX_HEADER_BYTES} bytes together."),
            ),
            Refusal::TooManyHeaders => ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "431",
                "Request header fields too large",
                format!("The request has more than {MAX_HEADER_LINES} header lines."),
            ),
            Refusal::Malformed => ApiError::new(
                StatusCode::BAD_REQUEST,
                "400",
                "Bad request",
                "The request is not a well-formed HTTP/1.1 request.",
            ),
        }
    }

    /// The whole HTTP/1.1 response, closing the connection.
    fn response(self) -> Vec<u8> {
        let response = self.error().into_response();
        let status = response.status();
        let body = self.body();
        let mut head = format!(
            "HTTP/1.1 {} {}\r\n",
            status.as_u16(),
            status.canonical_reason().unwrap_or("Error")
        );
        for (name, value) in response.headers() {
            if name != axum::http::header::CONTENT_LENGTH {
                head.push_str(&format!(
                    "{name}: {}\r\n",
                    value.to_str().unwrap_or_default()
                ));
            }
        }
        for (name, value) in crate::http::SECURITY_HEADERS {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "cache-control: no-cache\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        ));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&body);
        bytes
    }

    /// The JSON:API error document.
    fn body(self) -> Vec<u8> {
        serde_json::to_vec(&jsonapi_filter::ErrorDocument {
            errors: self.error().errors,
        })
        .unwrap_or_default()
    }
}

/// Passes up to `left` bytes of `bytes` on to `ready` (a body or a chunk's data, counted by its length):
/// consumes them from `bytes`, counts them off `left`, and says whether `left` reached zero.
fn pass_counted(ready: &mut Vec<u8>, bytes: &mut &[u8], left: &mut u64) -> bool {
    let take = bytes
        .len()
        .min(usize::try_from(*left).unwrap_or(usize::MAX));
    ready.extend_from_slice(&bytes[..take]);
    *bytes = &bytes[take..];
    *left -= take as u64;
    *left == 0
}

/// Where the guard is in the stream of requests.
#[derive(Debug)]
enum Phase {
    /// Reading a head: held back from hyper until it is whole and within the limits.
    Head,
    /// Passing a body of known length: the bytes left.
    Body(u64),
    /// A chunked body: reading a chunk-size line (its bytes so far).
    ChunkSize(Vec<u8>),
    /// A chunked body: the bytes left of a chunk, then its CRLF.
    ChunkData(u64),
    /// A chunked body: the CRLF after a chunk's data (bytes of it still to pass).
    ChunkEnd(u8),
    /// A chunked body: the trailer lines after the last chunk (bytes of the current one so far).
    Trailers(usize),
    /// A head was refused: answering, then draining.
    Refused(Refusal),
}

/// An IO stream that measures each request head before handing it on (see the module documentation).
pub struct HeadGuard<T> {
    inner: T,
    phase: Phase,
    /// The head being read.
    head: Vec<u8>,
    /// Bytes checked and ready for hyper, and how many of them it has read.
    ready: Vec<u8>,
    taken: usize,
    /// The refusal being sent: bytes written so far.
    refusal: Option<(Vec<u8>, usize)>,
    drained: usize,
    drain_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> HeadGuard<T> {
    /// Guards `inner`.
    pub fn new(inner: T) -> HeadGuard<T> {
        HeadGuard {
            inner,
            phase: Phase::Head,
            head: Vec::new(),
            ready: Vec::new(),
            taken: 0,
            refusal: None,
            drained: 0,
            drain_deadline: None,
        }
    }

    /// Runs newly read bytes through the state machine: what may go to hyper is appended to `ready`.
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            match &mut self.phase {
                Phase::Refused(_) => return,
                Phase::Head => {
                    let end = bytes
                        .iter()
                        .position(|byte| *byte == b'\n')
                        .map_or(bytes.len(), |index| index + 1);
                    self.head.extend_from_slice(&bytes[..end]);
                    bytes = &bytes[end..];
                    if let Err(refusal) = self.check_head() {
                        self.refuse(refusal);
                        return;
                    }
                }
                Phase::Body(left) => {
                    if pass_counted(&mut self.ready, &mut bytes, left) {
                        self.phase = Phase::Head;
                    }
                }
                Phase::ChunkSize(line) => {
                    let byte = bytes[0];
                    bytes = &bytes[1..];
                    self.ready.push(byte);
                    line.push(byte);
                    if line.len() > 4096 {
                        self.refuse(Refusal::Malformed);
                        return;
                    }
                    if byte == b'\n' {
                        let text = String::from_utf8_lossy(line);
                        let size = text.split(';').next().unwrap_or("").trim();
                        match u64::from_str_radix(size, 16) {
                            Ok(0) => self.phase = Phase::Trailers(0),
                            Ok(size) => self.phase = Phase::ChunkData(size),
                            Err(_) => {
                                self.refuse(Refusal::Malformed);
                                return;
                            }
                        }
                    }
                }
                Phase::ChunkData(left) => {
                    if pass_counted(&mut self.ready, &mut bytes, left) {
                        self.phase = Phase::ChunkEnd(2);
                    }
                }
                Phase::ChunkEnd(left) => {
                    let byte = bytes[0];
                    bytes = &bytes[1..];
                    self.ready.push(byte);
                    *left -= 1;
                    if byte == b'\n' || *left == 0 {
                        self.phase = Phase::ChunkSize(Vec::new());
                    }
                }
                Phase::Trailers(length) => {
                    let byte = bytes[0];
                    bytes = &bytes[1..];
                    self.ready.push(byte);
                    if byte == b'\n' {
                        if *length == 0 {
                            self.phase = Phase::Head;
                        } else {
                            *length = 0;
                        }
                    } else if byte != b'\r' {
                        *length += 1;
                        if *length > MAX_HEADER_BYTES {
                            self.refuse(Refusal::HeadersTooLarge);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Measures the head read so far; when it is whole, checks it and hands it on.
    fn check_head(&mut self) -> Result<(), Refusal> {
        // Empty lines before a request line are allowed (RFC 9112, 2.2): they are dropped.
        if self.head == b"\r\n" || self.head == b"\n" {
            self.head.clear();
            return Ok(());
        }
        let request_line = match self.head.iter().position(|byte| *byte == b'\n') {
            Some(end) => end + 1,
            None => {
                return if self.head.len() > MAX_REQUEST_LINE {
                    Err(Refusal::RequestLineTooLong)
                } else {
                    Ok(())
                };
            }
        };
        if request_line > MAX_REQUEST_LINE {
            return Err(Refusal::RequestLineTooLong);
        }
        let headers = &self.head[request_line..];
        let whole = headers.starts_with(b"\r\n")
            || headers.starts_with(b"\n")
            || headers.ends_with(b"\n\r\n")
            || headers.ends_with(b"\n\n");
        let lines = headers.iter().filter(|byte| **byte == b'\n').count() - usize::from(whole);
        let header_bytes = if whole {
            headers.len() - if headers.ends_with(b"\r\n") { 2 } else { 1 }
        } else {
            headers.len()
        };
        if header_bytes > MAX_HEADER_BYTES {
            return Err(Refusal::HeadersTooLarge);
        }
        if lines > MAX_HEADER_LINES {
            return Err(Refusal::TooManyHeaders);
        }
        if !whole {
            return Ok(());
        }
        self.phase = body_of(&self.head)?;
        self.ready.append(&mut self.head);
        Ok(())
    }

    fn refuse(&mut self, refusal: Refusal) {
        tracing::info!(?refusal, "request head refused");
        self.head = Vec::new();
        self.refusal = Some((refusal.response(), 0));
        self.phase = Phase::Refused(refusal);
    }
}

/// Parses a whole head and tells how its body is framed.
fn body_of(head: &[u8]) -> Result<Phase, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADER_LINES];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(length)) if length == head.len() => {}
        _ => return Err(Refusal::Malformed),
    }
    if request
        .path
        .is_none_or(|path| Uri::try_from(path.as_bytes()).is_err())
    {
        return Err(Refusal::Malformed);
    }
    let mut length: Option<u64> = None;
    let mut chunked = false;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("content-length") {
            let value = std::str::from_utf8(header.value)
                .ok()
                .filter(|text| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()))
                .and_then(|text| text.parse::<u64>().ok())
                .ok_or(Refusal::Malformed)?;
            if length.is_some_and(|given| given != value) {
                return Err(Refusal::Malformed);
            }
            length = Some(value);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            let last = std::str::from_utf8(header.value)
                .ok()
                .and_then(|text| text.rsplit(',').next())
                .map(str::trim);
            chunked = last.is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"));
            if !chunked {
                return Err(Refusal::Malformed);
            }
        }
    }
    match (chunked, length) {
        (true, Some(_)) => Err(Refusal::Malformed),
        (true, None) => Ok(Phase::ChunkSize(Vec::new())),
        (false, Some(0) | None) => Ok(Phase::Head),
        (false, Some(length)) => Ok(Phase::Body(length)),
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> HeadGuard<T> {
    /// Sends the refusal, closes the sending side, then reads and drops what the client still sends (for a
    /// bounded time and amount), so the close does not reset the connection under the client's read.
    fn poll_refuse(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((response, written)) = &mut self.refusal {
            if *written == response.len() {
                ready!(Pin::new(&mut self.inner).poll_shutdown(cx))?;
                self.refusal = None;
                break;
            }
            let sent = ready!(Pin::new(&mut self.inner).poll_write(cx, &response[*written..]))?;
            if sent == 0 {
                return Poll::Ready(Ok(()));
            }
            *written += sent;
        }
        let deadline = self
            .drain_deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(DRAIN_TIME)));
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Ok(()));
        }
        let mut scratch = [0u8; 8192];
        while self.drained < DRAIN_BYTES {
            let mut buffer = ReadBuf::new(&mut scratch);
            ready!(Pin::new(&mut self.inner).poll_read(cx, &mut buffer))?;
            if buffer.filled().is_empty() {
                break;
            }
            self.drained += buffer.filled().len();
        }
        if let Phase::Refused(refusal) = &self.phase {
            tracing::debug!(
                ?refusal,
                drained = self.drained,
                "refused connection closed"
            );
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for HeadGuard<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.taken < this.ready.len() {
                let available = &this.ready[this.taken..];
                let length = available.len().min(buf.remaining());
                buf.put_slice(&available[..length]);
                this.taken += length;
                if this.taken == this.ready.len() {
                    this.ready.clear();
                    this.taken = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if let Phase::Refused(_) = this.phase {
                // hyper reads the end of the stream: it has seen nothing of the refused head.
                return this.poll_refuse(cx);
            }
            let mut scratch = [0u8; 8192];
            let mut read = ReadBuf::new(&mut scratch);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                // The end of the stream; a partial head held back is dropped unseen.
                return Poll::Ready(Ok(()));
            }
            let bytes = read.filled().to_vec();
            this.feed(&bytes);
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for HeadGuard<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard_of(input: &[u8]) -> HeadGuard<()> {
        let mut guard = HeadGuard::new(());
        // Byte by byte and all at once must agree.
        let mut one_by_one = HeadGuard::new(());
        for byte in input {
            one_by_one.feed(std::slice::from_ref(byte));
        }
        guard.feed(input);
        assert_eq!(guard.ready, one_by_one.ready);
        assert_eq!(
            format!("{:?}", guard.phase),
            format!("{:?}", one_by_one.phase)
        );
        guard
    }

    #[test]
    fn heads_within_the_limits_pass_whole_with_their_bodies() {
        let input = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\n\r\n";
        let guard = guard_of(input);
        assert_eq!(guard.ready, input);
        assert!(matches!(guard.phase, Phase::Head));
        let chunked = b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\nGET /c HTTP/1.1\r\n\r\n";
        let guard = guard_of(chunked);
        assert_eq!(guard.ready, chunked);
        assert!(matches!(guard.phase, Phase::Head));
    }

    #[test]
    fn a_partial_head_is_held_back() {
        let guard = guard_of(b"GET /a HTTP/1.1\r\nHost: x\r\n");
        assert!(guard.ready.is_empty());
    }

    #[test]
    fn heads_over_the_limits_are_refused() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert!(matches!(
            guard_of(long_line.as_bytes()).phase,
            Phase::Refused(Refusal::RequestLineTooLong)
        ));
        let big = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEADER_BYTES)
        );
        assert!(matches!(
            guard_of(big.as_bytes()).phase,
            Phase::Refused(Refusal::HeadersTooLarge)
        ));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADER_LINES + 1)
        );
        assert!(matches!(
            guard_of(many.as_bytes()).phase,
            Phase::Refused(Refusal::TooManyHeaders)
        ));
        let at_limit = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADER_LINES)
        );
        assert_eq!(guard_of(at_limit.as_bytes()).ready, at_limit.as_bytes());
        for malformed in [
            &b"GET /a\0 HTTP/1.1\r\n\r\n"[..],
            b"NOT HTTP\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        ] {
            assert!(
                matches!(
                    guard_of(malformed).phase,
                    Phase::Refused(Refusal::Malformed)
                ),
                "{}",
                String::from_utf8_lossy(malformed)
            );
        }
    }
}
