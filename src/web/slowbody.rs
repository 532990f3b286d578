//! Request bodies must keep moving. Each window of `WINDOW` must bring at least `FLOOR` bytes
//! (or the end of the body), and at most `MAX_OPEN` bodies are read at once: a client sending
//! one byte a second is cut within one window, a phone uploading over 3G (tens of KB/s) is not,
//! and a crowd of slow senders cannot hold every connection.

use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use futures_util::Stream;

pub const WINDOW: Duration = Duration::from_secs(10);
pub const FLOOR: usize = 8 * 1024;
pub const MAX_OPEN: usize = 256;

/// The pace rule, with time as a parameter.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    window_start: Instant,
    got: usize,
}

impl Pace {
    pub fn new(now: Instant) -> Self {
        Pace {
            window_start: now,
            got: 0,
        }
    }

    /// True while the body keeps pace at `now`; a window that ends with enough bytes opens
    /// the next one.
    pub fn keeps_pace(&mut self, now: Instant) -> bool {
        if now.duration_since(self.window_start) < WINDOW {
            return true;
        }
        if self.got < FLOOR {
            return false;
        }
        *self = Pace::new(now);
        true
    }

    pub fn arrived(&mut self, bytes: usize) {
        self.got = self.got.saturating_add(bytes);
    }

    pub fn window_end(&self) -> Instant {
        self.window_start + WINDOW
    }
}

static OPEN: AtomicUsize = AtomicUsize::new(0);

/// One of the `MAX_OPEN` places for a body being read; given back when dropped.
struct Slot;

impl Slot {
    fn take() -> Option<Slot> {
        OPEN.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_OPEN).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        OPEN.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A body that fails with a timeout once it stops keeping pace.
struct Paced {
    inner: Payload,
    pace: Pace,
    timer: Pin<Box<tokio::time::Sleep>>,
    tripped: Rc<std::cell::Cell<bool>>,
    _slot: Slot,
}

impl Paced {
    fn too_slow(&mut self) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.tripped.set(true);
        Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "request body too slow",
        )))))
    }
}

impl Stream for Paced {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.tripped.get() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(bytes))) => {
                if !this.pace.keeps_pace(Instant::now()) {
                    return this.too_slow();
                }
                this.pace.arrived(bytes.len());
                Poll::Ready(Some(Ok(bytes)))
            }
            Poll::Ready(other) => Poll::Ready(other),
            Poll::Pending => loop {
                if !this.pace.keeps_pace(Instant::now()) {
                    return this.too_slow();
                }
                let end = tokio::time::Instant::from_std(this.pace.window_end());
                this.timer.as_mut().reset(end);
                if this.timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
            },
        }
    }
}

/// Puts every request body under the pace rule; a body that cannot get a place is answered
/// 503 at once, a body cut for slowness 408, both closing the connection.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let Some(slot) = Slot::take() else {
        tracing::warn!(path = req.path(), "too many request bodies at once");
        let resp = actix_web::HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "10"))
            .force_close()
            .finish();
        return Ok(req.into_response(resp).map_into_right_body());
    };
    let tripped = Rc::new(std::cell::Cell::new(false));
    let now = Instant::now();
    let paced = Paced {
        inner: req.take_payload(),
        pace: Pace::new(now),
        timer: Box::pin(tokio::time::sleep(WINDOW)),
        tripped: tripped.clone(),
        _slot: slot,
    };
    req.set_payload(Payload::from(
        Box::pin(paced) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
    ));
    let res = next.call(req).await?;
    if tripped.get() {
        tracing::info!(path = res.request().path(), "request body too slow: cut");
        let (req, _) = res.into_parts();
        let resp = actix_web::HttpResponse::build(StatusCode::REQUEST_TIMEOUT)
            .force_close()
            .finish();
        return Ok(ServiceResponse::new(req, resp).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trickle_is_cut_after_one_window() {
        let t0 = Instant::now();
        let mut p = Pace::new(t0);
        for s in 0..10 {
            assert!(p.keeps_pace(t0 + Duration::from_secs(s)));
            p.arrived(1);
        }
        assert!(!p.keeps_pace(t0 + WINDOW));
    }

    #[test]
    fn a_slow_upload_that_keeps_the_floor_goes_on() {
        let t0 = Instant::now();
        let mut p = Pace::new(t0);
        for s in 0..60 {
            assert!(p.keeps_pace(t0 + Duration::from_secs(s)), "cut at {s} s");
            p.arrived(FLOOR / 5);
        }
    }

    #[test]
    fn a_window_short_of_the_floor_ends_it() {
        let t0 = Instant::now();
        let mut p = Pace::new(t0);
        p.arrived(FLOOR);
        assert!(p.keeps_pace(t0 + WINDOW));
        p.arrived(FLOOR - 1);
        assert!(!p.keeps_pace(t0 + WINDOW * 2));
    }
}
