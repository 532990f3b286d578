//! The kiosk mode of a shared device (a tablet passed round a workshop): a cookie only this
//! site can sign, set by staff.

use actix_web::HttpRequest;

use crate::web::state::AppState;

pub const KIOSK_COOKIE: &str = "palabre_kiosque";

/// The kiosk cookie's value: a signature only this site can make.
pub fn kiosk_value(state: &AppState) -> String {
    crate::security::token_for(state.secret(), "kiosk")
}

/// Whether this device was put in kiosk mode by staff.
pub fn is_kiosk(req: &HttpRequest, state: &AppState) -> bool {
    req.cookie(KIOSK_COOKIE).is_some_and(|c| {
        let expected = kiosk_value(state);
        subtle::ConstantTimeEq::ct_eq(c.value().as_bytes(), expected.as_bytes()).into()
    })
}
