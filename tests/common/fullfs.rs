//! A small filesystem that the tests fill up: a tmpfs mounted on a temporary folder (as root,
//! or through passwordless sudo). Where it cannot be mounted the test says so plainly and
//! skips; under CI it fails instead (CI must give it a real full disk).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A mounted tmpfs, unmounted on drop.
pub struct SmallFs {
    dir: tempfile::TempDir,
    filler: PathBuf,
}

impl SmallFs {
    /// Mounts a tmpfs of `size` (e.g. "16m"); None (said on stderr) where mounting is
    /// impossible (not root and no passwordless sudo). Under CI=1 that is a failure.
    pub fn mount(size: &str) -> Option<SmallFs> {
        let dir = tempfile::tempdir().unwrap();
        // As root directly; otherwise through passwordless sudo (as CI has it).
        let out = privileged("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=1777"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => {
                eprintln!(
                    "full-disk test: a real tmpfs of {size} is mounted on {}{}",
                    dir.path().display(),
                    if is_root() { "" } else { " (through sudo)" }
                );
                let filler = dir.path().join("filler");
                Some(SmallFs { dir, filler })
            }
            other => {
                let why = match other {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_owned(),
                    Err(e) => e.to_string(),
                };
                eprintln!(
                    "\n*** full-disk test: CANNOT MOUNT a tmpfs ({why}); run it as root (or with \
                     CAP_SYS_ADMIN) to fill a real filesystem ***\n"
                );
                assert!(
                    std::env::var_os("CI").is_none(),
                    "under CI the full-disk test must mount a real filesystem: {why}"
                );
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the filesystem but for `leave` bytes: a file grows until the disk is full
    /// (ENOSPC), then gives `leave` bytes back.
    pub fn fill(&self, leave: u64) {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.filler)
            .unwrap();
        let chunk = vec![0x5au8; 4096];
        loop {
            match f.write_all(&chunk) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        // Single bytes into the last partly used page.
        while f.write_all(&[0]).is_ok() {}
        let _ = f.sync_all();
        if leave > 0 {
            let len = f.metadata().unwrap().len();
            f.set_len(len.saturating_sub(leave)).unwrap();
        }
    }

    /// Gives the space back.
    pub fn free(&self) {
        std::fs::remove_file(&self.filler).unwrap();
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = privileged("umount").arg("-l").arg(self.dir.path()).status();
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `program` as root: directly when this process is root, else `sudo -n program`.
fn privileged(program: &str) -> Command {
    if is_root() {
        Command::new(program)
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", program]);
        c
    }
}
