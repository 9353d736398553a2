"""Editor support: JSON Schemas generated from the content models, for the VS Code YAML extension.

``python -m generator.content.schema [DIR]`` writes ``DIR/KIND.schema.json`` (default ``schemas/``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.content.kinds import document_models


def editor_schemas() -> dict[str, str]:
    """File name → JSON text of the schema of each document kind."""
    schemas = {}
    for kind, model in document_models().items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schemas[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return schemas


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in editor_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written_path)
