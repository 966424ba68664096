"""The addresses whose path carries a secret, in one place.

Each entry is a path prefix and how many path segments after it are secret: the
token of an invitation (users/onboarding_urls.py) and the ``<uidb64>/<token>`` of a
learner's or an editor's password-reset link (users/urls.py, ecirkel/urls.py).
ecirkel/logs.py cuts them out of the application's log lines and deploy/render.py
writes the same list into nginx's access-log map. Standard library only (render.py
loads this file by its path, without Django).
"""

SECRET_PATHS: tuple[tuple[str, int], ...] = (
    ("/konto/inbjudan/", 1),
    ("/konto/nytt-losenord/", 2),
    ("/admin/password_reset/confirm/", 2),
)


def nginx_log_map() -> str:
    """The entries of nginx's ``map $request_uri $ecirkel_log_path``: a secret path
    with its secret segments replaced by REDACTED, any other without its query."""
    lines = []
    for prefix, count in SECRET_PATHS:
        secret = "/".join(["[^/?]+"] * count)
        redacted = "/".join(["REDACTED"] * count)
        pattern = f"~^(?<keep>{prefix}){secret}(?<rest>[^?]*)"
        lines.append(f'    "{pattern}" "${{keep}}{redacted}${{rest}}";')
    lines.append('    "~^(?<path>[^?]*)" $path;')
    return "\n".join(lines)
