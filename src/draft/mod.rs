//! `dondoc draft`: a schedule drafted from a plan's text for a person to review.

pub mod header;
pub mod input;
pub mod phrases;
pub mod sections;
pub mod text;
pub mod units;
