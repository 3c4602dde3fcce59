//! Orders and their lifecycle: queryOrder, batchOrderPackages, openPackage, cancelPackage
//! and aheadFinishDeviceOrder. Mutations are sent once, never retried: the caller decides
//! whether to try again after reading the outcome.

use super::{ApiError, post_json};
use cmp_api::{
    AheadFinishRequest, BatchOrderRequest, BatchOrderResult, Envelope, OpenPackageResult,
    Operation, OrderIdRequest, OrderPage, QueryOrderRequest,
};

/// Fetches one page of orders matching `request`'s filters.
pub async fn query_orders(request: &QueryOrderRequest) -> Result<OrderPage, ApiError> {
    let envelope: Envelope<OrderPage> = post_json(Operation::QueryOrder.path(), request).await?;
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
