//! Just enough of Erlang's lexical structure for the line editor: where an expression ends
//! (a `.` followed by white space, outside strings, quoted atoms, character literals and
//! comments), which bracket matches which, and what word the cursor is completing.
//!
//! The terminal must not depend on the compiler, and it answers these questions on every
//! key press, so it keeps its own small scanner instead of calling the real `erl_scan`. It
//! never fails: any input is classified, however malformed.

/// What a byte of the input belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// Ordinary code: atoms, variables, numbers, operators, brackets, white space.
    Code,
    /// Inside a `"..."` string, quotes included.
    String,
    /// Inside a `'...'` quoted atom, quotes included.
    QuotedAtom,
    /// A character literal such as `$a`, `$\n` or `$.`.
    Char,
    /// A `%` comment up to the end of its line.
    Comment,
}

/// Classifies every byte of `text`. Multi-byte UTF-8 characters get the class of their
/// first byte on each of their bytes.
pub fn classify(text: &str) -> Vec<Class> {
    let bytes = text.as_bytes();
    let mut classes = vec![Class::Code; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => {
                let class = if q == b'"' {
                    Class::String
                } else {
                    Class::QuotedAtom
                };
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                classes[start..end].fill(class);
                i = end;
            }
            b'$' => {
                let end = char_literal_end(text, i);
                classes[i..end].fill(Class::Char);
                i = end;
            }
            b'%' => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| i + n);
                classes[i..end].fill(Class::Comment);
                i = end;
            }
            _ => i += 1,
        }
    }
    classes
}

/// The end (exclusive) of the character literal starting with the `$` at `start`.
fn char_literal_end(text: &str, start: usize) -> usize {
    let rest = &text[start + 1..];
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return text.len();
    };
    if first != '\\' {
        return start + 1 + first.len_utf8();
    }
    let Some((at, escaped)) = chars.next() else {
        return text.len();
    };
    let after = start + 1 + at + escaped.len_utf8();
    match escaped {
        // `$\x{1F600}` and `$\xFF`
        'x' => {
            let tail = &text[after..];
            if let Some(body) = tail.strip_prefix('{') {
                body.find('}').map_or(text.len(), |n| after + 1 + n + 1)
            } else {
                after + hex_run(tail, 2)
            }
        }
        // `$\^A`: control characters
        '^' => text[after..]
            .chars()
            .next()
            .map_or(text.len(), |c| after + c.len_utf8()),
        // `$\123`: up to three octal digits
        '0'..='7' => after + octal_run(&text[after..], 2),
        _ => after,
    }
}

fn hex_run(text: &str, max: usize) -> usize {
    text.bytes()
        .take(max)
        .take_while(u8::is_ascii_hexdigit)
        .count()
}

fn octal_run(text: &str, max: usize) -> usize {
    text.bytes()
        .take(max)
        .take_while(|b| (b'0'..=b'7').contains(b))
        .count()
}

/// Byte offsets of the terminating dots in `text`: a `.` in code followed by white space,
/// a `%` or the end of the text, and not the decimal point of a float (`1.5`) nor part of
/// `..` / `...`. This is the rule `erl_scan` uses for its `dot` token.
pub fn terminators(text: &str) -> Vec<usize> {
    let classes = classify(text);
    let bytes = text.as_bytes();
    let mut dots = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'.' || classes[i] != Class::Code {
            continue;
        }
        if i > 0 && bytes[i - 1] == b'.' && classes[i - 1] == Class::Code {
            continue;
        }
        match bytes.get(i + 1) {
            None => dots.push(i),
            Some(&next) if next.is_ascii_whitespace() || next == b'%' => dots.push(i),
            Some(_) => {}
        }
    }
    dots
}

/// True when `text` holds at least one complete expression, that is a terminating dot
/// (see [`terminators`]). White space and comments alone count as complete too, so that
/// Enter on an empty line gives a new prompt as in erl.
pub fn is_complete(text: &str) -> bool {
    let classes = classify(text);
    let blank = text
        .bytes()
        .zip(&classes)
        .all(|(b, c)| *c == Class::Comment || b.is_ascii_whitespace());
    blank || !terminators(text).is_empty()
}

fn closing(open: u8) -> Option<u8> {
    match open {
        b'(' => Some(b')'),
        b'[' => Some(b']'),
        b'{' => Some(b'}'),
        _ => None,
    }
}

fn opening(close: u8) -> Option<u8> {
    match close {
        b')' => Some(b'('),
        b']' => Some(b'['),
        b'}' => Some(b'{'),
        _ => None,
    }
}

/// `<<` and `>>` count as brackets too, as a pair of bytes; `fun`/`end`-style keywords do not.
/// Returns the offset of the bracket matching the one at `at`, if `at` holds a bracket in code.
pub fn matching_bracket(text: &str, at: usize) -> Option<usize> {
    let classes = classify(text);
    let bytes = text.as_bytes();
    let b = *bytes.get(at)?;
    if classes[at] != Class::Code {
        return None;
    }
    let in_code = |i: usize| classes[i] == Class::Code;
    if let Some(close) = closing(b) {
        let mut depth = 0usize;
        for (i, &c) in bytes.iter().enumerate().skip(at) {
            if !in_code(i) {
                continue;
            }
            if c == b {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
        None
    } else if let Some(open) = opening(b) {
        let mut depth = 0usize;
        for i in (0..=at).rev() {
            if !in_code(i) {
                continue;
            }
            if bytes[i] == b {
                depth += 1;
            } else if bytes[i] == open {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
        None
    } else {
        None
    }
}

/// What the word before the cursor could complete to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// `lists:rev|`: a function of `module`, starting with `prefix`.
    Function { module: String, prefix: String },
    /// `Va|`: a variable.
    Variable(String),
    /// `lis|`: a module name or a shell function.
    Atom(String),
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'@' || b >= 0x80
}

/// The word ending at `pos` and its start offset, or `None` when the cursor is in a
/// string, a comment, or after something that is not a name.
pub fn word_at(text: &str, pos: usize) -> Option<(usize, Word)> {
    let pos = pos.min(text.len());
    if !text.is_char_boundary(pos) {
        return None;
    }
    let head = &text[..pos];
    let classes = classify(head);
    if pos > 0 && classes[pos - 1] != Class::Code {
        return None;
    }
    let bytes = head.as_bytes();
    let start = bytes
        .iter()
        .rposition(|&b| !is_name_byte(b))
        .map_or(0, |i| i + 1);
    let prefix = &head[start..];
    if prefix.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if start > 0 && bytes[start - 1] == b':' && !(start > 1 && bytes[start - 2] == b':') {
        let mod_end = start - 1;
        let mod_start = bytes[..mod_end]
            .iter()
            .rposition(|&b| !is_name_byte(b))
            .map_or(0, |i| i + 1);
        let module = &head[mod_start..mod_end];
        let first = module.as_bytes().first()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        return Some((
            start,
            Word::Function {
                module: module.to_string(),
                prefix: prefix.to_string(),
            },
        ));
    }
    match prefix.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() || *b == b'_' => {
            Some((start, Word::Variable(prefix.to_string())))
        }
        Some(b) if b.is_ascii_lowercase() => Some((start, Word::Atom(prefix.to_string()))),
        // An empty word completes nothing: Tab at the start of a line is just a Tab press.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expression_is_complete_only_after_a_terminating_dot() {
        assert!(is_complete("1 + 2."));
        assert!(is_complete("1 + 2. "));
        assert!(is_complete("foo(). % done"));
        assert!(is_complete("X = 1. Y"));
        assert!(is_complete(""));
        assert!(is_complete("   "));
        assert!(is_complete("% just a comment"));
        assert!(!is_complete("foo("));
        assert!(!is_complete("1.5"));
        assert!(!is_complete("X = 1.5e3"));
        assert!(!is_complete("R#rec.field"));
        assert!(!is_complete("\"a. b\""));
        assert!(!is_complete("\"unterminated. "));
        assert!(!is_complete("'a. b'"));
        assert!(!is_complete("$. "));
        assert!(is_complete("$. ."));
        assert!(!is_complete("[$\\. ]"));
        assert!(!is_complete("foo() % a comment. with a dot"));
        assert!(is_complete("foo() % a comment.\n."));
        assert!(!is_complete("\"esc \\\". \""));
        assert!(!is_complete("[1..2]"));
    }

    #[test]
    fn terminators_are_found_in_order() {
        assert_eq!(terminators("X = 1. Y = 2.\n"), vec![5, 12]);
        assert_eq!(terminators("\"a.\" ."), vec![5]);
        assert_eq!(terminators("$\\x{2E}. ok."), vec![7, 11]);
    }

    #[test]
    fn char_literals_of_every_form_are_skipped() {
        let text = "[$a, $\\n, $\\x{41}, $\\xff, $\\101, $\\^A, $é]";
        let classes = classify(text);
        let code: String = text
            .char_indices()
            .filter(|(i, _)| classes[*i] == Class::Code)
            .map(|(_, c)| c)
            .collect();
        assert_eq!(code, "[, , , , , , ]");
    }

    #[test]
    fn brackets_match_outside_strings() {
        let text = "foo({a, \")\"}, [1])";
        assert_eq!(matching_bracket(text, 3), Some(text.len() - 1));
        assert_eq!(matching_bracket(text, text.len() - 1), Some(3));
        assert_eq!(matching_bracket(text, 4), Some(11));
        assert_eq!(matching_bracket(text, 9), None);
        assert_eq!(matching_bracket("(((", 0), None);
        assert_eq!(matching_bracket("a", 5), None);
    }

    #[test]
    fn words_to_complete() {
        assert_eq!(
            word_at("lists:rev", 9),
            Some((
                6,
                Word::Function {
                    module: "lists".into(),
                    prefix: "rev".into()
                }
            ))
        );
        assert_eq!(
            word_at("X = lists:", 10),
            Some((
                10,
                Word::Function {
                    module: "lists".into(),
                    prefix: String::new()
                }
            ))
        );
        assert_eq!(word_at("foo(Va", 6), Some((4, Word::Variable("Va".into()))));
        assert_eq!(word_at("lis", 3), Some((0, Word::Atom("lis".into()))));
        assert_eq!(word_at("\"lis", 4), None);
        assert_eq!(word_at("12", 2), None);
        assert_eq!(word_at("", 0), None);
        assert_eq!(word_at("X:", 2), None);
        assert_eq!(word_at("é", 1), None);
    }

    #[test]
    fn unterminated_input_never_panics() {
        for text in [
            "\"", "'", "$", "$\\", "$\\x", "$\\x{", "%", "\"\\", "<<", "$\\^",
        ] {
            let _ = classify(text);
            let _ = is_complete(text);
            for pos in 0..=text.len() {
                let _ = word_at(text, pos);
                let _ = matching_bracket(text, pos);
            }
        }
    }
}
