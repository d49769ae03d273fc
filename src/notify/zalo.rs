//! The Zalo channels: Official Account messages with serialized token refresh, and Bot group messages.

use std::sync::Arc;

use super::{Message, SendError, ZaloBotSettings, ZaloOaSettings};
use crate::store::Store;

pub struct ZaloOa {}

impl ZaloOa {
    pub fn new(_s: &ZaloOaSettings, _store: Arc<Store>) -> anyhow::Result<Self> {
        todo!("helper implements")
    }
    pub async fn send(&self, _user: &str, _msg: &Message) -> Result<(), SendError> {
        todo!("helper implements")
    }
}

pub struct ZaloBot {}

impl ZaloBot {
    pub fn new(_s: &ZaloBotSettings) -> anyhow::Result<Self> {
        todo!("helper implements")
    }
    pub async fn send(&self, _chat: &str, _msg: &Message) -> Result<(), SendError> {
        todo!("helper implements")
    }
}
