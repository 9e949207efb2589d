//! MD5 digests (`module_info(md5)`, `erlang:md5/1`).

use ::md5::{Digest, Md5};

pub fn digest(bytes: &[u8]) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(bytes);
    h.finalize().into()
}
