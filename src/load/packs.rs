//! The obligation packs an audit applies: the built-in ones, those the
//! usage policy or `--pack` names, and those found by walking; a pack's ids
//! may not clash with another's or a built-in one's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::discover::inside_tree;
use crate::load::read::Parsed;
use crate::load::request::{BUILTIN_PACKS, LoadFailure, LoadRequest, looks_like_ours};
use crate::model::input::Kind;
use crate::model::policy::UsagePolicy;
use crate::source::{BUILTIN_PREFIX, Pos, SourceMap, display_path, read_text};
use crate::syntax::node::{Node, NodeValue, ParseError};
use crate::syntax::yaml;
use crate::validate::pack::Pack;
use crate::validate::pack::read_pack;
use crate::validate::read::Reader;

pub(super) fn load_packs(
    req: &LoadRequest,
    policy: &UsagePolicy,
    parsed: &[Parsed],
    roots: &[PathBuf],
    diags: &mut Diagnostics,
    sources: &mut SourceMap,
) -> (Vec<Pack>, Vec<Pack>) {
    let mut wanted: Vec<(String, Option<(String, Pos)>)> = Vec::new();
    for p in &policy.packs {
        wanted.push((
            p.value.clone(),
            policy.path.clone().map(|path| (path, p.pos)),
        ));
    }
    for p in &req.packs {
        wanted.push((p.clone(), None));
    }
    let policy_dir = policy.path.as_ref().map(|p| {
        Path::new(p)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let mut packs: Vec<Pack> = Vec::new();
    let mut used_files: Vec<String> = Vec::new();
    for (name, from) in wanted {
        let builtin = BUILTIN_PACKS.iter().find(|(id, _)| *id == name);
        let pack = if let Some((_, text)) = builtin {
            let display = format!("{BUILTIN_PREFIX}{name}");
            sources.insert(&display, Arc::from(*text));
            let root = match yaml::parse(text) {
                Ok(r) => r,
                Err(e) => {
                    diags.push(Diagnostic::error(Code::Syntax, &display, e.pos, e.message));
                    continue;
                }
            };
            let mut r = Reader::new(&display, diags);
            read_pack(&mut r, &root)
        } else {
            // A file: relative to the policy when the policy names it.
            let fs_path = match (&from, &policy_dir) {
                (Some(_), Some(dir)) if Path::new(&name).is_relative() => dir.join(&name),
                _ => PathBuf::from(&name),
            };
            let display = display_path(&fs_path);
            used_files.push(display.clone());
            // A pack the policy names is confined to the audit tree like a
            // linked config: a policy under review must not read other files
            // of the machine (a pack named on the command line was chosen by
            // whoever runs the audit).
            if from.is_some()
                && !req.allow_external_packs
                && inside_tree(&fs_path, roots) == Some(false)
            {
                push_ref_error(
                    diags,
                    &from,
                    Code::Unreadable,
                    format!(
                        "pack file {display} resolves outside the audit tree; not read (pass --allow-external-packs to allow it)"
                    ),
                );
                continue;
            }
            match parsed.iter().find(|p| p.display == display) {
                Some(p) if p.kind == Kind::Obligations => {
                    let Some(root) = p.content.tree() else {
                        continue;
                    };
                    let mut r = Reader::new(&display, diags);
                    read_pack(&mut r, root)
                }
                Some(p) => {
                    let msg = format!(
                        "{display} is {} file, not an obligation pack",
                        with_article(p.kind.as_str())
                    );
                    push_ref_error(diags, &from, Code::WrongKind, msg);
                    continue;
                }
                None => match load_pack_file(&fs_path, &display, &from, diags, sources) {
                    Some(p) => Some(p),
                    None => {
                        if !fs_path.exists() {
                            let builtin: Vec<&str> =
                                BUILTIN_PACKS.iter().map(|(id, _)| *id).collect();
                            let msg = format!(
                                "no built-in pack or pack file \"{name}\" (built-in packs: {})",
                                builtin.join(", ")
                            );
                            push_ref_error(diags, &from, Code::Unreadable, msg);
                        }
                        continue;
                    }
                },
            }
        };
        let Some(pack) = pack else { continue };
        if builtin.is_none() && !check_own_ids(&pack, diags) {
            continue;
        }
        if let Some(prev) = packs.iter().find(|p| p.id == pack.id) {
            if prev.path != pack.path {
                push_ref_error(
                    diags,
                    &from,
                    Code::Duplicate,
                    format!(
                        "pack id \"{}\" is used by both {} and {}",
                        pack.id, prev.path, pack.path
                    ),
                );
            }
            continue;
        }
        packs.push(pack);
    }
    // Pack files found by walking but named by nothing.
    let mut unused = Vec::new();
    for p in parsed
        .iter()
        .filter(|p| p.kind == Kind::Obligations && !used_files.contains(&p.display))
    {
        if let Some(root) = p.content.tree() {
            let mut r = Reader::new(&p.display, diags);
            if let Some(pack) = read_pack(&mut r, root)
                && check_own_ids(&pack, diags)
            {
                unused.push(pack);
                diags.push(Diagnostic::note(
                    Code::UnusedPack,
                    &p.display,
                    root.pos,
                    "obligation pack not applied: list it under the policy's packs or pass --pack",
                ));
            }
        }
    }
    (packs, unused)
}

pub(super) fn push_ref_error(
    diags: &mut Diagnostics,
    from: &Option<(String, Pos)>,
    code: Code,
    msg: String,
) {
    match from {
        Some((path, pos)) => diags.push(Diagnostic::error(code, path, *pos, msg)),
        None => diags.push(Diagnostic::usage(format!("--pack: {msg}"))),
    }
}

/// A custom pack may not pass itself off as a built-in one: neither its id
/// nor any rule id may be a built-in pack's. Reports the clash; true when
/// there is none.
pub(super) fn check_own_ids(pack: &Pack, diags: &mut Diagnostics) -> bool {
    let mut own = true;
    if BUILTIN_PACKS.iter().any(|(id, _)| *id == pack.id) {
        diags.push(Diagnostic::error(
            Code::Duplicate,
            &pack.path,
            pack.id_pos,
            format!(
                "pack id \"{}\" is a built-in pack's; a custom pack needs an id of its own",
                pack.id
            ),
        ));
        own = false;
    }
    for rule in &pack.rules {
        if let Some((_, builtin)) = builtin_rule_ids()
            .iter()
            .find(|(id, _)| *id == rule.id.value)
        {
            diags.push(Diagnostic::error(
                Code::Duplicate, &pack.path,
                rule.id.pos,
                format!(
                    "rule id \"{}\" belongs to the built-in pack {builtin}; a custom rule needs an id of its own",
                    rule.id.value
                ),
            ));
            own = false;
        }
    }
    own
}

/// Every built-in rule id, with its pack's id.
pub(super) fn builtin_rule_ids() -> &'static [(String, &'static str)] {
    static IDS: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        BUILTIN_PACKS
            .iter()
            .flat_map(|(pack, text)| {
                let root = yaml::parse(text).ok();
                let ids: Vec<(String, &'static str)> = root
                    .as_ref()
                    .and_then(|r| r.get("rules"))
                    .and_then(|rules| match &rules.value {
                        NodeValue::Seq(items) => Some(items.as_slice()),
                        _ => None,
                    })
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|rule| rule.get("id").and_then(Node::as_str))
                    .map(|id| (id.to_string(), *pack))
                    .collect();
                ids
            })
            .collect()
    })
}

pub(super) fn load_pack_file(
    fs_path: &Path,
    display: &str,
    from: &Option<(String, Pos)>,
    diags: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<Pack> {
    if !fs_path.exists() {
        return None;
    }
    let (text, _) = match read_text(fs_path, display) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e.into());
            return None;
        }
    };
    // A file that does not say it is a vpnaudit file may be anything (a
    // key, a password file): refuse it without quoting a line of it.
    if !looks_like_ours(&text) {
        push_ref_error(
            diags,
            from,
            Code::WrongKind,
            format!(
                "{display} is not an obligation pack (no kind: obligations near its top); its content is not shown"
            ),
        );
        return None;
    }
    sources.insert(display, Arc::from(text.as_str()));
    let root = match yaml::parse(&text) {
        Ok(r) => r,
        Err(ParseError { pos, message }) => {
            diags.push(Diagnostic::error(Code::Syntax, display, pos, message));
            return None;
        }
    };
    let mut r = Reader::new(display, diags);
    match root.get("kind").and_then(Node::as_str) {
        Some("obligations") => read_pack(&mut r, &root),
        _ => {
            r.error(
                Code::WrongKind,
                root.pos,
                "not an obligation pack (expected kind: obligations)",
            );
            None
        }
    }
}

/// Loads packs alone (for `rules` and `explain`): the built-in ones, or those
/// named.
pub fn load_named_packs(names: &[String]) -> Result<Vec<Pack>, LoadFailure> {
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let req = LoadRequest {
        paths: Vec::new(),
        policy: None,
        packs: names.to_vec(),
        // `rules` and `explain` read only the packs named on their command line.
        allow_external_packs: true,
        ..LoadRequest::default()
    };
    let mut policy = UsagePolicy::builtin();
    if !names.is_empty() {
        policy.packs.clear();
    }
    let (packs, _) = load_packs(&req, &policy, &[], &[], &mut diags, &mut sources);
    if diags.has_errors() {
        diags.sort();
        return Err(LoadFailure { diags, sources });
    }
    Ok(packs)
}

pub(super) fn with_article(word: &str) -> String {
    // By sound: "a usage-policy" but "an inventory", "an obligations pack".
    let vowel = word.starts_with(['a', 'e', 'i', 'o']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::load::request::BUILTIN_PACKS;
    use crate::model::citations::Locator;
    use crate::model::pack::Reference;
    use crate::model::policy::UsagePolicy;
    use crate::validate::compile::compile_rules;
    use crate::validate::policy::Parameters;

    /// The built-in packs cite the law as it stands: every reference is a
    /// register citation of the text in force, of an article the register
    /// lists; every rule of the CN pack names its penalty.
    #[test]
    fn built_in_rules_cite_the_register() {
        let names: Vec<String> = BUILTIN_PACKS.iter().map(|(id, _)| id.to_string()).collect();
        let packs = load_named_packs(&names).expect("built-in packs load");
        let mut diags = Diagnostics::default();
        let as_of = jiff::civil::date(2026, 12, 2);
        let rules = compile_rules(
            &packs,
            &UsagePolicy::builtin(),
            &Parameters::default(),
            as_of,
            &mut diags,
        );
        let problems: Vec<String> = diags.iter().map(|d| d.headline()).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        let mut gaps = Vec::new();
        for pack in &packs {
            for def in &pack.rules {
                for r in &def.references {
                    match r {
                        Reference::Text(t) => {
                            gaps.push(format!("{}: free-text reference {t:?}", def.id.value))
                        }
                        Reference::Cite(c) if c.version.is_some() => gaps.push(format!(
                            "{}: cites a superseded version of {}",
                            def.id.value, c.key.value
                        )),
                        Reference::Cite(_) => {}
                    }
                }
            }
        }
        for rule in &rules {
            for c in rule
                .citations
                .iter()
                .chain(rule.penalties.iter().map(|p| &p.citation))
            {
                if c.locator != Locator::Whole && c.topic.is_none() {
                    gaps.push(format!(
                        "{}: {} cites {:?}, which the register does not list",
                        rule.id, c.key, c.locator
                    ));
                }
            }
            if rule.pack == "cn-vpn" && rule.penalties.is_empty() {
                gaps.push(format!("{}: names no penalty", rule.id));
            }
        }
        assert!(gaps.is_empty(), "{}", gaps.join("\n"));
    }
}
