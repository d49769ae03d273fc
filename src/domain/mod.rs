//! The pure core: ids, due rules, working-day calendar, plans, occurrences, their lifecycle and policy. No I/O, no clock.

pub mod calendar;
pub mod ids;
pub mod lifecycle;
pub mod lunar;
pub mod model;
pub mod notices;
pub mod occurrence;
pub mod office;
pub mod policy;
pub mod rule;
pub mod time;
