//! A small filesystem that the tests fill up: a tmpfs mounted on a temporary folder (root
//! only). Where it cannot be mounted the test says so plainly; under CI it fails instead.

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
    /// impossible (not root, no CAP_SYS_ADMIN). Under CI=1 that is a failure.
    pub fn mount(size: &str) -> Option<SmallFs> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => {
                eprintln!(
                    "full-disk test: a real tmpfs of {size} is mounted on {}",
                    dir.path().display()
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
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}
