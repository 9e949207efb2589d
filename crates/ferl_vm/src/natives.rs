//! Functions written directly in Ferl's instruction set, for what a BIF cannot do because
//! it must call back into Erlang in the middle: `ferl:receive_match/2`, the selective
//! receive of interpreted code (erl_eval), which calls a matching fun on each message.
//!
//! The code areas are built once and leaked like loaded code, and installed as the export
//! entries' code.

use crate::atom::Atom;
use crate::instr::{CodePtr, Dst, Instr, Src};
use crate::term::Term;

/// Builds a code area from a function that makes each instruction given the area's base
/// address (so instructions can refer to each other).
fn build(len: usize, make: impl Fn(&dyn Fn(usize) -> CodePtr) -> Vec<Instr>) -> CodePtr {
    let placeholder: Vec<Instr> = (0..len).map(|_| Instr::CodeEnd).collect();
    let area: &'static mut [Instr] = Box::leak(placeholder.into_boxed_slice());
    let base = area.as_ptr() as usize;
    let at = |i: usize| CodePtr((base + i * std::mem::size_of::<Instr>()) as *const Instr);
    let code = make(&at);
    assert_eq!(code.len(), len, "native code length");
    for (slot, ins) in area.iter_mut().zip(code) {
        *slot = ins;
    }
    CodePtr(area.as_ptr())
}

/// `ferl:receive_match(Fun, Timeout)`: scans the mailbox in order, calling `Fun(Msg)` on
/// each message (and on new ones as they arrive) until it returns something other than
/// `nomatch`; that message is removed and the value returned. On timeout: `timeout`.
fn receive_match() -> CodePtr {
    let nomatch = Term::atom(Atom::new("nomatch"));
    let timeout = Term::atom(crate::atom::predefined::TIMEOUT);
    build(13, |at| {
        vec![
            // 0
            Instr::Allocate {
                stack: 2,
                heap: 0,
                live: 2,
            },
            // 1: y0 = Fun, y1 = Timeout
            Instr::Move2 {
                src1: Src::X(0),
                dst1: Dst::Y(0),
                src2: Src::X(1),
                dst2: Dst::Y(1),
            },
            // 2: x0 = the next message, or wait
            Instr::LoopRec { fail: at(9) },
            // 3
            Instr::Move {
                src: Src::Y(0),
                dst: Dst::X(1),
            },
            // 4: x0 = Fun(Msg)
            Instr::CallFun { arity: 1 },
            // 5
            Instr::IsEqExact {
                fail: at(7),
                a: Src::X(0),
                b: Src::Lit(nomatch),
            },
            // 6: no match: the next message
            Instr::LoopRecEnd { target: at(2) },
            // 7: a match: take the message, return Fun's value
            Instr::RemoveMessage,
            // 8
            Instr::DeallocReturn { n: 2 },
            // 9
            Instr::WaitTimeout {
                target: at(2),
                time: Src::Y(1),
            },
            // 10
            Instr::Timeout,
            // 11
            Instr::Move {
                src: Src::Lit(timeout),
                dst: Dst::X(0),
            },
            // 12
            Instr::DeallocReturn { n: 2 },
        ]
    })
}

/// Installs the native code areas as export entries.
pub fn install() {
    let e = crate::export::get_or_create(Atom::new("ferl"), Atom::new("receive_match"), 2);
    e.set_code(receive_match().0);
}
