//! Orders and their lifecycle: queryOrder, batchOrderPackages, openPackage, cancelPackage
//! and aheadFinishDeviceOrder. Mutations are sent once, never retried: the caller decides
//! whether to try again after reading the outcome.

use super::{ApiError, owner_signal, post_json, post_json_under};
use cmp_api::{
    AheadFinishRequest, BatchOrderRequest, BatchOrderResult, Envelope, OpenPackageResult,
    Operation, OrderIdRequest, OrderPage, QueryOrderRequest,
};
use web_sys::AbortSignal;

/// Fetches one page of orders matching `request`'s filters; leaving the page aborts it.
pub async fn query_orders(request: &QueryOrderRequest) -> Result<OrderPage, ApiError> {
    query_orders_under(request, owner_signal().as_ref()).await
}

/// [`query_orders`] under the caller's abort `signal` (a load of every page, whose Cancel
/// stops them all).
pub async fn query_orders_under(
    request: &QueryOrderRequest,
    signal: Option<&AbortSignal>,
) -> Result<OrderPage, ApiError> {
    let envelope: Envelope<OrderPage> =
        post_json_under(Operation::QueryOrder.path(), request, signal).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// Orders one package for several devices; the answer holds one result per device.
pub async fn batch_order(request: &BatchOrderRequest) -> Result<BatchOrderResult, ApiError> {
    let envelope: Envelope<BatchOrderResult> =
        post_json(Operation::BatchOrderPackages.path(), request).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// Activates an order that has not started.
pub async fn open_package(order_id: &str) -> Result<OpenPackageResult, ApiError> {
    let request = OrderIdRequest {
        order_id: order_id.to_owned(),
    };
    let envelope: Envelope<OpenPackageResult> =
        post_json(Operation::OpenPackage.path(), &request).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// Cancels an order that has not started.
pub async fn cancel_package(order_id: &str) -> Result<(), ApiError> {
    let request = OrderIdRequest {
        order_id: order_id.to_owned(),
    };
    let envelope: Envelope<serde_json::Value> =
        post_json(Operation::CancelPackage.path(), &request).await?;
    envelope.into_result()?;
    Ok(())
}

/// Ends a started order before it expires.
pub async fn ahead_finish(request: &AheadFinishRequest) -> Result<(), ApiError> {
    let envelope: Envelope<serde_json::Value> =
        post_json(Operation::AheadFinishDeviceOrder.path(), request).await?;
    envelope.into_result()?;
    Ok(())
}
