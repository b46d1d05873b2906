"""What an upload test finds on disk, in one place for every app's tests."""

from pathlib import Path


def files_on_disk(root: Path) -> list[Path]:
    """Every file under `root`, sorted; none when nothing was ever stored there."""
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def names_on_disk(root: Path) -> list[str]:
    """The files under `root` as the storage names them (relative, sorted)."""
    return [str(path.relative_to(root)) for path in files_on_disk(root)]
