//! Lint for Erlang forms: the errors and warnings of erl_lint, worded as erlc prints them.
//!
//! Invariant: reads the AST of `ferl_syntax` and reports; it never changes the forms and
//! knows nothing of code generation. The compiler refuses to generate code for a module
//! with errors; the shell lints each expression sequence before evaluating it.
