//! Whose order it is: the device an order belongs to, looked up upstream (queryOrder by
//! `order_id`), so a token limited to some devices acts only on those devices' orders.

use crate::error::ApiError;
use crate::upstream::Upstream;
use cmp_api::{Operation, OrderPage};
use serde_json::{Map, json};

/// The device `order` belongs to, or `None` when the upstream does not list it.
pub async fn order_device(upstream: &Upstream, order: &str) -> Result<Option<String>, ApiError> {
    let query = Map::from_iter([
        ("order_id".to_owned(), json!(order)),
        ("page_no".to_owned(), json!(1)),
        ("page_size".to_owned(), json!(100)),
    ]);
    let reply = upstream.post(Operation::QueryOrder, query).await?;
    Ok(reply
        .data::<OrderPage>()
        .package_order
        .into_iter()
        .find(|o| o.order_code == order)
        .and_then(|o| o.device_id))
}
