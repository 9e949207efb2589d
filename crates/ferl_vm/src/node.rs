//! This node's identity: its name (`nonode@nohost` until distribution starts) and creation.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::atom::{predefined, Atom};

static NODE: AtomicU32 = AtomicU32::new(predefined::NONODE.0);
static CREATION: AtomicU32 = AtomicU32::new(0);

pub fn this_node() -> Atom {
    Atom(NODE.load(Ordering::Relaxed))
}

pub fn creation() -> u32 {
    CREATION.load(Ordering::Relaxed)
}

/// Called by distribution when the node gets a name.
pub fn set_identity(name: Atom, creation: u32) {
    NODE.store(name.0, Ordering::Relaxed);
    CREATION.store(creation, Ordering::Relaxed);
}
