//! An uploaded file on its way in: written to a temporary file in the data folder as it
//! arrives, hashed on the way, so that a 100 MB document never sits in memory. The file is
//! removed when the spool is dropped, stored or not.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The folder under the data folder where uploads wait; emptied at start.
pub const DIR: &str = "envois-en-cours";

pub struct Spool {
    path: PathBuf,
    file: File,
    len: u64,
    hash: Sha256,
}

impl Spool {
    pub fn create(data_dir: &Path) -> std::io::Result<Spool> {
        let dir = data_dir.join(DIR);
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}.part", crate::security::random_token(12)));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Spool {
            path,
            file,
            len: 0,
            hash: Sha256::new(),
        })
    }

    pub fn push(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.file.write_all(chunk)?;
        self.hash.update(chunk);
        self.len += chunk.len() as u64;
        Ok(())
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The content from its start, with its length and hex SHA-256.
    pub fn finish(mut self) -> std::io::Result<Spooled> {
        self.file.flush()?;
        self.file.seek(SeekFrom::Start(0))?;
        let sha256 = crate::security::hex(&self.hash.clone().finalize());
        Ok(Spooled {
            len: self.len,
            sha256,
            spool: self,
        })
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A complete upload, ready to read from the start.
pub struct Spooled {
    pub len: u64,
    pub sha256: String,
    spool: Spool,
}

impl Spooled {
    /// The content, to read from the start again.
    pub fn reader(&mut self) -> std::io::Result<&mut File> {
        self.spool.file.seek(SeekFrom::Start(0))?;
        Ok(&mut self.spool.file)
    }
}

/// Removes what an interrupted run left behind.
pub fn clear(data_dir: &Path) {
    let _ = std::fs::remove_dir_all(data_dir.join(DIR));
}

/// Where one download's copy of the database is made (it holds personal data): deleted when
/// its download ends, and at start-up if a stop left it behind.
pub fn backup_copy(data_dir: &Path) -> PathBuf {
    data_dir.join("cache").join(format!(
        "sauvegarde-{}.sqlite3",
        crate::security::random_token(12)
    ))
}

/// Deletes the copies of the database a stop left behind: at start-up.
pub fn clear_backup_copies(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir.join("cache")) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("sauvegarde-") && name.ends_with(".sqlite3") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Read;

    #[test]
    fn keeps_the_bytes_and_removes_the_file_after() {
        let dir = std::env::temp_dir().join(format!("spool-{}", crate::security::random_token(6)));
        let mut s = super::Spool::create(&dir).unwrap();
        s.push(b"%PDF-").unwrap();
        s.push(b"1.4").unwrap();
        let path = s.path.clone();
        let mut done = s.finish().unwrap();
        assert_eq!(done.len, 8);
        assert_eq!(done.sha256, crate::security::sha256_hex(b"%PDF-1.4"));
        let mut back = String::new();
        done.reader().unwrap().read_to_string(&mut back).unwrap();
        assert_eq!(back, "%PDF-1.4");
        assert!(path.exists());
        drop(done);
        assert!(!path.exists(), "the spooled file stays behind");
        let _ = std::fs::remove_dir_all(dir);
    }
}
