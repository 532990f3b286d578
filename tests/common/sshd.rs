//! A real OpenSSH server on 127.0.0.1 with its own config and keys (Debian
//! `openssh-server`, installed by tests/deps.sh): the public-link tests forward through it,
//! the replication drill ships to it over SFTP.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";

pub fn ssh_keygen(path: &Path) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen (run bash tests/deps.sh)");
    assert!(out.status.success(), "{out:?}");
}

/// A real sshd on 127.0.0.1, killed (with every process it forked) when dropped.
pub struct Sshd {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
}

impl Sshd {
    pub fn start(dir: &Path, port: u16, host_key: &Path) -> Sshd {
        Self::start_with(dir, port, host_key, "")
    }

    pub fn start_with(dir: &Path, port: u16, host_key: &Path, extra: &str) -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: run `bash tests/deps.sh` (it installs openssh-server)"
        );
        let _ = std::fs::create_dir_all("/run/sshd");
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "ListenAddress 127.0.0.1\n\
                 HostKey {host}\n\
                 PidFile none\n\
                 UsePAM no\n\
                 StrictModes no\n\
                 AuthorizedKeysFile {dir}/authorized_keys\n\
                 PubkeyAuthentication yes\n\
                 PasswordAuthentication yes\n\
                 KbdInteractiveAuthentication no\n\
                 PermitRootLogin yes\n\
                 AllowTcpForwarding yes\n\
                 GatewayPorts no\n\
                 X11Forwarding no\n\
                 LogLevel VERBOSE\n\
                 {extra}\n",
                host = host_key.display(),
                dir = dir.display()
            ),
        )
        .unwrap();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("sshd.log"))
            .unwrap();
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .args(["-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start sshd");
        let mut s = Sshd {
            child: Some(child),
            port,
            dir: dir.to_path_buf(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(c) = s.child.as_mut()
                && let Ok(Some(status)) = c.try_wait()
            {
                panic!("sshd exited with {status}:\n{}", s.log());
            }
            assert!(
                Instant::now() < deadline,
                "sshd did not listen:\n{}",
                s.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("sshd.log")).unwrap_or_default()
    }

    /// sshd and every process below it (each connection runs in a child that has its own
    /// session, so a process group would not reach it).
    fn pids(&self) -> Vec<u32> {
        let Some(child) = self.child.as_ref() else {
            return Vec::new();
        };
        let mut pids = vec![child.id()];
        let mut i = 0;
        while i < pids.len() {
            let parent = pids[i];
            for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
                // pid (comm) state ppid …
                let ppid = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !pids.contains(&pid) {
                    pids.push(pid);
                }
            }
            i += 1;
        }
        pids
    }

    pub fn signal(&self, signal: &str) {
        let pids = self.pids();
        if pids.is_empty() {
            return;
        }
        let _ = Command::new("kill")
            .arg(signal)
            .args(pids.iter().map(|p| p.to_string()))
            .stderr(Stdio::null())
            .status();
    }

    pub fn kill(&mut self) {
        self.signal("-CONT");
        self.signal("-KILL");
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.kill();
    }
}
