//! Amounts are exact: every decimal text round-trips unchanged, and a JSON
//! number with up to 15 significant digits reads as the same value as its
//! text.

use alphapo_gen::Amount;
use proptest::prelude::*;
use rust_decimal::Decimal;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decimal_text_round_trips_unchanged(mantissa in any::<i64>(), scale in 0_u32..=18) {
        let text = Decimal::new(mantissa, scale).to_string();
        let amount: Amount = serde_json::from_str(&format!("\"{text}\"")).expect("a decimal string");
        prop_assert_eq!(serde_json::to_string(&amount).expect("serializes"), format!("\"{text}\""));
        prop_assert_eq!(amount.to_string(), text);
    }

    #[test]
    fn numbers_read_exactly_up_to_15_significant_digits(
        mantissa in -999_999_999_999_999_i64..=999_999_999_999_999,
        scale in 0_u32..=8,
    ) {
        let text = Decimal::new(mantissa, scale).normalize().to_string();
        let from_number: Amount = serde_json::from_str(&text).expect("a JSON number");
        let from_text: Amount = text.parse().expect("a decimal");
        prop_assert_eq!(from_number, from_text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<Amount>();
        let _ = serde_json::from_str::<Amount>(&text);
    }
}
