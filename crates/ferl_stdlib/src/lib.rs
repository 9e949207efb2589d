//! Ferl's standard library: the Erlang modules under `lib/`, compiled by `ferl_compiler`
//! when this crate is built (see build.rs) and embedded here as .beam images.
//!
//! Invariant: no file of Erlang/OTP is read or embedded; everything here is built from
//! Ferl's own sources by Ferl's own compiler.

/// The embedded modules: (module name, .beam image), sorted by source file name.
pub fn modules() -> &'static [(&'static str, &'static [u8])] {
    include!(concat!(env!("OUT_DIR"), "/modules.rs"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_module_is_a_beam_file_named_after_itself() {
        let modules = super::modules();
        assert!(modules.iter().any(|(m, _)| *m == "lists"));
        for (name, beam) in modules {
            let file = ferl_beam::read(beam).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(file.module_name(), Some(*name));
        }
    }
}
