#!/usr/bin/env python3
"""Derives giai's own vocabulary files (data/vocabularies/*.json) from the reference material in
../shared/reference/. A maintainer runs it when the reference changes and commits the result;
the build embeds the committed files, so neither the build nor the tests need ../shared.

  crimes.json     crimes with their elements, and the modes of liability (en/fr titles)
  act_types.json  HURIDOCS "Types of acts" (list 4) and "Degrees of involvement" (list 18)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
ref = root.parent / "shared" / "reference"
out = root / "data" / "vocabularies"

crimes = json.loads((ref / "crimes.json").read_text())
keep_crime = ["id", "article", "title", "category", "subcategory", "conflict_type", "family",
              "status"]
derived = {
    "schema_version": 1,
    "source": "derived from shared/reference/crimes.json " + crimes["schema_version"],
    "disclaimer": crimes["disclaimer"],
    "crimes": [
        dict({k: c[k] for k in keep_crime},
             instrument=c["instrument"],
             elements=[{k: e[k] for k in ("id", "n", "text", "kind")} for e in c["elements"]],
             huridocs_types_of_acts=[a["code"] for a in c.get("huridocs_types_of_acts", [])])
        for c in crimes["crimes"]
    ],
    "modes_of_liability": [
        {"id": m["id"], "article": m["article"], "title": m["title"],
         "elements": [{k: e[k] for k in ("id", "n", "text", "kind")} for e in m["elements"]]}
        for m in crimes["modes_of_liability"]
    ],
}
(out / "crimes.json").write_text(json.dumps(derived, ensure_ascii=False, indent=1) + "\n")

mt = json.loads((ref / "huridocs_microthesauri.json").read_text())["lists"]
def terms(n):
    return [{"code": t["code"], "en": t["en"], "fr": t["fr"], "level": t["level"],
             "parent": t["parent"]} for t in mt[n]["terms"]]
acts = {"schema_version": 1, "source": "HURIDOCS micro-thesauri via OpenEvSys (lists 4 and 18)",
        "act_types": terms("4"), "degrees_of_involvement": terms("18")}
(out / "act_types.json").write_text(json.dumps(acts, ensure_ascii=False, indent=1) + "\n")
print("wrote", out, file=sys.stderr)
