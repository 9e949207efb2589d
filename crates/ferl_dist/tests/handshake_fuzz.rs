//! Random and mutated bytes never make the handshake or the frame parser panic.

use std::io::{self, Read, Write};

use ferl_dist::frame::parse_frame;
use ferl_dist::handshake::{self, Local, Status};
use ferl_dist::{flags, ControlMessage};
use proptest::prelude::*;

/// A peer whose bytes are fixed in advance; what we write is discarded.
struct Scripted(io::Cursor<Vec<u8>>);

impl Read for Scripted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Scripted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn local() -> Local<'static> {
    Local {
        name: "me@host",
        cookie: "cookie",
        flags: flags::RECOMMENDED,
        creation: 1,
    }
}

/// A plausible sequence of handshake messages as an initiator would send them.
fn plausible_initiator() -> Vec<u8> {
    let msg = |body: &[u8]| {
        let mut m = (body.len() as u16).to_be_bytes().to_vec();
        m.extend_from_slice(body);
        m
    };
    let mut n = vec![b'N'];
    n.extend_from_slice(&flags::RECOMMENDED.to_be_bytes());
    n.extend_from_slice(&3u32.to_be_bytes());
    n.extend_from_slice(&6u16.to_be_bytes());
    n.extend_from_slice(b"peer@h");
    let mut r = vec![b'r'];
    r.extend_from_slice(&[0; 20]);
    [msg(&n), msg(b"strue"), msg(&r)].concat()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(body in prop::collection::vec(any::<u8>(), 0..80)) {
        let _ = handshake::parse_send_name(&body);
        let _ = handshake::parse_status(&body);
        let _ = handshake::parse_challenge(&body);
        let _ = handshake::parse_complement(&body);
        let _ = handshake::parse_challenge_reply(&body);
        let _ = handshake::parse_challenge_ack(&body);
        if let Ok(ferl_dist::frame::Frame::Message { control, payload }) = parse_frame(&body) {
            let _ = ControlMessage::from_parts(control, payload);
        }
    }

    #[test]
    fn dist_headers_never_panic(
        kind in prop_oneof![Just(68u8), Just(69u8), Just(70u8)],
        frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..60), 1..6),
    ) {
        let mut r = ferl_dist::dist_header::FrameReader::new(1 << 16);
        for f in frames {
            let mut body = vec![131, kind];
            body.extend_from_slice(&f);
            let _ = r.read(&body);
        }
    }

    #[test]
    fn state_machines_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut peer = Scripted(io::Cursor::new(bytes.clone()));
        let _ = handshake::accept(&mut peer, &local(), |_| Status::Ok);
        let mut peer = Scripted(io::Cursor::new(bytes));
        let _ = handshake::initiate(&mut peer, &local(), "peer@h", || true);
    }

    #[test]
    fn mutated_handshakes_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        status in prop_oneof![Just(Status::Ok), Just(Status::Alive), Just(Status::Nok)],
    ) {
        let mut bytes = plausible_initiator();
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        let n = cut.index(bytes.len() + 1);
        bytes.truncate(n);
        let mut peer = Scripted(io::Cursor::new(bytes));
        let r = handshake::accept(&mut peer, &local(), |_| status.clone());
        // A zero digest can never be right.
        prop_assert!(r.is_err());
    }
}
