"""Apply the data campaign's findings (seed-data/research/campaign/*/*.toml, see
FORMAT.md there) to seed-data/programs/, and write seed-data/reconcile/.

Run from the repository root after a person has read the findings:
    python3 seed-data/research/tools/apply_campaign.py
then `cargo run --release -- check`. It is idempotent: values already present are
not added twice. What it does, field by field (nothing is invented; every value
comes from a finding, which cites its page and the page's date):
- sources: a finding's pages are added ({url, kind, dated}); a page already cited
  gets the finding's kind and, when the record has none, its date;
- phones: numbers not yet in the record are added with their type, label and region
  (a 3-digit public code goes to contact.dispatch; faxes are skipped);
- dispatch text: 988/911/211/311 named in it join contact.dispatch, a 10-digit number
  named in it becomes a `dispatch` phone, and the sentence goes to contact.note;
- peer role: set with its basis (the quoted sentence and its page); a change of a
  known role is noted in the record;
- status: uncertain or closed with the reason, page and date;
- empty fields (website, chat, hours, address, operator, eligibility) are filled;
  differing hours are noted, never replaced;
- counties a source names (with that source) join area.counties when they are in
  the record's states; the source joins the record's sources;
- new programs become records of their own.
"""
import csv
import glob
import json
import os
import re
import sys
import tomllib

sys.path.insert(0, "seed-data/research/tools")
from source_kinds import date_in_address, kind_of  # noqa: E402

CAMPAIGN = "seed-data/research/campaign"
PROGRAMS = "seed-data/programs"
TODAY = "2026-12-02"
DETAIL = ("Desk review on 2026-12-02 of stored copies of public pages (data campaign); "
          "not confirmed by phone.")
ORDER = ["nec", "nami-a", "nami-b", "recheck-1", "recheck-2", "recheck-3", "recheck-4",
         "states/programs", "wave2-leads", "wave2-contact-a", "wave2-contact-b",
         "wave2-role-a", "wave2-role-b", "wave3-reach-a", "wave3-reach-b",
         "wave3-role-a", "wave3-role-b", "wave3-new", "counties-1", "counties-2",
         "counties-3", "counties-4", "wave4-role-a", "wave4-role-b", "wave4-reach-a",
         "wave4-reach-b", "wave4-reach-c", "wave4-curator", "wave5-role-a",
         "wave5-role-b"]
SHORT_CODES = ("988", "911", "211", "311")
FINDING_KEYS = {"id", "action", "researched", "anchor", "sources", "phones", "dispatch",
                "website", "chat", "peer_role", "peer_role_basis", "peer_role_source",
                "status", "status_reason", "status_source", "status_dated", "counties",
                "counties_source", "name", "kind", "operator", "street", "city", "state",
                "zip", "scope", "hours", "ages", "populations", "cost", "length_of_stay",
                "languages", "summary", "notes"}


def digits(number):
    d = re.sub(r"\D", "", number or "")
    return d[1:] if len(d) == 11 and d.startswith("1") else d


def display(d):
    return f"{d[:3]}-{d[3:6]}-{d[6:]}" if len(d) == 10 else d


def hoist(finding):
    """Top-level keys a researcher wrote after a [[phones]]/[[sources]] table belong to
    the finding, not to that table."""
    for table in ("phones", "sources"):
        for entry in finding.get(table, []):
            for key in list(entry):
                allowed = {"number", "type", "label", "region", "source"} if table == "phones" \
                    else {"url", "kind", "dated", "gave"}
                if key not in allowed and key in FINDING_KEYS:
                    finding.setdefault(key, entry.pop(key))
    return finding


def load_findings():
    findings = []
    for folder in ORDER:
        for path in sorted(glob.glob(f"{CAMPAIGN}/{folder}/*.toml")):
            with open(path, "rb") as f:
                finding = hoist(tomllib.load(f))
            finding["_path"] = path
            findings.append(finding)
    return findings


def record_paths():
    return {os.path.basename(p)[:-5]: p for p in glob.glob(f"{PROGRAMS}/**/*.toml", recursive=True)}


def header_comments(text):
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            lines.append(line)
        else:
            break
    return lines


# ---- writing a record ---------------------------------------------------------------

def q(value):
    return json.dumps(value, ensure_ascii=False)


def inline(table):
    return "{ " + ", ".join(f"{k} = {q(v)}" for k, v in table.items() if v not in ("", None, False) or k in ("url", "kind")) + " }"


def write_record(path, record, comments):
    out = list(comments)
    for key in ("id", "name"):
        out.append(f"{key} = {q(record[key])}")
    if record.get("also_known_as"):
        out.append(f"also_known_as = {q(record['also_known_as'])}")
    for key in ("kind", "peer_role", "operator", "summary", "confidence"):
        if key in record:
            out.append(f"{key} = {q(record[key])}")
    out.append("sources = [")
    for source in record["sources"]:
        out.append(f"  {inline({k: source.get(k, '') for k in ('url', 'kind', 'dated')})},")
    out.append("]")
    if record.get("notes"):
        out.append("notes = [")
        out.extend(f"  {q(n)}," for n in record["notes"])
        out.append("]")
    if record.get("peer_role_basis"):
        out += ["", "[peer_role_basis]", f"quote = {q(record['peer_role_basis']['quote'])}",
                f"source = {q(record['peer_role_basis']['source'])}"]
    if record.get("status"):
        out += ["", "[status]"]
        out += [f"{k} = {q(v)}" for k, v in record["status"].items() if v]
    v = record["verified"]
    out += ["", "[verified]", f"date = {v['date']}", f"method = {q(v['method'])}",
            f"detail = {q(v.get('detail', ''))}"]
    c = record.get("contact", {})
    out += ["", "[contact]", f"website = {q(c.get('website', ''))}"]
    for key in ("chat", "note"):
        if c.get(key):
            out.append(f"{key} = {q(c[key])}")
    if c.get("dispatch"):
        out.append(f"dispatch = {q(c['dispatch'])}")
    for phone in c.get("phones", []):
        out += ["", "[[contact.phones]]"]
        for key in ("number", "type", "label", "region"):
            if phone.get(key):
                out.append(f"{key} = {q(phone[key])}")
        if phone.get("shared"):
            out.append("shared = true")
    for text in c.get("texts", []):
        out += ["", "[[contact.texts]]"]
        for key in ("number", "keyword", "label"):
            if text.get(key):
                out.append(f"{key} = {q(text[key])}")
    a = record["address"]
    out += ["", "[address]"] + [f"{k} = {q(a.get(k, ''))}" for k in ("street", "city", "state", "zip")]
    if record.get("location"):
        out += ["", "[location]", f"lat = {record['location']['lat']}", f"lon = {record['location']['lon']}"]
    out += ["", "[area]", f"scope = {q(record['area']['scope'])}", f"states = {q(record['area']['states'])}"]
    if record["area"].get("counties"):
        out.append(f"counties = {q(record['area']['counties'])}")
    out += ["", "[hours]", f"text = {q(record.get('hours', {}).get('text', ''))}"]
    e = record.get("eligibility", {})
    out += ["", "[eligibility]"] + [f"{k} = {q(e.get(k, ''))}" for k in ("ages", "populations", "cost", "length_of_stay")]
    out.append(f"languages = {q(e.get('languages', []))}")
    text = "\n".join(out) + "\n"
    tomllib.loads(text)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# ---- applying one finding -----------------------------------------------------------

def note(record, text):
    notes = record.setdefault("notes", [])
    if text not in notes:
        notes.append(text)


def source_of(finding, url):
    for s in finding.get("sources", []):
        if s.get("url") == url:
            return s
    return None


def dated_label(finding, url):
    s = source_of(finding, url)
    if s and s.get("dated"):
        return f", dated {s['dated']}"
    return ""


def merge_sources(record, finding):
    by_url = {s["url"]: s for s in record["sources"]}
    for s in finding.get("sources", []):
        url = s.get("url", "").strip()
        if not url.startswith("http"):
            continue
        kind = s.get("kind") or kind_of(url)
        dated = s.get("dated", "") or date_in_address(url)
        if url in by_url:
            existing = by_url[url]
            existing["kind"] = kind
            if dated and not existing.get("dated"):
                existing["dated"] = dated
        else:
            entry = {"url": url, "kind": kind, "dated": dated}
            record["sources"].append(entry)
            by_url[url] = entry


def add_phone(record, phone, finding):
    number = phone.get("number", "")
    d = digits(number)
    kind = phone.get("type", "voice") or "voice"
    contact = record.setdefault("contact", {})
    if kind == "fax" or not d:
        return
    if d in SHORT_CODES:
        dispatch = contact.setdefault("dispatch", [])
        if d not in dispatch:
            dispatch.append(d)
        return
    if kind == "text":
        texts = contact.setdefault("texts", [])
        if not any(digits(t["number"]) == d for t in texts) and (len(d) == 10 or len(d) in (5, 6)):
            texts.append({"number": display(d), "label": phone.get("label", "")})
        return
    if len(d) != 10 or d[0] in "01":
        note(record, f"A number given as {number!r} ({phone.get('source', '')}) is not a 10-digit US number; not recorded.")
        return
    phones = contact.setdefault("phones", [])
    for existing in phones:
        if digits(existing["number"]) == d:
            if phone.get("region") and not existing.get("region"):
                existing["region"] = phone["region"]
            return
    entry = {"number": display(d), "type": "" if kind == "voice" else kind,
             "label": phone.get("label", ""), "region": phone.get("region", "")}
    phones.append(entry)
    if phones[:-1] and kind == "voice":
        others = ", ".join(p["number"] for p in phones[:-1] if (p.get("type") or "voice") == "voice")
        if others:
            src = phone.get("source", "")
            note(record, f"{display(d)} is given by {src}{dated_label(finding, src)}; the record also lists {others}: both kept.")


def apply_dispatch(record, finding):
    text = finding.get("dispatch", "").strip()
    if not text:
        return
    contact = record.setdefault("contact", {})
    for code in re.findall(r"(?<![\d-])(988|911|211|311|2-1-1|9-1-1)(?![\d-])", text):
        code = code.replace("-", "")
        dispatch = contact.setdefault("dispatch", [])
        if code not in dispatch:
            dispatch.append(code)
    known = {digits(p["number"]) for p in contact.get("phones", [])}
    for number in re.findall(r"\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b", text):
        d = digits(number)
        if len(d) == 10 and d not in known and d[0] not in "01":
            contact.setdefault("phones", []).append(
                {"number": display(d), "type": "dispatch", "label": "", "region": ""})
            known.add(d)
    existing = contact.get("note", "")
    if text not in existing:
        contact["note"] = f"{existing} {text}".strip() if existing else text


def apply_role(record, finding):
    role = finding.get("peer_role", "")
    basis = (finding.get("peer_role_basis") or "").strip()
    src = (finding.get("peer_role_source") or "").strip()
    if role not in ("peer_run", "peer_involved", "not_peer") or not basis or not src.startswith("http"):
        return
    old = record.get("peer_role", "unknown")
    if old != role:
        if old != "unknown":
            note(record, f"Peer role changed from {old} to {role} on {TODAY}: a source says \u201c{basis}\u201d.")
        record["peer_role"] = role
    record["peer_role_basis"] = {"quote": basis, "source": src}
    if not any(s["url"] == src for s in record["sources"]):
        record["sources"].append({"url": src, "kind": kind_of(src), "dated": date_in_address(src)})


def apply_status(record, finding):
    status = finding.get("status", "")
    if status not in ("uncertain", "closed"):
        return
    reason = (finding.get("status_reason") or "").strip()
    src = (finding.get("status_source") or "").strip()
    if not reason or not src.startswith("http"):
        return
    record["status"] = {"value": status, "reason": reason, "source": src,
                        "dated": finding.get("status_dated", "")}
    if not any(s["url"] == src for s in record["sources"]):
        record["sources"].append({"url": src, "kind": kind_of(src),
                                  "dated": finding.get("status_dated", "") or date_in_address(src)})


def fill(record, finding):
    contact = record.setdefault("contact", {})
    for key in ("website", "chat"):
        value = (finding.get(key) or "").strip()
        if value.startswith("http") and not contact.get(key):
            contact[key] = value
    address = record["address"]
    if finding.get("state", address["state"]) == address["state"]:
        for key in ("street", "zip"):
            if finding.get(key) and not address.get(key):
                address[key] = finding[key]
    if finding.get("operator") and not record.get("operator"):
        record["operator"] = finding["operator"]
    hours = (finding.get("hours") or "").strip()
    current = record.setdefault("hours", {}).get("text", "")
    if hours and not current:
        record["hours"]["text"] = hours
    elif hours and hours != current:
        note(record, f"Hours also given as \u201c{hours}\u201d (research {TODAY}).")
    e = record.setdefault("eligibility", {})
    for key in ("ages", "populations", "cost", "length_of_stay"):
        if finding.get(key) and not e.get(key):
            e[key] = finding[key]
    if finding.get("languages") and not e.get("languages"):
        e["languages"] = finding["languages"]


def apply_counties(record, finding):
    """Counties named by a cited source, in the record's own states, added once."""
    source = (finding.get("counties_source") or "").strip()
    if not source.startswith("http"):
        return False
    area = record["area"]
    served = area.setdefault("counties", [])
    added = False
    for county in finding.get("counties", []):
        state = county.rsplit(",", 1)[-1].strip()
        if (state in area["states"] or "US" in area["states"]) and county not in served:
            served.append(county)
            added = True
    if added and all(s["url"] != source for s in record["sources"]):
        cited = next((s for s in finding.get("sources", []) if s.get("url") == source), {})
        record["sources"].append({"url": source,
                                  "kind": cited.get("kind") or kind_of(source),
                                  "dated": cited.get("dated") or date_in_address(source)})
    return added


def apply_update(record, finding):
    merge_sources(record, finding)
    for phone in finding.get("phones", []):
        add_phone(record, phone, finding)
    apply_dispatch(record, finding)
    apply_role(record, finding)
    apply_status(record, finding)
    fill(record, finding)
    apply_counties(record, finding)
    record["verified"] = {"date": TODAY, "method": "desk_review", "detail": DETAIL}


def scope_of(finding):
    """The scope a finding states, else what its counties or city say: one county
    named is a county program, several a regional one, a city alone a local one."""
    if finding.get("scope"):
        return finding["scope"]
    if finding.get("state") == "US":
        return "national"
    counties = finding.get("counties", [])
    if len(counties) == 1:
        return "county"
    if len(counties) > 1:
        return "regional"
    return ""


def new_record(finding):
    state = finding["state"]
    scope = scope_of(finding)
    unstated = not scope
    # No source states the area: "local" claims nothing beyond the program's own
    # place (it is found by distance, never as "serves your area").
    scope = scope or "local"
    only_anchor = all(s.get("kind") == "directory" for s in finding.get("sources", []))
    record = {
        "id": finding["id"], "name": finding["name"], "kind": finding["kind"],
        "peer_role": "unknown", "operator": finding.get("operator", ""),
        "summary": finding.get("summary", ""),
        "confidence": "medium" if only_anchor or not any(s.get("kind") == "program" for s in finding.get("sources", [])) else "high",
        "sources": [], "notes": [],
        "verified": {"date": TODAY, "method": "desk_review", "detail": DETAIL},
        "contact": {"website": ""},
        "address": {"street": "", "city": finding.get("city", ""), "state": state, "zip": ""},
        "area": {"scope": scope, "states": ["US"] if state == "US" else [state]},
        "hours": {"text": ""}, "eligibility": {},
    }
    if only_anchor:
        note(record, "The only source is a national directory's listing; call to confirm before relying on it.")
    if unstated:
        note(record, "The area served is not stated by any source read; listed by its place only.")
    apply_update(record, finding)
    return record


def fix_dangerous_numbers(paths):
    """988/911/211/311 kept as a program's own phone go to contact.dispatch; the
    retired Lifeline number 800-273-8255 is removed. Each with the reason noted."""
    fixed = 0
    for path in sorted(paths.values()):
        with open(path, "rb") as f:
            record = tomllib.load(f)
        if record["id"] in ("988-suicide-crisis-lifeline", "veterans-crisis-line"):
            continue
        contact = record.get("contact", {})
        kept = []
        changed = False
        for phone in contact.get("phones", []):
            d = digits(phone["number"])
            if d in SHORT_CODES:
                dispatch = contact.setdefault("dispatch", [])
                if d not in dispatch:
                    dispatch.append(d)
                note(record, f"{d} was recorded as this program's own number; moved to the dispatch route on {TODAY} (a public short code, not the program's line).")
                changed = True
            elif d == "8002738255":
                note(record, f"800-273-8255 was recorded as this program's number; removed on {TODAY}: it is the retired National Suicide Prevention Lifeline number (988 since July 2022), not the program's.")
                changed = True
            else:
                kept.append(phone)
        if changed:
            contact["phones"] = kept
            write_record(path, record, header_comments(open(path).read()))
            fixed += 1
    print(f"{fixed} records with a public or retired number as their own: fixed")


def main():
    findings = load_findings()
    paths = record_paths()
    fix_dangerous_numbers(paths)
    applied = created = 0
    for finding in findings:
        action = finding.get("action")
        fid = finding["id"]
        if action == "new" and fid not in paths:
            record = new_record(finding)
            folder = "us" if record["address"]["state"] == "US" else record["address"]["state"].lower()
            path = f"{PROGRAMS}/{folder}/{fid}.toml"
            write_record(path, record, [f"# {record['name']} — data campaign {TODAY}"])
            paths[fid] = path
            created += 1
        elif action in ("update", "new") and fid in paths:
            # A "new" program already created (an earlier run, another list) is updated.
            with open(paths[fid], "rb") as f:
                record = tomllib.load(f)
            comments = header_comments(open(paths[fid]).read())
            apply_update(record, finding)
            write_record(paths[fid], record, comments)
            applied += 1
        elif action == "none" and fid in paths and finding.get("counties"):
            with open(paths[fid], "rb") as f:
                record = tomllib.load(f)
            comments = header_comments(open(paths[fid]).read())
            if apply_counties(record, finding):
                write_record(paths[fid], record, comments)
    print(f"{applied} updates applied, {created} programs created")

if __name__ == "__main__":
    main()
