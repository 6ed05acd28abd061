# The 28 rules of vpnaudit's built-in packs (policies/cn-vpn.yaml and
# policies/vpn-baseline.yaml) written as Rego, the way a team on OPA would
# write them, for the side-by-side benchmark in benches/run.sh.
#
# input:  {"inventory": <a vpnaudit JSON inventory>,
#          "policy": <the usage policy, YAML read as a value>,
#          "as_of": "YYYY-MM-DD",
#          "evidence": {<config path>: <facts>}  (optional; see BL-EVD-*)}
# data.catalogue: benches/rego/catalogue.json (aliases -> canonical names)
#
# data.vpnaudit.findings is the set of {rule, vpn, severity, status} with
# status fail, error or waived: what vpnaudit reports without --show-passed.
#
# Semantics kept from SPEC §1.3: a pack's jurisdiction (CN: an endpoint in
# CN) narrows every cn-vpn rule; a field missing from a `when` means the
# rule does not apply, a field missing from a `check` is a gap (every check
# below is written as "not ok(v)", so an undefined field fails it);
# durations compare in days (w = 7, mo = 30, y = 365); `within` counts back
# in calendar months and years; dates compare as YYYY-MM-DD strings; a
# waiver waives until its `expires` day inclusive.
#
# Crypto is normalised here too: each proposal is lower-cased, cut into
# items at , : ; ! and into parts at - _ and white space; every run of one
# to three parts (and the whole item) is looked up in the alias table, and
# the runs not inside a longer matching run name the algorithms; parts no
# run covers are unknown. For the spellings in catalogue.json this gives
# vpnaudit's greedy longest match.
#
# Not expressed: evidence from device configurations (OPA cannot read a
# Cisco or Huawei config; facts would have to come from another tool as
# input.evidence). Without it, a VPN that links a config gets BL-EVD-02
# with status error, BL-EVD-01 never applies, crypto is judged as declared,
# and CN-LOG-03 looks at logging.destination only. The benchmark compares
# the two engines on estates generated without configs, where all of this
# coincides with vpnaudit.
package vpnaudit

vpns := input.inventory.vpns

as_of := input.as_of

policy := object.get(input, "policy", {})

# ---------------------------------------------------------------- parameters

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
	"service_licence_categories": ["B11", "B13", "B14"],
	"policy_review_interval": "1y",
	"audit_interval": "6mo",
	"approved_providers": [],
}

params := object.union(default_parameters, object.get(policy, "parameters", {}))

severity := {
	"CN-NET-01": "critical", "CN-NET-02": "medium", "CN-NET-03": "critical",
	"CN-CRY-01": "high", "CN-LOG-01": "high", "CN-LOG-02": "medium",
	"CN-LOG-03": "medium", "CN-USE-01": "high", "CN-USE-02": "medium",
	"CN-OPS-01": "critical", "CN-OPS-02": "high", "CN-OPS-03": "medium",
	"CN-GOV-01": "medium", "CN-GOV-02": "medium", "CN-GOV-03": "medium",
	"CN-XB-01": "low", "CN-XB-02": "medium", "CN-IND-01": "high",
	"BL-CRY-01": "high", "BL-CRY-02": "medium", "BL-CRY-03": "low",
	"BL-CRY-04": "medium", "BL-CRY-05": "medium", "BL-AUTH-01": "high",
	"BL-AUTH-02": "high", "BL-EVD-01": "high", "BL-EVD-02": "medium",
	"BL-INV-01": "low",
}

disabled contains id if {
	some id, o in object.get(policy, "overrides", {})
	o.enabled == false
}

rule_severity(id) := s if {
	s := policy.overrides[id].severity
} else := severity[id]

# ---------------------------------------------------------------- values

# Days of a duration: 180d, 26w, 6mo, 1y or a bare number of days.
duration_days(d) := d if is_number(d)

duration_days(d) := to_number(d) if {
	is_string(d)
	regex.match(`^[0-9]+$`, d)
}

duration_days(d) := to_number(trim_suffix(d, "d")) if {
	is_string(d)
	regex.match(`^[0-9]+d$`, d)
}

duration_days(d) := to_number(trim_suffix(d, "w")) * 7 if {
	is_string(d)
	regex.match(`^[0-9]+w$`, d)
}

duration_days(d) := to_number(trim_suffix(d, "mo")) * 30 if {
	is_string(d)
	regex.match(`^[0-9]+mo$`, d)
}

duration_days(d) := to_number(trim_suffix(d, "y")) * 365 if {
	is_string(d)
	regex.match(`^[0-9]+y$`, d)
}

# The earliest date `within: d` accepts: the audit date less d, in calendar
# years and months (6mo of 2026-11-28 is 2026-05-28).
earliest(d) := day_before(0, 0, to_number(d)) if is_number(d)

earliest(d) := day_before(0, 0, duration_days(d)) if {
	is_string(d)
	regex.match(`^[0-9]+[dw]?$`, d)
}

earliest(d) := day_before(0, to_number(trim_suffix(d, "mo")), 0) if {
	is_string(d)
	regex.match(`^[0-9]+mo$`, d)
}

earliest(d) := day_before(to_number(trim_suffix(d, "y")), 0, 0) if {
	is_string(d)
	regex.match(`^[0-9]+y$`, d)
}

day_before(y, m, d) := time.format([time.add_date(time.parse_ns("2006-01-02", as_of), 0 - y, 0 - m, 0 - d), "UTC", "2006-01-02"])

within(date, d) if date >= earliest(d)

# ---------------------------------------------------------------- scope

countries(v) := {c | some side in ["local", "remote"]; c := v[side].country}

in_cn(v) if "CN" in countries(v)

# Undefined (the rule does not apply) when a country is missing.
cross_border(v) if v.local.country != v.remote.country

# ---------------------------------------------------------------- crypto

proposals(v, kind) := [p | some p in v.crypto[kind]]

# Algorithms and unknown parts of one proposal.
normalise(proposal) := {"algorithms": algs, "unknown": unknown, "empty": count(algs) + count(unknown) + count(ignored) == 0} if {
	items := [parts |
		some item in regex.split(`[,:;!]`, lower(proposal))
		parts := [p | some p in regex.split(`[-_\s]+`, item); p != ""]
		count(parts) > 0
	]
	runs := [run |
		some k, parts in items
		n := count(parts)
		some i in numbers.range(0, n - 1)
		some size in {1, 2, 3, n - i}
		i + size <= n
		key := concat("-", array.slice(parts, i, i + size))
		names := data.catalogue.aliases[key]
		run := {"item": k, "from": i, "to": i + size, "names": names}
	]
	kept := [r |
		some r in runs
		not inside_longer(r, runs)
	]
	algs := {a | some r in kept; some a in r.names}
	ignored := {r | some r in kept; count(r.names) == 0}
	unknown := {part |
		some k, parts in items
		some i, part in parts
		not covered(k, i, runs)
	}
}

inside_longer(r, runs) if {
	some o in runs
	o.item == r.item
	o.from <= r.from
	o.to >= r.to
	o.to - o.from > r.to - r.from
}

covered(k, i, runs) if {
	some r in runs
	r.item == k
	r.from <= i
	i < r.to
}

# Each distinct proposal string is normalised once: estates repeat a few
# dozen spellings across all their VPNs, and this is how a policy author
# who measured would write it (it makes the whole evaluation about twice
# as fast in regorus).
all_proposals contains p if {
	some v in vpns
	some kind in ["ike", "esp", "tls"]
	some p in proposals(v, kind)
}

normalised[p] := normalise(p) if some p in all_proposals

wireguard_suite := {"CURVE25519", "CHACHA20-POLY1305", "BLAKE2S"}

# The judged crypto of each VPN (as declared: see the header on evidence).
# Absent when nothing is declared, so that rules needing it see a gap.
crypto[v.id] := profile if {
	some v in vpns
	found := [n |
		some kind in ["ike", "esp", "tls"]
		some p in proposals(v, kind)
		n := normalised[p]
		not n.empty
	]
	count(found) > 0
	algs := {a | some n in found; some a in n.algorithms}
	unknown := {u | some n in found; some u in n.unknown}
	profile := describe(algs, unknown)
}

crypto[v.id] := describe(wireguard_suite, set()) if {
	some v in vpns
	v.protocol == "wireguard"
	not declares_crypto(v)
}

declares_crypto(v) if {
	some kind in ["ike", "esp", "tls"]
	some p in proposals(v, kind)
	not normalised[p].empty
}

describe(algs, unknown) := {
	"algorithms": algs,
	"unknown": unknown,
	"national_standard": is_national(algs, unknown),
	"forbidden": {a | some a in algs; data.catalogue.algorithms[a].status == "forbidden"},
	"deprecated": {a | some a in algs; data.catalogue.algorithms[a].status == "deprecated"},
}

# Every algorithm is SM1/SM2/SM3/SM4/SM9/ZUC, and none is unknown.
is_national(algs, unknown) := true if national(algs, unknown)

else := false

national(algs, unknown) if {
	count(algs) > 0
	count(unknown) == 0
	every a in algs {
		data.catalogue.algorithms[a].national
	}
}

# PFS: declared, or a DH group inside an ESP proposal.
pfs(v) if v.crypto.pfs == true

pfs(v) if {
	some p in proposals(v, "esp")
	some a in normalised[p].algorithms
	data.catalogue.algorithms[a].role == "key-exchange"
}

known_crypto(v) if count(crypto[v.id].unknown) == 0

# ---------------------------------------------------------------- cn-vpn

gaps contains ["CN-NET-01", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not v.carrier.operator in params.licensed_operators
}

gaps contains ["CN-NET-02", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not regex.match(params.licence_pattern, v.carrier.licence)
}

gaps contains ["CN-NET-03", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not not_internet(v)
}

not_internet(v) if v.carrier.service != "internet"

gaps contains ["CN-CRY-01", v.id] if {
	some v in vpns
	in_cn(v)
	not crypto[v.id].national_standard
}

gaps contains ["CN-LOG-01", v.id] if {
	some v in vpns
	in_cn(v)
	not retention_ok(v)
}

retention_ok(v) if duration_days(v.logging.retention) >= duration_days(params.min_log_retention)

gaps contains ["CN-LOG-02", v.id] if {
	some v in vpns
	in_cn(v)
	not log_fields_ok(v)
}

log_fields_ok(v) if {
	fields := v.logging.fields
	every f in params.required_log_fields {
		f in fields
	}
}

gaps contains ["CN-LOG-03", v.id] if {
	some v in vpns
	in_cn(v)
	not v.logging.destination
}

# `not x` is also true when x is false: a present destination is a string,
# so the test above only fails on a missing one.

gaps contains ["CN-USE-01", v.id] if {
	some v in vpns
	in_cn(v)
	not v.purpose in params.allowed_purposes
}

gaps contains ["CN-USE-02", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not v.internet_breakout == false
}

gaps contains ["CN-OPS-02", v.id] if {
	some v in vpns
	in_cn(v)
	v.type == "service"
	not v.authentication.real_name == true
}

gaps contains ["CN-OPS-03", v.id] if {
	some v in vpns
	in_cn(v)
	v.type == "service"
	not v.content_review == true
}

gaps contains ["CN-GOV-02", v.id] if {
	some v in vpns
	in_cn(v)
	not within(v.last_audit, params.audit_interval)
}

gaps contains ["CN-GOV-03", v.id] if {
	some v in vpns
	in_cn(v)
	not approval_ok(v)
}

approval_ok(v) if {
	v.approval.reference
	v.approval.expires >= as_of
}

gaps contains ["CN-XB-01", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not v.contract.vpn_clause == true
}

gaps contains ["CN-XB-02", v.id] if {
	some v in vpns
	in_cn(v)
	cross_border(v)
	not v.data_export
}

gaps contains ["CN-IND-01", v.id] if {
	some v in vpns
	in_cn(v)
	v.type == "remote-access"
	not v.provider in params.approved_providers
}

# Organisation rules: jurisdiction CN is the organisation's country or any
# VPN endpoint in CN.
org_in_cn if policy.organisation.country == "CN"

org_in_cn if {
	some v in vpns
	in_cn(v)
}

offers_service if {
	some v in vpns
	v.type == "service"
}

org_applies_ops if policy.organisation.role == "commercial-operator"

org_applies_ops if offers_service

licence_categories contains upper(trim_space(c)) if {
	some l in object.get(policy.organisation, "licences", [])
	not expired_licence(l)
	some c in l.categories
}

expired_licence(l) if l.expires < as_of

gaps contains ["CN-OPS-01", ""] if {
	org_in_cn
	org_applies_ops
	count(licence_categories & {c | some c in params.service_licence_categories}) == 0
}

gaps contains ["CN-GOV-01", ""] if {
	org_in_cn
	not within(policy.reviewed, params.policy_review_interval)
}

# ---------------------------------------------------------------- vpn-baseline

# An unrecognised token never hides a forbidden or deprecated one beside it.
gaps contains ["BL-CRY-01", v.id] if {
	some v in vpns
	count(crypto[v.id].forbidden) > 0
}

gaps contains ["BL-CRY-02", v.id] if {
	some v in vpns
	count(crypto[v.id].deprecated) > 0
}

gaps contains ["BL-CRY-03", v.id] if {
	some v in vpns
	v.protocol == "ipsec"
	not v.crypto.ike_version == 2
}

gaps contains ["BL-CRY-04", v.id] if {
	some v in vpns
	v.protocol == "ipsec"
	not pfs(v)
}

gaps contains ["BL-CRY-05", v.id] if {
	some v in vpns
	not known_crypto(v)
}

gaps contains ["BL-AUTH-01", v.id] if {
	some v in vpns
	v.type == "remote-access"
	not "mfa" in v.authentication.methods
}

gaps contains ["BL-AUTH-02", v.id] if {
	some v in vpns
	v.protocol == "ipsec"
	not no_aggressive_psk(v)
}

no_aggressive_psk(v) if v.crypto.ike_version == 2

no_aggressive_psk(v) if v.crypto.ike_mode != "aggressive"

no_aggressive_psk(v) if {
	methods := v.authentication.methods
	not "psk" in methods
}

gaps contains ["BL-INV-01", v.id] if {
	some v in vpns
	not v.owner
}

# Evidence is another tool's job (see the header): a linked config whose
# facts are not in input.evidence cannot be read here.
gaps contains ["BL-EVD-02", v.id] if {
	some v in vpns
	v.config
	not input.evidence[v.config]
}

gaps contains ["BL-EVD-02", v.id] if {
	some v in vpns
	input.evidence[v.config].error
}

gaps contains ["BL-EVD-01", v.id] if {
	some v in vpns
	ev := input.evidence[v.config]
	not ev.error
	declared := crypto[v.id].algorithms
	declared != {a | some a in ev.algorithms}
}

# ---------------------------------------------------------------- findings

failure(id) := "error" if id == "BL-EVD-02"

failure(id) := "fail" if id != "BL-EVD-02"

# Waivers in force, indexed by [rule, vpn] (an expired one no longer waives).
active_waivers contains [w.rule, object.get(w, "vpn", "")] if {
	some w in object.get(policy, "waivers", [])
	w.expires >= as_of
}

status(id, vpn) := "waived" if [id, vpn] in active_waivers

status(id, vpn) := failure(id) if not [id, vpn] in active_waivers

findings contains {"rule": id, "vpn": vpn, "severity": rule_severity(id), "status": status(id, vpn)} if {
	some [id, vpn] in gaps
	not id in disabled
}
