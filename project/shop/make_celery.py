"""What ``celery -A project.shop.make_celery worker`` loads (needs REDIS_URL).

The worker's Celery app comes from the same factory as the web app, so its tasks run
with the same settings, database and mail server.
"""

from project.shop import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
