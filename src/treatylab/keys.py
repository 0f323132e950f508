"""The pieces every activity's key builder shares (see :mod:`treatylab.marker` for the table format).

Each activity (:mod:`treatylab.activities`) builds its key table from its data with these: the
data version its answers are stored under, the list of accepted answers with their reasons, and the
specs of choices. Key builders hold no text of their own: every feedback sentence comes from data/.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel


def data_version(*sources: BaseModel | Any) -> str:
    """A short hash of the data an activity is built from (models or plain JSON values).

    Progress in the browser and handed-in answers carry it, so answers made against other data
    are recognised as stale. It covers the feedback texts too, so it cannot be inverted to
    recover a key.
    """
    plain = [s.model_dump(mode="json") if isinstance(s, BaseModel) else s for s in sources]
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()[:12]


def accept(*values: Any, reasons: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Accepted answers, the keyed one first; ``reasons`` by position for the alternatives."""
    reasons = reasons or {}
    return [{"value": v, **({"reason": reasons[i]} if i in reasons else {})} for i, v in enumerate(values)]


def choice(options: list[Any] | tuple[Any, ...]) -> dict[str, Any]:
    """The spec of a part answered by one of ``options``."""
    return {"type": "choice", "options": list(options)}
