//! Giving the heap a burst of work freed back to the system: glibc keeps freed memory mapped, so without it the daemon would idle near the size of its largest step or request.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Returns free heap pages to the kernel (glibc's `malloc_trim`; nothing elsewhere).
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel; it touches no live
    // allocation and is thread-safe in glibc.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Releases the heap once requests have gone quiet: after each answer `touch`, and `release`
/// runs (off the async threads) when `quiet` passes without another, or at the latest
/// `longest` after the first of a busy stretch. A page or statistics request at national size
/// allocates tens of MB that are free again once it is answered.
pub struct Trimmer {
    notify: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Trimmer {
    pub fn spawn(quiet: Duration, longest: Duration, release: fn()) -> Trimmer {
        let notify = Arc::new(Notify::new());
        let heard = notify.clone();
        let task = tokio::spawn(async move {
            loop {
                heard.notified().await;
                let first = tokio::time::Instant::now();
                loop {
                    let left = longest.saturating_sub(first.elapsed());
                    if left.is_zero() {
                        break;
                    }
                    tokio::select! {
                        () = heard.notified() => {}
                        () = tokio::time::sleep(quiet.min(left)) => break,
                    }
                }
                let _ = tokio::task::spawn_blocking(release).await;
            }
        });
        Trimmer { notify, task }
    }

    /// A request was answered.
    pub fn touch(&self) {
        self.notify.notify_one();
    }
}

impl Drop for Trimmer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RELEASED: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        RELEASED.fetch_add(1, Ordering::SeqCst);
    }

    async fn settle() {
        // Lets the trimmer's task and its blocking call run.
        for _ in 0..50 {
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_heap_is_released_once_requests_go_quiet_or_at_the_latest_after_a_while() {
        let quiet = Duration::from_secs(1);
        let t = Trimmer::spawn(quiet, Duration::from_secs(10), count);
        settle().await;
        assert_eq!(RELEASED.load(Ordering::SeqCst), 0, "nothing asked yet");
        // A burst of answers: one release, a second after the last.
        for _ in 0..5 {
            t.touch();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(RELEASED.load(Ordering::SeqCst), 0, "still busy");
        tokio::time::sleep(Duration::from_millis(900)).await;
        settle().await;
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1);
        // Quiet: nothing more.
        tokio::time::sleep(Duration::from_secs(30)).await;
        settle().await;
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1);
        // Never quiet: released at the latest 10 s after the first answer.
        for _ in 0..60 {
            t.touch();
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        settle().await;
        let n = RELEASED.load(Ordering::SeqCst);
        assert!(
            (3..=5).contains(&n),
            "{n} releases in 30 s of steady requests"
        );
        drop(t);
        tokio::time::sleep(Duration::from_secs(5)).await;
        settle().await;
        assert_eq!(RELEASED.load(Ordering::SeqCst), n, "stopped with its owner");
    }
}
