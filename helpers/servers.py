"""Choose each session store's client: an in-memory fake, or a real server when asked.

The course runs with nothing but Python packages, so by default every store is a fake
(fakeredis, pymemcache's MockMemcacheClient, mongomock, sqlite in memory). Setting one
of these environment variables points the same cells at a real server instead:

    REDIS_URL           redis://[:password@]host:port/db
    MEMCACHED_SERVERS   host:port[,host:port...]
    MONGODB_URL         mongodb://host:port
    DATABASE_URL        any SQLAlchemy URL, e.g. postgresql://user:pw@host/db

Each function reads its variable when called, so a notebook picks up a change after
a kernel restart. A bad value, or a server that does not answer within a few seconds,
fails at once, in the cell that asked for the client, with the variable's name in the
error: a section that does not use that store still runs.

The course never touches data it did not create. On PostgreSQL it works only inside
its own schema, ``flask_course`` (created here, marked with a comment that says so):
every connection's ``search_path`` is that schema alone, so a notebook's
``drop_all()`` or ``DROP TABLE`` cannot reach a table outside it.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import sqlalchemy
from sqlalchemy.engine import URL

#: Real clients give up quickly: a server that is down should fail a cell, not hang it.
CONNECT_TIMEOUT_S = 2.0
#: The longest any one command may take on a real server before it fails.
OPERATION_TIMEOUT_S = 5.0
#: The PostgreSQL schema the course creates and works in, and nowhere else.
COURSE_SCHEMA = "flask_course"
COURSE_SCHEMA_COMMENT = "created by the Flask course (course.py); safe to drop"

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
MONGODB_SCHEMES = ("mongodb://", "mongodb+srv://")


class StoreConfigError(ValueError):
    """An environment variable that names a server has a value the course cannot use."""


class StoreUnreachable(ConnectionError):
    """The server an environment variable names did not answer in time."""


def _unreachable(variable: str, error: BaseException) -> StoreUnreachable:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return StoreUnreachable(
        f"{variable}: the server did not answer within {CONNECT_TIMEOUT_S:g} s "
        f"({type(error).__name__}: {first_line}). Start it, fix {variable}, or unset "
        "it to use the in-memory fake."
    )


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

    client = redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT_S, socket_timeout=OPERATION_TIMEOUT_S
    )
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise _unreachable("REDIS_URL", error) from None
    return client


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
    from pymemcache.client.base import Client
    from pymemcache.client.hash import HashClient
    from pymemcache.exceptions import MemcacheError

    timeouts = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "timeout": OPERATION_TIMEOUT_S,
        "default_noreply": False,
    }
    for server in servers:
        probe = Client(server, **timeouts)
        try:
            probe.version()
        except (OSError, MemcacheError) as error:
            raise _unreachable("MEMCACHED_SERVERS", error) from None
        finally:
            probe.close()
    if len(servers) == 1:
        return Client(servers[0], **timeouts)
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

    timeout_ms = int(CONNECT_TIMEOUT_S * 1000)
    client = pymongo.MongoClient(
        url,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=int(OPERATION_TIMEOUT_S * 1000),
    )
    try:
        client.admin.command("ping")
    except pymongo.errors.PyMongoError as error:
        client.close()
        raise _unreachable("MONGODB_URL", error) from None
    return client


def parse_database_url(value: str) -> URL:
    """A ``DATABASE_URL`` value as the SQLAlchemy URL the course uses, without connecting.

    Only what the course can keep to itself is accepted: PostgreSQL (the course works in
    its own schema, see the module's docstring), in-memory SQLite, and SQLite files whose
    name says they are the course's (``flask_course….db``). ``postgresql://`` means the
    psycopg 3 driver the course installs (SQLAlchemy's default, psycopg2, is not), with
    a connect timeout, a statement timeout, and ``search_path`` set to the course's schema.
    """
    try:
        url = sqlalchemy.make_url(value)
    except sqlalchemy.exc.ArgumentError as error:
        raise StoreConfigError(f"DATABASE_URL is not a database URL: {error}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        name = os.path.basename(url.database or "")
        if url.database not in (None, "", ":memory:") and not name.startswith("flask_course"):
            raise StoreConfigError(
                f"DATABASE_URL names the SQLite file {url.database!r}; the course only uses "
                "a file of its own, named flask_course….db (it creates and drops tables)"
            )
        return url
    if backend != "postgresql":
        raise StoreConfigError(
            f"DATABASE_URL must be postgresql://… or sqlite://…, got {url.drivername}://…"
        )
    options = (
        f"-c search_path={COURSE_SCHEMA} "
        f"-c statement_timeout={int(OPERATION_TIMEOUT_S * 1000)} "
        f"-c lock_timeout={int(OPERATION_TIMEOUT_S * 1000)}"
    )
    return url.set(drivername="postgresql+psycopg").update_query_dict(
        {"connect_timeout": str(max(2, round(CONNECT_TIMEOUT_S))), "options": options}
    )


def database_url() -> URL:
    """$DATABASE_URL as a SQLAlchemy URL (see ``parse_database_url``), else in-memory sqlite.

    On PostgreSQL it first connects once, within the connect timeout, and creates the
    course's schema if it is missing, so a wrong or silent server fails here, by name.
    """
    value = _setting("DATABASE_URL")
    if value is None:
        return sqlalchemy.make_url("sqlite://")
    url = parse_database_url(value)
    if url.get_backend_name() == "postgresql":
        _ensure_course_schema(url)
    return url


@cache
def _ensure_course_schema(url: URL) -> None:
    """Create the course's schema once per URL (connecting with the connect timeout)."""
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA IF NOT EXISTS {COURSE_SCHEMA}"))
            comment = f"COMMENT ON SCHEMA {COURSE_SCHEMA} IS '{COURSE_SCHEMA_COMMENT}'"
            connection.execute(sqlalchemy.text(comment))
    except sqlalchemy.exc.OperationalError as error:
        raise _unreachable("DATABASE_URL", error.orig or error) from None
    finally:
        engine.dispose()


def drop_course_schema() -> bool:
    """Drop the course's PostgreSQL schema and everything in it; True if there was one.

    Only a schema that carries the course's comment is dropped: one of the same name
    that somebody else made is left alone (and reported by an error).
    """
    value = _setting("DATABASE_URL")
    if value is None or parse_database_url(value).get_backend_name() != "postgresql":
        return False
    engine = sqlalchemy.create_engine(parse_database_url(value), poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.begin() as connection:
            found = connection.execute(
                sqlalchemy.text(
                    "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace "
                    "WHERE nspname = :name"
                ),
                {"name": COURSE_SCHEMA},
            ).first()
            if found is None:
                return False
            if found[0] != COURSE_SCHEMA_COMMENT:
                raise StoreConfigError(
                    f"schema {COURSE_SCHEMA} exists but was not created by the course; left alone"
                )
            connection.execute(sqlalchemy.text(f"DROP SCHEMA {COURSE_SCHEMA} CASCADE"))
    finally:
        engine.dispose()
    _ensure_course_schema.cache_clear()
    return True


def _sql_backend() -> str:
    value = _setting("DATABASE_URL")
    return parse_database_url(value).get_backend_name() if value else "sqlite"


def _label(variable: str, real: str, fake: str) -> str:
    return f"{real} ({variable})" if _setting(variable) else f"{fake}, in memory"


def which_stores() -> dict[str, str]:
    """Say which client each store gets, without secrets, for a notebook to print."""
    return {
        "redis": _label("REDIS_URL", "real server", "fakeredis"),
        "memcached": _label("MEMCACHED_SERVERS", "real server", "MockMemcacheClient"),
        "mongodb": _label("MONGODB_URL", "real server", "mongomock"),
        "sql": _label("DATABASE_URL", _sql_backend(), "sqlite"),
    }
