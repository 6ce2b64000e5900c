"""The Flask docs' "Background Tasks with Celery" app, run for real (notebook 11).

From the project root, with Redis running and ``REDIS_URL`` set, each in a terminal:

    celery -A examples.celery_app.make_celery worker --loglevel INFO
    celery -A examples.celery_app.make_celery beat
    flask --app examples.celery_app run

then open http://127.0.0.1:5000/. The worker and beat are processes of their own, so the
broker and the result backend must be a server they all reach: ``memory://`` exists only
inside one process (notebook 11 shows it), hence the error below when ``REDIS_URL`` is
not set. Every key this app writes to Redis starts with ``KEY_PREFIX``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from typing import Any

from celery import Celery, Task
from flask import Flask
from flask_mail import Mail

from helpers.config import secret_key
from helpers.servers import redis_client, redis_url

#: Every Redis key the app, its worker and beat write starts with this.
KEY_PREFIX = "flask-course-11:"
#: The counter the periodic task increments.
TICKS_KEY = f"{KEY_PREFIX}ticks"

#: What beat sends, and when. Every 2 seconds so that the notebook sees it run; a real
#: schedule is rarer, e.g. ``crontab(minute=0, hour=3)`` (``from celery.schedules import
#: crontab``): every day at 03:00 in Celery's ``timezone`` (UTC unless set).
BEAT_SCHEDULE = {
    "tick-every-2-seconds": {"task": "examples.celery_app.tasks.tick", "schedule": 2.0},
}

mail = Mail()


def redis_settings() -> dict[str, Any]:
    """Broker and results on $REDIS_URL, every key under KEY_PREFIX; a clear error if unset."""
    url = redis_url()
    if url is None:
        raise RuntimeError(
            "REDIS_URL is not set. The worker and beat run in processes of their own, and "
            "memory:// cannot cross processes (notebook 11 shows it): start Redis, then "
            "export REDIS_URL=redis://127.0.0.1:6379/0"
        )
    prefix = {"global_keyprefix": KEY_PREFIX}
    return {
        "broker_url": url,
        "result_backend": url,
        "broker_transport_options": prefix,
        "result_backend_transport_options": prefix,
    }


def create_app(celery_settings: Mapping[str, Any] | None = None) -> Flask:
    """The app factory. Celery's broker and results: Redis, unless a test passes its own."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=secret_key(),
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=8025,
        MAIL_DEFAULT_SENDER=("Flask 课程", "course@example.com"),
        CELERY={
            "task_ignore_result": True,
            "beat_schedule": BEAT_SCHEDULE,
            # beat remembers the last runs in a file: keep it out of the project folder
            "beat_schedule_filename": os.path.join(
                tempfile.gettempdir(), "flask-course-11-celerybeat-schedule"
            ),
            **(redis_settings() if celery_settings is None else celery_settings),
        },
    )
    app.config.from_prefixed_env()  # e.g. FLASK_MAIL_SERVER=smtp.example.com
    mail.init_app(app)
    app.extensions["redis"] = redis_client()  # the periodic task's counter lives here
    celery_init_app(app)

    from . import views

    app.register_blueprint(views.bp)
    return app


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
