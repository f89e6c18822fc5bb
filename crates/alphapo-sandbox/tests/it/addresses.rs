//! Deposit addresses look like their network's, and a tag currency (XRP)
//! carries its destination tag from `addresses/take` through the deposit
//! callbacks to `transactions/info`.

use alphapo_gen::types;
use sha3::{Digest, Keccak256};

use crate::support::{self, amount, client, deliveries, start, take_address};

/// Whether `address` is `0x` and 40 hex digits with a correct EIP-55 case.
fn is_eip55(address: &str) -> bool {
    let Some(digits) = address.strip_prefix("0x") else {
        return false;
    };
    let lower = digits.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    digits.len() == 40
        && digits.chars().enumerate().all(|(index, digit)| {
            let nibble = (hash[index / 2] >> if index % 2 == 0 { 4 } else { 0 }) & 0x0f;
            match digit {
                '0'..='9' => true,
                'a'..='f' => nibble < 8,
                'A'..='F' => nibble >= 8,
                _ => false,
            }
        })
}

#[tokio::test]
async fn addresses_have_their_networks_shape() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let btc = take_address(&client, "BTC", "shape-1").await;
    assert!(btc.starts_with("tb1q") && btc.len() == 42, "{btc}");
    let bech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    assert!(btc[4..].chars().all(|c| bech32.contains(c)), "{btc}");
    for code in ["ETH", "USDTE"] {
        let address = take_address(&client, code, "shape-2").await;
        assert!(is_eip55(&address), "{code}: {address}");
    }
    let base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let tron = take_address(&client, "USDTT", "shape-3").await;
    assert!(tron.starts_with('T') && tron.len() == 34, "{tron}");
    assert!(tron.chars().all(|c| base58.contains(c)), "{tron}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_xrp_deposit_carries_its_tag_end_to_end() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let taken = client
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency("XRP")
                .foreign_id("xrp-user")
                .end_user_reference("customer-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("addresses/take: {error}"))
        .into_inner()
        .data;
    assert!(taken.address.starts_with('r'), "{}", taken.address);
    let tag = taken
        .tag
        .clone()
        .unwrap_or_else(|| panic!("an XRP address without a tag"));
    assert!(tag.as_str().parse::<u32>().is_ok(), "{tag:?}");

    let receipt = sandbox
        .simulate_deposit(&taken.address, amount("25"))
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 2).await;
    for delivery in &delivered {
        let body: serde_json::Value = serde_json::from_str(&delivery.body)
            .unwrap_or_else(|error| panic!("{error}: {}", delivery.body));
        assert_eq!(body["crypto_address"]["tag"], tag.as_str(), "{body}");
        assert_eq!(body["transactions"][0]["tag"], tag.as_str(), "{body}");
    }

    let info = client
        .transactions_info()
        .body(types::TransactionInfoRequest::Id(receipt.id))
        .send()
        .await
        .unwrap_or_else(|error| panic!("transactions/info: {error}"))
        .into_inner();
    let found = match info {
        types::TransactionInfoResponse::Callback(callback) => callback,
        types::TransactionInfoResponse::InfoEnvelope(envelope) => envelope.data,
    };
    assert_eq!(found.status.as_str(), "confirmed");
    let address = found
        .crypto_address
        .unwrap_or_else(|| panic!("no crypto_address"));
    assert_eq!(address.tag, Some(tag.clone()));
    assert_eq!(found.transactions[0].tag, Some(tag));
    sandbox.shutdown().await;
}
