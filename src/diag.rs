//! Diagnostics that name the file, line and column of a problem in a data file.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in one file, printed as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// A data file's path and text, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..self.text.floor_char_boundary(offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// A diagnostic at the start of `span`.
    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(span.start);
        Diagnostic {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A diagnostic for the whole file (line 1, column 1).
    pub fn whole(&self, message: impl Into<String>) -> Diagnostic {
        whole_file(&self.path, message)
    }

    /// Deserializes the file, turning a TOML or shape error into a diagnostic.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        toml::from_str(&self.text).map_err(|e| {
            let message = e.message();
            match e.span() {
                Some(span) => self.at(span, message),
                None => self.whole(message),
            }
        })
    }
}

/// A diagnostic for a file as a whole (unreadable, missing).
pub fn whole_file(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_owned(),
        line: 1,
        column: 1,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let s = Source::new("x.toml", "a = 1\ntên = \"Đông\"\n");
        assert_eq!(s.position(0), (1, 1));
        assert_eq!(s.position(6), (2, 1));
        // "tên = " is 7 bytes but 6 characters
        assert_eq!(s.position(6 + "tên = ".len()), (2, 7));
        assert_eq!(s.at(6..7, "bad").to_string(), "x.toml:2:1: bad");
    }
}
