"""The published WeChat/WeCom crypto vectors, with their sources, in tests/data/."""

from __future__ import annotations

import json
from pathlib import Path

VECTORS_PATH = Path(__file__).parent / "data" / "wechat_vectors.json"
# Read at import so a missing file fails the run instead of skipping the vector tests.
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]
