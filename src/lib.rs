//! dondoc: reminders and escalation for the reporting deadlines of Vietnamese government plans.

pub mod actions;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod diag;
pub mod domain;
pub mod draft;
pub mod heap;
pub mod http;
pub mod inbound;
pub mod ledger;
pub mod metrics;
pub mod notify;
pub mod query;
pub mod reading;
pub mod schedule;
pub mod signed_link;
pub mod store;
