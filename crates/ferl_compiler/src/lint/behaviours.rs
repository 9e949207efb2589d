//! `-behaviour(B)`: the required callbacks of the OTP behaviours must be exported.

use std::collections::HashSet;
use std::path::Path;

use ferl_syntax::ast::Pos;

use super::Sink;

/// The required callbacks of the behaviours Ferl's standard library provides, in the
/// order their `behaviour_info(callbacks)` lists them.
fn callbacks(b: &str) -> Option<&'static [(&'static str, u32)]> {
    Some(match b {
        "gen_server" => &[("init", 1), ("handle_call", 3), ("handle_cast", 2)],
        "gen_statem" => &[("init", 1), ("callback_mode", 0)],
        "gen_event" => &[("init", 1), ("handle_event", 2), ("handle_call", 2)],
        "supervisor" => &[("init", 1)],
        "supervisor_bridge" => &[("init", 1), ("terminate", 2)],
        "application" => &[("start", 2), ("stop", 1)],
        _ => return None,
    })
}

pub(super) fn check(
    behaviours: &[(String, Pos)],
    _functions: &HashSet<(String, u32)>,
    exports: &[((String, u32), Pos)],
    export_all: bool,
    file: &str,
    sink: &mut Sink,
) {
    for (b, pos) in behaviours {
        match callbacks(b) {
            Some(cbs) => {
                for (name, arity) in cbs {
                    let key = (name.to_string(), *arity);
                    let exported = export_all && _functions.contains(&key)
                        || exports.iter().any(|(k, _)| *k == key);
                    if !exported {
                        sink.warning(
                            *pos,
                            format!("undefined callback function {name}/{arity} (behaviour '{b}')"),
                        );
                    }
                }
            }
            None => {
                // A behaviour of the user's own: known if its source or object file is
                // beside the module or in the current directory.
                let dir = Path::new(file).parent().unwrap_or(Path::new("."));
                let found = [dir, Path::new(".")].iter().any(|d| {
                    d.join(format!("{b}.erl")).exists() || d.join(format!("{b}.beam")).exists()
                });
                if !found {
                    sink.warning(*pos, format!("behaviour {b} undefined"));
                }
            }
        }
    }
}
