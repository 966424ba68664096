"""Settings: production fails loudly when something is forgotten, never falls back to
development, and `manage.py check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ecirkel.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "ecirkel.example.se",
    # Never connected to: the checks below do not touch the database.
    "DATABASE_URL": "postgres://ecirkel@db.example.se:5432/ecirkel",
}
# Variables the commands below must not inherit from the shell that runs the tests.
CONFIGURATION = {
    *PRODUCTION_ENV,
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "ALLOW_SQLITE_IN_PRODUCTION",
    "REDIS_URL",
    "TRUSTED_PROXY_COUNT",
}


def run(*args, env):
    clean = {
        key: value for key, value in os.environ.items() if key not in CONFIGURATION
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def manage(*args, env):
    return run("manage.py", *args, env=env)


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["dev-only-insecure-key-do-not-use-in-production", "test-only-secret-key"],
)
def test_production_refuses_a_secret_key_committed_to_the_repository(key):
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is a key committed to the repository" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {**PRODUCTION_ENV, "DATABASE_URL": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the DATABASE_URL environment variable" in result.stderr


@pytest.mark.parametrize("hosts", ["", " , ", ","])
def test_production_refuses_empty_allowed_hosts_with_a_clear_message(hosts):
    result = manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_production_refuses_sqlite_unless_it_is_explicitly_allowed(tmp_path):
    sqlite = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    refused = manage("check", env=sqlite)
    assert refused.returncode != 0
    assert "PostgreSQL" in refused.stderr
    assert "ALLOW_SQLITE_IN_PRODUCTION=1" in refused.stderr

    allowed = manage("check", env={**sqlite, "ALLOW_SQLITE_IN_PRODUCTION": "1"})
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.parametrize("module", ["ecirkel.wsgi", "ecirkel.asgi"])
def test_the_web_server_entry_points_refuse_to_start_without_a_settings_module(
    module,
):
    result = run("-c", f"import {module}", env={})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set DJANGO_SETTINGS_MODULE" in result.stderr
    assert "ecirkel.settings.production" in result.stderr


@pytest.mark.parametrize("module", ["ecirkel.wsgi", "ecirkel.asgi"])
def test_the_web_server_entry_points_start_with_production_settings(module):
    code = (
        f"import {module} as entry; from django.conf import settings; "
        "print(entry.application is not None, settings.DEBUG)"
    )
    result = run("-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_manage_py_refuses_to_run_without_a_settings_module():
    result = manage("check", env={})
    assert result.returncode != 0
    assert "Set DJANGO_SETTINGS_MODULE" in result.stderr
    assert "ecirkel.settings.dev" in result.stderr  # tells a developer what to do


def test_manage_py_runs_with_settings_named_on_the_command_line():
    result = manage("check", "--settings=ecirkel.settings.dev", env={})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_wagtails_form_pages_and_embeds_are_not_installed():
    """Nothing uses them (no form page, no embed in any rich text's features); a
    database made while they were installed keeps their empty tables, unused."""
    from django.conf import settings

    assert not {"wagtail.contrib.forms", "wagtail.embeds"} & set(
        settings.INSTALLED_APPS
    )


@pytest.mark.parametrize(
    "key", ["short-but-random-Zq8", "ab" * 30, "django-insecure-" + "k3Y9x" * 10]
)
def test_production_refuses_a_weak_secret_key(key):
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize(("proxies", "believed"), [("1", "True"), ("0", "False")])
def test_the_forwarded_port_is_believed_only_behind_a_proxy(proxies, believed):
    env = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": proxies}
    result = run(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.USE_X_FORWARDED_PORT)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == believed
