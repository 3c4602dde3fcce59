//! An Overview tied to the component that shows it ([`tied_load`]): started once the token's
//! scope is known, started again by Reload, stopped by Cancel or by leaving the page. Sets
//! the performance marks the benchmark reads when the first tile and the last are in.

use super::load::{Scope, start};
use super::sources::{OverviewData, TileState};
use crate::load::tied::{TiedLoad, tied_load};
use crate::marks;
use crate::session::platform_clock;
use leptos::prelude::*;

/// The sources of an Overview of `scope` (`None` until known), and its Cancel and Reload.
pub fn use_overview(scope: Signal<Option<Scope>>) -> (OverviewData, TiedLoad) {
    let data = OverviewData::new();
    let tied = tied_load(
        None,
        move || scope.get(),
        move |scope, token| {
            if let Some(scope) = scope {
                let now = platform_clock::offset().local(js_sys::Date::now() as i64);
                start(data, &scope, now, &token);
            }
        },
    );
    mark_tiles(data);
    (data, tied)
}

/// Marks [`marks::OVERVIEW_FIRST_TILE`] when a load's first tile is complete and
/// [`marks::OVERVIEW_ALL_TILES`] when every source is done, once per load.
fn mark_tiles(data: OverviewData) {
    let states = Memo::new(move |_| (data.generation.get(), data.states()));
    Effect::new(move |marked: Option<(u64, bool, bool)>| {
        let (generation, states) = states.get();
        let (mut first, mut all) = match marked {
            Some((g, first, all)) if g == generation => (first, all),
            _ => (false, false),
        };
        if generation == 0 {
            return (generation, first, all);
        }
        if !first && states.contains(&TileState::Ready) {
            marks::mark(marks::OVERVIEW_FIRST_TILE);
            first = true;
        }
        if !all && states.iter().all(TileState::is_settled) {
            marks::mark(marks::OVERVIEW_ALL_TILES);
            all = true;
        }
        (generation, first, all)
    });
}
