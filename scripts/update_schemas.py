"""Write the JSON Schema of every input type to src/receivables/schemas/<Name>.json.

The schemas are generated from the classes (receivables._schema.generate); run this after
changing an input class, and tests/json/test_schema.py checks the shipped files are current.
Usage: python scripts/update_schemas.py
"""

from __future__ import annotations

import json
import pathlib

from receivables._schema import generate, input_types

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src" / "receivables" / "schemas"


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    wanted = {f"{kind.__name__}.json": generate(kind) for kind in input_types()}
    for stale in ROOT.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()
    for name, schema in wanted.items():
        (ROOT / name).write_text(json.dumps(schema, indent=2, sort_keys=False) + "\n", "utf-8")
    print(f"wrote {len(wanted)} schemas to {ROOT}")


if __name__ == "__main__":
    main()
