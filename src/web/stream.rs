//! Response bodies written on a blocking thread (a database query, a file on disk) and sent
//! in 64 KB chunks as they are produced: memory stays flat whatever the size, and the work
//! stops when the person closes the download.

use std::io::Write;

use actix_web::web::Bytes;

const CHUNK: usize = 64 * 1024;

/// An `io::Write` that hands 64 KB chunks to the HTTP response as they are produced.
pub struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Bytes>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        // The person closed the download: stop the writer.
        self.tx
            .blocking_send(chunk)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

/// A response body that `write` produces on a blocking thread; what it leaves unflushed is
/// sent when it returns.
pub fn writing(
    write: impl FnOnce(&mut ChannelWriter) + Send + 'static,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    actix_web::rt::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx,
            buf: Vec::new(),
        };
        write(&mut out);
        let _ = out.flush();
    });
    futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|o| o.map(Ok::<_, actix_web::Error>))
    })
}

/// Streams the open file `reader` as a response body; `done` runs once the file is closed
/// (Windows deletes no open file).
pub fn file(
    reader: std::fs::File,
    done: impl FnOnce() + Send + 'static,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    writing(move |out| {
        let mut reader = reader;
        if std::io::copy(&mut reader, out).is_ok() {
            let _ = out.flush();
        }
        drop(reader);
        done();
    })
}
