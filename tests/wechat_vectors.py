"""The published WeChat/WeCom crypto vectors in ../shared/wechat/vectors.json."""

from __future__ import annotations

import json

from bot.settings import PROJECT_ROOT

VECTORS_PATH = PROJECT_ROOT.parent / "shared" / "wechat" / "vectors.json"
# Read at import so a missing file fails the run instead of skipping the vector tests.
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]
