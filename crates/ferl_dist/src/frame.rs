//! Frames after the handshake: `Len:32` then either nothing (a tick) or a pass-through
//! message `112, 131 <control>, [131 <payload>]`.
//!
//! By default Ferl advertises neither the atom cache header nor fragments, so a peer sends
//! only pass-through frames; `dist_header` reads the other kinds when they are negotiated.

use std::fmt;

use ferl_etf::{decode_with, encode_body_into, DecodeOptions, EncodeOptions, Term};

pub const PASS_THROUGH: u8 = 112;

#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    Tick,
    Message {
        control: Term,
        payload: Option<Term>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameError(pub String);

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed distribution frame: {}", self.0)
    }
}

impl std::error::Error for FrameError {}

/// Parses a frame body (the bytes after `Len:32`).
pub fn parse_frame(body: &[u8]) -> Result<Frame, FrameError> {
    let Some((&first, rest)) = body.split_first() else {
        return Ok(Frame::Tick);
    };
    if first != PASS_THROUGH {
        return Err(FrameError(format!("unsupported frame type {first}")));
    }
    // erl never compresses distribution messages; refusing it keeps a peer from making us
    // inflate a small frame into gigabytes.
    if rest.windows(2).next() == Some(&[131, 80]) {
        return Err(FrameError("compressed control message".into()));
    }
    let opts = DecodeOptions::default();
    let (control, used) =
        decode_with(rest, &opts).map_err(|e| FrameError(format!("control: {e}")))?;
    let rest = &rest[used..];
    if rest.starts_with(&[131, 80]) {
        return Err(FrameError("compressed payload".into()));
    }
    if rest.is_empty() {
        return Ok(Frame::Message {
            control,
            payload: None,
        });
    }
    let (payload, used) =
        decode_with(rest, &opts).map_err(|e| FrameError(format!("payload: {e}")))?;
    if used != rest.len() {
        return Err(FrameError(format!(
            "{} bytes after the payload",
            rest.len() - used
        )));
    }
    Ok(Frame::Message {
        control,
        payload: Some(payload),
    })
}

/// A whole pass-through frame, length prefix included, atoms as erl writes them on the wire.
pub fn encode_frame(control: &Term, payload: Option<&Term>) -> Vec<u8> {
    let opts = EncodeOptions::dist();
    let mut out = vec![0, 0, 0, 0, PASS_THROUGH, ferl_etf::tag::VERSION];
    encode_body_into(control, &opts, &mut out);
    if let Some(p) = payload {
        out.push(ferl_etf::tag::VERSION);
        encode_body_into(p, &opts, &mut out);
    }
    let len = (out.len() - 4) as u32;
    out[..4].copy_from_slice(&len.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let c = Term::Tuple(vec![Term::Int(6), Term::atom("x")]);
        let p = Term::string("hello");
        let f = encode_frame(&c, Some(&p));
        assert_eq!(
            u32::from_be_bytes([f[0], f[1], f[2], f[3]]) as usize,
            f.len() - 4
        );
        // Atoms travel as SMALL_ATOM_UTF8_EXT.
        assert_eq!(&f[5..10], &[131, 104, 2, 97, 6]);
        assert_eq!(f[10], 119);
        assert_eq!(
            parse_frame(&f[4..]),
            Ok(Frame::Message {
                control: c.clone(),
                payload: Some(p)
            })
        );
        let f = encode_frame(&c, None);
        assert!(matches!(
            parse_frame(&f[4..]),
            Ok(Frame::Message { payload: None, .. })
        ));
        assert_eq!(parse_frame(&[]), Ok(Frame::Tick));
        assert!(parse_frame(&[131, 68, 0]).is_err());
        let compressed = ferl_etf::encode(
            &Term::list(vec![Term::atom("a"); 100]),
            &ferl_etf::EncodeOptions {
                compressed: Some(6),
                ..Default::default()
            },
        );
        assert_eq!(compressed[1], 80);
        let mut f = vec![PASS_THROUGH];
        f.extend_from_slice(&compressed);
        assert!(parse_frame(&f).is_err());
        let mut trailing = encode_frame(&c, Some(&Term::Nil));
        trailing.push(0);
        assert!(parse_frame(&trailing[4..]).is_err());
    }
}
