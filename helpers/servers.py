"""Choose each session store's client: an in-memory fake, or a real server when asked.

The course runs with nothing but Python packages, so by default every store is a fake
(fakeredis, pymemcache's MockMemcacheClient, mongomock, sqlite in memory). Setting one
of these environment variables points the same cells at a real server instead:

    REDIS_URL           redis://[:password@]host:port/db
    MEMCACHED_SERVERS   host:port[,host:port...]
    MONGODB_URL         mongodb://host:port
    DATABASE_URL        any SQLAlchemy URL, e.g. postgresql://user:pw@host/db

Each function reads its variable when called, so a notebook picks up a change after
a kernel restart, and a bad value fails at once with the variable's name in the error.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy
from sqlalchemy.engine import URL

#: Real clients give up quickly: a server that is down should fail a cell, not hang it.
CONNECT_TIMEOUT_S = 2.0

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
MONGODB_SCHEMES = ("mongodb://", "mongodb+srv://")


class StoreConfigError(ValueError):
    """An environment variable that names a server has a value the course cannot use."""


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def redis_url() -> str | None:
    """$REDIS_URL, checked; None when it is not set (for tools that take a URL, like Celery)."""
    url = _setting("REDIS_URL")
    if url is not None and not url.startswith(REDIS_SCHEMES):
        raise StoreConfigError(f"REDIS_URL must start with one of {REDIS_SCHEMES}, got {url!r}")
    return url


def redis_client() -> Any:
    """A ``redis.Redis`` for $REDIS_URL, else a ``fakeredis.FakeRedis`` in memory.

    FakeRedis subclasses redis.Redis, so Flask-Session and Celery accept either.
    """
    url = redis_url()
    if url is None:
        import fakeredis

        return fakeredis.FakeRedis()
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_S)


def memcached_servers() -> list[tuple[str, int]] | None:
    """Parse $MEMCACHED_SERVERS (``host:port[,host:port]``); None when it is not set."""
    value = _setting("MEMCACHED_SERVERS")
    if value is None:
        return None
    servers = []
    for item in value.split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit():
            raise StoreConfigError(
                f"MEMCACHED_SERVERS must be host:port[,host:port...], got {value!r}"
            )
        servers.append((host, int(port)))
    return servers


def memcached_client() -> Any:
    """A pymemcache client for $MEMCACHED_SERVERS, else pymemcache's ``MockMemcacheClient``.

    pymemcache raises when the server is unreachable, where python-memcached (the
    notes' ``memcache.Client``) silently drops the data.
    """
    servers = memcached_servers()
    if servers is None:
        from pymemcache.test.utils import MockMemcacheClient

        return MockMemcacheClient()
    # default_noreply=False: wait for the server's answer, so a refused write (a value
    # over memcached's 1 MB item limit) raises instead of being dropped in silence.
    timeouts = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "timeout": CONNECT_TIMEOUT_S,
        "default_noreply": False,
    }
    if len(servers) == 1:
        from pymemcache.client.base import Client

        return Client(servers[0], **timeouts)
    from pymemcache.client.hash import HashClient

    return HashClient(servers, **timeouts)


def mongo_client() -> Any:
    """A ``pymongo.MongoClient`` for $MONGODB_URL, else a ``mongomock.MongoClient``."""
    url = _setting("MONGODB_URL")
    if url is None:
        import mongomock

        return mongomock.MongoClient()
    if not url.startswith(MONGODB_SCHEMES):
        raise StoreConfigError(f"MONGODB_URL must start with one of {MONGODB_SCHEMES}, got {url!r}")
    import pymongo

    return pymongo.MongoClient(url, serverSelectionTimeoutMS=int(CONNECT_TIMEOUT_S * 1000))


def database_url() -> URL:
    """$DATABASE_URL as a SQLAlchemy URL, else in-memory sqlite.

    ``postgresql://`` means the psycopg 3 driver the course installs (SQLAlchemy's
    own default, psycopg2, is not installed).
    """
    value = _setting("DATABASE_URL")
    if value is None:
        return sqlalchemy.make_url("sqlite://")
    try:
        url = sqlalchemy.make_url(value)
    except sqlalchemy.exc.ArgumentError as error:
        raise StoreConfigError(f"DATABASE_URL is not a database URL: {error}") from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _label(variable: str, real: str, fake: str) -> str:
    return f"{real} ({variable})" if _setting(variable) else f"{fake}, in memory"


def which_stores() -> dict[str, str]:
    """Say which client each store gets, without secrets, for a notebook to print."""
    return {
        "redis": _label("REDIS_URL", "real server", "fakeredis"),
        "memcached": _label("MEMCACHED_SERVERS", "real server", "MockMemcacheClient"),
        "mongodb": _label("MONGODB_URL", "real server", "mongomock"),
        "sql": _label("DATABASE_URL", database_url().get_backend_name(), "sqlite"),
    }
