//! A cached page with holes for what differs per visitor (the CSRF token of its forms, a
//! comment form's one-time submission id and stamp). The page is kept in pieces, each
//! compressed once, so that filling the holes costs no compression: the gzip answer is the
//! compressed pieces with the visitor's values between them as stored (uncompressed) deflate
//! blocks. Each piece is compressed after a full flush, so none refers back to another.

use std::io::Write;

use actix_web::web::Bytes;
use flate2::{Compress, Compression, FlushCompress};

/// The gzip header: deflate, no name, no time, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A page cut at its holes: `parts.len() == holes.len() + 1`.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Bytes>,
    /// Raw deflate of each part; None when compression failed (then only plain is served).
    deflated: Option<Vec<Bytes>>,
    /// For each hole, the index of the value that fills it.
    holes: Vec<usize>,
    /// A page without holes, ready as is (plain, and as a whole gzip member).
    whole: Option<(Bytes, Option<Bytes>)>,
}

impl Template {
    /// Cuts `page` at every occurrence of each marker; the value `i` of `fill` goes where
    /// `markers[i]` was.
    pub fn new(page: String, markers: &[&str]) -> Template {
        let mut parts = Vec::new();
        let mut holes = Vec::new();
        let mut rest = page.as_str();
        loop {
            let next = markers
                .iter()
                .enumerate()
                .filter_map(|(i, m)| rest.find(m).map(|at| (at, i, m.len())))
                .min();
            match next {
                Some((at, i, len)) if len > 0 => {
                    parts.push(Bytes::copy_from_slice(&rest.as_bytes()[..at]));
                    holes.push(i);
                    rest = &rest[at + len..];
                }
                _ => break,
            }
        }
        parts.push(Bytes::copy_from_slice(rest.as_bytes()));
        if holes.is_empty() {
            let body = parts.pop().unwrap_or_default();
            let gz = gzip(&body).map(Bytes::from);
            return Template {
                parts: Vec::new(),
                deflated: None,
                holes,
                whole: Some((body, gz)),
            };
        }
        let deflated = deflate_parts(&parts);
        Template {
            parts,
            deflated,
            holes,
            whole: None,
        }
    }

    /// The size of the page without its holes' values.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        match &self.whole {
            Some((b, _)) => b.len(),
            None => self.parts.iter().map(Bytes::len).sum(),
        }
    }

    /// The page with `values` in its holes.
    pub fn plain(&self, values: &[&str]) -> Bytes {
        if let Some((body, _)) = &self.whole {
            return body.clone();
        }
        let mut out = Vec::with_capacity(self.len() + 64 * self.holes.len());
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            if let Some(v) = self.holes.get(i) {
                out.extend_from_slice(values.get(*v).copied().unwrap_or("").as_bytes());
            }
        }
        Bytes::from(out)
    }

    /// The page with `values` in its holes, as one gzip member; None if it could not be
    /// compressed (serve it plain).
    pub fn gzip(&self, values: &[&str]) -> Option<Bytes> {
        if let Some((_, gz)) = &self.whole {
            return gz.clone();
        }
        let deflated = self.deflated.as_ref()?;
        let size: usize = deflated.iter().map(Bytes::len).sum();
        let mut out = Vec::with_capacity(size + 32 + 80 * self.holes.len());
        out.extend_from_slice(&GZIP_HEADER);
        let mut crc = crc32fast::Hasher::new();
        let mut total: u64 = 0;
        for (i, (part, packed)) in self.parts.iter().zip(deflated).enumerate() {
            crc.update(part);
            total += part.len() as u64;
            out.extend_from_slice(packed);
            if let Some(v) = self.holes.get(i) {
                let value = values.get(*v).copied().unwrap_or("").as_bytes();
                // A stored block: BFINAL 0, BTYPE 00, padded to the byte (the flush left
                // the stream on a byte boundary), then LEN and its complement.
                let len = u16::try_from(value.len()).ok()?;
                out.push(0);
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(&(!len).to_le_bytes());
                out.extend_from_slice(value);
                crc.update(value);
                total += value.len() as u64;
            }
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        out.extend_from_slice(&(total as u32).to_le_bytes());
        Some(Bytes::from(out))
    }
}

/// Each part as raw deflate: full flush after each (byte-aligned, nothing refers back), the
/// last one ends the stream.
fn deflate_parts(parts: &[Bytes]) -> Option<Vec<Bytes>> {
    let mut c = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let flush = if i + 1 == parts.len() {
            FlushCompress::Finish
        } else {
            FlushCompress::Full
        };
        let mut buf = Vec::new();
        let start = c.total_in();
        // Each round has room for the rest of the part and more: a few rounds at most.
        for round in 0.. {
            if round == 16 {
                return None;
            }
            let consumed = usize::try_from(c.total_in() - start).ok()?;
            buf.reserve(part.len() - consumed + 1024);
            let status = c.compress_vec(&part[consumed..], &mut buf, flush).ok()?;
            let all_in = usize::try_from(c.total_in() - start).ok()? == part.len();
            let room_left = buf.len() < buf.capacity();
            match flush {
                FlushCompress::Finish if status == flate2::Status::StreamEnd => break,
                FlushCompress::Full if all_in && room_left => break,
                _ => {}
            }
        }
        out.push(Bytes::from(buf));
    }
    Some(out)
}

/// The whole of `body` as one gzip member.
pub fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(body).ok()?;
    enc.finish().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(b: &[u8]) -> String {
        let mut s = String::new();
        flate2::read::GzDecoder::new(b)
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn holes_are_filled_the_same_plain_and_compressed() {
        let page = format!(
            "<form><input name=csrf value=HOLE0>{}<input name=id value=HOLE1><input value=HOLE0></form>{}",
            "<p>Éclairage public du marché de Daloa.</p>".repeat(200),
            "<footer>fin</footer>".repeat(50),
        );
        let t = Template::new(page.clone(), &["HOLE0", "HOLE1"]);
        for values in [["tok-a", "id-1"], ["", "un-identifiant-bien-plus-long"]] {
            let want = page.replace("HOLE0", values[0]).replace("HOLE1", values[1]);
            assert_eq!(t.plain(&values), want.as_bytes());
            let gz = t.gzip(&values).unwrap();
            assert_eq!(gunzip(&gz), want);
            assert!(
                gz.len() < want.len() / 4,
                "{} bytes for {}",
                gz.len(),
                want.len()
            );
        }
    }

    #[test]
    fn a_page_without_holes_is_kept_whole() {
        let t = Template::new("<p>é</p>".repeat(300), &["HOLE0"]);
        let plain = t.plain(&[]);
        assert_eq!(plain, "<p>é</p>".repeat(300).as_bytes());
        assert_eq!(gunzip(&t.gzip(&[]).unwrap()), "<p>é</p>".repeat(300));
        // Holes at both ends, and side by side.
        let t = Template::new("HOLE0HOLE0x".into(), &["HOLE0"]);
        assert_eq!(t.plain(&["ab"]), "ababx".as_bytes());
        assert_eq!(gunzip(&t.gzip(&["ab"]).unwrap()), "ababx");
    }
}
