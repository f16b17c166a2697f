"""The validating admission webhook: Flask over `rules.engine`, served by gunicorn with TLS.

    gunicorn -c python:webhook.gunicorn_conf 'webhook:create_app()'

Importing this package imports neither Flask, gunicorn, cryptography nor kubernetes (the CLI's
lint path stays quick); they are loaded by the functions that need them.
"""


def create_app(config=None):
    """The Flask application (see `webhook.app.create_app`)."""
    from webhook.app import create_app as _create_app
    return _create_app(config)


__all__ = ["create_app"]
