//! The page context every HTML handler takes: the site, the language, the CSRF token, the
//! staff member signed in, the kiosk mode, the public link and the address for links.

use std::future::Future;
use std::pin::Pin;

use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};

use crate::i18n::Lang;
use crate::views::PageCtx;
use crate::web::csrf::CsrfToken;
use crate::web::error::AppError;
use crate::web::state::AppState;

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::internal("no state"))?;
            let site = state.site();
            let lang = Lang::from_request(&req, site.default_lang);
            let csrf = req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default();
            let staff = crate::web::session::current(&req).await?;
            let kiosk = crate::web::kiosk::is_kiosk(&req, &state);
            let path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let public_link = state.tunnel.state().public_url().map(str::to_string);
            // Staff pages and the sign-in page say when the disk is nearly full.
            let disk_low = if req.path().starts_with("/admin") {
                crate::disk::low(crate::disk::free_bytes(&state.data_dir))
            } else {
                None
            };
            let base = state.link_base(&req).base;
            Ok(PageCtx {
                base,
                training: state.training,
                public_link,
                disk_low,
                lang,
                csrf,
                staff,
                site,
                path,
                kiosk,
            })
        })
    }
}
