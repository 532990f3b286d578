//! One running Palabre per data folder. The server holds an exclusive lock on
//! `palabre.lock` for as long as it runs (the system releases it when the process ends, even
//! after a crash or `kill -9`), and writes its address in `palabre.instance` beside it. A
//! second start finds the lock taken, reads the address and sends the person there; commands
//! that write refuse while the server runs.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

const LOCK_FILE: &str = "palabre.lock";
/// Not the locked file: on Windows a locked file cannot be read by another process.
const ADDRESS_FILE: &str = "palabre.instance";

/// This process owns the data folder while this lives.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    address_file: PathBuf,
}

#[derive(Debug)]
pub enum Claim {
    Mine(InstanceLock),
    /// Another Palabre serves this folder, at this address when it has written it.
    Running(Option<String>),
}

/// Takes the data folder, or says who has it.
pub fn claim(data_dir: &Path) -> std::io::Result<Claim> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(data_dir.join(LOCK_FILE))?;
    let address_file = data_dir.join(ADDRESS_FILE);
    match file.try_lock() {
        Ok(()) => Ok(Claim::Mine(InstanceLock {
            _file: file,
            address_file,
        })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(Claim::Running(
            std::fs::read_to_string(&address_file)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| s.starts_with("http://")),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

impl InstanceLock {
    /// Writes where this server answers, for a second start to send the person there.
    pub fn publish(&self, address: &str) -> std::io::Result<()> {
        let tmp = self.address_file.with_extension("tmp");
        let mut f = File::create(&tmp)?;
        writeln!(f, "{address}")?;
        f.sync_all()?;
        std::fs::rename(tmp, &self.address_file)
    }
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.address_file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_owner_at_a_time_and_the_next_one_after() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = match claim(dir.path()) {
            Ok(Claim::Mine(l)) => l,
            other => panic!("{other:?}"),
        };
        first
            .publish("http://localhost:8080/")
            .unwrap_or_else(|e| panic!("{e}"));
        match claim(dir.path()) {
            Ok(Claim::Running(Some(a))) => assert_eq!(a, "http://localhost:8080/"),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(matches!(claim(dir.path()), Ok(Claim::Mine(_))));
    }
}
