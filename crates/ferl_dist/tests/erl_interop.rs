//! A Ferl node against real erl (OTP 25) nodes. Every test has its own port mapper (our
//! server), node names and cookie.

mod common;

use std::time::Duration;

use common::*;
use ferl_dist::ControlMessage;
use ferl_etf::{Atom, Reference, Term};

#[test]
fn erl_pings_ferl_and_sends_to_a_registered_name() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferlping", "c1", port, SECS(60));
    let target = node.name().as_str().to_string();
    let erl = Erl::start(
        "erlping",
        "c1",
        port,
        &[],
        &format!(
            "io:format(\"ping ~p~n\", [net_adm:ping('{target}')]), \
             {{foo, '{target}'}} ! {{hello, self(), \"text\", 42}}, \
             io:format(\"nodes ~p~n\", [nodes()]), \
             timer:sleep(500), halt()."
        ),
    );
    assert_eq!(
        erl.expect(SECS(20), |l| l.starts_with("ping ")),
        "ping pong"
    );
    assert!(erl
        .expect(SECS(5), |l| l.starts_with("nodes "))
        .contains(&target));
    let got = h.wait_for(SECS(5), |e| {
        matches!(e, Event::Msg(_, ControlMessage::RegSend { to_name, .. }) if to_name.as_str() == "foo")
    });
    let Some(Event::Msg(
        from,
        ControlMessage::RegSend {
            from: pid, message, ..
        },
    )) = got
    else {
        panic!("no REG_SEND to foo: {:?}", h.events())
    };
    assert_eq!(from, erl.name);
    assert_eq!(
        message,
        Term::Tuple(vec![
            Term::atom("hello"),
            Term::Pid(pid),
            Term::string("text"),
            Term::Int(42)
        ])
    );
    // erl's node monitors net_kernel during the ping (DIST_MONITOR advertised).
    assert!(h
        .wait_for(SECS(1), |e| matches!(
            e,
            Event::Msg(_, ControlMessage::MonitorP { .. })
        ))
        .is_some());
    assert!(h
        .wait_for(SECS(1), |e| matches!(e, Event::Up(n) if *n == erl.name))
        .is_some());
    node.shutdown();
}

#[test]
fn ferl_pings_erl_and_a_registered_process_echoes() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferlout", "c2", port, SECS(60));
    let erl = Erl::start(
        "erlecho",
        "c2",
        port,
        &[],
        "Loop = fun L() -> receive {From, M} -> From ! {echo, M}, \
         io:format(\"got ~w~n\", [length(atom_to_list(M))]), L() end end, \
         register(echo, spawn(Loop)), io:format(\"ready~n\"), \
         receive after 30000 -> halt() end.",
    );
    erl.expect(SECS(20), |l| l == "ready");
    node.connect(&erl.name).expect("connect to erl");
    assert!(node.is_connected(&erl.name));

    // net_adm:ping as erl does it: a gen_call to net_kernel.
    let me = h.pid(77);
    let tag = Reference {
        node: node.name().clone(),
        creation: node.creation(),
        ids: vec![1, 2, 3],
    };
    let call = Term::Tuple(vec![
        Term::atom("$gen_call"),
        Term::Tuple(vec![Term::Pid(me.clone()), Term::Ref(tag.clone())]),
        Term::Tuple(vec![Term::atom("is_auth"), Term::Atom(node.name().clone())]),
    ]);
    node.send(
        &erl.name,
        ControlMessage::RegSend {
            from: me.clone(),
            to_name: Atom::new("net_kernel"),
            message: call,
        },
    )
    .unwrap();
    let reply = h.wait_for(SECS(5), |e| {
        matches!(e, Event::Msg(_, ControlMessage::Send { message: Term::Tuple(t), .. })
            if t.first() == Some(&Term::Ref(tag.clone())))
    });
    let Some(Event::Msg(_, ControlMessage::Send { to, message })) = reply else {
        panic!("no is_auth reply: {:?}", h.events())
    };
    assert_eq!(to, me);
    assert_eq!(
        message,
        Term::Tuple(vec![Term::Ref(tag), Term::atom("yes")])
    );

    node.send(
        &erl.name,
        ControlMessage::RegSend {
            from: me.clone(),
            to_name: Atom::new("echo"),
            message: Term::Tuple(vec![Term::Pid(me.clone()), Term::atom("héllo")]),
        },
    )
    .unwrap();
    erl.expect(SECS(5), |l| l == "got 5");
    let echo = Term::Tuple(vec![Term::atom("echo"), Term::atom("héllo")]);
    assert!(h
        .wait_for(
            SECS(5),
            |e| matches!(e, Event::Msg(_, ControlMessage::Send { message, .. }) if *message == echo)
        )
        .is_some());
    node.shutdown();
}

#[test]
fn rpc_call_from_erl_is_a_spawn_request() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferlrpc", "c3", port, SECS(60));
    let target = node.name().as_str().to_string();
    let erl = Erl::start(
        "erlrpc",
        "c3",
        port,
        &[],
        &format!(
            "io:format(\"rpc ~w~n\", [rpc:call('{target}', lists, reverse, [[1,2,3]])]), \
             io:format(\"rpc2 ~w~n\", [rpc:call('{target}', nope, nope, [])]), halt()."
        ),
    );
    assert_eq!(
        erl.expect(SECS(20), |l| l.starts_with("rpc ")),
        "rpc [3,2,1]"
    );
    let rpc2 = erl.expect(SECS(5), |l| l.starts_with("rpc2 "));
    assert!(
        rpc2.starts_with("rpc2 {badrpc,{'EXIT',{badarith,[]}}}"),
        "{rpc2}"
    );
    let req = h.wait_for(SECS(1), |e| {
        matches!(e, Event::Msg(_, ControlMessage::SpawnRequest { .. }))
    });
    let Some(Event::Msg(
        _,
        ControlMessage::SpawnRequest {
            module,
            function,
            arity,
            options,
            ..
        },
    )) = req
    else {
        panic!("no SPAWN_REQUEST")
    };
    assert_eq!(
        (module.as_str(), function.as_str(), arity),
        ("erpc", "execute_call", 4)
    );
    assert_eq!(options, Term::list(vec![Term::atom("monitor")]));
    node.shutdown();
}

#[test]
fn wrong_cookie_is_refused_both_ways() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferlcookie", "right", port, SECS(60));
    let target = node.name().as_str().to_string();
    let erl = Erl::start(
        "erlcookie",
        "wrong",
        port,
        &[],
        &format!(
            "io:format(\"ping ~p~n\", [net_adm:ping('{target}')]), io:format(\"ready~n\"), \
             receive after 30000 -> halt() end."
        ),
    );
    assert_eq!(
        erl.expect(SECS(20), |l| l.starts_with("ping ")),
        "ping pang"
    );
    let expected = format!(
        "** Connection attempt from node {} rejected. Invalid challenge reply. **",
        erl.name
    );
    assert!(
        h.wait_for(SECS(5), |e| matches!(e, Event::Log(l) if *l == expected))
            .is_some(),
        "{:?}",
        h.events()
    );
    erl.expect(SECS(5), |l| l == "ready");
    let err = node.connect(&erl.name).expect_err("wrong cookie must fail");
    eprintln!("connect error: {err}");
    assert!(!node.is_connected(&erl.name));
    assert!(h.events().iter().all(|e| !matches!(e, Event::Up(_))));
    node.shutdown();
}

#[test]
fn ticks_keep_a_link_up_and_a_silent_peer_is_dropped() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferltick", "c5", port, SECS(3));
    let erl = Erl::start(
        "erltick",
        "c5",
        port,
        &["-kernel", "net_ticktime", "3"],
        "io:format(\"ready~n\"), receive after 60000 -> halt() end.",
    );
    erl.expect(SECS(20), |l| l == "ready");
    node.connect(&erl.name).expect("connect");
    // Idle for longer than both ticktimes: ticks both ways keep the connection.
    std::thread::sleep(Duration::from_secs(5));
    assert!(node.is_connected(&erl.name), "{:?}", h.events());
    // A frozen peer stops ticking: dropped within about one ticktime.
    erl.signal("-STOP");
    let t0 = std::time::Instant::now();
    let down = h.wait_for(
        SECS(8),
        |e| matches!(e, Event::Down(n, _) if *n == erl.name),
    );
    let Some(Event::Down(_, reason)) = down else {
        panic!("no node_down: {:?}", h.events())
    };
    assert_eq!(reason, "net_tick_timeout");
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
    assert!(!node.is_connected(&erl.name));
    node.shutdown();
}

#[test]
fn a_killed_peer_goes_down_at_once() {
    let (_epmd, port) = epmd();
    let (node, h) = ferl_node("ferlkill", "c6", port, SECS(60));
    let mut erl = Erl::start(
        "erlkill",
        "c6",
        port,
        &[],
        "io:format(\"ready~n\"), receive after 60000 -> halt() end.",
    );
    erl.expect(SECS(20), |l| l == "ready");
    node.connect(&erl.name).expect("connect");
    let _ = erl.child.kill();
    assert!(h
        .wait_for(
            SECS(3),
            |e| matches!(e, Event::Down(n, _) if *n == erl.name)
        )
        .is_some());
    node.shutdown();
}

#[test]
fn long_names_and_a_hidden_node() {
    let (_epmd, port) = epmd();
    let handler = std::sync::Arc::new(TestHandler::default());
    let name = format!("{}@127.0.0.1", unique("ferllong"));
    let mut config = ferl_dist::DistConfig::new(&name, "cl", ferl_dist::NameMode::Long);
    config.epmd = ferl_dist::EpmdMode::Register { port };
    config.flags &= !ferl_dist::flags::PUBLISHED;
    let node = ferl_dist::DistNode::start(config, handler.clone()).unwrap();
    handler.node.set(node.clone()).ok();
    let erl = Erl::start_long(
        "erllong",
        "cl",
        port,
        &format!(
            "io:format(\"ping ~p~n\", [net_adm:ping('{name}')]), \
             io:format(\"visible ~p hidden ~p~n\", [nodes(), nodes(hidden)]), halt()."
        ),
    );
    assert_eq!(
        erl.expect(SECS(20), |l| l.starts_with("ping ")),
        "ping pong"
    );
    let seen = erl.expect(SECS(5), |l| l.starts_with("visible "));
    assert_eq!(seen, format!("visible [] hidden ['{name}']"));
    // A long-name node cannot reach a short name.
    assert!(matches!(
        node.connect(&format!("x@{}", host())),
        Err(ferl_dist::DistError::IllegalHost(_))
    ));
    node.shutdown();
}

#[test]
fn atom_cache_headers_and_fragments_from_erl() {
    let (_epmd, port) = epmd();
    let handler = std::sync::Arc::new(TestHandler::default());
    let name = format!("{}@{}", unique("ferlcache"), host());
    let mut config = ferl_dist::DistConfig::new(&name, "ca", ferl_dist::NameMode::Short);
    config.epmd = ferl_dist::EpmdMode::Register { port };
    config.flags = ferl_dist::flags::RECOMMENDED_WITH_ATOM_CACHE;
    let node = ferl_dist::DistNode::start(config, handler.clone()).unwrap();
    handler.node.set(node.clone()).ok();
    let erl = Erl::start(
        "erlcache",
        "ca",
        port,
        &[],
        &format!(
            "io:format(\"ping ~p~n\", [net_adm:ping('{name}')]), \
             Atoms = [list_to_atom(\"atom\" ++ integer_to_list(I)) || I <- lists:seq(1, 300)], \
             Big = {{big, binary:copy(<<\"x\">>, 300000), lists:seq(1, 20000), Atoms}}, \
             {{foo, '{name}'}} ! Big, {{foo, '{name}'}} ! {{again, Atoms}}, \
             io:format(\"rpc ~w~n\", [rpc:call('{name}', lists, reverse, [[a, b, c]])]), \
             halt()."
        ),
    );
    assert_eq!(
        erl.expect(SECS(20), |l| l.starts_with("ping ")),
        "ping pong"
    );
    assert_eq!(
        erl.expect(SECS(10), |l| l.starts_with("rpc ")),
        "rpc [c,b,a]"
    );
    let atoms: Vec<Term> = (1..=300).map(|i| Term::atom(&format!("atom{i}"))).collect();
    let big = h_wait_reg_send(&handler, "big");
    let Term::Tuple(t) = big else { panic!() };
    assert_eq!(t[1], Term::Binary(vec![b'x'; 300000]));
    assert_eq!(t[2], Term::list((1..=20000).map(Term::Int).collect()));
    assert_eq!(t[3], Term::list(atoms.clone()));
    let again = h_wait_reg_send(&handler, "again");
    assert_eq!(
        again,
        Term::Tuple(vec![Term::atom("again"), Term::list(atoms)])
    );
    node.shutdown();
}

/// The payload of the REG_SEND whose message is a tuple tagged `tag`.
fn h_wait_reg_send(h: &TestHandler, tag: &str) -> Term {
    let tag = Term::atom(tag);
    let got = h.wait_for(SECS(10), |e| {
        matches!(e, Event::Msg(_, ControlMessage::RegSend { message: Term::Tuple(t), .. })
            if t.first() == Some(&tag))
    });
    match got {
        Some(Event::Msg(_, ControlMessage::RegSend { message, .. })) => message,
        _ => panic!("no message tagged {tag:?}: {:?}", h.events().len()),
    }
}

#[test]
fn our_atom_cache_headers_are_understood_by_erl() {
    let (_epmd, port) = epmd();
    let handler = std::sync::Arc::new(TestHandler::default());
    let name = format!("{}@{}", unique("ferlcout"), host());
    let mut config = ferl_dist::DistConfig::new(&name, "co", ferl_dist::NameMode::Short);
    config.epmd = ferl_dist::EpmdMode::Register { port };
    config.flags = ferl_dist::flags::RECOMMENDED_WITH_ATOM_CACHE;
    let node = ferl_dist::DistNode::start(config, handler.clone()).unwrap();
    handler.node.set(node.clone()).ok();
    let erl = Erl::start(
        "erlcout",
        "co",
        port,
        &[],
        "Loop = fun L() -> receive {From, M} -> From ! {echo, M}, L() end end, \
         register(echo, spawn(Loop)), io:format(\"ready~n\"), \
         receive after 30000 -> halt() end.",
    );
    erl.expect(SECS(20), |l| l == "ready");
    node.connect(&erl.name).expect("connect");
    let me = handler.pid(5);
    let messages: Vec<Term> = (0..4)
        .map(|round| {
            Term::Tuple(vec![
                Term::Int(round),
                Term::list(
                    (0..300 + 50 * round)
                        .map(|i| Term::atom(&format!("a{}", (i * 7 + round) % 350)))
                        .collect(),
                ),
                Term::atom(&"ü".repeat(200)),
                Term::Pid(me.clone()),
            ])
        })
        .collect();
    for m in &messages {
        node.send(
            &erl.name,
            ControlMessage::RegSend {
                from: me.clone(),
                to_name: Atom::new("echo"),
                message: Term::Tuple(vec![Term::Pid(me.clone()), m.clone()]),
            },
        )
        .unwrap();
    }
    for m in &messages {
        let want = Term::Tuple(vec![Term::atom("echo"), m.clone()]);
        assert!(
            handler
                .wait_for(SECS(5), |e| matches!(e, Event::Msg(_, ControlMessage::Send { message, .. }) if *message == want))
                .is_some(),
            "no echo of round {:?}",
            m
        );
    }
    node.shutdown();
}
