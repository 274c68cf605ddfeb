"""Where statements go: the Learning Record Store's address and credentials.

Environment variables win over the file, one field at a time, so a lab image
can set the endpoint for everyone while each user keeps their own password.
The file is written readable by its owner only (0600), atomically, and the
password is never printed: `describe()` masks it.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from game.i18n import _
from game.store.db import APP_NAME, StoreError
from game.store.lrs_http import redact
from game.store.xapi import DEFAULT_HOMEPAGE, XAPI_VERSION, Identity

CONFIG_FILENAME = "lrs.json"
ENV = {
    "endpoint": "RAPPORT_LRS_ENDPOINT",
    "username": "RAPPORT_LRS_USERNAME",
    "password": "RAPPORT_LRS_PASSWORD",
    "homepage": "RAPPORT_LRS_HOMEPAGE",
}


class ConfigError(StoreError):
    """The LRS settings are unusable (bad address, unreadable file)."""


def config_dir() -> Path:
    """`RAPPORT_CONFIG_DIR`, else the platform's user config folder."""
    env = os.environ.get("RAPPORT_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILENAME


def check_endpoint(endpoint: str, *, allow_userinfo: bool = False) -> str:
    """The xAPI base URL without a trailing slash; only http(s), and no user:password@ unless allowed."""
    endpoint = endpoint.strip()
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(_("the LRS endpoint must be an http:// or https:// address, not {endpoint}")
                          .format(endpoint=repr(redact(endpoint))))
    if "@" in parts.netloc and not allow_userinfo:
        raise ConfigError(_("the LRS endpoint {endpoint} holds a user name or password; give the address without"
                            " them and pass --username (the password is asked for, then stored hidden)")
                          .format(endpoint=repr(redact(endpoint))))
    return endpoint.rstrip("/")


def split_userinfo(endpoint: str) -> tuple[str, str | None, str | None]:
    """(endpoint without user:password@, user, password): an old setting's credentials never reach a message."""
    parts = urlsplit(endpoint)
    if "@" not in parts.netloc:
        return endpoint, None, None
    host = parts.netloc.rsplit("@", 1)[1]
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return bare, user, password


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str
    username: str
    password: str
    homepage: str = DEFAULT_HOMEPAGE
    source: str = ""  # where the settings came from, for messages

    @property
    def statements_url(self) -> str:
        return self.endpoint + "/statements"

    @property
    def identity(self) -> Identity:
        return Identity(homepage=self.homepage)

    def headers(self) -> dict[str, str]:
        """What every request to the LRS carries: the xAPI version and, when set, Basic credentials."""
        headers = {"X-Experience-API-Version": XAPI_VERSION, "User-Agent": "Rapport"}
        if self.username or self.password:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
            headers["Authorization"] = "Basic " + token
        return headers

    def describe(self) -> str:
        pw = "(set, hidden)" if self.password else "(none)"
        return (
            f"endpoint: {self.endpoint}\nusername: {self.username or '(none)'}\n"
            f"password: {pw}\nlearner homePage: {self.homepage}\nfrom: {self.source}"
        )

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"LrsConfig(endpoint={self.endpoint!r}, username={self.username!r}, password='***')"


def _read_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(_("cannot read the LRS settings in {path} ({reason}); fix the file, or delete it "
                            "and run `rapport lrs configure` again").format(path=path, reason=exc)) from exc
    if not isinstance(data, dict):
        raise ConfigError(_("{path} should hold a JSON object; fix the file, or delete it "
                            "and run `rapport lrs configure` again").format(path=path))
    return {k: str(v) for k, v in data.items() if k in ENV and v is not None}


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> LrsConfig | None:
    """The LRS settings, or None when no endpoint is configured anywhere."""
    env = os.environ if env is None else env
    path = path or config_path()
    values = _read_file(path)
    sources = {k: str(path) for k in values}
    for key, var in ENV.items():
        if env.get(var):
            values[key] = env[var]
            sources[key] = var
    if not values.get("endpoint"):
        return None
    endpoint, url_user, url_password = split_userinfo(check_endpoint(values["endpoint"], allow_userinfo=True))
    return LrsConfig(
        endpoint=endpoint,
        username=values.get("username") or url_user or "",
        password=values.get("password") or url_password or "",
        homepage=values.get("homepage") or DEFAULT_HOMEPAGE,
        source=", ".join(sorted(set(sources.values()))),
    )


def identity(env: Mapping[str, str] | None = None) -> Identity:
    """The identity statements are written with; the default when nothing is configured."""
    try:
        cfg = load_config(env)
    except ConfigError:
        return Identity()
    return cfg.identity if cfg else Identity()


def save_config(endpoint: str, username: str, password: str, *, homepage: str | None = None,
                path: Path | None = None) -> Path:
    """Write the settings file with mode 0600 (created that way, never briefly world-readable)."""
    path = path or config_path()
    data = {"endpoint": check_endpoint(endpoint), "username": username, "password": password}
    if homepage:
        data["homepage"] = homepage
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lrs-", suffix=".json", dir=path.parent)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
