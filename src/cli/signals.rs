//! The signals `serve` answers: SIGTERM and SIGINT end it, SIGHUP asks it to reload.

use crate::daemon::Control;

/// Installs the handlers (inside the runtime) and returns the shutdown future `serve` takes:
/// it completes on the first SIGTERM or SIGINT. SIGHUP goes to `control` as a reload request.
pub fn shutdown_on_signals(
    control: Control,
) -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut hup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            tracing::info!("SIGHUP received: reloading");
            control.request_reload();
        }
    });
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("SIGINT received"),
        }
    })
}
