//! Argument parsing for the `ferl` and `ferlc` binaries. The binaries are thin: they parse
//! the command line like `erl` and `erlc` do and call into the library crates.

use std::path::PathBuf;

pub mod compiler_hook;
mod dist_args;
pub use dist_args::{parse_dist_args, DistArgs};

use ferl_vm::{BootConfig, StartAction};

/// Parses `ferl`'s command line (without the program name) the way `erl` reads it:
/// `-pa`/`-pz` take every following word up to the next flag, `-s`/`-run` take a module
/// and optional function and arguments, `-eval` one expression, `+S N` the scheduler
/// count; everything after `-extra` is left to the program.
pub fn parse_ferl_args(args: &[String]) -> BootConfig {
    let mut cfg = BootConfig {
        schedulers: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        argv: args.to_vec(),
        ..BootConfig::default()
    };
    let is_flag = |s: &str| s.starts_with('-') || s.starts_with('+');
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        let take_words = |i: &mut usize| {
            let mut v = Vec::new();
            while *i < args.len() && !is_flag(&args[*i]) {
                v.push(args[*i].clone());
                *i += 1;
            }
            v
        };
        match a {
            "-extra" => break,
            "-pa" => cfg
                .path_a
                .extend(take_words(&mut i).into_iter().map(PathBuf::from)),
            "-pz" => cfg
                .path_z
                .extend(take_words(&mut i).into_iter().map(PathBuf::from)),
            "-eval" => {
                if i < args.len() {
                    cfg.actions.push(StartAction::Eval(args[i].clone()));
                    i += 1;
                }
            }
            "-s" | "-run" => {
                let mut w = take_words(&mut i).into_iter();
                if let Some(m) = w.next() {
                    let f = w.next();
                    let rest: Vec<String> = w.collect();
                    cfg.actions.push(if a == "-s" {
                        StartAction::S(m, f, rest)
                    } else {
                        StartAction::Run(m, f, rest)
                    });
                }
            }
            "+S" => {
                if i < args.len() {
                    let n = args[i].split(':').next().unwrap_or("");
                    if let Ok(n) = n.parse::<usize>() {
                        if n > 0 {
                            cfg.schedulers = n;
                        }
                    }
                    i += 1;
                }
            }
            _ => {
                if let Some(rest) = a.strip_prefix("+S") {
                    if let Ok(n) = rest.split(':').next().unwrap_or("").parse::<usize>() {
                        cfg.schedulers = n.max(1);
                    }
                }
            }
        }
    }
    if let Ok(dir) = std::env::var("FERL_LIB_DIR") {
        if !dir.is_empty() {
            cfg.lib_dir = Some(PathBuf::from(dir));
        }
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_like_erl() {
        let c = parse_ferl_args(&v(&[
            "-noshell",
            "-pa",
            "a",
            "b",
            "-eval",
            "m:f(), halt().",
            "+S",
            "2",
            "-s",
            "m",
            "g",
            "x",
            "-pz",
            "z",
            "-extra",
            "-pa",
            "ignored",
        ]));
        assert_eq!(c.path_a, vec![PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(c.path_z, vec![PathBuf::from("z")]);
        assert_eq!(c.schedulers, 2);
        assert_eq!(c.actions.len(), 2);
        assert!(
            matches!(&c.actions[1], StartAction::S(m, Some(f), a) if m == "m" && f == "g" && a == &["x"])
        );
    }
}
