//! The real executable, as the agent and other tools use it, one module per area: the command
//! line and the start, resources under strain, the training mode.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod resources;
mod start;
mod training;

use common::{PASSWORD, Server, client, csrf_from, data_dir, path_str, run, tempdir};
use std::net::TcpListener;
use std::time::{Duration, Instant};

/// A PDF of about `len` bytes: a header, then filler that does not compress.
fn filler_pdf(len: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 12345;
    while pdf.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        pdf.extend_from_slice(&x.to_le_bytes());
    }
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

/// The value of the first option of the select `name`.
fn field_value(html: &str, name: &str) -> String {
    regex::Regex::new(&format!(
        r#"(?s)<select[^>]*name="{name}"[^>]*>.*?<option value="([^"]+)""#
    ))
    .unwrap()
    .captures(html)
    .map(|c| c[1].to_string())
    .unwrap_or_else(|| panic!("no option for {name}"))
}
