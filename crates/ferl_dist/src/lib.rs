//! Erlang distribution: the port mapper (client and server), the version 6 handshake,
//! connection framing and ticks, and the control messages of the distribution protocol.
//!
//! Invariant: wire formats only. It speaks to the VM through a narrow interface (deliver a
//! message, report a node going down) and never touches process heaps directly.
