//! Erlang distribution: the port mapper (client and server), the version 6 handshake,
//! connection framing and ticks, and the control messages of the distribution protocol.
//!
//! Invariant: wire formats only. It speaks to the VM through a narrow interface (deliver a
//! message, report a node going up or down) and never touches process heaps directly.
//! Nothing a peer sends can panic it or make it allocate beyond what was received; a bad
//! peer loses its own connection and nothing else.
//!
//! # The interface to the VM
//!
//! ```text
//! // Before starting a node: make sure a port mapper answers (the `ferl` binary passes
//! // its own path; `ferl -epmd -daemon` must call epmd_server::run(epmd::port_from_env())).
//! let _in_process = epmd_server::find_or_start(Some(&std::env::current_exe()?), epmd::port_from_env())?;
//! let name = node_name("a", NameMode::Short)?;                  // "a@host", erl's host rules
//! let node = DistNode::start(DistConfig::new(&name, "cookie", NameMode::Short), handler)?;
//! node.creation();            // goes into the VM's own pids, ports and refs
//! node.send("b@host", ControlMessage::RegSend { from, to_name, message })?;  // never blocks
//! node.connect("b@host")?;    // blocks up to net_setuptime: net_kernel:connect_node/1
//! node.nodes(); node.peer("b@host"); node.disconnect("b@host"); node.shutdown();
//! ```
//!
//! The VM implements [`DistHandler`]: `message(node, ControlMessage)` for every incoming
//! control message (in the order the node sent them), `node_up` (before that node's first
//! message), `node_down(node, reason)` (links and monitors over it fire `noconnection`),
//! `connect_failed` (queued messages were dropped), and `log` for erl-worded error lines.
//! Handlers run on Ferl's I/O threads: they must not block (enqueue and return; calling
//! `send` from a handler is fine, `connect` is not). Answering `net_kernel`'s `is_auth`
//! call, `rex`'s `features_request`, spawn requests (`rpc:call` arrives as a SPAWN_REQUEST
//! for `erpc:execute_call/4`), links and monitors is the VM's job; see
//! shared/notes/distribution.md §6 and `tests/common/mod.rs` for a minimal responder.
//!
//! Messages to a node are delivered in the order `send` was called; sends to a node that
//! is not connected queue while it connects. Exit signals use the PAYLOAD_* forms when the
//! peer accepts them ([`ControlMessage::into_parts`] decides).
//!
//! The port mapper: [`epmd`] is the client; [`epmd_server`] serves the protocol, in process
//! ([`epmd_server::EpmdServer`]) or as the detached daemon the `ferl` binary starts
//! ([`epmd_server::spawn_detached`], [`epmd_server::ensure_running`], [`epmd_server::run`]).

pub mod connection;
pub mod control;
pub mod dist_header;
pub mod epmd;
pub mod epmd_server;
pub mod flags;
pub mod frame;
pub mod handshake;
pub mod name;
pub mod node;

pub use control::{ControlError, ControlMessage, ProcRef};
pub use handshake::PeerInfo;
pub use name::{node_name, NameMode};
pub use node::{DistConfig, DistError, DistHandler, DistNode, EpmdMode};
