//! The written form of an exact decimal, shared by the runtime (which parses filter values) and the derive
//! (which checks a decimal field's `default` at compile time).

use crate::ValueKind;

/// Reads `raw` as a decimal and returns its digits as a mantissa and a scale (`-1.50` with scale 4 is
/// `(-15000, 4)`), or `None` when it is not one.
///
/// The form: an optional `-`, digits, and optionally a `.` followed by digits: no `+`, no exponent, no spaces, no
/// leading or trailing `.`. Leading zeros and trailing fractional zeros do not count (`007.50` is `7.5`), and
/// `-0` is `0`. The remaining digits must fit `DECIMAL(18, scale)`: at most `scale` after the point and
/// `18 - scale` before it. Without a field's scale (`None`), at most 18 digits in all, split in any way, and the
/// scale returned is the value's own (trimmed). A scale above 18 counts as 18.
///
/// ```
/// use jsonapi_filter_vocabulary::decimal::parse_decimal_digits;
/// assert_eq!(parse_decimal_digits("-1.50", Some(4)), Some((-15000, 4)));
/// assert_eq!(parse_decimal_digits("007.50", None), Some((75, 1)));
/// assert_eq!(parse_decimal_digits("0.00001", Some(4)), None); // a fifth fractional digit
/// assert_eq!(parse_decimal_digits("1e3", None), None);
/// assert_eq!(parse_decimal_digits("+1", None), None);
/// ```
pub fn parse_decimal_digits(raw: &str, scale: Option<u32>) -> Option<(i64, u32)> {
    let precision = ValueKind::DECIMAL_PRECISION;
    let scale = scale.map(|scale| scale.min(precision));
    let unsigned = raw.strip_prefix('-').unwrap_or(raw);
    let negative = unsigned.len() != raw.len();
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let fraction_written = unsigned.contains('.');
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || (fraction_written && fraction.is_empty())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let (whole_digits, fraction_digits) = (whole.len() as u64, fraction.len() as u64);
    let fits = match scale {
        Some(scale) => {
            fraction_digits <= u64::from(scale) && whole_digits <= u64::from(precision - scale)
        }
        None => whole_digits + fraction_digits <= u64::from(precision),
    };
    if !fits {
        return None;
    }
    // Both parts are short enough now: at most 18 digits, which an i64 holds.
    let scale = scale.unwrap_or(fraction_digits as u32);
    let padding = scale as usize - fraction.len();
    let digits = format!("{whole}{fraction}{}", "0".repeat(padding));
    let mantissa: i64 = match digits.trim_start_matches('0') {
        "" => 0,
        significant => significant.parse().ok()?,
    };
    Some((if negative { -mantissa } else { mantissa }, scale))
}

/// The digits a decimal may have, as messages say it: `at most 14 digits before the point and 4 after it` for
/// a field of scale 4, `at most 18 digits` without one. The runtime's 107 detail and the derive's message about a
/// decimal default both use it.
///
/// ```
/// use jsonapi_filter_vocabulary::decimal::digit_bound;
/// assert_eq!(digit_bound(Some(4)), "at most 14 digits before the point and 4 after it");
/// assert_eq!(digit_bound(None), "at most 18 digits");
/// ```
pub fn digit_bound(scale: Option<u32>) -> String {
    let precision = ValueKind::DECIMAL_PRECISION;
    match scale.map(|scale| scale.min(precision)) {
        Some(scale) => format!(
            "at most {} digits before the point and {scale} after it",
            precision - scale
        ),
        None => format!("at most {precision} digits"),
    }
}
