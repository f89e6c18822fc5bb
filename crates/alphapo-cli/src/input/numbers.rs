//! JSON numbers that a body given on the command line would not carry
//! exactly.
//!
//! The CLI reads `--body` and `-F` values with serde_json, which holds a
//! number with a fraction or an exponent (and an integer beyond 64 bits) as
//! an `f64`; the SDK then reads an amount from that `f64`'s shortest
//! round-trip form. A number with more significant digits than an `f64`
//! keeps (`0.1234567890123456789`) would be sent rounded, so such a number
//! is refused with the advice to write it as a string, which is exact.

/// The first number token of the JSON `text` that an `f64` does not hold
/// exactly, as written.
pub fn first_inexact(text: &str) -> Option<&str> {
    numbers(text).find(|token| !is_exact(token))
}

/// The number tokens of a JSON text, outside its strings.
fn numbers(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            match bytes[at] {
                b'"' => at = after_string(bytes, at),
                b'-' | b'0'..=b'9' => {
                    let start = at;
                    while at < bytes.len() && is_number_byte(bytes[at]) {
                        at += 1;
                    }
                    return Some(&text[start..at]);
                }
                _ => at += 1,
            }
        }
        None
    })
}

fn is_number_byte(byte: u8) -> bool {
    matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
}

/// The index after the string that opens at `open`.
fn after_string(bytes: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    at
}

/// Whether serde_json carries `token` exactly: as a 64-bit integer, or as
/// an `f64` whose shortest form has the same value.
fn is_exact(token: &str) -> bool {
    if token.parse::<i64>().is_ok() || token.parse::<u64>().is_ok() {
        return true;
    }
    match token.parse::<f64>() {
        Ok(value) if value.is_finite() => {
            NumberValue::of(token) == NumberValue::of(&format!("{value:e}"))
        }
        _ => false,
    }
}

/// A decimal written in any JSON form, reduced to compare values:
/// sign, significant digits, and the power of ten of the last digit.
#[derive(Debug, PartialEq, Eq)]
struct NumberValue {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl NumberValue {
    fn of(text: &str) -> Self {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{whole}{fraction}");
        let digits = all.trim_start_matches('0');
        let significant = digits.trim_end_matches('0');
        let trailing_zeros = (digits.len() - significant.len()) as i64;
        if significant.is_empty() {
            return Self {
                negative: false,
                digits: String::new(),
                exponent: 0,
            };
        }
        Self {
            negative,
            digits: significant.to_owned(),
            exponent: exponent - fraction.len() as i64 + trailing_zeros,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_an_f64_holds_are_exact() {
        for text in [
            r#"{"amount": 0.1}"#,
            r#"{"amount": 10.50, "id": 42}"#,
            r#"{"amount": 1e-8, "big": 18446744073709551615, "neg": -9223372036854775808}"#,
            r#"{"amount": 0.123456789012345, "zero": -0.0, "e": 2.5E+3}"#,
            r#"[1, 2.25, -3.125]"#,
        ] {
            assert_eq!(first_inexact(text), None, "{text}");
        }
    }

    #[test]
    fn numbers_with_more_digits_than_an_f64_are_found() {
        assert_eq!(
            first_inexact(r#"{"ok": 1.5, "amount": 0.1234567890123456789}"#),
            Some("0.1234567890123456789")
        );
        assert_eq!(
            first_inexact(r#"{"amount": 12345678901234567890123}"#),
            Some("12345678901234567890123")
        );
        assert_eq!(
            first_inexact("9007199254740993.5"),
            Some("9007199254740993.5")
        );
    }

    #[test]
    fn digits_inside_strings_are_not_numbers() {
        assert_eq!(
            first_inexact(
                r#"{"amount": "0.1234567890123456789", "note": "a \"0.12345678901234567890\" b"}"#
            ),
            None
        );
    }

    #[test]
    fn the_same_value_written_differently_compares_equal() {
        assert_eq!(NumberValue::of("1.50"), NumberValue::of("15e-1"));
        assert_eq!(NumberValue::of("100"), NumberValue::of("1e2"));
        assert_eq!(NumberValue::of("-0.0"), NumberValue::of("0"));
        assert_ne!(NumberValue::of("-1"), NumberValue::of("1"));
    }
}
