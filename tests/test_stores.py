"""Unit tests for helpers/stores.py: reading each Flask-Session store as notebook 04 does."""

from __future__ import annotations

import hashlib
import pickle
import struct
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import fakeredis
import flask_session.mongodb.mongodb
import mongomock
import msgspec
import pytest
from cachelib import FileSystemCache
from flask import Flask, request, session
from flask_session import Session
from flask_sqlalchemy import SQLAlchemy
from pymemcache.test.utils import MockMemcacheClient

from helpers.stores import (
    CachelibFile,
    StoredSession,
    cachelib_counter,
    cachelib_folder,
    cachelib_path,
    naive_utc_now,
    read_cachelib_file,
    read_with_new_client,
    seconds_left,
    stored_sessions,
)

PREFIX = "test_prefix:"
DAYS_31 = 31 * 86400


@pytest.fixture(autouse=True)
def no_real_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store is an in-memory fake here, whatever the environment names."""
    for variable in ("REDIS_URL", "MEMCACHED_SERVERS", "MONGODB_URL", "DATABASE_URL"):
        monkeypatch.delenv(variable, raising=False)


def store_config(backend: str, app: Flask, folder: Path) -> dict[str, Any]:
    if backend == "redis":
        return {"SESSION_REDIS": fakeredis.FakeRedis()}
    if backend == "memcached":
        return {"SESSION_MEMCACHED": MockMemcacheClient()}
    if backend == "filesystem":
        return {"SESSION_FILE_DIR": str(folder)}
    if backend == "cachelib":
        return {"SESSION_CACHELIB": FileSystemCache(str(folder), mode=0o600)}
    if backend == "mongodb":
        return {"SESSION_MONGODB": mongomock.MongoClient(), "SESSION_MONGODB_DB": "test"}
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    return {"SESSION_SQLALCHEMY": SQLAlchemy(app)}


def create_app(backend: str, folder: Path, **config: Any) -> Flask:
    """A Flask-Session app on an in-memory (or temp-folder) store: /set and /logout."""
    app = Flask(__name__)
    app.secret_key = "test"
    app.config.update(SESSION_TYPE=backend, SESSION_KEY_PREFIX=PREFIX)
    app.config.update(store_config(backend, app, folder), **config)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the filesystem store is deprecated
        with mock.patch.object(flask_session.mongodb.mongodb, "MongoClient", mongomock.MongoClient):
            Session(app)

    @app.post("/set")
    def set_value() -> str:
        session["value"] = request.form["value"]
        return "set"

    @app.post("/logout")
    def logout() -> str:
        session.clear()
        return "logged out"

    return app


def sid_of(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "the app set no session cookie"
    return cookie.value


def client_with_session(app: Any, value: str) -> tuple[Any, str]:
    """A test client whose session holds ``value``, and that session's id."""
    client = app.test_client()
    client.post("/set", data={"value": value})
    return client, sid_of(client)


BACKENDS = ["redis", "memcached", "filesystem", "cachelib", "mongodb", "sqlalchemy"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_stored_sessions_reads_what_the_app_stored(backend: str, tmp_path: Path) -> None:
    app = create_app(backend, tmp_path)
    _, sid = client_with_session(app, "你好")

    [record] = stored_sessions(app, sid)

    assert record.data == {"_permanent": True, "value": "你好"}
    if backend in ("filesystem", "cachelib"):
        assert record.key == hashlib.sha256((PREFIX + sid).encode()).hexdigest()
    else:
        assert record.key == PREFIX + sid
    if backend == "memcached":
        assert record.ttl is None  # memcached cannot say
    else:
        assert record.ttl is not None and DAYS_31 - 60 < record.ttl <= DAYS_31


@pytest.mark.parametrize("backend", BACKENDS)
def test_stored_sessions_after_logout_is_empty(backend: str, tmp_path: Path) -> None:
    app = create_app(backend, tmp_path)
    client, sid = client_with_session(app, "x")
    client.post("/logout")
    assert stored_sessions(app, sid) == []


@pytest.mark.parametrize("backend", ["redis", "filesystem", "cachelib", "mongodb", "sqlalchemy"])
def test_stored_sessions_lists_every_session_in_order(backend: str, tmp_path: Path) -> None:
    app = create_app(backend, tmp_path)
    for value in ("a", "b", "c"):
        app.test_client().post("/set", data={"value": value})
    records = stored_sessions(app)
    assert sorted(record.data["value"] for record in records) == ["a", "b", "c"]
    assert [record.key for record in records] == sorted(record.key for record in records)


def test_stored_sessions_keeps_to_the_key_prefix(tmp_path: Path) -> None:
    client = fakeredis.FakeRedis()
    client.set("another_app:abc", b"not a session of ours")
    app = create_app("redis", tmp_path, SESSION_REDIS=client)
    app.test_client().post("/set", data={"value": "ours"})
    assert [record.data["value"] for record in stored_sessions(app)] == ["ours"]


def test_memcached_needs_the_cookies_id(tmp_path: Path) -> None:
    app = create_app("memcached", tmp_path)
    with pytest.raises(ValueError, match="cannot list"):
        stored_sessions(app)
    assert stored_sessions(app, "no-such-id") == []


def test_unknown_session_type_is_refused() -> None:
    app = Flask(__name__)
    app.config["SESSION_TYPE"] = "dynamodb"
    with pytest.raises(ValueError, match="dynamodb"):
        stored_sessions(app)


def test_read_cachelib_file_splits_expiry_and_pickle(tmp_path: Path) -> None:
    cache = FileSystemCache(str(tmp_path))
    cache.set("key", {"user": "ada"}, timeout=60)
    path = cachelib_path(cache, "key")

    stored = read_cachelib_file(path)

    assert isinstance(stored, CachelibFile)
    assert abs(stored.expires - (time.time() + 60)) < 5
    assert stored.payload.startswith(b"\x80")  # a pickle's PROTO opcode
    assert stored.value == {"user": "ada"}
    assert path.read_bytes() == struct.pack("I", stored.expires) + stored.payload


def test_read_cachelib_file_never_expiring(tmp_path: Path) -> None:
    cache = FileSystemCache(str(tmp_path))
    cache.set("key", [1, 2], timeout=0)
    assert read_cachelib_file(cachelib_path(cache, "key")).expires == 0


def test_read_cachelib_file_too_short(tmp_path: Path) -> None:
    path = tmp_path / "broken"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(ValueError, match="too short"):
        read_cachelib_file(path)


def test_cachelib_paths(tmp_path: Path) -> None:
    cache = FileSystemCache(str(tmp_path))
    cache.set("key", 1)
    assert cachelib_folder(cache) == tmp_path
    assert cachelib_path(cache, "key") == tmp_path / hashlib.sha256(b"key").hexdigest()
    assert cachelib_counter(cache) == tmp_path / hashlib.sha256(b"__wz_cache_count").hexdigest()
    assert cachelib_counter(cache).exists()


def test_file_store_skips_the_counter_and_shows_expired_entries(tmp_path: Path) -> None:
    cache = FileSystemCache(str(tmp_path))
    app = create_app("cachelib", tmp_path, SESSION_CACHELIB=cache)
    cache.set(PREFIX + "old", {"value": "expired"}, timeout=1)
    path = cachelib_path(cache, PREFIX + "old")
    path.write_bytes(struct.pack("I", int(time.time()) - 100) + pickle.dumps({"value": "expired"}))
    [record] = stored_sessions(app)
    assert record.data == {"value": "expired"}
    assert record.ttl is not None and record.ttl < 0


def test_naive_utc_now_is_naive_and_utc() -> None:
    now = naive_utc_now()
    assert now.tzinfo is None
    assert abs(now - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)


def test_seconds_left() -> None:
    now = datetime(2026, 1, 1, 12, 0)
    assert seconds_left(datetime(2026, 1, 1, 13, 0), now) == 3600
    assert seconds_left(datetime(2026, 1, 1, 11, 0), now) == -3600
    assert 3590 < seconds_left(naive_utc_now() + timedelta(hours=1)) <= 3600


@pytest.mark.parametrize("backend", ["redis", "memcached", "sqlalchemy"])
def test_read_with_new_client_reads_the_stored_bytes(backend: str, tmp_path: Path) -> None:
    app = create_app(backend, tmp_path)
    _, sid = client_with_session(app, "你好")
    stored = read_with_new_client(app, PREFIX + sid)
    assert stored is not None
    assert msgspec.msgpack.decode(stored) == {"_permanent": True, "value": "你好"}
    assert read_with_new_client(app, PREFIX + "no-such-id") is None


def test_read_with_new_client_refuses_other_stores(tmp_path: Path) -> None:
    app = create_app("cachelib", tmp_path)
    with pytest.raises(ValueError, match="only redis"):
        read_with_new_client(app, "key")


def test_stored_session_is_a_value() -> None:
    assert StoredSession("k", {"a": 1}, None) == StoredSession("k", {"a": 1}, None)
