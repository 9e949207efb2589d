//! The interactive shell's terminal side: line editing, history, completion, and the
//! io server that the shell's evaluator process writes to and reads from.
