//! Text to statements: set-style lines, and the hierarchical style
//! tokenized and flattened, both become the same operations (`set`,
//! `delete`, `deactivate`, `activate` with their line and path, `security`
//! and `system` only); then the `set` statements still in force, and the
//! `security ike` / `security ipsec` deactivations.

use std::collections::HashMap;

use super::SET_VERBS;
use crate::evidence::ReadError;

/// Deepest `{` nesting accepted in the hierarchical style.
const MAX_DEPTH: usize = 64;

/// Most words the headers of the open blocks may add up to (real paths
/// have a few dozen); bounds the cost of flattening each statement.
const MAX_PATH_WORDS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Set,
    Delete,
    Deactivate,
    Activate,
}

#[derive(Debug)]
pub(super) struct Op {
    verb: Verb,
    pub(super) line: u32,
    pub(super) words: Vec<String>,
}

fn line_no(index: usize) -> u32 {
    u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX)
}

/// Only `security ...` and `system ...` statements matter here.
fn relevant(words: &[String]) -> bool {
    matches!(
        words.first().map(String::as_str),
        Some("security" | "system")
    )
}

pub(super) fn is_set_style(text: &str) -> bool {
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        return SET_VERBS.contains(&first);
    }
    false
}

/// Splits one set-style line into words: white space separates, `"..."`
/// quotes (with `\` escapes) group, `#` at the start of a word begins a
/// comment. An unterminated quote runs to the end of the line.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        if c == '#' {
            break;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == '"' {
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(e) = chars.next() {
                                word.push(e);
                            }
                        }
                        _ => word.push(q),
                    }
                }
            } else {
                word.push(c);
            }
        }
        words.push(word);
    }
    words
}

pub(super) fn set_style_ops(text: &str) -> Vec<Op> {
    let mut ops = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let verb = match t.split_whitespace().next() {
            Some("set") => Verb::Set,
            Some("delete") => Verb::Delete,
            Some("deactivate") => Verb::Deactivate,
            Some("activate") => Verb::Activate,
            _ => continue,
        };
        let mut words = split_words(t);
        if !words.is_empty() {
            words.remove(0);
        }
        if relevant(&words) {
            ops.push(Op {
                verb,
                line: line_no(i),
                words,
            });
        }
    }
    ops
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    Open,
    Close,
    Semi,
}

/// Tokens of the hierarchical style, each with its line.
fn tokenize(text: &str) -> Result<Vec<(u32, Tok)>, ReadError> {
    let mut toks = Vec::new();
    let mut line: u32 = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line = line.saturating_add(1),
            c if c.is_whitespace() => {}
            '#' => {
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let start = line;
                chars.next();
                let mut closed = false;
                while let Some(n) = chars.next() {
                    if n == '\n' {
                        line = line.saturating_add(1);
                    } else if n == '*' && chars.peek() == Some(&'/') {
                        chars.next();
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err(ReadError::new(start, 1, "a /* comment */ is never closed"));
                }
            }
            '{' => toks.push((line, Tok::Open)),
            '}' => toks.push((line, Tok::Close)),
            ';' => toks.push((line, Tok::Semi)),
            _ => {
                let start = line;
                let mut word = String::new();
                let mut c = c;
                loop {
                    if c == '"' {
                        let mut closed = false;
                        while let Some(q) = chars.next() {
                            match q {
                                '"' => {
                                    closed = true;
                                    break;
                                }
                                '\\' => {
                                    if let Some(e) = chars.next() {
                                        if e == '\n' {
                                            line = line.saturating_add(1);
                                        }
                                        word.push(e);
                                    }
                                }
                                '\n' => {
                                    line = line.saturating_add(1);
                                    word.push(q);
                                }
                                _ => word.push(q),
                            }
                        }
                        if !closed {
                            return Err(ReadError::new(
                                start,
                                1,
                                "a quoted string is never closed",
                            ));
                        }
                    } else {
                        word.push(c);
                    }
                    match chars.peek() {
                        Some(&n) if !n.is_whitespace() && !matches!(n, '{' | '}' | ';') => {
                            c = n;
                            chars.next();
                        }
                        _ => break,
                    }
                }
                toks.push((start, Tok::Word(word)));
            }
        }
    }
    Ok(toks)
}

/// Flattens the hierarchical style into set-style operations.
pub(super) fn hierarchical_ops(text: &str) -> Result<Vec<Op>, ReadError> {
    struct Frame {
        words: Vec<String>,
        line: u32,
        relevant: bool,
    }
    let toks = tokenize(text)?;
    let last_line = toks.last().map_or(1, |(l, _)| *l);
    let mut ops = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut pending_line = 1;
    let mut inactive = false;
    let mut path_words = 0usize;

    // Emits the statement made of the open containers and `words`.
    fn emit(
        ops: &mut Vec<Op>,
        stack: &[Frame],
        words: &[String],
        line: u32,
        inactive: bool,
        container: bool,
    ) {
        let root_relevant = stack.first().map_or(
            matches!(
                words.first().map(String::as_str),
                Some("security" | "system")
            ),
            |f| f.relevant,
        );
        if !root_relevant || (container && !inactive) {
            return;
        }
        let mut path: Vec<String> = stack.iter().flat_map(|f| f.words.iter().cloned()).collect();
        path.extend(words.iter().cloned());
        if inactive {
            ops.push(Op {
                verb: Verb::Deactivate,
                line,
                words: path.clone(),
            });
        }
        if !container {
            ops.push(Op {
                verb: Verb::Set,
                line,
                words: path,
            });
        }
    }

    for (line, tok) in toks {
        match tok {
            Tok::Word(w) => {
                if pending.is_empty() {
                    pending_line = line;
                    match w.as_str() {
                        "inactive:" => {
                            inactive = true;
                            continue;
                        }
                        "protect:" | "replace:" | "delete:" | "active:" => continue,
                        _ => {}
                    }
                }
                pending.push(w);
            }
            Tok::Semi => {
                if !pending.is_empty() {
                    emit(&mut ops, &stack, &pending, pending_line, inactive, false);
                }
                pending.clear();
                inactive = false;
            }
            Tok::Open => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ReadError::new(
                        line,
                        1,
                        format!("blocks are nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let words = std::mem::take(&mut pending);
                path_words += words.len();
                if path_words > MAX_PATH_WORDS {
                    return Err(ReadError::new(
                        line,
                        1,
                        format!(
                            "the open blocks' headers add up to more than {MAX_PATH_WORDS} words"
                        ),
                    ));
                }
                emit(&mut ops, &stack, &words, pending_line, inactive, true);
                let relevant = stack.first().map_or(
                    matches!(
                        words.first().map(String::as_str),
                        Some("security" | "system")
                    ),
                    |f| f.relevant,
                );
                stack.push(Frame {
                    words,
                    line,
                    relevant,
                });
                inactive = false;
            }
            Tok::Close => {
                if !pending.is_empty() {
                    emit(&mut ops, &stack, &pending, pending_line, inactive, false);
                    pending.clear();
                }
                inactive = false;
                let Some(closed) = stack.pop() else {
                    return Err(ReadError::new(
                        line,
                        1,
                        "unbalanced '}': no block is open here",
                    ));
                };
                path_words -= closed.words.len();
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(ReadError::new(
            last_line,
            1,
            format!(
                "unbalanced '{{': the block opened at line {} is never closed",
                open.line
            ),
        ));
    }
    if !pending.is_empty() {
        emit(&mut ops, &stack, &pending, pending_line, inactive, false);
    }
    Ok(ops)
}

/// Key of a statement path (words joined by NUL).
fn key(words: &[String]) -> String {
    let mut k = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            k.push('\0');
        }
        k.push_str(w);
    }
    k
}

/// Longest prefix looked up for `delete` / `deactivate` (the objects this
/// reader uses are at most this deep).
const MAX_PREFIX: usize = 12;

/// The `set` statements still in force after `delete`, `deactivate` and
/// `activate`, in order, and the `security ike` / `security ipsec`
/// deactivations still in force (line, path).
pub(super) fn active_statements(ops: Vec<Op>) -> (Vec<Op>, Vec<(u32, Vec<String>)>) {
    let mut deleted: HashMap<String, usize> = HashMap::new();
    let mut deactivated: HashMap<String, bool> = HashMap::new();
    for (seq, op) in ops.iter().enumerate() {
        match op.verb {
            Verb::Set => {}
            Verb::Delete => {
                deleted.insert(key(&op.words), seq);
            }
            Verb::Deactivate => {
                deactivated.insert(key(&op.words), true);
            }
            Verb::Activate => {
                deactivated.insert(key(&op.words), false);
            }
        }
    }
    let any_deactivated = deactivated.values().any(|&d| d);
    let mut in_force: Vec<(u32, Vec<String>)> = Vec::new();
    let mut noted: std::collections::HashSet<String> = std::collections::HashSet::new();
    for op in &ops {
        if op.verb == Verb::Deactivate
            && matches!(
                op.words.get(..2),
                Some([a, b]) if a == "security" && (b == "ike" || b == "ipsec")
            )
        {
            let k = key(&op.words);
            if deactivated.get(&k).copied().unwrap_or(false) && noted.insert(k) {
                in_force.push((op.line, op.words.clone()));
            }
        }
    }
    let active = ops
        .into_iter()
        .enumerate()
        .filter(|(seq, op)| {
            if op.verb != Verb::Set {
                return false;
            }
            if deleted.is_empty() && !any_deactivated {
                return true;
            }
            let mut k = String::new();
            for (i, w) in op.words.iter().take(MAX_PREFIX).enumerate() {
                if i > 0 {
                    k.push('\0');
                }
                k.push_str(w);
                if deleted.get(&k).is_some_and(|&d| d > *seq) {
                    return false;
                }
                if deactivated.get(&k).copied().unwrap_or(false) {
                    return false;
                }
            }
            true
        })
        .map(|(_, op)| op)
        .collect();
    (active, in_force)
}
