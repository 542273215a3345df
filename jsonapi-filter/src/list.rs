//! Splitting a filter value as one CSV line, as the reference API does.
//!
//! `Pending,Failed` is two values; `"a,b",c` is two values, the first containing a comma; `"say ""hi"""` is
//! one value containing quotes. Written here rather than taken from a CSV crate because those are lenient
//! where we must be strict: an unterminated quote or text after a closing quote is an error, never a guess.

use std::borrow::Cow;
use std::fmt;

/// Why a value is not one well-formed CSV line. A request with one is refused as "Invalid filters syntax"
/// (120), its message completing the detail.
///
/// ```
/// use jsonapi_filter::__fuzz::{ListSyntaxError, split_list};
/// assert_eq!(split_list(r#""a,b"#), Err(ListSyntaxError::UnterminatedQuote));
/// assert_eq!(split_list(r#""a"b,c"#), Err(ListSyntaxError::TextAfterQuote));
/// assert_eq!(split_list("a\nb"), Err(ListSyntaxError::LineBreak));
/// assert_eq!(ListSyntaxError::TextAfterQuote.to_string(), "a closing quote must be followed by a comma");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSyntaxError {
    /// A quoted value was not closed.
    UnterminatedQuote,
    /// A closing quote was followed by something other than a comma.
    TextAfterQuote,
    /// The value holds a line break, which would be a second CSV line.
    LineBreak,
}

impl fmt::Display for ListSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ListSyntaxError::UnterminatedQuote => "a quoted value is not closed",
            ListSyntaxError::TextAfterQuote => "a closing quote must be followed by a comma",
            ListSyntaxError::LineBreak => "a value may not contain a line break",
        })
    }
}

/// Splits `raw` into its comma-separated values. A value that contains a comma or starts with a quote is
/// written in double quotes, and a quote inside quotes is doubled. A quote inside an unquoted value is an
/// ordinary character. The empty string is a single empty value.
///
/// ```
/// use jsonapi_filter::__fuzz::split_list;
/// assert_eq!(split_list("Pending,Failed").unwrap(), ["Pending", "Failed"]);
/// assert_eq!(split_list(r#""a,b",c"#).unwrap(), ["a,b", "c"]);
/// assert!(split_list(r#""a,b"#).is_err());
/// ```
pub fn split_list(raw: &str) -> Result<Vec<String>, ListSyntaxError> {
    Ok(ListItems::read(raw)?.iter().map(str::to_owned).collect())
}

/// The values of one list, as [`split_list`] reads them, borrowed from the raw text where no unquoting is
/// needed: the hot path of parsing, which walks a list without quotes in place instead of collecting it.
#[derive(Debug)]
pub(crate) enum ListItems<'r> {
    /// A list without quotes: its values are the text between its commas.
    Plain {
        /// The list as given.
        raw: &'r str,
        /// Its number of values: one more than its commas.
        count: usize,
        /// Whether a value is empty: the list is empty, starts or ends with a comma, or has two in a row.
        has_empty: bool,
    },
    /// A list with quoted values, unquoted.
    Split(Vec<Cow<'r, str>>),
}

impl<'r> ListItems<'r> {
    /// Reads `raw` as one CSV line (see [`split_list`]).
    pub(crate) fn read(raw: &'r str) -> Result<ListItems<'r>, ListSyntaxError> {
        let bytes = raw.as_bytes();
        // Scans without an early exit, which the compiler vectorises: whether a quote or a line break needs
        // the slower reading, the commas, and two of them in a row.
        let special = bytes.iter().fold(false, |found, byte| {
            found | matches!(byte, b'"' | b'\r' | b'\n')
        });
        if !special {
            let commas = bytes.iter().filter(|byte| **byte == b',').count();
            let adjacent = bytes
                .iter()
                .zip(bytes.iter().skip(1))
                .fold(false, |found, (left, right)| {
                    found | ((*left == b',') & (*right == b','))
                });
            let at_an_end = |byte: Option<&u8>| byte.is_none_or(|byte| *byte == b',');
            return Ok(ListItems::Plain {
                raw,
                count: commas + 1,
                has_empty: adjacent || at_an_end(bytes.first()) || at_an_end(bytes.last()),
            });
        }
        if memchr::memchr2(b'\r', b'\n', bytes).is_some() {
            return Err(ListSyntaxError::LineBreak);
        }
        split_quoted(raw).map(ListItems::Split)
    }

    /// Whether a value is empty without having been written `""`: a slip between commas, not a value.
    pub(crate) fn has_unwritten_empty(&self) -> bool {
        match self {
            ListItems::Plain { has_empty, .. } => *has_empty,
            ListItems::Split(values) => values
                .iter()
                .any(|value| matches!(value, Cow::Borrowed(""))),
        }
    }

    /// The values, in order.
    pub(crate) fn iter(&self) -> ListIter<'_> {
        match self {
            ListItems::Plain { raw, count, .. } => ListIter::Plain {
                rest: raw,
                remaining: *count,
            },
            ListItems::Split(values) => ListIter::Split(values.iter()),
        }
    }
}

/// The values of [`ListItems`], in order.
pub(crate) enum ListIter<'l> {
    Plain { rest: &'l str, remaining: usize },
    Split(std::slice::Iter<'l, Cow<'l, str>>),
}

impl<'l> Iterator for ListIter<'l> {
    type Item = &'l str;

    fn next(&mut self) -> Option<&'l str> {
        match self {
            ListIter::Plain { rest, remaining } => {
                *remaining = remaining.checked_sub(1)?;
                // Values are short: a plain scan finds the next comma sooner than a vectorised search starts.
                // A comma is one byte of ASCII, so both sides of it are whole UTF-8 text.
                match rest.bytes().position(|byte| byte == b',') {
                    Some(comma) => {
                        let value = &rest[..comma];
                        *rest = &rest[comma + 1..];
                        Some(value)
                    }
                    None => Some(std::mem::take(rest)),
                }
            }
            ListIter::Split(values) => values.next().map(|value| &**value),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = match self {
            ListIter::Plain { remaining, .. } => *remaining,
            ListIter::Split(values) => values.len(),
        };
        (remaining, Some(remaining))
    }
}

impl ExactSizeIterator for ListIter<'_> {}

/// Splits a list that holds a quote, value by value.
fn split_quoted(raw: &str) -> Result<Vec<Cow<'_, str>>, ListSyntaxError> {
    let mut values = Vec::new();
    let mut rest = raw;
    loop {
        let (value, after) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let (value, after) = read_quoted(quoted)?;
                (Cow::Owned(value), after)
            }
            None => match rest.find(',') {
                Some(comma) => (Cow::Borrowed(&rest[..comma]), &rest[comma..]),
                None => (Cow::Borrowed(rest), ""),
            },
        };
        values.push(value);
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None if after.is_empty() => return Ok(values),
            None => return Err(ListSyntaxError::TextAfterQuote),
        }
    }
}

/// Reads a quoted value whose opening quote is already consumed; returns it and the text after its closing
/// quote.
fn read_quoted(mut rest: &str) -> Result<(String, &str), ListSyntaxError> {
    let mut value = String::new();
    loop {
        let quote = rest.find('"').ok_or(ListSyntaxError::UnterminatedQuote)?;
        value.push_str(&rest[..quote]);
        rest = &rest[quote + 1..];
        match rest.strip_prefix('"') {
            Some(after_doubled) => {
                value.push('"');
                rest = after_doubled;
            }
            None => return Ok((value, rest)),
        }
    }
}

/// Writes values as one CSV line, quoting only where needed (a comma, a quote, or an empty value): the
/// inverse of [`split_list`].
///
/// ```
/// use jsonapi_filter::__fuzz::{join_list, split_list};
/// let line = join_list(["a,b", "say \"hi\"", "plain"]);
/// assert_eq!(line, r#""a,b","say ""hi""",plain"#);
/// assert_eq!(split_list(&line).unwrap(), ["a,b", "say \"hi\"", "plain"]);
/// assert_eq!(join_list(["", "x"]), r#""",x"#);
/// ```
pub fn join_list<I, S>(values: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut line = String::new();
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            line.push(',');
        }
        let value = value.as_ref();
        // An empty value is quoted too: the parser refuses an empty item between commas as a slip.
        if value.is_empty() || value.contains([',', '"']) {
            line.push('"');
            line.push_str(&value.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(value);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A list without quotes read in one pass holds the text between its commas, and knows an empty value
        /// as the plain definition does; a quoted list reads as the value-by-value splitter does.
        #[test]
        fn a_list_reads_as_its_commas_say(plain in "[ab,]{0,16}", quoted in "[a,\"\r]{0,16}") {
            let is_plain = matches!(ListItems::read(&plain), Ok(ListItems::Plain { .. }));
            prop_assert!(is_plain);
            for raw in [plain, quoted] {
                read_as_its_commas_say(&raw)?;
            }
        }
    }

    fn read_as_its_commas_say(raw: &str) -> Result<(), TestCaseError> {
        match ListItems::read(raw) {
            Ok(items @ ListItems::Plain { .. }) => {
                let values: Vec<&str> = items.iter().collect();
                prop_assert_eq!(&values, &raw.split(',').collect::<Vec<_>>());
                prop_assert_eq!(items.iter().len(), values.len());
                let empty = raw.is_empty()
                    || raw.starts_with(',')
                    || raw.ends_with(',')
                    || raw.contains(",,");
                prop_assert_eq!(items.has_unwritten_empty(), empty, "{:?}", raw);
            }
            Ok(ListItems::Split(values)) => {
                prop_assert!(raw.contains('"'));
                prop_assert_eq!(split_quoted(raw), Ok(values));
            }
            Err(error) if raw.contains(['\r', '\n']) => {
                prop_assert_eq!(error, ListSyntaxError::LineBreak)
            }
            Err(error) => prop_assert_eq!(split_quoted(raw).err(), Some(error)),
        }
        Ok(())
    }

    fn split(raw: &str) -> Vec<String> {
        split_list(raw).unwrap()
    }

    #[test]
    fn plain_values_split_on_commas() {
        assert_eq!(split("a"), ["a"]);
        assert_eq!(split(""), [""]);
        assert_eq!(split("a,,b"), ["a", "", "b"]);
        assert_eq!(split("a,"), ["a", ""]);
        assert_eq!(split(" a , b "), [" a ", " b "]);
    }

    #[test]
    fn quoted_values_keep_commas_and_doubled_quotes() {
        assert_eq!(split(r#""a,b",c"#), ["a,b", "c"]);
        assert_eq!(split(r#"c,"a,b""#), ["c", "a,b"]);
        assert_eq!(split(r#""""#), [""]);
        assert_eq!(split(r#""say ""hi""""#), [r#"say "hi""#]);
        assert_eq!(split(r#""",x"#), ["", "x"]);
    }

    #[test]
    fn a_quote_inside_an_unquoted_value_is_literal() {
        assert_eq!(split(r#"5" disk,b"#), [r#"5" disk"#, "b"]);
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert_eq!(
            split_list(r#""abc"#),
            Err(ListSyntaxError::UnterminatedQuote)
        );
        assert_eq!(split_list(r#""a"b"#), Err(ListSyntaxError::TextAfterQuote));
        assert_eq!(split_list("a\nb"), Err(ListSyntaxError::LineBreak));
    }

    #[test]
    fn join_then_split_is_identity() {
        let cases: [&[&str]; 5] = [
            &["a"],
            &["", ""],
            &["a,b", "c"],
            &["\"", ","],
            &["x\"y", "\"q\""],
        ];
        for values in cases {
            assert_eq!(split(&join_list(values)), values, "{values:?}");
        }
    }
}
