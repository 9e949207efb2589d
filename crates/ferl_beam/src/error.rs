//! Why a .beam file could not be read.

use std::fmt;

/// A problem with a .beam file, worded for a log line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeamError {
    /// The bytes end before a structure does.
    Truncated(String),
    /// The bytes are there but make no sense.
    Malformed(String),
    /// A required chunk is absent.
    MissingChunk(&'static str),
    /// An opcode this format description does not know.
    UnknownOpcode { opcode: u8, max_in_file: u32 },
}

impl BeamError {
    pub fn truncated(what: impl Into<String>) -> BeamError {
        BeamError::Truncated(what.into())
    }
    pub fn malformed(what: impl Into<String>) -> BeamError {
        BeamError::Malformed(what.into())
    }
}

impl fmt::Display for BeamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BeamError::Truncated(what) => write!(f, "truncated file: {what} cut short"),
            BeamError::Malformed(what) => write!(f, "malformed file: {what}"),
            BeamError::MissingChunk(id) => write!(f, "missing chunk {id}"),
            BeamError::UnknownOpcode {
                opcode,
                max_in_file,
            } => write!(
                f,
                "unknown opcode {opcode} (the file uses opcodes up to {max_in_file}; \
                 it was probably compiled by a newer OTP release than 28)"
            ),
        }
    }
}

impl std::error::Error for BeamError {}
