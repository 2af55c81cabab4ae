"""One-off (2026-12-02): turn each program's `sources = ["url", …]` into
`sources = [{ url = "…", kind = "…", dated = "…" }, …]` (see source_kinds.py).
Run from the repository root: python3 seed-data/research/tools/migrate_sources.py
"""
import glob
import json
import re
import sys
import tomllib

sys.path.insert(0, "seed-data/research/tools")
from source_kinds import date_in_address, kind_of  # noqa: E402

BLOCK = re.compile(r"^sources = \[(.*?)\]\n", re.S | re.M)


def source_line(url, website):
    fields = [f"url = {json.dumps(url)}", f'kind = "{kind_of(url, website)}"']
    dated = date_in_address(url)
    if dated:
        fields.append(f'dated = "{dated}"')
    return "  { " + ", ".join(fields) + " },"


def migrate(path):
    text = open(path).read()
    record = tomllib.loads(text)
    if not record["sources"] or isinstance(record["sources"][0], dict):
        return False
    website = record.get("contact", {}).get("website", "")
    lines = [source_line(url, website) for url in record["sources"]]
    new_block = "sources = [\n" + "\n".join(lines) + "\n]\n"
    text, count = BLOCK.subn(lambda _: new_block, text, count=1)
    assert count == 1, path
    assert tomllib.loads(text)["sources"][0]["url"] == record["sources"][0]
    open(path, "w").write(text)
    return True


changed = sum(migrate(p) for p in sorted(glob.glob("seed-data/programs/**/*.toml", recursive=True)))
print(f"{changed} files migrated")
