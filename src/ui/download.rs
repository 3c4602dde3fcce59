//! Offering a text the app built (a CSV) as a file download, through a Blob and an object
//! URL, so nothing leaves the browser.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `csv` as a download named `file_name`; `false` when the browser refused.
pub fn download_csv(file_name: &str, csv: &str) -> bool {
    (|| -> Option<()> {
        let parts = js_sys::Array::of1(&JsValue::from_str(csv));
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
        // The click has started the download; the URL is no longer needed.
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    })()
    .is_some()
}
