"""The OpenAPI document declares every error an operation can answer (API.md
"Conventions"), in the one error shape, without each endpoint listing them:
`GovHallAPI` adds them to every operation when the document is built, so a new
endpoint gets them for nothing."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from ninja import NinjaAPI

ERROR_SCHEMA = "Error"
ERROR_DETAIL_SCHEMA = "ErrorDetail"

# What each status means here; every error body has the same shape.
_MEANINGS = {
    400: gettext_noop("请求有误（如请求体不是有效的 JSON）"),
    401: gettext_noop("未登录或令牌无效"),
    403: gettext_noop("无权访问（令牌类型、角色或中心不符）"),
    404: gettext_noop("资源不存在"),
    409: gettext_noop("与当前状态冲突（如状态不允许此操作、名额已满、重复提交）"),
    413: gettext_noop("请求体过大"),
    415: gettext_noop("不支持的内容类型"),
    422: gettext_noop("请求参数有误（fields 列出每个字段的问题）"),
    429: gettext_noop("请求过于频繁，请稍后再试"),
}
# Every operation: a bad or missing token, a refusal, an unknown code in the
# path or the body, a rejected parameter, a throttle, a malformed request.
ALWAYS = (400, 401, 403, 404, 422, 429)
# Operations that change state (or take a body): conflicts and body edges.
WRITES = (409, 413, 415)
UNSAFE = {"post", "put", "patch", "delete"}


def error_components() -> dict:
    """`{"error": {"code", "message", "fields"}}` as schema components."""
    return {
        ERROR_DETAIL_SCHEMA: {
            "type": "object",
            "title": ERROR_DETAIL_SCHEMA,
            "properties": {
                "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            "required": ["code", "message", "fields"],
        },
        ERROR_SCHEMA: {
            "type": "object",
            "title": ERROR_SCHEMA,
            "properties": {"error": {"$ref": f"#/components/schemas/{ERROR_DETAIL_SCHEMA}"}},
            "required": ["error"],
        },
    }


def error_statuses(method: str, operation: dict) -> tuple[int, ...]:
    if method in UNSAFE or "requestBody" in operation:
        return ALWAYS + WRITES
    return ALWAYS


def declare_errors(schema: dict) -> dict:
    """Add the error responses to every operation of `schema`, in place. What an
    endpoint declares itself for a status is kept."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(error_components())
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in error_statuses(method, operation):
                if status in responses or str(status) in responses:
                    continue
                responses[status] = {
                    "description": gettext(_MEANINGS[status]),
                    "content": {"application/json": {"schema": ref}},
                }
    return schema


EVENT_KINDS = ["ticket.called", "ticket.recalled", "ticket.finished", "queue.changed", "…"]


def declare_event_stream(schema: dict, prefix: str) -> dict:
    """The display boards' stream is an async Django view, not a ninja route
    (ninja would buffer it): it is declared here, so the contract of API.md has
    every endpoint in one document."""
    schema.setdefault("paths", {})[f"{prefix}centers/{{center}}/events"] = {
        "get": {
            "operationId": "govhall_core_stream_center_events",
            "summary": "叫号事件流（Server-Sent Events）",
            "description": (
                "显示屏、取号机、窗口令牌或本中心工作人员。每个事件含 id:（递增）、event:（"
                + "、".join(EVENT_KINDS)
                + "）和 data:（JSON，不含个人信息）。断线重连时带 Last-Event-ID，先补发错过的全部事件。"
            ),
            "tags": ["queueing"],
            "parameters": [
                {"in": "path", "name": "center", "required": True, "schema": {"type": "string"}},
                {
                    "in": "header",
                    "name": "Last-Event-ID",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 0},
                },
                {
                    "in": "query",
                    "name": "last_event_id",
                    "required": False,
                    "description": "EventSource 无法设置请求头时的替代",
                    "schema": {"type": "integer", "minimum": 0},
                },
                {
                    "in": "query",
                    "name": "max_seconds",
                    "required": False,
                    "description": "到时关闭（测试与压测用），1–600 秒",
                    "schema": {"type": "number", "minimum": 1, "maximum": 600},
                },
            ],
            "responses": {
                "200": {
                    "description": "text/event-stream",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}},
                }
            },
            "security": [{"Needs": []}],
        }
    }
    return schema


class GovHallAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        declare_event_stream(schema, path_prefix)
        return declare_errors(schema)
