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
//! let node = DistNode::start(DistConfig::new("a@host", "cookie", NameMode::Short), handler)?;
//! node.creation();                        // for the VM's own pids, ports and refs
//! node.send("b@host", ControlMessage::RegSend { from, to_name, message })?;  // never blocks
//! node.connect("b@host")?;                // blocks up to net_setuptime: net_kernel:connect_node/1
//! node.nodes(); node.disconnect("b@host"); node.shutdown();
//! ```
//!
//! The VM implements [`DistHandler`]: `message(node, ControlMessage)` for every incoming
//! control message (in order per node), `node_up`, `node_down(node, reason)`,
//! `connect_failed`, and `log` for erl-worded error lines. Handlers run on Ferl's I/O
//! threads and must not block. Answering `net_kernel`'s `is_auth` call, `rex`, `global`,
//! spawn requests and links/monitors is the VM's job (see shared/notes/distribution.md §6).
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
