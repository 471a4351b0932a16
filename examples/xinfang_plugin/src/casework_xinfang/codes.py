"""The code tables of 信访: plain ``str`` codes with zh/en labels, shared by the kind and its report."""

from __future__ import annotations

from collections.abc import Mapping

from casework import Label

KIND = "xinfang"

CHANNELS: Mapping[str, Label] = {
    "letter": Label("来信", "letter"),
    "visit": Label("来访", "visit"),
    "phone": Label("来电", "telephone"),
    "online": Label("网上信访", "online"),
}
"""How a matter came in."""

OPINIONS: Mapping[str, Label] = {
    "supported": Label("予以支持", "supported"),
    "partly_supported": Label("部分支持", "partly supported"),
    "not_supported": Label("不予支持", "not supported"),
    "explained": Label("解释说明", "explained"),
}
"""The opinion of a written answer (处理意见) or of a review (复查意见)."""
