//! The organisation's logo: a PNG or JPEG image of bounded size, recognised by its bytes
//! (never by the file name or the type the browser claims). SVG is refused: it can carry
//! script.

/// The largest logo accepted: a logo is shown small, on slow links.
pub const MAX_BYTES: usize = 300 * 1024;

/// The tallest the logo is shown (the poster, 96 px) would be 192; pages show it at 40 to
/// 64 px: twice 64 keeps it sharp on phones and light on slow links.
pub const SCREEN_HEIGHT: u32 = 128;
pub const SCREEN_WIDTH: u32 = 480;

/// The copy of the logo that pages show, with its size for `width` and `height`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLogo {
    pub media_type: &'static str,
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl ScreenLogo {
    /// The width at which it shows `height` pixels tall, its shape kept.
    pub fn width_at(width: u32, height: u32, shown: u32) -> u32 {
        if height == 0 {
            return shown;
        }
        ((u64::from(width) * u64::from(shown) + u64::from(height) / 2) / u64::from(height))
            .try_into()
            .unwrap_or(shown)
    }
}

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

    /// The copy shown on pages: at most [`SCREEN_HEIGHT`] pixels tall (twice the largest
    /// height a page shows it at, for sharp phone screens) and [`SCREEN_WIDTH`] wide, as PNG
    /// when it has transparency, else as JPEG, so that a 300 KB upload costs a first visit a
    /// few kilobytes. The upload itself is kept for the printed documents. The error is a
    /// message id (an image whose bytes look right but cannot be read).
    pub fn for_screen(&self) -> Result<ScreenLogo, &'static str> {
        use image::{GenericImageView, ImageReader, Limits};
        let mut reader = ImageReader::new(std::io::Cursor::new(&self.data))
            .with_guessed_format()
            .map_err(|_| "logo-error-format")?;
        // A small file can still claim a huge picture: refuse before allocating it.
        let mut limits = Limits::default();
        limits.max_image_width = Some(8000);
        limits.max_image_height = Some(8000);
        limits.max_alloc = Some(128 * 1024 * 1024);
        reader.limits(limits);
        let img = reader.decode().map_err(|_| "logo-error-format")?;
        let (w, h) = img.dimensions();
        if w == 0 || h == 0 {
            return Err("logo-error-format");
        }
        let img = if h > SCREEN_HEIGHT || w > SCREEN_WIDTH {
            img.resize(
                SCREEN_WIDTH,
                SCREEN_HEIGHT,
                image::imageops::FilterType::Lanczos3,
            )
        } else {
            img
        };
        let (width, height) = img.dimensions();
        let transparent = img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 255);
        let mut data = Vec::new();
        let media_type = if transparent {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut data,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            img.to_rgba8()
                .write_with_encoder(encoder)
                .map_err(|_| "logo-error-format")?;
            "image/png"
        } else {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 85);
            img.to_rgb8()
                .write_with_encoder(encoder)
                .map_err(|_| "logo-error-format")?;
            "image/jpeg"
        };
        Ok(ScreenLogo {
            media_type,
            data,
            width,
            height,
        })
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_heavy_logo_is_shown_small_and_light_with_its_shape() {
        // A photo-like 800 × 400 logo (noise does not compress): a JPEG of about 300 KB.
        let mut x: u32 = 7;
        let img = image::RgbImage::from_fn(800, 400, |_, _| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            image::Rgb([x as u8, (x >> 8) as u8, (x >> 16) as u8])
        });
        let mut jpeg = Vec::new();
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 50,
        ))
        .unwrap();
        assert!(
            (150_000..=MAX_BYTES).contains(&jpeg.len()),
            "{}",
            jpeg.len()
        );
        let screen = Logo::parse(jpeg).unwrap().for_screen().unwrap();
        assert_eq!((screen.width, screen.height), (256, 128), "shape kept");
        assert_eq!(screen.media_type, "image/jpeg");
        assert!(screen.data.len() < 40_000, "{} bytes", screen.data.len());
        assert_eq!(ScreenLogo::width_at(256, 128, 40), 80);
        // A transparent PNG stays PNG, small ones are not enlarged.
        let png_img = image::RgbaImage::from_fn(90, 30, |x, _| {
            image::Rgba([0, 112, 74, if x < 45 { 0 } else { 255 }])
        });
        let mut png = Vec::new();
        png_img
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .unwrap();
        let screen = Logo::parse(png).unwrap().for_screen().unwrap();
        assert_eq!(
            (screen.media_type, screen.width, screen.height),
            ("image/png", 90, 30)
        );
        // Bytes that look like a PNG but are not one are refused with a message.
        let fake = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0; 64]].concat();
        assert_eq!(
            Logo::parse(fake).unwrap().for_screen(),
            Err("logo-error-format")
        );
    }

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
