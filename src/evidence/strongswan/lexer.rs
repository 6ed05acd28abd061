//! The swanctl.conf tokenizer, cutting the strongswan.conf(5) syntax as
//! strongSwan's `settings_lexer.l` does: names, `{` `}` `=` `:` `,`, line
//! ends, `#` comments, `include PATTERN` (with its escapes and quoting) and
//! the value after `=` (words and `"..."` strings with escapes, joined with
//! one space). Positions are lines and columns counted in characters from 1.
//! ipsec.conf needs no tokenizer: `ipsec_conf` reads it line by line.

use crate::evidence::ReadError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Eof,
    Newline,
    Open,
    Close,
    Eq,
    Colon,
    Comma,
    Name(String),
    Include(String),
}

#[derive(Clone)]
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    col: u32,
}

fn is_name_byte(b: u8) -> bool {
    !matches!(
        b,
        b'#' | b'{' | b'}' | b'=' | b'"' | b':' | b',' | b'\r' | b'\n' | b'\t' | b' '
    )
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lexer {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, off: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + off).copied()
    }

    fn bump(&mut self, n: usize) {
        let end = (self.pos + n).min(self.text.len());
        for &b in &self.text.as_bytes()[self.pos..end] {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
        self.pos = end;
    }

    /// Length of the run from `pos` of bytes satisfying `f`.
    fn run(&self, f: impl Fn(u8) -> bool) -> usize {
        self.text.as_bytes()[self.pos..]
            .iter()
            .take_while(|&&b| f(b))
            .count()
    }

    fn err(&self, line: u32, col: u32, msg: &str) -> ReadError {
        ReadError::new(line, col, msg)
    }

    /// The next token outside a value, with its position.
    pub(super) fn next(&mut self) -> Result<(Tok, u32, u32), ReadError> {
        loop {
            let (line, col) = (self.line, self.col);
            let Some(b) = self.peek() else {
                return Ok((Tok::Eof, line, col));
            };
            let tok = match b {
                b' ' | b'\t' | b'\r' => {
                    self.bump(1);
                    continue;
                }
                b'#' => {
                    let n = self.run(|b| b != b'\n');
                    self.bump(n);
                    continue;
                }
                b'\n' => Tok::Newline,
                b'{' => Tok::Open,
                b'}' => Tok::Close,
                b'=' => Tok::Eq,
                b':' => Tok::Colon,
                b',' => Tok::Comma,
                b'"' => return Err(self.err(line, col, "unexpected quoted string")),
                _ => {
                    let n = self.run(is_name_byte);
                    let name = &self.text[self.pos..self.pos + n];
                    self.bump(n);
                    if name == "include" {
                        let ws = self.run(|b| b == b' ' || b == b'\t');
                        if ws > 0 && self.peek_at(ws).is_some_and(|b| b != b'=') {
                            self.bump(ws);
                            let pattern = self.include_pattern()?;
                            return Ok((Tok::Include(pattern), line, col));
                        }
                    }
                    return Ok((Tok::Name(name.to_string()), line, col));
                }
            };
            self.bump(1);
            return Ok((tok, line, col));
        }
    }

    /// An include pattern: up to white space, `#`, `}` or the end of the
    /// line; `\"`, `\#`, `\}`, `\ ` escape; a quoted string may hold spaces.
    fn include_pattern(&mut self) -> Result<String, ReadError> {
        let mut out = String::new();
        loop {
            match self.peek() {
                None | Some(b'#' | b'}' | b'\n' | b'\t' | b' ') => return Ok(out),
                Some(b'\r') => self.bump(1),
                Some(b'"') => {
                    self.bump(1);
                    let s = self.string()?;
                    out.push_str(&s);
                    return Ok(out);
                }
                Some(b'\\') => match self.peek_at(1) {
                    Some(c @ (b'"' | b'#' | b'}' | b' ')) => {
                        out.push(c as char);
                        self.bump(2);
                    }
                    _ => {
                        out.push('\\');
                        self.bump(1);
                    }
                },
                Some(_) => {
                    let n = self.run(|b| {
                        !matches!(b, b'"' | b'\\' | b'#' | b'}' | b'\r' | b'\n' | b'\t' | b' ')
                    });
                    out.push_str(&self.text[self.pos..self.pos + n]);
                    self.bump(n);
                }
            }
        }
    }

    /// A quoted string, the opening quote already consumed.
    fn string(&mut self) -> Result<String, ReadError> {
        let (line, col) = (self.line, self.col.saturating_sub(1).max(1));
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err(line, col, "unterminated quoted string")),
                Some(b'"') => {
                    self.bump(1);
                    return Ok(out);
                }
                Some(b'\r') => self.bump(1),
                Some(b'\\') => match self.peek_at(1) {
                    None => return Err(self.err(line, col, "unterminated quoted string")),
                    Some(b'n') => {
                        out.push('\n');
                        self.bump(2);
                    }
                    Some(b'r') => {
                        out.push('\r');
                        self.bump(2);
                    }
                    Some(b't') => {
                        out.push('\t');
                        self.bump(2);
                    }
                    Some(b'\n') => self.bump(2),
                    Some(b'\r') if self.peek_at(2) == Some(b'\n') => self.bump(3),
                    Some(_) => {
                        let c = self.text[self.pos + 1..].chars().next().unwrap_or('\\');
                        out.push(c);
                        self.bump(1 + c.len_utf8());
                    }
                },
                Some(_) => {
                    let n = self.run(|b| !matches!(b, b'\\' | b'\r' | b'"'));
                    out.push_str(&self.text[self.pos..self.pos + n]);
                    self.bump(n);
                }
            }
        }
    }

    /// A value after `=`: words and quoted strings up to `#`, `}` or the end
    /// of the line, joined with single spaces. None when empty.
    pub(super) fn value(&mut self) -> Result<Option<String>, ReadError> {
        let mut parts: Vec<String> = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'#' | b'}' | b'\n') => break,
                Some(b' ' | b'\t' | b'\r') => self.bump(1),
                Some(b'"') => {
                    self.bump(1);
                    parts.push(self.string()?);
                }
                Some(_) => {
                    let n = self
                        .run(|b| !matches!(b, b'#' | b'}' | b'"' | b'\r' | b'\n' | b'\t' | b' '));
                    parts.push(self.text[self.pos..self.pos + n].to_string());
                    self.bump(n);
                }
            }
        }
        Ok((!parts.is_empty()).then(|| parts.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use crate::evidence::NoIncludes;
    use crate::evidence::strongswan::read_swanctl;

    #[test]
    fn lexer_values_and_strings() {
        let facts = read_swanctl(
            "connections {\n a { remote_addrs = \"192.0.2.1\"  # c\n proposals = aes256  -sha256-modp3072 }\n}\n",
            &mut NoIncludes,
        )
        .unwrap();
        let t = &facts.tunnels[0];
        assert_eq!(t.peer.as_deref(), Some("192.0.2.1"));
        // Words are joined by one space; strongSwan trims the spaces around
        // each '-'-separated token, and derives the PRF from SHA-256.
        assert_eq!(t.ike, ["aes256-sha256-modp3072-prfsha256"]);
        assert_eq!(t.lines.ike, 3);
    }
}
