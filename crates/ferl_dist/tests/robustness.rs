//! Bad peers lose their own connection and nothing else; two Ferl nodes connect, also when
//! both try at the same moment; the old `'n'` name message is accepted.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use ferl_dist::handshake::{self, Local};
use ferl_dist::{flags, ControlMessage, DistNode};
use ferl_etf::{Atom, Term};

/// A raw connection to `node` that completed the handshake as `name`.
fn fake_peer(node: &DistNode, name: &str, cookie: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", node.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let local = Local {
        name,
        cookie,
        flags: flags::RECOMMENDED,
        creation: 5,
    };
    handshake::initiate(&mut s, &local, node.name().as_str(), || true).expect("handshake");
    s
}

fn fake_name() -> String {
    format!("{}@{}", unique("fake"), host())
}

fn reg_send(h: &TestHandler, text: &str) -> ControlMessage {
    ControlMessage::RegSend {
        from: h.pid(1),
        to_name: Atom::new("box"),
        message: Term::string(text),
    }
}

fn got(h: &TestHandler, text: &str) -> bool {
    let want = Term::string(text);
    h.wait_for(
        SECS(5),
        |e| matches!(e, Event::Msg(_, ControlMessage::RegSend { message, .. }) if *message == want),
    )
    .is_some()
}

#[test]
fn two_ferl_nodes_talk() {
    let (_epmd, port) = epmd();
    let (a, ha) = ferl_node("fa", "cf", port, SECS(60));
    let (b, hb) = ferl_node("fb", "cf", port, SECS(60));
    a.send(b.name().as_str(), reg_send(&ha, "to b")).unwrap();
    assert!(got(&hb, "to b"));
    b.send(a.name().as_str(), reg_send(&hb, "to a")).unwrap();
    assert!(got(&ha, "to a"));
    assert_eq!(a.nodes(), vec![b.name().clone()]);
    assert!(a.disconnect(b.name().as_str()));
    assert!(hb
        .wait_for(SECS(5), |e| matches!(e, Event::Down(..)))
        .is_some());
    // Sending again reconnects on demand.
    a.send(b.name().as_str(), reg_send(&ha, "again")).unwrap();
    assert!(got(&hb, "again"));
    a.shutdown();
    b.shutdown();
}

#[test]
fn simultaneous_connects_end_with_one_connection() {
    let (_epmd, port) = epmd();
    for _ in 0..5 {
        let (a, ha) = ferl_node("sa", "cs", port, SECS(60));
        let (b, hb) = ferl_node("sb", "cs", port, SECS(60));
        let (a2, b2) = (a.clone(), b.clone());
        let bn = b.name().as_str().to_string();
        let an = a.name().as_str().to_string();
        let t1 = std::thread::spawn(move || a2.connect(&bn));
        let t2 = std::thread::spawn(move || b2.connect(&an));
        t1.join().unwrap().expect("a connects");
        t2.join().unwrap().expect("b connects");
        assert!(a.is_connected(b.name().as_str()) && b.is_connected(a.name().as_str()));
        std::thread::sleep(Duration::from_millis(200));
        let ups = |h: &TestHandler| {
            h.events()
                .iter()
                .filter(|e| matches!(e, Event::Up(_)))
                .count()
        };
        assert_eq!(
            (ups(&ha), ups(&hb)),
            (1, 1),
            "{:?} {:?}",
            ha.events(),
            hb.events()
        );
        a.send(b.name().as_str(), reg_send(&ha, "after")).unwrap();
        assert!(got(&hb, "after"));
        a.shutdown();
        b.shutdown();
    }
}

#[test]
fn garbage_closes_only_its_own_connection() {
    let (_epmd, port) = epmd();
    let (a, ha) = ferl_node("ga", "cg", port, SECS(60));
    let (b, hb) = ferl_node("gb", "cg", port, SECS(60));
    a.connect(b.name().as_str()).unwrap();

    // Garbage instead of a handshake.
    let mut raw = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    raw.write_all(&[0, 3, b'X', 1, 2, 0xFF, 0xFF, 9, 9, 9])
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(matches!(raw.read(&mut buf), Ok(0) | Err(_)));

    // Garbage frames after a good handshake, each on its own connection.
    let bad_frames: [&[u8]; 4] = [
        &[0, 0, 0, 5, 1, 2, 3, 4, 5],        // not a pass-through frame
        &[0, 0, 0, 4, 112, 131, 108, 255],   // truncated control term
        &[0xFF, 0xFF, 0xFF, 0xF0, 112, 131], // absurd length
        &[0, 0, 0, 8, 112, 131, 104, 1, 97, 99, 0, 0], // unknown control operation
    ];
    for frame in bad_frames {
        let name = fake_name();
        let mut s = fake_peer(&a, &name, "cg");
        assert!(ha
            .wait_for(SECS(5), |e| matches!(e, Event::Up(n) if *n == name))
            .is_some());
        s.write_all(frame).unwrap();
        let down = ha.wait_for(SECS(5), |e| matches!(e, Event::Down(n, _) if *n == name));
        assert!(down.is_some(), "{frame:?} did not close: {:?}", ha.events());
        let mut buf = [0u8; 64];
        // Our side closed the socket (after perhaps a tick).
        let mut closed = false;
        for _ in 0..10 {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => {
                    closed = true;
                    break;
                }
                Ok(_) => {}
            }
        }
        assert!(closed);
    }
    // A truncated frame followed by a close.
    let name = fake_name();
    let mut s = fake_peer(&a, &name, "cg");
    s.write_all(&[0, 0, 0, 100, 112, 131]).unwrap();
    drop(s);
    assert!(ha
        .wait_for(SECS(5), |e| matches!(e, Event::Down(n, _) if *n == name))
        .is_some());

    // The good connection never noticed.
    assert!(a.is_connected(b.name().as_str()));
    a.send(b.name().as_str(), reg_send(&ha, "still here"))
        .unwrap();
    assert!(got(&hb, "still here"));
    assert!(hb.events().iter().all(|e| !matches!(e, Event::Down(..))));
    a.shutdown();
    b.shutdown();
}

#[test]
fn the_old_name_message_is_accepted_with_its_complement() {
    let (_epmd, port) = epmd();
    let (a, ha) = ferl_node("oa", "co", port, SECS(60));
    let name = fake_name();
    let mut s = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let send = |s: &mut TcpStream, body: &[u8]| {
        let mut m = (body.len() as u16).to_be_bytes().to_vec();
        m.extend_from_slice(body);
        s.write_all(&m).unwrap();
    };
    let recv = |s: &mut TcpStream| {
        let mut len = [0u8; 2];
        s.read_exact(&mut len).unwrap();
        let mut b = vec![0u8; u16::from_be_bytes(len) as usize];
        s.read_exact(&mut b).unwrap();
        b
    };
    // 'n', version 5, the low 32 flag bits, the name.
    let mut n = vec![b'n', 0, 5];
    n.extend_from_slice(&(flags::RECOMMENDED as u32).to_be_bytes());
    n.extend_from_slice(name.as_bytes());
    send(&mut s, &n);
    assert_eq!(recv(&mut s), b"sok");
    let ch = handshake::parse_challenge(&recv(&mut s)).unwrap();
    assert_eq!(ch.name, a.name().as_str());
    let mut c = vec![b'c'];
    c.extend_from_slice(&((flags::RECOMMENDED >> 32) as u32).to_be_bytes());
    c.extend_from_slice(&9u32.to_be_bytes());
    send(&mut s, &c);
    let mut r = vec![b'r'];
    r.extend_from_slice(&42u32.to_be_bytes());
    r.extend_from_slice(&handshake::digest("co", ch.challenge));
    send(&mut s, &r);
    let ack = handshake::parse_challenge_ack(&recv(&mut s)).unwrap();
    assert_eq!(ack, handshake::digest("co", 42));
    assert!(ha
        .wait_for(SECS(5), |e| matches!(e, Event::Up(n) if *n == name))
        .is_some());
    let peer = a.peer(&name).unwrap();
    assert_eq!(peer.creation, 9);
    assert_eq!(peer.flags & flags::SPAWN, flags::SPAWN);
    a.shutdown();
}

#[test]
fn a_restarted_peer_replaces_its_old_connection() {
    let (_epmd, port) = epmd();
    let (a, ha) = ferl_node("ra", "cr", port, SECS(60));
    let name = fake_name();
    let first = fake_peer(&a, &name, "cr");
    assert!(ha
        .wait_for(SECS(5), |e| matches!(e, Event::Up(n) if *n == name))
        .is_some());
    // Same name again while the first connection is still open: we answer `alive`, the
    // newcomer says `true`, and the old connection goes.
    let mut second = fake_peer(&a, &name, "cr");
    assert!(ha
        .wait_for(SECS(5), |e| matches!(e, Event::Down(n, _) if *n == name))
        .is_some());
    let ups = || {
        ha.events()
            .iter()
            .filter(|e| matches!(e, Event::Up(n) if *n == name))
            .count()
    };
    let deadline = std::time::Instant::now() + SECS(5);
    while ups() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(ups(), 2);
    assert!(a.is_connected(&name));
    // The new connection carries traffic: a tick and a REG_SEND.
    let (c, p) = reg_send(&ha, "via second").into_parts(true);
    let frame = ferl_dist::frame::encode_frame(&c, p.as_ref());
    second.write_all(&[0, 0, 0, 0]).unwrap();
    second.write_all(&frame).unwrap();
    assert!(got(&ha, "via second"));
    drop(first);
    a.shutdown();
}

#[test]
fn messages_sent_while_connecting_keep_their_order() {
    let (_epmd, port) = epmd();
    let (a, ha) = ferl_node("qa", "cq", port, SECS(60));
    let (b, hb) = ferl_node("qb", "cq", port, SECS(60));
    let target = b.name().as_str().to_string();
    // The first sends queue while the connection is set up; later ones race with it.
    let mut n = 0;
    let mut after = 0;
    while after < 500 {
        a.send(&target, reg_send(&ha, &format!("m{n}"))).unwrap();
        n += 1;
        if a.is_connected(&target) {
            after += 1;
        }
    }
    assert!(got(&hb, &format!("m{}", n - 1)));
    let order: Vec<String> = hb
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Msg(_, ControlMessage::RegSend { message, .. }) => Some(format!("{message:?}")),
            _ => None,
        })
        .collect();
    let want: Vec<String> = (0..n)
        .map(|i| format!("{:?}", Term::string(&format!("m{i}"))))
        .collect();
    assert_eq!(order, want);
    a.shutdown();
    b.shutdown();
}
