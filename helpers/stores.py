"""Read what a Flask-Session store holds, straight from the store.

Notebook 04 shows, after each request, what the browser holds (an id) and what the server
holds (the session). Flask-Session has no public way to list its sessions, and each store
keeps them its own way, so reading them takes code that would bury the lesson:

- **redis**: one key per session, ``SESSION_KEY_PREFIX`` + the cookie's id; the value is
  msgspec bytes (msgpack or JSON); the key's TTL is the time left.
- **memcached**: the same key and value, but memcached can neither list its keys nor say
  how long a key has left: only the cookie's own key can be read.
- **filesystem** and **cachelib**: cachelib's ``FileSystemCache``, one file per key in the
  cache's folder (the private ``_path``), named by the SHA-256 of the key. A file starts
  with its expiry, a native 4-byte unsigned Unix time (``struct.pack("I", …)`` in
  ``FileSystemCache.set``, cachelib/file.py), then the **pickled** session. The folder
  also holds cachelib's counter of files, named by the hash of ``__wz_cache_count``.
- **mongodb**: one document per session, ``{id, val, expiration}``.
- **sqlalchemy**: one row per session, ``(session_id, data, expiry)``.

MongoDB and SQL keep the expiry as a *naive* UTC ``datetime`` (``datetime.utcnow()`` in
flask_session/mongodb/mongodb.py and flask_session/sqlalchemy/sqlalchemy.py), so the time
left is measured against a naive UTC "now", never against local time.
"""

from __future__ import annotations

import pickle
import re
import struct
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy
from flask import Flask

from helpers.servers import memcached_client, redis_client

#: The store types ``stored_sessions`` can read, as ``SESSION_TYPE`` names them.
BACKENDS = ("redis", "memcached", "filesystem", "cachelib", "mongodb", "sqlalchemy")
#: The header of a cachelib file: its expiry, a native unsigned int (4 bytes).
CACHELIB_HEADER = struct.Struct("I")


@dataclass(frozen=True)
class StoredSession:
    """One session as a store holds it.

    ``key`` is the store's key (for the file stores, the file's name: the hash of the
    key); ``ttl`` the seconds left, or ``None`` where the store cannot say (memcached).
    """

    key: str
    data: dict[str, Any]
    ttl: float | None


@dataclass(frozen=True)
class CachelibFile:
    """A cachelib ``FileSystemCache`` file: its expiry, then the pickled value."""

    expires: int
    """The Unix time the entry expires at; 0 means never."""
    payload: bytes
    """The pickle after the 4-byte header, as stored."""

    @property
    def value(self) -> Any:
        """The unpickled value. Unpickling runs code the data names: only for trusted files."""
        return pickle.loads(self.payload)


def naive_utc_now() -> datetime:
    """Now, as the naive UTC ``datetime`` Flask-Session writes to MongoDB and SQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def seconds_left(expiry: datetime, now: datetime | None = None) -> float:
    """Seconds until a naive UTC ``expiry`` (negative once it has passed)."""
    return (expiry - (now or naive_utc_now())).total_seconds()


def read_cachelib_file(path: str | Path) -> CachelibFile:
    """Split a ``FileSystemCache`` file into its expiry and its pickle, without unpickling."""
    raw = Path(path).read_bytes()
    if len(raw) < CACHELIB_HEADER.size:
        raise ValueError(f"{Path(path).name}: {len(raw)} bytes, too short for a cachelib file")
    (expires,) = CACHELIB_HEADER.unpack_from(raw)
    return CachelibFile(expires=expires, payload=raw[CACHELIB_HEADER.size :])


def cachelib_folder(cache: Any) -> Path:
    """The folder a ``FileSystemCache`` writes to (cachelib keeps it in the private ``_path``)."""
    return Path(cache._path)


def cachelib_path(cache: Any, key: str) -> Path:
    """The file a ``FileSystemCache`` keeps ``key`` in: its folder / the hash of the key."""
    return Path(cache._get_filename(key))


def cachelib_counter(cache: Any) -> Path:
    """The file where a ``FileSystemCache`` counts its files (not a session)."""
    return cachelib_path(cache, cache._fs_count_file)


def _key_value_records(backend: str, iface: Any, sid: str | None) -> list[StoredSession]:
    if backend == "memcached":
        if sid is None:
            raise ValueError("memcached cannot list its keys: pass the cookie's session id")
        key = iface.key_prefix + sid
        value = iface.client.get(key)
        return [] if value is None else [StoredSession(key, iface.serializer.decode(value), None)]
    keys = sorted(key.decode() for key in iface.client.scan_iter(match=iface.key_prefix + "*"))
    records = []
    for key in keys:
        value = iface.client.get(key)
        if value is not None:  # expired between the scan and the read
            ttl = iface.client.ttl(key)
            records.append(StoredSession(key, iface.serializer.decode(value), float(ttl)))
    return records


def _file_records(iface: Any) -> list[StoredSession]:
    cache, now = iface.cache, time.time()
    counter = cachelib_counter(cache)
    records = []
    for path in sorted(cachelib_folder(cache).iterdir()):
        if path == counter or not path.is_file():
            continue
        stored = read_cachelib_file(path)
        ttl = None if stored.expires == 0 else stored.expires - now
        records.append(StoredSession(path.name, stored.value, ttl))
    return records


def _mongo_records(iface: Any) -> list[StoredSession]:
    now = naive_utc_now()
    under_prefix = {"id": {"$regex": "^" + re.escape(iface.key_prefix)}}
    return [
        StoredSession(
            doc["id"], iface.serializer.decode(doc["val"]), seconds_left(doc["expiration"], now)
        )
        for doc in iface.store.find(under_prefix).sort("id")
    ]


def _sql_records(iface: Any) -> list[StoredSession]:
    model, now = iface.sql_session_model, naive_utc_now()
    with iface.app.app_context():
        rows = iface.client.session.scalars(
            sqlalchemy.select(model)
            .where(model.session_id.startswith(iface.key_prefix, autoescape=True))
            .order_by(model.session_id)
        )
        return [
            StoredSession(
                row.session_id, iface.serializer.decode(row.data), seconds_left(row.expiry, now)
            )
            for row in rows
        ]


def stored_sessions(app: Flask, sid: str | None = None) -> list[StoredSession]:
    """Every session ``app``'s Flask-Session store holds, read straight from the store.

    Redis, MongoDB and SQL list the keys under ``SESSION_KEY_PREFIX``; the file stores
    list every file of their folder but cachelib's counter; memcached cannot list, so it
    reads the key of ``sid``, the cookie's id, which it then requires. Expired entries a
    store has not deleted yet (SQL rows, cachelib files) are listed with a negative ttl.
    """
    backend = app.config.get("SESSION_TYPE")
    iface = app.session_interface
    if backend in ("redis", "memcached"):
        return _key_value_records(backend, iface, sid)
    if backend in ("filesystem", "cachelib"):
        return _file_records(iface)
    if backend == "mongodb":
        return _mongo_records(iface)
    if backend == "sqlalchemy":
        return _sql_records(iface)
    raise ValueError(f"SESSION_TYPE {backend!r} is not one of {BACKENDS}")


#: The fakes ``helpers.servers`` hands out when no server is named: their data lives here.
FAKE_CLIENTS = ("FakeRedis", "MockMemcacheClient")


#: How a SQLite URL names an in-memory database.
MEMORY = (None, "", ":memory:")


def _is_fake(client: Any) -> bool:
    return any(cls.__name__ in FAKE_CLIENTS for cls in type(client).__mro__)


def read_with_new_client(app: Flask, key: str) -> bytes | None:
    """The bytes stored under ``key``, read through a new client for the same server.

    A new connection finds the session only if it really is on the server. The server is
    the one ``helpers.servers`` connects to (``REDIS_URL``, ``MEMCACHED_SERVERS``,
    ``DATABASE_URL``). An in-memory fake lives in this process, where no second client
    can reach it: there the app's own client (or engine) reads it.
    """
    backend = app.config.get("SESSION_TYPE")
    iface = app.session_interface
    if backend in ("redis", "memcached"):
        if _is_fake(iface.client):
            return iface.client.get(key)
        client = redis_client() if backend == "redis" else memcached_client()
        try:
            return client.get(key)
        finally:
            client.close()
    if backend != "sqlalchemy":
        raise ValueError(f"SESSION_TYPE {backend!r}: only redis, memcached and sqlalchemy")
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    # An in-memory SQLite database exists in this process only, in the app's engine.
    fresh = not (engine.url.get_backend_name() == "sqlite" and engine.url.database in MEMORY)
    if fresh:  # a new engine, no pool: one new connection, closed after use
        engine = sqlalchemy.create_engine(engine.url, poolclass=sqlalchemy.pool.NullPool)
    table = iface.sql_session_model.__table__
    try:
        with engine.connect() as connection:
            query = sqlalchemy.select(table.c.data).where(table.c.session_id == key)
            return connection.execute(query).scalar_one_or_none()
    finally:
        if fresh:
            engine.dispose()
