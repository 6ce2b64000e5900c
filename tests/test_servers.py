"""The store chooser: fakes by default, real clients for each variable, clear errors."""

from __future__ import annotations

import fakeredis
import mongomock
import pymongo
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


def test_redis_url_gives_a_real_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")
    client = servers.redis_client()
    assert type(client) is redis.Redis
    assert client.connection_pool.connection_kwargs["port"] == 6390
    assert servers.which_stores()["redis"] == "real server (REDIS_URL)"
    assert servers.redis_url() == "redis://127.0.0.1:6390/2"


def test_memcached_one_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMCACHED_SERVERS", "127.0.0.1:11299")
    client = servers.memcached_client()
    assert isinstance(client, Client) and client.server == ("127.0.0.1", 11299)
    assert client.default_noreply is False, "writes must wait for the server's answer"


def test_memcached_several_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMCACHED_SERVERS", "127.0.0.1:1, 127.0.0.1:2")
    assert isinstance(servers.memcached_client(), HashClient)
    assert servers.memcached_servers() == [("127.0.0.1", 1), ("127.0.0.1", 2)]


def test_mongodb_url_gives_a_real_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGODB_URL", "mongodb://127.0.0.1:27999")
    client = servers.mongo_client()  # connects lazily: no server needed here
    assert isinstance(client, pymongo.MongoClient)
    client.close()


def test_database_url_postgresql_uses_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw@127.0.0.1:5432/course")
    url = servers.database_url()
    assert url.drivername == "postgresql+psycopg" and url.database == "course"
    assert servers.which_stores()["sql"] == "postgresql (DATABASE_URL)"


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
