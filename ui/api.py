"""The JSON API, served by the same server as the web app under /api/v1 (OpenAPI page at /api/docs).

Thin like the app's handlers: each route calls the agent/ function the CLI and the app call, through the
workspace's one `Services`, and returns its typed result as JSON (`model_dump`). Errors are JSON
`{"error": message, "status": code}`: 400 bad input, 401 no or wrong key (`ui.api_auth`), 404 unknown id,
413 too large, 415 unsupported body type, 503 while a refresh holds the workspace's refresh lock.

    POST /api/v1/check          {"text": "..."}                    -> verdict
    POST /api/v1/check/batch    JSON list (strings or {"id", "text"}), or CSV (text/csv or multipart "file")
    GET  /api/v1/personas       the current version's personas (brief)
    GET  /api/v1/personas/{id}  one persona, in full
    GET  /api/v1/themes         the current version's complaint themes
    GET  /api/v1/records/{id}   one stored record (verbatim)
    POST /api/v1/refresh        {"force": false, "k": null}        -> 202 {"job_id": ...}
    GET  /api/v1/jobs/{id}      a refresh job's state and result
    POST /api/v1/feedback       {"verdict_id", "outcome", "note", "customer_id"} -> 201, the stored feedback

Concurrent /check requests are coalesced into one `Checker.check_many` call (`ui.api_batcher`). A verdict
from /check is logged under its `id` (as the app's and the CLI's are), so feedback can name it;
batch verdicts are not logged (as the CLI's `check --batch`).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ui.api_auth import ApiAuth, BearerGate, BodyLimit, BodyTooLarge
from ui.api_batcher import CheckBatcher
from ui.api_jobs import Jobs

if TYPE_CHECKING:
    from core.services import Services

MAX_CHECK_CHARS = 20_000  # as the app's fit check
MAX_BATCH = 10_000  # leads per batch request
RETRY_AFTER = "30"


class CheckIn(BaseModel):
    text: str = Field(description="The prospect: who they are, size, plan, what they ask for.")


class FeedbackIn(BaseModel):
    verdict_id: str = Field(description="The `id` of a verdict from /check (vd-...).")
    outcome: str = Field(description="won, lost, churned, renewed, wrong_persona or note")
    note: str = Field("", description="Free text (required for outcome `note`; at most 4,000 characters).")
    customer_id: str | None = Field(None, description="The customer's id once they are one.")


class RefreshIn(BaseModel):
    force: bool = Field(False, description="Rebuild even if no data changed since the last version.")
    k: int | None = Field(None, ge=2, le=200, description="Number of themes (default: chosen from the data).")


class ApiError(HTTPException):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(status_code=status, detail=message, headers=headers)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _busy(running=None) -> ApiError:
    where = f" (job {running.id})" if running is not None else ""
    return ApiError(
        503, f"a refresh is running{where}; retry when it has finished", {"Retry-After": RETRY_AFTER}
    )


def build_api(services: Services, auth: ApiAuth, max_body_mb: int | None = None) -> FastAPI:
    """The API as an app of its own, mounted at /api by `ui.serve` (so its docs and errors are its own)."""
    from agent.verdict import Checker

    jobs = Jobs(services)
    api = FastAPI(
        title="antipersona API",
        version="1",
        description="Fit verdicts, negative personas, themes and records of one workspace. Send "
        "`Authorization: Bearer <key>` (a key from ANTIPERSONA_API_KEYS). Every quote carries its record id.",
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    limit = (max_body_mb or services.settings.max_upload_mb) * 1024 * 1024
    api.add_middleware(BodyLimit, limit=limit)
    api.add_middleware(BearerGate, auth=auth, public=("/docs", "/openapi.json", "/docs/oauth2-redirect"))
    api.state.jobs = jobs

    @api.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if exc.status_code != 404 or isinstance(exc, ApiError) else "no such route"
        return _error(exc.status_code, str(message), getattr(exc, "headers", None))

    @api.exception_handler(RequestValidationError)
    async def bad_input(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg')}"
            for e in exc.errors()
        ]
        return _error(400, "bad input: " + "; ".join(problems))

    @api.exception_handler(BodyTooLarge)
    async def too_large(_request: Request, _exc: BodyTooLarge) -> JSONResponse:
        return _error(413, f"request body larger than the {limit / 1024 / 1024:g} MB limit")

    @api.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(exc).__name__}: {exc}"[:500])

    batcher = CheckBatcher(services)

    def checker():
        return Checker.load(services)

    def version() -> int | None:
        ps = services.current()
        return ps.version if ps is not None else None

    @api.post("/v1/check", summary="Fit verdict for one prospect")
    async def check(body: CheckIn) -> dict[str, Any]:
        text = body.text.strip()
        if not text:
            raise ApiError(
                400, "text is empty: describe the prospect (who they are, size, plan, what they ask for)"
            )
        if len(text) > MAX_CHECK_CHARS:
            raise ApiError(
                413, f"text too long to check ({len(text):,} characters; at most {MAX_CHECK_CHARS:,})"
            )
        verdict = await asyncio.wrap_future(batcher.submit(text))  # coalesced with concurrent checks
        return {**verdict.model_dump(), "personas_version": version()}

    @api.post("/v1/check/batch", summary="Fit verdicts for a list of leads (JSON list or CSV)")
    async def check_batch(request: Request, text_column: str | None = None) -> dict[str, Any]:
        from starlette.concurrency import run_in_threadpool

        ids, texts = await _batch_input(request, text_column)
        if not texts:
            raise ApiError(400, "no leads in the request")
        if len(texts) > MAX_BATCH:
            raise ApiError(413, f"{len(texts):,} leads in one request; at most {MAX_BATCH:,}")
        if too_long := [i for i, t in enumerate(texts) if len(t) > MAX_CHECK_CHARS]:
            raise ApiError(413, f"lead {too_long[0]} is longer than {MAX_CHECK_CHARS:,} characters")
        verdicts = await run_in_threadpool(lambda: checker().check_many(texts, explain=False))
        from agent.alerts import notify_batch

        notify_batch(services.settings, verdicts, texts, source="an API batch")  # background, never raises
        results = [{"index": i, "lead_id": ids[i], **v.model_dump()} for i, v in enumerate(verdicts)]
        return {"count": len(results), "personas_version": version(), "results": results}

    @api.get("/v1/personas", summary="The current negative personas")
    def personas() -> dict[str, Any]:
        from agent.chat_payloads import persona_listing

        return persona_listing(services.current(), detail=True)

    @api.get("/v1/personas/{persona_id}", summary="One persona in full")
    def persona(persona_id: str) -> dict[str, Any]:
        ps = services.current()
        found = next((p for p in ps.personas if p.id == persona_id), None) if ps is not None else None
        if found is None:
            known = ", ".join(p.id for p in ps.personas) if ps is not None else "none yet"
            raise ApiError(404, f"no persona {persona_id!r} in the current version; known: {known or 'none'}")
        return {**found.model_dump(), "version": ps.version}

    @api.get("/v1/themes", summary="The current complaint themes")
    def themes() -> dict[str, Any]:
        ps = services.current()
        if ps is None:
            return {"version": None, "themes": [], "message": "no themes yet: ingest data and refresh"}
        choice = ps.theme_choice.model_dump() if ps.theme_choice is not None else None
        timeline = ps.theme_timeline.model_dump() if ps.theme_timeline is not None else None
        return {
            "version": ps.version,
            "theme_choice": choice,
            "themes": [t.model_dump() for t in ps.themes],
            "timeline": timeline,  # complaint passages per theme per period (the Themes tab's chart)
        }

    @api.get("/v1/records/{record_id:path}", summary="One stored record, verbatim")
    def record(record_id: str) -> dict[str, Any]:
        found = services.store.records.get(record_id)
        if found is None:
            raise ApiError(404, f"no record {record_id!r}")
        return found.model_dump()

    @api.post("/v1/refresh", status_code=202, summary="Start a refresh in the background")
    def refresh(body: RefreshIn | None = None) -> dict[str, Any]:
        body = body or RefreshIn()
        job, running = jobs.start_refresh(force=body.force, k=body.k)
        if job is None:
            raise _busy(running)
        return {"job_id": job.id, "status": job.status, "url": f"/api/v1/jobs/{job.id}"}

    @api.get("/v1/jobs/{job_id}", summary="A background job's state and result")
    def job(job_id: str) -> dict[str, Any]:
        found = jobs.get(job_id)
        if found is None:
            raise ApiError(404, f"no job {job_id!r} (jobs are kept in memory until the server restarts)")
        return found.as_json()

    @api.post("/v1/feedback", status_code=201, summary="Record what happened after a verdict")
    def feedback(body: FeedbackIn) -> dict[str, Any]:
        from agent.feedback import record_feedback

        if services.store.records.verdict(body.verdict_id.strip()) is None:
            raise ApiError(404, f"no verdict {body.verdict_id!r} in this workspace (ids come from /check)")
        try:
            stored = record_feedback(
                services, body.verdict_id, body.outcome, body.note, customer_id=body.customer_id, source="api"
            )
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
        return stored.model_dump()

    return api


async def _batch_input(request: Request, text_column: str | None) -> tuple[list[str | None], list[str]]:
    """(ids, texts) from a JSON list, a CSV body or a multipart upload named `file`."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in ("application/json", ""):
        try:
            data = json.loads(await request.body() or b"null")
        except ValueError as exc:
            raise ApiError(400, f"body is not valid JSON: {exc}") from None
        if isinstance(data, dict):
            data = data.get("leads", data.get("texts"))
        if not isinstance(data, list):
            raise ApiError(400, 'send a JSON list of leads: ["text", ...] or [{"id": ..., "text": ...}, ...]')
        return _json_leads(data, text_column)
    if ctype in ("text/csv", "application/csv"):
        return _csv_leads(await request.body(), text_column)
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, "multipart upload needs a CSV file in the field `file`")
        column = form.get("text_column")
        return _csv_leads(await upload.read(), text_column or (column if isinstance(column, str) else None))
    raise ApiError(
        415, f"unsupported content type {ctype!r}: send application/json, text/csv or multipart/form-data"
    )


def _json_leads(data: list, text_column: str | None) -> tuple[list[str | None], list[str]]:
    ids: list[str | None] = []
    texts: list[str] = []
    for i, item in enumerate(data):
        if isinstance(item, str):
            ids.append(None)
            texts.append(item.strip())
        elif isinstance(item, dict):
            lead_id = item.get("id")
            ids.append(None if lead_id is None else str(lead_id))
            key = text_column or "text"
            if key in item:
                texts.append(str(item[key] or "").strip())
            else:  # a structured lead: every field as "name: value", as the CLI reads a CSV without a text column
                texts.append(". ".join(f"{k}: {v}" for k, v in item.items() if k != "id" and str(v).strip()))
        else:
            raise ApiError(400, f"lead {i} is neither a string nor an object")
        if not texts[-1]:
            raise ApiError(400, f"lead {i} has no text")
    return ids, texts


def _csv_leads(raw: bytes, text_column: str | None) -> tuple[list[str | None], list[str]]:
    from ui.lead_files import read_leads

    with tempfile.TemporaryDirectory(prefix="antipersona-api-") as tmp:
        path = Path(tmp) / "leads.csv"
        path.write_bytes(raw)
        try:
            columns, table, texts = read_leads(path, text_column)
        except SystemExit as exc:  # read_leads' "no column X; columns are ..." and whole-file problems
            raise ApiError(400, str(exc).replace(str(path), "the CSV")) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, f"could not read the body as CSV: {exc}") from None
    at = next((columns.index(c) for c in ("id", "lead_id", "record_id", "email") if c in columns), None)
    ids = [row[at] if at is not None else None for row in table]
    return ids, texts
