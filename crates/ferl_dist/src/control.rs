//! Control messages: the tuples that head every distribution frame, as Rust values.
//!
//! `from_parts` reads a control tuple and its optional payload term; the `*_TT` variants
//! (sequential tracing) are accepted and their trace token dropped. `into_parts` writes the
//! tuple erl expects, choosing the PAYLOAD_* forms of exit signals when the connection
//! negotiated EXIT_PAYLOAD.

use std::fmt;

use ferl_etf::{Atom, Pid, Reference, Term};

/// A process named by pid or by registered name (monitors by name).
#[derive(Clone, Debug, PartialEq)]
pub enum ProcRef {
    Pid(Pid),
    Name(Atom),
}

impl ProcRef {
    fn to_term(&self) -> Term {
        match self {
            ProcRef::Pid(p) => Term::Pid(p.clone()),
            ProcRef::Name(a) => Term::Atom(a.clone()),
        }
    }
}

/// One control message with its payload folded in.
#[derive(Clone, Debug, PartialEq)]
pub enum ControlMessage {
    /// 1: `link/1`.
    Link { from: Pid, to: Pid },
    /// 2 (12): `Pid ! Message`.
    Send { to: Pid, message: Term },
    /// 3 (13), 24 (25): an exit signal from a broken link.
    Exit { from: Pid, to: Pid, reason: Term },
    /// 4: the old unlink, gone in OTP 26.
    Unlink { from: Pid, to: Pid },
    /// 6 (16): `{Name, Node} ! Message`.
    RegSend {
        from: Pid,
        to_name: Atom,
        message: Term,
    },
    /// 7.
    GroupLeader { from: Pid, to: Pid },
    /// 8 (18), 26 (27): `exit/2`.
    Exit2 { from: Pid, to: Pid, reason: Term },
    /// 19.
    MonitorP {
        from: Pid,
        to: ProcRef,
        reference: Reference,
    },
    /// 20.
    DemonitorP {
        from: Pid,
        to: ProcRef,
        reference: Reference,
    },
    /// 21, 28: the `'DOWN'` of a remote monitor (carries rpc results).
    MonitorPExit {
        from: ProcRef,
        to: Pid,
        reference: Reference,
        reason: Term,
    },
    /// 22 (23): a send that names its sender.
    SendSender { from: Pid, to: Pid, message: Term },
    /// 29 (30): `spawn_request/5`; `rpc:call` arrives as this.
    SpawnRequest {
        req_id: Reference,
        from: Pid,
        group_leader: Pid,
        module: Atom,
        function: Atom,
        arity: u32,
        options: Term,
        args: Term,
    },
    /// 31 (32). `flags`: 1 = link set up, 2 = monitor set up. `result` is the new pid or
    /// an error atom.
    SpawnReply {
        req_id: Reference,
        to: Pid,
        flags: u32,
        result: Term,
    },
    /// 33 (34): a send to a process alias (replies to `gen:call`).
    AliasSend {
        from: Pid,
        alias: Reference,
        message: Term,
    },
    /// 35.
    UnlinkId { id: u64, from: Pid, to: Pid },
    /// 36.
    UnlinkIdAck { id: u64, from: Pid, to: Pid },
}

/// A control message that is not one of the above or is malformed.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlError(pub String);

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad control message: {}", self.0)
    }
}

impl std::error::Error for ControlError {}

fn bad(what: &str, t: &Term) -> ControlError {
    ControlError(format!("{what} in {t:?}"))
}

fn pid(t: &Term, whole: &Term) -> Result<Pid, ControlError> {
    match t {
        Term::Pid(p) => Ok(p.clone()),
        _ => Err(bad("expected a pid", whole)),
    }
}

fn reference(t: &Term, whole: &Term) -> Result<Reference, ControlError> {
    match t {
        Term::Ref(r) => Ok(r.clone()),
        _ => Err(bad("expected a reference", whole)),
    }
}

fn atom(t: &Term, whole: &Term) -> Result<Atom, ControlError> {
    match t {
        Term::Atom(a) => Ok(a.clone()),
        _ => Err(bad("expected an atom", whole)),
    }
}

fn proc_ref(t: &Term, whole: &Term) -> Result<ProcRef, ControlError> {
    match t {
        Term::Pid(p) => Ok(ProcRef::Pid(p.clone())),
        Term::Atom(a) => Ok(ProcRef::Name(a.clone())),
        _ => Err(bad("expected a pid or a name", whole)),
    }
}

fn uint(t: &Term, whole: &Term) -> Result<u64, ControlError> {
    match t {
        Term::Int(i) if *i >= 0 => Ok(*i as u64),
        Term::BigInt(b) => u64::try_from(b).map_err(|_| bad("integer out of range", whole)),
        _ => Err(bad("expected an integer", whole)),
    }
}

/// For a `*_TT` operation: the plain operation and the tuple index of its trace token.
fn trace_token_position(op: i64) -> Option<(i64, usize)> {
    Some(match op {
        12 => (2, 3),
        13 => (3, 3),
        16 => (6, 4),
        18 => (8, 3),
        23 => (22, 3),
        25 => (24, 3),
        27 => (26, 3),
        30 => (29, 6),
        32 => (31, 5),
        34 => (33, 3),
        _ => return None,
    })
}

impl ControlMessage {
    /// Reads a control tuple and the payload term that followed it in the frame.
    pub fn from_parts(control: Term, payload: Option<Term>) -> Result<Self, ControlError> {
        let Term::Tuple(mut e) = control else {
            return Err(bad("not a tuple", &control));
        };
        let mut op = match e.first() {
            Some(Term::Int(op)) => *op,
            _ => return Err(bad("no operation", &Term::Tuple(e))),
        };
        if let Some((plain, token_at)) = trace_token_position(op) {
            if token_at >= e.len() {
                return Err(bad("short traced message", &Term::Tuple(e)));
            }
            e.remove(token_at);
            op = plain;
        }
        let whole = Term::Tuple(e);
        let Term::Tuple(e) = &whole else {
            unreachable!("just built")
        };
        let need = |n: usize| {
            if e.len() == n {
                Ok(())
            } else {
                Err(bad("wrong arity", &whole))
            }
        };
        let mut payload = payload;
        let mut message = || payload.take().ok_or_else(|| bad("missing payload", &whole));
        let m = match op {
            1 => {
                need(3)?;
                ControlMessage::Link {
                    from: pid(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                }
            }
            2 => {
                need(3)?;
                ControlMessage::Send {
                    to: pid(&e[2], &whole)?,
                    message: message()?,
                }
            }
            3 | 8 => {
                need(4)?;
                let (from, to, reason) = (pid(&e[1], &whole)?, pid(&e[2], &whole)?, e[3].clone());
                if op == 3 {
                    ControlMessage::Exit { from, to, reason }
                } else {
                    ControlMessage::Exit2 { from, to, reason }
                }
            }
            24 | 26 => {
                need(3)?;
                let (from, to, reason) = (pid(&e[1], &whole)?, pid(&e[2], &whole)?, message()?);
                if op == 24 {
                    ControlMessage::Exit { from, to, reason }
                } else {
                    ControlMessage::Exit2 { from, to, reason }
                }
            }
            4 => {
                need(3)?;
                ControlMessage::Unlink {
                    from: pid(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                }
            }
            6 => {
                need(4)?;
                ControlMessage::RegSend {
                    from: pid(&e[1], &whole)?,
                    to_name: atom(&e[3], &whole)?,
                    message: message()?,
                }
            }
            7 => {
                need(3)?;
                ControlMessage::GroupLeader {
                    from: pid(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                }
            }
            19 | 20 => {
                need(4)?;
                let (from, to, reference) = (
                    pid(&e[1], &whole)?,
                    proc_ref(&e[2], &whole)?,
                    reference(&e[3], &whole)?,
                );
                if op == 19 {
                    ControlMessage::MonitorP {
                        from,
                        to,
                        reference,
                    }
                } else {
                    ControlMessage::DemonitorP {
                        from,
                        to,
                        reference,
                    }
                }
            }
            21 => {
                need(5)?;
                ControlMessage::MonitorPExit {
                    from: proc_ref(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                    reference: reference(&e[3], &whole)?,
                    reason: e[4].clone(),
                }
            }
            28 => {
                need(4)?;
                ControlMessage::MonitorPExit {
                    from: proc_ref(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                    reference: reference(&e[3], &whole)?,
                    reason: message()?,
                }
            }
            22 => {
                need(3)?;
                ControlMessage::SendSender {
                    from: pid(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                    message: message()?,
                }
            }
            29 => {
                need(6)?;
                let Term::Tuple(mfa) = &e[4] else {
                    return Err(bad("bad {M, F, A}", &whole));
                };
                let [m, f, a] = &mfa[..] else {
                    return Err(bad("bad {M, F, A}", &whole));
                };
                ControlMessage::SpawnRequest {
                    req_id: reference(&e[1], &whole)?,
                    from: pid(&e[2], &whole)?,
                    group_leader: pid(&e[3], &whole)?,
                    module: atom(m, &whole)?,
                    function: atom(f, &whole)?,
                    arity: u32::try_from(uint(a, &whole)?).map_err(|_| bad("bad arity", &whole))?,
                    options: e[5].clone(),
                    args: message()?,
                }
            }
            31 => {
                need(5)?;
                ControlMessage::SpawnReply {
                    req_id: reference(&e[1], &whole)?,
                    to: pid(&e[2], &whole)?,
                    flags: u32::try_from(uint(&e[3], &whole)?)
                        .map_err(|_| bad("bad flags", &whole))?,
                    result: e[4].clone(),
                }
            }
            33 => {
                need(3)?;
                ControlMessage::AliasSend {
                    from: pid(&e[1], &whole)?,
                    alias: reference(&e[2], &whole)?,
                    message: message()?,
                }
            }
            35 | 36 => {
                need(4)?;
                let (id, from, to) = (
                    uint(&e[1], &whole)?,
                    pid(&e[2], &whole)?,
                    pid(&e[3], &whole)?,
                );
                if op == 35 {
                    ControlMessage::UnlinkId { id, from, to }
                } else {
                    ControlMessage::UnlinkIdAck { id, from, to }
                }
            }
            _ => return Err(bad("unknown operation", &whole)),
        };
        Ok(m)
    }

    /// The control tuple and payload to send. `exit_payload`: the connection negotiated
    /// EXIT_PAYLOAD, so exit reasons travel as payloads (ops 24, 26, 28).
    pub fn into_parts(self, exit_payload: bool) -> (Term, Option<Term>) {
        let int = |i: i64| Term::Int(i);
        let p = |p: Pid| Term::Pid(p);
        let r = |r: Reference| Term::Ref(r);
        let empty = || Term::atom("");
        let t = Term::Tuple;
        match self {
            ControlMessage::Link { from, to } => (t(vec![int(1), p(from), p(to)]), None),
            ControlMessage::Send { to, message } => {
                (t(vec![int(2), empty(), p(to)]), Some(message))
            }
            ControlMessage::Exit { from, to, reason } if exit_payload => {
                (t(vec![int(24), p(from), p(to)]), Some(reason))
            }
            ControlMessage::Exit { from, to, reason } => {
                (t(vec![int(3), p(from), p(to), reason]), None)
            }
            ControlMessage::Unlink { from, to } => (t(vec![int(4), p(from), p(to)]), None),
            ControlMessage::RegSend {
                from,
                to_name,
                message,
            } => (
                t(vec![int(6), p(from), empty(), Term::Atom(to_name)]),
                Some(message),
            ),
            ControlMessage::GroupLeader { from, to } => (t(vec![int(7), p(from), p(to)]), None),
            ControlMessage::Exit2 { from, to, reason } if exit_payload => {
                (t(vec![int(26), p(from), p(to)]), Some(reason))
            }
            ControlMessage::Exit2 { from, to, reason } => {
                (t(vec![int(8), p(from), p(to), reason]), None)
            }
            ControlMessage::MonitorP {
                from,
                to,
                reference,
            } => (t(vec![int(19), p(from), to.to_term(), r(reference)]), None),
            ControlMessage::DemonitorP {
                from,
                to,
                reference,
            } => (t(vec![int(20), p(from), to.to_term(), r(reference)]), None),
            ControlMessage::MonitorPExit {
                from,
                to,
                reference,
                reason,
            } if exit_payload => (
                t(vec![int(28), from.to_term(), p(to), r(reference)]),
                Some(reason),
            ),
            ControlMessage::MonitorPExit {
                from,
                to,
                reference,
                reason,
            } => (
                t(vec![int(21), from.to_term(), p(to), r(reference), reason]),
                None,
            ),
            ControlMessage::SendSender { from, to, message } => {
                (t(vec![int(22), p(from), p(to)]), Some(message))
            }
            ControlMessage::SpawnRequest {
                req_id,
                from,
                group_leader,
                module,
                function,
                arity,
                options,
                args,
            } => (
                t(vec![
                    int(29),
                    r(req_id),
                    p(from),
                    p(group_leader),
                    t(vec![
                        Term::Atom(module),
                        Term::Atom(function),
                        int(arity as i64),
                    ]),
                    options,
                ]),
                Some(args),
            ),
            ControlMessage::SpawnReply {
                req_id,
                to,
                flags,
                result,
            } => (
                t(vec![int(31), r(req_id), p(to), int(flags as i64), result]),
                None,
            ),
            ControlMessage::AliasSend {
                from,
                alias,
                message,
            } => (t(vec![int(33), p(from), r(alias)]), Some(message)),
            ControlMessage::UnlinkId { id, from, to } => (
                t(vec![int(35), Term::from_bigint(id.into()), p(from), p(to)]),
                None,
            ),
            ControlMessage::UnlinkIdAck { id, from, to } => (
                t(vec![int(36), Term::from_bigint(id.into()), p(from), p(to)]),
                None,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_pid(id: u32) -> Pid {
        Pid {
            node: Atom::new("a@h"),
            id,
            serial: 0,
            creation: 1,
        }
    }

    fn a_ref() -> Reference {
        Reference {
            node: Atom::new("a@h"),
            creation: 1,
            ids: vec![1, 2, 3],
        }
    }

    #[test]
    fn every_message_round_trips() {
        let msgs = vec![
            ControlMessage::Link {
                from: a_pid(1),
                to: a_pid(2),
            },
            ControlMessage::Send {
                to: a_pid(2),
                message: Term::atom("hi"),
            },
            ControlMessage::Exit {
                from: a_pid(1),
                to: a_pid(2),
                reason: Term::atom("kill"),
            },
            ControlMessage::RegSend {
                from: a_pid(1),
                to_name: Atom::new("rex"),
                message: Term::Nil,
            },
            ControlMessage::Exit2 {
                from: a_pid(1),
                to: a_pid(2),
                reason: Term::atom("normal"),
            },
            ControlMessage::MonitorP {
                from: a_pid(1),
                to: ProcRef::Name(Atom::new("net_kernel")),
                reference: a_ref(),
            },
            ControlMessage::MonitorPExit {
                from: ProcRef::Pid(a_pid(3)),
                to: a_pid(1),
                reference: a_ref(),
                reason: Term::atom("noproc"),
            },
            ControlMessage::SpawnRequest {
                req_id: a_ref(),
                from: a_pid(1),
                group_leader: a_pid(0),
                module: Atom::new("erpc"),
                function: Atom::new("execute_call"),
                arity: 4,
                options: Term::list(vec![Term::atom("monitor")]),
                args: Term::Nil,
            },
            ControlMessage::SpawnReply {
                req_id: a_ref(),
                to: a_pid(1),
                flags: 2,
                result: Term::Pid(a_pid(9)),
            },
            ControlMessage::AliasSend {
                from: a_pid(1),
                alias: a_ref(),
                message: Term::Int(1),
            },
            ControlMessage::UnlinkId {
                id: u64::MAX,
                from: a_pid(1),
                to: a_pid(2),
            },
        ];
        for m in msgs {
            for exit_payload in [false, true] {
                let (c, p) = m.clone().into_parts(exit_payload);
                assert_eq!(ControlMessage::from_parts(c, p).as_ref(), Ok(&m));
            }
        }
    }

    #[test]
    fn trace_tokens_are_dropped() {
        let tt = Term::Tuple(vec![
            Term::Int(16),
            Term::Pid(a_pid(1)),
            Term::atom(""),
            Term::atom("foo"),
            Term::atom("token"),
        ]);
        assert_eq!(
            ControlMessage::from_parts(tt, Some(Term::Int(5))),
            Ok(ControlMessage::RegSend {
                from: a_pid(1),
                to_name: Atom::new("foo"),
                message: Term::Int(5)
            })
        );
        let exit_tt = Term::Tuple(vec![
            Term::Int(13),
            Term::Pid(a_pid(1)),
            Term::Pid(a_pid(2)),
            Term::atom("token"),
            Term::atom("reason"),
        ]);
        assert!(matches!(
            ControlMessage::from_parts(exit_tt, None),
            Ok(ControlMessage::Exit { reason, .. }) if reason == Term::atom("reason")
        ));
        assert!(ControlMessage::from_parts(Term::Tuple(vec![Term::Int(12)]), None).is_err());
        assert!(ControlMessage::from_parts(Term::Int(1), None).is_err());
        assert!(ControlMessage::from_parts(Term::Tuple(vec![Term::Int(2)]), None).is_err());
    }
}
