//! Capability flags exchanged in the handshake, with the values of OTP's own headers.
//!
//! Note: OTP's documentation gives MANDATORY_25_DIGEST as `1 bsl 36`; the real bit is
//! `1 bsl 26` (bit 36 is LOCAL_EXT in newer releases). See shared/notes/distribution.md §1.

pub const PUBLISHED: u64 = 0x1;
pub const ATOM_CACHE: u64 = 0x2;
pub const EXTENDED_REFERENCES: u64 = 0x4;
pub const DIST_MONITOR: u64 = 0x8;
pub const FUN_TAGS: u64 = 0x10;
pub const DIST_MONITOR_NAME: u64 = 0x20;
pub const HIDDEN_ATOM_CACHE: u64 = 0x40;
pub const NEW_FUN_TAGS: u64 = 0x80;
pub const EXTENDED_PIDS_PORTS: u64 = 0x100;
pub const EXPORT_PTR_TAG: u64 = 0x200;
pub const BIT_BINARIES: u64 = 0x400;
pub const NEW_FLOATS: u64 = 0x800;
pub const UNICODE_IO: u64 = 0x1000;
pub const DIST_HDR_ATOM_CACHE: u64 = 0x2000;
pub const SMALL_ATOM_TAGS: u64 = 0x4000;
pub const UTF8_ATOMS: u64 = 0x10000;
pub const MAP_TAG: u64 = 0x20000;
pub const BIG_CREATION: u64 = 0x40000;
pub const SEND_SENDER: u64 = 0x80000;
pub const BIG_SEQTRACE_LABELS: u64 = 0x100000;
pub const EXIT_PAYLOAD: u64 = 0x400000;
pub const FRAGMENTS: u64 = 0x800000;
pub const HANDSHAKE_23: u64 = 0x1000000;
pub const UNLINK_ID: u64 = 0x2000000;
pub const MANDATORY_25_DIGEST: u64 = 1 << 26;
pub const SPAWN: u64 = 1 << 32;
pub const NAME_ME: u64 = 1 << 33;
pub const V4_NC: u64 = 1 << 34;
pub const ALIAS: u64 = 1 << 35;

/// What OTP 25 refuses to connect without (`0x1070F94`).
pub const MANDATORY_OTP25: u64 = EXTENDED_REFERENCES
    | FUN_TAGS
    | NEW_FUN_TAGS
    | EXTENDED_PIDS_PORTS
    | EXPORT_PTR_TAG
    | BIT_BINARIES
    | NEW_FLOATS
    | UTF8_ATOMS
    | MAP_TAG
    | BIG_CREATION
    | HANDSHAKE_23;

/// The flags Ferl advertises (`0xD07470FBD` with PUBLISHED): OTP 25's mandatory set, OTP 26's
/// additions, and the optional features Ferl implements. No atom cache, no fragments.
pub const RECOMMENDED: u64 = MANDATORY_OTP25
    | UNLINK_ID
    | V4_NC
    | MANDATORY_25_DIGEST
    | PUBLISHED
    | DIST_MONITOR
    | DIST_MONITOR_NAME
    | SPAWN
    | ALIAS
    | EXIT_PAYLOAD;

/// RECOMMENDED plus the distribution header and fragments. Ferl reads both (atom cache
/// included) and answers with an empty header; tested against OTP 25 (large fragmented
/// messages, 300 distinct atoms, rpc). Not the default yet.
pub const RECOMMENDED_WITH_ATOM_CACHE: u64 = RECOMMENDED | DIST_HDR_ATOM_CACHE | FRAGMENTS;

/// The peer's flags with MANDATORY_25_DIGEST expanded into what it stands for.
pub fn expand(flags: u64) -> u64 {
    if flags & MANDATORY_25_DIGEST != 0 {
        flags | MANDATORY_OTP25
    } else {
        flags
    }
}

/// The mandatory flags the peer lacks, by name (empty when it may connect).
pub fn missing_mandatory(peer: u64) -> Vec<&'static str> {
    let peer = expand(peer);
    NAMES
        .iter()
        .filter(|(bit, _)| MANDATORY_OTP25 & bit != 0 && peer & bit == 0)
        .map(|(_, name)| *name)
        .collect()
}

const NAMES: [(u64, &str); 11] = [
    (EXTENDED_REFERENCES, "EXTENDED_REFERENCES"),
    (FUN_TAGS, "FUN_TAGS"),
    (NEW_FUN_TAGS, "NEW_FUN_TAGS"),
    (EXTENDED_PIDS_PORTS, "EXTENDED_PIDS_PORTS"),
    (EXPORT_PTR_TAG, "EXPORT_PTR_TAG"),
    (BIT_BINARIES, "BIT_BINARIES"),
    (NEW_FLOATS, "NEW_FLOATS"),
    (UTF8_ATOMS, "UTF8_ATOMS"),
    (MAP_TAG, "MAP_TAG"),
    (BIG_CREATION, "BIG_CREATION"),
    (HANDSHAKE_23, "HANDSHAKE_23"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_otp_25() {
        assert_eq!(MANDATORY_OTP25, 0x1070F94);
        assert_eq!(RECOMMENDED, 0xD07470FBD);
        assert!(missing_mandatory(MANDATORY_25_DIGEST).is_empty());
        assert_eq!(
            missing_mandatory(MANDATORY_OTP25 & !HANDSHAKE_23),
            ["HANDSHAKE_23"]
        );
    }
}
