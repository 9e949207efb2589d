//! The linter: erl_lint's checks, with erlc's wording.

use ferl_syntax::ast::ParsedModule;
use ferl_syntax::Diagnostic;

#[derive(Default)]
pub struct LintResult {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

pub fn lint(_m: &ParsedModule) -> LintResult {
    LintResult::default()
}
