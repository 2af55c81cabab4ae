"""Write seed-data/reconcile/ from the campaign's reconciliation and state checks.

- nec-peer-respites-2026-07.csv and nami-warmlines-2026-03.csv: one row per entry of
  the national list (its name, state, city and phone as the publisher lists them, from
  shared/data/research/anchors/), the decision (listed: a Peerway program; excluded:
  with the reason and source) and why.
- states.csv: for each of the 52 jurisdictions and each kind checked (warmline, peer
  respite, mobile crisis), the programs found, or "none found" with what was searched.
Run from the repository root: python3 seed-data/research/tools/write_reconcile.py
"""
import csv
import glob
import os
import tomllib

CAMPAIGN = "seed-data/research/campaign"
OUT = "seed-data/reconcile"
ANCHORS = "../shared/data/research/anchors"
LISTS = [
    ("nec-peer-respites-2026-07", ["nec"]),
    ("nami-warmlines-2026-03", ["nami-a", "nami-b"]),
]
HEADER = ["anchor_name", "state", "city", "phone", "decision", "program_id", "reason", "source"]


def ids():
    return {os.path.basename(p)[:-5] for p in glob.glob("seed-data/programs/**/*.toml", recursive=True)}


def write_list(name, folders, known):
    decisions = {}
    for folder in folders:
        with open(f"{CAMPAIGN}/{folder}/reconcile.csv") as f:
            for row in csv.DictReader(f):
                decisions.setdefault((row["anchor_name"].strip(), row["state"].strip()), row)
    rows = []
    with open(f"{ANCHORS}/{name}.csv") as f:
        for anchor in csv.DictReader(f):
            key = (anchor["name"].strip(), anchor["state"].strip())
            row = decisions.get(key, {})
            decision = row.get("decision", "")
            program = row.get("program_id", "").strip()
            if decision in ("matched", "new") and program in known:
                decision = "listed"
            elif decision in ("matched", "new"):
                decision = ""  # accounted for only once the program exists
            rows.append([anchor["name"].strip(), anchor["state"], anchor["city"], anchor["phone"],
                         decision, program if decision == "listed" else "",
                         row.get("reason", ""), row.get("source", "")])
    with open(f"{OUT}/{name}.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} entries, {sum(1 for r in rows if r[4])} accounted for")
    return {(r[0], r[1]): r[5] for r in rows}


def write_states(known, anchor_ids):
    by_name = {name: pid for (name, _), pid in anchor_ids.items() if pid}
    rows = []
    for path in sorted(glob.glob(f"{CAMPAIGN}/states/*.toml")):
        with open(path, "rb") as f:
            check = tomllib.load(f)
        for kind in ("warmline", "peer_respite", "mobile_crisis"):
            part = check.get(kind, {})
            found = []
            for entry in part.get("found", []):
                pid = by_name.get(entry[len("anchor:"):], "") if entry.startswith("anchor:") else entry
                if pid in known and pid not in found:
                    found.append(pid)
            rows.append([check["state"], kind, "found" if found else "none found", " ".join(found),
                         part.get("searched", "") if not found else "", str(check["researched"])])
    with open(f"{OUT}/states.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["state", "kind", "finding", "program_ids", "searched", "checked"])
        writer.writerows(rows)
    print(f"states.csv: {len(rows)} rows, {sum(1 for r in rows if r[2] == 'none found')} none found")


def main():
    os.makedirs(OUT, exist_ok=True)
    known = ids()
    anchor_ids = {}
    for name, folders in LISTS:
        anchor_ids.update(write_list(name, folders, known))
    write_states(known, anchor_ids)


main()
