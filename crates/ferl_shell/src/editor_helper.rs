//! The rustyline helper: what the line editor knows about Erlang. It completes module
//! names, `module:` functions with their arities, shell functions and bound variables; it
//! highlights the bracket matching the one at the cursor; and it keeps Enter from ending
//! the input until an expression is terminated by a `.`.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustyline::completion::{Candidate, Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use crate::host::Host;
use crate::lexical::{self, Word};

/// The module whose exports are the shell's own functions (`c/1`, `l/1`, `b/0`, ...).
const SHELL_FUNCTIONS_MODULE: &str = "shell_default";
/// Users extend the shell with this module, as in erl.
const USER_FUNCTIONS_MODULE: &str = "user_default";
/// The commands the shell process handles itself (they are in no module).
const SHELL_COMMANDS: &[(&str, u32)] = &[
    ("b", 0),
    ("catch_exception", 1),
    ("e", 1),
    ("f", 0),
    ("f", 1),
    ("h", 0),
    ("history", 1),
    ("rd", 2),
    ("results", 1),
    ("rf", 0),
    ("rf", 1),
    ("rl", 0),
    ("rl", 1),
    ("rp", 1),
    ("rr", 1),
    ("rr", 2),
    ("rr", 3),
    ("v", 1),
];

pub(crate) struct ErlangHelper {
    pub(crate) host: Arc<dyn Host>,
    pub(crate) variables: Arc<Mutex<Vec<String>>>,
    /// Whether the pending read wants an expression (validated) or a plain line.
    expression: Arc<AtomicBool>,
    /// The bracket to highlight at the next redraw, as found by `highlight_char`.
    bracket: std::cell::Cell<Option<usize>>,
}

impl ErlangHelper {
    pub(crate) fn new(
        host: Arc<dyn Host>,
        variables: Arc<Mutex<Vec<String>>>,
        expression: Arc<AtomicBool>,
    ) -> Self {
        ErlangHelper {
            host,
            variables,
            expression,
            bracket: std::cell::Cell::new(None),
        }
    }
}

/// The completion candidates for `line` with the cursor at `pos`, and where the replaced
/// word starts. Kept apart from the rustyline trait so it can be tested directly.
pub(crate) fn candidates(
    host: &dyn Host,
    variables: &[String],
    line: &str,
    pos: usize,
) -> (usize, Vec<Pair>) {
    let Some((start, word)) = lexical::word_at(line, pos) else {
        return (pos, Vec::new());
    };
    let mut found: Vec<Pair> = match word {
        Word::Function { module, prefix } => function_pairs(host, &module, &prefix),
        Word::Variable(prefix) => variables
            .iter()
            .filter(|v| v.starts_with(&prefix))
            .map(|v| Pair {
                display: v.clone(),
                replacement: v.clone(),
            })
            .collect(),
        Word::Atom(prefix) => {
            let mut pairs: Vec<Pair> = host
                .modules()
                .into_iter()
                .filter(|m| m.starts_with(&prefix))
                .map(|m| Pair {
                    replacement: format!("{m}:"),
                    display: m,
                })
                .collect();
            for module in [SHELL_FUNCTIONS_MODULE, USER_FUNCTIONS_MODULE] {
                pairs.extend(function_pairs(host, module, &prefix));
            }
            pairs.extend(
                SHELL_COMMANDS
                    .iter()
                    .filter(|(name, _)| name.starts_with(prefix.as_str()))
                    .map(|(name, arity)| Pair {
                        display: format!("{name}/{arity}"),
                        replacement: format!("{name}("),
                    }),
            );
            pairs
        }
    };
    found.sort_by(|a, b| a.display.cmp(&b.display));
    found.dedup_by(|a, b| a.display == b.display);
    (start, found)
}

fn function_pairs(host: &dyn Host, module: &str, prefix: &str) -> Vec<Pair> {
    host.functions(module)
        .into_iter()
        .filter(|(name, _)| name.starts_with(prefix) && name != "module_info")
        .map(|(name, arity)| Pair {
            display: format!("{name}/{arity}"),
            replacement: format!("{name}("),
        })
        .collect()
}

impl Completer for ErlangHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let variables = self.variables.lock().map(|v| v.clone()).unwrap_or_default();
        let (start, mut pairs) = candidates(self.host.as_ref(), &variables, line, pos);
        // `lists:reverse/1` and `lists:reverse/2` both insert `reverse(`: offer it once
        // when it is the only thing the user can get, so a single Tab completes it.
        if pairs.len() > 1
            && pairs
                .iter()
                .all(|p| p.replacement() == pairs[0].replacement())
        {
            pairs.truncate(1);
        }
        Ok((start, pairs))
    }
}

impl Hinter for ErlangHelper {
    type Hint = String;
}

impl Validator for ErlangHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        if !self.expression.load(Ordering::SeqCst) || lexical::is_complete(ctx.input()) {
            Ok(ValidationResult::Valid(None))
        } else {
            Ok(ValidationResult::Incomplete)
        }
    }
}

/// Bold blue, as rustyline's own bracket highlighter uses.
const HIGHLIGHT_ON: &str = "\x1b[1;34m";
const HIGHLIGHT_OFF: &str = "\x1b[0m";

/// The bracket to highlight for a cursor at `pos`: the match of the bracket under the
/// cursor, or else of the one just before it (the one just typed).
pub(crate) fn bracket_to_highlight(line: &str, pos: usize) -> Option<usize> {
    lexical::matching_bracket(line, pos).or_else(|| {
        pos.checked_sub(1)
            .and_then(|p| lexical::matching_bracket(line, p))
    })
}

impl Highlighter for ErlangHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        match self.bracket.get() {
            Some(at) if at < line.len() && line.is_char_boundary(at + 1) => {
                let mut out = String::with_capacity(line.len() + 12);
                out.push_str(&line[..at]);
                out.push_str(HIGHLIGHT_ON);
                out.push_str(&line[at..=at]);
                out.push_str(HIGHLIGHT_OFF);
                out.push_str(&line[at + 1..]);
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(line),
        }
    }

    fn highlight_char(&self, line: &str, pos: usize, kind: CmdKind) -> bool {
        let before = self.bracket.get();
        let now = if kind == CmdKind::ForcedRefresh {
            None
        } else {
            bracket_to_highlight(line, pos)
        };
        self.bracket.set(now);
        now.is_some() || before.is_some()
    }
}

impl Helper for ErlangHelper {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::tests::FakeHost;

    fn shown(pairs: &[Pair]) -> Vec<&str> {
        pairs.iter().map(|p| p.display.as_str()).collect()
    }

    #[test]
    fn completes_modules_and_shell_functions() {
        let host = FakeHost;
        let (start, pairs) = candidates(&host, &[], "X = li", 6);
        assert_eq!(start, 4);
        assert_eq!(shown(&pairs), ["lists", "lists_extra"]);
        assert_eq!(pairs[0].replacement, "lists:");
        let (_, pairs) = candidates(&host, &[], "l", 1);
        assert_eq!(shown(&pairs), ["l/1", "lists", "lists_extra", "lm/0"]);
        assert_eq!(pairs[0].replacement, "l(");
        let (_, pairs) = candidates(&host, &[], "r", 1);
        assert_eq!(
            shown(&pairs),
            [
                "rd/2",
                "results/1",
                "rf/0",
                "rf/1",
                "rl/0",
                "rl/1",
                "rp/1",
                "rr/1",
                "rr/2",
                "rr/3"
            ]
        );
    }

    #[test]
    fn completes_functions_with_arities() {
        let host = FakeHost;
        let (start, pairs) = candidates(&host, &[], "lists:re", 8);
        assert_eq!(start, 6);
        assert_eq!(shown(&pairs), ["reverse/1", "reverse/2"]);
        assert!(pairs.iter().all(|p| p.replacement == "reverse("));
        let (_, pairs) = candidates(&host, &[], "lists:", 6);
        assert_eq!(shown(&pairs), ["map/2", "reverse/1", "reverse/2", "seq/2"]);
        let (_, pairs) = candidates(&host, &[], "nosuch:", 7);
        assert!(pairs.is_empty());
    }

    #[test]
    fn completes_bound_variables() {
        let host = FakeHost;
        let vars = vec!["Linked".to_string(), "List".to_string(), "Ref".to_string()];
        let (start, pairs) = candidates(&host, &vars, "is_process_alive(Li", 19);
        assert_eq!(start, 17);
        assert_eq!(shown(&pairs), ["Linked", "List"]);
    }

    #[test]
    fn nothing_to_complete_inside_strings() {
        let host = FakeHost;
        assert!(candidates(&host, &[], "\"lis", 4).1.is_empty());
    }

    #[test]
    fn highlights_the_matching_bracket() {
        assert_eq!(bracket_to_highlight("foo(1)", 6), Some(3));
        assert_eq!(bracket_to_highlight("foo(1)", 3), Some(5));
        assert_eq!(bracket_to_highlight("foo(1", 5), None);
        assert_eq!(bracket_to_highlight("\"(\")", 4), None);
    }
}
