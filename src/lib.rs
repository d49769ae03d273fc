//! dondoc: reminders and escalation for the reporting deadlines of Vietnamese government plans.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod domain;
pub mod draft;
pub mod http;
pub mod notify;
pub mod query;
pub mod schedule;
pub mod store;
