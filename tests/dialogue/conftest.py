import pytest

from tests.dialogue.factories import make_delegate


@pytest.fixture
def requester(db):
    """The delegate of Senegal who submits the requests in these tests."""
    return make_delegate("requester@example.org", "SN")


@pytest.fixture
def colleague(db):
    """Another verified delegate of Senegal."""
    return make_delegate("colleague@example.org", "SN")


@pytest.fixture
def foreign_delegate(db):
    return make_delegate("foreign@example.org", "BR", language="es")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit():` runs the callbacks (the queued emails) when the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(autouse=True)
def private_storage(tmp_path, monkeypatch):
    """Uploads of these tests go to a temporary directory, not the real private storage."""
    from django.core.files.storage import FileSystemStorage

    from dialogue.models import RequestFile

    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(RequestFile._meta.get_field("file"), "storage", storage)
    return tmp_path / "private"
