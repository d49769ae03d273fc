//! Prometheus metrics (prometheus-client): delivery counters the daemon updates, gauges filled
//! at scrape time, and the text exposition for `GET /metrics`.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    channel: String,
    /// `sent`, `transient` or `permanent`.
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

/// The daemon's metrics.
pub struct Metrics {
    registry: Registry,
    deliveries: Family<DeliveryLabels, Counter>,
    enqueued: Counter,
    occurrences: Family<StateLabels, Gauge>,
    backlog: Gauge,
    last_tick: Gauge<f64, AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("dondoc");
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        registry.register(
            "delivery_attempts",
            "Delivery attempts by channel and outcome (sent, transient, permanent) since start",
            deliveries.clone(),
        );
        let enqueued = Counter::default();
        registry.register(
            "notifications_enqueued",
            "Notifications put in the outbox since start",
            enqueued.clone(),
        );
        let occurrences = Family::<StateLabels, Gauge>::default();
        registry.register(
            "occurrences",
            "Stored occurrences by state",
            occurrences.clone(),
        );
        let backlog = Gauge::default();
        registry.register(
            "outbox_backlog",
            "Outbox entries not yet sent, failed or skipped",
            backlog.clone(),
        );
        let last_tick = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "last_tick_timestamp_seconds",
            "Wall-clock time (Unix seconds) of the scheduler's last completed tick",
            last_tick.clone(),
        );
        Self {
            registry,
            deliveries,
            enqueued,
            occurrences,
            backlog,
            last_tick,
        }
    }

    /// One delivery attempt on `channel` with `outcome`.
    pub fn delivery(&self, channel: &str, outcome: &str) {
        self.deliveries
            .get_or_create(&DeliveryLabels {
                channel: channel.to_owned(),
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    pub fn enqueued(&self, n: usize) {
        self.enqueued.inc_by(n as u64);
    }

    /// A tick completed at this wall-clock time.
    pub fn ticked(&self, unix_seconds: f64) {
        self.last_tick.set(unix_seconds);
    }

    /// The text exposition, with the store's current counts.
    pub fn render(&self, occurrences_by_state: &[(&str, i64)], backlog: i64) -> String {
        for (state, n) in occurrences_by_state {
            self.occurrences
                .get_or_create(&StateLabels {
                    state: (*state).to_owned(),
                })
                .set(*n);
        }
        self.backlog.set(backlog);
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_every_family() {
        let m = Metrics::new();
        m.delivery("email", "sent");
        m.delivery("email", "sent");
        m.delivery("zalo_oa", "transient");
        m.enqueued(3);
        m.ticked(1_700_000_000.0);
        let text = m.render(&[("open", 5), ("submitted", 2)], 4);
        for line in [
            "dondoc_delivery_attempts_total{channel=\"email\",outcome=\"sent\"} 2",
            "dondoc_delivery_attempts_total{channel=\"zalo_oa\",outcome=\"transient\"} 1",
            "dondoc_notifications_enqueued_total 3",
            "dondoc_occurrences{state=\"open\"} 5",
            "dondoc_outbox_backlog 4",
            "dondoc_last_tick_timestamp_seconds 1700000000",
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
        assert!(text.ends_with("# EOF\n"));
    }
}
