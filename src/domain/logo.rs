//! The organisation's logo: a PNG or JPEG image of bounded size, recognised by its bytes
//! (never by the file name or the type the browser claims). SVG is refused: it can carry
//! script.

/// The largest logo accepted: a logo is shown small, on slow links.
pub const MAX_BYTES: usize = 300 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    media_type: &'static str,
    data: Vec<u8>,
}

impl Logo {
    /// Checks an uploaded file; the error is a message id.
    pub fn parse(data: Vec<u8>) -> Result<Logo, &'static str> {
        if data.is_empty() {
            return Err("logo-error-none");
        }
        if data.len() > MAX_BYTES {
            return Err("logo-error-large");
        }
        let media_type = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else {
            return Err("logo-error-format");
        };
        Ok(Logo { media_type, data })
    }

    pub fn media_type(&self) -> &'static str {
        self.media_type
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// A short hash of the bytes: the logo's address changes when the logo does.
    pub fn version(&self) -> String {
        crate::security::sha256(&self.data)
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_png_and_jpeg_images() {
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0; 64]].concat();
        let logo = Logo::parse(png.clone()).map_err(|e| e.to_string());
        assert_eq!(logo.as_ref().map(|l| l.media_type()), Ok("image/png"));
        assert_eq!(logo.map(|l| l.version().len()), Ok(12));
        assert_eq!(
            Logo::parse(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2]).map(|l| l.media_type()),
            Ok("image/jpeg")
        );
        assert_eq!(
            Logo::parse(b"<svg onload=alert(1)>".to_vec()),
            Err("logo-error-format")
        );
        assert_eq!(Logo::parse(Vec::new()), Err("logo-error-none"));
        let big = [png.as_slice(), &vec![0; MAX_BYTES]].concat();
        assert_eq!(Logo::parse(big), Err("logo-error-large"));
    }
}
