"""``/load``: a CSV file uploaded, checked as ``s3graph load --dry-run`` checks it, then loaded.

Only when the explorer was started with ``--allow-load``. The upload must say its size and
stay under ``--max-upload-mb``, and the file under ``--max-upload-rows`` data rows. It is
kept in a folder of the explorer's own, under a random id and a name cleaned from the
uploaded one (no path is ever taken from a request), until it is loaded, replaced by
newer uploads, or the explorer stops. Both steps are forms that write, so both carry the
CSRF token. The report names the file as it was uploaded.

A file goes into the graph named after it (``csv/<file name>``), replacing a graph of that
name, whichever file it came from: the dry run says what it would replace before anyone
confirms.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..choices import Kind
from ..errors import BadDataError, LimitExceededError, S3GraphError, fault_lines
from ..loading import CsvOptions, LoadReport, check_csv, source_slug, write_csv
from .rendering import BadParameterError, status_of, templates
from .security import (
    CSRF_FIELD,
    AccessDeniedError,
    check_csrf,
    check_upload_size,
    csrf_token,
    remember_csrf,
)

MAX_STAGED = 20
"""How many uploads wait for their confirmation at most; older ones are forgotten."""
_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_DELIMITERS = {"": None, "comma": ",", "semicolon": ";"}


@dataclass(frozen=True)
class Staged:
    """An uploaded file waiting for its confirmation, with the options it was checked with."""

    path: Path
    name: str
    kind: Kind | None
    delimiter: str | None


class StagedUploads:
    """Uploaded files kept between their check and their load, under random ids."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="s3graph-uploads-"))
        self._staged: OrderedDict[str, Staged] = OrderedDict()
        self._lock = threading.Lock()

    def add(
        self, upload: UploadFile, *, kind: Kind | None, delimiter: str | None, limit: int
    ) -> str:
        """Keep an upload; its id.

        Raises:
            LimitExceededError: the file is larger than ``limit`` bytes.
        """
        ident = secrets.token_urlsafe(16)
        name = safe_file_name(upload.filename or "")
        folder = self.folder / ident
        folder.mkdir()
        path = folder / name
        size = 0
        with path.open("wb") as file:
            while chunk := upload.file.read(1 << 16):
                size += len(chunk)
                if size > limit:
                    shutil.rmtree(folder)
                    raise LimitExceededError(f"{name} is over the upload limit of {limit:,} bytes")
                file.write(chunk)
        with self._lock:
            self._staged[ident] = Staged(path, name, kind, delimiter)
            while len(self._staged) > MAX_STAGED:
                _, oldest = self._staged.popitem(last=False)
                shutil.rmtree(oldest.path.parent, ignore_errors=True)
        return ident

    def get(self, ident: str) -> Staged:
        """The upload with this id.

        Raises:
            BadParameterError: there is none (it was loaded, or forgotten).
        """
        with self._lock:
            staged = self._staged.get(ident) if _ID.fullmatch(ident) else None
        if staged is None:
            raise BadParameterError(
                "this upload is no longer here (it was loaded already, or newer uploads "
                "replaced it); upload the file again"
            )
        return staged

    def discard(self, ident: str) -> None:
        """Forget an upload and delete its file."""
        with self._lock:
            staged = self._staged.pop(ident, None)
        if staged is not None:
            shutil.rmtree(staged.path.parent, ignore_errors=True)

    def close(self) -> None:
        """Delete every upload."""
        shutil.rmtree(self.folder, ignore_errors=True)


def safe_file_name(uploaded: str) -> str:
    """The name an uploaded file is kept under: its last part, in safe characters.

    >>> safe_file_name("C:\\\\Users\\\\me\\\\my memberships.csv")
    'my-memberships.csv'
    >>> safe_file_name("../../etc/passwd")
    'passwd.csv'
    >>> safe_file_name(""), safe_file_name("..")
    ('upload.csv', 'upload.csv')
    """
    last = PurePosixPath(PureWindowsPath(uploaded).name).name
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", last).strip(".-")[:100]
    if not name:
        return "upload.csv"
    return name if name.lower().endswith((".csv", ".txt")) else f"{name}.csv"


def routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/load", load_form, methods=["GET"], name="load"),
        Route("/load", check_upload, methods=["POST"], name="load-check"),
        Route("/load/confirm", confirm_upload, methods=["POST"], name="load-confirm"),
    ]


def load_form(request: Request) -> Response:
    """The upload form."""
    _check_allowed(request)
    return _page(request)


async def check_upload(request: Request) -> Response:
    """Keep an uploaded file and check it as a dry run."""
    from starlette.concurrency import run_in_threadpool

    _check_allowed(request)
    settings = request.app.state.settings
    check_upload_size(request, settings.max_upload_bytes)
    uploads: StagedUploads = request.app.state.uploads
    async with request.form(max_files=1, max_fields=4, max_part_size=4096) as form:
        check_csrf(request, form)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise BadParameterError("choose a CSV file to upload")
        kind = _kind(form.get("kind"))
        delimiter = _delimiter(form.get("delimiter"))
        ident = await run_in_threadpool(
            uploads.add, upload, kind=kind, delimiter=delimiter, limit=settings.max_upload_bytes
        )
    staged = uploads.get(ident)
    try:
        report = await run_in_threadpool(_load, request, staged, dry_run=True)
    except S3GraphError as err:
        uploads.discard(ident)
        return _page(request, error=_as_uploaded(err, staged), status=status_of(err))
    return _page(request, report=report, ident=ident, staged=staged)


async def confirm_upload(request: Request) -> Response:
    """Load a file that was checked."""
    from starlette.concurrency import run_in_threadpool

    _check_allowed(request)
    async with request.form(max_files=0, max_fields=3, max_part_size=4096) as form:
        check_csrf(request, form)
        ident = form.get("upload")
    uploads: StagedUploads = request.app.state.uploads
    staged = uploads.get(ident if isinstance(ident, str) else "")
    try:
        report = await run_in_threadpool(_load, request, staged, dry_run=False)
    except S3GraphError as err:
        return _page(request, error=_as_uploaded(err, staged), status=status_of(err))
    finally:
        uploads.discard(str(ident))
    return _page(request, report=report, staged=staged)


def _load(request: Request, staged: Staged, *, dry_run: bool) -> LoadReport:
    """Check the file with the store open for reading, then write it with the write lock,
    as ``s3graph load`` does, so that pages are not kept waiting while it is checked."""
    options = CsvOptions(
        staged.kind,
        staged.delimiter,
        source_slug(staged.path),
        request.app.state.settings.max_upload_rows,
    )
    store_access = request.app.state.store
    with store_access.reading() as store:
        checked = check_csv(store, staged.path, options)
    if dry_run:
        return checked.report(dry_run=True)
    with store_access.writing() as store:
        return write_csv(store, checked)


def _page(
    request: Request,
    *,
    report: LoadReport | None = None,
    ident: str = "",
    staged: Staged | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    token = csrf_token(request)
    warnings = (
        _warnings_as_uploaded(report, staged) if report is not None and staged is not None else []
    )
    response = templates().TemplateResponse(
        request,
        "load.html",
        {
            "csrf_field": CSRF_FIELD,
            "csrf": token,
            "report": report,
            "ident": ident,
            "name": staged.name if staged is not None else "",
            "warnings": warnings,
            "error": error,
            "kinds": [kind.value for kind in Kind],
        },
        status_code=status,
    )
    return remember_csrf(response, token)


def _check_allowed(request: Request) -> None:
    if not request.app.state.settings.allow_load:
        raise AccessDeniedError(
            "this explorer is read-only; start it with 's3graph app --allow-load' to load "
            "CSV files, or load them with 's3graph load'"
        )


def _as_uploaded(error: S3GraphError, staged: Staged) -> str:
    """The error's message, the file named as it was uploaded, not where it was kept."""
    if isinstance(error, BadDataError):
        faults = [replace(fault, file=staged.name) for fault in error.faults]
        error = BadDataError(faults, total=error.total)
    return str(error).replace(str(staged.path), staged.name)


def _warnings_as_uploaded(report: LoadReport, staged: Staged) -> list[str]:
    """The report's warnings as ``s3graph load`` prints them, the file named as uploaded."""
    warnings = [replace(warning, file=staged.name) for warning in report.warnings]
    return [f"warning: {line}" for line in fault_lines(warnings, report.warning_count, "warnings")]


def _kind(value: object) -> Kind | None:
    if not value:
        return None
    try:
        return Kind(str(value))
    except ValueError:
        kinds = ", ".join(kind.value for kind in Kind)
        raise BadParameterError(f"kind: {value!r} is not one of: {kinds}") from None


def _delimiter(value: object) -> str | None:
    if str(value or "") not in _DELIMITERS:
        raise BadParameterError(f"delimiter: {value!r} is not one of: comma, semicolon")
    return _DELIMITERS[str(value or "")]
