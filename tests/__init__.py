"""The test suite; helpers its modules share."""


def in_a_virtualenv(path):
    """Whether `path` lies in one of the checkout's virtual environments (.venv, .venv-3.13)."""
    return any(part.startswith(".venv") for part in path.parts)
