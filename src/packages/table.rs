//! The package catalogue as a table, one row per package of the given page.

use super::status_badge::StatusBadge;
use cmp_api::{Package, PackagePage};
use leptos::prelude::*;

/// How many country names a cell lists before summarising the rest.
const COUNTRIES_SHOWN: usize = 3;

/// Renders the packages of `page` as rows of a captioned table.
#[component]
pub fn PackagesTable(
    /// The page of the catalogue to show.
    page: PackagePage,
    /// Whether each row offers "Order this package" (admins only).
    #[prop(optional)]
    can_order: bool,
) -> impl IntoView {
    let rows = page
        .package
        .into_iter()
        .map(|p| package_row(p, can_order))
        .collect_view();
    // Effects run once the rows are in the document: the moment the data became visible.
    Effect::new(|_| crate::marks::mark(crate::marks::DATA_VISIBLE));
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Package catalogue, scrollable">
            <table class="data-table" data-testid="packages-table">
                <caption class="visually-hidden">"Package catalogue"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col" class="num">"Data per cycle"</th>
                        <th scope="col">"Countries"</th>
                        <th scope="col">"Buy type"</th>
                        <th scope="col">"Order period"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Price"</th>
                        {can_order.then(|| view! { <th scope="col"><span class="visually-hidden">"Order"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn package_row(package: Package, can_order: bool) -> impl IntoView {
    let order_link = can_order.then(|| format!("/orders/new?package={}", package.package_code));
    let countries = package.countries();
    let all_countries = countries.join(", ");
    let shown = match countries.len() {
        0 => "—".to_owned(),
        n if n <= COUNTRIES_SHOWN => all_countries.clone(),
        n => format!(
            "{} +{} more",
            countries[..COUNTRIES_SHOWN].join(", "),
            n - COUNTRIES_SHOWN
        ),
    };
    let package_type = package
        .package_type
        .as_ref()
        .map_or_else(dash, |t| t.label());
    let flow = package.flow.map_or_else(dash, |mb| mb.bytes().human());
    let buy_type = package.buy_type.as_ref().map_or_else(dash, |b| b.label());
    let min = package
        .min_order_period
        .map_or_else(dash, |n| n.to_string());
    let period = format!("{min} – {}", package.max_period_label());
    let price = price_text(&package);
    let description = package
        .package_desc
        .clone()
        .filter(|d| !d.trim().is_empty());
    view! {
        <tr data-testid="package-row">
            <th scope="row" class="cell-name">
                {package.package_name}
                {description.map(|d| view! { <span class="cell-sub">{d}</span> })}
            </th>
            <td data-testid="package-code" class="mono">{package.package_code}</td>
            <td>{package_type}</td>
            <td class="num">{flow}</td>
            <td class="cell-countries" title=all_countries>{shown}</td>
            <td>{buy_type}</td>
            <td>{period}</td>
            <td><StatusBadge status=package.status /></td>
            <td class="num">{price}</td>
            {order_link.map(|href| view! { <td><a class="button button-quiet button-small" href=href data-testid="order-package">"Order this package"</a></td> })}
        </tr>
    }
}

/// The price and how it is charged, or a dash when the upstream gives none.
fn price_text(package: &Package) -> String {
    let price = package
        .whole_price
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    match (price, &package.price_type) {
        (Some(price), Some(kind)) => format!("{price} {}", kind.label()),
        (Some(price), None) => price.to_owned(),
        (None, _) => dash(),
    }
}

fn dash() -> String {
    "—".to_owned()
}
