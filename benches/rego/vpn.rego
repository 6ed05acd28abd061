# The 31 rules of vpnaudit's built-in packs (policies/cn-vpn.yaml, 21 rules,
# and policies/vpn-baseline.yaml, 10 rules) written as Rego, the way a team
# on OPA would write them, for the side-by-side benchmark in benches/run.sh.
#
# input:  {"inventory": <a vpnaudit JSON inventory>,
#          "policy": <the usage policy, YAML read as a value; absent: the
#                     built-in default policy>,
#          "as_of": "YYYY-MM-DD",
#          "evidence": {<config path>: <facts>}  (optional; see BL-EVD-*)}
# data:   vpnaudit's own tables, read as they are (benches/rego-runner):
#         data.catalogue  policies/algorithms.yaml (algorithms, aliases, suites)
#         data.carriers   policies/carriers.yaml (carrier names and aliases)
#         data.regions    policies/regions.yaml (provinces, licence prefixes)
#
# data.vpnaudit.findings is the set of {rule, vpn, severity, status} with
# status fail, error or waived: what vpnaudit reports without --show-passed.
# An organisation rule's finding has vpn "" (as in vpnaudit's JSON report).
#
# The rules keep vpnaudit's semantics (SPEC §1.3): a pack's jurisdiction
# (CN: an endpoint in CN; for an organisation rule, the organisation in CN
# or any VPN endpoint there) narrows every cn-vpn rule; a `when` must be
# true for the rule to apply, so a field it needs that is missing means the
# rule does not apply; a `check` passes only when true, so a field it needs
# that is missing is a gap (every check below is written as "not ok(v)",
# with ok(v) true only when the check is). Texts compare ignoring case,
# carriers by the canonical name both sides resolve to; durations compare
# in days (w = 7, mo = 30, y = 365); `within` counts back in calendar
# months and years, a day past the month's end being its last day; dates
# compare as YYYY-MM-DD strings; an approval or a waiver is good until its
# `expires` day inclusive. A VPN's cii, mlps, crypto_assessment,
# crypto_products and service_area are its own (the whole field) or else
# the organisation's.
#
# Crypto is normalised as vpnaudit does: a proposal is lower-cased and cut
# into items at , : ; ! and each item into parts at - _ and white space;
# each item is read left to right, the longest run of parts that is an
# alias (its parts joined with '-' or with nothing, never gluing two
# numbers) winning, bare numbers after a DH group naming further groups,
# and integrity names after the word `prf` their PRF twins. The scan is a
# walk from state to state, expressed with graph.reachable.
#
# Not expressed: evidence from device configurations (OPA cannot read a
# Cisco or Huawei config; facts would have to come from another tool as
# input.evidence). Without it, a VPN that links a config gets BL-EVD-02
# with status error, BL-EVD-01 never applies, crypto is judged as declared,
# CN-LOG-03 looks at logging.destination only and BL-AUTH-01 / BL-AUTH-02
# at the declared authentication.methods only; with it, only BL-EVD-01 (on
# the algorithms alone) and BL-EVD-02 would read it. Nor are the crypto
# fields no built-in rule tests (crypto.encryption and the other per-role
# lists), the text of an unknown token (each unmatched part counts, lower
# case), or vpnaudit's validation of its input: an inventory or policy
# vpnaudit rejects (exit 2) is evaluated here all the same. The benchmark
# compares the two engines on valid estates generated without configs,
# where all of this coincides with vpnaudit.
package vpnaudit

vpns := input.inventory.vpns

as_of := input.as_of

# vpnaudit's default when no usage policy is given (SPEC §1.2).
builtin_policy := {
	"name": "built-in default policy",
	"organisation": {"country": "CN", "role": "enterprise"},
}

policy := object.get(input, "policy", builtin_policy)

organisation := object.get(policy, "organisation", {})

# ---------------------------------------------------------------- parameters

# The cn-vpn pack's parameters and their defaults; the usage policy's
# `parameters` override them.
default_parameters := {
	"licensed_operators": [
		"China Telecom",
		"China Mobile",
		"China Unicom",
		"China Telecom Global",
		"China Mobile International",
		"China Unicom Global",
	],
	"licence_pattern": `^(合字)?\p{Han}?[AB][0-9]+(\.[AB][0-9]+)*-[0-9]{8}$`,
	"min_log_retention": "6mo",
	"required_log_fields": ["time", "user", "source", "destination"],
	"allowed_purposes": ["internal-office", "cross-border-business"],
	"service_licence_categories": ["B13"],
	"basic_carrier_categories": ["A14"],
	"policy_review_interval": "1y",
	"audit_interval": "6mo",
	"approved_providers": [],
	"crypto_duty_scope": ["cii", "mlps-3", "none"],
	"crypto_assessment_scope": ["cii", "mlps-3"],
	"crypto_assessment_interval": "1y",
	"mlps_l3_assessment_interval": "1y",
	"mlps_l4_assessment_interval": "6mo",
	"xb_contract_individuals": 100000,
	"xb_assessment_individuals": 1000000,
	"xb_assessment_sensitive_individuals": 10000,
}

params := object.union(default_parameters, object.get(policy, "parameters", {}))

severity := {
	"CN-NET-01": "critical", "CN-NET-02": "medium", "CN-NET-03": "critical",
	"CN-CRY-01": "high", "CN-CRY-02": "high", "CN-CRY-03": "medium",
	"CN-LOG-01": "high", "CN-LOG-02": "medium", "CN-LOG-03": "medium",
	"CN-USE-01": "high", "CN-USE-02": "medium",
	"CN-OPS-01": "critical", "CN-OPS-02": "high", "CN-OPS-03": "medium",
	"CN-GOV-01": "medium", "CN-GOV-02": "medium", "CN-GOV-03": "medium",
	"CN-GOV-04": "high", "CN-XB-01": "low", "CN-XB-02": "medium",
	"CN-IND-01": "high",
	"BL-CRY-01": "high", "BL-CRY-02": "medium", "BL-CRY-03": "low",
	"BL-CRY-04": "medium", "BL-CRY-05": "medium", "BL-AUTH-01": "high",
	"BL-AUTH-02": "high", "BL-INV-01": "low", "BL-EVD-01": "high",
	"BL-EVD-02": "medium",
}

disabled contains id if {
	some id, o in object.get(policy, "overrides", {})
	o.enabled == false
}

rule_severity(id) := s if {
	s := lower(policy.overrides[id].severity)
} else := severity[id]

# ---------------------------------------------------------------- values

# A field is present (a `false` is a value too).
has(obj, key) if {
	_ = obj[key]
}

# A list field; a single value counts as a list of one.
as_list(x) := x if is_array(x)

else := [x]

# Texts compare ignoring case, as vpnaudit compares them.
lowered(list) := {lower(x) | some x in as_list(list)}

is_word(x, word) if lower(trim_space(x)) == word

# The parameters that list texts, lower case.
listed := {name: lowered(params[name]) |
	some name in [
		"allowed_purposes", "approved_providers", "required_log_fields",
		"service_licence_categories", "basic_carrier_categories",
		"crypto_duty_scope", "crypto_assessment_scope",
	]
}

# `field in: $name`, ignoring case.
one_of(x, name) if lower(x) in listed[name]

# A duration as [amount, unit]: 180d, 26w, 6mo, 1y, "6 months" or a bare
# number of days.
duration_units := {
	"": "d", "d": "d", "day": "d", "days": "d",
	"w": "w", "week": "w", "weeks": "w",
	"mo": "mo", "month": "mo", "months": "mo",
	"y": "y", "year": "y", "years": "y",
}

duration(d) := [d, "d"] if is_number(d)

duration(d) := [number(digits), duration_units[unit]] if {
	is_string(d)
	t := trim_space(d)
	regex.match(`^[0-9]+\s*[a-z]*$`, t)
	digits := regex.replace(t, `[^0-9]`, "")
	unit := regex.replace(t, `[0-9\s]`, "")
}

# A string of digits as a number (leading zeros allowed).
number(digits) := to_number(regex.replace(digits, `^0+([0-9])`, "$1"))

unit_days := {"d": 1, "w": 7, "mo": 30, "y": 365}

duration_days(d) := p[0] * unit_days[p[1]] if p := duration(d)

# The earliest date `within: d` accepts: the audit date less d, days and
# weeks as days, months and years in the calendar (6mo of 2026-11-28 is
# 2026-05-28; of 2026-08-31, 2026-02-28).
as_of_ns := time.parse_ns("2006-01-02", as_of)

as_of_day := time.date(as_of_ns)[2]

as_of_month_ns := time.add_date(as_of_ns, 0, 0, 1 - as_of_day)

day_string(ns) := time.format([ns, "UTC", "2006-01-02"])

earliest(d) := day_string(time.add_date(as_of_ns, 0, 0, 0 - p[0] * unit_days[p[1]])) if {
	p := duration(d)
	p[1] in {"d", "w"}
}

earliest(d) := months_before(p[0]) if {
	p := duration(d)
	p[1] == "mo"
}

earliest(d) := months_before(p[0] * 12) if {
	p := duration(d)
	p[1] == "y"
}

months_before(n) := day_string(time.add_date(first, 0, 0, day - 1)) if {
	first := time.add_date(as_of_month_ns, 0, 0 - n, 0)
	last := time.date(time.add_date(first, 0, 1, -1))[2]
	day := min({as_of_day, last})
}

# The earliest date each interval parameter accepts, and `field within:
# $name`.
since := {name: earliest(params[name]) |
	some name in [
		"policy_review_interval", "audit_interval", "crypto_assessment_interval",
		"mlps_l3_assessment_interval", "mlps_l4_assessment_interval",
	]
}

within(date, name) if date >= since[name]

# ---------------------------------------------------------------- names

# Full-width ASCII forms (！ to ～) and the characters they stand for.
full_width := regex.find_n(`.`, "！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～", -1)

half_width := regex.find_n(`.`, "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", -1)

fold_full_width := object.union({c: half_width[i] | some i, c in full_width}, {"\u3000": " "})

# The key carrier and region names compare by (policies/carriers.yaml):
# lower case, full-width forms folded, spaces and the punctuation of legal
# names dropped.
name_key(name) := lower(regex.replace(strings.replace_n(fold_full_width, name), `[\s.,()·\-&'、，。]`, ""))

# Carriers: every name (canonical, Chinese, aliases) by its key, with its
# place in the table; branch words; provincial-company patterns.
carrier_names contains {"key": name_key(n), "carrier": c.name, "order": i} if {
	some i, c in data.carriers.carriers
	some n in array.concat([c.name, c.zh], object.get(c, "aliases", []))
}

carrier_by_key[k] := c if {
	some k in {n.key | some n in carrier_names}
	c := [n.carrier | some n in carrier_names; n.key == k][0]
}

branch_words := ["分公司", "分局", "营业部", "branchoffice", "branch"]

carrier_patterns contains {"head": name_key(parts[0]), "tail": name_key(parts[1]), "carrier": c.name, "order": i} if {
	some i, c in data.carriers.carriers
	some p in object.get(c, "patterns", [])
	parts := split(p, "*")
}

# The canonical name a carrier name resolves to: an alias; else a branch
# of the longest alias that starts it; else a pattern, * standing for 1 to
# 12 characters. A name that resolves to nothing is its own.
carrier(name) := c if {
	c := carrier_by_key[name_key(name)]
} else := c if {
	key := name_key(name)
	branches := [[0 - count(n.key), n.order, n.carrier] |
		some n in carrier_names
		startswith(key, n.key)
		is_branch(substring(key, count(n.key), -1))
	]
	c := sort(branches)[0][2]
} else := c if {
	key := name_key(name)
	matches := [[p.order, p.carrier] |
		some p in carrier_patterns
		startswith(key, p.head)
		endswith(key, p.tail)
		middle := count(key) - count(p.head) - count(p.tail)
		middle >= 1
		middle <= 12
	]
	c := sort(matches)[0][1]
} else := name

is_branch(rest) if {
	some w in branch_words
	endswith(rest, w)
	count(rest) > count(w)
}

is_branch(rest) if rest in branch_words

# Each operator an inventory names, resolved once.
operator_names contains name if {
	some v in vpns
	name := v.carrier.operator
}

operator[name] := canonical if {
	some name in operator_names
	canonical := lower(carrier(name))
}

licensed_operators := {lower(carrier(o)) | some o in params.licensed_operators}

# Regions of mainland China: by every name and key, their ISO code.
region_by_key[k] := r.code if {
	some r in data.regions.regions
	some n in array.concat([r.code, sprintf("CN-%d", [r.gb]), r.zh, r.short], object.get(r, "names", []))
	k := name_key(n)
}

region_by_short[r.short] := r.code if some r in data.regions.regions

# A value of coverage or service_area: "nationwide" or a region's code.
area(name) := "nationwide" if name_key(name) in {"nationwide", "全国"}

else := region_by_key[name_key(name)]

# ---------------------------------------------------------------- licences

# A telecom licence number as MIIT and the provincial administrations write
# it, `[合字][province]CLASS[.CLASS...]-NNNNNNNN` or `<province>ICP证N号`:
# who issued it ("MIIT" or the province's code) and the classes it holds.
# Undefined for what is not a licence number (an ICP filing, 沪ICP备...).
licence_number(number) := parsed if {
	folded := fold_licence(number)
	not contains(folded, "ICP备")
	head := licence_prefix(licence_prefix({"rest": folded, "province": null}))
	parsed := licence_body(head.rest, head.province)
}

fold_licence(number) := upper(strings.replace_n(licence_dashes, strings.replace_n(fold_full_width, regex.replace(number, `\s`, ""))))

licence_dashes := {"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"}

# One of the (at most two) prefixes: 合字, or a province's short name.
licence_prefix(s) := {"rest": substring(s.rest, 2, -1), "province": s.province} if {
	startswith(s.rest, "合字")
} else := {"rest": substring(s.rest, 1, -1), "province": p} if {
	s.province == null
	p := region_by_short[substring(s.rest, 0, 1)]
} else := s

licence_classes := {"A1", "A2", "B1", "B2"}

licence_body(rest, province) := {"issuer": province, "classes": {"B2"}, "icp": true} if {
	startswith(rest, "ICP证")
	province != null
	regex.match(`^[0-9]+$`, trim_suffix(substring(rest, 4, -1), "号"))
}

licence_body(rest, province) := {"issuer": issuer, "classes": classes, "icp": false} if {
	not startswith(rest, "ICP证")
	dash := indexof(rest, "-")
	dash >= 0
	regex.match(`^[0-9]{8}$`, substring(rest, dash + 1, -1))
	written := split(substring(rest, 0, dash), ".")
	every c in written {
		c in licence_classes
	}
	classes := {c | some c in written}
	issuer := licence_issuer(province)
}

licence_issuer(null) := "MIIT"

licence_issuer(province) := province if province != null

# The categories a licence really holds: those given that its number's
# classes hold (B13 on a B1 licence; B25 or B2 on an ICP licence).
held_categories(l) := {c |
	n := licence_number(l.number)
	some written in as_list(object.get(l, "categories", []))
	c := upper(trim_space(written))
	holds(n, c)
}

holds(n, c) if {
	n.icp
	c in {"B25", "B2"}
}

holds(n, c) if {
	not n.icp
	substring(c, 0, 2) in n.classes
}

valid_licences := [l |
	some l in object.get(organisation, "licences", [])
	not l.expires < as_of
]

# Where a licence is valid: a provincial licence its province, else its
# coverage ("nationwide" or a set of codes); undefined when not recorded.
coverage(l) := {n.issuer} if {
	n := licence_number(l.number)
	n.issuer != "MIIT"
} else := c if {
	areas := {area(a) | some a in as_list(l.coverage)}
	count(areas) > 0
	c := whole_coverage(areas)
}

whole_coverage(areas) := "nationwide" if "nationwide" in areas

else := areas

# ---------------------------------------------------------------- scope

country(v, side) := upper(trim_space(v[side].country))

in_cn(v) if {
	some side in ["local", "remote"]
	country(v, side) == "CN"
}

# Mainland China to Hong Kong, Macao or Taiwan is cross-border too; a
# missing country leaves it undefined (the rules on it do not apply).
cross_border(v) if country(v, "local") != country(v, "remote")

cn_vpns := [v | some v in vpns; in_cn(v)]

cn_cross_border := [v | some v in cn_vpns; cross_border(v)]

is_type(v, t) if is_word(v.type, t)

# A field the organisation may give every VPN: the VPN's own, whole,
# else the organisation's.
own_or_org(v, name) := v[name]

own_or_org(v, name) := organisation[name] if not has(v, name)

# The commercial-cryptography duty of the VPN's system: cii, mlps-3 (level
# 3 or higher) or none (cii false and a lower level); undefined while cii
# or the level is unknown.
crypto_duty(v) := "cii" if {
	own_or_org(v, "cii") == true
} else := "mlps-3" if {
	own_or_org(v, "mlps").level >= 3
} else := "none" if {
	own_or_org(v, "cii") == false
	is_number(own_or_org(v, "mlps").level)
}

# when: crypto_duty in the scope, or crypto_duty unknown.
vpn_duty[v.id] := duty if {
	some v in vpns
	duty := crypto_duty(v)
}

duty_in_scope(v, scope) if one_of(vpn_duty[v.id], scope)

duty_in_scope(v, _) if not vpn_duty[v.id]

# ---------------------------------------------------------------- crypto

algorithm[a.name] := a if some a in data.catalogue.algorithms

# PRF-X is the PRF twin of integrity algorithm X.
prf_twin[x] := a.name if {
	some a in data.catalogue.algorithms
	a.role == "prf"
	x := trim_prefix(a.name, "PRF-")
	algorithm[x].role == "integrity"
}

dh_group[a.group] := a.name if {
	some a in data.catalogue.algorithms
	is_number(a.group)
}

# Every spelling in the catalogue, with what it names.
spellings contains [n, {"kind": "algorithm", "name": a.name}] if {
	some a in data.catalogue.algorithms
	some n in array.concat([a.name], object.get(a, "aliases", []))
}

spellings contains [n, {"kind": "suite", "names": s.components}] if {
	some s in object.get(data.catalogue, "suites", [])
	some n in array.concat([s.name], object.get(s, "aliases", []))
}

spellings contains [w, {"kind": "ignore"}] if some w in object.get(data.catalogue, "ignore", [])

spellings contains ["prf", {"kind": "prf"}]

# Lower case, cut at - _ and white space.
parts_of(text) := [p | some p in regex.split(`[-_ \t\n\f\r]+`, lower(text)); p != ""]

digits(p) if regex.match(`^[0-9]+$`, p)

glues_numbers(parts) if {
	some i, p in parts
	digits(p)
	digits(parts[i + 1])
}

# Every spelling by both its keys: parts joined with '-', and with nothing
# (unless that glues two numbers).
lookup[key] := target if {
	some [spelling, target] in spellings
	parts := parts_of(spelling)
	some key in keys(parts)
}

keys(parts) := {concat("-", parts), concat("", parts)} if not glues_numbers(parts)

else := {concat("-", parts)}

run_target(parts, i, j) := t if {
	t := lookup[concat("-", array.slice(parts, i, j))]
} else := t if {
	run := array.slice(parts, i, j)
	not glues_numbers(run)
	t := lookup[concat("", run)]
}

# The longest run of parts from i that names something.
longest(parts, i) := {"to": to, "target": run_target(parts, i, to)} if {
	to := max({j | some j in numbers.range(i + 1, count(parts)); run_target(parts, i, j)})
}

# One step of reading an item: in a mode (plain; group, where a bare number
# names a further DH group; prf, where an integrity name is its PRF twin),
# what part i names and the state the reading goes on from.
step(parts, i, mode) := s if {
	mode == "group"
	digits(parts[i])
	s := group_step(i, parts[i])
} else := s if {
	s := read(parts, i, mode, longest(parts, i))
} else := {"next": [i + 1, "plain"], "names": [], "unknown": [parts[i]]}

group_step(i, part) := {"next": [i + 1, "group"], "names": [name], "unknown": []} if {
	name := dh_group[number(part)]
} else := {"next": [i + 1, "group"], "names": [], "unknown": [part]}

read(_, _, _, m) := {"next": [m.to, "plain"], "names": m.target.names, "unknown": []} if m.target.kind == "suite"

read(_, _, mode, m) := {"next": [m.to, kept], "names": [], "unknown": []} if {
	m.target.kind == "ignore"
	kept := prf_kept(mode)
}

read(_, _, _, m) := {"next": [m.to, "prf"], "names": [], "unknown": []} if m.target.kind == "prf"

read(parts, i, mode, m) := {"next": [m.to, next], "names": [r[0]], "unknown": []} if {
	m.target.kind == "algorithm"
	r := as_prf(m.target.name, mode)
	next := after_algorithm(r[0], r[1], parts[i])
}

prf_kept("prf") := "prf"

prf_kept(mode) := "plain" if mode != "prf"

# After `prf`, an integrity name reads as its PRF twin and a PRF keeps the
# mode; anything else ends it.
as_prf(name, mode) := [twin, true] if {
	mode == "prf"
	twin := prf_twin[name]
} else := [name, true] if {
	mode == "prf"
	algorithm[name].role == "prf"
} else := [name, false]

# What follows an algorithm: a DH group opens a list of groups; a PRF read
# in prf mode, or written as "prf sha256" (one run, prfsha256), keeps or
# opens a list of PRFs.
after_algorithm(name, prf, part) := "group" if {
	is_number(algorithm[name].group)
} else := "prf" if {
	prf == true
} else := "prf" if {
	part == "prf"
	algorithm[name].role == "prf"
} else := "plain"

# What one proposal names: its algorithms, and the parts nothing names.
# Each item is read from its first part: the states the reading passes
# through are those reachable from [0, "plain"].
normalise(proposal) := {"algorithms": algs, "unknown": unknown} if {
	items := [parts |
		some item in regex.split(`[,:;!]`, proposal)
		parts := parts_of(item)
		count(parts) > 0
	]
	steps := [s |
		some parts in items
		states := {[i, mode]: step(parts, i, mode) |
			some i in numbers.range(0, count(parts) - 1)
			some mode in ["plain", "group", "prf"]
		}
		edges := {state: [next.next] | some state, next in states}
		some state in graph.reachable(edges, [[0, "plain"]])
		s := states[state]
	]
	algs := {a | some s in steps; some a in s.names}
	unknown := {u | some s in steps; some u in s.unknown}
}

empty(n) if count(n.algorithms) + count(n.unknown) == 0

# Each distinct proposal string is normalised once: estates repeat a few
# dozen spellings across all their VPNs.
crypto_lists := ["ike", "esp", "tls", "keys"]

declared(crypto, list) := as_list(object.get(crypto, list, []))

proposals contains p if {
	some [crypto, _] in declarations
	some list in crypto_lists
	some p in declared(crypto, list)
}

normalised[p] := n if {
	some p in proposals
	n := normalise(p)
}

# An ESP proposal that encrypts nothing (AES-GMAC, integrity alone) is
# judged as the NULL encryption it is.
esp_judged(p) := normalise(concat(" ", [p, "null"])) if {
	encrypts_nothing(normalised[p])
} else := normalised[p]

encrypts_nothing(n) if {
	count(n.unknown) == 0
	some a in n.algorithms
	algorithm[a].role == "integrity"
	not encrypts(n)
}

encrypts(n) if {
	some a in n.algorithms
	algorithm[a].role == "encryption"
}

# ESP enforces PFS when every ESP proposal (and there is one) carries a DH
# group and none makes it optional (strongSwan's `none` beside it).
esp_pfs(esp) if {
	count(esp) > 0
	every p in esp {
		has_dh(normalised[p])
	}
}

has_dh(n) if {
	some a in n.algorithms
	algorithm[a].role == "key-exchange"
	not "KE-NONE" in n.algorithms
}

# The crypto a VPN declares, and whether it is WireGuard (whose suite is
# fixed by the protocol).
declaration(v) := [object.get(v, "crypto", {}), wireguard(v)]

wireguard(v) := true if is_word(v.protocol, "wireguard")

else := false

wireguard_suite := normalise("curve25519-chacha20poly1305-blake2s")

# What a declaration amounts to: its algorithms, the parts nothing names,
# whether some proposal (or WireGuard) says how the traffic is protected
# (keys alone do not), and whether ESP enforces PFS. Estates repeat a few
# dozen declarations, so each is judged once, and each VPN looks its own up.
declarations contains d if {
	some v in vpns
	d := declaration(v)
}

judged[d] := crypto if {
	some d in declarations
	crypto := judge(d)
}

vpn_crypto[v.id] := crypto if {
	some v in vpns
	crypto := judged[declaration(v)]
}

judge([crypto, is_wireguard]) := {
	"declared": count(judged_proposals) > 0,
	"algorithms": algs,
	"unknown": unknown,
	"national_standard": national_standard(traffic, algs, unknown),
	"forbidden": with_status(algs, "forbidden"),
	"deprecated": with_status(algs, "deprecated"),
	"esp_pfs": enforces_pfs(declared(crypto, "esp")),
} if {
	written := array.concat(
		array.concat(
			[normalised[p] | some p in declared(crypto, "ike")],
			[esp_judged(p) | some p in declared(crypto, "esp")],
		),
		[normalised[p] | some p in declared(crypto, "tls")],
	)
	said := [n | some n in written; not empty(n)]
	traffic := with_wireguard(said, is_wireguard)
	key_names := [n | some p in declared(crypto, "keys"); n := normalised[p]; not empty(n)]
	judged_proposals := array.concat(traffic, key_names)
	algs := {a | some n in judged_proposals; some a in n.algorithms}
	unknown := {u | some n in judged_proposals; some u in n.unknown}
}

with_wireguard(said, true) := [wireguard_suite] if count(said) == 0

else := said

with_wireguard(said, false) := said

enforces_pfs(esp) := true if esp_pfs(esp)

else := false

# crypto.national_standard: some proposal says how the traffic is
# protected, every algorithm is SM1/SM2/SM3/SM4/SM9/ZUC and none is unknown.
national_standard(traffic, algorithms, unknown) := true if {
	count(traffic) > 0
	count(algorithms) > 0
	count(unknown) == 0
	every a in algorithms {
		algorithm[a].national_standard == true
	}
} else := false

with_status(algorithms, status) := {a | some a in algorithms; algorithm[a].status == status}

# crypto.pfs: declared, or enforced by every ESP proposal.
pfs(v) if v.crypto.pfs == true

pfs(v) if vpn_crypto[v.id].esp_pfs

# ---------------------------------------------------------------- organisation

org_in_cn if is_word(organisation.country, "cn")

org_in_cn if count(cn_vpns) > 0

services := [v | some v in vpns; is_type(v, "service")]

offers_service if count(services) > 0

# Some service VPN crosses a border; unknown (undefined) while one lacks a
# country and none is known to cross.
offers_cross_border_service := true if {
	some v in services
	cross_border(v)
} else := false if {
	every v in services {
		country(v, "local")
		country(v, "remote")
	}
}

# The categories of the unexpired licences, and of those that also cover
# every province the services are sold in (service_area, the VPN's or the
# organisation's): a provincial licence covers its province, an MIIT
# licence its recorded coverage; while a service's area is not recorded,
# or it is sold nationwide, only a nationwide licence does.
licence_categories := {c | some l in valid_licences; some c in held_categories(l)}

licence_categories_where_sold := {c |
	some l in valid_licences
	covers_sales(l)
	some c in held_categories(l)
}

sold := {area(a) | some v in services; some a in as_list(own_or_org(v, "service_area"))}

only_nationwide_covers if "nationwide" in sold

only_nationwide_covers if {
	some v in services
	not own_or_org(v, "service_area")
}

covers_sales(l) if coverage(l) == "nationwide"

covers_sales(l) if {
	not only_nationwide_covers
	c := coverage(l)
	is_set(c)
	every a in sold {
		a in c
	}
}

covers_sales(l) if {
	not only_nationwide_covers
	not coverage(l)
	count(sold) == 0
}

# organisation.data_export.required: what the Cross-Border Data Flow
# Provisions (CAC, 2024) require for what the organisation declares it
# provides abroad since 1 January; undefined while that cannot decide it.
data_export := organisation.data_export

# A CII operator: any VPN serving a CII system, else the organisation's cii.
cii_operator := true if {
	some v in vpns
	v.cii == true
} else := organisation.cii

xb_individuals := data_export.individuals

xb_sensitive := data_export.sensitive_individuals

provides_personal_information if xb_individuals > 0

provides_personal_information if xb_sensitive > 0

# Art. 7: a security assessment.
assessment_needed if {
	cii_operator == true
	provides_personal_information
}

assessment_needed if data_export.important_data == true

assessment_needed if xb_sensitive >= params.xb_assessment_sensitive_individuals

assessment_needed if xb_individuals >= params.xb_assessment_individuals

data_export_required := "security-assessment" if {
	assessment_needed
} else := "none" if {
	# Arts. 7-8 do not apply: nothing is provided abroad.
	xb_individuals == 0
	xb_sensitive == 0
	is_boolean(data_export.important_data)
} else := "standard-contract-or-certification" if {
	# Art. 8 (a CII operator providing any was decided above).
	is_boolean(cii_operator)
	is_boolean(data_export.important_data)
	is_number(xb_individuals)
	xb_sensitive > 0
} else := "standard-contract-or-certification" if {
	is_boolean(cii_operator)
	is_boolean(data_export.important_data)
	is_number(xb_sensitive)
	xb_individuals >= params.xb_contract_individuals
} else := "none" if {
	# Art. 5(4): fewer individuals, none sensitive.
	is_boolean(cii_operator)
	is_boolean(data_export.important_data)
	is_number(xb_sensitive)
	is_number(xb_individuals)
}

# ---------------------------------------------------------------- cn-vpn

# CN-NET-01: cross-border links are carried by a licensed basic carrier.
gaps contains ["CN-NET-01", v.id] if {
	some v in cn_cross_border
	not operator[v.carrier.operator] in licensed_operators
}

# CN-NET-02: the carrier's licence number is recorded and well formed
# (each number an estate writes is matched once).
gaps contains ["CN-NET-02", v.id] if {
	some v in cn_cross_border
	not v.carrier.licence in well_formed_licences
}

carrier_licences contains l if {
	some v in cn_cross_border
	l := v.carrier.licence
}

well_formed_licences contains l if {
	some l in carrier_licences
	regex.match(params.licence_pattern, l)
}

# CN-NET-03: no self-built cross-border channel over the public internet;
# an SD-WAN passes only over a leased-line or MPLS underlay.
gaps contains ["CN-NET-03", v.id] if {
	some v in cn_cross_border
	not carrier_channel(v)
}

carrier_channel(v) if {
	service := v.carrier.service
	not is_word(service, "internet")
	sd_wan_underlay(v, service)
}

sd_wan_underlay(_, service) if not is_word(service, "sd-wan")

sd_wan_underlay(v, _) if lower(v.carrier.underlay) in {"leased-line", "mpls"}

# CN-CRY-01: national-standard cryptography only, where crypto_duty is in
# crypto_duty_scope (every VPN by default) or unknown.
gaps contains ["CN-CRY-01", v.id] if {
	some v in cn_vpns
	duty_in_scope(v, "crypto_duty_scope")
	not vpn_crypto[v.id].national_standard
}

# CN-CRY-02: a CII or level-3 system has a current, passing
# commercial-cryptography assessment (scope crypto_assessment_scope).
gaps contains ["CN-CRY-02", v.id] if {
	some v in cn_vpns
	duty_in_scope(v, "crypto_assessment_scope")
	not crypto_assessment_passed(v)
}

crypto_assessment_passed(v) if {
	a := own_or_org(v, "crypto_assessment")
	lower(a.result) in {"conforms", "basically-conforms"}
	within(a.date, "crypto_assessment_interval")
}

# CN-CRY-03: a CII or level-3 system lists its certified
# commercial-cryptography products.
gaps contains ["CN-CRY-03", v.id] if {
	some v in cn_vpns
	duty_in_scope(v, "crypto_assessment_scope")
	not count(as_list(own_or_org(v, "crypto_products"))) > 0
}

# CN-LOG-01: logs are kept at least min_log_retention (each retention an
# estate writes is read once).
min_retention_days := duration_days(params.min_log_retention)

retentions contains r if {
	some v in cn_vpns
	r := v.logging.retention
}

retention_days[r] := days if {
	some r in retentions
	days := duration_days(r)
}

gaps contains ["CN-LOG-01", v.id] if {
	some v in cn_vpns
	not retention_days[v.logging.retention] >= min_retention_days
}

# CN-LOG-02: log records hold every required field.
gaps contains ["CN-LOG-02", v.id] if {
	some v in cn_vpns
	not log_fields(v)
}

log_fields(v) if {
	fields := lowered(v.logging.fields)
	every f in listed.required_log_fields {
		f in fields
	}
}

# CN-LOG-03: logs are shipped to a central destination (a remote log host
# in the device configuration would do too: see the header).
gaps contains ["CN-LOG-03", v.id] if {
	some v in cn_vpns
	not has(object.get(v, "logging", {}), "destination")
}

# CN-USE-01: a cross-border link the organisation uses itself (type not
# service, or not recorded) serves an allowed purpose.
gaps contains ["CN-USE-01", v.id] if {
	some v in cn_cross_border
	not is_type(v, "service")
	not one_of(v.purpose, "allowed_purposes")
}

# CN-USE-02: no general internet breakout through a cross-border tunnel.
gaps contains ["CN-USE-02", v.id] if {
	some v in cn_cross_border
	not v.internet_breakout == false
}

# CN-OPS-01 (organisation): a commercial VPN operator holds a licence for
# B13 (service_licence_categories) valid wherever its services are sold,
# and a basic-telecom category (basic_carrier_categories) as well when a
# service crosses a border.
gaps contains ["CN-OPS-01", ""] if {
	org_in_cn
	operates_service
	not service_licensed
}

operates_service if is_word(organisation.role, "commercial-operator")

operates_service if offers_service

service_licensed if {
	some c in licence_categories_where_sold
	one_of(c, "service_licence_categories")
	cross_border_service_licensed
}

cross_border_service_licensed if offers_cross_border_service == false

cross_border_service_licensed if {
	some c in licence_categories
	one_of(c, "basic_carrier_categories")
}

# CN-OPS-02: a commercial VPN service authenticates users by real name.
gaps contains ["CN-OPS-02", v.id] if {
	some v in cn_vpns
	is_type(v, "service")
	not v.authentication.real_name == true
}

# CN-OPS-03: a commercial VPN service has content review in place.
gaps contains ["CN-OPS-03", v.id] if {
	some v in cn_vpns
	is_type(v, "service")
	not v.content_review == true
}

# CN-GOV-01 (organisation): the usage policy is reviewed within
# policy_review_interval; a missing policy has never been reviewed.
gaps contains ["CN-GOV-01", ""] if {
	org_in_cn
	not within(policy.reviewed, "policy_review_interval")
}

# CN-GOV-02: each VPN is internally audited within audit_interval.
gaps contains ["CN-GOV-02", v.id] if {
	some v in cn_vpns
	not within(v.last_audit, "audit_interval")
}

# CN-GOV-03: the VPN's internal approval is on record and in force.
gaps contains ["CN-GOV-03", v.id] if {
	some v in cn_vpns
	not approval_in_force(v)
}

approval_in_force(v) if {
	has(v.approval, "reference")
	v.approval.expires >= as_of
}

# CN-GOV-04: a system graded level 3 or higher (or of unknown level) is
# filed, and assessed within mlps_l3_assessment_interval, levels 4 and 5
# within mlps_l4_assessment_interval too.
gaps contains ["CN-GOV-04", v.id] if {
	some v in cn_vpns
	mlps_level_3(v)
	not mlps_assessed(v)
}

mlps_level_3(v) if own_or_org(v, "mlps").level >= 3

mlps_level_3(v) if not has(object.get(v, "mlps", object.get(organisation, "mlps", {})), "level")

mlps_assessed(v) if {
	m := own_or_org(v, "mlps")
	has(m, "level")
	has(m, "filing")
	within(m.last_assessment, "mlps_l3_assessment_interval")
	mlps_assessed_for_level(m)
}

mlps_assessed_for_level(m) if within(m.last_assessment, "mlps_l4_assessment_interval")

mlps_assessed_for_level(m) if m.level <= 3

# CN-XB-01: the contract for a cross-border link has a VPN usage clause.
gaps contains ["CN-XB-01", v.id] if {
	some v in cn_cross_border
	not v.contract.vpn_clause == true
}

# CN-XB-02: data leaving China through a cross-border link has the export
# mechanism the organisation's volume needs: a security assessment meets
# every tier, a standard contract or certification the middle one, exempt
# only when nothing is required, and then with its basis stated.
gaps contains ["CN-XB-02", v.id] if {
	some v in cn_cross_border
	not export_mechanism(v)
}

strong_mechanisms := {"security-assessment", "standard-contract", "certification"}

export_mechanism(v) if {
	required := data_export_required
	mechanism := lower(v.data_export)
	mechanism_meets(mechanism, required)
}

mechanism_meets("security-assessment", _) := true

mechanism_meets(m, "standard-contract-or-certification") if m in strong_mechanisms

mechanism_meets(m, "none") if m in strong_mechanisms

mechanism_meets(m, "none") if {
	not m in strong_mechanisms
	has(data_export, "basis")
}

# CN-IND-01: remote access uses an approved VPN provider.
gaps contains ["CN-IND-01", v.id] if {
	some v in cn_vpns
	is_type(v, "remote-access")
	not one_of(v.provider, "approved_providers")
}

# ---------------------------------------------------------------- vpn-baseline

# BL-CRY-01: no forbidden algorithms, where any algorithm is known (an
# unrecognised token never hides a forbidden one beside it).
gaps contains ["BL-CRY-01", v.id] if {
	some v in vpns
	c := vpn_crypto[v.id]
	count(c.algorithms) > 0
	count(c.forbidden) > 0
}

# BL-CRY-02: no deprecated algorithms, where any algorithm is known.
gaps contains ["BL-CRY-02", v.id] if {
	some v in vpns
	c := vpn_crypto[v.id]
	count(c.algorithms) > 0
	count(c.deprecated) > 0
}

# BL-CRY-03: IPsec uses IKEv2.
gaps contains ["BL-CRY-03", v.id] if {
	some v in vpns
	is_word(v.protocol, "ipsec")
	not v.crypto.ike_version == 2
}

# BL-CRY-04: IPsec uses perfect forward secrecy.
gaps contains ["BL-CRY-04", v.id] if {
	some v in vpns
	is_word(v.protocol, "ipsec")
	not pfs(v)
}

# BL-CRY-05: the crypto in use is known: something is declared (or is
# WireGuard's) and every part is recognised.
gaps contains ["BL-CRY-05", v.id] if {
	some v in vpns
	not known_crypto(vpn_crypto[v.id])
}

known_crypto(c) if {
	c.declared
	count(c.unknown) == 0
}

# BL-AUTH-01: remote access requires multi-factor authentication.
gaps contains ["BL-AUTH-01", v.id] if {
	some v in vpns
	is_type(v, "remote-access")
	not "mfa" in lowered(v.authentication.methods)
}

# BL-AUTH-02: no IKEv1 aggressive mode with pre-shared keys.
gaps contains ["BL-AUTH-02", v.id] if {
	some v in vpns
	is_word(v.protocol, "ipsec")
	not no_aggressive_psk(v)
}

no_aggressive_psk(v) if v.crypto.ike_version == 2

no_aggressive_psk(v) if {
	mode := v.crypto.ike_mode
	not is_word(mode, "aggressive")
}

no_aggressive_psk(v) if {
	methods := lowered(v.authentication.methods)
	not "psk" in methods
}

# BL-INV-01: every VPN has an owner.
gaps contains ["BL-INV-01", v.id] if {
	some v in vpns
	not has(v, "owner")
}

# BL-EVD-02: a linked device configuration can be read. Evidence is
# another tool's job (see the header): a linked config whose facts are not
# in input.evidence cannot be read here.
gaps contains ["BL-EVD-02", v.id] if {
	some v in vpns
	has(v, "config")
	not input.evidence[v.config]
}

gaps contains ["BL-EVD-02", v.id] if {
	some v in vpns
	has(input.evidence[v.config], "error")
}

# BL-EVD-01: declared crypto matches the device configuration, where both
# say something.
gaps contains ["BL-EVD-01", v.id] if {
	some v in vpns
	ev := input.evidence[v.config]
	not has(ev, "error")
	vpn_crypto[v.id].declared
	vpn_crypto[v.id].algorithms != {a | some a in ev.algorithms}
}

# ---------------------------------------------------------------- findings

# A failed check's status: error for BL-EVD-02 (failure: error), else fail.
failure("BL-EVD-02") := "error"

failure(id) := "fail" if id != "BL-EVD-02"

# Waivers in force, by [rule, vpn] (an expired one no longer waives).
active_waivers contains [w.rule, object.get(w, "vpn", "")] if {
	some w in object.get(policy, "waivers", [])
	w.expires >= as_of
}

status(id, vpn) := "waived" if {
	[id, vpn] in active_waivers
} else := failure(id)

findings contains {"rule": id, "vpn": vpn, "severity": rule_severity(id), "status": status(id, vpn)} if {
	some [id, vpn] in gaps
	not id in disabled
}
