//! Decoding a raw query string into parameters, strictly: bad percent-encoding and invalid UTF-8 are errors,
//! never silently replaced.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::error::QueryError;

/// One `name=value` pair, decoded (`+` is a space, `%5B` is `[`). Text that needs no decoding is borrowed
/// from the query string.
///
/// ```
/// use std::borrow::Cow;
/// use jsonapi_filter::__fuzz::{RawParameter, decode_query_string};
/// let parameters = decode_query_string("filter%5Bcaller-cont%5D=a+b%2Bc&sort").unwrap();
/// assert_eq!(parameters[0], RawParameter { name: "filter[caller-cont]".into(), value: "a b+c".into() });
/// assert!(matches!(parameters[1].name, Cow::Borrowed("sort")));
/// assert_eq!(parameters[1].value, ""); // no `=`: an empty value
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParameter<'q> {
    /// The decoded name: `filter[status-eq]`.
    pub name: Cow<'q, str>,
    /// The decoded value: `Pending,Failed`.
    pub value: Cow<'q, str>,
}

/// Splits a query string (without the leading `?`) into decoded parameters, in order. Empty segments
/// (`a=1&&b=2`) are skipped; a segment without `=` has an empty value.
///
/// ```
/// use jsonapi_filter::__fuzz::decode_query_string;
/// let parameters = decode_query_string("filter%5Bstatus-eq%5D=Pending&sort=-created-at").unwrap();
/// assert_eq!(parameters[0].name, "filter[status-eq]");
/// assert_eq!(parameters[1].value, "-created-at");
/// assert!(decode_query_string("filter[x]=%zz").is_err());
/// ```
pub fn decode_query_string(query: &str) -> Result<Vec<RawParameter<'_>>, Vec<QueryError>> {
    let mut parameters =
        Vec::with_capacity(memchr::memchr_iter(b'&', query.as_bytes()).count() + 1);
    let mut errors = Vec::new();
    for segment in query.split('&').filter(|segment| !segment.is_empty()) {
        let (raw_name, raw_value) = segment.split_once('=').unwrap_or((segment, ""));
        let name = decode_component(raw_name);
        let value = decode_component(raw_value);
        match (name, value) {
            (Ok(name), Ok(value)) => parameters.push(RawParameter { name, value }),
            (name, value) => {
                let parameter = match &name {
                    Ok(name) => name.to_string(),
                    Err(_) => raw_name.to_owned(),
                };
                let detail = name.err().or(value.err()).unwrap_or_default();
                errors.push(QueryError::MalformedQueryString { parameter, detail });
            }
        }
    }
    if errors.is_empty() {
        Ok(parameters)
    } else {
        Err(errors)
    }
}

/// Decodes one `application/x-www-form-urlencoded` component.
fn decode_component(raw: &str) -> Result<Cow<'_, str>, String> {
    let bytes = raw.as_bytes();
    // Most components hold nothing to decode and no NUL: one vectorised scan, and the text is borrowed as it is
    // (it is already UTF-8).
    if memchr::memchr3(b'%', b'+', b'\0', bytes).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'%' {
            let well_formed = bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !well_formed {
                return Err(format!(
                    "{raw} has an invalid percent-encoding; a % must be followed by two hexadecimal digits."
                ));
            }
        }
    }
    let spaced: Cow<'_, str> = if raw.contains('+') {
        Cow::Owned(raw.replace('+', " "))
    } else {
        Cow::Borrowed(raw)
    };
    let decoded = match spaced {
        Cow::Borrowed(text) => percent_decode_str(text).decode_utf8(),
        Cow::Owned(text) => percent_decode_str(&text)
            .decode_utf8()
            .map(|decoded| Cow::Owned(decoded.into_owned())),
    };
    let decoded = decoded.map_err(|_| format!("{raw} does not decode to UTF-8 text."))?;
    if decoded.contains('\0') {
        return Err(format!("{raw} contains a NUL character."));
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_brackets_and_plus_decode() {
        let parameters = decode_query_string("filter%5Bname-cont%5D=a+b%2Bc&&x").unwrap();
        assert_eq!(parameters.len(), 2);
        assert_eq!(parameters[0].name, "filter[name-cont]");
        assert_eq!(parameters[0].value, "a b+c");
        assert_eq!(parameters[1].name, "x");
        assert_eq!(parameters[1].value, "");
    }

    #[test]
    fn bad_encodings_are_reported_per_parameter() {
        let errors = decode_query_string("a=%ff&b=%4&c=ok&d=%00").unwrap_err();
        let parameters: Vec<_> = errors
            .iter()
            .map(|error| error.parameter().unwrap().to_owned())
            .collect();
        assert_eq!(parameters, ["a", "b", "d"]);
    }
}
