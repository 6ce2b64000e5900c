"""Against CI's real servers (skipped without their variables): the course keeps to its own.

Run by `.ci/run` inside `.ci/with-servers`; locally:
`bash .ci/with-servers postgres -- .venv/bin/python -m pytest tests/test_servers_real.py`.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy

from helpers import servers

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="DATABASE_URL is not a PostgreSQL server",
)


def plain_engine() -> sqlalchemy.Engine:
    """An engine on DATABASE_URL without the course's options: what a learner's app sees."""
    url = sqlalchemy.make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+psycopg")
    return sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)


@needs_postgres
def test_drop_all_cannot_reach_a_learners_table() -> None:
    learner = plain_engine()
    with learner.begin() as connection:
        connection.execute(sqlalchemy.text("CREATE TABLE IF NOT EXISTS public.users (id int)"))
        connection.execute(sqlalchemy.text("INSERT INTO public.users VALUES (1)"))
    metadata = sqlalchemy.MetaData()
    sqlalchemy.Table("users", metadata, sqlalchemy.Column("id", sqlalchemy.Integer))
    course = sqlalchemy.create_engine(servers.database_url())
    metadata.drop_all(course)
    metadata.create_all(course)
    metadata.drop_all(course)
    with course.connect() as connection:
        schema = connection.execute(sqlalchemy.text("SELECT current_schema()")).scalar()
    course.dispose()
    with learner.begin() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT count(*) FROM public.users")).scalar()
        connection.execute(sqlalchemy.text("DROP TABLE public.users"))
    assert schema == servers.COURSE_SCHEMA
    assert rows == 1


@needs_postgres
def test_only_the_course_schema_is_dropped() -> None:
    servers.database_url()  # creates the schema
    assert servers.drop_course_schema() is True
    assert servers.drop_course_schema() is False
    with plain_engine().begin() as connection:
        connection.execute(sqlalchemy.text(f"CREATE SCHEMA {servers.COURSE_SCHEMA}"))
    try:
        with pytest.raises(servers.StoreConfigError, match="not created by the course"):
            servers.drop_course_schema()
    finally:
        with plain_engine().begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP SCHEMA {servers.COURSE_SCHEMA}"))
    servers.database_url()  # leave the course's schema for the notebooks
