//! The email channel: lettre over SMTP (plain, STARTTLS or implicit TLS), pooled.

use super::{EmailSettings, Message, SendError};
use crate::domain::ids::EmailAddress;

pub struct Email {}

impl Email {
    pub fn new(_s: &EmailSettings) -> anyhow::Result<Self> {
        todo!("helper implements")
    }
    pub async fn send(&self, _to: &[EmailAddress], _msg: &Message) -> Result<(), SendError> {
        todo!("helper implements")
    }
    pub async fn shutdown(&self) {}
}
