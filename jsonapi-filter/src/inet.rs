//! IP addresses ([`ValueKind::Inet`](crate::ValueKind::Inet)): how a filter value is read, and the binary form
//! in which SQLite and MariaDB columns store an address.
//!
//! An address is IPv4 or IPv6, without a mask, as a PostgreSQL `inet` holding a single host. Two spellings of
//! one address are one value (`2001:DB8::1` is `2001:db8:0:0:0:0:0:1`), but an IPv4-mapped IPv6 address is not
//! its IPv4 address (`::ffff:1.2.3.4` is not `1.2.3.4`), as in PostgreSQL. Addresses order as PostgreSQL
//! orders `inet` values: every IPv4 address before every IPv6 one, then by numeric value (`9.0.0.0` before
//! `10.0.0.0`, which text order gets wrong).
//!
//! | engine | column | value |
//! |---|---|---|
//! | PostgreSQL | `inet` | the address, bound as an `inet` |
//! | SQLite | `BLOB` | [`to_binary`] |
//! | MariaDB | `VARBINARY(17)` | [`to_binary`] |
//!
//! [`to_binary`]'s bytes compare (`memcmp`, as both engines compare blobs) in the order above, so equality,
//! `IN` and `ORDER BY` on the raw column behave as on PostgreSQL.
//!
//! ```
//! use std::net::IpAddr;
//! use jsonapi_filter::inet::{from_binary, to_binary};
//!
//! let v4: IpAddr = "10.0.0.1".parse().unwrap();
//! let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
//! assert_eq!(to_binary(v4).as_slice(), [4, 10, 0, 0, 1]);
//! assert_ne!(to_binary(v4), to_binary(mapped));
//! assert!(to_binary(v4) < to_binary(mapped)); // IPv4 first
//! assert!(to_binary("9.0.0.0".parse().unwrap()) < to_binary("10.0.0.0".parse().unwrap()));
//! assert_eq!(from_binary(&to_binary(mapped)), Some(mapped));
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The family byte of an IPv4 address in [`to_binary`]'s form.
const IPV4_TAG: u8 = 4;
/// The family byte of an IPv6 address in [`to_binary`]'s form.
const IPV6_TAG: u8 = 6;

/// The longest binary form, an IPv6 address's: the width of a MariaDB `VARBINARY` column holding addresses.
///
/// ```
/// assert_eq!(jsonapi_filter::inet::BINARY_LENGTH, 17);
/// ```
pub const BINARY_LENGTH: usize = 17;

/// The binary form of an address for SQLite (`BLOB`) and MariaDB (`VARBINARY(17)`) columns: a family byte,
/// `4` or `6`, followed by the address's bytes in network (big-endian) order; 5 bytes for IPv4, 17 for IPv6.
/// Byte-wise comparison of two such forms orders IPv4 before IPv6, then numerically, as PostgreSQL orders
/// `inet`. A server writes its address columns with this (or with
/// [`Backend::bind`](crate::Backend::bind), which uses it on those engines) and reads them back with
/// [`from_binary`].
///
/// ```
/// use std::net::IpAddr;
/// use jsonapi_filter::inet::to_binary;
///
/// let v4: IpAddr = "10.0.0.1".parse().unwrap();
/// assert_eq!(to_binary(v4), [4, 10, 0, 0, 1]);
/// let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
/// assert_eq!(to_binary(mapped), [6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1]);
/// // Byte order is address order: 9.0.0.0 < 10.0.0.0 < every IPv6 address.
/// let nine: IpAddr = "9.0.0.0".parse().unwrap();
/// assert!(to_binary(nine) < to_binary(v4) && to_binary(v4) < to_binary(mapped));
/// ```
pub fn to_binary(address: IpAddr) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(BINARY_LENGTH);
    match address {
        IpAddr::V4(v4) => {
            bytes.push(IPV4_TAG);
            bytes.extend_from_slice(&v4.octets());
        }
        IpAddr::V6(v6) => {
            bytes.push(IPV6_TAG);
            bytes.extend_from_slice(&v6.octets());
        }
    }
    bytes
}

/// The address whose binary form ([`to_binary`]) is `bytes`, or `None` when `bytes` is not one (a wrong
/// family byte or length).
///
/// ```
/// use std::net::{IpAddr, Ipv4Addr};
/// use jsonapi_filter::inet::{from_binary, to_binary};
///
/// let address: IpAddr = "2001:db8::1".parse().unwrap();
/// assert_eq!(from_binary(&to_binary(address)), Some(address));
/// assert_eq!(from_binary(&[4, 127, 0, 0, 1]), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
/// assert_eq!(from_binary(&[6, 127, 0, 0, 1]), None);
/// assert_eq!(from_binary(b"10.0.0.1"), None);
/// ```
pub fn from_binary(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.split_first()? {
        (&IPV4_TAG, rest) => Some(IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(rest).ok()?))),
        (&IPV6_TAG, rest) => Some(IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(rest).ok()?))),
        _ => None,
    }
}

/// Reads a filter value: an address as the standard library reads it (four decimal octets without leading
/// zeros, or IPv6 in any case, compressed or not, with an embedded IPv4 tail), nothing around it. On a
/// refusal, what the value should have been, completing "... is not a valid value for `key`: ".
pub(crate) fn parse_address(raw: &str) -> Result<IpAddr, String> {
    raw.parse::<IpAddr>().map_err(|_| {
        let mistake = if raw.contains('/') {
            ", without a mask (`/32`)"
        } else if raw.contains('%') {
            ", without a zone (`%eth0`)"
        } else if raw.starts_with('[') || raw.ends_with(']') {
            ", without brackets"
        } else if raw.chars().any(char::is_whitespace) {
            ", without spaces"
        } else if raw.contains('.') && !raw.contains(':') {
            ", IPv4 as four numbers from 0 to 255 without leading zeros"
        } else {
            ""
        };
        format!("expected an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1){mistake}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_address_are_one_value() {
        let canonical = parse_address("2001:db8::1").unwrap();
        for spelling in [
            "2001:DB8::1",
            "2001:db8:0:0:0:0:0:1",
            "2001:0db8:0000:0000:0000:0000:0000:0001",
        ] {
            assert_eq!(parse_address(spelling), Ok(canonical), "{spelling}");
        }
        assert_eq!(
            parse_address("::ffff:1.2.3.4"),
            parse_address("::FFFF:102:304")
        );
    }

    #[test]
    fn a_mapped_address_is_not_its_ipv4_address() {
        assert_ne!(parse_address("::ffff:1.2.3.4"), parse_address("1.2.3.4"));
        assert_ne!(
            to_binary(parse_address("::ffff:1.2.3.4").unwrap()),
            to_binary(parse_address("1.2.3.4").unwrap())
        );
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let expected = |raw: &str| parse_address(raw).unwrap_err();
        assert!(expected("10.0.0.1/32").ends_with("without a mask (`/32`)"));
        assert!(expected("fe80::1%eth0").ends_with("without a zone (`%eth0`)"));
        assert!(expected("[::1]").ends_with("without brackets"));
        assert!(expected(" 10.0.0.1").ends_with("without spaces"));
        assert!(expected("010.0.0.1").ends_with("without leading zeros"));
        assert!(expected("256.0.0.1").ends_with("without leading zeros"));
        for bad in [
            "",
            "localhost",
            "1.2.3",
            "1.2.3.4.5",
            "2001:db8::1::2",
            "12345::",
            "::g",
        ] {
            assert!(parse_address(bad).is_err(), "{bad:?}");
        }
    }

    /// The evaluator compares `IpAddr`s with their `Ord`; the engines compare [`to_binary`]'s bytes. The two
    /// orders must be one.
    #[test]
    fn binary_order_is_address_order() {
        let addresses: Vec<IpAddr> = [
            "0.0.0.0",
            "9.0.0.0",
            "9.255.255.255",
            "10.0.0.0",
            "192.168.1.9",
            "192.168.1.10",
            "255.255.255.255",
            "::",
            "::1",
            "::1.2.3.4",
            "::ffff:1.2.3.4",
            "2001:db8::9",
            "2001:db8::10",
            "fe80::1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        ]
        .iter()
        .map(|text| text.parse().unwrap())
        .collect();
        for left in &addresses {
            for right in &addresses {
                assert_eq!(
                    left.cmp(right),
                    to_binary(*left).cmp(&to_binary(*right)),
                    "{left} and {right}"
                );
            }
            assert_eq!(from_binary(&to_binary(*left)), Some(*left));
        }
        assert!(addresses.is_sorted());
    }
}
