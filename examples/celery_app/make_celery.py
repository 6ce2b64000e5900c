"""What ``celery -A examples.celery_app.make_celery worker`` (or ``beat``) loads.

Celery looks for a ``Celery`` instance in this module: ``celery_app``, made by the same
app factory as the web app, so tasks run with the same config and extensions.
"""

from examples.celery_app import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
