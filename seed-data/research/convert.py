#!/usr/bin/env python3
"""One-off conversion of the research CSVs into Peerway's seed-data format.

Kept for provenance: it documents exactly how every seed record was derived from
`research/{respites,warmlines,mobile}.csv` (copied from `shared/data/research/`).
It was run once; the TOML files under `seed-data/programs/` are now the curated
source of truth and are edited by hand. Re-running it overwrites hand edits.

Rules (nothing is filled in that the research rows do not say):
- rows naming the same program in two files are merged (MERGES below): the first
  row is the primary; a value from a higher-confidence row wins, otherwise the
  primary's; a differing value that loses is kept as a note ("also reported");
  conflicting hours of equal confidence are shown together, which leaves the
  hours unparsed ("see listing") rather than picking one;
- phone text is split into numbers with their notes; vanity letters are turned
  into digits (1-866-SAFEMIA -> 866-723-3642), the original text kept as a note;
- 911 / 988 / 211 / 311 given as the phone of a team or centre (not a line) is a
  dispatch route, not a phone;
- languages are recorded only when a row names them.

Usage: python3 seed-data/research/convert.py   (from the repository root)
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "programs")
FILES = ["respites", "warmlines", "mobile"]
CHECKED = "2026-11-27"
METHOD_DETAIL = (
    "Desk review of published web pages (stored copies of varying age); "
    "not confirmed by phone."
)
CONF_RANK = {"low": 0, "medium": 1, "high": 2}
LINE_KINDS = {"warmline", "crisis_line", "text_line", "chat_line"}
SHORT_CODES = {"911", "988", "211", "311"}

# (file, csv line) pairs that are the same program; the first is the primary row.
MERGES = [
    [("respites", 2), ("mobile", 85)],
    [("respites", 5), ("mobile", 84)],
    [("respites", 25), ("mobile", 82)],
    [("respites", 11), ("mobile", 88)],
    [("respites", 12), ("mobile", 87)],
    [("respites", 13), ("mobile", 86)],
    [("respites", 30), ("mobile", 57)],
    [("respites", 31), ("mobile", 56)],
    [("respites", 32), ("mobile", 60)],
    [("respites", 51), ("mobile", 83)],
    [("warmlines", 20), ("mobile", 15)],
    [("warmlines", 26), ("mobile", 5)],
    [("warmlines", 31), ("mobile", 48)],
    [("warmlines", 34), ("mobile", 53)],
    [("warmlines", 35), ("mobile", 91)],
    [("warmlines", 42), ("mobile", 100)],
    [("warmlines", 47), ("mobile", 63)],
    [("warmlines", 59), ("mobile", 67)],
    # BH Link is a walk-in triage centre with a hotline: the centre is the primary.
    [("mobile", 66), ("warmlines", 77)],
    [("warmlines", 80), ("mobile", 73)],
    [("warmlines", 106), ("mobile", 49)],
    [("warmlines", 109), ("mobile", 32)],
    [("warmlines", 111), ("mobile", 17)],
    [("warmlines", 112), ("mobile", 156)],
]

LANGUAGES = [
    "Spanish", "Vietnamese", "Mandarin", "Cantonese", "Chinese", "Korean", "Tagalog",
    "Russian", "Arabic", "Somali", "Hmong", "Haitian Creole", "Portuguese",
    "American Sign Language",
]

VANITY = {c: d for d, letters in {
    "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ",
}.items() for c in letters}


def read_rows():
    rows = {}
    for name in FILES:
        with open(os.path.join(HERE, name + ".csv"), newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                row = {k: (v or "").strip() for k, v in row.items()}
                row["_ref"] = f"{name}.csv:{i + 2}"
                rows[(name, i + 2)] = row
    return rows


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"\([^)]*\)", " ", text) if len(text) > 40 else text
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:60].rstrip("-")


def split_sources(text):
    return [s.strip() for s in re.split(r"\s+[;|]\s+", text) if s.strip()]


def normalize_url(text):
    text = text.strip()
    if not text:
        return ""
    if not re.match(r"https?://", text):
        text = "https://" + text
    return text


def phone_number(token):
    """Return the 10-digit or short-code display form of one phone token, or None."""
    token = token.strip()
    if token in SHORT_CODES:
        return token
    vanity = re.fullmatch(r"(?:1-)?(\d{3})-([A-Z0-9-]{7,8})", token)
    if vanity and re.search(r"[A-Z]", vanity.group(2)):
        digits = "".join(VANITY.get(c, c) for c in vanity.group(2) if c != "-")
        if len(digits) == 7:
            return f"{vanity.group(1)}-{digits[:3]}-{digits[3:]}"
    m = re.fullmatch(r"(?:1-)?(\d{3})-(\d{3})-(\d{4})", token)
    if m:
        return "-".join(m.groups())
    return None


PHONE_TOKEN = re.compile(
    r"(?:1-)?\d{3}-[A-Z0-9]{3}-?[A-Z0-9]{4}|(?:1-)?\d{3}-[A-Z]{7}|\b(?:911|988|211|311)\b")


def parse_phones(text):
    """Split research phone text into [(number, label)]: each number with the words
    the research gave beside it ("TDD", "press 1", "referrals")."""
    phones = []
    for segment in re.split(r";", text or ""):
        for part in re.split(r"\((?=[^)]*\d{3}-)", segment):
            tokens = PHONE_TOKEN.findall(part)
            label = PHONE_TOKEN.sub("", part)
            label = re.sub(r"[()]", " ", label)
            label = re.sub(r"^\W+|\W+$", "", re.sub(r"\s+", " ", label))
            if re.fullmatch(r"also|[A-Z0-9-]+", label):
                label = ""
            for token in tokens:
                number = phone_number(token)
                if number and number not in [n for n, _ in phones]:
                    phones.append((number, label))
    return phones


def parse_texts(text):
    """Research text column -> [{number, keyword, label}], plus the text as a note
    when no number could be read from it ("Texting available (2018)")."""
    texts = []
    for part in re.split(r";", text or ""):
        part = part.strip()
        label = " ".join(re.findall(r"\(([^)]*)\)", part))
        bare = re.sub(r"\([^)]*\)", "", part).strip()
        m = re.fullmatch(r"(?:Text )?([A-Za-z0-9]+) to (\S+)", bare)
        keyword, target = (m.group(1), m.group(2)) if m else ("", bare)
        number = phone_number(target) or (target if re.fullmatch(r"\d{5,6}", target) else None)
        if number:
            texts.append({"number": number, "keyword": keyword, "label": label})
    notes = [] if texts or not text else [text]
    return texts, notes


def languages_in(row):
    blob = " ".join(row[k] for k in ("summary", "populations", "text", "phone", "hours"))
    return [lang for lang in LANGUAGES if re.search(r"\b" + lang + r"\b", blob)]


def same_value(field, a, b):
    """Equal ignoring case; for hours, the round-the-clock spellings are equal too."""
    if a.lower() == b.lower():
        return True
    always = {"24/7", "24/7/365"}
    return field == "hours" and a in always and b in always


def merge(rows):
    primary = dict(rows[0])
    notes = []
    best = max(rows, key=lambda r: CONF_RANK.get(r["confidence"], 0))
    for other in rows[1:]:
        for field in ("operator", "peer_run", "street", "city", "zip", "website", "hours",
                      "ages", "populations", "cost", "length_of_stay", "service_area", "summary"):
            mine, theirs = primary[field], other[field]
            if not theirs or same_value(field, mine, theirs):
                continue
            if not mine or (field == "peer_run" and mine == "unknown"):
                primary[field] = theirs
                continue
            higher = CONF_RANK.get(other["confidence"], 0) > CONF_RANK.get(primary["confidence"], 0)
            if field == "hours" and not higher and CONF_RANK.get(other["confidence"]) == CONF_RANK.get(primary["confidence"]):
                primary[field] = f"{mine}; another source: {theirs}"
                continue
            if higher:
                primary[field], theirs = theirs, mine
            if field not in ("summary", "service_area"):
                label = field.replace("_", " ")
                notes.append(f"Also reported ({other['_ref']}): {label} {theirs!r}.")
        for field in ("phone", "text"):
            if other[field] and other[field] not in primary[field]:
                primary[field] = "; ".join(x for x in (primary[field], other[field]) if x)
    primary["source_url"] = " ; ".join(dict.fromkeys(
        s for r in rows for s in split_sources(r["source_url"])))
    primary["confidence"] = best["confidence"]
    primary["_ref"] = " + ".join(r["_ref"] for r in rows)
    primary["_notes"] = notes
    return primary


def toml_str(value):
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


def toml_list(values):
    if not values:
        return "[]"
    if len(values) == 1 and len(values[0]) < 70:
        return f"[{toml_str(values[0])}]"
    return "[\n" + "".join(f"  {toml_str(v)},\n" for v in values) + "]"


def render(program_id, row):
    kind = row["type"]
    state = row["state"]
    phones = parse_phones(row["phone"])
    dispatch = []
    if kind not in LINE_KINDS:
        dispatch = [n for n, _ in phones if n in SHORT_CODES]
        phones = [(n, label) for n, label in phones if n not in SHORT_CODES]
    texts, text_notes = parse_texts(row["text"])
    website = row["website"]
    chat_url = ""
    if website.endswith("(chat)"):
        chat_url = normalize_url(website.replace("(chat)", ""))
        website = ""
    website = normalize_url(website)
    scope = row["service_area"]
    states = ["US"] if scope == "national" else [state]
    notes = list(row.get("_notes", []))

    out = [f"# {row['name']} — from {row['_ref']}"]
    out.append(f"id = {toml_str(program_id)}")
    out.append(f"name = {toml_str(row['name'])}")
    out.append(f"kind = {toml_str(kind)}")
    out.append(f"peer_role = {toml_str(row['peer_run'] or 'unknown')}")
    out.append(f"operator = {toml_str(row['operator'])}")
    out.append(f"summary = {toml_str(row['summary'])}")
    out.append(f"confidence = {toml_str(row['confidence'])}")
    out.append(f"sources = {toml_list(split_sources(row['source_url']))}")
    if notes:
        out.append(f"notes = {toml_list(notes)}")
    out.append("")
    out.append("[verified]")
    out.append(f"date = {CHECKED}")
    out.append('method = "desk_review"')
    out.append(f"detail = {toml_str(METHOD_DETAIL)}")
    out.append("")
    out.append("[contact]")
    out.append(f"website = {toml_str(website)}")
    if chat_url:
        out.append(f"chat = {toml_str(chat_url)}")
    if dispatch:
        out.append(f"dispatch = {toml_list(dispatch)}")
    if text_notes:
        out.append(f"note = {toml_str('; '.join(text_notes))}")
    for number, label in phones:
        out.append("")
        out.append("[[contact.phones]]")
        out.append(f"number = {toml_str(number)}")
        if label:
            out.append(f"label = {toml_str(label)}")
    for text in texts:
        out.append("")
        out.append("[[contact.texts]]")
        out.append(f"number = {toml_str(text['number'])}")
        if text["keyword"]:
            out.append(f"keyword = {toml_str(text['keyword'])}")
        if text["label"]:
            out.append(f"label = {toml_str(text['label'])}")
    out.append("")
    out.append("[address]")
    out.append(f"street = {toml_str(row['street'])}")
    out.append(f"city = {toml_str(row['city'])}")
    out.append(f"state = {toml_str(state)}")
    out.append(f"zip = {toml_str(row['zip'])}")
    out.append("")
    out.append("[area]")
    out.append(f"scope = {toml_str(scope)}")
    out.append(f"states = {toml_list(states)}")
    out.append("")
    out.append("[hours]")
    out.append(f"text = {toml_str(row['hours'])}")
    out.append("")
    out.append("[eligibility]")
    out.append(f"ages = {toml_str(row['ages'])}")
    out.append(f"populations = {toml_str(row['populations'])}")
    out.append(f"cost = {toml_str(row['cost'])}")
    out.append(f"length_of_stay = {toml_str(row['length_of_stay'])}")
    out.append(f"languages = {toml_list(languages_in(row))}")
    return "\n".join(out) + "\n"


def main():
    rows = read_rows()
    merged_keys = {key for group in MERGES for key in group}
    programs = [merge([rows[k] for k in group]) for group in MERGES]
    programs += [dict(rows[k], _notes=[]) for k in rows if k not in merged_keys]
    used = set()
    written = 0
    for row in sorted(programs, key=lambda r: r["_ref"]):
        base = slug(row["name"])
        program_id = base
        if program_id in used:
            program_id = f"{base}-{slug(row['city'])}-{row['state'].lower()}".replace("--", "-")
        if program_id in used:
            sys.exit(f"duplicate id {program_id} for {row['_ref']}")
        used.add(program_id)
        folder = os.path.join(OUT, row["state"].lower())
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, program_id + ".toml"), "w", encoding="utf-8") as fh:
            fh.write(render(program_id, row))
        written += 1
    print(f"{len(rows)} research rows -> {written} programs ({len(MERGES)} merges)")


if __name__ == "__main__":
    main()
