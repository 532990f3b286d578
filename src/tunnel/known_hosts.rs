//! The SSH servers' host keys met so far (trust on first use), in the data folder:
//! `tunnel_known_hosts`, one `[host]:port key` a line.

use std::io::Write;
use std::path::Path;

use russh::keys::ssh_key::PublicKey;

pub enum Check {
    Known,
    New,
    Changed,
}

pub fn host_id(host: &str, port: u16) -> String {
    format!("[{}]:{port}", host.to_ascii_lowercase())
}

pub fn check(file: &Path, host_id: &str, key: &PublicKey) -> Check {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut seen = false;
    for line in text.lines() {
        let Some((id, rest)) = line.split_once(' ') else {
            continue;
        };
        if id != host_id {
            continue;
        }
        seen = true;
        if PublicKey::from_openssh(rest.trim()).is_ok_and(|k| k.key_data() == key.key_data()) {
            return Check::Known;
        }
    }
    if seen { Check::Changed } else { Check::New }
}

pub fn remember(file: &Path, host_id: &str, key: &PublicKey) -> std::io::Result<()> {
    let line = key.to_openssh().map_err(std::io::Error::other)?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    writeln!(f, "{host_id} {line}")
}

/// Forgets the keys of a host (the admin checked that the new key is genuine).
pub fn forget(file: &Path, host_id: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let kept: String = text
        .lines()
        .filter(|l| l.split_once(' ').is_none_or(|(id, _)| id != host_id))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(file, kept)
}
