import uuid

from django.db import models

from foundation.files import PrivateFile
from foundation.uploads import private_storage


class StoredFile(PrivateFile):
    """A private file of forums, reached by a random public id rather than its row id.

    The file is kept under a random name (foundation.uploads); its sha256 is
    recorded when it is checked.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, max_length=200, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True

    @property
    def stored_name(self) -> str:
        """The file's name in the private storage (its field was called so before)."""
        return self.file.name
