//! Errors and warnings with a location, worded as erlc words them.
//!
//! erlc prints `FILE:LINE:COL: MESSAGE` for errors and `FILE:LINE:COL: Warning: MESSAGE`
//! for warnings; `Display` produces exactly that line. `render_with_source` adds the
//! source excerpt OTP 25's erlc prints below it.

use crate::ast::Pos;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the position refers to (an included file for errors inside it).
    pub file: String,
    /// `None` for errors without a location (erlc prints `FILE: MESSAGE`).
    pub pos: Option<Pos>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            pos: Some(pos),
            message: message.into(),
        }
    }
    pub fn warning(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            file: file.to_string(),
            pos: Some(pos),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: ", self.file, p.line, p.col)?,
            None => write!(f, "{}: ", self.file)?,
        }
        if self.severity == Severity::Warning {
            f.write_str("Warning: ")?;
        }
        f.write_str(&self.message)
    }
}
