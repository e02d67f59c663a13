"""The practice page as a Starlette app: pages, a small JSON API, static files (KaTeX).

Requests are checked like the CLI's arguments: bodies are capped (``MAX_BODY``), every field
must be a string of bounded length, answers and claims go through the safe parser with its
own bounds, and every check runs under the CLI's time limits. Endpoints run the engine in the
server's event-loop thread, so under ``symgen serve`` (uvicorn in the main thread) the CLI's
SIGALRM limit applies; checks are serialised, which suits a page on one's own machine.
Nothing is stored: no cookies, no sessions, no files. Any failure is one line of text.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from symgen.errors import CheckTimeout, SymgenError, UnknownIdentity
from symgen.web import views
from symgen.web.budget import CHECK_SECONDS, CLAIM_SECONDS, bounded
from symgen.web.words import pick_lang, words

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
KATEX = STATIC / "katex" / "katex.min.js"
MAX_BODY = 16_384  # bytes of a request body
MAX_FIELD = 8_000  # characters of one field (the parser and verify_claim cap further)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
HOSTS_VARIABLE = "SYMGEN_WEB_HOSTS"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
Endpoint = Callable[[Request], Awaitable[Response]]


class BadRequest(SymgenError, ValueError):
    """A request the app cannot read: wrong method body, missing or oversized field."""


@dataclass(frozen=True)
class Limits:
    """Seconds for one answer check and for one claim/chain (the CLI's defaults)."""

    check: float = CHECK_SECONDS
    claim: float = CLAIM_SECONDS


def environment() -> jinja2.Environment:
    """Jinja2 for HTML: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Site:
    """The routes and the state they share (templates, limits)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.env = environment()

    def page(self, name: str, request: Request, status: int = 200, **context: Any) -> Response:
        lang = pick_lang(request.query_params.get("lang"))
        other = "en" if lang == "ko" else "ko"
        html = self.env.get_template(name).render(
            lang=lang,
            other=other,
            w=words(lang),
            path=request.url.path,
            katex=KATEX.is_file(),
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def fragment(self, name: str, lang: str, **context: Any) -> str:
        return self.env.get_template(name).render(lang=lang, w=words(lang), **context)

    # ------------------------------------------------------------ pages

    async def index(self, request: Request) -> Response:
        lang = pick_lang(request.query_params.get("lang"))
        return self.page("index.html", request, topics=views.problem_list(lang))

    async def problem(self, request: Request) -> Response:
        lang = pick_lang(request.query_params.get("lang"))
        try:
            view = views.problem_view(str(request.path_params["problem_id"]), lang)
        except UnknownIdentity as exc:
            raise HTTPException(404, str(exc)) from None
        return self.page("problem.html", request, problem=view)

    async def prove_page(self, request: Request) -> Response:
        lang = pick_lang(request.query_params.get("lang"))
        return self.page("prove.html", request, identities=views.identity_list(lang))

    # ------------------------------------------------------------ the JSON API

    async def preview(self, request: Request) -> Response:
        data = await read_json(request, ("problem", "ask", "answer"))
        _, ask = views.find_ask(data["problem"], data["ask"])
        latex = bounded(self.limits.check, lambda: views.preview_latex(ask, data["answer"]))
        return JSONResponse({"latex": latex}, headers=HEADERS)

    async def check(self, request: Request) -> Response:
        from symgen.answers.check import check_answer, verdict

        data = await read_json(request, ("problem", "ask", "answer", "lang"))
        lang = pick_lang(data["lang"])
        problem, ask = views.find_ask(data["problem"], data["ask"])
        try:
            result = bounded(self.limits.check, lambda: check_answer(ask, data["answer"]))
        except CheckTimeout:
            result = verdict(False, "timeout")
        outcome = views.check(ask, lang, result)
        if not outcome.invalid:  # the worked solution comes after an attempt
            part = bounded(self.limits.claim, lambda: views.solution_part(problem, ask, lang))
            outcome = dataclasses.replace(outcome, part=part)
        html = self.fragment("outcome.html", lang, outcome=outcome)
        body = {
            "correct": outcome.correct,
            "invalid": outcome.invalid,
            "reason": outcome.reason,
            "feedback": outcome.feedback,
            "read_latex": outcome.read_latex,
            "html": html,
        }
        return JSONResponse(body, headers=HEADERS)

    async def prove(self, request: Request) -> Response:
        data = await read_json(request, ("text", "lang"))
        lang = pick_lang(data["lang"])
        budget = self.limits.claim
        result = bounded(budget, lambda: views.prove_text(data["text"], lang, budget=budget))
        html = self.fragment("prove_result.html", lang, result=result)
        body = {"kind": result.kind, "holds": result.holds, "html": html}
        return JSONResponse(body, headers=HEADERS)


async def read_json(request: Request, keys: Sequence[str]) -> dict[str, str]:
    """The JSON object of a POST body with these string fields; BadRequest otherwise."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_BODY:
        raise BadRequest(f"the request body is larger than {MAX_BODY} bytes")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise BadRequest(f"the request body is larger than {MAX_BODY} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the request body must be a JSON object")
    for key in keys:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise BadRequest(f"field {key!r} must be a string")
        if len(value) > MAX_FIELD:
            raise BadRequest(f"field {key!r} is longer than {MAX_FIELD} characters")
    return {key: str(data.get(key, "")) for key in keys}


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _error(request: Request, status: int, message: str, env: jinja2.Environment) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers=HEADERS)
    lang = pick_lang(request.query_params.get("lang"))
    html = env.get_template("error.html").render(
        lang=lang,
        other="en" if lang == "ko" else "ko",
        w=words(lang),
        path=request.url.path,
        katex=KATEX.is_file(),
        status=status,
        message=message,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def create_app(
    *, limits: Limits | None = None, allowed_hosts: Sequence[str] | None = None
) -> Starlette:
    """The ASGI app. ``allowed_hosts``: Host headers it answers (``*`` for any); by default
    those in $SYMGEN_WEB_HOSTS (comma-separated, set by ``symgen serve``), else localhost's,
    which keeps other sites' pages from reaching it through a rebound DNS name.
    """
    if allowed_hosts is None:
        listed = os.environ.get(HOSTS_VARIABLE, "")
        allowed_hosts = [h.strip() for h in listed.split(",") if h.strip()] or LOCAL_HOSTS
    site = Site(limits or Limits())

    async def on_http(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        return _error(request, status, _message(getattr(exc, "detail", exc)), site.env)

    def guarded(endpoint: Endpoint) -> Endpoint:
        """Engine errors give 400, anything else 500: one line each, never a traceback."""

        async def run(request: Request) -> Response:
            try:
                return await endpoint(request)
            except HTTPException:
                raise
            except SymgenError as exc:
                return _error(request, 400, _message(exc), site.env)
            except Exception as exc:
                message = f"internal error ({type(exc).__name__}): {_message(exc)}"
                print(f"symgen serve: {request.url.path}: {message}", file=sys.stderr)
                return _error(request, 500, message, site.env)

        return run

    async def root(request: Request) -> Response:
        return RedirectResponse(f"/problems?{request.url.query}".rstrip("?"), status_code=307)

    routes = [
        Route("/", root),
        Route("/problems", guarded(site.index)),
        Route("/problem/{problem_id}", guarded(site.problem)),
        Route("/prove", guarded(site.prove_page)),
        Route("/api/preview", guarded(site.preview), methods=["POST"]),
        Route("/api/check", guarded(site.check), methods=["POST"]),
        Route("/api/prove", guarded(site.prove), methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    handlers: dict[Any, Callable[..., Any]] = {HTTPException: on_http}
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))]
    return Starlette(routes=routes, exception_handlers=handlers, middleware=middleware)
