"""Panels this app adds to the signed-in user's dashboard at /<lang>/my/."""


def panels(request) -> list[dict]:
    """A list of {"template": ..., "context": {...}} to render, in order."""
    return []
