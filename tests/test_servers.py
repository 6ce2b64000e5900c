"""The store chooser: fakes by default, real clients for each variable, clear errors,
and a few seconds at most before a silent or absent server fails by name."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import fakeredis
import mongomock
import pytest
import redis
from pymemcache.client.base import Client
from pymemcache.client.hash import HashClient
from pymemcache.test.utils import MockMemcacheClient

from helpers import servers

VARIABLES = ("REDIS_URL", "MEMCACHED_SERVERS", "MONGODB_URL", "DATABASE_URL")


@pytest.fixture(autouse=True)
def no_server_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_fakes_by_default() -> None:
    assert isinstance(servers.redis_client(), fakeredis.FakeRedis)
    assert isinstance(servers.memcached_client(), MockMemcacheClient)
    assert isinstance(servers.mongo_client(), mongomock.MongoClient)
    assert servers.database_url().render_as_string() == "sqlite://"
    assert servers.redis_url() is None
    assert set(servers.which_stores().values()) == {
        "fakeredis, in memory",
        "MockMemcacheClient, in memory",
        "mongomock, in memory",
        "sqlite, in memory",
    }


def test_empty_variable_means_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "  ")
    assert isinstance(servers.redis_client(), fakeredis.FakeRedis)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts, so the tests of unreachable servers take a second, not many."""
    monkeypatch.setattr(servers, "CONNECT_TIMEOUT_S", 0.5)
    monkeypatch.setattr(servers, "OPERATION_TIMEOUT_S", 0.5)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose server accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def closed_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


SERVER_URLS = {
    "REDIS_URL": ("redis://127.0.0.1:{port}/0", servers.redis_client),
    "MEMCACHED_SERVERS": ("127.0.0.1:{port}", servers.memcached_client),
    "MONGODB_URL": ("mongodb://127.0.0.1:{port}", servers.mongo_client),
    "DATABASE_URL": ("postgresql://u@127.0.0.1:{port}/course", servers.database_url),
}


@pytest.mark.parametrize("variable", SERVER_URLS)
@pytest.mark.parametrize("server", ["silent", "closed"])
def test_unreachable_servers_fail_fast_by_name(
    monkeypatch: pytest.MonkeyPatch, quick: None, request: pytest.FixtureRequest, variable, server
) -> None:
    port = request.getfixturevalue(f"{server}_port")
    template, call = SERVER_URLS[variable]
    monkeypatch.setenv(variable, template.format(port=port))
    started = time.monotonic()
    with pytest.raises(servers.StoreUnreachable, match=variable):
        call()
    # libpq's connect_timeout is whole seconds, at least 2.
    assert time.monotonic() - started < 4.5


def test_redis_url_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")
    assert servers.which_stores()["redis"] == "real server (REDIS_URL)"
    assert servers.redis_url() == "redis://127.0.0.1:6390/2"


def test_real_clients_have_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redis.Redis, "ping", lambda self: True)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")
    client = servers.redis_client()
    assert type(client) is redis.Redis
    kwargs = client.connection_pool.connection_kwargs
    assert kwargs["port"] == 6390 and kwargs["socket_timeout"] == servers.OPERATION_TIMEOUT_S
    assert kwargs["socket_connect_timeout"] == servers.CONNECT_TIMEOUT_S


def test_memcached_one_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Client, "version", lambda self: b"1.6")
    monkeypatch.setenv("MEMCACHED_SERVERS", "127.0.0.1:11299")
    client = servers.memcached_client()
    assert isinstance(client, Client) and client.server == ("127.0.0.1", 11299)
    assert client.default_noreply is False, "writes must wait for the server's answer"


def test_memcached_several_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Client, "version", lambda self: b"1.6")
    monkeypatch.setenv("MEMCACHED_SERVERS", "127.0.0.1:1, 127.0.0.1:2")
    assert isinstance(servers.memcached_client(), HashClient)
    assert servers.memcached_servers() == [("127.0.0.1", 1), ("127.0.0.1", 2)]


def test_database_url_postgresql_stays_in_the_course_schema() -> None:
    url = servers.parse_database_url("postgresql://u:pw@127.0.0.1:5432/course")
    assert url.drivername == "postgresql+psycopg" and url.database == "course"
    options = url.query["options"]
    assert f"search_path={servers.COURSE_SCHEMA} " in options
    assert "statement_timeout=" in options and int(url.query["connect_timeout"]) >= 2


def test_which_stores_does_not_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw@127.0.0.1:1/course")
    assert servers.which_stores()["sql"] == "postgresql (DATABASE_URL)"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("sqlite://", True),
        ("sqlite:///flask_course_06.db", True),
        ("sqlite:////home/me/app.db", False),
        ("mysql+pymysql://root:123@127.0.0.1:3306/fssa", False),
    ],
)
def test_database_url_accepts_only_what_the_course_can_own(value: str, accepted: bool) -> None:
    if accepted:
        assert servers.parse_database_url(value).get_backend_name() == "sqlite"
    else:
        with pytest.raises(servers.StoreConfigError, match="DATABASE_URL"):
            servers.parse_database_url(value)


@pytest.mark.parametrize(
    ("variable", "value", "call"),
    [
        ("REDIS_URL", "127.0.0.1:6379", servers.redis_client),
        ("REDIS_URL", "localhost", servers.redis_url),
        ("MEMCACHED_SERVERS", "localhost", servers.memcached_client),
        ("MEMCACHED_SERVERS", "localhost:port", servers.memcached_client),
        ("MONGODB_URL", "http://127.0.0.1", servers.mongo_client),
        ("DATABASE_URL", "not a url", servers.database_url),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, call
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(servers.StoreConfigError, match=variable):
        call()
