"""
Erasing a person's data from the places Django and its packages keep copies of it, for the
erasure routine of each app (``leads.services.retention``: anonymizing old requests;
``newsletter.services.subscription``: forgetting a subscriber):

- the admin history (``LogEntry``): the object's name, and the objects named in its change
  messages ("Added note “Diabetic …”");
- the task queue (django-tasks-db's ``DBTaskResult``): a task's arguments name the person's row
  and its traceback may quote their address or number, so their finished and waiting tasks go,
  and so do those a stopped worker left RUNNING;
- sessions: any value that holds one of their details (nothing the site writes today keeps
  patient data in a session; this holds whatever a later change may put there).

Rate-limit counters in the cache are reset with ``clinic_site.ratelimits.rate_limit_forget``.
"""

import json
from collections.abc import Callable, Iterable
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import caches
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

REMOVED = "[removed]"
# A shorter value ("a", "Ali") would also match unrelated words of the text around it.
PERSONAL_VALUE_MIN_LENGTH = 4
# Never personal data, and removing them would sign a member of staff out.
_SESSION_KEYS_KEPT = {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}


def _scrub_text(text: str, personal_values: Iterable[str]) -> str:
    for value in personal_values:
        if len(value) >= PERSONAL_VALUE_MIN_LENGTH:
            text = text.replace(value, REMOVED)
    return text


def _scrub_change_message(message: str, personal_values: Iterable[str]) -> str:
    """
    The change message without personal data. Django's JSON messages carry it only in the
    names of the objects they list (``object``: "Added note “Diabetic …”"); the rest is field
    and model names, and a substring replaced in there ("a" in "changed") would leave a
    message Django can no longer read. Only a plain-text message is searched for
    ``personal_values``.
    """
    try:
        actions = json.loads(message)
    except (TypeError, ValueError):
        return _scrub_text(message, personal_values)
    if not isinstance(actions, list):
        return _scrub_text(message, personal_values)
    named = [
        detail
        for action in actions
        if isinstance(action, dict)
        for detail in action.values()
        if isinstance(detail, dict) and "object" in detail
    ]
    if not named:
        return message
    for detail in named:
        detail["object"] = REMOVED
    return json.dumps(actions)


def admin_history_scrub(
    *,
    model: type[models.Model],
    object_ids: Iterable,
    object_repr: Callable[[str], str],
    personal_values: Iterable[str] = (),
) -> int:
    """
    Rename the objects in their admin history (``object_repr(object_id)``) and remove from
    their change messages the inline objects they name and, from plain-text messages, any of
    ``personal_values`` (of at least ``PERSONAL_VALUE_MIN_LENGTH`` characters).
    """
    personal_values = list(personal_values)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(object_id) for object_id in object_ids],
    )
    count = 0
    for entry in entries:
        entry.object_repr = object_repr(entry.object_id)
        entry.change_message = _scrub_change_message(entry.change_message, personal_values)
        entry.save(update_fields=["object_repr", "change_message"])
        count += 1
    return count


def task_results_delete(*, task, first_args: Iterable[int]) -> int:
    """
    Delete the stored runs of ``task`` whose first argument is one of ``first_args`` (the id of
    the person's row), with their results and tracebacks. A run still RUNNING is deleted once
    it started more than ``TASKS_RUNNING_TIMEOUT_MINUTES`` ago: its worker stopped (the worker
    would queue it again, ``clinic_site.worker``). A younger one is left to finish: its worker
    is writing its result into that row.
    """
    first_args = list(first_args)
    stale = timezone.now() - timedelta(minutes=settings.TASKS_RUNNING_TIMEOUT_MINUTES)
    in_progress = Q(status=TaskResultStatus.RUNNING, started_at__gte=stale)
    deleted = 0
    for start in range(0, len(first_args), 500):
        runs = DBTaskResult.objects.filter(
            task_path=task.module_path, args_kwargs__args__0__in=first_args[start : start + 500]
        )
        deleted += runs.exclude(in_progress).delete()[0]
    return deleted


def session_engine() -> tuple[type[SessionBase], type[AbstractBaseSession] | None]:
    """
    The ``SESSION_ENGINE``'s store and, when it keeps sessions in the database (``db``,
    ``cached_db``), their model; None for sessions kept only in the cache or the cookie.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model_class = getattr(store, "get_model_class", None)
    return store, get_model_class() if get_model_class else None


def sessions_scrub(*, personal_values: Iterable[str]) -> int:
    """
    Remove from every live session each value that holds one of ``personal_values`` (case
    ignored; values shorter than ``PERSONAL_VALUE_MIN_LENGTH`` are not looked for). Only
    sessions the engine stores in the database can be searched.
    """
    needles = [
        value.casefold() for value in personal_values if len(value) >= PERSONAL_VALUE_MIN_LENGTH
    ]
    session_store, session_model = session_engine()
    if not needles or session_model is None:
        return 0
    scrubbed = 0
    sessions = session_model.objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator():
        store = session_store(session_key=session.session_key)
        data = store.decode(session.session_data)
        found = [
            key
            for key, value in data.items()
            if key not in _SESSION_KEYS_KEPT
            and any(needle in _as_text(value) for needle in needles)
        ]
        if not found:
            continue
        for key in found:
            del data[key]
        # Written directly: saving through the store would also push the expiry date back.
        sessions.filter(session_key=session.session_key).update(session_data=store.encode(data))
        if hasattr(store, "cache_key"):  # cached_db: the cached copy goes too
            caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key)
        scrubbed += 1
    return scrubbed


def _as_text(value) -> str:
    return json.dumps(value, default=str, ensure_ascii=False).casefold()
