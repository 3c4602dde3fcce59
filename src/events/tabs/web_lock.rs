//! A held-while-wanted Web Lock (`navigator.locks.request(name, {signal}, callback)`): the
//! callback's promise stays pending while this tab leads, so the browser keeps the lock
//! until [`LockRequest::release`] (or until the page goes away, when it frees it itself).
//! Bound by hand: web-sys has `LockManager` only behind `--cfg web_sys_unstable_apis`.
//! `navigator.locks` is missing in old browsers and outside secure contexts (plain HTTP to
//! a host other than localhost): then [`LockRequest::ask`] answers `None`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;

    #[wasm_bindgen(method, catch, js_name = request)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &js_sys::Function,
    ) -> Result<js_sys::Promise, JsValue>;
}

type Granted = Closure<dyn FnMut(JsValue) -> JsValue>;

/// A request for a lock: waiting, then held, until released.
pub struct LockRequest {
    abort: AbortController,
    released: Rc<Cell<bool>>,
    resolve: Rc<RefCell<Option<js_sys::Function>>>,
}

impl LockRequest {
    /// Asks for the lock `name`; `on_granted` runs once it is this tab's. `None` when this
    /// browser (or this insecure context) has no Web Locks.
    pub fn ask(name: &str, on_granted: impl FnOnce() + 'static) -> Option<LockRequest> {
        let locks = lock_manager()?;
        let abort = AbortController::new().ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"signal".into(), &abort.signal()).ok()?;
        let released = Rc::new(Cell::new(false));
        let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let mut on_granted = Some(on_granted);
        let callback = Granted::new({
            let released = Rc::clone(&released);
            let resolve = Rc::clone(&resolve);
            move |_lock: JsValue| -> JsValue {
                if released.get() {
                    // Released while the grant was on its way: hand the lock straight back.
                    return js_sys::Promise::resolve(&JsValue::UNDEFINED).into();
                }
                let held = js_sys::Promise::new(&mut |done, _| *resolve.borrow_mut() = Some(done));
                if let Some(on_granted) = on_granted.take() {
                    on_granted();
                }
                held.into()
            }
        });
        let request = locks
            .request(name, &options, callback.as_ref().unchecked_ref())
            .ok()?;
        // The request settles once the lock is released, or rejects when the wait is
        // aborted; the callback is kept until then, and the rejection is expected.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(request).await;
            drop(callback);
        });
        Some(LockRequest {
            abort,
            released,
            resolve,
        })
    }

    /// Releases the lock if held, or stops waiting for it.
    pub fn release(&self) {
        self.released.set(true);
        self.abort.abort();
        if let Some(done) = self.resolve.borrow_mut().take() {
            let _ = done.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Whether this browser offers Web Locks here.
pub fn available() -> bool {
    lock_manager().is_some()
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}
