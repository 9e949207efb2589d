//! Reads files written by real erlc (the conformance corpus and the benchmarks, compiled
//! into a temporary directory) and checks that every one decodes completely and comes back
//! byte-identical, chunk by chunk, when written again.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compiles every .erl under `dirs` with erlc; None when erlc is not installed.
fn compile_with_erlc(dirs: &[&str]) -> Option<Vec<PathBuf>> {
    if Command::new("erlc").arg("-h").output().is_err() {
        eprintln!("erlc not found: skipping the erlc cross-check");
        return None;
    }
    let out = std::env::temp_dir().join(format!("ferl_beam_test_{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut beams = Vec::new();
    for dir in dirs {
        let dir = repo_root().join(dir);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "erl") {
                let status = Command::new("erlc")
                    .arg("-o")
                    .arg(&out)
                    .arg("-I")
                    .arg(&dir)
                    .arg(&path)
                    .output()
                    .unwrap();
                assert!(status.status.success(), "erlc failed on {}", path.display());
                let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
                beams.push(out.join(format!("{stem}.beam")));
            }
        }
    }
    Some(beams)
}

#[test]
fn erlc_files_read_and_write_back() {
    let Some(beams) = compile_with_erlc(&["tests/conformance/cases", "benches/programs"]) else {
        return;
    };
    assert!(beams.len() > 30);
    for path in beams {
        let bytes = std::fs::read(&path).unwrap();
        let file = ferl_beam::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(file.module_name(), Some(stem));
        assert_eq!(file.code.last().unwrap().name(), "int_code_end");
        assert!(!file.exports.is_empty());
        let disasm = ferl_beam::disasm::disassemble(&file);
        assert!(disasm.contains("func_info"), "{disasm}");
        let again = ferl_beam::write(&file);
        let original = ferl_beam::read::chunks(&bytes).unwrap();
        let rewritten = ferl_beam::read::chunks(&again).unwrap();
        for (id, data) in &original {
            if id == b"LitT" {
                // Compression may differ; compare the decoded literals instead.
                continue;
            }
            let (_, new) = rewritten
                .iter()
                .find(|(nid, _)| nid == id)
                .unwrap_or_else(|| panic!("{}: chunk {:?} lost", path.display(), id));
            assert_eq!(
                data,
                new,
                "{}: chunk {}",
                path.display(),
                String::from_utf8_lossy(id)
            );
        }
        assert_eq!(ferl_beam::read(&again).unwrap(), file, "{}", path.display());
    }
}

#[test]
fn corrupt_files_are_errors_not_panics() {
    let Some(beams) = compile_with_erlc(&["benches/programs"]) else {
        return;
    };
    let bytes = std::fs::read(&beams[0]).unwrap();
    // Every truncation, and a byte flipped at many positions.
    for len in 0..bytes.len() {
        let _ = ferl_beam::read(&bytes[..len]);
    }
    for pos in (0..bytes.len()).step_by(3) {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut b = bytes.clone();
            b[pos] ^= flip;
            let _ = ferl_beam::read(&b);
        }
    }
    assert!(ferl_beam::read(b"FOR1\0\0\0\x04BEAM").is_err());
}
