//! The key Palabre can make for the tunnel, written in the data folder readable by its owner
//! only.

use std::path::{Path, PathBuf};

use russh::keys::ssh_key;

use super::KEY_FILE;

/// Makes (once) an ed25519 key in the data folder for the tunnel; returns its path and its
/// public line, to paste in the server's `authorized_keys`.
pub fn ensure_key(data_dir: &Path) -> Result<(PathBuf, String), String> {
    let path = data_dir.join(KEY_FILE);
    if !path.exists() {
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut seed);
        let pair = ssh_key::private::Ed25519Keypair::from_seed(&seed);
        let mut key = ssh_key::PrivateKey::from(pair);
        key.set_comment("palabre");
        let text = key
            .to_openssh(ssh_key::LineEnding::LF)
            .map_err(|e| e.to_string())?;
        write_private(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let key = russh::keys::load_secret_key(&path, None).map_err(|e| e.to_string())?;
    let public = key.public_key().to_openssh().map_err(|e| e.to_string())?;
    Ok((path, public))
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
